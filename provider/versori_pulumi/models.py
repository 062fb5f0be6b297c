"""Pydantic models of the Versori Connect API v1: the one source of truth for client, providers and emulator.

Names follow the spec's schema names. Attributes are snake_case in Python and camelCase on the wire (a few
fields keep the spec's irregular casing, e.g. ``documentationURL`` and ``mTLSEnabled``, through explicit
aliases). Read models ignore unknown fields so the client tolerates a newer server; write models (``...Create``,
``...Update``) forbid them so a typo fails loudly. Secret credential values are :data:`WireSecret`: masked in
``repr``/``str`` and logs, revealed only when a body is dumped to JSON for the wire.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    PlainSerializer,
    SecretStr,
    SerializeAsAny,
    ValidationInfo,
    field_validator,
    model_validator,
)
from pydantic.alias_generators import to_camel

__all__ = [
    "REDACTED",
    "RESERVED_VERSION_NAMES",
    "SECRET_CREDENTIAL_FIELDS",
    "APIModel",
    "AuthScheme",
    "AuthSchemeConfig",
    "AuthSchemeConfigAPIKey",
    "AuthSchemeConfigBasicAuth",
    "AuthSchemeConfigCertificate",
    "AuthSchemeConfigGoogleServiceAccount",
    "AuthSchemeConfigHMAC",
    "AuthSchemeConfigNone",
    "AuthSchemeConfigOAuth2",
    "AuthSchemeConfigOAuth2Grant",
    "AuthSchemePage",
    "BigQueryConnector",
    "BigQueryConnectorCreate",
    "Category",
    "CategoriesUpdate",
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
    "Connector",
    "ConnectorConnectionPage",
    "ConnectorPage",
    "ConnectorUpdate",
    "ConnectorVersion",
    "ConnectorVersionCreate",
    "ConnectorVersionsPage",
    "Credential",
    "CredentialCreate",
    "CredentialType",
    "Error",
    "ErrorField",
    "HTTPConnector",
    "HTTPConnectorCreate",
    "HTTPConnectorUpdate",
    "Message",
    "MessageSeverity",
    "OAuth2Scope",
    "Protocol",
    "ProtocolPage",
    "PublishConnectorResponse",
    "TagsUpdate",
    "UnpublishConnectorResponse",
    "WireSecret",
    "WriteModel",
    "credential_data_model",
    "scheme_accepts_credential",
]


def _reveal(value: SecretStr) -> str:
    return value.get_secret_value()


WireSecret = Annotated[SecretStr, PlainSerializer(_reveal, return_type=str, when_used="json")]
"""A secret string: masked in repr and python dumps, sent in clear only in a JSON dump (the wire)."""

REDACTED = "**********"
"""What a read returns in place of a secret credential value (the spec says secrets are redacted; not how)."""

RESERVED_VERSION_NAMES = frozenset({"latest", "default"})
"""Version names the API reserves for resolution (spec: GetConnectorVersion's ``version`` parameter)."""


class APIModel(BaseModel):
    """Base of every read model: camelCase on the wire, unknown fields ignored."""

    model_config = ConfigDict(
        alias_generator=to_camel,
        validate_by_name=True,
        validate_by_alias=True,
        serialize_by_alias=True,
        extra="ignore",
    )

    def wire(self) -> dict[str, Any]:
        """The JSON body for this model: aliases, secrets revealed, unset optional fields left out."""
        return self.model_dump(mode="json", by_alias=True, exclude_none=True)


class WriteModel(APIModel):
    """Base of request bodies: unknown fields are an error."""

    model_config = ConfigDict(extra="forbid")


# --- enums ---


class Category(StrEnum):
    DEVELOPMENT_IT = "Development & IT"
    ERP = "ERP"
    SUPPLY_CHAIN = "Supply Chain & Logistics"
    COMMUNICATION = "Communication"
    ACCOUNTING = "Accounting"
    HOSPITALITY = "Hospitality"
    PRODUCTIVITY = "Productivity"
    HR = "HR"
    CRM = "CRM"
    AI_LLMS = "AI/LLMs"
    ECOMMERCE = "eCommerce"
    BUSINESS_OPERATIONS = "Business Operations"


class MessageSeverity(StrEnum):
    INFO = "info"
    WARNING = "warning"
    ERROR = "error"


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


# --- small shared types ---


class ErrorField(APIModel):
    field: str
    message: str


class Error(APIModel):
    """The API's error body (every non-2xx answer)."""

    code: str
    message: str
    fields: list[ErrorField] | None = None
    details: str | None = None


class Message(APIModel):
    text: str
    severity: MessageSeverity
    detail: list[str] | None = None


class ConnectionVariable(APIModel):
    name: str
    value: str


Tags = dict[str, list[str]]


class TagsUpdate(WriteModel):
    """Body of UpdateConnectorTags: replaces every tag."""

    tags: Tags = Field(default_factory=dict)


class CategoriesUpdate(WriteModel):
    """Body of UpdateConnectorCategories: replaces every category."""

    categories: list[Category] = Field(default_factory=list)


# --- auth scheme configs ---


class _AuthSchemeConfigBase(APIModel):
    id: str
    description: str
    validation_messages: list[Message] | None = None


class AuthSchemeConfigNone(_AuthSchemeConfigBase):
    scheme_type: Literal["none"] = "none"


class AuthSchemeConfigAPIKey(_AuthSchemeConfigBase):
    scheme_type: Literal["api-key"] = "api-key"
    name: str
    in_: Literal["query", "header", "cookie"] = Field(alias="in")


class AuthSchemeConfigBasicAuth(_AuthSchemeConfigBase):
    scheme_type: Literal["basic-auth"] = "basic-auth"


class OAuth2Scope(APIModel):
    name: str
    description: str | None = None


class _GrantWithClient(APIModel):
    credential_id: str | None = None
    organisation_id: str | None = None
    client_id: str | None = None
    client_secret: WireSecret | None = None


class OAuth2GrantAuthorizationCode(_GrantWithClient):
    grant_type: Literal["authorization_code"] = "authorization_code"


class OAuth2GrantClientCredentials(APIModel):
    grant_type: Literal["client_credentials"] = "client_credentials"


class OAuth2GrantPassword(_GrantWithClient):
    grant_type: Literal["password"] = "password"


AuthSchemeConfigOAuth2Grant = Annotated[
    OAuth2GrantAuthorizationCode | OAuth2GrantClientCredentials | OAuth2GrantPassword,
    Field(discriminator="grant_type"),
]


class AuthSchemeConfigOAuth2(_AuthSchemeConfigBase):
    scheme_type: Literal["oauth2"] = "oauth2"
    authorize_url: str
    token_url: str
    scopes: list[OAuth2Scope] = Field(default_factory=list)
    default_scopes: list[str] = Field(default_factory=list)
    additional_authorize_params: str | None = None
    additional_token_params: str | None = None
    mtls_enabled: bool | None = None
    mtls_credential_id: str | None = None
    grant: AuthSchemeConfigOAuth2Grant


class AuthSchemeConfigHMAC(_AuthSchemeConfigBase):
    scheme_type: Literal["hmac"] = "hmac"
    name: str
    in_: Literal["query", "header", "cookie"] = Field(alias="in")
    algorithm: Literal["sha1", "sha256", "sha512"]
    digest_inputs: list[Literal["body", "url"]]


class AuthSchemeConfigCertificate(_AuthSchemeConfigBase):
    scheme_type: Literal["certificate"] = "certificate"


class AuthSchemeConfigGoogleServiceAccount(_AuthSchemeConfigBase):
    """A BigQuery connector's scheme: the connection holds a Google service account JSON key file.

    v1 names the type in AuthSchemeType (and ListAuthSchemes) but no longer defines its config; this is the
    placeholder the earlier specs defined (``schemeType`` only), see docs/api-behaviour.md, "BigQuery connectors".
    """

    scheme_type: Literal["google-service-account"] = "google-service-account"


AuthSchemeConfig = Annotated[
    AuthSchemeConfigNone
    | AuthSchemeConfigAPIKey
    | AuthSchemeConfigBasicAuth
    | AuthSchemeConfigOAuth2
    | AuthSchemeConfigHMAC
    | AuthSchemeConfigCertificate
    | AuthSchemeConfigGoogleServiceAccount,
    Field(discriminator="scheme_type"),
]
"""One of the auth scheme configs (the six of v1, and BigQuery's Google service account), tagged by ``schemeType``."""


# --- credentials ---


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


# --- versions ---


class ConnectorVersion(APIModel):
    """A connector version; also the full body of UpdateConnectorVersion."""

    id: str
    name: str
    description: str | None = None
    is_latest: bool = False
    is_default: bool = False
    created_at: datetime
    updated_at: datetime
    published_at: datetime | None = None
    messages: list[Message] | None = None

    @property
    def published(self) -> bool:
        return self.published_at is not None


class ConnectorVersionCreate(WriteModel):
    name: str
    from_version: str | None = None


class PublishConnectorResponse(APIModel):
    version: ConnectorVersion


class UnpublishConnectorResponse(APIModel):
    version: ConnectorVersion


# --- connectors ---


class _ConnectorBase(APIModel):
    id: str
    organisation_id: str
    name: str
    public: bool = False
    documentation_url: str | None = Field(default=None, alias="documentationURL")
    image_url: str | None = Field(default=None, alias="imageURL")
    tags: Tags = Field(default_factory=dict)
    auth_scheme_configs: list[AuthSchemeConfig] = Field(default_factory=list)
    connection_variables: list[ConnectionVariable] = Field(default_factory=list)
    connections: list[Connection] = Field(default_factory=list)
    versions: list[ConnectorVersion] = Field(default_factory=list)
    created_at: datetime
    updated_at: datetime

    @model_validator(mode="before")
    @classmethod
    def _nulls_as_empty(cls, value: Any) -> Any:
        """Go servers may send a nil slice as ``null`` (NOTES §3); read it as empty."""
        if isinstance(value, dict):
            for key in ("authSchemeConfigs", "connectionVariables", "connections", "versions", "tags"):
                if key in value and value[key] is None:
                    value = {**value, key: {} if key == "tags" else []}
        return value


class HTTPConnector(_ConnectorBase):
    protocol: Literal["http"] = "http"
    base_url: str


class BigQueryConnector(_ConnectorBase):
    protocol: Literal["bigquery"] = "bigquery"
    dataset_id: str


Connector = Annotated[HTTPConnector | BigQueryConnector, Field(discriminator="protocol")]
"""A connector of either protocol, tagged by ``protocol``."""


class HTTPConnectorCreate(WriteModel):
    """CreateHTTPConnector body. The spec requires ``connections`` without defining it (NOTES §10.1): we send a
    list of ConnectionCreate, empty by default."""

    name: str
    base_url: str
    auth_scheme_configs: list[AuthSchemeConfig] = Field(default_factory=list)
    connection_variables: list[ConnectionVariable] = Field(default_factory=list)
    tags: Tags = Field(default_factory=dict)
    public: bool = False
    connections: list[ConnectionCreate] = Field(default_factory=list)


class BigQueryConnectorCreate(WriteModel):
    """CreateBigQueryConnector body; ``datasetId`` is ``<project_id>.<dataset_name>``, optional in the spec."""

    name: str
    dataset_id: str = ""
    connections: list[ConnectionCreate] = Field(default_factory=list)


class HTTPConnectorUpdate(WriteModel):
    """UpdateConnector body for HTTP connectors: a full replace of the mutable fields (spec §UpdateConnector).

    ``auth_scheme_config_ids`` only reorders; left out, the configs stay as they are.
    """

    id: str
    organisation_id: str
    name: str
    protocol: Literal["http"] = "http"
    base_url: str
    tags: Tags | None = None
    auth_scheme_config_ids: list[str] | None = None
    public: bool = False
    documentation_url: str | None = Field(default=None, alias="documentationURL")
    image_url: str | None = Field(default=None, alias="imageURL")
    connection_variables: list[ConnectionVariable] | None = None


class BigQueryConnectorUpdate(WriteModel):
    id: str
    organisation_id: str
    name: str
    protocol: Literal["bigquery"] = "bigquery"
    dataset_id: str
    tags: Tags | None = None
    auth_scheme_config_ids: list[str] | None = None
    public: bool = False
    documentation_url: str | None = Field(default=None, alias="documentationURL")
    image_url: str | None = Field(default=None, alias="imageURL")


ConnectorUpdate = Annotated[HTTPConnectorUpdate | BigQueryConnectorUpdate, Field(discriminator="protocol")]


# --- pages ---


class _PageInfo(APIModel):
    total_count: int
    next: str | None = None
    prev: str | None = None


class ConnectorPage(_PageInfo):
    connectors: list[Connector] = Field(default_factory=list)


class ConnectorVersionsPage(_PageInfo):
    items: list[ConnectorVersion] = Field(default_factory=list)


class ConnectorConnectionPage(_PageInfo):
    """ListConnectorConnections page; ``items`` is optional in the spec and omitted when empty."""

    items: list[ConnectionSummary] = Field(default_factory=list)


# --- catalogue: protocols and auth schemes ---


class Protocol(APIModel):
    """A protocol the organisation may use (ListProtocols); ``slug`` is what paths and connectors name."""

    id: str
    slug: str
    name: str
    description: str
    icon_url: str = Field(alias="iconURL")


class ProtocolPage(_PageInfo):
    protocols: list[Protocol] = Field(default_factory=list)


class AuthScheme(APIModel):
    """An auth scheme a protocol supports (ListAuthSchemes). ``type`` is kept a string: the platform may add types
    (AuthSchemeType already names more than the configs v1 defines)."""

    id: str
    type: str
    name: str
    description: str


class AuthSchemePage(_PageInfo):
    auth_schemes: list[AuthScheme] = Field(default_factory=list)
