"""Response bodies of version contents: definitions with their live ``url`` and ``referencedBy``, actions and
triggers with their linked definitions rendered as they are now, and raw schemas with references as URLs.

``url`` is ``{api base}/o/{org}/schemas/{connector_id}/{version name}/{definition id}.json`` (``.xml`` for an XML
schema): id-based so a rename keeps every reference valid, and served by GetRawSchema. Empty optional fields are
left out (Go's omitempty): ``description``, ``summary``, ``referencedBy``, ``errors`` (the emulator always
validates, so no ``errors`` means none were found).
"""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import quote

from versori_pulumi.emulator.contents_records import StoredChild, StoredDefinition, StoredLink
from versori_pulumi.emulator.services.contents import Scope, child_errors, referenced_by
from versori_pulumi.emulator.services.schemas import render_refs, schema_family

__all__ = ["child_view", "definition_url", "definition_view", "raw_schema"]

Body = dict[str, Any]


def definition_url(base: str, scope: Scope, definition: StoredDefinition) -> str:
    ext = "xml" if schema_family(definition.content_type) == "xml" else "json"
    segments = (quote(scope.org, safe=""), "schemas", quote(scope.connector_id, safe=""))
    return f"{base}/o/{'/'.join(segments)}/{quote(scope.version.name, safe='')}/{definition.id}.{ext}"


def definition_view(base: str, scope: Scope, definition: StoredDefinition) -> Body:
    body: Body = {"id": definition.id, "name": definition.name, "accept": list(definition.accept)}
    if definition.description:
        body["description"] = definition.description
    body["url"] = definition_url(base, scope, definition)
    refs = referenced_by(scope, definition.id)
    if refs:
        body["referencedBy"] = [r.wire() for r in refs]
    return body


def _links_view(base: str, scope: Scope, links: list[StoredLink]) -> list[Body]:
    """Links to definitions that still exist (a forced delete leaves the others, reported in ``errors``)."""
    out: list[Body] = []
    for link in links:
        target = scope.definition_by_id(link.definition_id)
        if target is not None:
            out.append({"id": link.id, "definition": definition_view(base, scope, target)})
    return out


def child_view(base: str, scope: Scope, child: StoredChild) -> Body:
    """An action (with ``path``) or a trigger, as GetAction / GetTrigger answer it."""
    body: Body = {"id": child.id, "type": "http", "name": child.name}
    if child.summary:
        body["summary"] = child.summary
    if child.description:
        body["description"] = child.description
    body["method"] = child.method
    if child.kind == "action":
        body["path"] = child.path or ""
    body["parameters"] = [dict(p) for p in child.parameters]
    if child.request_body is not None:
        body["requestBody"] = {
            "required": child.request_body.required,
            "definitions": _links_view(base, scope, child.request_body.links),
        }
    responses: list[Body] = []
    for response in child.responses:
        item: Body = {} if response.status is None else {"status": response.status}
        item.update(id=response.id, definitions=_links_view(base, scope, response.links))
        responses.append(item)
    body["responses"] = responses
    errors = child_errors(scope, child)
    if errors:
        body["errors"] = [e.wire() for e in errors]
    return body


def raw_schema(base: str, scope: Scope, definition: StoredDefinition) -> tuple[str, bytes]:
    """GetRawSchema: ``(media type, body)``; JSON Schemas (also those written in YAML) are served as JSON."""
    if schema_family(definition.content_type) == "xml":
        return "text/xml", str(definition.document).encode()

    def url_for(definition_id: str) -> str | None:
        target = scope.definition_by_id(definition_id)
        return definition_url(base, scope, target) if target else None

    rendered = render_refs(definition.document, url_for)
    return "application/schema+json", json.dumps(rendered).encode()
