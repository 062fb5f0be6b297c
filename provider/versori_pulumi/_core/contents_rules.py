"""The ``check`` rules of a version's contents (names, links to definitions, what publishing needs) and how two
sets of contents are compared: plain Python over the canonical inputs, so a preview runs them without building the
contents' models (:mod:`versori_pulumi._core.contents_sync` holds those, and writes and reads the contents)."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping
from typing import Any

from versori_pulumi._core.input_schema import _key_step

__all__ = ["KINDS", "LOCAL_REF", "contents_rules", "first_change"]

KINDS = ("definitions", "actions", "triggers")
LOCAL_REF = "#/$defs/"
_CHILD_NAME = re.compile(r"[A-Za-z0-9_\-$]{1,256}")
_DEFINITION_NAME = re.compile(r"[A-Za-z0-9_\-]{1,256}")
_PLACEHOLDER = re.compile(r"\{\{\s*param\.([A-Za-z0-9_\-$]+)\s*\}\}")
"""A path's ``{{ param.x }}``: the API refuses to publish a version whose action uses an undefined parameter."""


def _local_refs(node: Any, at: str = "") -> Iterator[tuple[str, str]]:
    """(path, name) of every ``#/$defs/{name}`` reference in a schema."""
    if isinstance(node, Mapping):
        ref = node.get("$ref")
        if isinstance(ref, str) and ref.startswith(LOCAL_REF):
            yield f"{at}.$ref", ref[len(LOCAL_REF) :]
        for key, value in node.items():
            yield from _local_refs(value, f"{at}{_key_step(str(key), False)}")
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from _local_refs(value, f"{at}[{index}]")


def _links(child: Mapping[str, Any]) -> Iterator[tuple[str, str]]:
    """(path, name) of every definition an action or trigger links."""
    body = child.get("request_body", child.get("requestBody")) or {}  # the program's names (a state of 0.2: wire)
    for index, name in enumerate(body.get("definitions", [])):
        yield f".request_body.definitions[{index}]", name
    for r, response in enumerate(child.get("responses", [])):
        for index, name in enumerate(response.get("definitions", [])):
            yield f".responses[{r}].definitions[{index}]", name


def contents_rules(kind: str) -> Any:
    """The ``check`` rule of one kind: valid names, and links to definitions the version declares."""

    def rule(value: Mapping[str, Any], inputs: Mapping[str, Any]) -> Iterable[tuple[str, str]]:
        pattern = _DEFINITION_NAME if kind == "definitions" else _CHILD_NAME
        declared = inputs.get("definitions")
        names = set(declared) if isinstance(declared, Mapping) else None
        for name, item in value.items():
            step = _key_step(name, False)
            if not pattern.fullmatch(name):
                yield step, f"{name!r} is not a valid {kind[:-1]} name (letters, digits, '_', '-'; at most 256)"
            if kind != "definitions" and inputs.get("published") is True:
                yield from _publishable(step, item)
            if names is None:
                continue  # definitions not managed here: the API checks the links
            found = _local_refs(item.get("schema")) if kind == "definitions" else _links(item)
            for path, target in found:
                if target not in names:
                    yield f"{step}{path}", "links a definition this version does not declare (check the name)"

    return rule


def _publishable(step: str, child: Mapping[str, Any]) -> Iterator[tuple[str, str]]:
    """What would make the API refuse to publish the version (docs/api-behaviour.md, "Version contents")."""
    if not child.get("responses"):
        yield f"{step}.responses", "at least one response must be declared before the version is published"
    defined = {p.get("name") for p in child.get("parameters", [])}
    for placeholder in _PLACEHOLDER.findall(child.get("path", "")):
        if placeholder not in defined:
            yield f"{step}.path", f"uses parameter {placeholder!r}, which the action does not declare in parameters"


def first_change(olds: Mapping[str, Any], news: Mapping[str, Any]) -> str | None:
    """The first managed item that differs between two sets of contents (``actions.getPet``), or None."""
    for kind in KINDS:
        new = news.get(kind)
        if new is None:
            continue
        old = olds.get(kind) or {}
        for name in sorted(set(old) | set(new)):
            if old.get(name) != new.get(name):
                return f"{kind}.{name}"
    return None
