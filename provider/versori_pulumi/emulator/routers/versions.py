"""Version routes: ListConnectorVersions, CreateConnectorVersion, GetConnectorVersion, UpdateConnectorVersion,
DeleteConnectorVersion, PublishConnector, UnpublishConnector. ``{version}`` is a name, ``latest`` or ``default``."""

from __future__ import annotations

from fastapi import APIRouter, Response

from versori_pulumi.emulator.deps import OrgDep, StoreDep
from versori_pulumi.emulator.pagination import PageQuery
from versori_pulumi.emulator.routing import APIRoute
from versori_pulumi.emulator.services import versions as service
from versori_pulumi.emulator.views import page_view, version_view
from versori_pulumi.models import (
    ConnectorVersion,
    ConnectorVersionCreate,
    ConnectorVersionsPage,
    PublishConnectorResponse,
    UnpublishConnectorResponse,
)

router = APIRouter(
    prefix="/o/{organisation_id}/connectors/{connector_id}/versions", tags=["versions"], route_class=APIRoute
)


@router.get("")
def list_versions(org: OrgDep, store: StoreDep, connector_id: str, page: PageQuery) -> ConnectorVersionsPage:
    result = service.list_page(store, org, connector_id, page)
    return page_view(ConnectorVersionsPage, result, items=[version_view(v) for v in result.items])


@router.post("", status_code=201)
def create_version(org: OrgDep, store: StoreDep, connector_id: str, body: ConnectorVersionCreate) -> ConnectorVersion:
    return version_view(service.create(store, org, connector_id, body))


@router.get("/{version}")
def get_version(org: OrgDep, store: StoreDep, connector_id: str, version: str) -> ConnectorVersion:
    return version_view(service.get(store, org, connector_id, version))


@router.put("/{version}")
def update_version(
    org: OrgDep, store: StoreDep, connector_id: str, version: str, body: ConnectorVersion
) -> ConnectorVersion:
    return version_view(service.update(store, org, connector_id, version, body))


@router.delete("/{version}", status_code=204, response_class=Response)
def delete_version(org: OrgDep, store: StoreDep, connector_id: str, version: str, force: bool = False) -> Response:
    service.delete(store, org, connector_id, version, force=force)
    return Response(status_code=204)


@router.post("/{version}/publish")
def publish_version(org: OrgDep, store: StoreDep, connector_id: str, version: str) -> PublishConnectorResponse:
    return PublishConnectorResponse(version=version_view(service.publish(store, org, connector_id, version)))


@router.post("/{version}/unpublish")
def unpublish_version(org: OrgDep, store: StoreDep, connector_id: str, version: str) -> UnpublishConnectorResponse:
    return UnpublishConnectorResponse(version=version_view(service.unpublish(store, org, connector_id, version)))
