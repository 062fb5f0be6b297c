"""Version contents: the definitions, actions and triggers of one connector version.

Rules (docs/api-behaviour.md, "Version contents"): children belong to a version and are addressed by name; names
are unique per kind and version (409) and follow the spec's patterns (400); a published version is frozen (409 on
every write, reads still served); actions and triggers fit only an ``http`` connector (400); definitions may
reference each other (:mod:`.schemas`); a definition still referenced by another definition, an action or a
trigger answers 412 to a delete unless forced; every child write moves the version's ``updatedAt`` (and, through
:func:`editing`, the connector's). Validation that the spec calls "to be valid" (at least one response, path
placeholders naming parameters, links left dangling by a forced delete) is soft: reported in ``errors`` on read
and refused at publish time.
"""

from __future__ import annotations

import re
import threading
from collections import OrderedDict
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any, Literal

from versori_pulumi.emulator.contents_records import (
    StoredBody,
    StoredChild,
    StoredDefinition,
    StoredLink,
    StoredResponse,
    VersionContents,
)
from versori_pulumi.emulator.pagination import Page, PageParams, paginate
from versori_pulumi.emulator.problems import APIProblem
from versori_pulumi.emulator.records import ConnectorRecord, VersionRecord, new_id, now
from versori_pulumi.emulator.services.common import editing, load, resolve
from versori_pulumi.emulator.services.schemas import (
    check_accept,
    normalise_refs,
    parse_schema,
    remap_refs,
)
from versori_pulumi.emulator.store import Store
from versori_pulumi.models import ErrorField
from versori_pulumi.models_contents import (
    ActionHTTPCreate,
    ActionHTTPResponseCreate,
    ActionHTTPUpdate,
    ChildError,
    DefinitionReference,
    DefinitionsCreate,
    DefinitionsCreateDefinition,
    DefinitionsDelete,
    DefinitionUpdate,
    ResponseUpdate,
    TriggerHTTPCreate,
    TriggerHTTPUpdate,
)

__all__ = [
    "Kind",
    "References",
    "Scope",
    "child_errors",
    "copy_contents",
    "create_child",
    "create_definitions",
    "delete_child",
    "delete_definitions",
    "find_child",
    "find_definition",
    "list_children",
    "list_definitions",
    "publish_problems",
    "reading",
    "referenced_by",
    "references",
    "select_definitions",
    "update_child",
    "update_definition",
    "writing",
]

Kind = Literal["action", "trigger"]
CHILD_NAME = re.compile(r"^[a-zA-Z0-9_\-$]+$")
DEFINITION_NAME = re.compile(r"^[a-zA-Z0-9_\-]+$")
_PLACEHOLDER = re.compile(r"\{\{\s*param\.([A-Za-z0-9_\-$]+)\s*\}\}")
ChildCreate = ActionHTTPCreate | TriggerHTTPCreate
ChildUpdate = ActionHTTPUpdate | TriggerHTTPUpdate


@dataclass
class Scope:
    """One version of a loaded connector: what every contents rule works on."""

    record: ConnectorRecord
    version: VersionRecord

    @property
    def org(self) -> str:
        return self.record.connector.organisation_id

    @property
    def connector_id(self) -> str:
        return self.record.id

    @property
    def contents(self) -> VersionContents:
        return self.record.contents.setdefault(self.version.id, VersionContents())

    def definition_by_id(self, definition_id: str) -> StoredDefinition | None:
        return next((d for d in self.contents.definitions if d.id == definition_id), None)

    def definition_by_name(self, name: str) -> StoredDefinition | None:
        return next((d for d in self.contents.definitions if d.name == name), None)

    def touch(self) -> None:
        """A child changed: the version's ``updatedAt`` moves (spec: "any changes to child resources")."""
        self.version.updated_at = now()


def reading(store: Store, org: str, connector_id: str, ref: str) -> Scope:
    record = load(store, org, connector_id)
    return Scope(record, resolve(record, ref))


