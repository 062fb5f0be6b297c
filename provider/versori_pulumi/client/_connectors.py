"""Connectors: create (HTTP, BigQuery), get, find by name, list, full-replace update, delete, tags, categories and
auth scheme configs.

Endpoints (under ``/o/{org}``): ``GET /connectors``, ``POST /protocols/http/connectors``,
``POST /protocols/bigquery/connectors``, ``GET|PUT|DELETE /connectors/{id}``, ``PUT /connectors/{id}/tags``,
``PUT /connectors/{id}/categories``, ``PUT|DELETE /connectors/{id}/auth-scheme-configs/{config_id}``.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from pydantic import TypeAdapter

from ..errors import NotFoundError
from ..models import (
    AuthSchemeConfig,
    BigQueryConnector,
    BigQueryConnectorCreate,
    BigQueryConnectorUpdate,
    CategoriesUpdate,
    Category,
    Connector,
    ConnectorPage,
    HTTPConnector,
    HTTPConnectorCreate,
    HTTPConnectorUpdate,
    TagsUpdate,
)
from ._base import MAX_PAGE_SIZE, AnyConnector, ClientBase, _seg, absent_if_gone
from ._retry import was_replayed

__all__ = ["ConnectorsAPI"]

_CONNECTOR: TypeAdapter[AnyConnector] = TypeAdapter(Connector)
_HTTP_CONNECTOR = TypeAdapter(HTTPConnector)
_BIGQUERY = TypeAdapter(BigQueryConnector)


class ConnectorsAPI(ClientBase):
    """The connector methods of :class:`~versori_pulumi.client.ConnectClient`."""

    def create_http_connector(self, body: HTTPConnectorCreate) -> HTTPConnector:
        """Create an HTTP connector; a lost response is settled by finding the connector by its (unique) name."""
        _seg(body.name, "connector name")
        path = self._o("protocols", "http", "connectors")

        def post() -> HTTPConnector:
            return self._parse(_HTTP_CONNECTOR, self._request("POST", path, json=body.wire(), idempotent=False))

        def lookup() -> HTTPConnector | None:
            found = absent_if_gone(lambda: self.find_connector_by_name(body.name))
            return found if isinstance(found, HTTPConnector) else None

        return self._session.post_once(f"POST {path}", post, lookup)

    def create_bigquery_connector(self, body: BigQueryConnectorCreate) -> BigQueryConnector:
        """Create a BigQuery connector; a lost response is settled by finding the connector by its name."""
        _seg(body.name, "connector name")
        path = self._o("protocols", "bigquery", "connectors")

        def post() -> BigQueryConnector:
            return self._session.parse(
                _BIGQUERY, self._session.request("POST", path, json=body.wire(), idempotent=False)
            )

        def lookup() -> BigQueryConnector | None:
            found = absent_if_gone(lambda: self.find_connector_by_name(body.name))
            return found if isinstance(found, BigQueryConnector) else None

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
        return (connector for page in pages for connector in page.items)

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
