"""The catalogue and the public library: categories, protocols, auth schemes, public connectors, and copying a
public connector version into the organisation.

Endpoints: ``GET /categories``, ``GET /connectors`` (public library, no organisation segment),
``GET /o/{org}/protocols``, ``GET /o/{org}/protocols/{slug}/auth-schemes``,
``POST /o/{org}/connectors/{public_id}/versions/{version}/library/import``.
"""

from __future__ import annotations

from collections.abc import Iterator

from pydantic import TypeAdapter

from ..models import AuthScheme, AuthSchemePage, Connector, ConnectorPage, Protocol, ProtocolPage
from ._base import MAX_PAGE_SIZE, AnyConnector, _seg, absent_if_gone
from ._connectors import ConnectorsAPI
from ._versions import VersionsAPI

__all__ = ["LibraryAPI"]

_CONNECTOR: TypeAdapter[AnyConnector] = TypeAdapter(Connector)
_CATEGORIES: TypeAdapter[list[str]] = TypeAdapter(list[str])
_AUTH_SCHEMES = TypeAdapter(AuthSchemePage)


class LibraryAPI(ConnectorsAPI, VersionsAPI):
    """The catalogue and library methods of :class:`~versori_pulumi.client.ConnectClient` (a library import is
    settled by finding the new connector, and its path is a version's)."""

    # --- catalogue ---

    def list_categories(self) -> list[str]:
        """Every library category (a bare array; kept as strings, so a category added later still reads)."""
        return self._parse(_CATEGORIES, self._request("GET", "/categories", idempotent=True))

    def list_protocols(self, *, page_size: int = MAX_PAGE_SIZE) -> Iterator[Protocol]:
        """Every protocol the organisation may use."""
        pages = self._pages(self._o("protocols"), ProtocolPage, {}, page_size)
        return (protocol for page in pages for protocol in page.items)

    def list_auth_schemes(self, protocol_slug: str) -> list[AuthScheme]:
        """The auth schemes of a protocol (one page: the spec declares no paging parameters here)."""
        path = self._o("protocols", _seg(protocol_slug, "protocol_slug"), "auth-schemes")
        return self._parse(_AUTH_SCHEMES, self._request("GET", path, idempotent=True)).items

    # --- public library ---

    def list_public_connectors(
        self, *, name: str | None = None, page_size: int = MAX_PAGE_SIZE
    ) -> Iterator[AnyConnector]:
        """Every connector of the public library (remembering names, which library imports look up by)."""
        params = {"name": name} if name else {}
        pages = self._pages("/connectors", ConnectorPage, params, page_size)
        return (connector for page in pages for connector in self._remember_public(page.items))

    def _remember_public(self, connectors: list[AnyConnector]) -> list[AnyConnector]:
        with self._lock:
            self._public_names.update((c.id, c.name) for c in connectors)
        return connectors

    def import_library_version(self, public_connector_id: str, version: str) -> AnyConnector:
        """Copy a public connector version into the organisation as a new connector of the same name.

        A lost response is settled by finding a connector of the public connector's name in the organisation.
        """
        path = self._versions(public_connector_id, _seg(version, "version"), "library", "import")

        def post() -> AnyConnector:
            return self._parse(_CONNECTOR, self._request("POST", path, idempotent=False))

        def lookup() -> AnyConnector | None:
            name = self._public_connector_name(public_connector_id)
            return absent_if_gone(lambda: self.find_library_copy(public_connector_id, name=name)) if name else None

        return self._session.post_once(f"POST {path}", post, lookup)

    def find_library_copy(self, public_connector_id: str, *, name: str | None = None) -> AnyConnector | None:
        """The organisation's copy of a public connector, of any protocol, or None: an import makes a connector of
        the public one's name (``name`` when the caller knows it, else the public library is listed)."""
        name = name or self._listed_public_name(public_connector_id)
        return self.find_connector_by_name(name) if name else None

    def _public_connector_name(self, public_connector_id: str) -> str | None:
        """The name of a public connector (there is no GET by id for the library: remembered or listed)."""
        with self._lock:
            name = self._public_names.get(public_connector_id)
        return self._listed_public_name(public_connector_id) if name is None else name

    def _listed_public_name(self, public_connector_id: str) -> str | None:
        return next((c.name for c in self.list_public_connectors() if c.id == public_connector_id), None)
