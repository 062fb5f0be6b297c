"""Promote connector versions as code: `stage` (config) walks 2.0.0 from draft to published to default.

pulumi config set stage draft      # 2.0.0 exists as a draft drafted from 1.0.0
pulumi config set stage published  # 2.0.0 is published; 1.0.0 stays the default
pulumi config set stage default    # 2.0.0 becomes the version `default` resolves to

The default is owned by one ConnectorDefaultVersion, so the promotion is the one-line diff `version: "1.0.0" =>
"2.0.0"` and no two versions can claim it.
"""

import pulumi

from versori_pulumi import (
    Connection,
    ConnectionArgs,
    Connector,
    ConnectorArgs,
    ConnectorDefaultVersion,
    ConnectorDefaultVersionArgs,
    ConnectorVersion,
    ConnectorVersionArgs,
)
from versori_pulumi.inputs import (
    ApiKeyAuthSchemeConfigArgs,
    ConnectionCredentialArgs,
    ConnectionCredentialsArgs,
    ConnectionVariableArgs,
    StringCredentialArgs,
)

config = pulumi.Config()
stage = config.get("stage") or "default"
if stage not in ("draft", "published", "default"):
    raise ValueError("config `stage` must be one of draft, published, default")
token = config.get_secret("billingToken") or pulumi.Output.secret("example-billing-token")

billing = Connector(
    "billing",
    ConnectorArgs(
        name=config.get("connectorName") or "Billing API",
        base_url="https://billing.example.com/v1",
        tags={"owner": ["payments"]},
        auth_scheme_configs=[
            ApiKeyAuthSchemeConfigArgs(description="Bearer token", name="Authorization", in_="header")
        ],
    ),
)

v1 = ConnectorVersion(
    "billing-1-0-0",
    ConnectorVersionArgs(
        connector_id=billing.connector_id,
        name="1.0.0",
        description="Initial release",
        published=True,
        force_delete=True,
    ),
)

v2 = ConnectorVersion(
    "billing-2-0-0",
    ConnectorVersionArgs(
        connector_id=billing.connector_id,
        name="2.0.0",
        from_version="1.0.0",
        description="Adds refunds",
        published=stage in ("published", "default"),
        force_delete=True,
    ),
    opts=pulumi.ResourceOptions(depends_on=[v1]),
)

default = ConnectorDefaultVersion(
    "billing-default",
    ConnectorDefaultVersionArgs(connector_id=billing.connector_id, version=v2 if stage == "default" else v1),
)

live = Connection(
    "billing-live",
    ConnectionArgs(
        connector_id=billing.connector_id,
        name="live",
        variables=[ConnectionVariableArgs(name="account", value="acme")],
        credentials=ConnectionCredentialsArgs(
            action=[
                ConnectionCredentialArgs(
                    auth_scheme_config=billing.auth_scheme_configs[0],
                    credential=StringCredentialArgs(name="billing-live-token", value=token),
                )
            ]
        ),
    ),
)

pulumi.export("connector_id", billing.connector_id)
pulumi.export("stage", stage)
pulumi.export("v2_published", v2.published)
pulumi.export("default_version", default.version)
pulumi.export("connection_id", live.connection_id)
