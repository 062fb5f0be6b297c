"""What in an OpenAPI document stops its import, and what only deserves a warning.

An import refuses a document only when no faithful mapping exists: it is not OpenAPI 3.0/3.1, or a ``$ref`` points
outside the document or to nothing in it (the mapping itself refuses the shapes it cannot read, such as a
``content`` that is not a map). Every other departure from the OpenAPI meta-schema (a missing description, an
extra keyword, a value of the wrong type where the mapping does not read it) is a ``warning`` with a JSON Pointer:
vendors publish such documents and the platform imports them. The meta-schema is checked by jsonschema-rs (Rust;
the pure-Python validator took seconds on a vendor's 1 MB document).
"""

from __future__ import annotations

import importlib.util
import json
import re
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import Any

from referencing import Registry, Resource
from referencing.exceptions import Unresolvable

from .models import Message, MessageSeverity

__all__ = ["MAX_LISTED", "check_references", "check_version", "group_messages", "meta_schema_warnings", "pointer"]

MAX_LISTED = 20
"""How many problems a refusal lists before saying how many more there are."""

_VERSION = re.compile(r"^3\.[01]\.\d+")


def pointer(*steps: str | int) -> str:
    """A JSON Pointer fragment (``#/paths/~1pets/get``) from path steps."""
    return "#" + "".join("/" + str(s).replace("~", "~0").replace("/", "~1") for s in steps)


def error(text: str, *where: str) -> Message:
    return Message(text=text, severity=MessageSeverity.ERROR, detail=list(where))


def warning(text: str, *where: str) -> Message:
    return Message(text=text, severity=MessageSeverity.WARNING, detail=list(where))


def check_version(document: dict[str, Any]) -> list[Message]:
    """The one problem that makes every other meaningless: the document is not OpenAPI 3.0/3.1."""
    if "swagger" in document:
        return [error("OpenAPI 2.x (swagger) is not supported; convert the document to OpenAPI 3", "#/swagger")]
    version = document.get("openapi")
    if not isinstance(version, str) or not _VERSION.match(version):
        return [error("the document must declare openapi: 3.0.x or 3.1.x", "#/openapi")]
    return []


def _refs(node: Any, steps: tuple[str | int, ...] = ()) -> Iterator[tuple[str, tuple[str | int, ...]]]:
    if isinstance(node, dict):
        ref = node.get("$ref")
        if isinstance(ref, str):
            yield ref, (*steps, "$ref")
        for key, value in node.items():
            if isinstance(value, dict | list):
                yield from _refs(value, (*steps, key))
    elif isinstance(node, list):
        for index, item in enumerate(node):
            if isinstance(item, dict | list):
                yield from _refs(item, (*steps, index))


def check_references(document: dict[str, Any]) -> list[Message]:
    """Every ``$ref`` that leaves the document or points to nothing in it, each with its pointer."""
    resolver = Registry().resolver_with_root(Resource.opaque(document))
    problems: list[Message] = []
    found: dict[str, bool] = {}
    for ref, steps in _refs(document):
        if not ref.startswith("#"):
            problems.append(error("only references within the document are supported", pointer(*steps)))
            continue
        if ref not in found:
            try:
                resolver.lookup(ref)
                found[ref] = True
            except (Unresolvable, LookupError, TypeError, ValueError):  # the pointer walks into a list or a scalar
                found[ref] = False
        if not found[ref]:
            problems.append(error("the reference points to nothing in the document", pointer(*steps)))
    return problems


def _meta_schema_path(minor: str) -> Path:
    """The OpenAPI meta-schema shipped in openapi-spec-validator's package data, found without importing that
    package (its import, jsonschema-path and requests among others, cost 0.3 s of every program that reads a
    document, for a file)."""
    spec = importlib.util.find_spec("openapi_spec_validator")
    if spec is None or not spec.submodule_search_locations:
        raise ModuleNotFoundError("openapi-spec-validator is not installed")
    folder = Path(next(iter(spec.submodule_search_locations)))
    return folder / "resources" / "schemas" / f"v{minor}" / "schema.json"


@cache
def _validator(minor: str) -> Any:
    import jsonschema_rs  # deferred: a program reading no document never loads it

    schema = json.loads(_meta_schema_path(minor).read_text(encoding="utf-8"))
    return jsonschema_rs.validator_for(schema)


def meta_schema_warnings(document: dict[str, Any]) -> list[Message]:
    """The document's departures from the OpenAPI 3.0/3.1 meta-schema, as warnings with pointers."""
    minor = "3.1" if str(document.get("openapi")).startswith("3.1") else "3.0"
    try:
        errors = list(_validator(minor).iter_errors(document))
    except (ValueError, TypeError, OverflowError) as exc:  # a value jsonschema-rs cannot read (NaN, a huge int)
        return [warning(f"the document could not be checked against the OpenAPI {minor} schema ({exc})", "#")]
    out: list[Message] = []
    for problem in errors:
        out += _described(problem, minor, 0)
    return out


def _best_branch(branches: list[list[Any]]) -> list[Any]:
    """Of a oneOf/anyOf's failed branches, the one the author most plausibly meant: not the Reference branch
    (whose one complaint is a missing ``$ref``), and of the rest the one with the fewest complaints."""

    def only_wants_ref(errors: list[Any]) -> bool:
        return any(getattr(e.kind, "property", None) == "$ref" for e in errors)

    meant = [b for b in branches if b and not only_wants_ref(b)] or [b for b in branches if b]
    return min(meant, key=len) if meant else []


def _described(problem: Any, minor: str, depth: int) -> list[Message]:
    kind = problem.kind
    where = pointer(*problem.instance_path)
    name = type(kind).__name__
    if name in ("OneOfNotValid", "AnyOf") and depth < 8:
        branch = _best_branch(list(getattr(kind, "context", []) or []))
        if branch:
            return [m for sub in branch for m in _described(sub, minor, depth + 1)]
    if name == "Required":
        text = f"missing required field {kind.property!r}"
    elif name == "AdditionalProperties":
        return [
            warning(f"not OpenAPI {minor}: unexpected field {field!r}", pointer(*problem.instance_path, field))
            for field in kind.unexpected
        ]
    elif name == "Type":
        text = f"expected {' or '.join(kind.types)}"
    elif name == "Enum":
        text = "not one of the allowed values"
    elif name == "Pattern":
        text = f"does not match {kind.pattern!r}"
    else:
        message = str(problem.message).split("\n", 1)[0]
        text = message if len(message) <= 160 else f"breaks the {name} rule"
    return [warning(f"not OpenAPI {minor}: {text}", where)]


def group_messages(messages: list[Message]) -> list[Message]:
    """Messages of one severity and text merged into one, their pointers in document order (each once)."""
    grouped: dict[tuple[str, str], Message] = {}
    for message in messages:
        key = (str(message.severity), message.text)
        kept = grouped.get(key)
        if kept is None:
            grouped[key] = Message(text=message.text, severity=message.severity, detail=list(message.detail or []))
            continue
        details = kept.detail if kept.detail is not None else []
        details.extend(d for d in message.detail or [] if d not in details)
        kept.detail = details
    return list(grouped.values())
