"""Connector versions: list, get (by name, ``latest`` or ``default``), create, full-replace update, delete, publish
and unpublish.

Endpoints (under ``/o/{org}/connectors/{id}``): ``GET|POST /versions``, ``GET|PUT|DELETE /versions/{version}``,
``POST /versions/{version}/publish``, ``POST /versions/{version}/unpublish``.
"""

from __future__ import annotations

from collections.abc import Iterator

from pydantic import TypeAdapter

from ..errors import NotFoundError
from ..models import (
    ConnectorVersion,
    ConnectorVersionCreate,
    ConnectorVersionsPage,
    PublishConnectorResponse,
    UnpublishConnectorResponse,
)
from ._base import MAX_PAGE_SIZE, ClientBase, _seg
from ._retry import was_replayed

__all__ = ["VersionsAPI"]

_VERSION = TypeAdapter(ConnectorVersion)
_PUBLISHED = TypeAdapter(PublishConnectorResponse)
_UNPUBLISHED = TypeAdapter(UnpublishConnectorResponse)


class VersionsAPI(ClientBase):
    """The version methods of :class:`~versori_pulumi.client.ConnectClient`."""

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

    def find_version(self, connector_id: str, version: str) -> ConnectorVersion | None:
        """The version named ``version``, or None (also when the connector itself is gone)."""
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

        return self._session.post_once(f"POST {path}", post, lambda: self.find_version(connector_id, body.name))

    def update_version(self, connector_id: str, version: str, body: ConnectorVersion) -> ConnectorVersion:
        """Replace a version (rename, description, ``isDefault``); read-only fields must match the server's."""
        path = self._versions(connector_id, _seg(version, "version"))
        payload = body.wire()
        payload["publishedAt"] = payload.get("publishedAt")  # required and nullable: send null for a draft
        try:
            return self._parse(_VERSION, self._request("PUT", path, json=payload, idempotent=True))
        except NotFoundError as exc:
            # A rename whose first attempt landed leaves the old name 404 on the replay.
            renamed = self.find_version(connector_id, body.name) if was_replayed(exc) and body.name != version else None
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
            found = self.find_version(connector_id, version)
            return found if found is not None and found.published else None

        return self._session.post_once(f"POST {path}", post, lookup)

    def unpublish_version(self, connector_id: str, version: str) -> ConnectorVersion:
        """Unpublish a version; a lost response is settled by reading the version back (a draft means done)."""
        path = self._versions(connector_id, _seg(version, "version"), "unpublish")

        def post() -> ConnectorVersion:
            return self._parse(_UNPUBLISHED, self._request("POST", path, idempotent=False)).version

        def lookup() -> ConnectorVersion | None:
            found = self.find_version(connector_id, version)
            return found if found is not None and not found.published else None

        return self._session.post_once(f"POST {path}", post, lookup)
