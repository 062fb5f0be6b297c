"""Read-only catalogue routes: ListCategories (a bare array), ListProtocols and ListAuthSchemes.

The emulator knows the two v1 protocols; ``http`` supports the six scheme types that have an AuthSchemeConfig in
v1, ``bigquery`` a Google service account (chosen, after the AuthSchemeType enum).
"""

from __future__ import annotations

from datetime import UTC, datetime

from fastapi import APIRouter

from versori_pulumi.emulator.deps import OrgDep
from versori_pulumi.emulator.pagination import PageQuery, paginate
from versori_pulumi.emulator.problems import APIProblem
from versori_pulumi.emulator.routing import APIRoute
from versori_pulumi.emulator.views import page_view
from versori_pulumi.models import AuthScheme, AuthSchemePage, Category, Protocol, ProtocolPage

router = APIRouter(tags=["catalog"], route_class=APIRoute)

_EPOCH = datetime(2024, 9, 1, tzinfo=UTC)

PROTOCOLS: list[Protocol] = [
    Protocol(
        id="01J6NE3900QPY6Z2M5HWN1TB4H",
        slug="http",
        name="HTTP",
        description="REST and other HTTP APIs.",
        icon_url="https://platform.versori.com/icons/protocols/http.svg",
    ),
    Protocol(
        id="01J6NE3900Y3F0W4VZ8KXGQ7DA",
        slug="bigquery",
        name="BigQuery",
        description="Google BigQuery datasets.",
        icon_url="https://platform.versori.com/icons/protocols/bigquery.svg",
    ),
]

_SCHEMES: dict[str, list[tuple[str, str, str, str]]] = {
    "http": [
        ("01J6NE3900A1K8ZB7D2W3N4P5Q", "none", "None", "No authentication."),
        ("01J6NE3900B2M9ZC8E3X4P5Q6R", "api-key", "API key", "A key sent in a header, query parameter or cookie."),
        ("01J6NE3900C3N0ZD9F4Y5Q6R7S", "basic-auth", "Basic auth", "A username and password."),
        ("01J6NE3900D4P1ZE0G5Z6R7S8T", "oauth2", "OAuth 2.0", "Tokens from an OAuth 2.0 provider."),
        ("01J6NE3900E5Q2ZF1H6A7S8T9V", "hmac", "HMAC", "Requests signed with a shared secret."),
        ("01J6NE3900F6R3ZG2J7B8T9V0W", "certificate", "Certificate", "Mutual TLS with a client certificate."),
    ],
    "bigquery": [
        ("01J6NE3900G7S4ZH3K8C9V0W1X", "google-service-account", "Google service account", "A service account key."),
    ],
}


@router.get("/categories")
def list_categories() -> list[Category]:
    return list(Category)


@router.get("/o/{organisation_id}/protocols")
def list_protocols(_org: OrgDep, page: PageQuery) -> ProtocolPage:
    result = paginate(PROTOCOLS, page, lambda p: (_EPOCH, p.id))
    return page_view(ProtocolPage, result, protocols=result.items)


@router.get("/o/{organisation_id}/protocols/{protocol_slug}/auth-schemes")
def list_auth_schemes(_org: OrgDep, protocol_slug: str) -> AuthSchemePage:
    """Every scheme of the protocol in one page (the spec declares no paging parameters here)."""
    schemes = _SCHEMES.get(protocol_slug)
    if schemes is None:
        raise APIProblem(404, f"protocol {protocol_slug!r} not found")
    items = [AuthScheme(id=i, type=t, name=n, description=d) for i, t, n, d in schemes]
    return AuthSchemePage(total_count=len(items), items=items)
