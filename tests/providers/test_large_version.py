"""A vendor-size version through the ConnectorVersion provider: its contents written and read
``versori:concurrency`` requests at a time, an update writing exactly the items that changed (looking up only the
ids those writes need), and an update whose previous outputs are out of date still converging."""

from __future__ import annotations

import copy
import threading
import time
from types import SimpleNamespace
from typing import Any

import pytest

from versori_pulumi._core.parallel import run_all
from versori_pulumi.client import ConnectClient
from versori_pulumi.config import settings_from
from versori_pulumi.connector_version_provider import ConnectorVersionProvider
from versori_pulumi.errors import ConfigurationError
from versori_pulumi.models import HTTPConnectorCreate

from ._support import Calls, checked, configured

V = "/o/{organisation_id}/connectors/{connector_id}/versions/{version}"
N_ACTIONS = 60
N_DEFINITIONS = 25


def contents() -> dict[str, Any]:
    definitions = {
        f"D{i}": {"schema": {"type": "object", "properties": {"next": {"$ref": f"#/$defs/D{(i + 1) % N_DEFINITIONS}"}}}}
        for i in range(N_DEFINITIONS)
    }
    actions = {
        f"a{i}": {
            "method": "GET",
            "path": f"/things{i}/{{{{ param.id }}}}",
            "parameters": [{"name": "id", "in": "path", "required": True}],
            "responses": [{"status": 200, "definitions": [f"D{i % N_DEFINITIONS}"]}],
        }
        for i in range(N_ACTIONS)
    }
    return {"definitions": definitions, "actions": actions, "triggers": {}}


@pytest.fixture
def connector_id(api: ConnectClient) -> str:
    return api.create_http_connector(HTTPConnectorCreate(name="Large", base_url="https://l.test")).id


def test_an_update_writes_exactly_the_changed_items(
    make: Any, api: ConnectClient, emulator: Any, connector_id: str
) -> None:
    provider = make(ConnectorVersionProvider)
    inputs = checked(provider, {"connector_id": connector_id, "name": "1", **contents()})
    calls = Calls(emulator)
    created = provider.create(inputs)
    assert calls.since() == {
        "POST /o/{organisation_id}/connectors/{connector_id}/versions": 1,
        f"POST {V}/definitions": 1,
        f"POST {V}/actions": N_ACTIONS,
    }
    edited = copy.deepcopy(inputs)
    for name in ("a1", "a2", "a3"):  # one path moved: three actions
        edited["actions"][name]["path"] = "/moved" + edited["actions"][name]["path"]
    edited["actions"]["ping"] = {"method": "GET", "path": "/ping", "responses": [{"status": 200}]}
    del edited["actions"]["a59"]
    edited["definitions"]["D7"]["description"] = "changed"
    news = checked(provider, edited, inputs)
    calls = Calls(emulator)
    provider.update(created.id, created.outs, news)
    assert calls.since() == {
        f"GET {V}": 1,
        # D7 to update, D8 its schema links (by URL), and D1-D3 the three updated actions link (by id)
        f"GET {V}/definitions/{{definition_name}}": 1 + 1 + 3,
        f"PUT {V}/definitions/{{definition_name}}": 1,
        f"GET {V}/actions/{{action_name}}": 3,
        f"PUT {V}/actions/{{action_name}}": 3,
        f"POST {V}/actions": 1,
        f"DELETE {V}/actions/{{action_name}}": 1,
    }, "no listing, no schema read: only what the four action writes and one definition write need"
    live = {a.name: a.path for a in api.list_actions(connector_id, "1")}
    assert live["a1"] == "/moved/things1/{{ param.id }}" and "ping" in live and "a59" not in live
    assert len(live) == N_ACTIONS
    read = provider.read(created.id, {**created.outs, **news})
    assert provider.diff(created.id, read.outs, news).changes is False, "refresh reads back exactly the inputs"


