"""What the emulator stores: one record per connector, holding its versions, connections and credentials.

A connector and everything under it is one document, so every write is a read-modify-write of one record under
the store's lock. The record reuses the API models; credential ``data`` is kept as given (secrets in clear) and
only :mod:`versori_pulumi.emulator.views` redacts it on the way out.
"""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta

from pydantic import BaseModel, Field
from ulid import ULID

from versori_pulumi.emulator.contents_records import VersionContents
from versori_pulumi.models import Category, Connection, Connector, ConnectorVersion

__all__ = ["ConnectorRecord", "new_id", "now"]


class ConnectorRecord(BaseModel):
    """A stored connector plus the state the API does not show (categories, in-use marks), and the contents of its
    versions by version id."""

    connector: Connector
    categories: list[Category] = Field(default_factory=list)
    in_use: bool = False
    connections_in_use: list[str] = Field(default_factory=list)
    contents: dict[str, VersionContents] = Field(default_factory=dict)

    @property
    def id(self) -> str:
        return self.connector.id

    @property
    def versions(self) -> list[ConnectorVersion]:
        return self.connector.versions

    @property
    def connections(self) -> list[Connection]:
        return self.connector.connections


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
