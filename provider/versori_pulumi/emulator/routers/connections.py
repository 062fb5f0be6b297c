"""Connection routes: ListConnectorConnections, CreateConnectorConnection (200, not 201, per the spec),
GetConnection, UpdateConnection, DeleteConnection. Every body with credentials is redacted."""

from __future__ import annotations

from fastapi import APIRouter, Response

from versori_pulumi.emulator.deps import OrgDep, StoreDep
from versori_pulumi.emulator.pagination import PageQuery
from versori_pulumi.emulator.routing import APIRoute
from versori_pulumi.emulator.services import connections as service
from versori_pulumi.emulator.views import connection_summary_view, connection_view, page_view
from versori_pulumi.models import Connection, ConnectionCreate, ConnectionUpdate, ConnectorConnectionPage

router = APIRouter(
    prefix="/o/{organisation_id}/connectors/{connector_id}/connections", tags=["connections"], route_class=APIRoute
)


@router.get("")
def list_connections(org: OrgDep, store: StoreDep, connector_id: str, page: PageQuery) -> ConnectorConnectionPage:
    """Summaries only; ``items`` is left out when empty (spec: optional, skip-pointer)."""
    result = service.list_page(store, org, connector_id, page)
    items = {"items": [connection_summary_view(c) for c in result.items]} if result.items else {}
    return page_view(ConnectorConnectionPage, result, **items)


@router.post("")
def create_connection(org: OrgDep, store: StoreDep, connector_id: str, body: ConnectionCreate) -> Connection:
    return connection_view(service.create(store, org, connector_id, body))


@router.get("/{connection_id}")
def get_connection(org: OrgDep, store: StoreDep, connector_id: str, connection_id: str) -> Connection:
    return connection_view(service.get(store, org, connector_id, connection_id))


@router.put("/{connection_id}")
def update_connection(
    org: OrgDep, store: StoreDep, connector_id: str, connection_id: str, body: ConnectionUpdate
) -> Connection:
    return connection_view(service.update(store, org, connector_id, connection_id, body))


@router.delete("/{connection_id}", status_code=204, response_class=Response)
def delete_connection(
    org: OrgDep, store: StoreDep, connector_id: str, connection_id: str, force: bool = False
) -> Response:
    service.delete(store, org, connector_id, connection_id, force=force)
    return Response(status_code=204)