@contextmanager
def writing(store: Store, org: str, connector_id: str, ref: str, *, kind: Kind | None = None) -> Iterator[Scope]:
    """A version to change: 400 for an action or trigger on a non-HTTP connector, 409 when published."""
    with editing(store, org, connector_id) as record:
        version = resolve(record, ref)
        if kind is not None and record.connector.protocol != "http":
            raise APIProblem(400, f"a {kind} of type http does not fit a {record.connector.protocol} connector")
        if version.published_at is not None:
            raise APIProblem(409, f"version {version.name!r} is published and cannot change; create a new version")
        yield Scope(record, version)


def _filtered(items: Sequence[Any], name: str | None) -> list[Any]:
    needle = (name or "").lower()
    return [item for item in items if needle in item.name.lower()]


# --- definitions ---


def list_definitions(scope: Scope, params: PageParams, name: str | None) -> Page[StoredDefinition]:
    return paginate(_filtered(scope.contents.definitions, name), params, lambda d: (d.updated_at, d.id))


def find_definition(scope: Scope, name: str) -> StoredDefinition:
    found = scope.definition_by_name(name)
    if found is None:
        raise APIProblem(404, f"definition {name!r} not found")
    return found


def _check_definition_name(scope: Scope, name: str, field: str, own_id: str | None = None) -> None:
    if not DEFINITION_NAME.match(name):
        raise APIProblem(400, "a definition name may only hold letters, digits, '_' and '-'", field=field)
    other = scope.definition_by_name(name)
    if other is not None and other.id != own_id:
        raise APIProblem(409, f"definition name {name!r} is taken in this version", field=field)


def _stored_document(
    scope: Scope, item: DefinitionsCreateDefinition | DefinitionUpdate, batch: dict[str, str], field: str
) -> tuple[str, Any]:
    schema = item.schema_
    assert schema is not None
    prefix = f"{field}." if field else ""
    check_accept(item.accept, schema.content_type, prefix)
    document = parse_schema(schema, f"{prefix}schema.")

    def by_name(name: str) -> str | None:
        if name in batch:
            return batch[name]
        found = scope.definition_by_name(name)
        return found.id if found else None

    normalised = normalise_refs(
        document,
        by_name=by_name,
        known_id=lambda i: i in batch.values() or scope.definition_by_id(i) is not None,
        connector_id=scope.connector_id,
        version_names=frozenset({scope.version.name, scope.version.id}),
        field=f"{prefix}schema.content",
    )
    return schema.content_type, normalised


def create_definitions(scope: Scope, body: DefinitionsCreate) -> list[StoredDefinition]:
    """All or nothing: names checked, ids assigned, then every schema parsed with the batch's names known."""
    if not body.definitions:
        raise APIProblem(400, "definitions must not be empty", field="definitions")
    batch: dict[str, str] = {}
    for index, item in enumerate(body.definitions):
        field = f"definitions[{index}].name"
        _check_definition_name(scope, item.name, field)
        if item.name in batch:
            raise APIProblem(400, f"definition name {item.name!r} is repeated in this request", field=field)
        batch[item.name] = new_id()
    made: list[StoredDefinition] = []
    for index, item in enumerate(body.definitions):
        content_type, document = _stored_document(scope, item, batch, f"definitions[{index}]")
        made.append(
            StoredDefinition(
                id=batch[item.name],
                name=item.name,
                accept=list(item.accept),
                description=item.description or None,
                content_type=content_type,
                document=document,
            )
        )
    scope.contents.definitions.extend(made)
    scope.touch()
    return made


