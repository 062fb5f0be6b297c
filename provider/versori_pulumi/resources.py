"""The resources users declare in a Pulumi program: typed Args in, typed Outputs out.

Type tokens are fixed once and for all (``pulumi-python:dynamic/versori:<Name>``): changing one would make Pulumi
see every existing resource as deleted and a new one created. Every output is seeded in the property bag so it
resolves; outputs holding secrets are listed in ``additional_secret_outputs`` so state keeps them encrypted.
"""

from __future__ import annotations

import pickle
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, fields
from typing import Any

import pulumi
import pulumi.dynamic

from versori_pulumi.connection_provider import OUTPUTS as CONNECTION_OUTPUTS
from versori_pulumi.connection_provider import ConnectionProvider
from versori_pulumi.connector_provider import OUTPUTS as CONNECTOR_OUTPUTS
from versori_pulumi.connector_provider import ConnectorProvider
from versori_pulumi.connector_version_provider import OUTPUTS as VERSION_OUTPUTS
from versori_pulumi.connector_version_provider import ConnectorVersionProvider
from versori_pulumi.imported_connector_provider import OUTPUTS as IMPORTED_OUTPUTS
from versori_pulumi.imported_connector_provider import ImportedConnectorProvider

__all__ = [
    "Connection",
    "ConnectionArgs",
    "Connector",
    "ConnectorArgs",
    "ConnectorVersion",
    "ConnectorVersionArgs",
    "ImportedConnector",
    "ImportedConnectorArgs",
]


def _reset_pickler() -> None:
    """Undo the pickler patch ``pulumi.dynamic`` leaves behind, before the next dynamic resource is registered.

    ``pulumi.dynamic.serialize_provider`` (run by every dynamic resource's constructor) wraps
    ``pickle._Pickler._batch_setitems`` in a sorting function and never restores it, so each resource adds one
    wrapper around the last: pickling gets slower with every resource, and after about 980 dynamic resources in one
    process (one big program, or an Automation API process running several updates) it fails with RecursionError.
    Unwrapping to the original keeps the chain one deep; the sorted, deterministic pickling stays as Pulumi wants.
    """
    method = pickle._Pickler._batch_setitems  # type: ignore[attr-defined]
    while getattr(method, "__name__", "").startswith("batch_set_items_sorted") and method.__closure__:
        inner = [cell.cell_contents for cell in method.__closure__ if callable(cell.cell_contents)]
        if len(inner) != 1:
            break
        method = inner[0]
    pickle._Pickler._batch_setitems = method  # type: ignore[attr-defined]


def _props(args: Any, outputs: Sequence[str]) -> dict[str, Any]:
    """The dynamic resource's property bag: the given inputs (None left out) plus every output seeded as None."""
    props = {f.name: getattr(args, f.name) for f in fields(args) if getattr(args, f.name) is not None}
    props.update({name: None for name in outputs if name not in props})
    return props


def _with_secrets(opts: pulumi.ResourceOptions | None, secrets: Sequence[str]) -> pulumi.ResourceOptions:
    return pulumi.ResourceOptions.merge(opts, pulumi.ResourceOptions(additional_secret_outputs=list(secrets)))


@dataclass
class ConnectorArgs:
    """Inputs of an HTTP :class:`Connector`."""

    name: pulumi.Input[str]
    """Display name; unique within the organisation."""
    base_url: pulumi.Input[str]
    """Absolute http(s) URL every action's path is appended to."""
    public: pulumi.Input[bool] | None = None
    """List the connector in the public library (default False)."""
    documentation_url: pulumi.Input[str] | None = None
    """Link to the API's documentation."""
    image_url: pulumi.Input[str] | None = None
    """Icon URL."""
    tags: pulumi.Input[Mapping[str, Sequence[str]]] | None = None
    """Free-form tags: key to list of values."""
    categories: pulumi.Input[Sequence[str]] | None = None
    """Library categories (the API's Category enum, e.g. "CRM"); write-only in the API."""
    connection_variables: pulumi.Input[Sequence[Mapping[str, str]]] | None = None
    """Default variables (``{"name", "value"}``) copied into every connection."""
    auth_scheme_configs: pulumi.Input[Sequence[Mapping[str, Any]]] | None = None
    """Auth scheme configs (``schemeType`` none, api-key, basic-auth, oauth2, hmac, certificate); ids are optional."""
    force_delete: pulumi.Input[bool] | None = None
    """Delete even when in use or holding published versions."""
    adopt_existing: pulumi.Input[str] | None = None
    """Id or name of an existing connector to take over instead of creating one; removing it later is no change."""


class Connector(pulumi.dynamic.Resource, module="versori", name="Connector"):
    """An HTTP connector in the organisation."""

    connector_id: pulumi.Output[str]
    organisation_id: pulumi.Output[str]
    protocol: pulumi.Output[str]
    created_at: pulumi.Output[str]
    name: pulumi.Output[str]
    base_url: pulumi.Output[str]
    public: pulumi.Output[bool]
    tags: pulumi.Output[dict[str, list[str]]]
    categories: pulumi.Output[list[str]]
    connection_variables: pulumi.Output[list[dict[str, str]]]
    auth_scheme_configs: pulumi.Output[list[dict[str, Any]]]

    def __init__(self, resource_name: str, args: ConnectorArgs, opts: pulumi.ResourceOptions | None = None) -> None:
        _reset_pickler()
        super().__init__(ConnectorProvider(), resource_name, _props(args, CONNECTOR_OUTPUTS), opts)


