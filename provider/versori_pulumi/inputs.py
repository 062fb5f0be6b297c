"""Typed nested inputs, in snake_case: an ``XArgs`` class and an ``XArgsDict`` TypedDict for each, as Pulumi's
generated SDKs have them, so an editor completes them and mypy checks them.

Auth scheme configs have one class per scheme type and credentials one per credential type, so a shape cannot be
mixed with another (a basic-auth password on an API-key credential) and the type tag is never written by hand: the
class is the tag. In the dict form the tag is the one key that says which shape it is (``scheme_type``, ``type``).
Secret fields (a credential's value, an OAuth 2.0 client secret) are marked secret whatever the program passes.
camelCase exists only on the wire: :mod:`versori_pulumi._program.wire` turns these into the API's shapes.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Literal, NotRequired, Required, TypeAlias, TypedDict

import pulumi

__all__ = [
    "ActionArgs",
    "ActionArgsDict",
    "ApiKeyAuthSchemeConfigArgs",
    "ApiKeyAuthSchemeConfigArgsDict",
    "AuthSchemeConfigInput",
    "AuthSchemeConfigOutputDict",
    "BasicAuthCredentialArgs",
    "BasicAuthCredentialArgsDict",
    "BasicAuthSchemeConfigArgs",
    "BasicAuthSchemeConfigArgsDict",
    "BinaryCredentialArgs",
    "BinaryCredentialArgsDict",
    "CertificateAuthSchemeConfigArgs",
    "CertificateAuthSchemeConfigArgsDict",
    "CertificateCredentialArgs",
    "CertificateCredentialArgsDict",
    "ConnectionCredentialArgs",
    "ConnectionCredentialArgsDict",
    "ConnectionCredentialsArgs",
    "ConnectionCredentialsArgsDict",
    "ConnectionVariableArgs",
    "ConnectionVariableArgsDict",
    "CredentialInput",
    "CustomFunctionCredentialArgs",
    "CustomFunctionCredentialArgsDict",
    "DefinitionArgs",
    "DefinitionArgsDict",
    "GoogleServiceAccountAuthSchemeConfigArgs",
    "GoogleServiceAccountAuthSchemeConfigArgsDict",
    "HTTPMethodName",
    "HmacAuthSchemeConfigArgs",
    "HmacAuthSchemeConfigArgsDict",
    "JwtBearerCredentialArgs",
    "JwtBearerCredentialArgsDict",
    "NoAuthSchemeConfigArgs",
    "NoAuthSchemeConfigArgsDict",
    "NoneCredentialArgs",
    "NoneCredentialArgsDict",
    "OAuth2AuthSchemeConfigArgs",
    "OAuth2AuthSchemeConfigArgsDict",
    "OAuth2AuthorizationCodeGrantArgs",
    "OAuth2AuthorizationCodeGrantArgsDict",
    "OAuth2ClientCredentialArgs",
    "OAuth2ClientCredentialArgsDict",
    "OAuth2ClientCredentialsGrantArgs",
    "OAuth2ClientCredentialsGrantArgsDict",
    "OAuth2CodeCredentialArgs",
    "OAuth2CodeCredentialArgsDict",
    "OAuth2GrantInput",
    "OAuth2PasswordCredentialArgs",
    "OAuth2PasswordCredentialArgsDict",
    "OAuth2PasswordGrantArgs",
    "OAuth2PasswordGrantArgsDict",
    "OAuth2ScopeArgs",
    "OAuth2ScopeArgsDict",
    "OAuth2TokenCredentialArgs",
    "OAuth2TokenCredentialArgsDict",
    "ParameterArgs",
    "ParameterArgsDict",
    "ParameterTypeName",
    "RequestBodyArgs",
    "RequestBodyArgsDict",
    "ResponseArgs",
    "ResponseArgsDict",
    "StringCredentialArgs",
    "StringCredentialArgsDict",
    "TagsInput",
    "TriggerArgs",
    "TriggerArgsDict",
]

Location = Literal["query", "header", "cookie"]

TagsInput: TypeAlias = Mapping[str, Sequence[str]]
"""Free-form tags: a key to its values, e.g. ``{"team": ["platform"]}``."""


# --- connection variables ---


@dataclass
class ConnectionVariableArgs:
    """A variable available to actions as ``{{ conn.<name> }}``."""

    name: pulumi.Input[str]
    value: pulumi.Input[str]


class ConnectionVariableArgsDict(TypedDict):
    name: pulumi.Input[str]
    value: pulumi.Input[str]


# --- auth scheme configs ---


@dataclass
class NoAuthSchemeConfigArgs:
    """No authentication (``schemeType: none``)."""

    description: pulumi.Input[str]
    id: pulumi.Input[str] | None = None
    """Chosen by the client; derived from the connector name and position when left out (stable across runs)."""


class NoAuthSchemeConfigArgsDict(TypedDict):
    scheme_type: Literal["none"]
    description: pulumi.Input[str]
    id: NotRequired[pulumi.Input[str]]


@dataclass
class ApiKeyAuthSchemeConfigArgs:
    """An API key sent in a header, query parameter or cookie (``schemeType: api-key``)."""

    description: pulumi.Input[str]
    name: pulumi.Input[str]
    """The header, parameter or cookie name, e.g. ``X-Api-Key``."""
    in_: pulumi.Input[Location]
    id: pulumi.Input[str] | None = None


class ApiKeyAuthSchemeConfigArgsDict(TypedDict):
    scheme_type: Literal["api-key"]
    description: pulumi.Input[str]
    name: pulumi.Input[str]
    in_: pulumi.Input[Location]
    id: NotRequired[pulumi.Input[str]]


@dataclass
class BasicAuthSchemeConfigArgs:
    """HTTP basic authentication (``schemeType: basic-auth``)."""

    description: pulumi.Input[str]
    id: pulumi.Input[str] | None = None


class BasicAuthSchemeConfigArgsDict(TypedDict):
    scheme_type: Literal["basic-auth"]
    description: pulumi.Input[str]
    id: NotRequired[pulumi.Input[str]]


@dataclass
class OAuth2ScopeArgs:
    name: pulumi.Input[str]
    description: pulumi.Input[str] | None = None


class OAuth2ScopeArgsDict(TypedDict):
    name: pulumi.Input[str]
    description: NotRequired[pulumi.Input[str]]


@dataclass
class OAuth2AuthorizationCodeGrantArgs:
    """The authorization-code grant; the client secret is always stored as a secret."""

    client_id: pulumi.Input[str] | None = None
    client_secret: pulumi.Input[str] | None = None


class OAuth2AuthorizationCodeGrantArgsDict(TypedDict):
    grant_type: Literal["authorization_code"]
    client_id: NotRequired[pulumi.Input[str]]
    client_secret: NotRequired[pulumi.Input[str]]


@dataclass
class OAuth2ClientCredentialsGrantArgs:
    """The client-credentials grant (the client id and secret belong to each connection's credential)."""


class OAuth2ClientCredentialsGrantArgsDict(TypedDict):
    grant_type: Literal["client_credentials"]


@dataclass
class OAuth2PasswordGrantArgs:
    """The resource-owner password grant; the client secret is always stored as a secret."""

    client_id: pulumi.Input[str] | None = None
    client_secret: pulumi.Input[str] | None = None


class OAuth2PasswordGrantArgsDict(TypedDict):
    grant_type: Literal["password"]
    client_id: NotRequired[pulumi.Input[str]]
    client_secret: NotRequired[pulumi.Input[str]]


OAuth2GrantInput: TypeAlias = (
    OAuth2AuthorizationCodeGrantArgs
    | OAuth2ClientCredentialsGrantArgs
    | OAuth2PasswordGrantArgs
    | OAuth2AuthorizationCodeGrantArgsDict
    | OAuth2ClientCredentialsGrantArgsDict
    | OAuth2PasswordGrantArgsDict
)


@dataclass
class OAuth2AuthSchemeConfigArgs:
    """OAuth 2.0 (``schemeType: oauth2``)."""

    description: pulumi.Input[str]
    authorize_url: pulumi.Input[str]
    token_url: pulumi.Input[str]
    grant: OAuth2GrantInput
    scopes: Sequence[OAuth2ScopeArgs | OAuth2ScopeArgsDict] | None = None
    default_scopes: pulumi.Input[Sequence[pulumi.Input[str]]] | None = None
    additional_authorize_params: pulumi.Input[str] | None = None
    """URL-encoded query parameters added to the authorize URL."""
    additional_token_params: pulumi.Input[str] | None = None
    """Form-encoded parameters added to the token request."""
    mtls_enabled: pulumi.Input[bool] | None = None
    mtls_credential_id: pulumi.Input[str] | None = None
    id: pulumi.Input[str] | None = None


class OAuth2AuthSchemeConfigArgsDict(TypedDict):
    scheme_type: Literal["oauth2"]
    description: pulumi.Input[str]
    authorize_url: pulumi.Input[str]
    token_url: pulumi.Input[str]
    grant: OAuth2GrantInput
    scopes: NotRequired[Sequence[OAuth2ScopeArgs | OAuth2ScopeArgsDict]]
    default_scopes: NotRequired[pulumi.Input[Sequence[pulumi.Input[str]]]]
    additional_authorize_params: NotRequired[pulumi.Input[str]]
    additional_token_params: NotRequired[pulumi.Input[str]]
    mtls_enabled: NotRequired[pulumi.Input[bool]]
    mtls_credential_id: NotRequired[pulumi.Input[str]]
    id: NotRequired[pulumi.Input[str]]


@dataclass
class HmacAuthSchemeConfigArgs:
    """An HMAC signature of the request (``schemeType: hmac``)."""

    description: pulumi.Input[str]
    name: pulumi.Input[str]
    in_: pulumi.Input[Location]
    algorithm: pulumi.Input[Literal["sha1", "sha256", "sha512"]]
    digest_inputs: pulumi.Input[Sequence[Literal["body", "url"]]]
    id: pulumi.Input[str] | None = None


class HmacAuthSchemeConfigArgsDict(TypedDict):
    scheme_type: Literal["hmac"]
    description: pulumi.Input[str]
    name: pulumi.Input[str]
    in_: pulumi.Input[Location]
    algorithm: pulumi.Input[Literal["sha1", "sha256", "sha512"]]
    digest_inputs: pulumi.Input[Sequence[Literal["body", "url"]]]
    id: NotRequired[pulumi.Input[str]]


@dataclass
class CertificateAuthSchemeConfigArgs:
    """A client certificate (``schemeType: certificate``)."""

    description: pulumi.Input[str]
    id: pulumi.Input[str] | None = None


class CertificateAuthSchemeConfigArgsDict(TypedDict):
    scheme_type: Literal["certificate"]
    description: pulumi.Input[str]
    id: NotRequired[pulumi.Input[str]]


@dataclass
class GoogleServiceAccountAuthSchemeConfigArgs:
    """A Google service account (``schemeType: google-service-account``), the scheme of a BigQuery connector: its
    connections hold the account's JSON key file as a :class:`BinaryCredentialArgs`."""

    description: pulumi.Input[str]
    id: pulumi.Input[str] | None = None


class GoogleServiceAccountAuthSchemeConfigArgsDict(TypedDict):
    scheme_type: Literal["google-service-account"]
    description: pulumi.Input[str]
    id: NotRequired[pulumi.Input[str]]


class AuthSchemeConfigOutputDict(TypedDict, total=False):
    """An auth scheme config as a connector's ``auth_scheme_configs`` output holds it (``id``, ``scheme_type`` and
    ``description`` always set, so a hand-written dict lacking a key of its scheme's ``XArgsDict`` is not taken for
    one), ready to pass on as a connection credential's ``auth_scheme_config``; which other keys are present depends
    on ``scheme_type``."""

    id: Required[str]
    scheme_type: Required[
        Literal["none", "api-key", "basic-auth", "oauth2", "hmac", "certificate", "google-service-account"]
    ]
    description: Required[str]
    name: str
    in_: Location
    authorize_url: str
    token_url: str
    scopes: list[OAuth2ScopeArgsDict]
    default_scopes: list[str]
    additional_authorize_params: str
    additional_token_params: str
    mtls_enabled: bool
    mtls_credential_id: str
    grant: dict[str, str]
    algorithm: str
    digest_inputs: list[str]


AuthSchemeConfigInput: TypeAlias = (
    NoAuthSchemeConfigArgs
    | ApiKeyAuthSchemeConfigArgs
    | BasicAuthSchemeConfigArgs
    | OAuth2AuthSchemeConfigArgs
    | HmacAuthSchemeConfigArgs
    | CertificateAuthSchemeConfigArgs
    | GoogleServiceAccountAuthSchemeConfigArgs
    | NoAuthSchemeConfigArgsDict
    | ApiKeyAuthSchemeConfigArgsDict
    | BasicAuthSchemeConfigArgsDict
    | OAuth2AuthSchemeConfigArgsDict
    | HmacAuthSchemeConfigArgsDict
    | CertificateAuthSchemeConfigArgsDict
    | GoogleServiceAccountAuthSchemeConfigArgsDict
    | AuthSchemeConfigOutputDict
)
"""One auth scheme config: an ``XArgs`` of its scheme type, its dict form, or an element of a connector's output."""


# --- credentials: one class per credential type ---


@dataclass
class NoneCredentialArgs:
    """A credential with no data (for a ``none`` auth scheme config)."""

    name: pulumi.Input[str]


class NoneCredentialArgsDict(TypedDict):
    type: Literal["none"]
    name: pulumi.Input[str]


@dataclass
class StringCredentialArgs:
    """A secret string: an API key, an HMAC secret (for ``api-key`` and ``hmac`` configs)."""

    name: pulumi.Input[str]
    value: pulumi.Input[str]
    """Secret."""


class StringCredentialArgsDict(TypedDict):
    type: Literal["string"]
    name: pulumi.Input[str]
    value: pulumi.Input[str]


@dataclass
class BinaryCredentialArgs:
    """A secret binary value, base64-encoded (for ``hmac`` and ``google-service-account`` configs: a service
    account's JSON key file, base64-encoded)."""

    name: pulumi.Input[str]
    value_base64: pulumi.Input[str]
    """Secret."""


class BinaryCredentialArgsDict(TypedDict):
    type: Literal["binary"]
    name: pulumi.Input[str]
    value_base64: pulumi.Input[str]


@dataclass
class BasicAuthCredentialArgs:
    """A username and password (for ``basic-auth`` configs)."""

    name: pulumi.Input[str]
    username: pulumi.Input[str]
    password: pulumi.Input[str]
    """Secret."""


class BasicAuthCredentialArgsDict(TypedDict):
    type: Literal["basic-auth"]
    name: pulumi.Input[str]
    username: pulumi.Input[str]
    password: pulumi.Input[str]


@dataclass
class OAuth2ClientCredentialArgs:
    """An OAuth 2.0 client (for ``oauth2`` configs)."""

    name: pulumi.Input[str]
    client_id: pulumi.Input[str]
    client_secret: pulumi.Input[str]
    """Secret."""
    authorize_url: pulumi.Input[str]
    token_url: pulumi.Input[str]
    scopes: pulumi.Input[Sequence[pulumi.Input[str]]] | None = None
    additional_params: pulumi.Input[str] | None = None
    mtls_enabled: pulumi.Input[bool] | None = None
    mtls_credential_id: pulumi.Input[str] | None = None


class OAuth2ClientCredentialArgsDict(TypedDict):
    type: Literal["oauth2-client"]
    name: pulumi.Input[str]
    client_id: pulumi.Input[str]
    client_secret: pulumi.Input[str]
    authorize_url: pulumi.Input[str]
    token_url: pulumi.Input[str]
    scopes: NotRequired[pulumi.Input[Sequence[pulumi.Input[str]]]]
    additional_params: NotRequired[pulumi.Input[str]]
    mtls_enabled: NotRequired[pulumi.Input[bool]]
    mtls_credential_id: NotRequired[pulumi.Input[str]]


@dataclass
class OAuth2TokenCredentialArgs:
    """OAuth 2.0 tokens already obtained (for ``oauth2`` configs)."""

    name: pulumi.Input[str]
    scopes: pulumi.Input[Sequence[pulumi.Input[str]]]
    access_token: pulumi.Input[str] | None = None
    """Secret."""
    refresh_token: pulumi.Input[str] | None = None
    """Secret."""


class OAuth2TokenCredentialArgsDict(TypedDict):
    type: Literal["oauth2-token"]
    name: pulumi.Input[str]
    scopes: pulumi.Input[Sequence[pulumi.Input[str]]]
    access_token: NotRequired[pulumi.Input[str]]
    refresh_token: NotRequired[pulumi.Input[str]]


@dataclass
class OAuth2CodeCredentialArgs:
    """An OAuth 2.0 authorization code, exchanged for tokens by the platform (for ``oauth2`` configs)."""

    name: pulumi.Input[str]
    code: pulumi.Input[str]
    """Secret."""
    state: pulumi.Input[str]


class OAuth2CodeCredentialArgsDict(TypedDict):
    type: Literal["oauth2-code"]
    name: pulumi.Input[str]
    code: pulumi.Input[str]
    state: pulumi.Input[str]


@dataclass
class OAuth2PasswordCredentialArgs:
    """A resource owner's username and password (for ``oauth2`` configs with the password grant)."""

    name: pulumi.Input[str]
    username: pulumi.Input[str]
    password: pulumi.Input[str]
    """Secret."""


class OAuth2PasswordCredentialArgsDict(TypedDict):
    type: Literal["oauth2-password"]
    name: pulumi.Input[str]
    username: pulumi.Input[str]
    password: pulumi.Input[str]


@dataclass
class CertificateCredentialArgs:
    """A client certificate, its private key and CA (for ``certificate`` configs)."""

    name: pulumi.Input[str]
    certificate: pulumi.Input[str]
    key: pulumi.Input[str]
    """Secret."""
    ca: pulumi.Input[str]


class CertificateCredentialArgsDict(TypedDict):
    type: Literal["certificate"]
    name: pulumi.Input[str]
    certificate: pulumi.Input[str]
    key: pulumi.Input[str]
    ca: pulumi.Input[str]


@dataclass
class CustomFunctionCredentialArgs:
    """A ``custom-function`` credential. Connect API v1 defines no data for it, so ``check`` refuses it until the
    platform documents one; the class exists so that the type is named, not guessed."""

    name: pulumi.Input[str]
    data: Mapping[str, pulumi.Input[str]]
    """Secret (every value)."""


class CustomFunctionCredentialArgsDict(TypedDict):
    type: Literal["custom-function"]
    name: pulumi.Input[str]
    data: Mapping[str, pulumi.Input[str]]


@dataclass
class JwtBearerCredentialArgs:
    """A ``jwt-bearer`` credential; as for ``custom-function``, v1 defines no data and ``check`` refuses it."""

    name: pulumi.Input[str]
    data: Mapping[str, pulumi.Input[str]]
    """Secret (every value)."""


class JwtBearerCredentialArgsDict(TypedDict):
    type: Literal["jwt-bearer"]
    name: pulumi.Input[str]
    data: Mapping[str, pulumi.Input[str]]


CredentialInput: TypeAlias = (
    NoneCredentialArgs
    | StringCredentialArgs
    | BinaryCredentialArgs
    | BasicAuthCredentialArgs
    | OAuth2ClientCredentialArgs
    | OAuth2TokenCredentialArgs
    | OAuth2CodeCredentialArgs
    | OAuth2PasswordCredentialArgs
    | CertificateCredentialArgs
    | CustomFunctionCredentialArgs
    | JwtBearerCredentialArgs
    | NoneCredentialArgsDict
    | StringCredentialArgsDict
    | BinaryCredentialArgsDict
    | BasicAuthCredentialArgsDict
    | OAuth2ClientCredentialArgsDict
    | OAuth2TokenCredentialArgsDict
    | OAuth2CodeCredentialArgsDict
    | OAuth2PasswordCredentialArgsDict
    | CertificateCredentialArgsDict
    | CustomFunctionCredentialArgsDict
    | JwtBearerCredentialArgsDict
)
"""One credential, of one of the 11 credential types."""


# --- a connection's credentials ---


@dataclass
class ConnectionCredentialArgs:
    """One credential of a connection, for one of the connector's auth scheme configs."""

    auth_scheme_config: pulumi.Input[AuthSchemeConfigInput]
    """Usually an element of the connector's ``auth_scheme_configs`` output: ``acme.auth_scheme_configs[0]``."""
    credential: CredentialInput


class ConnectionCredentialArgsDict(TypedDict):
    auth_scheme_config: pulumi.Input[AuthSchemeConfigInput]
    credential: CredentialInput


@dataclass
class ConnectionCredentialsArgs:
    """The credentials actions use, and those triggers use."""

    action: Sequence[ConnectionCredentialArgs | ConnectionCredentialArgsDict] = ()
    trigger: Sequence[ConnectionCredentialArgs | ConnectionCredentialArgsDict] = ()


class ConnectionCredentialsArgsDict(TypedDict, total=False):
    action: Sequence[ConnectionCredentialArgs | ConnectionCredentialArgsDict]
    trigger: Sequence[ConnectionCredentialArgs | ConnectionCredentialArgsDict]


# --- a version's contents: definitions, actions, triggers (keyed by name in ConnectorVersionArgs) ---

HTTPMethodName = Literal["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS", "CONNECT", "TRACE"]
ParameterTypeName = Literal["string", "number", "integer", "boolean"]


@dataclass
class ParameterArgs:
    """A parameter of an action's (or a trigger's incoming) request."""

    name: str
    in_: Literal["cookie", "header", "path", "query"]
    required: bool | None = None
    type: ParameterTypeName | None = None
    """Default "string"."""
    default: object = None
    """Any JSON value; a string may be templated."""


class ParameterArgsDict(TypedDict):
    name: str
    in_: Literal["cookie", "header", "path", "query"]
    required: NotRequired[bool]
    type: NotRequired[ParameterTypeName]
    default: NotRequired[object]


@dataclass
class RequestBodyArgs:
    """A request body: the definitions (by name) it may be."""

    definitions: Sequence[str]
    required: bool | None = None


class RequestBodyArgsDict(TypedDict):
    definitions: Sequence[str]
    required: NotRequired[bool]


@dataclass
class ResponseArgs:
    """A response (``status`` left out: the default response) and the definitions (by name) it may be."""

    status: int | None = None
    definitions: Sequence[str] = ()


class ResponseArgsDict(TypedDict, total=False):
    status: int
    definitions: Sequence[str]


@dataclass
class ActionArgs:
    """An HTTP action: a request the connector sends. ``path`` is appended to the connector's base URL and may use
    ``{{ param.<name> }}`` for a declared parameter."""

    method: HTTPMethodName
    path: str
    summary: str | None = None
    description: str | None = None
    parameters: Sequence[ParameterArgs | ParameterArgsDict] = ()
    request_body: RequestBodyArgs | RequestBodyArgsDict | None = None
    responses: Sequence[ResponseArgs | ResponseArgsDict] = ()
    """At least one before the version is published."""


class ActionArgsDict(TypedDict):
    method: HTTPMethodName
    path: str
    summary: NotRequired[str]
    description: NotRequired[str]
    parameters: NotRequired[Sequence[ParameterArgs | ParameterArgsDict]]
    request_body: NotRequired[RequestBodyArgs | RequestBodyArgsDict]
    responses: NotRequired[Sequence[ResponseArgs | ResponseArgsDict]]


@dataclass
class TriggerArgs:
    """An HTTP trigger: a request (a webhook) the connector receives, and the answers to it."""

    method: HTTPMethodName = "POST"
    summary: str | None = None
    description: str | None = None
    parameters: Sequence[ParameterArgs | ParameterArgsDict] = ()
    request_body: RequestBodyArgs | RequestBodyArgsDict | None = None
    responses: Sequence[ResponseArgs | ResponseArgsDict] = ()


class TriggerArgsDict(TypedDict, total=False):
    method: HTTPMethodName
    summary: str
    description: str
    parameters: Sequence[ParameterArgs | ParameterArgsDict]
    request_body: RequestBodyArgs | RequestBodyArgsDict
    responses: Sequence[ResponseArgs | ResponseArgsDict]


@dataclass
class DefinitionArgs:
    """A JSON Schema the version's actions and triggers link by name; it may link another as
    ``{"$ref": "#/$defs/<name>"}``."""

    schema: Mapping[str, object] | bool
    accept: Sequence[str] | None = None
    """The media types it describes (default ``["application/json"]``)."""
    description: str | None = None


class DefinitionArgsDict(TypedDict):
    schema: Mapping[str, object] | bool
    accept: NotRequired[Sequence[str]]
    description: NotRequired[str]
