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


PROGRAMS: dict[str, Callable[[], Callable[[], None]]] = {"0.1": program_0_1, "0.2": program_0_2}


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
