"""A connector with an API-key auth scheme, its version 1.0.0 published and made the default, and a connection
holding the key as a secret."""

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
    StringCredentialArgs,
)

acme = Connector(
    "acme",
    ConnectorArgs(
        name="Acme",
        base_url="https://api.acme.example",
        auth_scheme_configs=[ApiKeyAuthSchemeConfigArgs(description="key", name="X-Api-Key", in_="header")],
    ),
)
v1 = ConnectorVersion(
    "acme-1-0-0",
    # force_delete: a published version is kept on delete unless this is set (so `pulumi destroy` removes it).
    ConnectorVersionArgs(connector_id=acme.connector_id, name="1.0.0", published=True, force_delete=True),
)
ConnectorDefaultVersion("acme-default", ConnectorDefaultVersionArgs(connector_id=acme.connector_id, version=v1))
production = Connection(
    "production",
    ConnectionArgs(
        connector_id=acme.connector_id,
        name="production",
        credentials=ConnectionCredentialsArgs(
            action=[
                ConnectionCredentialArgs(
                    auth_scheme_config=acme.auth_scheme_configs[0],  # a typed output, passed on as it is
                    credential=StringCredentialArgs(name="acme-key", value=pulumi.Config().require_secret("acmeKey")),
                )
            ]
        ),
    ),
)

pulumi.export("connector_id", acme.connector_id)
pulumi.export("connection_id", production.connection_id)
