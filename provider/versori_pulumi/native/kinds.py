"""The six resource kinds of the native face, each an adapter onto the dynamic face's provider class of its kind.

A kind names its token, the core provider (whose check, diff, create, read, update and delete are called as they
are), its spec (the schema's source), the property holding its secret values apart (always used on this face, so
only they are secret in state and previews) and how an import id reads (``docs/native.md``).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from versori_pulumi import (
    bigquery_connector_provider,
    connection_provider,
    connector_default_version_provider,
    connector_provider,
    connector_version_provider,
    imported_connector_provider,
)
from versori_pulumi._core.base import VersoriProvider
from versori_pulumi._core.secret_split import CONFIG_SECRETS, CREDENTIAL_SECRETS
from versori_pulumi._core.spec import ResourceSpec
from versori_pulumi.errors import VersoriError
from versori_pulumi.native import PACKAGE

__all__ = ["KINDS", "Kind", "ImportId", "kind_of"]


@dataclass(frozen=True)
class ImportId:
    """A resource id as the core reads it: the object's own id and the properties a read needs beyond it."""

    resource_id: str
    props: dict[str, Any]


def _plain_id(id_: str, _provider: VersoriProvider) -> ImportId:
    return ImportId(id_, {})


def _under_connector(noun: str) -> Callable[[str, VersoriProvider], ImportId]:
    def parse(id_: str, _provider: VersoriProvider) -> ImportId:
        connector_id, sep, own = id_.partition("/")
        if not sep or not connector_id or not own:
            raise ValueError(f"a {noun} is imported by '<connector_id>/<{noun}_id>', not {id_!r}")
        return ImportId(own, {"connector_id": connector_id})

    return parse


def _version_id(id_: str, provider: VersoriProvider) -> ImportId:
    """``<connector_id>/<version_id>``: the core reads a version by name, so the name is looked up by id (a name
    is accepted too)."""
    found = _under_connector("version")(id_, provider)
    connector_id = found.props["connector_id"]
    for version in provider.client().list_versions(connector_id):
        if found.resource_id in (version.id, version.name):
            return ImportId(version.id, {"connector_id": connector_id, "name": version.name})
    return ImportId(found.resource_id, {"connector_id": connector_id, "name": found.resource_id})


def _imported_id(id_: str, provider: VersoriProvider) -> ImportId:
    """``<connector_id>`` or ``<connector_id>/<library_connector_id>``: the API keeps no link from an imported
    connector to its library origin, so without one the library connector of the same name and protocol is it."""
    own, _sep, library_id = id_.partition("/")
    if library_id:
        return ImportId(own, {"library_connector_id": library_id})
    client = provider.client()
    connector = client.get_connector(own)
    origin = next(
        (c for c in client.list_public_connectors() if c.name == connector.name and c.protocol == connector.protocol),
        None,
    )
    if origin is None:
        raise VersoriError(
            f"connector {own} ({connector.name!r}) matches no library connector by name: import it as "
            f"'<connector_id>/<library_connector_id>'"
        )
    return ImportId(own, {"library_connector_id": origin.id})


@dataclass(frozen=True)
class Kind:
    """One resource kind of the plugin."""

    name: str
    provider: type[VersoriProvider]
    spec: ResourceSpec
    secrets: str | None
    """The property holding this kind's secret values apart (``auth_scheme_secrets``, ``credential_secrets``)."""
    import_id: Callable[[str, VersoriProvider], ImportId]
    import_form: str
    needs: tuple[str, ...] = ()
    """What a read needs beyond the id: without it (an import), the id is read as an import id."""
    offline: bool = True
    """Its check and diff never call the API (an imported connector's check reads the library)."""

    @property
    def token(self) -> str:
        return f"{PACKAGE}:index:{self.name}"

    def computed(self) -> tuple[str, ...]:
        """The outputs the provider computes (unknown until a create answers), the id-served one included."""
        return tuple(name for name in self.spec.state if name not in self.spec.inputs)


KINDS: tuple[Kind, ...] = (
    Kind(
        "Connector",
        connector_provider.ConnectorProvider,
        connector_provider.SPEC,
        CONFIG_SECRETS,
        _plain_id,
        "<connector_id>",
    ),
    Kind(
        "ConnectorVersion",
        connector_version_provider.ConnectorVersionProvider,
        connector_version_provider.SPEC,
        None,
        _version_id,
        "<connector_id>/<version_id>",
        ("connector_id", "name"),
    ),
    Kind(
        "Connection",
        connection_provider.ConnectionProvider,
        connection_provider.SPEC,
        CREDENTIAL_SECRETS,
        _under_connector("connection"),
        "<connector_id>/<connection_id>",
        ("connector_id",),
    ),
    Kind(
        "ConnectorDefaultVersion",
        connector_default_version_provider.ConnectorDefaultVersionProvider,
        connector_default_version_provider.SPEC,
        None,
        _plain_id,
        "<connector_id>",
    ),
    Kind(
        "ImportedConnector",
        imported_connector_provider.ImportedConnectorProvider,
        imported_connector_provider.SPEC,
        None,
        _imported_id,
        "<connector_id>[/<library_connector_id>]",
        ("library_connector_id",),
        offline=False,
    ),
    Kind(
        "BigQueryConnector",
        bigquery_connector_provider.BigQueryConnectorProvider,
        bigquery_connector_provider.SPEC,
        CONFIG_SECRETS,
        _plain_id,
        "<connector_id>",
    ),
)

_BY_TOKEN: Mapping[str, Kind] = {kind.token: kind for kind in KINDS}


def kind_of(token: str) -> Kind:
    """The kind a resource type token names."""
    try:
        return _BY_TOKEN[token]
    except KeyError:
        raise ValueError(f"unknown resource type {token!r} (this plugin serves {', '.join(_BY_TOKEN)})") from None