def test_refresh_reads_the_listings_then_every_schema(make: Any, emulator: Any, connector_id: str) -> None:
    provider = make(ConnectorVersionProvider)
    inputs = checked(provider, {"connector_id": connector_id, "name": "1", **contents()})
    created = provider.create(inputs)
    calls = Calls(emulator)
    read = provider.read(created.id, created.outs)
    assert {k: read.inputs[k] for k in ("definitions", "actions", "triggers")} == {
        k: inputs[k] for k in ("definitions", "actions", "triggers")
    }
    assert calls.since() == {
        f"GET {V}": 1,
        f"GET {V}/definitions": 1,
        f"GET {V}/actions": 1,
        f"GET {V}/triggers": 1,
        "GET /o/{organisation_id}/schemas/{connector_id}/{version}/{schema_filename}": N_DEFINITIONS,
    }


def test_an_update_from_stale_outputs_still_converges(make: Any, api: ConnectClient, connector_id: str) -> None:
    """The previous outputs are what this provider wrote; when the version differs (an earlier up failed half
    way, an out-of-band edit), a create meeting the name updates, an update meeting nothing creates, a delete of
    nothing is done."""
    provider = make(ConnectorVersionProvider)
    inputs = checked(provider, {"connector_id": connector_id, "name": "1", **contents()})
    created = provider.create(inputs)
    api.delete_action(connector_id, "1", "a4")  # gone, though the outputs hold it
    api.delete_action(connector_id, "1", "a5")
    stale = copy.deepcopy(created.outs)
    del stale["actions"]["a6"]  # present, though the outputs do not hold it
    del stale["definitions"]["D3"]
    edited = copy.deepcopy(inputs)
    edited["actions"]["a4"]["path"] = "/again/{{ param.id }}"
    del edited["actions"]["a5"]
    edited["actions"]["a6"]["path"] = "/six/{{ param.id }}"
    edited["definitions"]["D3"]["description"] = "three"
    news = checked(provider, edited, inputs)
    provider.update(created.id, stale, news)
    live = {a.name: a.path for a in api.list_actions(connector_id, "1")}
    assert live["a4"] == "/again/{{ param.id }}" and live["a6"] == "/six/{{ param.id }}" and "a5" not in live
    read = provider.read(created.id, {**created.outs, **news})
    assert provider.diff(created.id, read.outs, news).changes is False


def test_the_concurrency_setting_comes_from_stack_config_or_the_environment(emulator: Any) -> None:
    base = {"versori:apiKey": "k", "versori:organisationId": "o"}
    assert settings_from(base.get, env={}).concurrency == 8
    assert settings_from({**base, "versori:concurrency": "3"}.get, env={}).concurrency == 3
    assert settings_from(base.get, env={"VERSORI_CONCURRENCY": "16"}).concurrency == 16
    assert settings_from({**base, "versori:concurrency": "2"}.get, env={"VERSORI_CONCURRENCY": "16"}).concurrency == 2
    for bad in ("0", "2.5", "many", "65"):
        with pytest.raises(ConfigurationError) as info:
            settings_from({**base, "versori:concurrency": bad}.get, env={})
        assert "versori:concurrency must be a whole number from 1 to 64" in str(info.value)
    provider = configured(emulator, ConnectorVersionProvider, **{"versori:concurrency": "3"})
    assert provider.client().concurrency == 3


def test_run_all_keeps_to_the_bound_and_finishes_everything_before_raising() -> None:
    client: Any = SimpleNamespace(concurrency=3, _workers=None)
    lock = threading.Lock()
    state = {"now": 0, "most": 0, "done": 0}

    def call(i: int) -> int:
        with lock:
            state["now"] += 1
            state["most"] = max(state["most"], state["now"])
        time.sleep(0.01)
        with lock:
            state["now"] -= 1
            state["done"] += 1
        if i in (4, 7):
            raise ValueError(f"call {i}")
        return i * 2

    assert run_all(client, [lambda i=i: call(i) if i not in (4, 7) else i * 2 for i in range(12)]) == [
        i * 2 for i in range(12)
    ]
    state.update(most=0, done=0)
    with pytest.raises(ValueError, match="call 4"):
        run_all(client, [lambda i=i: call(i) for i in range(20)])
    assert state["done"] == 20, "every call ran to its end"
    assert state["most"] == 3, "never more than the bound at once"
    client._workers.shutdown()
