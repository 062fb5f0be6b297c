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
from collections.abc import Callable, Iterable, Mapping
from functools import partial
from typing import TYPE_CHECKING, Annotated, Any, Literal

from pydantic import AfterValidator, BeforeValidator, Field, TypeAdapter

from versori_pulumi._core.contents_rules import KINDS, LOCAL_REF, contents_rules, first_change
from versori_pulumi.errors import ConflictError, NotFoundError
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


def _schema_refs(schema: Any) -> set[str]:
    """The definition names a schema links as ``#/$defs/{name}``."""
    found: set[str] = set()

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            ref = node.get("$ref")
            if isinstance(ref, str) and ref.startswith(LOCAL_REF):
                found.add(ref[len(LOCAL_REF) :])
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(schema)
    return found


def _linked(item: Mapping[str, Any]) -> set[str]:
    """The definition names an action or trigger links (its body and responses)."""
    body = item.get("requestBody") or {}
    names = set(body.get("definitions") or [])
    for response in item.get("responses") or []:
        names.update(response.get("definitions") or [])
    return names


_LIST_ABOVE = 40
"""Above this many definitions to look up, one listing (100 a page) beats a GET each."""


class _Definitions:
    """The definitions this run needs the ids or URLs of, looked up once: by name, concurrently, or by one
    listing when many are needed."""

    def __init__(self, client: ConnectClient, connector_id: str, version: str) -> None:
        self.client, self.connector_id, self.version = client, connector_id, version
        self.known: dict[str, Definition] = {}
        self.missing: set[str] = set()

    def load(self, names: Iterable[str]) -> None:
        wanted = sorted(set(names) - set(self.known) - self.missing)
        if not wanted:
            return
        if len(wanted) > _LIST_ABOVE:
            self.add(self.client.list_definitions(self.connector_id, self.version))
        else:
            from versori_pulumi._core.parallel import run_all

            def get(name: str) -> Definition | None:
                try:
                    return self.client.get_definition(self.connector_id, self.version, name)
                except NotFoundError:
                    return None

            self.add(d for d in run_all(self.client, [partial(get, n) for n in wanted]) if d is not None)
        self.missing |= {name for name in wanted if name not in self.known}

    def add(self, definitions: Iterable[Definition]) -> None:
        for definition in definitions:
            self.known[definition.name] = definition
            self.missing.discard(definition.name)

    def ids(self) -> dict[str, str]:
        return {name: d.id for name, d in self.known.items()}

    def update(self, name: str, spec: Mapping[str, Any], urls: Mapping[str, str]) -> None:
        """Write a known definition as ``spec`` declares it; its links to others as their URLs (``urls``, taken
        once for a batch of updates)."""
        body = DefinitionUpdate(
            id=self.known[name].id,
            name=name,
            accept=_accept(spec),
            description=spec.get("description"),
            schema_=_schema_text(spec["schema"], urls, set()),
        )
        self.client.update_definition(self.connector_id, self.version, name, body)

    def urls(self) -> dict[str, str]:
        return {name: d.url for name, d in self.known.items()}


def apply_contents(
    client: ConnectClient, connector_id: str, version: str, want: Mapping[str, Any], live: Mapping[str, Any]
) -> None:
    """Make a draft's managed contents exactly ``want``, ``live`` being what it holds now: read just now, or what
    this provider last wrote (the previous outputs, on an update). Only what differs is written, looking up just
    the ids and URLs those writes need, ``client.concurrency`` requests at a time, in the order the API needs:
    new definitions (one atomic batch), then changed ones; then actions and triggers (which link definitions);
    then what is no longer declared is deleted, definitions last (after the actions that used them). An item found
    otherwise than ``live`` says (created, changed or deleted out of band since) is still brought to ``want``: a
    create that meets the name updates it, an update that meets nothing creates it, a delete of nothing is done."""
    from versori_pulumi._core.parallel import run_all

    want = {kind: _canonical(kind, value) for kind, value in want.items() if value is not None}  # ints again
    live = {kind: _canonical(kind, value) for kind, value in live.items() if value is not None and kind in want}
    index = _Definitions(client, connector_id, version)
    definitions: dict[str, Any] | None = want.get("definitions")
    new: list[str] = []
    changed: list[str] = []
    if definitions is not None:
        was = live.get("definitions") or {}
        new = sorted(set(definitions) - set(was))
        changed = sorted(n for n in set(definitions) & set(was) if was[n] != definitions[n])
    writes = {kind: _child_writes(want.get(kind), live.get(kind)) for kind in ("actions", "triggers")}
    needed = set(changed)
    for name in [*new, *changed]:
        needed |= _schema_refs(definitions[name]["schema"]) if definitions else set()
    for kind, (_create_names, update, _gone) in writes.items():
        needed |= {link for name in update for link in _linked(want[kind][name])}
    index.load(needed - set(new))
    new += sorted(set(changed) & index.missing)  # deleted out of band: made again
    changed = [name for name in changed if name not in index.missing]
    if definitions is not None and new:
        index.add(_create_definitions(client, connector_id, version, definitions, new, index))
    if definitions is not None and changed:
        urls = index.urls()
        run_all(client, [partial(index.update, n, definitions[n], urls) for n in changed])
    ids = index.ids()
    calls: list[Callable[[], None]] = [
        partial(_put_child, client, kind, connector_id, version, name, want[kind][name], ids, creating)
        for kind, (create, update, _gone) in writes.items()
        for names, creating in ((create, True), (update, False))
        for name in names
    ]
    run_all(client, calls)
    run_all(
        client,
        [
            partial(_delete, client, kind, connector_id, version, name)
            for kind, (_c, _u, gone) in writes.items()
            for name in gone
        ],
    )
    if definitions is not None:
        stale = sorted(set(live.get("definitions") or {}) - set(definitions))
        if stale:
            _delete_definitions(client, connector_id, version, stale)


