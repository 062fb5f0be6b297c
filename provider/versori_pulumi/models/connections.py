"""Credentials and connections: a connection pairs each of its connector's auth scheme configs with a credential.

Also the pairing rule between scheme types and credential types, which secret fields a read redacts, and the
InitialiseOAuth2Connection request (an OAuth 2.0 connection's authorize URL).
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Any

from pydantic import ConfigDict, Field, SerializeAsAny, ValidationInfo, field_validator

from ._base import APIModel, Page, WireSecret, WriteModel
from .auth_schemes import AuthSchemeConfig

__all__ = [
    "SECRET_CREDENTIAL_FIELDS",
    "Connection",
    "ConnectionCreate",
    "ConnectionCredential",
    "ConnectionCredentialCreate",
    "ConnectionCredentialUpdate",
    "ConnectionCredentials",
    "ConnectionCredentialsCreate",
    "ConnectionCredentialsUpdate",
    "ConnectionSummary",
    "ConnectionUpdate",
    "ConnectionVariable",
    "ConnectorConnectionPage",
    "Credential",
    "CredentialCreate",
    "CredentialDataBasicAuth",
    "CredentialDataBinary",
    "CredentialDataCertificate",
    "CredentialDataNone",
    "CredentialDataOAuth2Client",
    "CredentialDataOAuth2Code",
    "CredentialDataOAuth2Password",
    "CredentialDataOAuth2Token",
    "CredentialDataString",
    "CredentialRef",
    "CredentialType",
    "InitialiseOAuth2ConnectionRequest",
    "InitialiseOAuth2ConnectionResponse",
    "credential_data_model",
    "scheme_accepts_credential",
]


class CredentialType(StrEnum):
    NONE = "none"
    STRING = "string"
    BINARY = "binary"
    BASIC_AUTH = "basic-auth"
    OAUTH2_CLIENT = "oauth2-client"
    OAUTH2_CODE = "oauth2-code"
    OAUTH2_PASSWORD = "oauth2-password"
    OAUTH2_TOKEN = "oauth2-token"
    CUSTOM_FUNCTION = "custom-function"
    CERTIFICATE = "certificate"
    JWT_BEARER = "jwt-bearer"


class ConnectionVariable(APIModel):
    name: str
    value: str


# --- credential data, by type ---


class _CredentialData(APIModel):
    model_config = ConfigDict(extra="forbid")


class CredentialDataNone(_CredentialData):
    pass


class CredentialDataString(_CredentialData):
    value: WireSecret


class CredentialDataBinary(_CredentialData):
    value_base64: WireSecret


class CredentialDataBasicAuth(_CredentialData):
    username: str
    password: WireSecret


class CredentialDataOAuth2Client(_CredentialData):
    client_id: str
    client_secret: WireSecret
    authorize_url: str
    token_url: str
    scopes: list[str] | None = None
    additional_params: str | None = None
    mtls_enabled: bool | None = Field(default=None, alias="mTLSEnabled")
    mtls_credential_id: str | None = Field(default=None, alias="mTLSCredentialId")


class CredentialDataOAuth2Token(_CredentialData):
    scopes: list[str]
    access_token: WireSecret | None = None
    refresh_token: WireSecret | None = None


class CredentialDataOAuth2Code(_CredentialData):
    code: WireSecret
    state: str


class CredentialDataOAuth2Password(_CredentialData):
    username: str
    password: WireSecret


class CredentialDataCertificate(_CredentialData):
    certificate: str
    key: WireSecret
    ca: str


_DATA_MODELS: dict[CredentialType, type[_CredentialData]] = {
    CredentialType.NONE: CredentialDataNone,
    CredentialType.STRING: CredentialDataString,
    CredentialType.BINARY: CredentialDataBinary,
    CredentialType.BASIC_AUTH: CredentialDataBasicAuth,
    CredentialType.OAUTH2_CLIENT: CredentialDataOAuth2Client,
    CredentialType.OAUTH2_TOKEN: CredentialDataOAuth2Token,
    CredentialType.OAUTH2_CODE: CredentialDataOAuth2Code,
    CredentialType.OAUTH2_PASSWORD: CredentialDataOAuth2Password,
    CredentialType.CERTIFICATE: CredentialDataCertificate,
}

SECRET_CREDENTIAL_FIELDS: dict[CredentialType, frozenset[str]] = {
    ctype: frozenset(
        (info.alias or name) for name, info in model.model_fields.items() if "SecretStr" in repr(info.annotation)
    )
    for ctype, model in _DATA_MODELS.items()
}
"""Wire names of the secret fields of each credential type's data: what a read redacts."""


def credential_data_model(ctype: CredentialType) -> type[_CredentialData] | None:
    """The data schema of a credential type, or None where v1 defines none (custom-function, jwt-bearer)."""
    return _DATA_MODELS.get(ctype)


