"""Bulk import onto the native face: a ``pulumi import --file`` document for an organisation or a dynamic stack.

:mod:`.names` derives the logical names, :mod:`.organisation` reads what an organisation holds through the client,
:mod:`.from_state` lists a dynamic stack's objects from its ``pulumi stack export``, and :mod:`.document` writes the
document the CLI reads. The command is :mod:`versori_pulumi.import_document` (``versori-import-document``).
"""

from __future__ import annotations

from .document import ImportEntry, import_document, native_token
from .from_state import entries_from_state, removal_order
from .names import assign_names, slug
from .organisation import entries_from_organisation

__all__ = [
    "ImportEntry",
    "assign_names",
    "entries_from_organisation",
    "entries_from_state",
    "import_document",
    "native_token",
    "removal_order",
    "slug",
]
