"""Stacks as users of earlier releases wrote them, run by that release's code
(``python -m e2e._upgrade_program <release> <base_dir> <base_url> <org> <key>`` with its package first on
PYTHONPATH) or by the current code, on the same file backend: what an upgrade meets.

- ``0.1``: camelCase dicts, a credentials dict built with apply, ``default`` on the version.
- ``0.2``: every resource kind as 0.2 declares it (typed nested inputs, a version's contents, the default-version
  pointer, a BigQuery connector and its connection): the state the layout change of issue 9 must keep reading.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from pulumi import automation as auto

from e2e.harness import StackFactory, pulumi_command

LIBRARY_SLACK_ID = "01J6R0G000HXKZG9XMP4TS7XR0"  # versori_pulumi.emulator.LIBRARY_SLACK_ID (0.1 has it too)


def program_0_1() -> Callable[[], None]:
    def run() -> None:
        import pulumi

        import versori_pulumi as v

        c = v.Connector(
            "acme",
            v.ConnectorArgs(
                name="Acme",
                base_url="https://a.test",
                tags={"t": ["x"]},
                categories=["CRM"],
                auth_scheme_configs=[
                    {"schemeType": "api-key", "description": "key", "name": "X-Api-Key", "in": "header"}
                ],
            ),
        )
        v.ConnectorVersion(
            "v1", v.ConnectorVersionArgs(connector_id=c.connector_id, name="1.0.0", published=True, force_delete=True)
        )
        v.Connection(
            "prod",
            v.ConnectionArgs(
                connector_id=c.connector_id,
                name="production",
                variables=[{"name": "r", "value": "eu"}],
                credentials=pulumi.Output.all(c.auth_scheme_configs).apply(
                    lambda a: {
                        "action": [
                            {
                                "authSchemeConfig": a[0][0],
                                "credential": {"name": "k", "type": "string", "data": {"value": "s3cret-value"}},
                            }
                        ]
                    }
                ),
            ),
        )
        v.ImportedConnector("slack", v.ImportedConnectorArgs(library_connector_id=LIBRARY_SLACK_ID))

    return run


def program_0_2() -> Callable[[], None]:
    def run() -> None:
        import pulumi

        import versori_pulumi as v
        from versori_pulumi import inputs as i

        acme = v.Connector(
            "acme",
            v.ConnectorArgs(
                name="Acme",
                base_url="https://a.test",
                documentation_url="https://docs.a.test",
                tags={"t": ["x"]},
                categories=["CRM"],
                connection_variables=[i.ConnectionVariableArgs(name="region", value="eu")],
                auth_scheme_configs=[i.ApiKeyAuthSchemeConfigArgs(description="key", name="X-Api-Key", in_="header")],
            ),
        )
        v1 = v.ConnectorVersion(
            "v1",
            v.ConnectorVersionArgs(
                connector_id=acme.connector_id,
                name="1.0.0",
                description="first",
                published=True,
                force_delete=True,
                definitions={"Contact": i.DefinitionArgs(schema={"type": "object", "properties": {"id": {}}})},
                actions={
                    "getContact": i.ActionArgs(
                        method="GET",
                        path="/contacts",
                        responses=[i.ResponseArgs(status=200, definitions=["Contact"])],
                    )
                },
            ),
        )
        v.ConnectorVersion(
            "v2",
            v.ConnectorVersionArgs(connector_id=acme.connector_id, name="2.0.0", from_version="1.0.0"),
            opts=pulumi.ResourceOptions(depends_on=[v1]),
        )
        v.ConnectorDefaultVersion(
            "acme-default", v.ConnectorDefaultVersionArgs(connector_id=acme.connector_id, version=v1)
        )
        v.Connection(
            "prod",
            v.ConnectionArgs(
                connector_id=acme.connector_id,
                name="production",
                variables=[i.ConnectionVariableArgs(name="region", value="eu")],
                credentials=i.ConnectionCredentialsArgs(
                    action=[
                        i.ConnectionCredentialArgs(
                            auth_scheme_config=acme.auth_scheme_configs[0],
                            credential=i.StringCredentialArgs(name="k", value=pulumi.Output.secret("s3cret-value")),
                        )
                    ]
                ),
            ),
        )
        v.ImportedConnector("slack", v.ImportedConnectorArgs(library_connector_id=LIBRARY_SLACK_ID))
        warehouse = v.BigQueryConnector(
            "warehouse",
            v.BigQueryConnectorArgs(
                name="Warehouse",
                dataset_id="acme-data.sales",
                auth_scheme_configs=[i.GoogleServiceAccountAuthSchemeConfigArgs(description="service account")],
            ),
        )
        v.Connection(
            "analytics",
            v.ConnectionArgs(
                connector_id=warehouse.connector_id,
                name="analytics",
                credentials=i.ConnectionCredentialsArgs(
                    action=[
                        i.ConnectionCredentialArgs(
                            auth_scheme_config=warehouse.auth_scheme_configs[0],
                            credential=i.BinaryCredentialArgs(name="sa-key", value_base64="eyJ0eXBlIjogInNhIn0="),
                        )
                    ]
                ),
            ),
        )

    return run


def program_0_2_schemes() -> Callable[[], None]:
    """0.2's state of every HTTP auth scheme type (OAuth 2.0 with each grant, client secrets included) and a
    connection for each credential type that fits one (the connections' copies of the configs too)."""

    def run() -> None:
        import pulumi

        import versori_pulumi as v
        from versori_pulumi import inputs as i

        oauth = {"authorize_url": "https://a.test/authorize", "token_url": "https://a.test/token"}
        acme = v.Connector(
            "schemes",
            v.ConnectorArgs(
                name="Schemes",
                base_url="https://a.test",
                force_delete=True,
                auth_scheme_configs=[
                    i.NoAuthSchemeConfigArgs(description="open"),
                    i.ApiKeyAuthSchemeConfigArgs(description="key", name="X-Api-Key", in_="header"),
                    i.BasicAuthSchemeConfigArgs(description="basic"),
                    i.OAuth2AuthSchemeConfigArgs(
                        description="app",
                        **oauth,
                        scopes=[i.OAuth2ScopeArgs(name="read", description="r"), i.OAuth2ScopeArgs(name="write")],
                        default_scopes=["read"],
                        grant=i.OAuth2AuthorizationCodeGrantArgs(client_id="app-id", client_secret="app-s3cret"),
                    ),
                    i.OAuth2AuthSchemeConfigArgs(
                        description="machine", **oauth, grant=i.OAuth2ClientCredentialsGrantArgs()
                    ),
                    i.OAuth2AuthSchemeConfigArgs(
                        description="legacy",
                        **oauth,
                        grant=i.OAuth2PasswordGrantArgs(client_id="pw-id", client_secret="pw-s3cret"),
                    ),
                    i.HmacAuthSchemeConfigArgs(
                        description="hooks", name="X-Sig", in_="header", algorithm="sha256", digest_inputs=["body"]
                    ),
                    i.CertificateAuthSchemeConfigArgs(description="mtls"),
                ],
            ),
        )
        secret = pulumi.Output.secret
        credentials: dict[str, tuple[int, Any]] = {
            "none": (0, i.NoneCredentialArgs(name="none")),
            "key": (1, i.StringCredentialArgs(name="key", value=secret("key-s3cret"))),
            "basic": (2, i.BasicAuthCredentialArgs(name="basic", username="ann", password=secret("basic-s3cret"))),
            "code": (3, i.OAuth2CodeCredentialArgs(name="code", code=secret("code-s3cret"), state="st")),
            "client": (
                4,
                i.OAuth2ClientCredentialArgs(
                    name="client",
                    client_id="c",
                    client_secret=secret("c-s3cret"),
                    authorize_url="",
                    token_url=oauth["token_url"],
                ),
            ),
            "password": (5, i.OAuth2PasswordCredentialArgs(name="pw", username="bob", password=secret("pw2-s3cret"))),
            "token": (3, i.OAuth2TokenCredentialArgs(name="token", scopes=["read"])),
            "hmac": (6, i.BinaryCredentialArgs(name="hmac", value_base64="aG1hYw==")),
            "cert": (7, i.CertificateCredentialArgs(name="cert", certificate="C", key=secret("k-s3cret"), ca="CA")),
        }
        for name, (index, credential) in credentials.items():
            v.Connection(
                f"conn-{name}",
                v.ConnectionArgs(
                    connector_id=acme.connector_id,
                    name=name,
                    force_delete=True,
                    credentials=i.ConnectionCredentialsArgs(
                        action=[
                            i.ConnectionCredentialArgs(
                                auth_scheme_config=acme.auth_scheme_configs[index], credential=credential
                            )
                        ]
                    ),
                ),
            )

    return run


PROGRAMS: dict[str, Callable[[], Callable[[], None]]] = {
    "0.1": program_0_1,
    "0.2": program_0_2,
    "0.2-schemes": program_0_2_schemes,
    "pre-split": program_0_2_schemes,
    "defaults": program_0_2,
    "defaults-schemes": program_0_2_schemes,
}


def stack(factory: StackFactory, base_url: str, org: str, key: str, release: str = "0.1") -> auto.Stack:
    return factory.create(
        PROGRAMS[release](),
        project_name="versori-upgrade",
        stack_name=f"old-{release.replace('.', '-')}",
        config={"versori:baseUrl": base_url, "versori:organisationId": org},
        secrets={"versori:apiKey": key},
    )


def main(argv: list[str]) -> int:
    release, base_dir, base_url, org, key = argv
    result = stack(StackFactory(Path(base_dir), pulumi_command()), base_url, org, key, release).up()
    print(f"{release} up: {result.summary.resource_changes}", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