def update_definition(scope: Scope, name: str, body: DefinitionUpdate) -> StoredDefinition:
    """Rename, new ``accept``/``description``, and a new schema when one is given."""
    stored = find_definition(scope, name)
    if body.id != stored.id:
        raise APIProblem(400, "id does not match the definition", field="id")
    if body.name != stored.name:
        _check_definition_name(scope, body.name, "name", own_id=stored.id)
    changes: dict[str, Any] = {"name": body.name, "accept": list(body.accept), "description": body.description or None}
    if body.schema_ is not None:
        content_type, document = _stored_document(scope, body, {body.name: stored.id}, "")
        changes.update(content_type=content_type, document=document)
    else:
        check_accept(body.accept, stored.content_type, "")
    updated = stored.model_copy(update=changes)
    if updated != stored:
        updated = updated.model_copy(update={"updated_at": now()})
        index = scope.contents.definitions.index(stored)
        scope.contents.definitions[index] = updated
        scope.touch()
    return updated


def referenced_by(scope: Scope, definition_id: str) -> list[DefinitionReference]:
    """Who references a definition: definitions through ``$ref`` (itself excepted), actions and triggers by link."""
    return [
        DefinitionReference(type=kind, id=item_id, name=name)
        for kind, item_id, name in references(scope.contents).index.get(definition_id, ())
    ]


@dataclass
class References:
    """Who references each definition in one state of a version's items, and what views rendered from that state.

    A view of a definition carries its ``referencedBy``, which lists every action linking it (235 for a vendor
    document's shared error schema): rendered once per state and handed to every read of that state (each action
    that links the definition, each page of a listing), not once per link read, which made reading a version's
    actions cost its size squared. Views are read models that nobody changes once made."""

    index: dict[str, list[tuple[str, str, str]]]
    rendered: dict[tuple[str, ...], tuple[Any, Any]] = field(default_factory=dict)


_INDEXES: OrderedDict[tuple[tuple[int, ...], ...], tuple[Any, References]] = OrderedDict()
_INDEXES_LOCK = threading.Lock()


_TARGETS: dict[int, tuple[StoredDefinition | StoredChild, tuple[str, ...]]] = {}
_TARGETS_KEPT = 10_000
"""Items whose targets are kept (with the items: a bound on what the cache holds alive, about 20 versions of 500)."""


def _targets(item: StoredDefinition | StoredChild) -> tuple[str, ...]:
    """The definition ids an item references (a definition: by ``$ref``, itself excepted, sorted; an action or
    trigger: by link, in order), found once per item object (items never change), so that a version's index after
    one more item costs a walk of the items, not of every schema and link again. Kept with their items (an id is
    not reused while the item is held), and dropped all at once past a bound."""
    found = _TARGETS.get(id(item))
    if found is not None and found[0] is item:
        return found[1]
    if isinstance(item, StoredDefinition):
        targets = tuple(sorted(item.references() - {item.id}))
    else:
        targets = tuple(dict.fromkeys(link.definition_id for link in item.links()))
    if len(_TARGETS) >= _TARGETS_KEPT:
        _TARGETS.clear()
    _TARGETS[id(item)] = (item, targets)
    return targets


def references(contents: VersionContents) -> References:
    """Definition id -> ``(kind, id, name)`` of what references it, in :func:`referenced_by`'s order, built once
    per state of a version's items (items are frozen: the same objects are the same state) and kept for the
    last few states, so reading one item's references does not scan the version each time. The cache holds the
    items it was built from, so the ids in its key are never reused while it is kept."""
    lists = (contents.definitions, contents.actions, contents.triggers)
    key = tuple(tuple(map(id, items)) for items in lists)
    with _INDEXES_LOCK:
        found = _INDEXES.get(key)
        if found is not None:
            _INDEXES.move_to_end(key)
            return found[1]
    index: dict[str, list[tuple[str, str, str]]] = {}
    for definition in contents.definitions:
        for target in _targets(definition):
            index.setdefault(target, []).append(("definition", definition.id, definition.name))
    for kind in ("action", "trigger"):
        for child in contents.children(kind):
            for target in _targets(child):
                index.setdefault(target, []).append((kind, child.id, child.name))
    built = References(index)
    with _INDEXES_LOCK:
        _INDEXES[key] = (tuple(list(items) for items in lists), built)
        while len(_INDEXES) > 8:
            _INDEXES.popitem(last=False)
    return built


