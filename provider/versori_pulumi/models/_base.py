"""What every model of the API shares: the read and write bases, secrets on the wire, errors, messages, pages.

Attributes are snake_case in Python and camelCase on the wire. Read models ignore unknown fields so the client
tolerates a newer server; write models forbid them so a typo fails loudly. Secret values are :data:`WireSecret`:
masked in ``repr``/``str`` and logs, revealed only when a body is dumped to JSON for the wire.
"""

from __future__ import annotations

import typing
from enum import StrEnum
from typing import Annotated, Any, ClassVar, Generic, Literal, TypeVar

from pydantic import (
    AliasChoices,
    BaseModel,
    ConfigDict,
    Field,
    PlainSerializer,
    SecretStr,
    SerializationInfo,
    SerializerFunctionWrapHandler,
    model_serializer,
)
from pydantic.alias_generators import to_camel, to_snake
from pydantic.fields import FieldInfo

__all__ = [
    "PAGE_ITEM_KEYS",
    "REDACTED",
    "APIModel",
    "Error",
    "ErrorField",
    "Message",
    "MessageSeverity",
    "Page",
    "WireSecret",
    "WriteModel",
    "discriminator_tags",
]


def _reveal(value: SecretStr) -> str:
    return value.get_secret_value()


WireSecret = Annotated[SecretStr, PlainSerializer(_reveal, return_type=str, when_used="json")]
"""A secret string: masked in repr and python dumps, sent in clear only in a JSON dump (the wire)."""

REDACTED = "**********"
"""What a read returns in place of a secret credential value (the spec says secrets are redacted; not how)."""


class APIModel(BaseModel):
    """Base of every read model: camelCase on the wire, unknown fields ignored."""

    model_config = ConfigDict(
        alias_generator=to_camel,
        validate_by_name=True,
        validate_by_alias=True,
        serialize_by_alias=True,
        extra="ignore",
    )

    def wire(self) -> dict[str, Any]:
        """The JSON body for this model: aliases, secrets revealed, unset optional fields left out."""
        return self.model_dump(mode="json", by_alias=True, exclude_none=True)


class WriteModel(APIModel):
    """Base of request bodies: unknown fields are an error."""

    model_config = ConfigDict(extra="forbid")


class MessageSeverity(StrEnum):
    INFO = "info"
    WARNING = "warning"
    ERROR = "error"


class ErrorField(APIModel):
    field: str
    message: str


class Error(APIModel):
    """The API's error body (every non-2xx answer)."""

    code: str
    message: str
    fields: list[ErrorField] | None = None
    details: str | None = None


class Message(APIModel):
    text: str
    severity: MessageSeverity
    detail: list[str] | None = None


# --- pages ---

ItemT = TypeVar("ItemT")

PAGE_ITEM_KEYS = ("connectors", "protocols", "authSchemes", "actions", "triggers", "definitions", "items")
"""The spec's names of a page's item array: each ``...Page`` schema is PageInfo plus exactly one of these
(ConnectorVersionsPage and ConnectorConnectionPage call theirs ``items``)."""


class Page(APIModel, Generic[ItemT]):
    """One page of a listing (the spec's PageInfo and the page's items): ``Page[ConnectorVersion]`` and so on.

    One generic model reads every page, whatever the spec names its array (:data:`PAGE_ITEM_KEYS`), into
    ``items``; a missing array is an empty page (ListConnectorConnections omits it when empty). ``next`` is the
    cursor of the following page, absent on the last one. A listing's page is a subclass naming its array
    (``items_key``), under which it is written again (the emulator answers with these models).
    """

    items_key: ClassVar[str] = "items"

    total_count: int
    next: str | None = None
    prev: str | None = None
    items: list[ItemT] = Field(default_factory=list, validation_alias=AliasChoices(*PAGE_ITEM_KEYS))

    @model_serializer(mode="wrap")
    def _items_under_their_name(
        self, handler: SerializerFunctionWrapHandler, info: SerializationInfo
    ) -> dict[str, Any]:
        data: dict[str, Any] = handler(self)
        if self.items_key != "items" and "items" in data:
            data[self.items_key if info.by_alias else to_snake(self.items_key)] = data.pop("items")
        return data


# --- tagged unions ---


def discriminator_tags(union: Any) -> frozenset[str]:
    """The tags of a tagged union (``Annotated[A | B, Field(discriminator="kind")]``): each member's ``Literal``
    value of the discriminator field; empty for anything else.

    Pydantic puts these tags into an error's location, which :mod:`versori_pulumi._core.input_schema` must tell
    apart from the input's own keys.
    """
    if typing.get_origin(union) is not Annotated:
        return frozenset()
    members, *metadata = typing.get_args(union)
    key = next(
        (m.discriminator for m in metadata if isinstance(m, FieldInfo) and isinstance(m.discriminator, str)), None
    )
    if key is None:
        return frozenset()
    tags: set[str] = set()
    for member in typing.get_args(members):
        annotation = member.model_fields[key].annotation
        if typing.get_origin(annotation) is Literal:
            tags.update(str(tag) for tag in typing.get_args(annotation))
    return frozenset(tags)
