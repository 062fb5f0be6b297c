"""Reads: every field a record holds reaches the response, and every field of a read model is held by a record or
declared as not kept (computed on read, or never sent). A field added to a read model, or to a record, fails here
until the other side has it."""

from __future__ import annotations

import json
from typing import Any

import httpx
import pytest
from pydantic import BaseModel

from versori_pulumi.emulator import EmulatorServer, contents_views, views
from versori_pulumi.emulator.contents_records import StoredBody, StoredChild, StoredDefinition, StoredResponse
from versori_pulumi.emulator.record_base import Record
from versori_pulumi.emulator.records import (
    BigQueryConnectorFields,
    ConnectionCredentialRecord,
    ConnectionRecord,
    CredentialRecord,
    HTTPConnectorFields,
    VersionRecord,
)
from versori_pulumi.models import (
    BigQueryConnector,
    Connection,
    ConnectionCredential,
    ConnectorVersion,
    Credential,
    HTTPConnector,
)
from versori_pulumi.models_contents import (
    ActionHTTP,
    ActionHTTPRequestBody,
    ActionHTTPResponse,
    Definition,
    TriggerHTTP,
)

from .builders import (
    action_body,
    connection_body,
    create_connector,
    credential_item,
    definition_body,
    oauth_config,
    trigger_body,
)

NOT_KEPT = {**views.NOT_KEPT, **contents_views.NOT_KEPT}
# (record, read model, fields of the model another record holds)
PAIRS: list[tuple[type[Record], type[BaseModel], frozenset[str]]] = [
    (HTTPConnectorFields, HTTPConnector, frozenset({"connections", "versions"})),  # ConnectorRecord holds them
    (BigQueryConnectorFields, BigQueryConnector, frozenset({"connections", "versions"})),
    (VersionRecord, ConnectorVersion, frozenset()),
    (ConnectionRecord, Connection, frozenset()),
    (ConnectionCredentialRecord, ConnectionCredential, frozenset()),
    (CredentialRecord, Credential, frozenset()),
    (StoredDefinition, Definition, frozenset()),
    (StoredChild, ActionHTTP, frozenset()),
    (StoredChild, TriggerHTTP, frozenset({"path"})),  # a trigger has no path: the record's is None
    (StoredBody, ActionHTTPRequestBody, frozenset()),
    (StoredResponse, ActionHTTPResponse, frozenset()),
]


def unreached(record: type[Record], model: type[BaseModel], elsewhere: frozenset[str] = frozenset()) -> set[str]:
    """Fields of ``model`` that no record holds and that are not declared as not kept: they never reach a read."""
    declared = next((NOT_KEPT[c] for c in model.__mro__ if c in NOT_KEPT), frozenset())
    return set(model.model_fields) - set(record.model_fields) - declared - elsewhere


def unshown(record: type[Record], model: type[BaseModel], elsewhere: frozenset[str] = frozenset()) -> set[str]:
    """Fields of ``record`` a read should show but ``model`` has no place for."""
    return set(record.model_fields) - record.HIDDEN - set(model.model_fields) - elsewhere


@pytest.mark.parametrize(("record", "model", "elsewhere"), PAIRS, ids=lambda p: getattr(p, "__name__", ""))
def test_every_model_field_is_held_or_declared(
    record: type[Record], model: type[BaseModel], elsewhere: frozenset[str]
) -> None:
    assert unreached(record, model, elsewhere) == set()
    assert unshown(record, model, elsewhere) == set()


def test_the_checks_catch_a_new_field() -> None:
    class GrownVersion(ConnectorVersion):
        build_number: int = 0

    class GrownRecord(VersionRecord):
        channel: str = "stable"

    assert unreached(VersionRecord, GrownVersion) == {"build_number"}
    assert unshown(GrownRecord, ConnectorVersion) == {"channel"}


def assert_reaches(record: Record, model: type[BaseModel], body: dict[str, Any], skip: frozenset[str]) -> int:
    """Every non-empty field ``record`` shows is in ``body`` under the model's wire name, with the same value."""
    checked = 0
    for name, value in record.model_dump(mode="json", exclude=set(record.HIDDEN | skip)).items():
        if value in (None, "", [], {}):
            continue  # Go's omitempty, or a required field compared through its own record
        info = model.model_fields[name]
        key = info.serialization_alias or info.alias or name
        sent = body.get(key)
        if isinstance(value, dict) and isinstance(sent, dict):  # credential data: the masked secrets join it
            assert value.items() <= sent.items(), f"{model.__name__}.{name} ({key}) did not reach the response"
        else:
            assert sent == value, f"{model.__name__}.{name} ({key}) did not reach the response"
        checked += 1
    return checked