def delete_definitions(scope: Scope, doomed: Sequence[StoredDefinition], *, force: bool) -> None:
    """Delete a set of definitions; 412 naming the first one still referenced from outside the set."""
    ids = {d.id for d in doomed}
    if not force:
        for definition in doomed:
            outside = [r for r in referenced_by(scope, definition.id) if not (r.type == "definition" and r.id in ids)]
            if outside:
                detail = {"id": definition.id, "name": definition.name, "referencedBy": [r.wire() for r in outside]}
                raise APIProblem(
                    412,
                    f"definition {definition.name!r} is referenced; delete with force=true to override",
                    extra={"definition": detail},
                )
    scope.contents.definitions = [d for d in scope.contents.definitions if d.id not in ids]
    scope.touch()


def select_definitions(scope: Scope, body: DefinitionsDelete) -> list[StoredDefinition]:
    """The definitions a bulk delete names: all, or the union of ``ids`` and ``names`` (404 for an unknown one)."""
    if body.all:
        return list(scope.contents.definitions)
    chosen: dict[str, StoredDefinition] = {}
    for index, definition_id in enumerate(body.ids or []):
        found = scope.definition_by_id(definition_id)
        if found is None:
            raise APIProblem(404, "no definition has this id", field=f"ids[{index}]")
        chosen[found.id] = found
    for index, name in enumerate(body.names or []):
        found = scope.definition_by_name(name)
        if found is None:
            raise APIProblem(404, f"definition {name!r} not found", field=f"names[{index}]")
        if found.id in chosen and found.id in (body.ids or []):
            raise APIProblem(400, "a definition cannot be named by both its id and its name", field=f"names[{index}]")
        chosen[found.id] = found
    return list(chosen.values())


# --- actions and triggers ---


def list_children(scope: Scope, kind: Kind, params: PageParams, name: str | None) -> Page[StoredChild]:
    return paginate(_filtered(scope.contents.children(kind), name), params, lambda c: (c.updated_at, c.id))


def find_child(scope: Scope, kind: Kind, name: str) -> StoredChild:
    found = next((c for c in scope.contents.children(kind) if c.name == name), None)
    if found is None:
        raise APIProblem(404, f"{kind} {name!r} not found")
    return found


def _check_child_name(scope: Scope, kind: Kind, name: str, own_id: str | None = None) -> None:
    if not CHILD_NAME.match(name):
        raise APIProblem(400, f"an {kind} name may only hold letters, digits, '_', '-' and '$'", field="name")
    if any(c.name == name and c.id != own_id for c in scope.contents.children(kind)):
        raise APIProblem(409, f"{kind} name {name!r} is taken in this version", field="name")


def _link_target(scope: Scope, ref_id: str | None, ref_name: str | None, field: str) -> StoredDefinition:
    by_id = scope.definition_by_id(ref_id) if ref_id is not None else None
    by_name = scope.definition_by_name(ref_name) if ref_name is not None else None
    if ref_id is not None and ref_name is not None and by_id is not None and by_name is not None:
        if by_id.id != by_name.id:
            raise APIProblem(400, "the definition's id and name name different definitions", field=field)
    found = by_id or by_name
    if found is None or (ref_id is not None and by_id is None and ref_name is None):
        raise APIProblem(400, "the linked definition does not exist in this version", field=field)
    return found


def _links(
    scope: Scope, refs: Sequence[tuple[str | None, str | None, str | None]], old: Sequence[StoredLink], field: str
) -> list[StoredLink]:
    """Links from ``(link id, definition id, definition name)``; one definition per media type (R8)."""
    kept = {link.id for link in old}
    covered: set[str] = set()
    links: list[StoredLink] = []
    for index, (link_id, ref_id, ref_name) in enumerate(refs):
        where = f"{field}.definitions[{index}].definition"
        target = _link_target(scope, ref_id, ref_name, where)
        media = {m.split(";", 1)[0].strip().lower() for m in target.accept}
        if media & covered:
            raise APIProblem(400, "two linked definitions accept the same media type", field=where)
        covered |= media
        links.append(StoredLink(id=link_id if link_id in kept else new_id(), definition_id=target.id))
    return links


