"""Connector versions: drafts, publishing, the ``latest``/``default`` pointers, and library imports.

Rules (docs/api-behaviour.md, "Versions"): new versions are drafts; ``latest`` is the published version with the
greatest ``publishedAt`` and the only one with ``isLatest``; ``default`` is the version marked ``isDefault`` (only a
published one can be), else ``latest``; published versions are immutable (409) except for the ``isDefault``
pointer; deleting a published version needs ``force``. Changing ``isLatest``/``isDefault`` of *other* versions as
a side effect does not move their ``updatedAt`` (chosen: only the version written to changes).
"""

from __future__ import annotations

from versori_pulumi.emulator.pagination import Page, PageParams, paginate
from versori_pulumi.emulator.problems import APIProblem
from versori_pulumi.emulator.records import ConnectorRecord, VersionRecord, now
from versori_pulumi.emulator.seed import LIBRARY_ORG_ID
from versori_pulumi.emulator.services.common import editing, latest_version, load, require_name, resolve
from versori_pulumi.emulator.services.connectors import require_free_name
from versori_pulumi.emulator.services.contents import Scope, copy_contents, publish_problems
from versori_pulumi.emulator.store import Store
from versori_pulumi.models import RESERVED_VERSION_NAMES, ConnectorVersion, ConnectorVersionCreate

__all__ = [
    "check_name",
    "create",
    "delete",
    "get",
    "import_public",
    "list_page",
    "publish",
    "resolve",
    "unpublish",
    "update",
]


def _recompute_latest(record: ConnectorRecord) -> None:
    """Exactly one published version (the newest) is ``isLatest``; none when nothing is published."""
    latest = latest_version(record)
    for version in record.versions:
        version.is_latest = latest is not None and version.id == latest.id


def check_name(record: ConnectorRecord, name: str, own_id: str | None = None) -> None:
    require_name(name)
    if name in RESERVED_VERSION_NAMES:
        raise APIProblem(400, f"{name!r} is a reserved version name", field="name")
    if "/" in name:
        raise APIProblem(400, "a version name cannot contain '/' (it is a path segment)", field="name")
    if any(v.name == name and v.id != own_id for v in record.versions):
        raise APIProblem(409, f"version name {name!r} is taken", field="name")


def list_page(store: Store, org: str, connector_id: str, params: PageParams) -> Page[VersionRecord]:
    record = load(store, org, connector_id)
    return paginate(record.versions, params, lambda v: (v.updated_at, v.id))


def get(store: Store, org: str, connector_id: str, ref: str) -> VersionRecord:
    return resolve(load(store, org, connector_id), ref)


def create(store: Store, org: str, connector_id: str, body: ConnectorVersionCreate) -> VersionRecord:
    """A new draft; ``fromVersion`` names a version whose actions, triggers and definitions are copied."""
    with editing(store, org, connector_id) as record:
        check_name(record, body.name)
        origin = resolve(record, body.from_version, field="fromVersion") if body.from_version is not None else None
        version = VersionRecord(name=body.name)
        record.versions.append(version)
        if origin is not None and origin.id in record.contents:
            record.contents[version.id] = copy_contents(record.contents[origin.id])
    return version


def update(store: Store, org: str, connector_id: str, ref: str, body: ConnectorVersion) -> VersionRecord:
    """Full replace: ``name``, ``description``, ``isDefault`` editable; read-only fields must be unchanged."""
    with editing(store, org, connector_id) as record:
        version = resolve(record, ref)
        for field, sent, stored in (
            ("id", body.id, version.id),
            ("isLatest", body.is_latest, version.is_latest),
            ("publishedAt", body.published_at, version.published_at),
        ):
            if sent != stored:
                raise APIProblem(400, f"{field} is read-only", field=field)
        description = body.description or None
        content_changed = body.name != version.name or description != (version.description or None)
        if content_changed and version.published_at is not None:
            raise APIProblem(409, "a published version is immutable; create a new version instead")
        if body.name != version.name:
            check_name(record, body.name, own_id=version.id)
        if body.is_default and version.published_at is None:
            raise APIProblem(400, "only a published version can be the default", field="isDefault")
        if content_changed or body.is_default != version.is_default:
            version.name, version.description = body.name, description
            for other in record.versions:
                if body.is_default and other.id != version.id:
                    other.is_default = False
            version.is_default = body.is_default
            version.updated_at = now()
    return version


def delete(store: Store, org: str, connector_id: str, ref: str, *, force: bool) -> None:
    """Delete a version; a published one only with ``force`` (409 otherwise)."""
    with editing(store, org, connector_id) as record:
        version = resolve(record, ref)
        if version.published_at is not None and not force:
            raise APIProblem(409, "version is published; delete with force=true to override")
        record.versions = [v for v in record.versions if v.id != version.id]
        record.contents.pop(version.id, None)
        _recompute_latest(record)


def publish(store: Store, org: str, connector_id: str, ref: str) -> VersionRecord:
    with editing(store, org, connector_id) as record:
        version = resolve(record, ref)
        if version.published_at is not None:
            raise APIProblem(409, f"version {version.name!r} is already published")
        problems = publish_problems(Scope(record, version))
        if problems:
            problem = APIProblem(400, "the version's contents have errors; fix them before publishing")
            problem.fields = problems
            raise problem
        version.published_at = version.updated_at = now()
        _recompute_latest(record)
    return version


def unpublish(store: Store, org: str, connector_id: str, ref: str) -> VersionRecord:
    """Back to draft; it stops being the default (a draft cannot be one)."""
    with editing(store, org, connector_id) as record:
        version = resolve(record, ref)
        if version.published_at is None:
            raise APIProblem(409, f"version {version.name!r} is not published")
        version.published_at = None
        version.is_default = False
        version.updated_at = now()
        _recompute_latest(record)
    return version


def import_public(store: Store, library: Store, org: str, public_id: str, ref: str) -> ConnectorRecord:
    """Copy a library connector into ``org``: a new connector (new id, made now, private) with the same fields and
    one draft version of that name."""
    source = library.get(LIBRARY_ORG_ID, public_id)
    if source is None:
        raise APIProblem(404, f"public connector {public_id} not found")
    origin = resolve(source, ref)
    with store.transaction():
        require_free_name(store, org, source.connector.name)
        draft = VersionRecord(name=origin.name, description=origin.description)
        connector = source.connector.renewed(organisation_id=org, public=False)
        record = ConnectorRecord(connector=connector, versions=[draft], categories=list(source.categories))
        if origin.id in source.contents:
            record.contents[draft.id] = copy_contents(source.contents[origin.id])
        store.put(record)
    return record
