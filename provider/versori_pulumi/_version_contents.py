"""A version's contents (definitions, actions, triggers) as resource inputs: their shapes, their rules at
``check``, how they are written to a draft, and how they read back.

Each kind is a map keyed by name, the way the API addresses children, so the engine's diff of the inputs names
each item that changes (``+ actions.createDeal``, ``~ actions.getContact.path``). Actions and triggers link
definitions by name; a definition's schema links another as ``#/$defs/{name}``, as a CreateDefinitions body does;
on the API a stored schema links by URL, which reading maps back to the name. A kind left out (None) is not
managed: whatever the version holds (copied by ``from_version``, say) stays, and nothing is read for it.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Annotated, Any, Literal

from pydantic import AfterValidator, BeforeValidator, Field, TypeAdapter

from versori_pulumi._contents_rules import KINDS, LOCAL_REF, contents_rules, first_change
from versori_pulumi.models import WriteModel
from versori_pulumi.models_contents import (
    ActionDefinitionCreate,
    ActionHTTP,
    ActionHTTPCreate,
    ActionHTTPRequestBodyCreate,
    ActionHTTPResponseCreate,
    ActionHTTPUpdate,
    Definition,
    DefinitionLinkUpdate,
    DefinitionPointer,
    DefinitionRef,
    DefinitionsCreate,
    DefinitionsCreateDefinition,
    DefinitionUpdate,
    HTTPMethod,
    InlineSchema,
    ParameterType,
    RequestBodyUpdate,
    ResponseUpdate,
    TriggerHTTP,
    TriggerHTTPCreate,
    TriggerHTTPUpdate,
)

if TYPE_CHECKING:
    from versori_pulumi.client import ConnectClient

__all__ = [
    "ACTIONS",
    "ADAPTERS",
    "DEFINITIONS",
    "KINDS",
    "TRIGGERS",
    "apply_contents",
    "contents_rules",
    "first_change",
    "read_contents",
]

SCHEMA_TYPE = "application/schema+json"


def _whole_numbers(value: Any) -> Any:
    """Pulumi sends every number as a float: ``50.0`` back to ``50``, at any depth, so that an integer parameter's
    default and a schema's ``maxLength`` reach the API as the integers they were written as."""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, dict):
        return {k: _whole_numbers(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_whole_numbers(v) for v in value]
    return value


JSONValue = Annotated[Any, AfterValidator(_whole_numbers)]


class ParameterInput(WriteModel):
    name: str
    in_: Literal["cookie", "header", "path", "query"] = Field(alias="in")
    required: bool = False
    type: ParameterType = "string"
    default: JSONValue = None


class TriggerParameterInput(ParameterInput):
    in_: Literal["cookie", "header", "query"] = Field(alias="in")


class BodyInput(WriteModel):
    """A request body: the definitions it may be, by name."""

    required: bool = False
    definitions: list[str] = Field(default_factory=list)


class ResponseInput(WriteModel):
    """A response (no ``status``: the default response) and the definitions it may be, by name."""

    status: Annotated[int, BeforeValidator(_whole_numbers)] | None = None
    definitions: list[str] = Field(default_factory=list)


class ActionInput(WriteModel):
    method: HTTPMethod
    path: str
    summary: str | None = None
    description: str | None = None
    parameters: list[ParameterInput] = Field(default_factory=list)
    request_body: BodyInput | None = None
    responses: list[ResponseInput] = Field(default_factory=list)


class TriggerInput(WriteModel):
    method: HTTPMethod = "POST"
    summary: str | None = None
    description: str | None = None
    parameters: list[TriggerParameterInput] = Field(default_factory=list)
    request_body: BodyInput | None = None
    responses: list[ResponseInput] = Field(default_factory=list)


class DefinitionInput(WriteModel):
    """A JSON Schema; ``accept`` the media types it describes."""

    schema_: Annotated[dict[str, Any] | bool, AfterValidator(_whole_numbers)] = Field(alias="schema")
    accept: list[str] = Field(default_factory=lambda: ["application/json"])
    description: str | None = None


DEFINITIONS: TypeAdapter[dict[str, DefinitionInput]] = TypeAdapter(dict[str, DefinitionInput])
ACTIONS: TypeAdapter[dict[str, ActionInput]] = TypeAdapter(dict[str, ActionInput])
TRIGGERS: TypeAdapter[dict[str, TriggerInput]] = TypeAdapter(dict[str, TriggerInput])
ADAPTERS: dict[str, TypeAdapter[Any]] = {"definitions": DEFINITIONS, "actions": ACTIONS, "triggers": TRIGGERS}


def _canonical(kind: str, value: Any) -> Any:
    adapter = ADAPTERS[kind]
    return adapter.dump_python(adapter.validate_python(value), mode="json", by_alias=True, exclude_none=True)


# --- writing ---


def _schema_text(schema: Any, urls: Mapping[str, str], batch: set[str]) -> InlineSchema:
    """The schema as sent: links to definitions outside this request as their URLs, the rest as ``#/$defs``."""

    def rewrite(node: Any) -> Any:
        if isinstance(node, dict):
            out = {k: rewrite(v) for k, v in node.items()}
            ref = out.get("$ref")
            if isinstance(ref, str) and ref.startswith(LOCAL_REF):
                name = ref[len(LOCAL_REF) :]
                if name not in batch and name in urls:
                    out["$ref"] = urls[name]
            return out
        if isinstance(node, list):
            return [rewrite(v) for v in node]
        return node

    return InlineSchema(content_type=SCHEMA_TYPE, content=json.dumps(rewrite(schema), sort_keys=True))


def _refs(names: Iterable[str]) -> list[ActionDefinitionCreate]:
    return [ActionDefinitionCreate(definition=DefinitionRef(name=name)) for name in names]


def _create_body(kind: str, name: str, want: Mapping[str, Any]) -> ActionHTTPCreate | TriggerHTTPCreate:
    body = want.get("requestBody")
    fields: dict[str, Any] = {
        "name": name,
        "summary": want.get("summary"),
        "description": want.get("description"),
        "method": want["method"],
        "parameters": want.get("parameters", []),
        "request_body": None
        if body is None
        else ActionHTTPRequestBodyCreate(required=body.get("required", False), definitions=_refs(body["definitions"])),
        "responses": [
            ActionHTTPResponseCreate(status=r.get("status"), definitions=_refs(r.get("definitions", [])))
            for r in want.get("responses", [])
        ],
    }
    if kind == "actions":
        return ActionHTTPCreate.model_validate({**fields, "path": want["path"]})
    return TriggerHTTPCreate.model_validate(fields)


def _links_update(names: Iterable[str], ids: Mapping[str, str]) -> list[DefinitionLinkUpdate]:
    return [DefinitionLinkUpdate(definition=DefinitionPointer(id=ids[name])) for name in names]


def _update_body(
    kind: str, current: ActionHTTP | TriggerHTTP, want: Mapping[str, Any], ids: Mapping[str, str]
) -> ActionHTTPUpdate | TriggerHTTPUpdate:
    body = want.get("requestBody")
    fields: dict[str, Any] = {
        "id": current.id,
        "name": current.name,
        "summary": want.get("summary"),
        "description": want.get("description"),
        "method": want["method"],
        "parameters": want.get("parameters", []),
        "request_body": None
        if body is None
        else RequestBodyUpdate(
            required=body.get("required", False), definitions=_links_update(body["definitions"], ids)
        ),
        "responses": [
            ResponseUpdate(status=r.get("status"), definitions=_links_update(r.get("definitions", []), ids))
            for r in want.get("responses", [])
        ],
    }
    if kind == "actions":
        return ActionHTTPUpdate.model_validate({**fields, "path": want["path"]})
    return TriggerHTTPUpdate.model_validate(fields)


def apply_contents(
    client: ConnectClient, connector_id: str, version: str, want: Mapping[str, Any], live: Mapping[str, Any]
) -> None:
    """Make a draft's managed contents exactly ``want`` (``live``: what :func:`read_contents` found): definitions
    created or updated first (so that links resolve), then actions and triggers, then what is no longer declared is
    deleted, definitions last."""
    want = {kind: _canonical(kind, value) for kind, value in want.items() if value is not None}  # ints again
    definitions = want.get("definitions")
    listed: dict[str, Definition] | None = None

    def live_definitions() -> dict[str, Definition]:
        nonlocal listed
        if listed is None:
            known = live.get("definitions")
            empty = known == {} and definitions is not None  # read as empty just now (or a new draft)
            listed = {} if empty else {d.name: d for d in client.list_definitions(connector_id, version)}
        return listed

    if definitions is not None:
        current = live_definitions()
        urls = {name: d.url for name, d in current.items()}
        new = sorted(set(definitions) - set(current))
        if new:
            batch = set(new)
            body = DefinitionsCreate(
                definitions=[
                    DefinitionsCreateDefinition(
                        name=name,
                        accept=definitions[name].get("accept", ["application/json"]),
                        description=definitions[name].get("description"),
                        schema_=_schema_text(definitions[name]["schema"], urls, batch),
                    )
                    for name in new
                ]
            )
            created = client.create_definitions(connector_id, version, body)
            current.update({d.name: d for d in created})
            urls.update({d.name: d.url for d in created})
        for name in sorted(set(definitions) & set(live.get("definitions") or {})):
            if live["definitions"][name] != definitions[name]:
                spec = definitions[name]
                update = DefinitionUpdate(
                    id=current[name].id,
                    name=name,
                    accept=spec.get("accept", ["application/json"]),
                    description=spec.get("description"),
                    schema_=_schema_text(spec["schema"], urls, set()),
                )
                client.update_definition(connector_id, version, name, update)
    for kind in ("actions", "triggers"):
        wanted = want.get(kind)
        if wanted is None:
            continue
        present = {} if live.get(kind) == {} else _children(client, kind, connector_id, version)
        for name, item in wanted.items():
            if name not in present:
                _create(client, kind, connector_id, version, _create_body(kind, name, item))
            elif (live.get(kind) or {}).get(name) != item:
                ids = {n: d.id for n, d in live_definitions().items()}
                _update(client, kind, connector_id, version, name, _update_body(kind, present[name], item, ids))
        for name in sorted(set(present) - set(wanted)):
            _delete(client, kind, connector_id, version, name)
    if definitions is not None:
        stale = sorted(set(live_definitions()) - set(definitions))
        if stale:
            client.delete_definitions(connector_id, version, names=stale, force=True)


def _children(client: ConnectClient, kind: str, connector_id: str, version: str) -> dict[str, Any]:
    items = (
        client.list_actions(connector_id, version) if kind == "actions" else client.list_triggers(connector_id, version)
    )
    return {item.name: item for item in items}


def _create(client: ConnectClient, kind: str, connector_id: str, version: str, body: Any) -> None:
    if kind == "actions":
        client.create_action(connector_id, version, body)
    else:
        client.create_trigger(connector_id, version, body)


def _update(client: ConnectClient, kind: str, connector_id: str, version: str, name: str, body: Any) -> None:
    if kind == "actions":
        client.update_action(connector_id, version, name, body)
    else:
        client.update_trigger(connector_id, version, name, body)


def _delete(client: ConnectClient, kind: str, connector_id: str, version: str, name: str) -> None:
    if kind == "actions":
        client.delete_action(connector_id, version, name)
    else:
        client.delete_trigger(connector_id, version, name)


# --- reading ---


def _schema_back(schema: Any, names_by_url: Mapping[str, str]) -> Any:
    if isinstance(schema, dict):
        out = {k: _schema_back(v, names_by_url) for k, v in schema.items()}
        ref = out.get("$ref")
        if isinstance(ref, str) and ref in names_by_url:
            out["$ref"] = LOCAL_REF + names_by_url[ref]
        return out
    if isinstance(schema, list):
        return [_schema_back(v, names_by_url) for v in schema]
    return schema


def _child_input(item: ActionHTTP | TriggerHTTP) -> dict[str, Any]:
    parameter_fields = {"completion"}
    body = item.request_body
    shape: dict[str, Any] = {
        "method": item.method,
        "summary": item.summary,
        "description": item.description,
        "parameters": [
            p.model_dump(mode="json", by_alias=True, exclude_none=True, exclude=parameter_fields)
            for p in item.parameters
        ],
        "requestBody": None
        if body is None
        else {"required": body.required, "definitions": [link.definition.name for link in body.definitions]},
        "responses": [
            {"status": r.status, "definitions": [link.definition.name for link in r.definitions]}
            for r in item.responses
        ],
    }
    if isinstance(item, ActionHTTP):
        shape["path"] = item.path
    return shape


def read_contents(client: ConnectClient, connector_id: str, version: str, managed: Mapping[str, Any]) -> dict[str, Any]:
    """The live contents of the kinds ``managed`` holds (not None), in the inputs' canonical shape."""
    result: dict[str, Any] = {}
    if managed.get("definitions") is not None:
        definitions: list[Definition] = list(client.list_definitions(connector_id, version))
        names_by_url = {d.url: d.name for d in definitions}
        result["definitions"] = _canonical(
            "definitions",
            {
                d.name: {
                    "schema": _schema_back(client.get_raw_schema(connector_id, version, d.id), names_by_url),
                    "accept": d.accept,
                    "description": d.description,
                }
                for d in definitions
            },
        )
    for kind in ("actions", "triggers"):
        if managed.get(kind) is not None:
            children = _children(client, kind, connector_id, version)
            result[kind] = _canonical(kind, {name: _child_input(item) for name, item in children.items()})
    return result
