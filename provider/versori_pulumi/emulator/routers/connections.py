"""Connection routes: ListConnectorConnections, CreateConnectorConnection (200, not 201, per the spec),
GetConnection, UpdateConnection, DeleteConnection. Every body with credentials is redacted."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Response

from versori_pulumi.emulator.deps import OrgDep, StoreDep
from versori_pulumi.emulator.lenient import LenientRoute
from versori_pulumi.emulator.pagination import PageQuery
from versori_pulumi.emulator.services import connections as service
from versori_pulumi.emulator.views import connection_summary_view, connection_view
from versori_pulumi.models import ConnectionCreate, ConnectionUpdate

router = APIRouter(
    prefix="/o/{organisation_id}/connectors/{connector_id}/connections", tags=["connections"], route_class=LenientRoute
)

Json = dict[str, Any]


@router.get("")
def list_connections(org: OrgDep, store: StoreDep, connector_id: str, page: PageQuery) -> Json:
    """Summaries only; ``items`` is left out when empty (spec: optional, skip-pointer)."""
    result = service.list_page(store, org, connector_id, page)
    body = result.info()
    if result.items:
        body["items"] = [connection_summary_view(c) for c in result.items]
    return body


@router.post("")
def create_connection(org: OrgDep, store: StoreDep, connector_id: str, body: ConnectionCreate) -> Json:
    return connection_view(service.create(store, org, connector_id, body))


@router.get("/{connection_id}")
def get_connection(org: OrgDep, store: StoreDep, connector_id: str, connection_id: str) -> Json:
    return connection_view(service.get(store, org, connector_id, connection_id))


@router.put("/{connection_id}")
def update_connection(
    org: OrgDep, store: StoreDep, connector_id: str, connection_id: str, body: ConnectionUpdate
) -> Json:
    return connection_view(service.update(store, org, connector_id, connection_id, body))


@router.delete("/{connection_id}", status_code=204, response_class=Response)
def delete_connection(
    org: OrgDep, store: StoreDep, connector_id: str, connection_id: str, force: bool = False
) -> Response:
    service.delete(store, org, connector_id, connection_id, force=force)
    return Response(status_code=204)
