"""Storage behind the emulator: a ``Store`` protocol with an in-memory and a SQLite implementation.

Both keep each connector record as a JSON document keyed by (organisation id, connector id), so they behave the
same and every read hands out a fresh copy. Route handlers run in a thread pool: each store holds a re-entrant
lock, and a service wraps its read-modify-write in :meth:`Store.transaction` so concurrent requests never
interleave inside one.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager
from pathlib import Path
from typing import Protocol

from versori_pulumi.emulator.records import ConnectorRecord

__all__ = ["MemoryStore", "SQLiteStore", "Store", "open_store"]


class Store(Protocol):
    """Connector records by organisation; all methods are thread-safe."""

    def transaction(self) -> AbstractContextManager[None]:
        """Hold the store's lock for a read-modify-write (re-entrant)."""
        ...

    def get(self, org: str, connector_id: str) -> ConnectorRecord | None: ...

    def list(self, org: str) -> list[ConnectorRecord]: ...

    def id_for_name(self, org: str, name: str) -> str | None:
        """The id of the organisation's connector with this name (names are unique), without loading records."""
        ...

    def put(self, record: ConnectorRecord) -> None: ...

    def delete(self, org: str, connector_id: str) -> bool: ...

    def clear(self) -> None: ...

    def close(self) -> None: ...


class MemoryStore:
    """Records in a dict; gone when the process ends."""

    def __init__(self) -> None:
        self._lock = threading.RLock()
        self._docs: dict[tuple[str, str], str] = {}
        self._names: dict[tuple[str, str], str] = {}  # (org, name) -> id
        self._name_of: dict[tuple[str, str], str] = {}  # (org, id) -> name

    @contextmanager
    def transaction(self) -> Iterator[None]:
        with self._lock:
            yield

    def get(self, org: str, connector_id: str) -> ConnectorRecord | None:
        with self._lock:
            doc = self._docs.get((org, connector_id))
        return None if doc is None else ConnectorRecord.model_validate_json(doc)

    def list(self, org: str) -> list[ConnectorRecord]:
        with self._lock:
            docs = [doc for (owner, _), doc in self._docs.items() if owner == org]
        return [ConnectorRecord.model_validate_json(doc) for doc in docs]

    def id_for_name(self, org: str, name: str) -> str | None:
        with self._lock:
            return self._names.get((org, name))

    def put(self, record: ConnectorRecord) -> None:
        doc = record.model_dump_json()
        org = record.connector.organisation_id
        with self._lock:
            self._drop_name(org, record.id)
            self._docs[(org, record.id)] = doc
            self._names[(org, record.connector.name)] = record.id
            self._name_of[(org, record.id)] = record.connector.name

    def delete(self, org: str, connector_id: str) -> bool:
        with self._lock:
            self._drop_name(org, connector_id)
            return self._docs.pop((org, connector_id), None) is not None

    def _drop_name(self, org: str, connector_id: str) -> None:
        name = self._name_of.pop((org, connector_id), None)
        if name is not None:
            self._names.pop((org, name), None)

    def clear(self) -> None:
        with self._lock:
            self._docs.clear()
            self._names.clear()
            self._name_of.clear()

    def close(self) -> None:
        """Nothing to release."""


class SQLiteStore:
    """Records in a SQLite file, so the data survives a restart (``--db FILE``)."""

    _SCHEMA = (
        "CREATE TABLE IF NOT EXISTS connectors ("
        " organisation_id TEXT NOT NULL, id TEXT NOT NULL, name TEXT NOT NULL, body TEXT NOT NULL,"
        " PRIMARY KEY (organisation_id, id))"
    )
    _INDEX = "CREATE INDEX IF NOT EXISTS connectors_by_name ON connectors (organisation_id, name)"

    def __init__(self, path: Path) -> None:
        self._lock = threading.RLock()
        # One connection shared by the handler threads; the lock serialises its use.
        self._db = sqlite3.connect(str(path), check_same_thread=False, isolation_level=None)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute(self._SCHEMA)
        self._db.execute(self._INDEX)

    @contextmanager
    def transaction(self) -> Iterator[None]:
        with self._lock:
            yield

    def get(self, org: str, connector_id: str) -> ConnectorRecord | None:
        with self._lock:
            row = self._db.execute(
                "SELECT body FROM connectors WHERE organisation_id = ? AND id = ?", (org, connector_id)
            ).fetchone()
        return None if row is None else ConnectorRecord.model_validate_json(row[0])

    def list(self, org: str) -> list[ConnectorRecord]:
        with self._lock:
            rows = self._db.execute("SELECT body FROM connectors WHERE organisation_id = ?", (org,)).fetchall()
        return [ConnectorRecord.model_validate_json(row[0]) for row in rows]

    def id_for_name(self, org: str, name: str) -> str | None:
        with self._lock:
            row = self._db.execute(
                "SELECT id FROM connectors WHERE organisation_id = ? AND name = ?", (org, name)
            ).fetchone()
        return None if row is None else str(row[0])

    def put(self, record: ConnectorRecord) -> None:
        doc = record.model_dump_json()
        with self._lock:
            self._db.execute(
                "INSERT OR REPLACE INTO connectors (organisation_id, id, name, body) VALUES (?, ?, ?, ?)",
                (record.connector.organisation_id, record.id, record.connector.name, doc),
            )

    def delete(self, org: str, connector_id: str) -> bool:
        with self._lock:
            cursor = self._db.execute(
                "DELETE FROM connectors WHERE organisation_id = ? AND id = ?", (org, connector_id)
            )
            return cursor.rowcount > 0

    def clear(self) -> None:
        with self._lock:
            self._db.execute("DELETE FROM connectors")

    def close(self) -> None:
        with self._lock:
            self._db.close()


def open_store(db: Path | None) -> Store:
    """The store for ``--db``: SQLite at that path, or memory when None."""
    return MemoryStore() if db is None else SQLiteStore(db)
