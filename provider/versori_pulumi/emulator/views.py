"""Reads: stored records turned into the API's read models, the way the spec's Go server would send them.

One conversion per record type passes every field a read shows on by name (:meth:`Record.shown`), so a field
added to a record and its model reaches the response. Routes return the models and serialise only the fields a
conversion set (``exclude_unset``, see :mod:`~versori_pulumi.emulator.routing`): fields the spec marks
``x-go-type-skip-optional-pointer`` are plain Go values with ``omitempty``, so they are left out when empty
(``documentationURL: ""``, ``connectionVariables: []``, a version's ``description``); required fields are always
present, ``publishedAt: null`` included (NOTES §3). Secrets read back as :data:`~versori_pulumi.models.REDACTED`.

:data:`NOT_KEPT` lists, per read model, the fields no record holds (computed here, or never sent by the emulator).
"""

from __future__ import annotations

from typing import Any, TypeVar

from pydantic import BaseModel, TypeAdapter

from versori_pulumi.emulator.pagination import Page
from versori_pulumi.emulator.records import (
    AuthSchemeConfigRecord,
    ConnectionCredentialRecord,
    ConnectionRecord,
    ConnectorRecord,
    CredentialRecord,
    VersionRecord,
)
from versori_pulumi.models import (
    REDACTED,
    AuthSchemeConfig,
    BigQueryConnector,
    Connection,
    ConnectionCredential,
    ConnectionCredentials,
    ConnectionSummary,
    Connector,
    ConnectorVersion,
    Credential,
    HTTPConnector,
    credential_data_model,
)

__all__ = [
    "NOT_KEPT",
    "auth_scheme_config_view",
    "connection_summary_view",
    "connection_view",
    "connector_view",
    "credential_view",
    "page_view",
    "sent",
    "version_view",
]

M = TypeVar("M", bound=BaseModel)

NOT_KEPT: dict[type[BaseModel], frozenset[str]] = {
    ConnectorVersion: frozenset({"messages"}),  # the emulator reports no version messages
    Credential: frozenset({"errors", "expires_at"}),  # no credential is ever invalid or expiring here
}
"""Fields of a read model that no record holds: left unset, so never sent."""

_CONFIG: TypeAdapter[AuthSchemeConfig] = TypeAdapter(AuthSchemeConfig)
_CONNECTOR: TypeAdapter[HTTPConnector | BigQueryConnector] = TypeAdapter(Connector)


def sent(model: M) -> M:
    """``model`` with only the fields its JSON body carries (None ones left out), for models made elsewhere."""
    return type(model).model_validate(model.model_dump(exclude_none=True))


def page_view(model: type[M], page: Page[Any], **items: list[Any]) -> M:
    """A page: ``totalCount`` always, ``next``/``prev`` only when there is such a page, then ``items``."""
    fields: dict[str, Any] = {"total_count": page.total_count, **items}
    if page.next is not None:
        fields["next"] = page.next
    if page.prev is not None:
        fields["prev"] = page.prev
    return model.model_validate(fields)


def auth_scheme_config_view(record: AuthSchemeConfigRecord) -> AuthSchemeConfig:
    """A config as sent; an OAuth 2.0 grant's ``clientSecret`` reads back masked (spec: never displayed)."""
    body = record.settings.model_dump(by_alias=False, exclude_none=True)
    for key in ("validation_messages", "additional_authorize_params", "additional_token_params", "mtls_enabled"):
        if not body.get(key):
            body.pop(key, None)
    grant = body.get("grant")
    if isinstance(grant, dict):
        for key in ("credential_id", "organisation_id"):
            if not grant.get(key):
                grant.pop(key, None)
        if record.client_secret is not None:
            grant["client_secret"] = REDACTED
    return _CONFIG.validate_python(body)


def credential_view(record: CredentialRecord) -> Credential:
    """A credential with the secret fields of its type masked, in the order of the type's data fields."""
    data = {**record.data, **dict.fromkeys(record.secrets, REDACTED)}
    model = credential_data_model(record.type)
    if model is not None:
        order = {info.alias or name: index for index, (name, info) in enumerate(model.model_fields.items())}
        data = dict(sorted(data.items(), key=lambda item: order.get(item[0], len(order))))
    return Credential.model_validate({**record.shown(exclude=frozenset({"data"})), "data": data})


def _connection_credential_view(record: ConnectionCredentialRecord) -> ConnectionCredential:
    return ConnectionCredential(
        id=record.id,
        auth_scheme_config=auth_scheme_config_view(record.auth_scheme_config),
        credential=credential_view(record.credential),
    )


def connection_view(record: ConnectionRecord) -> Connection:
    """A full connection, credentials redacted.

    ``credentials`` always carries both ``action`` and ``trigger``: omitting empty sides would give ``{}``, which
    the spec's ``minProperties: 1`` on ConnectionCredentials forbids.
    """
    credentials = ConnectionCredentials(
        action=[_connection_credential_view(c) for c in record.credentials.action],
        trigger=[_connection_credential_view(c) for c in record.credentials.trigger],
    )
    return Connection.model_validate({**record.shown(exclude=frozenset({"credentials"})), "credentials": credentials})


def connection_summary_view(record: ConnectionRecord) -> ConnectionSummary:
    """A list item of ListConnectorConnections: no credentials, no variables."""
    return ConnectionSummary.model_validate(record.shown(exclude=frozenset({"credentials", "variables"})))


def version_view(record: VersionRecord) -> ConnectorVersion:
    """A connector version; ``publishedAt`` is always present, ``null`` for a draft."""
    return ConnectorVersion.model_validate(record.shown(omit_empty=("description",)))


def connector_view(record: ConnectorRecord) -> HTTPConnector | BigQueryConnector:
    """A connector with its connections (redacted) and versions embedded, in creation order."""
    connector = record.connector
    body = connector.shown(
        exclude=frozenset({"auth_scheme_configs"}),
        omit_empty=("documentation_url", "image_url", "connection_variables", "tags"),
    )
    body["auth_scheme_configs"] = [auth_scheme_config_view(c) for c in connector.auth_scheme_configs]
    body["connections"] = [connection_view(c) for c in record.connections]
    body["versions"] = [version_view(v) for v in record.versions]
    return _CONNECTOR.validate_python(body)
