"""End to end: the real Pulumi CLI drives the real providers against the emulator through a whole lifecycle.

Proves what mocks cannot: preview runs only check/diff, the empty plan after apply (preview and refresh), update vs
replace as the engine shows it, refresh seeing out-of-band edits and deletes, the next up undoing them, adoption,
no secret in exported state, and destroy leaving the organisation empty.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import httpx
import pulumi
import pytest
from pulumi import automation as auto

from versori_pulumi.client import ConnectClient
from versori_pulumi.emulator import LIBRARY_SLACK_ID, EmulatorServer
from versori_pulumi.models import HTTPConnectorCreate

from .harness import StackFactory

pytestmark = pytest.mark.e2e

SECRET_VALUE = "acme-very-secret-credential-value"


def program(desired: dict[str, Any]) -> Callable[[], None]:
    """The stack under test; ``desired`` is read at every run, so a test edits it between runs."""

    def run() -> None:
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
            BasicAuthSchemeConfigArgs,
            ConnectionCredentialArgs,
            ConnectionCredentialsArgs,
            StringCredentialArgs,
        )

        connector = Connector(
            "acme",
            ConnectorArgs(
                name="Acme",
                base_url="https://api.acme.test",
                tags={"team": ["platform"]},
                categories=["CRM"],
                auth_scheme_configs=[
                    ApiKeyAuthSchemeConfigArgs(description="key", name="X-Api-Key", in_="header"),
                    BasicAuthSchemeConfigArgs(description="basic"),
                ],
            ),
        )
        v1 = ConnectorVersion(
            "v1",
            ConnectorVersionArgs(connector_id=connector.connector_id, name="1.0.0", published=True, force_delete=True),
        )
        v2 = ConnectorVersion(
            "v2",
            ConnectorVersionArgs(
                connector_id=connector.connector_id,
                name=desired["v2_name"],
                from_version="1.0.0",
                description=desired["v2_description"],
                published=True,
                force_delete=True,
            ),
            opts=pulumi.ResourceOptions(depends_on=[v1]),
        )
        ConnectorDefaultVersion("default", ConnectorDefaultVersionArgs(connector_id=connector.connector_id, version=v2))
        secret = pulumi.Config().require_secret("acmeKey")
        connection = Connection(
            "prod",
            ConnectionArgs(
                connector_id=connector.connector_id,
                name="production",
                variables=[{"name": "region", "value": "eu"}],
                credentials=ConnectionCredentialsArgs(
                    action=[
                        ConnectionCredentialArgs(
                            auth_scheme_config=connector.auth_scheme_configs[0],
                            credential=StringCredentialArgs(name="acme-key", value=secret),
                        )
                    ]
                ),
            ),
        )
        slack = ImportedConnector("slack", ImportedConnectorArgs(library_connector_id=LIBRARY_SLACK_ID))
        pulumi.export("connector_id", connector.connector_id)
        pulumi.export("v2_id", v2.version_id)
        pulumi.export("connection_id", connection.connection_id)
        pulumi.export("slack_id", slack.connector_id)

    return run


def make_stack(factory: StackFactory, emulator: EmulatorServer, fn: Callable[[], None], name: str) -> auto.Stack:
    return factory.create(
        fn,
        stack_name=name,
        config={"versori:baseUrl": emulator.base_url, "versori:organisationId": emulator.org_id},
        secrets={"versori:apiKey": emulator.api_key, "versori-e2e:acmeKey": SECRET_VALUE},
    )


def changes(summary: dict[str, int]) -> dict[str, int]:
    return {op: n for op, n in summary.items() if op != "same" and n}


def test_full_lifecycle(emulator: EmulatorServer, stack_factory: StackFactory) -> None:
    desired = {"v2_name": "2.0.0", "v2_description": "second"}
    stack = make_stack(stack_factory, emulator, program(desired), "lifecycle")
    api = ConnectClient(emulator.base_url, emulator.org_id, emulator.api_key)

    up = stack.up(on_output=print)
    assert changes(up.summary.resource_changes or {}) == {"create": 7}  # 6 resources + the stack
    outputs = {k: v.value for k, v in up.outputs.items()}
    connector = api.get_connector(outputs["connector_id"])
    assert [c.scheme_type for c in connector.auth_scheme_configs] == ["api-key", "basic-auth"]
    assert api.get_version(connector.id, "default").name == "2.0.0"
    assert api.get_version(connector.id, "latest").name == "2.0.0"
    assert (
        api.get_connection(connector.id, outputs["connection_id"]).credentials.action[0].credential.name == "acme-key"
    )
    assert sorted(c.name for c in api.list_connectors()) == ["Acme", "Slack"]

    # The empty plan after apply: preview and refresh both find nothing to do, and preview calls no API.
    emulator.reset()
    assert changes(stack.preview().change_summary) == {}
    assert emulator.stats() == {}
    assert changes(stack.refresh().summary.resource_changes or {}) == {}

    # A description edit is an in-place update of one version; a rename is a replacement.
    desired["v2_description"] = "second, edited"
    assert changes(stack.preview().change_summary) == {"update": 1}
    assert changes(stack.up().summary.resource_changes or {}) == {"update": 1}
    live = api.get_version(connector.id, "2.0.0")
    assert live.description == "second, edited" and live.published and live.is_default
    desired["v2_name"] = "2.1.0"
    assert changes(stack.preview().change_summary) == {"replace": 1, "update": 1}  # and the default follows
    desired["v2_name"] = "2.0.0"

    # Out-of-band edit and delete, seen by refresh and undone by the next up.
    raw = httpx.Client(base_url=emulator.base_url, headers={"Authorization": f"Bearer {emulator.api_key}"})
    body = raw.get(f"/o/{emulator.org_id}/connectors/{connector.id}").json()
    edit = {k: body[k] for k in ("id", "organisationId", "name", "protocol", "tags", "public")}
    assert raw.put(
        f"/o/{emulator.org_id}/connectors/{connector.id}", json={**edit, "baseUrl": "https://evil.test"}
    ).is_success
    path = f"/o/{emulator.org_id}/connectors/{connector.id}/connections/{outputs['connection_id']}"
    assert raw.delete(path, params={"force": "true"}).status_code == 204
    refreshed = changes(stack.refresh().summary.resource_changes or {})
    assert refreshed == {"update": 1, "delete": 1}, refreshed
    again = changes(stack.up().summary.resource_changes or {})
    assert again == {"update": 1, "create": 1}, again
    assert api.get_connector(connector.id).base_url == "https://api.acme.test"
    assert len(list(api.list_connections(connector.id))) == 1
    assert changes(stack.preview().change_summary) == {}

    # No secret in state: `pulumi stack export` (as a user runs it, without --show-secrets) holds neither the API key
    # nor the credential value in plain text. (The Automation API's export_stack passes --show-secrets.)
    ws = stack.workspace
    exported = ws.pulumi_command.run(["stack", "export", "--stack", stack.name], ws.work_dir, ws.env_vars).stdout
    assert json.loads(exported)["deployment"]["resources"]
    for secret in (emulator.api_key, SECRET_VALUE):
        at = exported.find(secret)
        assert at < 0, f"secret in state: ...{exported[max(0, at - 300) : at + 60]}..."
    assert "ciphertext" in exported

    stack.destroy()
    assert list(api.list_connectors()) == []
    api.close()
    raw.close()


def adoption_program(adopt: bool) -> Callable[[], None]:
    def run() -> None:
        from versori_pulumi import Connector, ConnectorArgs

        Connector(
            "legacy",
            ConnectorArgs(
                name="Legacy",
                base_url="https://legacy.test",
                tags={"adopted": ["yes"]},
                adopt_existing="Legacy" if adopt else None,
            ),
        )

    return run


def test_adoption_of_an_object_made_outside_pulumi(emulator: EmulatorServer, stack_factory: StackFactory) -> None:
    with ConnectClient(emulator.base_url, emulator.org_id, emulator.api_key) as api:
        existing = api.create_http_connector(HTTPConnectorCreate(name="Legacy", base_url="https://old.test"))
        stack = make_stack(stack_factory, emulator, adoption_program(adopt=True), "adopt")
        stack.up()
        connectors = list(api.list_connectors())
        assert [c.id for c in connectors] == [existing.id]  # taken over, not duplicated
        assert connectors[0].base_url == "https://legacy.test" and connectors[0].tags == {"adopted": ["yes"]}

        stack.workspace.program = adoption_program(adopt=False)  # dropping adopt_existing later is no change
        assert changes(stack.preview().change_summary) == {}
        stack.destroy()
        assert list(api.list_connectors()) == []
