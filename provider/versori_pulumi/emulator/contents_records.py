"""What the emulator stores of a version's contents: definitions, actions and triggers, per version id.

Definitions keep their schema parsed (JSON or YAML) with every reference to another definition normalised to
:func:`definition_urn` (by id, so renames never break one); reads render those as the public ``url`` of the
target. Links from actions and triggers name definitions by id, so reads always show the definition as it is now.
XML schemas are kept as text. Ids and timestamps default as every record's (:class:`Stamped`).

The items (a definition, an action, a trigger and what they hold) are frozen: a change makes a new object. So
the stores keep each item once, hand out lists of the same objects and write back only the items that are new
objects (:mod:`~versori_pulumi.emulator.store`): a request on one item costs that item, not the version.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, ClassVar, Literal

from pydantic import ConfigDict, Field, PrivateAttr

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
    "referenced_ids",
]

URN_PREFIX = "urn:versori:definition:"


def definition_urn(definition_id: str) -> str:
    """The stored form of a ``$ref`` to the definition with this id."""
    return URN_PREFIX + definition_id


_FROZEN = ConfigDict(extra="ignore", frozen=True)


class StoredLink(Record):
    model_config = _FROZEN

    id: str = Field(default_factory=new_id)
    definition_id: str


class StoredBody(Record):
    model_config = _FROZEN
    HIDDEN: ClassVar[frozenset[str]] = frozenset({"links"})  # read as the linked definitions

    required: bool = False
    links: list[StoredLink] = Field(default_factory=list)


class StoredResponse(Record):
    model_config = _FROZEN
    HIDDEN: ClassVar[frozenset[str]] = frozenset({"links"})  # read as the linked definitions

    id: str = Field(default_factory=new_id)
    status: int | None = None
    links: list[StoredLink] = Field(default_factory=list)


class StoredDefinition(Stamped):
    model_config = _FROZEN
    HIDDEN: ClassVar[frozenset[str]] = frozenset({"content_type", "document", "created_at", "updated_at"})
    """The schema is served at the definition's ``url`` (GetRawSchema); the stamps only order lists."""

    name: str
    accept: list[str]
    description: str | None = None
    content_type: str
    document: Any = None
    """The parsed JSON Schema (object or boolean), or the schema text for a non-JSON content type."""

    _references: frozenset[str] | None = PrivateAttr(default=None)

    def references(self) -> frozenset[str]:
        """Ids of the definitions the schema references, found once per object (the object never changes)."""
        if self._references is None:
            self._references = frozenset(referenced_ids(self.document))
        return self._references

    def model_copy(self, *, update: Mapping[str, Any] | None = None, deep: bool = False) -> StoredDefinition:
        copy = super().model_copy(update=update, deep=deep)
        copy._references = None
        return copy


class StoredChild(Stamped):
    """An action (with ``path``) or a trigger (``path`` None)."""

    model_config = _FROZEN

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


def referenced_ids(document: Any) -> set[str]:
    """Ids of the definitions a stored schema references."""
    found: set[str] = set()

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            for key, value in node.items():
                if key == "$ref" and isinstance(value, str) and value.startswith(URN_PREFIX):
                    found.add(value[len(URN_PREFIX) :])
                else:
                    walk(value)
        elif isinstance(node, list):
            for item in node:
                walk(item)

    walk(document)
    return found


class VersionContents(Record):
    """The items of one version. The lists belong to the record that holds them; the items may be shared."""

    definitions: list[StoredDefinition] = Field(default_factory=list)
    actions: list[StoredChild] = Field(default_factory=list)
    triggers: list[StoredChild] = Field(default_factory=list)

    def children(self, kind: Literal["action", "trigger"]) -> list[StoredChild]:
        return self.actions if kind == "action" else self.triggers

    def shallow_copy(self) -> VersionContents:
        """New lists of the same (frozen) items."""
        return VersionContents.model_construct(
            definitions=list(self.definitions), actions=list(self.actions), triggers=list(self.triggers)
        )
