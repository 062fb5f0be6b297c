"""Programs for the fault-injection tests, importable by a child process so an ``up`` can be killed part way.

``python -m e2e._fault_programs <base_dir> <stack> <base_url> <org> <key> <n>`` (with the tests folder on
PYTHONPATH) runs ``up`` of :func:`fleet` on the stack under ``base_dir``, as the parent test would: same project,
same file backend, same settings. The parent kills it mid-way and then works on the same stack.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pulumi
from pulumi import automation as auto

from e2e.harness import StackFactory, pulumi_command

PROJECT = "versori-faults"


def fleet(n: int, adopt: frozenset[str] = frozenset()) -> Callable[[], None]:
    """N independent connectors, each with a draft version and a connection (3N resources, no shared parent).

    ``adopt`` names the logical resources (``c0``, ``v0``, ``conn0``...) that take over an existing object of their
    natural key (``adopt_existing``), the documented remedy when a create finds its name taken.
    """

    def run() -> None:
        from versori_pulumi import (
            Connection,
            ConnectionArgs,
            Connector,
            ConnectorArgs,
            ConnectorVersion,
            ConnectorVersionArgs,
        )
        from versori_pulumi.inputs import (
            ApiKeyAuthSchemeConfigArgs,
            ConnectionCredentialArgs,
            ConnectionCredentialsArgs,
            StringCredentialArgs,
        )

        for i in range(n):
            connector = Connector(
                f"c{i}",
                ConnectorArgs(
                    name=fleet_name(i),
                    base_url="https://api.fleet.test",
                    auth_scheme_configs=[ApiKeyAuthSchemeConfigArgs(description="key", name="X-Api-Key", in_="header")],
                    adopt_existing=fleet_name(i) if f"c{i}" in adopt else None,
                ),
            )
            ConnectorVersion(
                f"v{i}",
                ConnectorVersionArgs(
                    connector_id=connector.connector_id,
                    name="1.0.0",
                    adopt_existing="1.0.0" if f"v{i}" in adopt else None,
                ),
            )
            Connection(
                f"conn{i}",
                ConnectionArgs(
                    connector_id=connector.connector_id,
                    name="production",
                    adopt_existing="production" if f"conn{i}" in adopt else None,
                    credentials=ConnectionCredentialsArgs(
                        action=[
                            ConnectionCredentialArgs(
                                auth_scheme_config=connector.auth_scheme_configs[0],
                                credential=StringCredentialArgs(
                                    name="key", value=pulumi.Config().require_secret("fleetKey")
                                ),
                            )
                        ]
                    ),
                ),
            )

    return run


def fleet_name(i: int) -> str:
    return f"fleet-{i:02d}"


def fleet_stack(
    factory: StackFactory, stack_name: str, base_url: str, org: str, key: str, n: int, *, owned: bool = False
) -> auto.Stack:
    """The fleet stack, configured for one emulator (the credential value is a secret config value); ``owned``
    turns on the large-stack mode (``versori:adoptOwned``)."""
    owned_config = {"versori:adoptOwned": "true"} if owned else {}
    return factory.create(
        fleet(n),
        project_name=PROJECT,
        stack_name=stack_name,
        config={"versori:baseUrl": base_url, "versori:organisationId": org, **owned_config},
        secrets={"versori:apiKey": key, f"{PROJECT}:fleetKey": fleet_secret(key)},
    )


def fleet_secret(key: str) -> str:
    """The credential value the fleet's connections carry (derived, so parent and child agree)."""
    return f"fleet-credential-{key[::-1]}"


def main(argv: list[str]) -> int:
    base_dir, stack_name, base_url, org, key, n = argv
    factory = StackFactory(Path(base_dir), pulumi_command())
    owned = os.environ.get("VERSORI_FLEET_OWNED") == "1"
    stack = fleet_stack(factory, stack_name, base_url, org, key, int(n), owned=owned)
    result: Any = stack.up(on_output=lambda line: print(line, flush=True))
    print(f"child up finished: {result.summary.result}", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
