"""What the emulator stores: one record per connector, holding its versions, connections and credentials.

A connector and everything under it is one document, so every write is a read-modify-write of one record under
the store's lock. Records are the emulator's own types (:mod:`~versori_pulumi.emulator.views` turns them into the
API's read models); they embed only the API's value types (an auth scheme config's settings, variables, tags).
Secrets are held apart from what a read shows: a credential's secret data fields sit in ``secrets``, an OAuth 2.0
grant's client secret in the config's ``client_secret``; reads mask them. Every default (a new id, timestamps, a
draft version, a private connector with no tags) is a field default here.

Documents written before these records (the API's Connector model under ``connector``, secrets inline) still
load: :meth:`ConnectorRecord._from_api_shape` converts them, and the next write stores the new form.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, ClassVar, Literal

from pydantic import Field, TypeAdapter, model_validator

from versori_pulumi.emulator.contents_records import VersionContents
from versori_pulumi.emulator.record_base import Record, Stamped, new_id, now
from versori_pulumi.models import (
    SECRET_CREDENTIAL_FIELDS,
    AuthSchemeConfig,
    BigQueryConnector,
    Category,
    Connection,
    ConnectionCredential,
    ConnectionVariable,
    Connector,
    CredentialType,
    HTTPConnector,
    Tags,
    WireSecret,
)

__all__ = [
    "AuthSchemeConfigRecord",
    "BigQueryConnectorFields",
    "ConnectionCredentialRecord",
    "ConnectionCredentialsRecord",
    "ConnectionRecord",
    "ConnectorFields",
    "ConnectorRecord",
    "CredentialRecord",
    "HTTPConnectorFields",
    "VersionRecord",
    "new_id",
    "now",
]


class AuthSchemeConfigRecord(Record):
    """An auth scheme config as sent, without its secret: an OAuth 2.0 grant's ``clientSecret`` is held in
    ``client_secret``, and ``validationMessages`` (output only, spec) is not kept."""

    HIDDEN: ClassVar[frozenset[str]] = frozenset({"client_secret"})

    settings: AuthSchemeConfig
    client_secret: WireSecret | None = None

    @classmethod
    def from_body(cls, config: AuthSchemeConfig) -> AuthSchemeConfigRecord:
        grant = getattr(config, "grant", None)
        secret = getattr(grant, "client_secret", None)
        changes: dict[str, Any] = {"validation_messages": None}
        if secret is not None:
            changes["grant"] = grant.model_copy(update={"client_secret": None})  # type: ignore[union-attr]
        return cls(settings=config.model_copy(update=changes), client_secret=secret)

    @property
    def id(self) -> str:
        return self.settings.id

    @property
    def scheme_type(self) -> str:
        return self.settings.scheme_type


class CredentialRecord(Record):
    """A credential: ``data`` holds the fields a read shows as stored (``username``, ``scopes``...), ``secrets``
    the secret ones (:data:`~versori_pulumi.models.SECRET_CREDENTIAL_FIELDS`), which a read masks."""

    HIDDEN: ClassVar[frozenset[str]] = frozenset({"secrets"})

    id: str = Field(default_factory=new_id)
    organisation_id: str
    type: CredentialType
    name: str
    data: dict[str, Any] = Field(default_factory=dict)
    secrets: dict[str, WireSecret] = Field(default_factory=dict)

    @classmethod
    def from_data(
        cls, *, organisation_id: str, ctype: CredentialType, name: str, data: dict[str, Any], **given: Any
    ) -> CredentialRecord:
        """A credential from its whole ``data`` (wire names, secrets in clear), split into shown and secret."""
        secret = SECRET_CREDENTIAL_FIELDS.get(ctype, frozenset())
        return cls(
            **given,
            organisation_id=organisation_id,
            type=ctype,
            name=name,
            data={k: v for k, v in data.items() if k not in secret},
            secrets={k: v for k, v in data.items() if k in secret},
        )


class ConnectionCredentialRecord(Record):
    """A credential of a connection with the copy of the auth scheme config it was made for."""

    id: str = Field(default_factory=new_id)
    auth_scheme_config: AuthSchemeConfigRecord
    credential: CredentialRecord


class ConnectionCredentialsRecord(Record):
    action: list[ConnectionCredentialRecord] = Field(default_factory=list)
    trigger: list[ConnectionCredentialRecord] = Field(default_factory=list)


class ConnectionRecord(Stamped):
    name: str
    credentials: ConnectionCredentialsRecord = Field(default_factory=ConnectionCredentialsRecord)
    variables: list[ConnectionVariable] = Field(default_factory=list)


class VersionRecord(Stamped):
    """A connector version; by default a new draft (not published, neither latest nor default)."""

    name: str
    description: str | None = None
    is_latest: bool = False
    is_default: bool = False
    published_at: datetime | None = None


class _ConnectorFieldsBase(Stamped):
    """A connector's own fields; by default private, with no URLs, tags, configs or connection variables."""

    organisation_id: str
    name: str
    public: bool = False
    documentation_url: str | None = None
    image_url: str | None = None
    tags: Tags = Field(default_factory=dict)
    auth_scheme_configs: list[AuthSchemeConfigRecord] = Field(default_factory=list)
    connection_variables: list[ConnectionVariable] = Field(default_factory=list)