def test_every_stored_field_reaches_the_response(emu: EmulatorServer, http: httpx.Client, org: str) -> None:
    connector = create_connector(
        http,
        org,
        connectionVariables=[{"name": "region", "value": "eu"}],
        tags={"team": ["a"]},
        public=True,
        connections=[connection_body()],
    )
    c = f"/o/{org}/connectors/{connector['id']}"
    put = {**connector, "documentationURL": "https://docs.test", "imageURL": "https://img.test"}
    for key in ("connections", "versions", "authSchemeConfigs", "createdAt", "updatedAt"):
        put.pop(key)
    assert http.put(c, json=put).status_code == 200
    client = {"clientId": "c", "clientSecret": "cs", "authorizeUrl": "https://a", "tokenUrl": "https://t"}
    second = {"name": "oauth", "credentials": {"trigger": [credential_item(oauth_config(), "oauth2-client", client)]}}
    assert http.post(f"{c}/connections", json=second).status_code == 200
    assert http.post(f"{c}/versions", json={"name": "1.0.0"}).status_code == 201
    v = f"{c}/versions/1.0.0"
    version = http.get(v).json()
    assert http.put(v, json={**version, "description": "first"}).status_code == 200
    made = http.post(v + "/definitions", json={"definitions": [definition_body("Pet", {"type": "object"})]})
    assert made.status_code == 201
    link = [{"definition": {"name": "Pet"}}]
    action = action_body("getPet", response_definitions=link, summary="Get", description="Gets a pet")
    assert http.post(v + "/actions", json=action).status_code == 201
    trigger = trigger_body("hook", body_definitions=link, summary="Hook", description="A webhook")
    assert http.post(v + "/triggers", json=trigger).status_code == 201

    record = emu.store.get(org, connector["id"])
    assert record is not None
    body = http.get(c).json()
    checked = assert_reaches(record.connector, HTTPConnector, body, frozenset({"auth_scheme_configs"}))
    for stored, read in zip(record.versions, http.get(f"{c}/versions").json()["items"][::-1], strict=True):
        checked += assert_reaches(stored, ConnectorVersion, read, frozenset())
    for stored in record.connections:
        read = http.get(f"{c}/connections/{stored.id}").json()
        checked += assert_reaches(stored, Connection, read, frozenset({"credentials"}))
        sides = [
            (s, r)
            for side in ("action", "trigger")
            for s, r in zip(getattr(stored.credentials, side), read["credentials"][side], strict=True)
        ]
        for item, item_read in sides:
            skip = frozenset({"auth_scheme_config", "credential"})
            checked += assert_reaches(item, ConnectionCredential, item_read, skip)
            checked += assert_reaches(item.credential, Credential, item_read["credential"], frozenset())
            # The secrets a record holds apart read back masked, never in clear.
            for key, secret in item.credential.secrets.items():
                assert item_read["credential"]["data"][key] != secret.get_secret_value()
    contents = record.contents[record.versions[0].id]
    definition = http.get(v + "/definitions/Pet").json()
    checked += assert_reaches(contents.definitions[0], Definition, definition, frozenset())
    for kind, model in (("action", ActionHTTP), ("trigger", TriggerHTTP)):
        stored_child = contents.children(kind)[0]
        read = http.get(f"{v}/{kind}s/{stored_child.name}").json()
        skip = frozenset({"request_body", "responses"})
        checked += assert_reaches(stored_child, model, read, skip)
        if stored_child.request_body is not None:
            checked += assert_reaches(stored_child.request_body, ActionHTTPRequestBody, read["requestBody"], skip)
        for response, response_read in zip(stored_child.responses, read["responses"], strict=True):
            checked += assert_reaches(response, ActionHTTPResponse, response_read, frozenset())
    assert checked > 40, json.dumps(body)  # the scenario exercised the fields, not an empty record
