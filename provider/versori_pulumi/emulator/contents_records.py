"""What the emulator stores of a version's contents: definitions, actions and triggers, per version id.

Definitions keep their schema parsed (JSON or YAML) with every reference to another definition normalised to
:func:`definition_urn` (by id, so renames never break one); reads render those as the public ``url`` of the
target. Links from actions and triggers name definitions by id, so reads always show the definition as it is now.
XML schemas are kept as text.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, Field

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


class StoredLink(BaseModel):
    id: str
    definition_id: str


class StoredBody(BaseModel):
    required: bool = False
    links: list[StoredLink] = Field(default_factory=list)


class StoredResponse(BaseModel):
    id: str
    status: int | None = None
    links: list[StoredLink] = Field(default_factory=list)


class StoredDefinition(BaseModel):
    id: str
    name: str
    accept: list[str]
    description: str | None = None
    content_type: str
    document: Any = None
    """The parsed JSON Schema (object or boolean), or the schema text for a non-JSON content type."""
    created_at: datetime
    updated_at: datetime


class StoredChild(BaseModel):
    """An action (with ``path``) or a trigger (``path`` None)."""

    kind: Literal["action", "trigger"]
    id: str
    name: str
    summary: str | None = None
    description: str | None = None
    method: str
    path: str | None = None
    parameters: list[dict[str, Any]] = Field(default_factory=list)
    request_body: StoredBody | None = None
    responses: list[StoredResponse] = Field(default_factory=list)
    created_at: datetime
    updated_at: datetime

    def links(self) -> list[StoredLink]:
        body = self.request_body.links if self.request_body else []
        return [*body, *(link for response in self.responses for link in response.links)]


class VersionContents(BaseModel):
    definitions: list[StoredDefinition] = Field(default_factory=list)
    actions: list[StoredChild] = Field(default_factory=list)
    triggers: list[StoredChild] = Field(default_factory=list)

    def children(self, kind: Literal["action", "trigger"]) -> list[StoredChild]:
        return self.actions if kind == "action" else self.triggers
