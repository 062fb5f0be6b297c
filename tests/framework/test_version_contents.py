"""A version's contents (definitions, actions, triggers) through the ConnectorVersion provider, against the
emulator: written before publishing, read back, converged, frozen once published, rolled back on failure."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from providers._support import Calls, checked
from versori_pulumi.client import ConnectClient
from versori_pulumi.connector_version_provider import ConnectorVersionProvider
from versori_pulumi.errors import VersoriError
from versori_pulumi.models import HTTPConnectorCreate
from versori_pulumi.models_contents import ActionHTTPUpdate

CONTENTS: dict[str, Any] = {
    "definitions": {
        "Contact": {
            "schema": {"type": "object", "properties": {"tag": {"$ref": "#/$defs/Tag"}, "age": {"maximum": 3.0}}}
        },
        "Tag": {"schema": {"type": "string"}, "accept": ["application/json"]},
    },
    "actions": {
        "getContact": {
            "method": "GET",
            "path": "/contacts/{{ param.id }}",
            "parameters": [
                {"name": "id", "in": "path", "required": True},
                {"name": "n", "in": "query", "type": "integer", "default": 5.0},
            ],
            "responses": [{"status": 200.0, "definitions": ["Contact"]}],
        }
    },
    "triggers": {"contactAdded": {"requestBody": {"definitions": ["Contact"]}, "responses": [{"status": 204}]}},
}


@pytest.fixture
def connector_id(api: ConnectClient) -> str:
    return api.create_http_connector(HTTPConnectorCreate(name="Contents", base_url="https://c.test")).id


def version_inputs(connector_id: str, **overrides: Any) -> dict[str, Any]:
    return {"connector_id": connector_id, "name": "1.0.0", **copy.deepcopy(CONTENTS), **overrides}


def live(api: ConnectClient, connector_id: str, version: str = "1.0.0") -> dict[str, Any]:
    return {
        "definitions": sorted(d.name for d in api.list_definitions(connector_id, version)),
        "actions": {a.name: a.path for a in api.list_actions(connector_id, version)},
        "triggers": sorted(t.name for t in api.list_triggers(connector_id, version)),
    }


def test_contents_are_written_before_publishing_and_read_back(
    make: Any, api: ConnectClient, emulator: Any, connector_id: str
) -> None:
    provider = make(ConnectorVersionProvider)
    inputs = checked(provider, version_inputs(connector_id, published=True))
    calls = Calls(emulator)
    created = provider.create(inputs)
    routes = calls.since()
    assert api.get_version(connector_id, "1.0.0").published
    assert live(api, connector_id) == {
        "definitions": ["Contact", "Tag"],
        "actions": {"getContact": "/contacts/{{ param.id }}"},
        "triggers": ["contactAdded"],
    }
    # create, one bulk definitions call, an action, a trigger, publish: nothing read back from an empty draft
    assert sum(routes.values()) == 5, routes
    read = provider.read(created.id, created.outs)
    assert {k: read.inputs[k] for k in CONTENTS} == {k: inputs[k] for k in CONTENTS}
    assert provider.diff(created.id, read.outs, inputs).changes is False
    schema = read.inputs["definitions"]["Contact"]["schema"]
    assert schema["properties"]["tag"] == {"$ref": "#/$defs/Tag"} and schema["properties"]["age"] == {"maximum": 3}


def test_a_published_version_is_frozen_at_preview_with_the_way_out(make: Any, connector_id: str) -> None:
    provider = make(ConnectorVersionProvider)
    olds = checked(provider, version_inputs(connector_id, published=True))
    edited = version_inputs(connector_id, published=True)
    edited["actions"]["getContact"]["path"] = "/people/{{ param.id }}"
    failures = provider.check(olds, edited).failures
    assert [f.property for f in failures] == ["actions.getContact"]
    reason = failures[0].reason
    assert reason.startswith("actions.getContact: this version is published")
    assert "from_version=this version's name" in reason and "published=False" in reason
    assert provider.check(olds, {**edited, "published": False}).failures == []  # explicit unpublish: allowed
    assert provider.check(olds, version_inputs(connector_id, published=True, description="d")).failures == []


def test_draft_contents_converge_and_out_of_band_edits_are_undone(
    make: Any, api: ConnectClient, connector_id: str
) -> None:
    provider = make(ConnectorVersionProvider)
    inputs = checked(provider, version_inputs(connector_id))
    created = provider.create(inputs)
    # Someone edits the draft out of band: refresh sees it, the next update puts the declared contents back.
    action = next(iter(api.list_actions(connector_id, "1.0.0")))
    body = ActionHTTPUpdate.model_validate({**action.model_dump(by_alias=True), "path": "/evil/{{ param.id }}"})
    api.update_action(connector_id, "1.0.0", "getContact", body)
    read = provider.read(created.id, created.outs)
    assert read.inputs["actions"]["getContact"]["path"] == "/evil/{{ param.id }}"
    assert provider.diff(created.id, read.outs, inputs).changes is None
    provider.update(created.id, read.outs, inputs)
    assert live(api, connector_id)["actions"] == {"getContact": "/contacts/{{ param.id }}"}
    # Removing a definition and the links to it deletes it; a new action is created.
    edited = version_inputs(connector_id)
    del edited["definitions"]["Tag"]
    edited["definitions"]["Contact"]["schema"] = {"type": "object"}
    edited["actions"]["listContacts"] = {"method": "GET", "path": "/contacts", "responses": [{"status": 200}]}
    news = checked(provider, edited, inputs)
    provider.update(created.id, created.outs, news)
    assert live(api, connector_id) == {
        "definitions": ["Contact"],
        "actions": {"getContact": "/contacts/{{ param.id }}", "listContacts": "/contacts"},
        "triggers": ["contactAdded"],
    }
    reread = provider.read(created.id, created.outs)
    assert provider.diff(created.id, reread.outs, news).changes is False


def test_from_version_copies_are_replaced_by_the_declared_contents(
    make: Any, api: ConnectClient, connector_id: str
) -> None:
    provider = make(ConnectorVersionProvider)
    provider.create(checked(provider, version_inputs(connector_id)))
    only = {"connector_id": connector_id, "name": "2.0.0", "from_version": "1.0.0", "actions": {}}
    provider.create(checked(provider, only))
    copied = live(api, connector_id, "2.0.0")
    assert copied["actions"] == {} and copied["definitions"] == ["Contact", "Tag"]  # definitions not managed: kept


def test_a_failed_release_leaves_no_version_behind(make: Any, api: ConnectClient, connector_id: str) -> None:
    provider = make(ConnectorVersionProvider)
    # The definitions are not managed here, so check cannot see the action links one that does not exist: the API
    # refuses the action half way, and the create rolls the draft back.
    inputs = checked(
        provider,
        {
            "connector_id": connector_id,
            "name": "9.0.0",
            "published": True,
            "actions": {"x": {"method": "GET", "path": "/x", "responses": [{"status": 200, "definitions": ["Nope"]}]}},
        },
    )
    with pytest.raises(VersoriError):
        provider.create(inputs)
    assert [v.name for v in api.list_versions(connector_id)] == []


@pytest.mark.parametrize(
    ("change", "path", "words"),
    [
        (
            {"actions": {"x": {"method": "GET", "path": "/", "responses": [{"definitions": ["Nope"]}]}}},
            "actions.x.responses[0].definitions[0]",
            "does not declare",
        ),
        ({"definitions": {"A": {"schema": {"$ref": "#/$defs/B"}}}}, "definitions.A.$ref", "does not declare"),
        (
            {"actions": {"bad name": {"method": "GET", "path": "/", "responses": [{}]}}},
            'actions["bad name"]',
            "not a valid",
        ),
        ({"published": True, "actions": {"x": {"method": "GET", "path": "/"}}}, "actions.x.responses", "at least one"),
        (
            {"published": True, "actions": {"x": {"method": "GET", "path": "/{{ param.id }}", "responses": [{}]}}},
            "actions.x.path",
            "'id'",
        ),
        (
            {"actions": {"x": {"method": "GET", "path": "/", "responses": [{}], "pth": "/"}}},
            "actions.x.pth",
            "Extra inputs",
        ),
        ({"actions": {"x": {"method": "FETCH", "path": "/"}}}, "actions.x.method", "Input should be"),
    ],
)
def test_bad_contents_fail_check_naming_the_place(change: dict[str, Any], path: str, words: str) -> None:
    base = {"connector_id": "01JC", "name": "1.0.0", "definitions": {}}
    failures = ConnectorVersionProvider().check({}, {**base, **change}).failures
    assert any(f.property == path and words in f.reason for f in failures), [(f.property, f.reason) for f in failures]
