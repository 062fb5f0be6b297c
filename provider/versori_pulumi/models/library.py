"""The catalogue: the protocols an organisation may use and the auth schemes each supports (ListProtocols,
ListAuthSchemes). Library imports (ImportLibraryConnectorVersion) take no body and answer a connector."""

from __future__ import annotations

from pydantic import Field

from ._base import APIModel, Page

__all__ = ["AuthScheme", "AuthSchemePage", "Protocol", "ProtocolPage"]


class Protocol(APIModel):
    """A protocol the organisation may use (ListProtocols); ``slug`` is what paths and connectors name."""

    id: str
    slug: str
    name: str
    description: str
    icon_url: str = Field(alias="iconURL")


class ProtocolPage(Page[Protocol]):
    """ListProtocols page (its array is ``protocols``)."""

    items_key = "protocols"


class AuthScheme(APIModel):
    """An auth scheme a protocol supports (ListAuthSchemes). ``type`` is kept a string: the platform may add types
    (AuthSchemeType already names more than the configs v1 defines)."""

    id: str
    type: str
    name: str
    description: str


class AuthSchemePage(Page[AuthScheme]):
    """ListAuthSchemes page (its array is ``authSchemes``; one page, the spec declares no paging parameters)."""

    items_key = "authSchemes"