def _check_parameters(parameters: Sequence[Any]) -> list[dict[str, Any]]:
    seen: set[tuple[str, str]] = set()
    stored: list[dict[str, Any]] = []
    for index, parameter in enumerate(parameters):
        key = (parameter.name, parameter.in_)
        if not parameter.name.strip():
            raise APIProblem(400, "a parameter needs a name", field=f"parameters[{index}].name")
        if key in seen:
            raise APIProblem(400, "a parameter is repeated (same name and in)", field=f"parameters[{index}]")
        seen.add(key)
        if not _default_fits(parameter.default, parameter.type):
            raise APIProblem(400, "default does not match the parameter's type", field=f"parameters[{index}].default")
        stored.append(parameter.wire())
    return stored


def _default_fits(default: Any, kind: str) -> bool:
    if default is None or isinstance(default, str):  # a string may be a template, whatever the type
        return True
    if kind == "boolean":
        return isinstance(default, bool)
    if kind == "integer":
        return isinstance(default, int) and not isinstance(default, bool)
    if kind == "number":
        return isinstance(default, int | float) and not isinstance(default, bool)
    return False


def _check_statuses(statuses: Sequence[int | None]) -> None:
    seen: set[int | None] = set()
    for index, status in enumerate(statuses):
        if status is not None and not 100 <= status <= 599:
            raise APIProblem(400, "status must be an HTTP status code", field=f"responses[{index}].status")
        if status in seen:
            what = "one default response (no status)" if status is None else "one response per status"
            raise APIProblem(400, f"an {what} is allowed", field=f"responses[{index}].status")
        seen.add(status)


def _build_child(scope: Scope, kind: Kind, body: ChildCreate | ChildUpdate, old: StoredChild | None) -> StoredChild:
    parameters = _check_parameters(body.parameters)
    _check_statuses([r.status for r in body.responses])
    old_body_links = old.request_body.links if old and old.request_body else []
    request_body: StoredBody | None = None
    if body.request_body is not None:
        refs = [
            (getattr(link, "id", None), link.definition.id, link.definition.name)
            for link in body.request_body.definitions
        ]
        request_body = StoredBody(
            required=body.request_body.required, links=_links(scope, refs, old_body_links, "requestBody")
        )
    old_responses = {r.id: r for r in old.responses} if old else {}
    responses: list[StoredResponse] = []
    updating = isinstance(body, ActionHTTPUpdate | TriggerHTTPUpdate)
    wanted: Sequence[ActionHTTPResponseCreate | ResponseUpdate] = body.responses
    for index, response in enumerate(wanted):
        previous = old_responses.get(response.id or "") if updating else None
        refs = [(getattr(link, "id", None), link.definition.id, link.definition.name) for link in response.definitions]
        links = _links(scope, refs, previous.links if previous else [], f"responses[{index}]")
        responses.append(StoredResponse(id=previous.id if previous else new_id(), status=response.status, links=links))
    kept = {"id": old.id, "created_at": old.created_at, "updated_at": now()} if old else {}
    return StoredChild(
        **kept,
        kind=kind,
        name=body.name,
        summary=body.summary or None,
        description=body.description or None,
        method=body.method,
        path=getattr(body, "path", None),
        parameters=parameters,
        request_body=request_body,
        responses=responses,
    )


def create_child(scope: Scope, kind: Kind, body: ChildCreate) -> StoredChild:
    _check_child_name(scope, kind, body.name)
    child = _build_child(scope, kind, body, None)
    scope.contents.children(kind).append(child)
    scope.touch()
    return child