def _child_writes(
    wanted: Mapping[str, Any] | None, was: Mapping[str, Any] | None
) -> tuple[list[str], list[str], list[str]]:
    """``(create, update, delete)`` names of one kind: what differs between ``was`` and ``wanted``."""
    if wanted is None:
        return [], [], []
    was = was or {}
    create = [name for name in wanted if name not in was]
    update = [name for name in wanted if name in was and was[name] != wanted[name]]
    return create, update, sorted(set(was) - set(wanted))


def _create_definitions(
    client: ConnectClient,
    connector_id: str,
    version: str,
    definitions: Mapping[str, Any],
    names: list[str],
    index: _Definitions,
) -> list[Definition]:
    """Create ``names`` in one atomic batch; when some exist already (made out of band, or by an earlier run
    that failed before recording it), those are updated instead."""

    def batch(made: list[str]) -> DefinitionsCreate:
        urls, chosen = index.urls(), set(made)
        return DefinitionsCreate(
            definitions=[
                DefinitionsCreateDefinition(
                    name=name,
                    accept=_accept(definitions[name]),
                    description=definitions[name].get("description"),
                    schema_=_schema_text(definitions[name]["schema"], urls, chosen),
                )
                for name in made
            ]
        )

    try:
        return client.create_definitions(connector_id, version, batch(names))
    except ConflictError:
        present = {d.name: d for d in client.list_definitions(connector_id, version)}
        index.add(present.values())
        fresh = [name for name in names if name not in present]
        created = client.create_definitions(connector_id, version, batch(fresh)) if fresh else []
        index.add(created)
        urls = index.urls()
        for name in names:
            if name in present:
                index.update(name, definitions[name], urls)
        return created


def _accept(spec: Mapping[str, Any]) -> list[str]:
    """A definition's media types: JSON when the inputs leave them out."""
    accept: list[str] = spec.get("accept", ["application/json"])
    return accept


def _delete_definitions(client: ConnectClient, connector_id: str, version: str, names: list[str]) -> None:
    """Delete definitions by name (forced: the actions that used them are already gone or relinked); names found
    gone already are skipped."""
    try:
        client.delete_definitions(connector_id, version, names=names, force=True)
    except NotFoundError:
        present = {d.name for d in client.list_definitions(connector_id, version)}
        remaining = [name for name in names if name in present]
        if remaining:
            client.delete_definitions(connector_id, version, names=remaining, force=True)


def _put_child(
    client: ConnectClient,
    kind: str,
    connector_id: str,
    version: str,
    name: str,
    item: Mapping[str, Any],
    ids: Mapping[str, str],
    create: bool,
) -> None:
    """Create (``create``) or update one action or trigger; a create meeting the name updates it, an update
    meeting nothing creates it."""
    if create:
        try:
            _create(client, kind, connector_id, version, _create_body(kind, name, item))
            return
        except ConflictError:
            pass
    try:
        current = _get(client, kind, connector_id, version, name)
    except NotFoundError:
        _create(client, kind, connector_id, version, _create_body(kind, name, item))
        return
    missing = _linked(item) - set(ids)
    if missing:  # links to definitions this run did not look up (a create that met an existing action)
        found = {d.name: d.id for d in client.list_definitions(connector_id, version) if d.name in missing}
        ids = {**ids, **found}
    _update(client, kind, connector_id, version, name, _update_body(kind, current, item, ids))


def _get(client: ConnectClient, kind: str, connector_id: str, version: str, name: str) -> ActionHTTP | TriggerHTTP:
    if kind == "actions":
        return client.get_action(connector_id, version, name)
    return client.get_trigger(connector_id, version, name)


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
    try:
        if kind == "actions":
            client.delete_action(connector_id, version, name)
        else:
            client.delete_trigger(connector_id, version, name)
    except NotFoundError:
        pass  # gone already: the delete's goal holds


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
    """The live contents of the kinds ``managed`` holds (not None), in the inputs' canonical shape: the listings
    side by side, then every definition's schema, ``client.concurrency`` requests at a time."""
    from versori_pulumi._core.parallel import run_all

    kinds = [kind for kind in KINDS if managed.get(kind) is not None]

    def listing(kind: str) -> list[Any]:
        if kind == "definitions":
            return list(client.list_definitions(connector_id, version))
        return list(_children(client, kind, connector_id, version).values())

    listed = dict(zip(kinds, run_all(client, [partial(listing, k) for k in kinds]), strict=True))
    result: dict[str, Any] = {}
    if "definitions" in listed:
        definitions: list[Definition] = listed["definitions"]
        names_by_url = {d.url: d.name for d in definitions}
        schemas = run_all(client, [partial(client.get_raw_schema, connector_id, version, d.id) for d in definitions])
        result["definitions"] = _canonical(
            "definitions",
            {
                d.name: {"schema": _schema_back(schema, names_by_url), "accept": d.accept, "description": d.description}
                for d, schema in zip(definitions, schemas, strict=True)
            },
        )
    for kind in ("actions", "triggers"):
        if kind in listed:
            result[kind] = _canonical(kind, {item.name: _child_input(item) for item in listed[kind]})
    return result
