"""Public library routes: ListPublicConnectors (no organisation segment) and ImportPublicConnectorVersion (200
with the new Connector, not a version, per the spec)."""

from __future__ import annotations

from fastapi import APIRouter

from versori_pulumi.emulator.deps import ConnectorFilterDep, LibraryDep, OrgDep, StoreDep
from versori_pulumi.emulator.pagination import PageQuery
from versori_pulumi.emulator.routing import APIRoute
from versori_pulumi.emulator.seed import LIBRARY_ORG_ID
from versori_pulumi.emulator.services import connectors
from versori_pulumi.emulator.services import versions as service
from versori_pulumi.emulator.views import connector_view, page_view
from versori_pulumi.models import Connector, ConnectorPage

router = APIRouter(tags=["library"], route_class=APIRoute)


@router.get("/connectors")
def list_public_connectors(
    library: LibraryDep,
    page: PageQuery,
    keep: ConnectorFilterDep,
) -> ConnectorPage:
    """The seeded library (connectors an organisation marks ``public`` are not listed here: chosen)."""
    result = connectors.list_page(library, LIBRARY_ORG_ID, page, keep)
    return page_view(ConnectorPage, result, connectors=[connector_view(r) for r in result.items])


@router.post("/o/{organisation_id}/connectors/{connector_id}/versions/{version}/library/import")
def import_public_version(
    org: OrgDep, store: StoreDep, library: LibraryDep, connector_id: str, version: str
) -> Connector:
    return connector_view(service.import_public(store, library, org, connector_id, version))
