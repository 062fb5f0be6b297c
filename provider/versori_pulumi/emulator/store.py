"""Storage behind the emulator: a ``Store`` protocol with an in-memory and a SQLite implementation.

Both keep each connector record, without its versions' contents, as a JSON document keyed by (organisation id,
connector id), so they behave the same and every read hands out a fresh copy. The contents are kept apart, item
by item: the items are frozen (a change makes a new object), so a read hands out new lists of the same items, and
a write stores only the items that are new objects (SQLite: one row each). A request on one item of a large
version costs that item, not a parse and a dump of the whole version. Route handlers run in a thread pool: each
store holds a re-entrant lock, and a service wraps its read-modify-write in :meth:`Store.transaction` so
concurrent requests never interleave inside one.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager
from pathlib import Path
from typing import Protocol

from versori_pulumi.emulator.contents_records import StoredChild, StoredDefinition, VersionContents
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


Contents = dict[str, VersionContents]
"""A connector's contents by version id."""

_KINDS = ("definition", "action", "trigger")


def _lists(contents: VersionContents | None) -> tuple[list[StoredDefinition] | list[StoredChild], ...]:
    if contents is None:
        return [], [], []
    return contents.definitions, contents.actions, contents.triggers


def _record_doc(record: ConnectorRecord) -> str:
    """The stored JSON of a record without its contents."""
    return record.model_dump_json(exclude={"contents"})


def _with_contents(doc: str, contents: Contents) -> ConnectorRecord:
    """A fresh record from its document, holding new lists of the stored (frozen) items."""
    record = ConnectorRecord.model_validate_json(doc)
    record.contents = {version_id: c.shallow_copy() for version_id, c in contents.items()}
    return record


class MemoryStore:
    """Records in a dict; gone when the process ends."""

    def __init__(self) -> None:
        self._lock = threading.RLock()
        self._docs: dict[tuple[str, str], str] = {}
        self._contents: dict[tuple[str, str], Contents] = {}
        self._names: dict[tuple[str, str], str] = {}  # (org, name) -> id
        self._name_of: dict[tuple[str, str], str] = {}  # (org, id) -> name

    @contextmanager
    def transaction(self) -> Iterator[None]:
        with self._lock:
            yield

    def get(self, org: str, connector_id: str) -> ConnectorRecord | None:
        with self._lock:
            doc = self._docs.get((org, connector_id))
            return None if doc is None else _with_contents(doc, self._contents.get((org, connector_id), {}))

    def list(self, org: str) -> list[ConnectorRecord]:
        with self._lock:
            return [
                _with_contents(doc, self._contents.get(key, {})) for key, doc in self._docs.items() if key[0] == org
            ]

    def id_for_name(self, org: str, name: str) -> str | None:
        with self._lock:
            return self._names.get((org, name))

    def put(self, record: ConnectorRecord) -> None:
        doc = _record_doc(record)
        org = record.connector.organisation_id
        with self._lock:
            self._drop_name(org, record.id)
            self._docs[(org, record.id)] = doc
            self._contents[(org, record.id)] = {v: c.shallow_copy() for v, c in record.contents.items()}
            self._names[(org, record.connector.name)] = record.id
            self._name_of[(org, record.id)] = record.connector.name

    def delete(self, org: str, connector_id: str) -> bool:
        with self._lock:
            self._drop_name(org, connector_id)
            self._contents.pop((org, connector_id), None)
            return self._docs.pop((org, connector_id), None) is not None

    def _drop_name(self, org: str, connector_id: str) -> None:
        name = self._name_of.pop((org, connector_id), None)
        if name is not None:
            self._names.pop((org, name), None)

    def clear(self) -> None:
        with self._lock:
            self._docs.clear()
            self._contents.clear()
            self._names.clear()
            self._name_of.clear()

    def close(self) -> None:
        """Nothing to release."""


