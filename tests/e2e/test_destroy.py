"""A destroy that finishes: on the real engine, ``pulumi destroy`` of a stack holding published versions applied
without ``force_delete`` stops on them, after deleting what depended on them; following the refusal's message
(``pulumi config set versori:forceDeletePublished true`` then ``pulumi destroy --run-program``, or
``VERSORI_FORCE_DELETE_PUBLISHED=true``), with no ``up`` in between, the destroy finishes: the stack and the
organisation are empty and nothing the first destroy deleted is created again."""

from __future__ import annotations

import re

import pytest
from pulumi import automation as auto

from versori_pulumi.client import ConnectClient
from versori_pulumi.emulator import LIBRARY_SLACK_ID, EmulatorServer

from .harness import StackFactory
from .plan_catalogue import DESTROY_STEPS, program, unforced_spec

pytestmark = pytest.mark.e2e


def _summary(events: list[auto.EngineEvent]) -> dict[str, int]:
    found = [e.summary_event for e in events if e.summary_event is not None]
    return dict(found[-1].resource_changes) if found else {}


def _left(stack: auto.Stack) -> set[str]:
    return {r["urn"].split("::")[-1] for r in stack.export_stack().deployment.get("resources") or []}


@pytest.mark.parametrize("way", sorted(DESTROY_STEPS))
def test_a_stopped_destroy_finishes_once_the_refusal_is_followed(
    way: str, emulator: EmulatorServer, stack_factory: StackFactory
) -> None:
    spec = unforced_spec(LIBRARY_SLACK_ID)
    stack = stack_factory.create(
        program(lambda: spec),
        stack_name=f"destroy-{way.replace(' ', '-')}",
        config={"versori:baseUrl": emulator.base_url, "versori:organisationId": emulator.org_id},
        secrets={"versori:apiKey": emulator.api_key},
    )
    transcript: list[str] = []
    with ConnectClient(emulator.base_url, emulator.org_id, emulator.api_key) as api:
        connectors_before: set[str] = set()
        for step, expected in DESTROY_STEPS[way]:
            events: list[auto.EngineEvent] = []
            if step == "up":
                stack.up(on_event=events.append)
                connectors_before = {c.id for c in api.list_connectors()}
                continue
            if step in ("config", "env"):
                key, value = str(expected).split("=")
                if step == "config":
                    stack.set_config(key, auto.ConfigValue(value))
                    transcript.append(f"$ pulumi config set {key} {value}")
                else:
                    stack.workspace.env_vars[key] = value
                    transcript.append(f"$ export {key}={value}")
                continue
            transcript.append(f"$ pulumi {step}")
            run_program = step.endswith("--run-program")
            if expected is None:
                stack.destroy(on_event=events.append, on_output=transcript.append, run_program=run_program)
                assert "create" not in _summary(events), _summary(events)
                continue
            with pytest.raises(auto.CommandError) as stopped:
                stack.destroy(on_event=events.append, on_output=transcript.append, run_program=run_program)
            message = " ".join(str(stopped.value).split())
            assert expected in message
            line = re.search(r"`(pulumi config set [^`]+)`", message)
            assert line and line.group(1) == "pulumi config set versori:forceDeletePublished true", message
            assert "`pulumi destroy --run-program`" in message and "VERSORI_FORCE_DELETE_PUBLISHED=true" in message
            assert "create" not in _summary(events)
            left = _left(stack)
            assert {"acme", "v1", "v2"} <= left and "prod" not in left, left  # stopped half way
            assert {c.id for c in api.list_connectors()} == connectors_before
        print(f"\n[{way}]\n" + "\n".join(transcript))
        assert [name for name in _left(stack) if not name.startswith(("versori-e2e", "default"))] == []
        assert [r for r in stack.export_stack().deployment.get("resources") or [] if "dynamic" in r["type"]] == []
        assert list(api.list_connectors()) == []  # the organisation is empty; nothing was re-created
