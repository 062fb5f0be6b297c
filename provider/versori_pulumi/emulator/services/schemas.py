"""Definition schemas: parsing the inline schema text, checking ``accept`` against it, and the ``$ref`` rules.

A schema whose content type is JSON or YAML (``application/schema+json``, ``application/schema+yaml``, any
``+json``/``+yaml``) is parsed and must be an object or a boolean (a JSON Schema); an XML one (``text/xml``, any
``+xml``) is kept as text. References to other definitions are stored as :func:`definition_urn` (by id):
``#/$defs/{name}`` names a definition of the same request first, then of the version (unless the schema's own
``$defs`` has that name); a URL names one by id and must point into the same connector and version. Any other
non-local ``$ref`` is refused: the emulator fetches nothing.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any
from urllib.parse import unquote, urlsplit

import yaml

from versori_pulumi.emulator.contents_records import URN_PREFIX, definition_urn, referenced_ids
from versori_pulumi.emulator.problems import APIProblem
from versori_pulumi.models_contents import InlineSchema

__all__ = [
    "check_accept",
    "normalise_refs",
    "parse_schema",
    "referenced_ids",
    "remap_refs",
    "render_refs",
    "schema_family",
]

DEFS = "#/$defs/"


def _base(media_type: str) -> str:
    return media_type.split(";", 1)[0].strip().lower()


def schema_family(media_type: str) -> str | None:
    """``json``, ``yaml`` or ``xml`` for a media type (parameters ignored), else None."""
    base = _base(media_type)
    if base in ("application/json", "text/json") or base.endswith("+json"):
        return "json"
    if base in ("application/yaml", "application/x-yaml", "text/yaml", "text/x-yaml") or base.endswith("+yaml"):
        return "yaml"
    if base in ("text/xml", "application/xml") or base.endswith("+xml"):
        return "xml"
    return None


def parse_schema(schema: InlineSchema, prefix: str) -> Any:
    """The stored form of an inline schema: parsed JSON/YAML (an object or boolean), or XML text. ``prefix`` is the
    schema's location in the body (``definitions[0].schema.``, or ``schema.``)."""
    family = schema_family(schema.content_type)
    if family is None:
        raise APIProblem(
            400, "unsupported schema contentType (JSON, YAML or XML schemas)", field=f"{prefix}contentType"
        )
    if family == "xml":
        if not schema.content.strip():
            raise APIProblem(400, "schema content is empty", field=f"{prefix}content")
        return schema.content
    try:
        document = json.loads(schema.content) if family == "json" else yaml.safe_load(schema.content)
    except (ValueError, yaml.YAMLError):
        raise APIProblem(400, f"schema content is not valid {family.upper()}", field=f"{prefix}content") from None
    if not isinstance(document, dict | bool):
        raise APIProblem(400, "a JSON Schema must be an object or a boolean", field=f"{prefix}content")
    return document


def check_accept(accept: list[str], content_type: str, prefix: str) -> None:
    """``accept`` names data media types of the schema's kind: JSON/YAML data for a JSON Schema, XML for XSD."""
    if not accept or any(not media.strip() for media in accept):
        raise APIProblem(400, "accept must list at least one media type", field=f"{prefix}accept")
    families = {schema_family(media) for media in accept}
    wanted = {"xml"} if schema_family(content_type) == "xml" else {"json", "yaml"}
    if not families & wanted:
        raise APIProblem(400, "accept names no media type the schema can describe", field=f"{prefix}accept")


def _pointer_name(text: str) -> str:
    return unquote(text).replace("~1", "/").replace("~0", "~")


def normalise_refs(
    document: Any,
    *,
    by_name: Callable[[str], str | None],
    known_id: Callable[[str], bool],
    connector_id: str,
    version_names: frozenset[str],
    field: str,
) -> Any:
    """A copy of ``document`` with each reference to a definition rewritten to its URN; 400 on one that resolves
    to nothing. ``by_name`` finds a definition id by name, ``known_id`` tells whether an id exists."""
    if not isinstance(document, dict | list):
        return document
    own = document.get("$defs", {}) if isinstance(document, dict) else {}
    own_defs = own if isinstance(own, dict) else {}

    def fix(ref: str) -> str:
        if ref.startswith(DEFS):
            name = _pointer_name(ref[len(DEFS) :])
            if "/" in name or name in own_defs:
                return ref
            target = by_name(name)
            if target is None:
                raise APIProblem(400, "a $ref names no definition of this request or version", field=field)
            return definition_urn(target)
        if ref.startswith("#"):
            return ref
        if ref.startswith(URN_PREFIX):
            if not known_id(ref[len(URN_PREFIX) :]):
                raise APIProblem(400, "a $ref names no definition of this version", field=field)
            return ref
        parts = [p for p in urlsplit(ref).path.split("/") if p]
        if len(parts) >= 3 and parts[-3] == connector_id and unquote(parts[-2]) in version_names:
            target_id = unquote(parts[-1]).split(".", 1)[0]
            if known_id(target_id):
                return definition_urn(target_id)
        raise APIProblem(400, "a $ref must name a definition of the same connector version", field=field)

    def walk(node: Any) -> Any:
        if isinstance(node, dict):
            return {k: fix(v) if k == "$ref" and isinstance(v, str) else walk(v) for k, v in node.items()}
        if isinstance(node, list):
            return [walk(item) for item in node]
        return node

    return walk(document)


def render_refs(document: Any, url_for: Callable[[str], str | None]) -> Any:
    """A stored schema with each definition URN replaced by that definition's URL (kept when it was deleted)."""

    def walk(node: Any) -> Any:
        if isinstance(node, dict):
            out: dict[str, Any] = {}
            for key, value in node.items():
                if key == "$ref" and isinstance(value, str) and value.startswith(URN_PREFIX):
                    out[key] = url_for(value[len(URN_PREFIX) :]) or value
                else:
                    out[key] = walk(value)
            return out
        if isinstance(node, list):
            return [walk(item) for item in node]
        return node

    return walk(document)


def remap_refs(document: Any, id_map: dict[str, str]) -> Any:
    """A stored schema with its definition URNs pointing at copies (``id_map``: old id -> new id)."""
    return render_refs(document, lambda old: definition_urn(id_map[old]) if old in id_map else None)
