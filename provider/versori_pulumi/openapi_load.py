"""Reading an OpenAPI document (JSON or YAML) as the JSON data model, fast.

YAML 1.1 resolves an unquoted ``2024-01-01`` to a date and ``200:`` to an integer key; an OpenAPI document is a
JSON document written in YAML, so here every timestamp stays the text it was written as, every mapping key is a
string (as JSON would write it) and ``!!binary`` stays its base64 text. libyaml (PyYAML's C loader, in its wheels)
parses when it is present: about ten times faster than the pure-Python parser on a vendor's 1 MB document.
"""

from __future__ import annotations

import json
from typing import Any

import yaml

__all__ = ["LIBYAML", "MAX_VALUES", "DocumentSyntaxError", "parse_document"]

MAX_VALUES = 5_000_000
"""The most values a document may expand to: YAML aliases can make a small text a huge tree (a "billion laughs")."""

_Base: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
LIBYAML: bool = _Base is not yaml.SafeLoader
"""Whether libyaml parses YAML here."""


class DocumentSyntaxError(ValueError):
    """The text is not JSON or YAML (or not of the forced kind); ``where`` says where parsing stopped."""

    def __init__(self, text: str, where: str = "") -> None:
        super().__init__(text + where)
        self.text = text
        self.where = where


def _json_key(key: Any) -> str:
    if isinstance(key, str):
        return key
    if key is None or isinstance(key, bool):
        return json.dumps(key)
    return str(key)


class _JSONModelLoader(_Base):  # type: ignore[misc]
    """Safe YAML read as JSON values: string keys, timestamps and binary kept as their text."""

    def construct_mapping(self, node: Any, deep: bool = False) -> dict[str, Any]:
        mapping = super().construct_mapping(node, deep)
        if all(type(key) is str for key in mapping):
            return mapping  # type: ignore[no-any-return]
        return {_json_key(key): value for key, value in mapping.items()}


def _as_written(loader: Any, node: Any) -> str:
    return str(loader.construct_scalar(node))


_JSONModelLoader.add_constructor("tag:yaml.org,2002:timestamp", _as_written)
_JSONModelLoader.add_constructor("tag:yaml.org,2002:binary", _as_written)


def parse_document(data: bytes | str, filetype: str | None = None) -> Any:
    """The JSON value a JSON or YAML text holds (``filetype`` ``"json"``/``"yaml"`` forces one; else JSON first).

    Raises :class:`DocumentSyntaxError` (and :class:`UnicodeDecodeError` for bytes that are not UTF-8)."""
    text = data.decode("utf-8-sig", errors="strict") if isinstance(data, bytes) else data
    if filetype in (None, "json") and (filetype == "json" or text.lstrip()[:1] in ("{", "[")):
        try:
            return json.loads(text)
        except ValueError as exc:
            if filetype == "json":
                raise DocumentSyntaxError(
                    "the document is not valid JSON", f" (line {getattr(exc, 'lineno', '?')})"
                ) from None
            # YAML is a superset of JSON in practice (a document with a trailing comma, a comment): try it
    try:
        value = yaml.load(text, Loader=_JSONModelLoader)  # noqa: S506 - a safe loader
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" (line {mark.line + 1}, column {mark.column + 1})" if mark is not None else ""
        raise DocumentSyntaxError("the document is neither valid JSON nor valid YAML", where) from None
    except (ValueError, TypeError, RecursionError):  # an unhashable complex key, deep nesting
        raise DocumentSyntaxError("the document uses YAML that has no JSON equivalent") from None
    if "&" in text:  # anchors, so perhaps aliases: the tree may share (or contain) itself
        _check_expansion(value)
    return value


def _check_expansion(value: Any) -> None:
    """Refuse a tree that contains itself or expands (aliases followed) to more than :data:`MAX_VALUES` values;
    each shared node is counted once per use, computed once."""
    sizes: dict[int, int] = {}
    open_nodes: set[int] = set()

    def size(node: Any) -> int:
        if not isinstance(node, dict | list):
            return 1
        key = id(node)
        if key in sizes:
            return sizes[key]
        if key in open_nodes:
            raise DocumentSyntaxError("a YAML alias refers to a node that contains it: the document has no end")
        open_nodes.add(key)
        children = node.values() if isinstance(node, dict) else node
        total = 1 + sum(size(child) for child in children)
        open_nodes.discard(key)
        if total > MAX_VALUES:
            raise DocumentSyntaxError(f"YAML aliases expand the document beyond {MAX_VALUES} values")
        sizes[key] = total
        return total

    try:
        size(value)
    except RecursionError:
        raise DocumentSyntaxError("the document nests too deeply") from None
