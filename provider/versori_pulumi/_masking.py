"""Telling a masked secret from a changed one, whatever way the platform masks.

The spec says secrets are never displayed, not how they are hidden: a read may leave the field out, send it empty,
send a run of mask characters (``**********``, ``••••``), a placeholder (``REDACTED``), or keep a few characters
in view (``sk_l****1234``). A refresh must not call any of these drift against the secret the provider applied,
yet a value the API sends that cannot be a mask of it (other visible characters) is a real change.
"""

from __future__ import annotations

import re

__all__ = ["masks"]

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
