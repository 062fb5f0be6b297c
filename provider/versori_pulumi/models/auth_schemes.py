"""Auth scheme configs: how a connector authenticates (the spec's AuthSchemeConfig union, tagged by ``schemeType``).

Connectors hold them and connections pair each with a credential, so they sit below both
(:mod:`~versori_pulumi.models.connectors`, :mod:`~versori_pulumi.models.connections`).
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field

from ._base import APIModel, Message, WireSecret

__all__ = [
    "AuthSchemeConfig",
    "AuthSchemeConfigAPIKey",
    "AuthSchemeConfigBasicAuth",
    "AuthSchemeConfigCertificate",
    "AuthSchemeConfigGoogleServiceAccount",
    "AuthSchemeConfigHMAC",
    "AuthSchemeConfigNone",
    "AuthSchemeConfigOAuth2",
    "AuthSchemeConfigOAuth2Grant",
    "OAuth2GrantAuthorizationCode",
    "OAuth2GrantClientCredentials",
    "OAuth2GrantPassword",
    "OAuth2Scope",
]


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
