"""Response bodies: stored records rendered the way the spec's Go server would send them.

Fields the spec marks ``x-go-type-skip-optional-pointer`` are plain Go values with ``omitempty``, so they are left
out when empty (``documentationURL: ""``, ``connectionVariables: []``, a version's ``description``); required fields
are always present, ``publishedAt: null`` included (NOTES §3). Every credential read goes through
:func:`credential_view`, which masks the type's secret fields with :data:`~versori_pulumi.models.REDACTED`.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pydantic import TypeAdapter

from versori_pulumi.emulator.records import ConnectorRecord
from versori_pulumi.models import (
    REDACTED,
    SECRET_CREDENTIAL_FIELDS,
    AuthSchemeConfig,
    Connection,
    ConnectionCredential,
    ConnectorVersion,
    Credential,
)

__all__ = [
    "auth_scheme_config_view",
    "connection_summary_view",
    "connection_view",
    "connector_view",
    "credential_view",
    "version_view",
]

Body = dict[str, Any]


def _drop_empty(body: Body, *keys: str) -> Body:
    """Leave out ``keys`` whose value is empty (None, "", false, [] or {}): Go's omitempty."""
    for key in keys:
        if key in body and not body[key]:
            del body[key]
    return body


def auth_scheme_config_view(config: AuthSchemeConfig) -> Body:
    """An auth scheme config; an OAuth 2.0 grant's ``clientSecret`` reads back masked (spec: never displayed)."""
    body = config.model_dump(mode="json", by_alias=True, exclude_none=True)
    _drop_empty(body, "validationMessages", "additionalAuthorizeParams", "additionalTokenParams", "mtlsEnabled")
    grant = body.get("grant")
    if isinstance(grant, dict):
        _drop_empty(grant, "credentialId", "organisationId")
        if "clientSecret" in grant:
            grant["clientSecret"] = REDACTED
    return body


def credential_view(credential: Credential) -> Body:
    """A credential with the secret fields of its type masked; the stored data keeps them."""
    body = credential.model_dump(mode="json", by_alias=True, exclude_none=True)
    secrets = SECRET_CREDENTIAL_FIELDS.get(credential.type, frozenset())
    body["data"] = {key: (REDACTED if key in secrets else value) for key, value in credential.data.items()}
    return _drop_empty(body, "errors")


def _connection_credential_view(item: ConnectionCredential) -> Body:
    return {
        "id": item.id,
        "authSchemeConfig": auth_scheme_config_view(item.auth_scheme_config),
        "credential": credential_view(item.credential),
    }


def connection_view(connection: Connection) -> Body:
    """A full connection, credentials redacted.

    ``credentials`` always carries both ``action`` and ``trigger``: omitting empty sides would give ``{}``, which
    the spec's ``minProperties: 1`` on ConnectionCredentials forbids.
    """
    return {
        "id": connection.id,
        "name": connection.name,
        "credentials": {
            "action": [_connection_credential_view(c) for c in connection.credentials.action],
            "trigger": [_connection_credential_view(c) for c in connection.credentials.trigger],
        },
        "variables": [v.wire() for v in connection.variables],
        "createdAt": _time(connection.created_at),
        "updatedAt": _time(connection.updated_at),
    }


def connection_summary_view(connection: Connection) -> Body:
    """A list item of ListConnectorConnections: no credentials, no variables."""
    return {
        "id": connection.id,
        "name": connection.name,
        "createdAt": _time(connection.created_at),
        "updatedAt": _time(connection.updated_at),
    }


def version_view(version: ConnectorVersion) -> Body:
    """A connector version; ``publishedAt`` is always present, ``null`` for a draft."""
    body = version.model_dump(mode="json", by_alias=True)
    return _drop_empty(body, "description", "messages")


def connector_view(record: ConnectorRecord) -> Body:
    """A connector with its connections (redacted) and versions embedded, in creation order."""
    connector = record.connector
    body = connector.model_dump(
        mode="json", by_alias=True, exclude_none=True, exclude={"auth_scheme_configs", "connections", "versions"}
    )
    _drop_empty(body, "documentationURL", "imageURL", "connectionVariables", "tags")
    body["authSchemeConfigs"] = [auth_scheme_config_view(c) for c in connector.auth_scheme_configs]
    body["connections"] = [connection_view(c) for c in connector.connections]
    body["versions"] = [version_view(v) for v in connector.versions]
    return body


_TIME: TypeAdapter[datetime] = TypeAdapter(datetime)


def _time(value: datetime) -> str:
    """RFC 3339 in UTC with ``Z``, exactly as pydantic renders the other timestamps."""
    text: str = _TIME.dump_python(value, mode="json")
    return text
