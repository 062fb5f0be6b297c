"""Turning the large-stack mode (``versori:adoptOwned``) off and on is a provider setting, not an edit of any
resource: on the real engine each preview plans nothing and the ``up`` after it changes nothing. A connector the
mode marked keeps its marker through a later update with the mode off (``check`` keeps the stack's name)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pulumi
import pytest
from pulumi import automation as auto

from versori_pulumi._core.ownership import OWNER_TAG
from versori_pulumi.client import ConnectClient
from versori_pulumi.emulator import EmulatorServer

from .harness import StackFactory

pytestmark = pytest.mark.e2e


def program(desired: dict[str, Any]) -> Callable[[], None]:
    def run() -> None:
        from versori_pulumi import (
            Connection,
            ConnectionArgs,
            Connector,
            ConnectorArgs,
            ConnectorVersion,
            ConnectorVersionArgs,
        )

        connector = Connector("fleet", ConnectorArgs(name="Fleet", base_url="https://f.test", tags=desired["tags"]))
        ConnectorVersion("v1", ConnectorVersionArgs(connector_id=connector.connector_id, name="1.0.0"))
        Connection("prod", ConnectionArgs(connector_id=connector.connector_id, name="production"))
        pulumi.export("connector_id", connector.connector_id)

    return run


def changes(summary: dict[str, int] | None) -> dict[str, int]:
    return {op: n for op, n in (summary or {}).items() if op != "same" and n}


def test_turning_the_mode_off_and_on_plans_and_does_nothing(
    emulator: EmulatorServer, stack_factory: StackFactory
) -> None:
    desired: dict[str, Any] = {"tags": {"t": ["x"]}}
    stack = stack_factory.create(
        program(desired),
        stack_name="toggle",
        config={
            "versori:baseUrl": emulator.base_url,
            "versori:organisationId": emulator.org_id,
            "versori:adoptOwned": "true",
        },
        secrets={"versori:apiKey": emulator.api_key},
    )
    api = ConnectClient(emulator.base_url, emulator.org_id, emulator.api_key)
    connector_id = stack.up().outputs["connector_id"].value
    marker = api.get_connector(connector_id).tags[OWNER_TAG]

    stack.remove_config("versori:adoptOwned")
    assert changes(stack.preview().change_summary) == {}
    assert changes(stack.up().summary.resource_changes) == {}
    desired["tags"] = {"t": ["y"]}  # an update with the mode off keeps the marker
    assert changes(stack.preview().change_summary) == {"update": 1}
    assert changes(stack.up().summary.resource_changes) == {"update": 1}
    assert api.get_connector(connector_id).tags == {"t": ["y"], OWNER_TAG: marker}

    stack.set_config("versori:adoptOwned", auto.ConfigValue("true"))
    assert changes(stack.preview().change_summary) == {}
    assert changes(stack.up().summary.resource_changes) == {}
    assert changes(stack.preview().change_summary) == {}
    api.close()
