"""Release connector versions from OpenAPI documents: 1.0.0 from `crm-1.0.0.yaml`, then 1.1.0 from `crm.yaml`.

`stage` (config) walks the release:

pulumi config set stage 1.0.0     # the connector and 1.0.0 built from crm-1.0.0.yaml, published, the default
pulumi config set stage draft     # 1.1.0 drafted from 1.0.0: the same contents, not published
pulumi config set stage edit      # 1.1.0 takes the edited document, crm.yaml: the preview lists each change
pulumi config set stage released  # 1.1.0 published and promoted to the default, in one up
"""

from pathlib import Path

import pulumi

from versori_pulumi import (
    Connector,
    ConnectorArgs,
    ConnectorDefaultVersion,
    ConnectorDefaultVersionArgs,
    ConnectorVersion,
    ConnectorVersionArgs,
)
from versori_pulumi.openapi import read_openapi

STAGES = ("1.0.0", "draft", "edit", "released")
here = Path(__file__).parent
stage = pulumi.Config().get("stage") or "released"
if stage not in STAGES:
    raise ValueError(f"config `stage` must be one of {', '.join(STAGES)}")

released = read_openapi(here / "crm-1.0.0.yaml")
released.report("crm-1.0.0.yaml")  # the import's summary and warnings (with JSON Pointers) show in the preview
crm = Connector(
    "crm",
    ConnectorArgs(
        name=released.name,
        base_url=released.base_url,
        documentation_url=released.documentation_url,
        auth_scheme_configs=released.auth_scheme_configs,
    ),
)

v1 = ConnectorVersion(
    "crm-1-0-0",
    ConnectorVersionArgs(
        connector_id=crm.connector_id,
        name="1.0.0",
        description="Contacts",
        published=True,
        definitions=released.definitions,
        actions=released.actions,
        triggers=released.triggers,
        force_delete=True,  # the example tears down; published versions are otherwise kept on delete
    ),
)
default = v1

if stage != "1.0.0":
    source = "crm-1.0.0.yaml" if stage == "draft" else "crm.yaml"
    document = read_openapi(here / source)
    document.report(source)
    v11 = ConnectorVersion(
        "crm-1-1-0",
        ConnectorVersionArgs(
            connector_id=crm.connector_id,
            name="1.1.0",
            from_version="1.0.0",
            description="Contacts and deals",
            published=stage == "released",
            definitions=document.definitions,
            actions=document.actions,
            triggers=document.triggers,
            force_delete=True,
        ),
        opts=pulumi.ResourceOptions(depends_on=[v1]),
    )
    if stage == "released":
        default = v11

ConnectorDefaultVersion("crm-default", ConnectorDefaultVersionArgs(connector_id=crm.connector_id, version=default))

pulumi.export("connector_id", crm.connector_id)
pulumi.export("default_version", default.name)