class SQLiteStore:
    """Records in a SQLite file, so the data survives a restart (``--db FILE``).

    A record's own fields are one row of ``connectors``; each item of its contents one row of ``contents_items``
    (in the order written: an update keeps its row). The items written are also held in memory, so reads parse
    only the record's own row, and a write stores only the items that changed. A database written before kept the
    contents inside the record's row: its first read moves them to rows of their own.
    """

    _SCHEMA = (
        "CREATE TABLE IF NOT EXISTS connectors ("
        " organisation_id TEXT NOT NULL, id TEXT NOT NULL, name TEXT NOT NULL, body TEXT NOT NULL,"
        " PRIMARY KEY (organisation_id, id))"
    )
    _INDEX = "CREATE INDEX IF NOT EXISTS connectors_by_name ON connectors (organisation_id, name)"
    _ITEMS = (
        "CREATE TABLE IF NOT EXISTS contents_items ("
        " organisation_id TEXT NOT NULL, connector_id TEXT NOT NULL, version_id TEXT NOT NULL, kind TEXT NOT NULL,"
        " id TEXT NOT NULL, body TEXT NOT NULL, PRIMARY KEY (organisation_id, connector_id, version_id, kind, id))"
    )

    def __init__(self, path: Path) -> None:
        self._lock = threading.RLock()
        # One connection shared by the handler threads; the lock serialises its use.
        self._db = sqlite3.connect(str(path), check_same_thread=False, isolation_level=None)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute(self._SCHEMA)
        self._db.execute(self._INDEX)
        self._db.execute(self._ITEMS)
        self._contents: dict[tuple[str, str], Contents] = {}  # what contents_items holds, as loaded or written

    @contextmanager
    def transaction(self) -> Iterator[None]:
        with self._lock:
            yield

    def get(self, org: str, connector_id: str) -> ConnectorRecord | None:
        with self._lock:
            row = self._db.execute(
                "SELECT body FROM connectors WHERE organisation_id = ? AND id = ?", (org, connector_id)
            ).fetchone()
            return None if row is None else self._record(org, connector_id, row[0])

    def list(self, org: str) -> list[ConnectorRecord]:
        with self._lock:
            rows = self._db.execute("SELECT id, body FROM connectors WHERE organisation_id = ?", (org,)).fetchall()
            return [self._record(org, str(row[0]), row[1]) for row in rows]

    def _record(self, org: str, connector_id: str, body: str) -> ConnectorRecord:
        """The record of a row, with its contents: from memory, else from its rows (moved there first when the
        row is of the earlier form, holding them)."""
        contents = self._contents.get((org, connector_id))
        if contents is None:
            record = ConnectorRecord.model_validate_json(body)
            if record.contents:  # the earlier form: contents inside the record's row
                self._write(record)
                return record
            contents = self._load_contents(org, connector_id)
            self._contents[(org, connector_id)] = contents
        return _with_contents(body, contents)

    def _load_contents(self, org: str, connector_id: str) -> Contents:
        rows = self._db.execute(
            "SELECT version_id, kind, body FROM contents_items WHERE organisation_id = ? AND connector_id = ?"
            " ORDER BY rowid",
            (org, connector_id),
        ).fetchall()
        contents: Contents = {}
        for version_id, kind, body in rows:
            held = contents.setdefault(version_id, VersionContents())
            if kind == "definition":
                held.definitions.append(StoredDefinition.model_validate_json(body))
            else:
                held.children(kind).append(StoredChild.model_validate_json(body))
        return contents

    def id_for_name(self, org: str, name: str) -> str | None:
        with self._lock:
            row = self._db.execute(
                "SELECT id FROM connectors WHERE organisation_id = ? AND name = ?", (org, name)
            ).fetchone()
        return None if row is None else str(row[0])

    def put(self, record: ConnectorRecord) -> None:
        with self._lock:
            if (record.connector.organisation_id, record.id) not in self._contents:
                self.get(record.connector.organisation_id, record.id)  # what its rows hold, to write the changes
            self._write(record)

    def _write(self, record: ConnectorRecord) -> None:
        """Store the record's row and the items that are not the objects its rows hold, in one transaction."""
        org = record.connector.organisation_id
        held = self._contents.get((org, record.id), {})
        self._db.execute("BEGIN")
        try:
            self._db.execute(
                "INSERT OR REPLACE INTO connectors (organisation_id, id, name, body) VALUES (?, ?, ?, ?)",
                (org, record.id, record.connector.name, _record_doc(record)),
            )
            for version_id in held.keys() - record.contents.keys():
                self._db.execute(
                    "DELETE FROM contents_items WHERE organisation_id = ? AND connector_id = ? AND version_id = ?",
                    (org, record.id, version_id),
                )
            for version_id, contents in record.contents.items():
                self._write_items(org, record.id, version_id, held.get(version_id), contents)
            self._db.execute("COMMIT")
        except BaseException:
            self._db.execute("ROLLBACK")
            self._contents.pop((org, record.id), None)
            raise
        self._contents[(org, record.id)] = {v: c.shallow_copy() for v, c in record.contents.items()}

    def _write_items(
        self, org: str, connector_id: str, version_id: str, old: VersionContents | None, new: VersionContents
    ) -> None:
        key = (org, connector_id, version_id)
        for kind, before, after in zip(_KINDS, _lists(old), _lists(new), strict=True):
            held: dict[str, StoredDefinition | StoredChild] = {item.id: item for item in before}
            for item in after:
                if held.pop(item.id, None) is not item:
                    self._db.execute(
                        "INSERT INTO contents_items (organisation_id, connector_id, version_id, kind, id, body)"
                        " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (organisation_id, connector_id, version_id, kind, id)"
                        " DO UPDATE SET body = excluded.body",
                        (*key, kind, item.id, item.model_dump_json()),
                    )
            for gone in held:
                self._db.execute(
                    "DELETE FROM contents_items WHERE organisation_id = ? AND connector_id = ? AND version_id = ?"
                    " AND kind = ? AND id = ?",
                    (*key, kind, gone),
                )

    def delete(self, org: str, connector_id: str) -> bool:
        with self._lock:
            self._contents.pop((org, connector_id), None)
            self._db.execute(
                "DELETE FROM contents_items WHERE organisation_id = ? AND connector_id = ?", (org, connector_id)
            )
            cursor = self._db.execute(
                "DELETE FROM connectors WHERE organisation_id = ? AND id = ?", (org, connector_id)
            )
            return cursor.rowcount > 0

    def clear(self) -> None:
        with self._lock:
            self._contents.clear()
            self._db.execute("DELETE FROM contents_items")
            self._db.execute("DELETE FROM connectors")

    def close(self) -> None:
        with self._lock:
            self._db.close()


def open_store(db: Path | None) -> Store:
    """The store for ``--db``: SQLite at that path, or memory when None."""
    return MemoryStore() if db is None else SQLiteStore(db)
