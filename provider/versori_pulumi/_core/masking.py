"""Telling a masked secret from a changed one, whatever way the platform masks.

The spec says secrets are never displayed, not how they are hidden: a read may leave the field out, send it empty,
send a run of mask characters (``**********``, ``••••``), a placeholder (``REDACTED``), or keep a few characters
in view (``sk_l****1234``). A refresh must not call any of these drift against the secret the provider applied,
yet a value the API sends that cannot be a mask of it (other visible characters) is a real change.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping
from typing import Any

__all__ = ["as_applied", "config_as_applied", "holds_mask", "masks"]

_MASK_RUN = re.compile(r"[*•●·xX#]{3,}|\[?<?(?:redacted|hidden|secret|masked)>?\]?", re.IGNORECASE)


def masks(answered: object, applied: str) -> bool:
    """Whether what the API answered for a secret field can stand for ``applied`` (the value last sent).

    Absent (None) and empty answers are masks; so is any answer made of mask runs and placeholders whose visible
    pieces appear in ``applied`` in order, the first as its prefix and the last as its suffix.
    """
    if answered is None or answered == "":
        return True
    if not isinstance(answered, str):
        return False
    if answered == applied:
        return True
    if not _MASK_RUN.search(answered):
        return False  # a plain value: the platform shows it, so it is what the platform holds
    pieces = _MASK_RUN.split(answered)
    if not applied.startswith(pieces[0]) or not applied.endswith(pieces[-1]):
        return False
    position = len(pieces[0])
    for piece in pieces[1:-1]:
        found = applied.find(piece, position)
        if found < 0:
            return False
        position = found + len(piece)
    return len(pieces[0]) + len(pieces[-1]) <= len(applied)


def holds_mask(value: Any) -> bool:
    """Whether a value holds, at any depth, a string with a mask run or placeholder in it: a cheap first look, with
    no model loaded, before :func:`masks` decides against the applied value."""
    if isinstance(value, str):
        return bool(_MASK_RUN.search(value))
    if isinstance(value, Mapping):
        return any(holds_mask(item) for item in value.values())
    if isinstance(value, list | tuple):
        return any(holds_mask(item) for item in value)
    return False


_EMPTY: tuple[Any, ...] = (None, "", [], {}, False)


def as_applied(
    answered: Mapping[str, Any], applied: Mapping[str, Any], secret: Collection[str] | None
) -> dict[str, Any]:
    """What a read answered for one object (a credential's data, a grant), with what it cannot show kept as applied.

    ``secret`` names the secret keys (None: every key, for free-form data). A secret answered as a mask of the
    applied value (:func:`masks`, absence included) is the applied value; any other answer is what the platform
    holds, and shows as drift. A non-secret key the answer leaves out stands for its empty value (Go ``omitempty``):
    kept when the applied value was empty too, absent (drift) when it was not. Keys only the answer has are kept
    unless empty, so that a field the platform fills in with nothing is no drift.
    """
    merged: dict[str, Any] = {}
    for key, value in applied.items():
        is_secret = secret is None or key in secret
        if key in answered and answered[key] is not None:
            live = answered[key]
            keep = is_secret and isinstance(value, str) and masks(live, value)
            merged[key] = value if keep else live
        elif is_secret or value in _EMPTY:
            merged[key] = value
    for key, live in answered.items():
        if key not in applied and live not in _EMPTY:
            merged[key] = live
    return merged


_CONFIG_SECRETS: frozenset[str] = frozenset()
_GRANT_SECRETS = frozenset({"clientSecret"})


def config_as_applied(answered: Mapping[str, Any], applied: Mapping[str, Any] | None) -> dict[str, Any]:
    """An auth scheme config as read (a connector's or a connection's copy), with its grant's client secret and its
    empty fields kept as applied (:func:`as_applied`); as answered when nothing was applied under its id."""
    if not isinstance(applied, Mapping) or applied.get("id") != answered.get("id"):
        return dict(answered)
    merged = as_applied(answered, applied, _CONFIG_SECRETS)
    grant, old_grant = answered.get("grant"), applied.get("grant")
    if isinstance(grant, Mapping) and isinstance(old_grant, Mapping):
        merged["grant"] = as_applied(grant, old_grant, _GRANT_SECRETS)
    return merged
