"""The public library the emulator starts with: a few public HTTP connectors, each with a published version.

Ids and timestamps are fixed so tests and examples can name them (``LIBRARY_SLACK_ID``). The library is not part
of any caller's organisation: it is listed by ``GET /connectors`` and copied into an organisation by
``POST /o/{org}/connectors/{id}/versions/{version}/library/import``; it cannot be changed through the API.
"""

from __future__ import annotations

from datetime import UTC, datetime

from versori_pulumi.emulator.contents_records import (
    StoredBody,
    StoredChild,
    StoredDefinition,
    StoredLink,
    StoredResponse,
    VersionContents,
)
from versori_pulumi.emulator.records import AuthSchemeConfigRecord, ConnectorRecord, HTTPConnectorFields, VersionRecord
from versori_pulumi.emulator.store import MemoryStore
from versori_pulumi.models import (
    AuthSchemeConfigAPIKey,
    AuthSchemeConfigNone,
    AuthSchemeConfigOAuth2,
    Category,
    ConnectionVariable,
    OAuth2Scope,
)
from versori_pulumi.models import OAuth2GrantAuthorizationCode as _AuthorizationCode

__all__ = [
    "LIBRARY_OPEN_METEO_ID",
    "LIBRARY_ORG_ID",
    "LIBRARY_SHOPIFY_ID",
    "LIBRARY_SLACK_ID",
    "library_store",
]

LIBRARY_ORG_ID = "01J6NE3900VHDSG0YSY9J33JT9"
"""The organisation owning the public library (Versori's own, in the real platform)."""
LIBRARY_SLACK_ID = "01J6R0G000HXKZG9XMP4TS7XR0"
"""Slack (api-key): versions ``1.0.0`` (published, the default) and ``1.1.0`` (published, the latest), each with a
``Message`` definition and a ``postMessage`` action using it."""
LIBRARY_SHOPIFY_ID = "01J72A2W00E4TVVP8TFBMTF1G9"
"""Shopify (OAuth 2.0 authorization code): version ``2024-07`` (published)."""
LIBRARY_OPEN_METEO_ID = "01J7A19100WW5DFCCHJHTKAKDW"
"""Open-Meteo (no auth): version ``1.0.0`` (published)."""


def _at(day: int) -> datetime:
    return datetime(2024, 9, day, 12, 0, tzinfo=UTC)


def _version(version_id: str, name: str, day: int, *, latest: bool = False, default: bool = False) -> VersionRecord:
    return VersionRecord(
        id=version_id,
        name=name,
        description=f"Public library release {name}",
        is_latest=latest,
        is_default=default,
        created_at=_at(day),
        updated_at=_at(day),
        published_at=_at(day),
    )


def _slack_contents(prefix: str, day: int) -> VersionContents:
    """Slack's chat.postMessage: one definition (the message) used by one action's body and response."""
    message = StoredDefinition(
        id=f"01J6{prefix}000000000000000000D1",
        name="Message",
        accept=["application/json"],
        description="A chat message",
        content_type="application/schema+json",
        document={"type": "object", "properties": {"channel": {"type": "string"}, "text": {"type": "string"}}},
        created_at=_at(day),
        updated_at=_at(day),
    )
    post = StoredChild(
        kind="action",
        id=f"01J6{prefix}000000000000000000A1",
        name="postMessage",
        summary="Post a message",
        method="POST",
        path="/chat.postMessage",
        request_body=StoredBody(
            required=True, links=[StoredLink(id=f"01J6{prefix}000000000000000000K1", definition_id=message.id)]
        ),
        responses=[
            StoredResponse(
                id=f"01J6{prefix}000000000000000000R1",
                status=200,
                links=[StoredLink(id=f"01J6{prefix}000000000000000000K2", definition_id=message.id)],
            )
        ],
        created_at=_at(day),
        updated_at=_at(day),
    )
    return VersionContents(definitions=[message], actions=[post])


def _records() -> list[ConnectorRecord]:
    slack = HTTPConnectorFields(
        id=LIBRARY_SLACK_ID,
        organisation_id=LIBRARY_ORG_ID,
        name="Slack",
        public=True,
        base_url="https://slack.com/api",
        documentation_url="https://api.slack.com/web",
        tags={"vendor": ["slack"]},
        auth_scheme_configs=[
            AuthSchemeConfigRecord.from_body(
                AuthSchemeConfigAPIKey(
                    id="01J6TJWQ00198HGX7G761XAPJ4", description="Bot token", name="Authorization", in_="header"
                )
            )
        ],
        created_at=_at(2),
        updated_at=_at(10),
    )
    slack_versions = [
        _version("01J6X59E00C2SHWEXKW1C5CNRK", "1.0.0", 5, default=True),
        _version("01J6ZQP5009NF47B8ZA7QVEXPZ", "1.1.0", 10, latest=True),
    ]
    shopify = HTTPConnectorFields(
        id=LIBRARY_SHOPIFY_ID,
        organisation_id=LIBRARY_ORG_ID,
        name="Shopify",
        public=True,
        base_url="https://{{ conn.shop }}.myshopify.com/admin/api/2024-07",
        connection_variables=[ConnectionVariable(name="shop", value="example")],
        auth_scheme_configs=[
            AuthSchemeConfigRecord.from_body(
                AuthSchemeConfigOAuth2(
                    id="01J74WFK00TVXEXXAY1TM57RV4",
                    description="Shopify app",
                    authorize_url="https://example.myshopify.com/admin/oauth/authorize",
                    token_url="https://example.myshopify.com/admin/oauth/access_token",
                    scopes=[OAuth2Scope(name="read_products"), OAuth2Scope(name="write_products")],
                    default_scopes=["read_products"],
                    grant=_AuthorizationCode(),
                )
            )
        ],
        created_at=_at(6),
        updated_at=_at(8),
    )
    open_meteo = HTTPConnectorFields(
        id=LIBRARY_OPEN_METEO_ID,
        organisation_id=LIBRARY_ORG_ID,
        name="Open-Meteo",
        public=True,
        base_url="https://api.open-meteo.com/v1",
        auth_scheme_configs=[
            AuthSchemeConfigRecord.from_body(
                AuthSchemeConfigNone(id="01J7CKNR00MR48NT7H9TSAQ939", description="No authentication")
            )
        ],
        created_at=_at(9),
        updated_at=_at(11),
    )
    return [
        ConnectorRecord(
            connector=slack,
            versions=slack_versions,
            categories=[Category.COMMUNICATION],
            contents={v.id: _slack_contents(v.id[4:6], day) for v, day in zip(slack_versions, (5, 10), strict=True)},
        ),
        ConnectorRecord(
            connector=shopify,
            versions=[_version("01J77EWA00N9WTHS2TE792QH34", "2024-07", 8, latest=True)],
            categories=[Category.ECOMMERCE],
        ),
        ConnectorRecord(
            connector=open_meteo,
            versions=[_version("01J7F62F00PYY7FBSB83BQK92J", "1.0.0", 11, latest=True)],
            categories=[Category.PRODUCTIVITY],
        ),
    ]


def library_store() -> MemoryStore:
    """A fresh in-memory store holding the library under :data:`LIBRARY_ORG_ID`."""
    store = MemoryStore()
    for record in _records():
        store.put(record)
    return store
