"""What the emulator stores of a version's contents: definitions, actions and triggers, per version id.

Definitions keep their schema parsed (JSON or YAML) with every reference to another definition normalised to
:func:`definition_urn` (by id, so renames never break one); reads render those as the public ``url`` of the
target. Links from actions and triggers name definitions by id, so reads always show the definition as it is now.
XML schemas are kept as text. Ids and timestamps default as every record's (:class:`Stamped`).
"""

from __future__ import annotations

from typing import Any, ClassVar, Literal

from pydantic import Field

from versori_pulumi.emulator.record_base import Record, Stamped, new_id

__all__ = [
    "URN_PREFIX",
    "StoredBody",
    "StoredChild",
    "StoredDefinition",
    "StoredLink",
    "StoredResponse",
    "VersionContents",
    "definition_urn",
]

URN_PREFIX = "urn:versori:definition:"


def definition_urn(definition_id: str) -> str:
    """The stored form of a ``$ref`` to the definition with this id."""
    return URN_PREFIX + definition_id


class StoredLink(Record):
    id: str = Field(default_factory=new_id)
    definition_id: str


class StoredBody(Record):
    HIDDEN: ClassVar[frozenset[str]] = frozenset({"links"})  # read as the linked definitions

    required: bool = False
    links: list[StoredLink] = Field(default_factory=list)


class StoredResponse(Record):
    HIDDEN: ClassVar[frozenset[str]] = frozenset({"links"})  # read as the linked definitions

    id: str = Field(default_factory=new_id)
    status: int | None = None
    links: list[StoredLink] = Field(default_factory=list)


class StoredDefinition(Stamped):
    HIDDEN: ClassVar[frozenset[str]] = frozenset({"content_type", "document", "created_at", "updated_at"})
    """The schema is served at the definition's ``url`` (GetRawSchema); the stamps only order lists."""

    name: str
    accept: list[str]
    description: str | None = None
    content_type: str
    document: Any = None
    """The parsed JSON Schema (object or boolean), or the schema text for a non-JSON content type."""


class StoredChild(Stamped):
    """An action (with ``path``) or a trigger (``path`` None)."""

    HIDDEN: ClassVar[frozenset[str]] = frozenset({"kind", "created_at", "updated_at"})
    """The kind picks the read model; the stamps only order lists."""

    kind: Literal["action", "trigger"]
    name: str
    summary: str | None = None
    description: str | None = None
    method: str
    path: str | None = None
    parameters: list[dict[str, Any]] = Field(default_factory=list)
    """Each parameter as sent, unset fields left out (its read shape)."""
    request_body: StoredBody | None = None
    responses: list[StoredResponse] = Field(default_factory=list)

    def links(self) -> list[StoredLink]:
        body = self.request_body.links if self.request_body else []
        return [*body, *(link for response in self.responses for link in response.links)]


class VersionContents(Record):
    definitions: list[StoredDefinition] = Field(default_factory=list)
    actions: list[StoredChild] = Field(default_factory=list)
    triggers: list[StoredChild] = Field(default_factory=list)

    def children(self, kind: Literal["action", "trigger"]) -> list[StoredChild]:
        return self.actions if kind == "action" else self.triggers
