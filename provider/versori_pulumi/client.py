"""HTTP client of the Versori Connect API v1: the one place this package talks to the API.

Endpoints (paths under ``/api/connect/v1``; ``{org}`` is the client's organisation):

- connectors: ``GET /connectors`` (public library), ``GET /o/{org}/connectors``,
  ``POST /o/{org}/protocols/http/connectors``, ``GET|PUT|DELETE /o/{org}/connectors/{id}``,
  ``PUT /o/{org}/connectors/{id}/tags``, ``PUT /o/{org}/connectors/{id}/categories``,
  ``PUT|DELETE /o/{org}/connectors/{id}/auth-scheme-configs/{config_id}``
- versions: ``GET|POST /o/{org}/connectors/{id}/versions``, ``GET|PUT|DELETE .../versions/{version}``,
  ``POST .../versions/{version}/publish``, ``POST .../versions/{version}/unpublish``,
  ``POST /o/{org}/connectors/{public_id}/versions/{version}/library/import``
- connections: ``GET|POST /o/{org}/connectors/{id}/connections``, ``GET|PUT|DELETE .../connections/{connection_id}``
- catalogue: ``GET /categories``, ``GET /o/{org}/protocols``, ``GET /o/{org}/protocols/{slug}/auth-schemes``
- version contents, OpenAPI imports, upload URLs, BigQuery connectors: :mod:`versori_pulumi._contents_client`

The request path (send, log, map errors, retry idempotent calls) is :mod:`versori_pulumi._http`, its retry policy
:mod:`versori_pulumi._retry`. Non-idempotent POSTs are never blindly repeated: after a failure that may have been
applied, the object is first looked up by its natural key (connector name, version name, connection name) and
returned if the lost request had landed. Behaviour details: ``docs/api-behaviour.md``.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Iterator, Mapping, Sequence
from typing import NoReturn
from urllib.parse import quote

import httpx
from pydantic import TypeAdapter

from ._contents_client import ContentsMixin
from ._http import HTTPSession, PageT
from ._registry import CONNECTION, CONNECTOR, CONNECTOR_VERSION, IMPORTED_CONNECTOR
from ._retry import was_replayed
from .config import DEFAULT_BASE_URL
from .errors import ConfigurationError, NotFoundError
from .models import (
    AuthScheme,
    AuthSchemeConfig,
    AuthSchemePage,
    BigQueryConnector,
    BigQueryConnectorUpdate,
    CategoriesUpdate,
    Category,
    Connection,
    ConnectionCreate,
    ConnectionSummary,
    ConnectionUpdate,
    Connector,
    ConnectorConnectionPage,
    ConnectorPage,
    ConnectorVersion,
    ConnectorVersionCreate,
    ConnectorVersionsPage,
    HTTPConnector,
    HTTPConnectorCreate,
    HTTPConnectorUpdate,
    Protocol,
    ProtocolPage,
    PublishConnectorResponse,
    TagsUpdate,
    UnpublishConnectorResponse,
)

__all__ = ["DEFAULT_BASE_URL", "MAX_PAGE_SIZE", "ConnectClient"]

MAX_PAGE_SIZE = 100
"""The largest page the API serves (docs/api-behaviour.md: larger ``first`` values are clamped)."""

_log = logging.getLogger("versori_pulumi.client")

AnyConnector = HTTPConnector | BigQueryConnector

_CONNECTOR: TypeAdapter[AnyConnector] = TypeAdapter(Connector)
_HTTP_CONNECTOR = TypeAdapter(HTTPConnector)
_VERSION = TypeAdapter(ConnectorVersion)
_PUBLISHED = TypeAdapter(PublishConnectorResponse)
_UNPUBLISHED = TypeAdapter(UnpublishConnectorResponse)
_CONNECTION = TypeAdapter(Connection)
_CATEGORIES: TypeAdapter[list[str]] = TypeAdapter(list[str])
_AUTH_SCHEMES = TypeAdapter(AuthSchemePage)


def _seg(value: str, what: str) -> str:
    """One URL path segment, quoted; an empty value is refused before any request is made."""
    if not isinstance(value, str) or not value:
        raise ValueError(f"{what} must be a non-empty string")
    return quote(value, safe="")


def _force(force: bool) -> dict[str, str] | None:
    return {"force": "true"} if force else None


class ConnectClient(ContentsMixin):
    """A thread-safe client of one organisation of the Connect API, over one pooled ``httpx.Client``.

    Args:
        base_url: API root, e.g. ``https://platform.versori.com/api/connect/v1`` or an emulator's ``.base_url``.
        organisation_id: the organisation every ``/o/{org}`` path uses.
        api_key: sent as ``Authorization: Bearer``; never logged, repr'd or put in an error message.
        timeout: seconds per HTTP attempt.
        retry_deadline: seconds one client call may spend retrying, look-ups included.
        max_attempts: attempts per client call (each POST loop round counts one).
        transport: an ``httpx`` transport, e.g. ``httpx.MockTransport`` in tests.
        sleep, clock: seams for tests (defaults ``time.sleep``, ``time.monotonic``).
    """

    def __init__(
        self,
        base_url: str = DEFAULT_BASE_URL,
        organisation_id: str = "",
        api_key: str = "",
        *,
        timeout: float = 30.0,
        retry_deadline: float = 60.0,
        max_attempts: int = 8,
        transport: httpx.BaseTransport | None = None,
        sleep: Callable[[float], None] | None = None,
        clock: Callable[[], float] | None = None,
    ) -> None:
        self._session = HTTPSession(
            base_url,
            api_key,
            timeout=timeout,
            retry_deadline=retry_deadline,
            max_attempts=max_attempts,
            transport=transport,
            sleep=sleep,
            clock=clock,
        )
        self._org = organisation_id
        self._lock = threading.Lock()
        self._public_names: dict[str, str] = {}
        self._request = self._session.request
        self._parse = self._session.parse

    # --- lifecycle, identity, counters ---

    def close(self) -> None:
        """Close the connection pool."""
        self._session.close()

    def __enter__(self) -> ConnectClient:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"ConnectClient(base_url={self.base_url!r}, organisation_id={self._org!r})"

    def __getstate__(self) -> NoReturn:
        raise TypeError("ConnectClient holds a live connection pool and is never pickled; build one per process")

    @property
    def base_url(self) -> str:
        return self._session.base_url

    @property
    def organisation_id(self) -> str:
        return self._org

    @property
    def request_count(self) -> int:
        """HTTP requests actually sent (every attempt counts), for tests and benchmarks."""
        return self._session.request_count

    @property
    def retry_count(self) -> int:
        """Sleeps before another attempt, in either retry loop."""
        return self._session.retry_count

    @property
    def lookup_count(self) -> int:
        """Natural-key look-ups made to settle a POST whose outcome was unknown."""
        return self._session.lookup_count

    def _o(self, *segments: str) -> str:
        """``/o/{org}/...``: the organisation-scoped path from already quoted segments."""
        if not self._org:
            raise ConfigurationError("organisation_id is required for this call")
        return "/".join(("/o", quote(self._org, safe=""), *segments))

    def _pages(self, path: str, model: type[PageT], params: Mapping[str, str], page_size: int) -> Iterator[PageT]:
        if not 1 <= page_size <= MAX_PAGE_SIZE:
            raise ValueError(f"page_size must be between 1 and {MAX_PAGE_SIZE}")
        return self._session.pages(path, model, params, page_size)

    # --- catalogue ---

    def list_categories(self) -> list[str]:
        """Every library category (a bare array; kept as strings, so a category added later still reads)."""
        return self._parse(_CATEGORIES, self._request("GET", "/categories", idempotent=True))

    def list_protocols(self, *, page_size: int = MAX_PAGE_SIZE) -> Iterator[Protocol]:
        """Every protocol the organisation may use."""
        pages = self._pages(self._o("protocols"), ProtocolPage, {}, page_size)
        return (protocol for page in pages for protocol in page.protocols)

    def list_auth_schemes(self, protocol_slug: str) -> list[AuthScheme]:
        """The auth schemes of a protocol (one page: the spec declares no paging parameters here)."""
        path = self._o("protocols", _seg(protocol_slug, "protocol_slug"), "auth-schemes")
        return self._parse(_AUTH_SCHEMES, self._request("GET", path, idempotent=True)).auth_schemes

    # --- connectors ---

    def create_http_connector(self, body: HTTPConnectorCreate) -> HTTPConnector:
        """Create an HTTP connector; a lost response is settled by finding the connector by its (unique) name."""
        _seg(body.name, "connector name")
        path = self._o("protocols", "http", "connectors")

        def post() -> HTTPConnector:
            return self._parse(_HTTP_CONNECTOR, self._request("POST", path, json=body.wire(), idempotent=False))

        def lookup() -> HTTPConnector | None:
            found = CONNECTOR.lookup(self, {"name": body.name})
            return found if isinstance(found, HTTPConnector) else None

        return self._session.post_once(f"POST {path}", post, lookup)

    def get_connector(self, connector_id: str) -> HTTPConnector | BigQueryConnector:
        path = self._o("connectors", _seg(connector_id, "connector_id"))
        return self._parse(_CONNECTOR, self._request("GET", path, idempotent=True))

    def find_connector_by_name(self, name: str) -> HTTPConnector | BigQueryConnector | None:
        """The connector named exactly ``name``, or None (the API's ``name`` filter is a substring match)."""
        _seg(name, "name")
        return next((c for c in self.list_connectors(name=name) if c.name == name), None)

    def list_connectors(self, *, name: str | None = None, page_size: int = MAX_PAGE_SIZE) -> Iterator[AnyConnector]:
        """Every connector of the organisation, most recently updated first; ``name`` filters by substring."""
        path = self._o("connectors")
        params = {"name": name} if name else {}
        pages = self._pages(path, ConnectorPage, params, page_size)
        return (connector for page in pages for connector in page.connectors)

    def list_public_connectors(
        self, *, name: str | None = None, page_size: int = MAX_PAGE_SIZE
    ) -> Iterator[AnyConnector]:
        """Every connector of the public library (remembering names, which library imports look up by)."""
        params = {"name": name} if name else {}
        pages = self._pages("/connectors", ConnectorPage, params, page_size)
        return (connector for page in pages for connector in self._remember_public(page.connectors))

    def _remember_public(self, connectors: list[AnyConnector]) -> list[AnyConnector]:
        with self._lock:
            self._public_names.update((c.id, c.name) for c in connectors)
        return connectors

    def update_connector(self, connector_id: str, body: HTTPConnectorUpdate | BigQueryConnectorUpdate) -> AnyConnector:
        """Replace the connector's mutable fields (a full replace: omitted fields are unset)."""
        path = self._o("connectors", _seg(connector_id, "connector_id"))
        return self._parse(_CONNECTOR, self._request("PUT", path, json=body.wire(), idempotent=True))

    def delete_connector(self, connector_id: str, *, force: bool = False) -> None:
        """Delete a connector with its versions and connections; 409 if published or in use, unless forced."""
        path = self._o("connectors", _seg(connector_id, "connector_id"))
        self._delete(path, force)

    def update_connector_tags(self, connector_id: str, tags: dict[str, list[str]]) -> None:
        """Replace every tag of the connector."""
        path = self._o("connectors", _seg(connector_id, "connector_id"), "tags")
        self._request("PUT", path, json=TagsUpdate(tags=tags).wire(), idempotent=True)

    def update_connector_categories(self, connector_id: str, categories: Sequence[Category | str]) -> None:
        """Replace every category of the connector (an unknown category fails here, before any request)."""
        body = CategoriesUpdate(categories=[Category(c) for c in categories])
        path = self._o("connectors", _seg(connector_id, "connector_id"), "categories")
        self._request("PUT", path, json=body.wire(), idempotent=True)

    def upsert_auth_scheme_config(self, connector_id: str, config: AuthSchemeConfig) -> AnyConnector:
        """Create or replace the auth scheme config with ``config.id`` (ids are chosen by the client)."""
        path = self._o("connectors", _seg(connector_id, "connector_id"), "auth-scheme-configs", _seg(config.id, "id"))
        return self._parse(_CONNECTOR, self._request("PUT", path, json=config.wire(), idempotent=True))

    def delete_auth_scheme_config(self, connector_id: str, config_id: str) -> AnyConnector:
        """Remove an auth scheme config; a 404 on a replay whose first attempt was lost counts as done."""
        cid = _seg(connector_id, "connector_id")
        path = self._o("connectors", cid, "auth-scheme-configs", _seg(config_id, "config_id"))
        try:
            return self._parse(_CONNECTOR, self._request("DELETE", path, idempotent=True))
        except NotFoundError as exc:
            if not was_replayed(exc):
                raise
            connector = self.get_connector(connector_id)
            if any(c.id == config_id for c in connector.auth_scheme_configs):
                raise
            return connector

    def _delete(self, path: str, force: bool) -> None:
        """DELETE; a 404 answering a replay means an earlier, lost attempt deleted it."""
        try:
            self._request("DELETE", path, params=_force(force), idempotent=True)
        except NotFoundError as exc:
            if not was_replayed(exc):
                raise
            _log.info("DELETE %s: 404 on a replay, the earlier attempt deleted it", path)

    # --- versions ---

    def _versions(self, connector_id: str, *segments: str) -> str:
        return self._o("connectors", _seg(connector_id, "connector_id"), "versions", *segments)

    def list_versions(self, connector_id: str, *, page_size: int = MAX_PAGE_SIZE) -> Iterator[ConnectorVersion]:
        path = self._versions(connector_id)
        pages = self._pages(path, ConnectorVersionsPage, {}, page_size)
        return (version for page in pages for version in page.items)

    def get_version(self, connector_id: str, version: str) -> ConnectorVersion:
        """A version by name, or ``latest`` (newest published) / ``default``."""
        path = self._versions(connector_id, _seg(version, "version"))
        return self._parse(_VERSION, self._request("GET", path, idempotent=True))

    def _find_version(self, connector_id: str, version: str) -> ConnectorVersion | None:
        try:
            return self.get_version(connector_id, version)
        except NotFoundError:
            return None

    def create_version(self, connector_id: str, body: ConnectorVersionCreate) -> ConnectorVersion:
        """Create a draft version; a lost response is settled by getting the version by name."""
        _seg(body.name, "version name")
        path = self._versions(connector_id)

        def post() -> ConnectorVersion:
            return self._parse(_VERSION, self._request("POST", path, json=body.wire(), idempotent=False))

        key = {"connector_id": connector_id, "name": body.name}
        return self._session.post_once(f"POST {path}", post, lambda: CONNECTOR_VERSION.lookup(self, key))

    def update_version(self, connector_id: str, version: str, body: ConnectorVersion) -> ConnectorVersion:
        """Replace a version (rename, description, ``isDefault``); read-only fields must match the server's."""
        path = self._versions(connector_id, _seg(version, "version"))
        payload = body.wire()
        payload["publishedAt"] = payload.get("publishedAt")  # required and nullable: send null for a draft
        try:
            return self._parse(_VERSION, self._request("PUT", path, json=payload, idempotent=True))
        except NotFoundError as exc:
            # A rename whose first attempt landed leaves the old name 404 on the replay.
            renamed = (
                self._find_version(connector_id, body.name) if was_replayed(exc) and body.name != version else None
            )
            if renamed is None:
                raise
            return renamed

    def delete_version(self, connector_id: str, version: str, *, force: bool = False) -> None:
        """Delete a version; 409 if it is published, unless forced."""
        self._delete(self._versions(connector_id, _seg(version, "version")), force)

    def publish_version(self, connector_id: str, version: str) -> ConnectorVersion:
        """Publish a draft; a lost response is settled by reading the version back (published means done)."""
        path = self._versions(connector_id, _seg(version, "version"), "publish")

        def post() -> ConnectorVersion:
            return self._parse(_PUBLISHED, self._request("POST", path, idempotent=False)).version

        def lookup() -> ConnectorVersion | None:
            found = self._find_version(connector_id, version)
            return found if found is not None and found.published else None

        return self._session.post_once(f"POST {path}", post, lookup)

    def unpublish_version(self, connector_id: str, version: str) -> ConnectorVersion:
        """Unpublish a version; a lost response is settled by reading the version back (a draft means done)."""
        path = self._versions(connector_id, _seg(version, "version"), "unpublish")

        def post() -> ConnectorVersion:
            return self._parse(_UNPUBLISHED, self._request("POST", path, idempotent=False)).version

        def lookup() -> ConnectorVersion | None:
            found = self._find_version(connector_id, version)
            return found if found is not None and not found.published else None

        return self._session.post_once(f"POST {path}", post, lookup)

    def import_library_version(self, public_connector_id: str, version: str) -> AnyConnector:
        """Copy a public connector version into the organisation as a new connector of the same name.

        A lost response is settled by finding a connector of the public connector's name in the organisation.
        """
        path = self._versions(public_connector_id, _seg(version, "version"), "library", "import")

        def post() -> AnyConnector:
            return self._parse(_CONNECTOR, self._request("POST", path, idempotent=False))

        def lookup() -> AnyConnector | None:
            name = self._public_connector_name(public_connector_id)
            key = {"library_connector_id": public_connector_id, "name": name}
            return IMPORTED_CONNECTOR.lookup(self, key) if name else None

        return self._session.post_once(f"POST {path}", post, lookup)

    def _public_connector_name(self, public_connector_id: str) -> str | None:
        """The name of a public connector (there is no GET by id for the library: remembered or listed)."""
        with self._lock:
            name = self._public_names.get(public_connector_id)
        if name is None:
            name = next((c.name for c in self.list_public_connectors() if c.id == public_connector_id), None)
        return name

    # --- connections ---

    def _connections(self, connector_id: str, *segments: str) -> str:
        return self._o("connectors", _seg(connector_id, "connector_id"), "connections", *segments)

    def list_connections(self, connector_id: str, *, page_size: int = MAX_PAGE_SIZE) -> Iterator[ConnectionSummary]:
        """Summaries (id, name, times) of the connector's connections; credentials need :meth:`get_connection`."""
        path = self._connections(connector_id)
        pages = self._pages(path, ConnectorConnectionPage, {}, page_size)
        return (summary for page in pages for summary in page.items)

    def get_connection(self, connector_id: str, connection_id: str) -> Connection:
        """A connection with its credentials (secret values come back redacted)."""
        path = self._connections(connector_id, _seg(connection_id, "connection_id"))
        return self._parse(_CONNECTION, self._request("GET", path, idempotent=True))

    def find_connection_by_name(self, connector_id: str, name: str) -> Connection | None:
        """The connection named exactly ``name`` (names are unique per connector), or None."""
        _seg(name, "name")
        summary = next((s for s in self.list_connections(connector_id) if s.name == name), None)
        if summary is None:
            return None
        try:
            return self.get_connection(connector_id, summary.id)
        except NotFoundError:
            return None

    def create_connection(self, connector_id: str, body: ConnectionCreate) -> Connection:
        """Create a connection with its credentials; a lost response is settled by finding it by name."""
        _seg(body.name, "connection name")
        path = self._connections(connector_id)

        def post() -> Connection:
            return self._parse(_CONNECTION, self._request("POST", path, json=body.wire(), idempotent=False))

        key = {"connector_id": connector_id, "name": body.name}
        return self._session.post_once(f"POST {path}", post, lambda: CONNECTION.lookup(self, key))

    def update_connection(self, connector_id: str, connection_id: str, body: ConnectionUpdate) -> Connection:
        """Rename, set variables, reorder credentials; secret data cannot change here (spec)."""
        path = self._connections(connector_id, _seg(connection_id, "connection_id"))
        return self._parse(_CONNECTION, self._request("PUT", path, json=body.wire(), idempotent=True))

    def delete_connection(self, connector_id: str, connection_id: str, *, force: bool = False) -> None:
        """Delete a connection; 412 if it is in use, unless forced."""
        self._delete(self._connections(connector_id, _seg(connection_id, "connection_id")), force)
