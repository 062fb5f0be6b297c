"""Read-only lookups for a Pulumi program (Terraform's data sources): a public library connector or one of the
organisation's connectors by name, the library categories, the protocols and their auth schemes.

    from versori_pulumi.lookups import get_library_connector

    slack = get_library_connector("Slack")
    ImportedConnector("slack", ImportedConnectorArgs(library_connector_id=slack.id))

They run in the program process, at ``preview`` and at ``up`` alike, and call the API there and then, so their
results are **plain values, known at preview**: a lookup gives the same answer to the preview as to the ``up``
after it, and nothing built from it becomes unknown (an id from a lookup keeps an ``ImportedConnector`` known, where
an output of another resource would not be during its creation). Nothing they return is secret: the API key only
authenticates the request; it is never returned, logged or put in an error, so there is no need to wrap the results
in secret Outputs (an OAuth 2.0 grant's client secret, the one secret a connector may carry, is left out).

Configuration is the provider's: stack config ``versori:apiKey`` (secret), ``versori:organisationId``,
``versori:baseUrl``, with the ``VERSORI_*`` environment variables as fallbacks
(:func:`versori_pulumi.config.settings_from`).
A name that matches nothing fails the program with an error naming what exists.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any, cast

import pulumi

from versori_pulumi._core.lifecycle import auth_configs_state
from versori_pulumi._program.wire import to_snake
from versori_pulumi.config import client_for, program_value, settings_from
from versori_pulumi.errors import NotFoundError, VersoriError
from versori_pulumi.inputs import AuthSchemeConfigOutputDict
from versori_pulumi.models import BigQueryConnector, HTTPConnector

if TYPE_CHECKING:
    from versori_pulumi.client import ConnectClient

__all__ = [
    "AuthSchemeInfo",
    "ConnectorInfo",
    "LookupFailed",
    "ProtocolInfo",
    "get_auth_scheme",
    "get_auth_schemes",
    "get_categories",
    "get_connector",
    "get_connector_output",
    "get_library_connector",
    "get_library_connector_output",
    "get_protocol",
    "get_protocols",
]

_SHOWN = 20
"""How many existing names an error lists before it says how many more there are."""


class LookupFailed(VersoriError, LookupError):
    """A lookup found nothing (or more than one thing) by the name it was given; the message names what exists."""


@dataclass(frozen=True)
class ConnectorInfo:
    """A connector as a lookup returns it: snake_case, plain values."""

    id: str
    organisation_id: str
    name: str
    protocol: str
    public: bool
    base_url: str | None
    """For an HTTP connector; None for BigQuery."""
    dataset_id: str | None
    """For a BigQuery connector; None for HTTP."""
    documentation_url: str | None
    image_url: str | None
    tags: dict[str, list[str]]
    auth_scheme_configs: list[AuthSchemeConfigOutputDict]
    """Ready to pass on as a connection credential's ``auth_scheme_config`` (no client secret)."""
    version_names: list[str]
    default_version: str | None
    """The version ``default`` resolves to: the one marked default, else the latest published, else None."""


@dataclass(frozen=True)
class ProtocolInfo:
    id: str
    slug: str
    """What connectors and paths name it by (``http``, ``bigquery``)."""
    name: str
    description: str
    icon_url: str


@dataclass(frozen=True)
class AuthSchemeInfo:
    id: str
    type: str
    """The scheme type (``api-key``, ``oauth2``, ``google-service-account``, ...)."""
    name: str
    description: str
    protocol: str
    """The protocol slug it was listed for."""


# --- configuration and client ---


def _client(client: ConnectClient | None) -> ConnectClient:
    """The given client, or the process-wide one for the program's configuration."""
    return client if client is not None else client_for(settings_from(program_value))


def _names(values: Iterable[str], wanted: str | None = None) -> str:
    """The existing names for an error, sorted (the first few), then the closest ones to ``wanted``, if any."""
    names = sorted(set(values), key=str.lower)
    if not names:
        return "none"
    shown = ", ".join(repr(n) for n in names[:_SHOWN])
    listed = shown if len(names) <= _SHOWN else f"{shown} and {len(names) - _SHOWN} more"
    by_lower = {n.lower(): n for n in names}
    close = difflib.get_close_matches((wanted or "").lower(), list(by_lower), n=3, cutoff=0.6) if wanted else []
    hint = " or ".join(repr(by_lower[c]) for c in close)
    return f"{listed} (did you mean {hint}?)" if hint else listed


def _safe_config(config: dict[str, Any]) -> dict[str, Any]:
    """A config without the one secret it may hold: an OAuth 2.0 grant's client secret."""
    grant = config.get("grant")
    if isinstance(grant, dict):
        config = {**config, "grant": {k: v for k, v in grant.items() if k != "clientSecret"}}
    return config


