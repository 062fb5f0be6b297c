"""Logical names for imported objects, from the objects' own names: readable, unique and stable.

The same organisation always gives the same names (the entries come in a fixed order and a clash is settled by
position in it), so a document written twice imports the same URNs, and the program ``pulumi import`` generates
keeps working when it is run again.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

__all__ = ["assign_names", "slug"]

_NOT_NAME = re.compile(r"[^a-z0-9]+")


def slug(text: str, fallback: str = "object") -> str:
    """``"Acme CRM (EU)"`` -> ``"acme-crm-eu"``; a name with no letter or digit left becomes ``fallback``."""
    cleaned = _NOT_NAME.sub("-", text.lower()).strip("-")
    return cleaned or fallback


def assign_names(wanted: Iterable[str]) -> list[str]:
    """Unique names for the wanted ones, in order: the first keeps its name, a later clash gets ``-2``, ``-3``..."""
    taken: set[str] = set()
    names: list[str] = []
    for name in wanted:
        candidate, counter = name, 2
        while candidate in taken:
            candidate = f"{name}-{counter}"
            counter += 1
        taken.add(candidate)
        names.append(candidate)
    return names
