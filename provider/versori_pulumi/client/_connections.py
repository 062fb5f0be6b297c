"""Connections: list (summaries), get (with credentials, secrets redacted), find by name, create, update, delete.

Endpoints (under ``/o/{org}/connectors/{id}``): ``GET|POST /connections``,
``GET|PUT|DELETE /connections/{connection_id}``.
"""

from __future__ import annotations

from collections.abc import Iterator

from pydantic import TypeAdapter

from ..errors import NotFoundError
from ..models import Connection, ConnectionCreate, ConnectionSummary, ConnectionUpdate, ConnectorConnectionPage
from ._base import MAX_PAGE_SIZE, ClientBase, _seg, absent_if_gone

__all__ = ["ConnectionsAPI"]

_CONNECTION = TypeAdapter(Connection)


class ConnectionsAPI(ClientBase):
    """The connection methods of :class:`~versori_pulumi.client.ConnectClient`."""

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

        def lookup() -> Connection | None:
            return absent_if_gone(lambda: self.find_connection_by_name(connector_id, body.name))

        return self._session.post_once(f"POST {path}", post, lookup)

    def update_connection(self, connector_id: str, connection_id: str, body: ConnectionUpdate) -> Connection:
        """Rename, set variables, reorder credentials; secret data cannot change here (spec)."""
        path = self._connections(connector_id, _seg(connection_id, "connection_id"))
        return self._parse(_CONNECTION, self._request("PUT", path, json=body.wire(), idempotent=True))

    def delete_connection(self, connector_id: str, connection_id: str, *, force: bool = False) -> None:
        """Delete a connection; 412 if it is in use, unless forced."""
        self._delete(self._connections(connector_id, _seg(connection_id, "connection_id")), force)