def _info(connector: HTTPConnector | BigQueryConnector) -> ConnectorInfo:
    configs = auth_configs_state(connector.auth_scheme_configs)
    versions = connector.versions
    marked = next((v.name for v in versions if v.is_default), None)
    published = [v for v in versions if v.published_at is not None]
    latest = max(published, key=lambda v: cast(datetime, v.published_at), default=None)
    return ConnectorInfo(
        id=connector.id,
        organisation_id=connector.organisation_id,
        name=connector.name,
        protocol=connector.protocol,
        public=connector.public,
        base_url=connector.base_url if isinstance(connector, HTTPConnector) else None,
        dataset_id=connector.dataset_id if isinstance(connector, BigQueryConnector) else None,
        documentation_url=connector.documentation_url,
        image_url=connector.image_url,
        tags={k: list(v) for k, v in connector.tags.items()},
        auth_scheme_configs=cast(list[AuthSchemeConfigOutputDict], to_snake([_safe_config(c) for c in configs])),
        version_names=[v.name for v in versions],
        default_version=marked or (latest.name if latest else None),
    )


def _only(found: Sequence[HTTPConnector | BigQueryConnector], what: str, name: str) -> ConnectorInfo:
    if len(found) > 1:
        ids = ", ".join(c.id for c in found)
        raise LookupFailed(
            f"{len(found)} {what}s are named {name!r} (ids {ids}): pass protocol= to tell them apart, or use the id"
        )
    return _info(found[0])


# --- lookups ---


def get_library_connector(
    name: str, *, protocol: str | None = None, client: ConnectClient | None = None
) -> ConnectorInfo:
    """The public library connector named exactly ``name`` (optionally of one ``protocol``), e.g. ``"Slack"``.

    Raises :class:`LookupFailed` naming the library's connectors when none has that name.
    """
    api = _client(client)
    matches = [c for c in api.list_public_connectors(name=name) if c.name == name]
    found = [c for c in matches if protocol is None or c.protocol == protocol]
    if not found:
        everything = api.list_public_connectors()
        names = (c.name for c in everything if protocol is None or c.protocol == protocol)
        kind = f"{protocol} connector" if protocol else "connector"
        raise LookupFailed(f"no public library {kind} is named {name!r}; the library has: {_names(names, name)}")
    return _only(found, "public library connector", name)


def get_library_connector_output(
    name: pulumi.Input[str], *, protocol: str | None = None, client: ConnectClient | None = None
) -> pulumi.Output[ConnectorInfo]:
    """:func:`get_library_connector` for a name that is an Input (another resource's output): the lookup runs
    when the name is known, so it is known at preview exactly when the name is."""
    return pulumi.Output.from_input(name).apply(lambda n: get_library_connector(n, protocol=protocol, client=client))


def get_connector(name: str, *, client: ConnectClient | None = None) -> ConnectorInfo:
    """The organisation's connector (of any protocol) named exactly ``name``.

    Raises :class:`LookupFailed` naming the organisation's connectors when none has that name.
    """
    api = _client(client)
    found = api.find_connector_by_name(name)
    if found is None:
        names = (c.name for c in api.list_connectors())
        raise LookupFailed(f"no connector in the organisation is named {name!r}; it has: {_names(names, name)}")
    return _info(found)


def get_connector_output(
    name: pulumi.Input[str], *, client: ConnectClient | None = None
) -> pulumi.Output[ConnectorInfo]:
    """:func:`get_connector` for a name that is an Input, e.g. ``get_connector_output(imported.name)``."""
    return pulumi.Output.from_input(name).apply(lambda n: get_connector(n, client=client))


def get_categories(*, client: ConnectClient | None = None) -> list[str]:
    """Every library category (the values ``categories`` inputs take), e.g. ``"CRM"``."""
    return list(_client(client).list_categories())


def get_protocols(*, client: ConnectClient | None = None) -> list[ProtocolInfo]:
    """Every protocol the organisation may use."""
    return [
        ProtocolInfo(id=p.id, slug=p.slug, name=p.name, description=p.description, icon_url=p.icon_url)
        for p in _client(client).list_protocols()
    ]


def get_protocol(slug: str, *, client: ConnectClient | None = None) -> ProtocolInfo:
    """The protocol with this slug; :class:`LookupFailed` naming the protocols there are when none has it."""
    protocols = get_protocols(client=client)
    found = next((p for p in protocols if p.slug == slug), None)
    if found is None:
        raise LookupFailed(f"no protocol {slug!r}; the organisation has: {_names((p.slug for p in protocols), slug)}")
    return found


def get_auth_schemes(protocol: str = "http", *, client: ConnectClient | None = None) -> list[AuthSchemeInfo]:
    """The auth schemes a protocol supports (by its slug); an unknown protocol names the ones there are."""
    api = _client(client)
    try:
        schemes = api.list_auth_schemes(protocol)
    except NotFoundError:
        slugs = _names((p.slug for p in api.list_protocols()), protocol)
        raise LookupFailed(f"no protocol {protocol!r}; the organisation has: {slugs}") from None
    return [
        AuthSchemeInfo(id=s.id, type=s.type, name=s.name, description=s.description, protocol=protocol) for s in schemes
    ]


def get_auth_scheme(protocol: str, type_: str, *, client: ConnectClient | None = None) -> AuthSchemeInfo:
    """The auth scheme of this type for a protocol, e.g. ``get_auth_scheme("bigquery", "google-service-account")``."""
    schemes = get_auth_schemes(protocol, client=client)
    found = next((s for s in schemes if s.type == type_), None)
    if found is None:
        there = _names((s.type for s in schemes), type_)
        raise LookupFailed(f"protocol {protocol!r} has no auth scheme {type_!r}; it has: {there}")
    return found
