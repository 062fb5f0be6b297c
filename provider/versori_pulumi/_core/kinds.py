"""The one registry of resource kinds: type token, provider, natural key and how to find an object by that key.

Two places need to find a resource's object by its natural key (a connector's name; a version's or a connection's
name within its connector): adoption (``adopt_existing`` and the ``versori:adoptOwned`` mode,
:mod:`versori_pulumi._core.lifecycle`) and the recovery of pending creates
(:func:`versori_pulumi.recovery.locate`). They
ask this registry, which maps a kind's key to the client's own finders (``find_connector_by_name``,
``find_version``, ``find_connection_by_name``, ``find_library_copy``: the ones the client settles a lost POST with,
so the client never imports this module); a kind's key is written once. ``tests/framework/test_registry.py`` fails
when a resource class or a provider is missing here (a missing kind would have its pending create silently cleared,
and the next ``up`` would duplicate it).

This module imports only the models: the client is a parameter (imported for type checking only), and the provider
classes are named by their import path (the path dill records in every stack's state: it must never move).
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from versori_pulumi import models
from versori_pulumi.errors import NotFoundError

if TYPE_CHECKING:
    from versori_pulumi.client import ConnectClient

__all__ = [
    "BIGQUERY_CONNECTOR",
    "CONNECTION",
    "CONNECTOR",
    "CONNECTOR_DEFAULT_VERSION",
    "CONNECTOR_VERSION",
    "IMPORTED_CONNECTOR",
    "KINDS",
    "TYPE_PREFIX",
    "ResourceKind",
    "kind_named",
]

TYPE_PREFIX = "pulumi-python:dynamic/versori:"
"""Every type token is this prefix and the kind's name (frozen: a new token reads as delete-and-create)."""

T = TypeVar("T")
Key = Mapping[str, Any]
"""A natural key: the inputs that identify an object (``name``, with ``connector_id`` for a connector's child)."""


@dataclass(frozen=True)
class ResourceKind(Generic[T]):
    """One resource kind: what it is called, who provides it, and how an object of it is found again."""

    name: str
    """The resource class's name and the last part of its type token."""
    provider_path: str
    """``module.Class`` of its provider: dill pickles the provider by this reference into every stack's state."""
    noun: str
    """How messages name one object of the kind."""
    natural_key: tuple[str, ...]
    """The inputs that identify an object; ``name`` may be given as ``adopt_existing`` (which then wins)."""
    find: Callable[[ConnectClient, Key], T | None]
    """The object with this natural key, or None; it may be of another protocol (see ``accepts``). Other errors
    (a connector or organisation that is gone) propagate."""
    accepts: Callable[[Any], bool] = lambda _found: True
    """Whether a found object is of this kind (a connector's protocol); a name is unique across protocols."""
    get: Callable[[ConnectClient, Key, str], T] | None = None
    """The object by id (raising NotFoundError), for adoption by id before by name; None: by natural key only."""
    resource_id: Callable[[Any, Key], str] = lambda found, _key: str(found.id)
    """The resource id the state records for a found object."""

    @property
    def token(self) -> str:
        return f"{TYPE_PREFIX}{self.name}"

    def provider_class(self) -> type:
        module, _, cls = self.provider_path.rpartition(".")
        found: type = getattr(importlib.import_module(module), cls)
        return found

    def key_of(self, inputs: Mapping[str, Any]) -> dict[str, Any] | None:
        """The natural key in a property bag (``adopt_existing`` standing for ``name``); None when incomplete."""
        key = {name: inputs.get(name) for name in self.natural_key}
        if "name" in key and inputs.get("adopt_existing"):
            key["name"] = inputs["adopt_existing"]
        return key if all(isinstance(value, str) and value for value in key.values()) else None

    def lookup(self, client: ConnectClient, key: Key) -> T | None:
        """The object of this kind with this natural key, or None (a 404 on the way, e.g. of the connector that
        would hold it, counts as none)."""
        try:
            found = self.find(client, key)
        except NotFoundError:
            return None
        return found if found is not None and self.accepts(found) else None

    def locate(self, client: ConnectClient, inputs: Mapping[str, Any]) -> str | None:
        """The resource id of the object a property bag describes, found by natural key; None if there is none."""
        key = self.key_of(inputs)
        found = self.lookup(client, key) if key is not None else None
        return None if found is None or key is None else self.resource_id(found, key)