@dataclass
class ConnectorVersionArgs:
    """Inputs of a :class:`ConnectorVersion`."""

    connector_id: pulumi.Input[str]
    """The owning connector's id (changing it replaces the version)."""
    name: pulumi.Input[str]
    """Version name, e.g. "2.0.0"; not "latest" or "default" (changing it replaces the version)."""
    from_version: pulumi.Input[str] | None = None
    """Name of the version whose actions, triggers and definitions are copied at creation (replaces on change)."""
    description: pulumi.Input[str] | None = None
    """What changed in this version."""
    published: pulumi.Input[bool] | None = None
    """Publish (True) or keep as a draft (False, the default)."""
    default: pulumi.Input[bool] | None = None
    """Make this the version ``default`` resolves to; needs ``published``."""
    force_delete: pulumi.Input[bool] | None = None
    """Delete even when published."""
    adopt_existing: pulumi.Input[str] | None = None
    """Name of an existing version to take over instead of creating one."""


class ConnectorVersion(pulumi.dynamic.Resource, module="versori", name="ConnectorVersion"):
    """A version of a connector: drafted (optionally from another), published, made default."""

    version_id: pulumi.Output[str]
    published_at: pulumi.Output[str]
    created_at: pulumi.Output[str]
    connector_id: pulumi.Output[str]
    name: pulumi.Output[str]
    published: pulumi.Output[bool]
    default: pulumi.Output[bool]

    def __init__(
        self, resource_name: str, args: ConnectorVersionArgs, opts: pulumi.ResourceOptions | None = None
    ) -> None:
        _reset_pickler()
        super().__init__(ConnectorVersionProvider(), resource_name, _props(args, VERSION_OUTPUTS), opts)


@dataclass
class ConnectionArgs:
    """Inputs of a :class:`Connection`."""

    connector_id: pulumi.Input[str]
    """The owning connector's id (changing it replaces the connection)."""
    name: pulumi.Input[str]
    """Name, unique within the connector."""
    variables: pulumi.Input[Sequence[Mapping[str, str]]] | None = None
    """Variables (``{"name", "value"}``) available to actions as ``{{ conn.<name> }}``."""
    credentials: pulumi.Input[Mapping[str, Any]] | None = None
    """``{"action": [...], "trigger": [...]}``, each ``{"authSchemeConfig": {...}, "credential": {"name", "type",
    "data"}}``; always stored as a secret. Changing a credential's secret part replaces the connection."""
    force_delete: pulumi.Input[bool] | None = None
    """Delete even when in use."""
    adopt_existing: pulumi.Input[str] | None = None
    """Id or name of an existing connection to take over instead of creating one."""


class Connection(pulumi.dynamic.Resource, module="versori", name="Connection"):
    """A connection of a connector: credentials (secret) and variables."""

    connection_id: pulumi.Output[str]
    credential_ids: pulumi.Output[dict[str, list[str]]]
    created_at: pulumi.Output[str]
    connector_id: pulumi.Output[str]
    name: pulumi.Output[str]
    variables: pulumi.Output[list[dict[str, str]]]
    credentials: pulumi.Output[dict[str, Any]]

    def __init__(self, resource_name: str, args: ConnectionArgs, opts: pulumi.ResourceOptions | None = None) -> None:
        _reset_pickler()
        props = _props(args, CONNECTION_OUTPUTS)
        if props.get("credentials") is not None:
            props["credentials"] = pulumi.Output.secret(props["credentials"])
        super().__init__(ConnectionProvider(), resource_name, props, _with_secrets(opts, ["credentials"]))


@dataclass
class ImportedConnectorArgs:
    """Inputs of an :class:`ImportedConnector`."""

    library_connector_id: pulumi.Input[str]
    """Id of the public library connector to copy."""
    version: pulumi.Input[str] | None = None
    """Library version to copy: a name, or "latest" (the default) / "default"."""
    force_delete: pulumi.Input[bool] | None = None
    """Delete even when in use."""
    adopt_existing: pulumi.Input[str] | None = None
    """Id or name of a connector imported earlier to take over instead of importing again."""


class ImportedConnector(pulumi.dynamic.Resource, module="versori", name="ImportedConnector"):
    """A public library connector version copied into the organisation as a new connector."""

    connector_id: pulumi.Output[str]
    name: pulumi.Output[str]
    base_url: pulumi.Output[str]
    version_names: pulumi.Output[list[str]]
    auth_scheme_configs: pulumi.Output[list[dict[str, Any]]]
    created_at: pulumi.Output[str]

    def __init__(
        self, resource_name: str, args: ImportedConnectorArgs, opts: pulumi.ResourceOptions | None = None
    ) -> None:
        _reset_pickler()
        super().__init__(ImportedConnectorProvider(), resource_name, _props(args, IMPORTED_OUTPUTS), opts)
