"""The program shapes the benchmark runs, importable both by bench/run.py (inline programs) and by the generated
project folders of the user path (their ``__main__.py`` imports this module from bench/, on PYTHONPATH)."""

from __future__ import annotations

from collections.abc import Callable

__all__ = ["SHAPES", "empty_program", "null_program", "program"]


def program(n: int, face: str = "versori_pulumi") -> Callable[[], None]:
    """N connectors, each with an api-key auth scheme config, a draft version and a connection; ``face`` is the
    module of the resource classes (``pulumi_versori`` for the native face: the same Args)."""

    def run() -> None:
        import importlib

        import pulumi

        module = importlib.import_module(face)
        Connection, ConnectionArgs = module.Connection, module.ConnectionArgs
        Connector, ConnectorArgs = module.Connector, module.ConnectorArgs
        ConnectorVersion, ConnectorVersionArgs = module.ConnectorVersion, module.ConnectorVersionArgs
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
                    name=f"bench-{i:04d}",
                    base_url="https://api.bench.test",
                    auth_scheme_configs=[ApiKeyAuthSchemeConfigArgs(description="key", name="X-Api-Key", in_="header")],
                ),
            )
            ConnectorVersion(f"v{i}", ConnectorVersionArgs(connector_id=connector.connector_id, name="1.0.0"))
            Connection(
                f"conn{i}",
                ConnectionArgs(
                    connector_id=connector.connector_id,
                    name="production",
                    credentials=ConnectionCredentialsArgs(
                        action=[
                            ConnectionCredentialArgs(
                                auth_scheme_config=connector.auth_scheme_configs[0],
                                credential=StringCredentialArgs(name="key", value=pulumi.Output.secret(f"k{i}")),
                            )
                        ]
                    ),
                ),
            )

    return run


def null_program(n: int) -> Callable[[], None]:
    """The same shape as :func:`program` (N x connector, version on its id, connection consuming a nested output of
    the connector and a secret) with the null provider: the engine's floor."""

    def run() -> None:
        import pulumi

        from versori_pulumi.testing.null_provider import NullResource

        for i in range(n):
            config = {"schemeType": "api-key", "description": "key", "name": "X-Api-Key", "in": "header"}
            connector = NullResource(
                f"c{i}",
                {"name": f"bench-{i:04d}", "base_url": "https://api.bench.test", "auth_scheme_configs": [config]},
            )
            NullResource(f"v{i}", {"connector_id": connector.id, "name": "1.0.0"})
            credential = {"name": "key", "type": "string", "data": {"value": pulumi.Output.secret(f"k{i}")}}
            NullResource(
                f"conn{i}",
                {
                    "connector_id": connector.id,
                    "name": "production",
                    "credentials": pulumi.Output.secret(
                        {"action": [{"authSchemeConfig": connector.auth_scheme_configs[0], "credential": credential}]}
                    ),
                },
            )

    return run


def empty_program() -> None:
    """No resource: an ``up`` of this measures the engine, the language host and the Automation API alone."""


SHAPES: dict[str, Callable[[int], Callable[[], None]]] = {
    "versori": program,
    "native": lambda n: program(n, "pulumi_versori"),
    "null": null_program,
    "empty": lambda _n: empty_program,
}
"""The shapes by the name a project folder's ``bench:shape`` config gives."""
