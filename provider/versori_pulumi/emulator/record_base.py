"""The base of every storage record, and the defaults records share: a fresh ULID and the time it was made.

Records are the emulator's own types, apart from the API's response models: they hold what the platform keeps,
and :mod:`versori_pulumi.emulator.views` turns them into the models a read answers. ``HIDDEN`` names the fields a
read never shows (internal state, secrets), so a conversion passes every other field on by name.
"""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta
from typing import Any, ClassVar, TypeVar

from pydantic import BaseModel, ConfigDict, Field
from ulid import ULID

__all__ = ["Record", "Stamped", "new_id", "now"]

S = TypeVar("S", bound="Stamped")

_clock_lock = threading.Lock()
_last = datetime.min.replace(tzinfo=UTC)


def now() -> datetime:
    """The current UTC time, strictly increasing within the process.

    Lists are ordered by ``updatedAt``; strictly increasing stamps make that order total and stable even when
    many objects are written within one clock tick.
    """
    global _last
    with _clock_lock:
        current = datetime.now(UTC)
        if current <= _last:
            current = _last + timedelta(microseconds=1)
        _last = current
        return current


def new_id() -> str:
    """A fresh ULID, as the platform uses for every id."""
    return str(ULID())


class Record(BaseModel):
    """A stored object: snake_case in the stored JSON; fields a newer record no longer has are ignored."""

    model_config = ConfigDict(extra="ignore")

    HIDDEN: ClassVar[frozenset[str]] = frozenset()
    """Fields a read never shows."""

    def shown(self, *, exclude: frozenset[str] = frozenset(), omit_empty: tuple[str, ...] = ()) -> dict[str, Any]:
        """The fields a read shows, by name: all but ``HIDDEN`` and ``exclude`` (converted apart); ``omit_empty``
        ones are left out when empty (None, "", false, [] or {}: Go's omitempty)."""
        fields = self.model_dump(exclude=set(self.HIDDEN | exclude))
        for key in omit_empty:
            if not fields.get(key):
                fields.pop(key, None)
        return fields


def _created_at(data: dict[str, Any]) -> datetime:
    stamp: datetime = data["created_at"]
    return stamp


class Stamped(Record):
    """A record with an id and timestamps: by default a new id, made now and not changed since."""

    id: str = Field(default_factory=new_id)
    created_at: datetime = Field(default_factory=now)
    updated_at: datetime = Field(default_factory=_created_at)

    def renewed(self: S, **changes: Any) -> S:
        """A copy that is a new object (a new id, made now) with ``changes`` applied."""
        fields = self.model_dump(exclude={"id", "created_at", "updated_at"})
        return type(self).model_validate({**fields, **changes})
