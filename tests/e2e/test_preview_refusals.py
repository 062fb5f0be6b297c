"""What the API would refuse at apply, the preview refuses, on the real engine: a replacement that deletes a
published version without force, and two owners of one connector's default version.

Each refusal leaves the stack and the organisation as they were, and each way out the message names works.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pulumi
import pytest
from pulumi import automation as auto

from versori_pulumi.client import ConnectClient
from versori_pulumi.emulator import EmulatorServer

from .harness import StackFactory

pytestmark = pytest.mark.e2e


def program(desired: dict[str, Any]) -> Callable[[], None]:
    def run() -> None:
        import versori_pulumi as versori

        connector = versori.Connector(
            "acme", versori.ConnectorArgs(name="Refusals", base_url="https://r.test", force_delete=True)
        )
        version = versori.ConnectorVersion(
            "v1",
            versori.ConnectorVersionArgs(
                connector_id=connector.connector_id,
                name=desired["name"],
                published=True,
                force_delete=desired.get("force_delete"),
            ),
            opts=pulumi.ResourceOptions(retain_on_delete=desired.get("retain", False)),
        )
        for index, owner in enumerate(desired.get("owners", ["default"])):
            # The second owner names the connector through a derived output: caught once its value is known.
            connector_id = (
                connector.connector_id.apply(str) if index and desired.get("derived") else connector.connector_id
            )
            versori.ConnectorDefaultVersion(
                owner, versori.ConnectorDefaultVersionArgs(connector_id=connector_id, version=version)
            )
        pulumi.export("connector_id", connector.connector_id)

    return run


def make(factory: StackFactory, emulator: EmulatorServer, desired: dict[str, Any], name: str) -> auto.Stack:
    return factory.create(
        program(desired),
        stack_name=name,
        config={"versori:baseUrl": emulator.base_url, "versori:organisationId": emulator.org_id},
        secrets={"versori:apiKey": emulator.api_key},
    )


def changes(summary: dict[str, int] | None) -> dict[str, int]:
    return {op: n for op, n in (summary or {}).items() if op != "same" and n}


def test_renaming_a_published_version_is_refused_at_preview(
    emulator: EmulatorServer, stack_factory: StackFactory
) -> None:
    desired: dict[str, Any] = {"name": "1.0.0"}
    stack = make(stack_factory, emulator, desired, "rename")
    stack.up()
    api = ConnectClient(emulator.base_url, emulator.org_id, emulator.api_key)
    connector_id = stack.outputs()["connector_id"].value

    desired["name"] = "1.0.1"
    with pytest.raises(auto.CommandError) as refused:
        stack.preview()
    text = str(refused.value)
    assert "name: changing it replaces this version, which is published" in text
    for way_out in ("force_delete=True", "new ConnectorVersion", "retain_on_delete=True"):
        assert way_out in text
    with pytest.raises(auto.CommandError):
        stack.up()  # refused before any call: nothing half-applied
    assert [v.name for v in api.list_versions(connector_id)] == ["1.0.0"]

    # Way out 1: retain the old version (applied first); the replacement then leaves it in place, unmanaged.
    desired.update(name="1.0.0", retain=True)
    assert changes(stack.up().summary.resource_changes) == {}  # an option and a provider-only input: no call
    desired["name"] = "1.0.1"
    assert changes(stack.preview().change_summary) == {"replace": 1, "update": 1}
    stack.up()
    assert sorted(v.name for v in api.list_versions(connector_id)) == ["1.0.0", "1.0.1"]
    assert api.get_version(connector_id, "default").name == "1.0.1"

    # Way out 2: apply force_delete first, then rename.
    desired.update(retain=False, force_delete=True)
    assert changes(stack.up().summary.resource_changes) == {"update": 1}  # force_delete: no API call
    desired["name"] = "1.0.2"
    assert changes(stack.preview().change_summary) == {"replace": 1, "update": 1}
    stack.up()
    assert sorted(v.name for v in api.list_versions(connector_id)) == ["1.0.0", "1.0.2"]
    assert changes(stack.preview().change_summary) == {}
    api.close()


def test_two_owners_of_one_default_fail_the_preview(emulator: EmulatorServer, stack_factory: StackFactory) -> None:
    desired: dict[str, Any] = {"name": "1.0.0", "force_delete": True, "owners": ["first", "second"]}
    stack = make(stack_factory, emulator, desired, "owners")
    with pytest.raises(auto.CommandError) as refused:
        stack.preview()  # a new connector: its id is unknown, the program still sees one output twice
    assert "already has its default version declared by ConnectorDefaultVersion 'first'" in str(refused.value)

    desired["owners"] = ["first"]
    stack.up()
    desired.update(owners=["first", "second"], derived=True)  # an existing connector: its id is known at preview
    with pytest.raises(auto.CommandError) as again:
        stack.preview()
    assert "ConnectorDefaultVersion 'second'" in str(again.value)
