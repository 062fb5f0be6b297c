"""What an organisation holds, read through the client, as import entries (all connectors, or one and its objects).

Each connector comes with what hangs under it: its versions, its default version (when one is marked default) and
its connections. A connector whose name is a public library connector's is a library copy, imported as an
``ImportedConnector``; the versions the copy brought are part of it, so only its connections are listed with it.
Order (connectors by name, then each connector's default, versions and connections by name) fixes the names.
"""

from __future__ import annotations

from collections.abc import Iterator

from versori_pulumi import models
from versori_pulumi.client import ConnectClient

from .document import ImportEntry
from .names import assign_names, slug

__all__ = ["ConnectorNotFoundError", "entries_from_organisation"]


class ConnectorNotFoundError(LookupError):
    """``--connector`` named no connector of the organisation."""


def _kind(connector: models.HTTPConnector | models.BigQueryConnector, library_names: set[str]) -> str:
    if connector.name in library_names:
        return "ImportedConnector"
    return "BigQueryConnector" if isinstance(connector, models.BigQueryConnector) else "Connector"


def _selected(client: ConnectClient, connector: str | None) -> list[models.HTTPConnector | models.BigQueryConnector]:
    found = sorted(client.list_connectors(), key=lambda c: (c.name, c.id))
    if connector is None:
        return found
    chosen = [c for c in found if connector in (c.id, c.name)]
    if not chosen:
        names = ", ".join(repr(c.name) for c in found) or "none"
        raise ConnectorNotFoundError(
            f"the organisation has no connector with id or name {connector!r} (it has {names})"
        )
    return chosen[:1]


def _objects(
    client: ConnectClient, connector: models.HTTPConnector | models.BigQueryConnector, kind: str
) -> Iterator[tuple[str, str, str, str]]:
    """(kind, wanted name, import id, description) of the connector and each object under it."""
    base = slug(connector.name, "connector")
    yield kind, base, connector.id, f"connector {connector.name!r}"
    versions = sorted(client.list_versions(connector.id), key=lambda v: (v.name, v.id))
    default = next((v for v in versions if v.is_default), None)
    if kind != "ImportedConnector":
        if default is not None:
            yield (
                "ConnectorDefaultVersion",
                f"{base}-default",
                connector.id,
                f"default version of {connector.name!r} ({default.name})",
            )
        for version in versions:
            yield (
                "ConnectorVersion",
                f"{base}-{slug(version.name, 'version')}",
                f"{connector.id}/{version.id}",
                f"version {version.name!r} of {connector.name!r}",
            )
    for connection in sorted(client.list_connections(connector.id), key=lambda c: (c.name, c.id)):
        yield (
            "Connection",
            f"{base}-{slug(connection.name, 'connection')}",
            f"{connector.id}/{connection.id}",
            f"connection {connection.name!r} of {connector.name!r}",
        )


def entries_from_organisation(client: ConnectClient, connector: str | None = None) -> list[ImportEntry]:
    """Every object of the organisation (or of one connector, by id or exact name) as an import entry."""
    library_names = {c.name for c in client.list_public_connectors()}
    found = [
        obj for chosen in _selected(client, connector) for obj in _objects(client, chosen, _kind(chosen, library_names))
    ]
    names = assign_names(wanted for _, wanted, _, _ in found)
    return [
        ImportEntry(kind=kind, name=name, id=import_id, description=what)
        for (kind, _, import_id, what), name in zip(found, names, strict=True)
    ]
