"""Connector versions: the version read model (also UpdateConnectorVersion's body), create, publish, unpublish."""

from __future__ import annotations

from datetime import datetime

from ._base import APIModel, Message, Page, WriteModel

__all__ = [
    "RESERVED_VERSION_NAMES",
    "ConnectorVersion",
    "ConnectorVersionCreate",
    "ConnectorVersionsPage",
    "PublishConnectorResponse",
    "UnpublishConnectorResponse",
]

RESERVED_VERSION_NAMES = frozenset({"latest", "default"})
"""Version names the API reserves for resolution (spec: GetConnectorVersion's ``version`` parameter)."""


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


class ConnectorVersionsPage(Page[ConnectorVersion]):
    """ListConnectorVersions page (its array is ``items``)."""


class ConnectorVersionCreate(WriteModel):
    name: str
    from_version: str | None = None


class PublishConnectorResponse(APIModel):
    version: ConnectorVersion


class UnpublishConnectorResponse(APIModel):
    version: ConnectorVersion