_SCHEME_CREDENTIALS: dict[str, frozenset[CredentialType]] = {
    "none": frozenset({CredentialType.NONE}),
    "api-key": frozenset({CredentialType.STRING}),
    "basic-auth": frozenset({CredentialType.BASIC_AUTH}),
    "hmac": frozenset({CredentialType.STRING, CredentialType.BINARY}),
    "certificate": frozenset({CredentialType.CERTIFICATE}),
    "google-service-account": frozenset({CredentialType.BINARY}),
    "oauth2": frozenset(
        {
            CredentialType.OAUTH2_CLIENT,
            CredentialType.OAUTH2_CODE,
            CredentialType.OAUTH2_PASSWORD,
            CredentialType.OAUTH2_TOKEN,
        }
    ),
}


def scheme_accepts_credential(scheme_type: str, ctype: CredentialType) -> bool:
    """Whether a credential of ``ctype`` fits an auth scheme config of ``scheme_type``.

    The spec does not tabulate this; the pairing follows Versori's own UI helpers (NOTES §6.6): api-key takes a
    string, basic-auth basic-auth, certificate certificate, oauth2 one of the oauth2-* types; hmac takes a string
    or binary secret; google-service-account a binary one, the service account's JSON key file (CredentialType:
    "binary: ... a private key, certificate or other file").
    """
    return ctype in _SCHEME_CREDENTIALS.get(scheme_type, frozenset())


# --- credentials ---


class CredentialCreate(WriteModel):
    """A credential created inline with a connection; ``data`` is validated against ``type``'s schema."""

    name: str
    type: CredentialType
    data: SerializeAsAny[_CredentialData]

    @field_validator("data", mode="before")
    @classmethod
    def _data_by_type(cls, value: Any, info: ValidationInfo) -> Any:
        """Validate ``data`` against the schema of the already validated ``type``.

        A field validator (not a model one) so that errors are located under ``data`` (``data.value``), which is
        what a 400's ``fields`` must name.
        """
        ctype = info.data.get("type")
        if not isinstance(ctype, CredentialType) or not isinstance(value, dict):
            return value
        model = _DATA_MODELS.get(ctype)
        if model is None:
            raise ValueError(f"credential type {ctype.value!r} has no v1 data schema")
        return model.model_validate(value)


class Credential(APIModel):
    """A stored credential as read back: secret values in ``data`` are redacted."""

    id: str
    organisation_id: str
    type: CredentialType
    name: str
    data: dict[str, Any] = Field(default_factory=dict)
    errors: list[str] | None = None
    expires_at: datetime | None = None


# --- connections ---


class ConnectionCredential(APIModel):
    id: str
    auth_scheme_config: AuthSchemeConfig
    credential: Credential


class ConnectionCredentials(APIModel):
    action: list[ConnectionCredential] = Field(default_factory=list)
    trigger: list[ConnectionCredential] = Field(default_factory=list)


class Connection(APIModel):
    id: str
    name: str
    credentials: ConnectionCredentials = Field(default_factory=ConnectionCredentials)
    variables: list[ConnectionVariable] = Field(default_factory=list)
    created_at: datetime
    updated_at: datetime


class ConnectionSummary(APIModel):
    id: str
    name: str
    created_at: datetime
    updated_at: datetime


class ConnectorConnectionPage(Page[ConnectionSummary]):
    """ListConnectorConnections page; its ``items`` is optional in the spec and omitted when empty."""


class ConnectionCredentialCreate(WriteModel):
    auth_scheme_config: AuthSchemeConfig
    credential: CredentialCreate


class ConnectionCredentialsCreate(WriteModel):
    action: list[ConnectionCredentialCreate] = Field(default_factory=list)
    trigger: list[ConnectionCredentialCreate] = Field(default_factory=list)


class ConnectionCreate(WriteModel):
    name: str
    credentials: ConnectionCredentialsCreate = Field(default_factory=ConnectionCredentialsCreate)
    variables: list[ConnectionVariable] = Field(default_factory=list)


class ConnectionCredentialUpdate(WriteModel):
    id: str
    auth_scheme_config: AuthSchemeConfig


class ConnectionCredentialsUpdate(WriteModel):
    action: list[ConnectionCredentialUpdate] = Field(default_factory=list)
    trigger: list[ConnectionCredentialUpdate] = Field(default_factory=list)


class ConnectionUpdate(WriteModel):
    """UpdateConnection body: ``variables`` left out keeps them; ``[]`` clears them (spec §ConnectionUpdate)."""

    id: str
    name: str
    credentials: ConnectionCredentialsUpdate | None = None
    variables: list[ConnectionVariable] | None = None


# --- OAuth 2.0 connections ---


class CredentialRef(WriteModel):
    """A credential named by id within its organisation."""

    id: str
    organisation_id: str


class InitialiseOAuth2ConnectionRequest(WriteModel):
    """InitialiseOAuth2Connection body: which credential (a client id and secret) starts the authorization code
    flow, and how the authorize URL is built."""

    credential: CredentialRef
    authorize_url: str
    client_id: str
    scopes: list[str] = Field(default_factory=list)
    disable_offline_access: bool = False
    prompt: str | None = None
    additional_params: str | None = None


class InitialiseOAuth2ConnectionResponse(APIModel):
    """InitialiseOAuth2Connection answer: the URL to send the user to."""

    url: str
