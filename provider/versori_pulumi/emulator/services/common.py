"""Helpers every service uses: loading a connector or 404, and the read-modify-write of one record."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from versori_pulumi.emulator.problems import APIProblem
from versori_pulumi.emulator.records import ConnectorRecord, VersionRecord, now
from versori_pulumi.emulator.store import Store

__all__ = ["editing", "latest_version", "load", "require_name", "resolve"]


def load(store: Store, org: str, connector_id: str) -> ConnectorRecord:
    """The connector, or 404."""
    record = store.get(org, connector_id)
    if record is None:
        raise APIProblem(404, f"connector {connector_id} not found")
    return record


@contextmanager
def editing(store: Store, org: str, connector_id: str) -> Iterator[ConnectorRecord]:
    """Load a connector, let the caller change it, then save it with a new ``updatedAt`` if anything changed.

    The connector's ``updatedAt`` moves on every change below it too (versions, connections, configs): the spec
    says it covers "any changes to child resources" (NOTES I14). A write that changes nothing changes nothing, so
    an idempotent retry leaves no trace; raising inside leaves the stored record as it was.
    """
    with store.transaction():
        record = load(store, org, connector_id)
        before = _fingerprint(record)
        yield record
        if _fingerprint(record) != before:
            record.connector.updated_at = now()
            store.put(record)


def _fingerprint(record: ConnectorRecord) -> tuple[str, dict[str, tuple[tuple[int, ...], ...]]]:
    """What a change would change: the record without its contents as JSON, and the contents' items by identity
    (items are frozen, so a changed item is a new object): a write to one item does not serialise the version."""
    items = {
        version_id: tuple(tuple(map(id, items)) for items in (c.definitions, c.actions, c.triggers))
        for version_id, c in record.contents.items()
    }
    return record.model_dump_json(exclude={"contents"}), items


def require_name(name: str, field: str = "name") -> None:
    """Names must not be blank (chosen: a blank name cannot be told apart or addressed)."""
    if not name.strip():
        raise APIProblem(400, "name must not be empty", field=field)


def latest_version(record: ConnectorRecord) -> VersionRecord | None:
    published = [v for v in record.versions if v.published_at is not None]
    return max(published, key=lambda v: (v.published_at, v.id), default=None)


def resolve(record: ConnectorRecord, ref: str, field: str | None = None) -> VersionRecord:
    """The version a path names: a name, ``latest`` or ``default`` (falling back to latest); else 404."""
    found: VersionRecord | None
    if ref == "latest":
        found = latest_version(record)
    elif ref == "default":
        found = next((v for v in record.versions if v.is_default), None) or latest_version(record)
    else:
        found = next((v for v in record.versions if v.name == ref), None)
    if found is None:
        raise APIProblem(404, f"version {ref!r} not found", field=field)
    return found