def _connector_named(client: ConnectClient, key: Key) -> models.HTTPConnector | models.BigQueryConnector | None:
    return client.find_connector_by_name(str(key["name"]))


def _connector(client: ConnectClient, _key: Key, connector_id: str) -> models.HTTPConnector | models.BigQueryConnector:
    return client.get_connector(connector_id)


def _version(client: ConnectClient, key: Key) -> models.ConnectorVersion | None:
    return client.find_version(str(key["connector_id"]), str(key["name"]))


def _connection(client: ConnectClient, key: Key) -> models.Connection | None:
    return client.find_connection_by_name(str(key["connector_id"]), str(key["name"]))


def _connection_by_id(client: ConnectClient, key: Key, connection_id: str) -> models.Connection:
    return client.get_connection(str(key["connector_id"]), connection_id)


def _default_version(client: ConnectClient, key: Key) -> models.ConnectorVersion | None:
    version = client.find_version(str(key["connector_id"]), str(key["version"]))
    return version if version is not None and version.is_default else None


def _imported(client: ConnectClient, key: Key) -> models.HTTPConnector | models.BigQueryConnector | None:
    """The copy an import of the library connector made (``name`` in the key when known already, as the client
    remembers it; else the client lists the library)."""
    name = key.get("name")
    return client.find_library_copy(str(key["library_connector_id"]), name=name if isinstance(name, str) else None)


CONNECTOR: ResourceKind[models.HTTPConnector | models.BigQueryConnector] = ResourceKind(
    name="Connector",
    provider_path="versori_pulumi.connector_provider.ConnectorProvider",
    noun="connector",
    natural_key=("name",),
    find=_connector_named,
    accepts=lambda found: isinstance(found, models.HTTPConnector),
    get=_connector,
)
BIGQUERY_CONNECTOR: ResourceKind[models.HTTPConnector | models.BigQueryConnector] = ResourceKind(
    name="BigQueryConnector",
    provider_path="versori_pulumi.bigquery_connector_provider.BigQueryConnectorProvider",
    noun="connector",  # messages say "BigQuery connector" where the kind matters (delete)
    natural_key=("name",),
    find=_connector_named,
    accepts=lambda found: isinstance(found, models.BigQueryConnector),
    get=_connector,
)
CONNECTOR_VERSION: ResourceKind[models.ConnectorVersion] = ResourceKind(
    name="ConnectorVersion",
    provider_path="versori_pulumi.connector_version_provider.ConnectorVersionProvider",
    noun="version",
    natural_key=("connector_id", "name"),
    find=_version,  # a version is addressed by its name: adoption takes no id
)
CONNECTION: ResourceKind[models.Connection] = ResourceKind(
    name="Connection",
    provider_path="versori_pulumi.connection_provider.ConnectionProvider",
    noun="connection",
    natural_key=("connector_id", "name"),
    find=_connection,
    get=_connection_by_id,
)
CONNECTOR_DEFAULT_VERSION: ResourceKind[models.ConnectorVersion] = ResourceKind(
    name="ConnectorDefaultVersion",
    provider_path="versori_pulumi.connector_default_version_provider.ConnectorDefaultVersionProvider",
    noun="default version",
    natural_key=("connector_id", "version"),
    find=_default_version,  # found only while the version is marked default
    resource_id=lambda _found, key: str(key["connector_id"]),  # its id is the connector's
)
IMPORTED_CONNECTOR: ResourceKind[models.HTTPConnector | models.BigQueryConnector] = ResourceKind(
    name="ImportedConnector",
    provider_path="versori_pulumi.imported_connector_provider.ImportedConnectorProvider",
    noun="connector",
    natural_key=("library_connector_id",),
    find=_imported,  # any protocol: the library holds HTTP and BigQuery connectors alike
    get=_connector,
)

KINDS: tuple[ResourceKind[Any], ...] = (
    CONNECTOR,
    CONNECTOR_VERSION,
    CONNECTOR_DEFAULT_VERSION,
    CONNECTION,
    IMPORTED_CONNECTOR,
    BIGQUERY_CONNECTOR,
)


def kind_named(name: str) -> ResourceKind[Any] | None:
    """The kind of a type token's last part (``Connector``), or None for a name this package does not define."""
    return next((kind for kind in KINDS if kind.name == name), None)