def update_child(scope: Scope, kind: Kind, name: str, body: ChildUpdate) -> StoredChild:
    """Full replace from the read shape; a rename needs a free name; an unchanged body changes nothing."""
    stored = find_child(scope, kind, name)
    if body.id != stored.id:
        raise APIProblem(400, f"id does not match the {kind}", field="id")
    if body.name != stored.name:
        _check_child_name(scope, kind, body.name, own_id=stored.id)
    updated = _build_child(scope, kind, body, stored)
    if updated.model_dump(exclude={"updated_at"}) == stored.model_dump(exclude={"updated_at"}):
        return stored
    children = scope.contents.children(kind)
    children[children.index(stored)] = updated
    scope.touch()
    return updated


def delete_child(scope: Scope, kind: Kind, name: str) -> None:
    stored = find_child(scope, kind, name)
    children = scope.contents.children(kind)
    children.remove(stored)
    scope.touch()


def child_errors(scope: Scope, child: StoredChild) -> list[ChildError]:
    """The soft validation state of an action or trigger, as JSON Pointers into it."""
    errors: list[ChildError] = []
    if not child.responses:
        errors.append(ChildError(field="/responses", message="at least one response must be defined", severity="error"))
    names = {p.get("name") for p in child.parameters}
    if child.path is not None:
        for placeholder in _PLACEHOLDER.findall(child.path):
            if placeholder not in names:
                message = f"the path uses parameter {placeholder!r}, which is not defined"
                errors.append(ChildError(field="/path", message=message, severity="error"))
        used = set(_PLACEHOLDER.findall(child.path))
        for index, parameter in enumerate(child.parameters):
            if parameter.get("in") == "path" and parameter.get("name") not in used:
                message = "a path parameter the path does not use"
                errors.append(ChildError(field=f"/parameters/{index}", message=message, severity="warning"))
    places: list[tuple[str, list[StoredLink]]] = []
    if child.request_body is not None:
        places.append(("/requestBody", child.request_body.links))
    places += [(f"/responses/{i}", r.links) for i, r in enumerate(child.responses)]
    for where, links in places:
        for index, link in enumerate(links):
            if scope.definition_by_id(link.definition_id) is None:
                message = "the linked definition was deleted"
                errors.append(ChildError(field=f"{where}/definitions/{index}", message=message, severity="error"))
    return errors


def publish_problems(scope: Scope) -> list[ErrorField]:
    """What keeps the version from being published: error-severity child errors and dangling ``$ref``s."""
    problems: list[ErrorField] = []
    for kind in ("action", "trigger"):
        for child in scope.contents.children(kind):
            problems += [
                ErrorField(field=f"{kind}s.{child.name}{e.field.replace('/', '.')}", message=e.message)
                for e in child_errors(scope, child)
                if e.severity == "error"
            ]
    for definition in scope.contents.definitions:
        if any(scope.definition_by_id(i) is None for i in definition.references()):
            message = "the schema references a deleted definition"
            problems.append(ErrorField(field=f"definitions.{definition.name}", message=message))
    return problems


# --- copies ---


def copy_contents(source: VersionContents) -> VersionContents:
    """A deep copy with new ids (definitions, children, links, responses) and references remapped to the copies."""
    id_map = {d.id: new_id() for d in source.definitions}

    def link(old: StoredLink) -> StoredLink:
        return StoredLink(definition_id=id_map.get(old.definition_id, old.definition_id))

    def child(old: StoredChild) -> StoredChild:
        body = old.request_body
        return old.renewed(
            request_body=StoredBody(required=body.required, links=[link(x) for x in body.links]) if body else None,
            responses=[StoredResponse(status=r.status, links=[link(x) for x in r.links]) for r in old.responses],
        )

    return VersionContents(
        definitions=[d.renewed(id=id_map[d.id], document=remap_refs(d.document, id_map)) for d in source.definitions],
        actions=[child(c) for c in source.actions],
        triggers=[child(c) for c in source.triggers],
    )