class HTTPConnectorFields(_ConnectorFieldsBase):
    protocol: Literal["http"] = "http"
    base_url: str


class BigQueryConnectorFields(_ConnectorFieldsBase):
    protocol: Literal["bigquery"] = "bigquery"
    dataset_id: str


ConnectorFields = Annotated[HTTPConnectorFields | BigQueryConnectorFields, Field(discriminator="protocol")]

_API_CONNECTOR: TypeAdapter[HTTPConnector | BigQueryConnector] = TypeAdapter(Connector)


class ConnectorRecord(Record):
    """A stored connector, its versions and connections, the state the API does not show (categories, in-use
    marks), and the contents of its versions by version id."""

    HIDDEN: ClassVar[frozenset[str]] = frozenset({"categories", "in_use", "connections_in_use", "contents"})

    connector: ConnectorFields
    versions: list[VersionRecord] = Field(default_factory=list)
    connections: list[ConnectionRecord] = Field(default_factory=list)
    categories: list[Category] = Field(default_factory=list)
    in_use: bool = False
    connections_in_use: list[str] = Field(default_factory=list)
    contents: dict[str, VersionContents] = Field(default_factory=dict)

    @property
    def id(self) -> str:
        return self.connector.id

    @model_validator(mode="before")
    @classmethod
    def _from_api_shape(cls, data: Any) -> Any:
        """A document of the earlier form (the API's Connector under ``connector``, camelCase, secrets inline)."""
        if not isinstance(data, dict):
            return data
        old = data.get("connector")
        if not isinstance(old, HTTPConnector | BigQueryConnector) and not (
            isinstance(old, dict) and "organisationId" in old
        ):
            return data
        api = _API_CONNECTOR.validate_python(old)
        fields = api.model_dump(by_alias=False, exclude={"auth_scheme_configs", "connections", "versions"})
        fields["auth_scheme_configs"] = [AuthSchemeConfigRecord.from_body(c) for c in api.auth_scheme_configs]
        return {
            **data,
            "connector": fields,
            "versions": [v.model_dump(by_alias=False, exclude={"messages"}) for v in api.versions],
            "connections": [_connection_from_api(c) for c in api.connections],
        }


def _credential_from_api(item: ConnectionCredential) -> ConnectionCredentialRecord:
    credential = item.credential
    record = CredentialRecord.from_data(
        id=credential.id,
        organisation_id=credential.organisation_id,
        ctype=credential.type,
        name=credential.name,
        data=credential.data,
    )
    return ConnectionCredentialRecord(
        id=item.id, auth_scheme_config=AuthSchemeConfigRecord.from_body(item.auth_scheme_config), credential=record
    )


def _connection_from_api(connection: Connection) -> ConnectionRecord:
    return ConnectionRecord(
        id=connection.id,
        name=connection.name,
        credentials=ConnectionCredentialsRecord(
            action=[_credential_from_api(c) for c in connection.credentials.action],
            trigger=[_credential_from_api(c) for c in connection.credentials.trigger],
        ),
        variables=connection.variables,
        created_at=connection.created_at,
        updated_at=connection.updated_at,
    )
