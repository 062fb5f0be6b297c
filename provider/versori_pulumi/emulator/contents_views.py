"""Reads of version contents: definitions with their live ``url`` and ``referencedBy``, actions and triggers
with their linked definitions rendered as they are now (the read models of :mod:`versori_pulumi.models_contents`),
and raw schemas with references as URLs.

``url`` is ``{api base}/o/{org}/schemas/{connector_id}/{version name}/{definition id}.json`` (``.xml`` for an XML
schema): id-based so a rename keeps every reference valid, and served by GetRawSchema. Empty optional fields are
left out (Go's omitempty): ``description``, ``summary``, ``referencedBy``, ``errors`` (the emulator always
validates, so no ``errors`` means none were found).
"""

from __future__ import annotations

import json
from functools import lru_cache
from typing import Any, cast
from urllib.parse import quote

from pydantic import BaseModel

from versori_pulumi.emulator.contents_records import StoredChild, StoredDefinition, StoredLink
from versori_pulumi.emulator.services.contents import References, Scope, child_errors, references
from versori_pulumi.emulator.services.schemas import render_refs, schema_family
from versori_pulumi.emulator.views import sent
from versori_pulumi.models_contents import (
    ActionDefinition,
    ActionHTTP,
    ActionHTTPRequestBody,
    ActionHTTPResponse,
    Definition,
    DefinitionReference,
    TriggerHTTP,
)

__all__ = ["NOT_KEPT", "action_view", "definition_url", "definition_view", "raw_schema", "trigger_view"]

NOT_KEPT: dict[type[BaseModel], frozenset[str]] = {
    Definition: frozenset({"url", "referenced_by"}),  # computed on every read
    ActionHTTP: frozenset({"type", "errors"}),  # one type (http); the soft validation state is computed
    TriggerHTTP: frozenset({"type", "errors"}),
    ActionHTTPRequestBody: frozenset({"definitions"}),  # the links, rendered as the definitions now
    ActionHTTPResponse: frozenset({"definitions"}),
}
"""Fields of a read model that no record holds, as :data:`versori_pulumi.emulator.views.NOT_KEPT`."""


def definition_url(base: str, scope: Scope, definition: StoredDefinition) -> str:
    ext = "xml" if schema_family(definition.content_type) == "xml" else "json"
    segments = (quote(scope.org, safe=""), "schemas", quote(scope.connector_id, safe=""))
    return f"{base}/o/{'/'.join(segments)}/{quote(scope.version.name, safe='')}/{definition.id}.{ext}"


def definition_view(
    base: str, scope: Scope, definition: StoredDefinition, refs: References | None = None
) -> Definition:
    """The definition as GetDefinition answers it, rendered once per state of the version's items (its
    ``referencedBy`` lists every item linking it: see :class:`~versori_pulumi.emulator.services.contents.
    References`) for the same base URL and version name; ``refs``: that state's, when the caller has them."""
    refs = refs or references(scope.contents)
    key = (base, scope.org, scope.connector_id, scope.version.name, definition.id)
    found = refs.rendered.get(key)
    if found is not None and found[0] is definition:
        return cast(Definition, found[1])
    body = definition.shown(omit_empty=("description",))
    body["url"] = definition_url(base, scope, definition)
    referencing = refs.index.get(definition.id)
    if referencing:
        body["referenced_by"] = [_reference(*reference) for reference in referencing]
    view = Definition.model_validate(body)
    refs.rendered[key] = (definition, view)
    return view


@lru_cache(maxsize=8192)
def _reference(kind: str, item_id: str, name: str) -> DefinitionReference:
    """One ``referencedBy`` entry, made once for all the views listing it (a read model nobody changes)."""
    return sent(DefinitionReference(type=kind, id=item_id, name=name))


def _links_view(base: str, scope: Scope, links: list[StoredLink], refs: References) -> list[ActionDefinition]:
    """Links to definitions that still exist (a forced delete leaves the others, reported in ``errors``)."""
    out: list[ActionDefinition] = []
    for link in links:
        target = scope.definition_by_id(link.definition_id)
        if target is not None:
            out.append(ActionDefinition(id=link.id, definition=definition_view(base, scope, target, refs)))
    return out


def _child_body(base: str, scope: Scope, child: StoredChild) -> dict[str, Any]:
    """The fields of an action (with ``path``) or a trigger, as GetAction / GetTrigger answer it."""
    body = child.shown(exclude=frozenset({"path", "request_body", "responses"}), omit_empty=("summary", "description"))
    body["type"] = "http"
    refs = references(scope.contents)
    if child.kind == "action":
        body["path"] = child.path or ""
    if child.request_body is not None:
        body["request_body"] = {
            **child.request_body.shown(),
            "definitions": _links_view(base, scope, child.request_body.links, refs),
        }
    body["responses"] = [
        {**r.shown(omit_empty=("status",)), "definitions": _links_view(base, scope, r.links, refs)}
        for r in child.responses
    ]
    errors = child_errors(scope, child)
    if errors:
        body["errors"] = [sent(e) for e in errors]
    return body


def action_view(base: str, scope: Scope, child: StoredChild) -> ActionHTTP:
    return ActionHTTP.model_validate(_child_body(base, scope, child))


def trigger_view(base: str, scope: Scope, child: StoredChild) -> TriggerHTTP:
    return TriggerHTTP.model_validate(_child_body(base, scope, child))


def raw_schema(base: str, scope: Scope, definition: StoredDefinition) -> tuple[str, bytes]:
    """GetRawSchema: ``(media type, body)``; JSON Schemas (also those written in YAML) are served as JSON."""
    if schema_family(definition.content_type) == "xml":
        return "text/xml", str(definition.document).encode()

    def url_for(definition_id: str) -> str | None:
        target = scope.definition_by_id(definition_id)
        return definition_url(base, scope, target) if target else None

    rendered = render_refs(definition.document, url_for)
    return "application/schema+json", json.dumps(rendered).encode()
