"""The demo stack: a connector whose version 2.0.0 is drafted from 1.0.0, published and made the default, a
connection holding a secret API key, and a connector imported from the public library."""

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
    ImportedConnector,
    ImportedConnectorArgs,
)
from versori_pulumi.inputs import (
    ApiKeyAuthSchemeConfigArgs,
    ConnectionCredentialArgs,
    ConnectionCredentialsArgs,
    ConnectionVariableArgs,
    StringCredentialArgs,
)
from versori_pulumi.lookups import get_library_connector

config = pulumi.Config()
acme_key = config.get_secret("acmeApiKey") or pulumi.Output.secret("demo-acme-key")
# A lookup by name, run at preview and up alike: a plain value, known at preview (no ULID in config).
library_connector = get_library_connector("Slack").id

api_key_scheme = ApiKeyAuthSchemeConfigArgs(description="Acme API key header", name="X-Api-Key", in_="header")

acme = Connector(
    "acme",
    ConnectorArgs(
        name="Acme Orders",
        base_url="https://api.acme.example",
        documentation_url="https://docs.acme.example",
        tags={"team": ["platform"], "env": ["demo"]},
        categories=["eCommerce"],
        connection_variables=[ConnectionVariableArgs(name="region", value="eu-west-1")],
        auth_scheme_configs=[api_key_scheme],
    ),
)

v1 = ConnectorVersion(
    "acme-1-0-0",
    ConnectorVersionArgs(
        connector_id=acme.connector_id,
        name="1.0.0",
        description="First release",
        published=True,
        force_delete=True,  # published versions are kept on delete unless this is set (the demo tears down)
    ),
)

v2 = ConnectorVersion(
    "acme-2-0-0",
    ConnectorVersionArgs(
        connector_id=acme.connector_id,
        name="2.0.0",
        from_version="1.0.0",
        description="Orders v2",
        published=True,
        force_delete=True,
    ),
    opts=pulumi.ResourceOptions(depends_on=[v1]),
)

# One owner for the connector's default: promoting a release is a one-line change of `version`.
ConnectorDefaultVersion("acme-default", ConnectorDefaultVersionArgs(connector_id=acme.connector_id, version=v2))

production = Connection(
    "acme-production",
    ConnectionArgs(
        connector_id=acme.connector_id,
        name="production",
        variables=[ConnectionVariableArgs(name="region", value="eu-west-1")],
        credentials=ConnectionCredentialsArgs(
            action=[
                ConnectionCredentialArgs(
                    auth_scheme_config=acme.auth_scheme_configs[0],
                    credential=StringCredentialArgs(name="acme-prod-key", value=acme_key),
                )
            ]
        ),
    ),
)

slack = ImportedConnector("slack", ImportedConnectorArgs(library_connector_id=library_connector, version="latest"))

pulumi.export("connector_id", acme.connector_id)
pulumi.export("default_version", v2.name)
pulumi.export("connection_id", production.connection_id)
pulumi.export("imported_connector", slack.name)
