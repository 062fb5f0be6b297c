"""Connector routes: ListConnectors, CreateHTTPConnector, CreateBigQueryConnector, GetConnector, UpdateConnector,
DeleteConnector, UpdateConnectorTags, UpdateConnectorCategories, UpsertAuthSchemeConfig, DeleteAuthSchemeConfig."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Body, Response

from versori_pulumi.emulator.deps import ConnectorFilterDep, OrgDep, StoreDep
from versori_pulumi.emulator.pagination import PageQuery
from versori_pulumi.emulator.routing import APIRoute
from versori_pulumi.emulator.services import connectors as service
from versori_pulumi.emulator.services.common import load
from versori_pulumi.emulator.views import connector_view, page_view
from versori_pulumi.models import (
    AuthSchemeConfig,
    BigQueryConnectorCreate,
    CategoriesUpdate,
    Connector,
    ConnectorPage,
    ConnectorUpdate,
    HTTPConnectorCreate,
    TagsUpdate,
)

router = APIRouter(prefix="/o/{organisation_id}", tags=["connectors"], route_class=APIRoute)

ONE = "/connectors/{connector_id}"


@router.get("/connectors")
def list_connectors(
    org: OrgDep,
    store: StoreDep,
    page: PageQuery,
    keep: ConnectorFilterDep,
) -> ConnectorPage:
    result = service.list_page(store, org, page, keep)
    return page_view(ConnectorPage, result, connectors=[connector_view(r) for r in result.items])


@router.post("/protocols/http/connectors", status_code=201)
def create_http_connector(org: OrgDep, store: StoreDep, body: HTTPConnectorCreate) -> Connector:
    return connector_view(service.create_http(store, org, body))


@router.post("/protocols/bigquery/connectors", status_code=201)
def create_bigquery_connector(org: OrgDep, store: StoreDep, body: BigQueryConnectorCreate) -> Connector:
    return connector_view(service.create_bigquery(store, org, body))


@router.get(ONE)
def get_connector(org: OrgDep, store: StoreDep, connector_id: str) -> Connector:
    return connector_view(load(store, org, connector_id))


@router.put(ONE)
def update_connector(
    org: OrgDep, store: StoreDep, connector_id: str, body: Annotated[ConnectorUpdate, Body()]
) -> Connector:
    return connector_view(service.update(store, org, connector_id, body))


@router.delete(ONE, status_code=204, response_class=Response)
def delete_connector(org: OrgDep, store: StoreDep, connector_id: str, force: bool = False) -> Response:
    service.delete(store, org, connector_id, force=force)
    return Response(status_code=204)


@router.put(ONE + "/tags", status_code=204, response_class=Response)
def update_tags(org: OrgDep, store: StoreDep, connector_id: str, body: TagsUpdate) -> Response:
    service.set_tags(store, org, connector_id, body.tags)
    return Response(status_code=204)


@router.put(ONE + "/categories", status_code=204, response_class=Response)
def update_categories(org: OrgDep, store: StoreDep, connector_id: str, body: CategoriesUpdate) -> Response:
    service.set_categories(store, org, connector_id, body.categories)
    return Response(status_code=204)


@router.put(ONE + "/auth-scheme-configs/{auth_scheme_config_id}")
def upsert_auth_scheme_config(
    org: OrgDep,
    store: StoreDep,
    connector_id: str,
    auth_scheme_config_id: str,
    body: Annotated[AuthSchemeConfig, Body()],
) -> Connector:
    return connector_view(service.upsert_auth_scheme_config(store, org, connector_id, auth_scheme_config_id, body))


@router.delete(ONE + "/auth-scheme-configs/{auth_scheme_config_id}")
def delete_auth_scheme_config(org: OrgDep, store: StoreDep, connector_id: str, auth_scheme_config_id: str) -> Connector:
    return connector_view(service.delete_auth_scheme_config(store, org, connector_id, auth_scheme_config_id))
