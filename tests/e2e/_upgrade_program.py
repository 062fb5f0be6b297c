"""A stack as a 0.1 user wrote it (camelCase dicts, a credentials dict built with apply), run by the 0.1 code
(``python -m e2e._upgrade_program <base_dir> <base_url> <org> <key>`` with 0.1's package first on PYTHONPATH)
or by the current code, on the same file backend: what an upgrade meets."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path

from pulumi import automation as auto

from e2e.harness import StackFactory, pulumi_command

LIBRARY_SLACK_ID = "01J6R0G000HXKZG9XMP4TS7XR0"  # versori_pulumi.emulator.LIBRARY_SLACK_ID (0.1 has it too)


def program() -> Callable[[], None]:
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


def stack(factory: StackFactory, base_url: str, org: str, key: str) -> auto.Stack:
    return factory.create(
        program(),
        project_name="versori-upgrade",
        stack_name="old",
        config={"versori:baseUrl": base_url, "versori:organisationId": org},
        secrets={"versori:apiKey": key},
    )


def main(argv: list[str]) -> int:
    base_dir, base_url, org, key = argv
    result = stack(StackFactory(Path(base_dir), pulumi_command()), base_url, org, key).up()
    print(f"0.1 up: {result.summary.resource_changes}", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
