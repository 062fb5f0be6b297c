"""examples/openapi-release on the real engine: versions built from OpenAPI documents, released stage by stage.

At every stage the preview's operation on each resource is the one ``up`` performs and the preview after it is
empty; the edit of the document previews item by item; the live contents are the documents'. The same release
under 30% injected faults (429, 503, dropped responses) ends in the same organisation, nothing duplicated.
"""

from __future__ import annotations

from typing import Any

import pytest
from pulumi import automation as auto

from versori_pulumi.client import ConnectClient
from versori_pulumi.emulator import EmulatorServer

from .harness import StackFactory
from .plan_catalogue import ops_of
from .test_examples import example_project, provider_config

pytestmark = pytest.mark.e2e

STAGES = ("1.0.0", "draft", "edit", "released")
EXPECTED = {
    "1.0.0": {"crm": "create", "crm-1-0-0": "create", "crm-default": "create"},
    "draft": {"crm-1-1-0": "create"},
    "edit": {"crm-1-1-0": "update"},
    "released": {"crm-1-1-0": "update", "crm-default": "update"},
}


def changed(ops: dict[str, str]) -> dict[str, str]:
    return {name: op for name, op in sorted(ops.items()) if op != "same"}


def release(stack: auto.Stack, project: str) -> dict[str, Any]:
    """Walk every stage; returns the preview of the edit (its detailed diff and --diff text)."""
    seen: dict[str, Any] = {}
    for stage in STAGES:
        stack.set_config(f"{project}:stage", auto.ConfigValue(stage))
        planned: list[auto.EngineEvent] = []
        text: list[str] = []
        stack.preview(on_event=planned.append, diff=True, on_output=text.append)
        applied: list[auto.EngineEvent] = []
        stack.up(on_event=applied.append)
        assert changed(ops_of(planned)) == changed(ops_of(applied)) == EXPECTED[stage], stage
        assert changed(ops_of(_events(stack.preview))) == {}, f"{stage}: the preview after up is not empty"
        if stage == "edit":
            step = next(
                e.resource_pre_event.metadata
                for e in planned
                if e.resource_pre_event and e.resource_pre_event.metadata.urn.endswith("crm-1-1-0")
            )
            seen = {"diff": dict(step.detailed_diff or {}), "text": "\n".join(text), "reasons": step.diffs}
    return seen


def _events(run: Any) -> list[auto.EngineEvent]:
    events: list[auto.EngineEvent] = []
    run(on_event=events.append)
    return events


def live_contents(api: ConnectClient, connector_id: str, version: str) -> dict[str, Any]:
    return {
        "definitions": sorted(d.name for d in api.list_definitions(connector_id, version)),
        "actions": {a.name: a.path for a in api.list_actions(connector_id, version)},
        "triggers": sorted(t.name for t in api.list_triggers(connector_id, version)),
    }


def organisation(api: ConnectClient) -> dict[str, Any]:
    """Everything the release made, by name (no ids): what a clean and a faulted run must agree on."""
    found: dict[str, Any] = {}
    for connector in api.list_connectors():
        versions = {v.name: (v.published, v.is_default) for v in api.list_versions(connector.id)}
        found[connector.name] = {
            "versions": versions,
            "contents": {name: live_contents(api, connector.id, name) for name in sorted(versions)},
        }
    return found


def test_release_from_documents_stage_by_stage(emulator: EmulatorServer, stack_factory: StackFactory) -> None:
    project, folder = example_project(stack_factory, "openapi-release")
    stack = stack_factory.create_project(
        folder,
        stack_name="dev",
        config=provider_config(emulator),
        secrets={"versori:apiKey": emulator.api_key},
    )
    with ConnectClient(emulator.base_url, emulator.org_id, emulator.api_key) as api:
        seen = release(stack, project)
        # The edit of the document, as a reviewer reads it: one change per item, never "the contents changed".
        diff = seen["diff"]
        assert {"actions.createDeal", "definitions.Deal"} <= set(diff), sorted(diff)
        assert diff["actions.createDeal"].diff_kind.value == "add" and diff["definitions.Deal"].diff_kind.value == "add"
        assert diff["actions.getContact.path"].diff_kind.value == "update", sorted(diff)
        assert not any(path in ("actions", "definitions", "triggers") for path in diff), "a blob changed"
        assert '~ path: "/contacts/{{ param.id }}" => "/people/{{ param.id }}"' in seen["text"]
        print("\n--- pulumi preview --diff of the edit ---\n" + seen["text"])

        state = organisation(api)
        crm = state["Acme CRM"]
        assert crm["versions"] == {"1.0.0": (True, False), "1.1.0": (True, True)}
        assert crm["contents"]["1.0.0"]["actions"] == {
            "listContacts": "/contacts",
            "getContact": "/contacts/{{ param.id }}",
        }
        assert crm["contents"]["1.1.0"] == {
            "definitions": ["Contact", "ContactList", "Deal"],
            "actions": {"listContacts": "/contacts", "getContact": "/people/{{ param.id }}", "createDeal": "/deals"},
            "triggers": ["contactCreated"],
        }
        drift = stack.refresh().summary.resource_changes or {}
        assert {op: n for op, n in drift.items() if op != "same" and n} == {}  # contents read back: no drift

        stack.destroy()
        assert list(api.list_connectors()) == []
        clean = state

        # The same release under 30% injected faults: the same organisation, nothing duplicated.
        emulator.set_faults(0.3, ["429", "503", "drop"], seed=7)
        faulted_stack = stack_factory.create_project(
            folder,
            stack_name="faulted",
            config=provider_config(emulator),
            secrets={"versori:apiKey": emulator.api_key},
        )
        release(faulted_stack, project)
        emulator.set_faults(0.0, [])
        assert organisation(api) == clean
        faulted_stack.destroy()
        assert list(api.list_connectors()) == []
