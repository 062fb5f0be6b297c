"""Damage for documents in property tests: every place in a document, and a copy with values dropped into places."""

from __future__ import annotations

import copy
from collections.abc import Iterable
from typing import Any

Place = tuple[Any, ...]
"""The keys and indexes leading from the document's root to one value."""


def places(node: Any, prefix: Place = ()) -> list[Place]:
    """Every place below ``node`` (not the root itself), parents before their children."""
    found = [prefix] if prefix else []
    if isinstance(node, dict):
        for key, value in node.items():
            found += places(value, (*prefix, key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            found += places(value, (*prefix, index))
    return found


def damaged(document: Any, edits: Iterable[tuple[Place, Any]]) -> Any:
    """A copy of ``document`` with each edit's value put at its place, in order; a place an earlier edit removed
    (replaced what held it) is skipped."""
    document = copy.deepcopy(document)
    for path, value in edits:
        node: Any = document
        try:
            for step in path[:-1]:
                node = node[step]
            node[path[-1]] = value
        except (KeyError, IndexError, TypeError):
            continue
    return document
