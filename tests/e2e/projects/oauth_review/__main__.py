"""An OAuth 2.0 authorization-code connector with a client secret and a connection on its config: what a review of a
scope change shows. `review:scope` is the default scope, `review:code` the connection's (secret) credential."""

import pulumi

import versori_pulumi as v
from versori_pulumi import inputs as i

config = pulumi.Config("review")
acme = v.Connector(
    "acme",
    v.ConnectorArgs(
        name="Reviewed",
        base_url="https://a.test",
        force_delete=True,
        auth_scheme_configs=[
            i.OAuth2AuthSchemeConfigArgs(
                description="app",
                authorize_url="https://o.test/authorize",
                token_url="https://o.test/token",
                scopes=[i.OAuth2ScopeArgs(name="read"), i.OAuth2ScopeArgs(name="write")],
                default_scopes=[config.require("scope")],
                grant=i.OAuth2AuthorizationCodeGrantArgs(client_id="app-id", client_secret="app-s3cret-value"),
            )
        ],
    ),
)
v.Connection(
    "prod",
    v.ConnectionArgs(
        connector_id=acme.connector_id,
        name="production",
        force_delete=True,
        credentials=i.ConnectionCredentialsArgs(
            action=[
                i.ConnectionCredentialArgs(
                    auth_scheme_config=acme.auth_scheme_configs[0],
                    credential=i.OAuth2CodeCredentialArgs(name="code", code=config.require_secret("code"), state="st"),
                )
            ]
        ),
    ),
)
