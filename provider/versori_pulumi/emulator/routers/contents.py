"""Version contents routes: GetActions, CreateAction, GetAction, UpdateAction, DeleteAction, the five trigger
twins, GetDefinitions, CreateDefinitions, DeleteDefinitions (a DELETE with a body), GetDefinition,
UpdateDefinition, DeleteDefinition, and GetRawSchema. Children are addressed by name under ``{version}`` (a name,
``latest`` or ``default``)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Body, Query, Response

from versori_pulumi.emulator.contents_views import action_view, definition_view, raw_schema, trigger_view
from versori_pulumi.emulator.deps import ApiBaseDep, OrgDep, StoreDep
from versori_pulumi.emulator.pagination import PageQuery
from versori_pulumi.emulator.problems import APIProblem
from versori_pulumi.emulator.routing import APIRoute
from versori_pulumi.emulator.services import contents as service
from versori_pulumi.emulator.views import page_view
from versori_pulumi.models_contents import (
    ActionHTTP,
    ActionHTTPCreate,
    ActionHTTPUpdate,
    ActionPage,
    Definition,
    DefinitionPage,
    Definitions,
    DefinitionsCreate,
    DefinitionsDelete,
    DefinitionUpdate,
    TriggerHTTP,
    TriggerHTTPCreate,
    TriggerHTTPUpdate,
    TriggerPage,
)

router = APIRouter(tags=["contents"], route_class=APIRoute)

V = "/o/{organisation_id}/connectors/{connector_id}/versions/{version}"
NameQuery = Annotated[str | None, Query()]


# --- actions ---


@router.get(V + "/actions")
def list_actions(
    org: OrgDep,
    store: StoreDep,
    base: ApiBaseDep,
    connector_id: str,
    version: str,
    page: PageQuery,
    name: NameQuery = None,
) -> ActionPage:
    scope = service.reading(store, org, connector_id, version)
    result = service.list_children(scope, "action", page, name)
    return page_view(ActionPage, result, actions=[action_view(base, scope, c) for c in result.items])


@router.post(V + "/actions", status_code=201)
def create_action(
    org: OrgDep, store: StoreDep, base: ApiBaseDep, connector_id: str, version: str, body: ActionHTTPCreate
) -> ActionHTTP:
    with service.writing(store, org, connector_id, version, kind="action") as scope:
        child = service.create_child(scope, "action", body)
    return action_view(base, scope, child)


@router.get(V + "/actions/{action_name}")
def get_action(
    org: OrgDep, store: StoreDep, base: ApiBaseDep, connector_id: str, version: str, action_name: str
) -> ActionHTTP:
    scope = service.reading(store, org, connector_id, version)
    return action_view(base, scope, service.find_child(scope, "action", action_name))


@router.put(V + "/actions/{action_name}")
def update_action(
    org: OrgDep,
    store: StoreDep,
    base: ApiBaseDep,
    connector_id: str,
    version: str,
    action_name: str,
    body: ActionHTTPUpdate,
) -> ActionHTTP:
    with service.writing(store, org, connector_id, version, kind="action") as scope:
        child = service.update_child(scope, "action", action_name, body)
    return action_view(base, scope, child)


@router.delete(V + "/actions/{action_name}", status_code=204, response_class=Response)
def delete_action(org: OrgDep, store: StoreDep, connector_id: str, version: str, action_name: str) -> Response:
    with service.writing(store, org, connector_id, version) as scope:
        service.delete_child(scope, "action", action_name)
    return Response(status_code=204)


# --- triggers ---


@router.get(V + "/triggers")
def list_triggers(
    org: OrgDep,
    store: StoreDep,
    base: ApiBaseDep,
    connector_id: str,
    version: str,
    page: PageQuery,
    name: NameQuery = None,
) -> TriggerPage:
    scope = service.reading(store, org, connector_id, version)
    result = service.list_children(scope, "trigger", page, name)
    return page_view(TriggerPage, result, triggers=[trigger_view(base, scope, c) for c in result.items])


@router.post(V + "/triggers", status_code=201)
def create_trigger(
    org: OrgDep, store: StoreDep, base: ApiBaseDep, connector_id: str, version: str, body: TriggerHTTPCreate
) -> TriggerHTTP:
    with service.writing(store, org, connector_id, version, kind="trigger") as scope:
        child = service.create_child(scope, "trigger", body)
    return trigger_view(base, scope, child)


@router.get(V + "/triggers/{trigger_name}")
def get_trigger(
    org: OrgDep, store: StoreDep, base: ApiBaseDep, connector_id: str, version: str, trigger_name: str
) -> TriggerHTTP:
    scope = service.reading(store, org, connector_id, version)
    return trigger_view(base, scope, service.find_child(scope, "trigger", trigger_name))


@router.put(V + "/triggers/{trigger_name}")
def update_trigger(
    org: OrgDep,
    store: StoreDep,
    base: ApiBaseDep,
    connector_id: str,
    version: str,
    trigger_name: str,
    body: TriggerHTTPUpdate,
) -> TriggerHTTP:
    with service.writing(store, org, connector_id, version, kind="trigger") as scope:
        child = service.update_child(scope, "trigger", trigger_name, body)
    return trigger_view(base, scope, child)


@router.delete(V + "/triggers/{trigger_name}", status_code=204, response_class=Response)
def delete_trigger(org: OrgDep, store: StoreDep, connector_id: str, version: str, trigger_name: str) -> Response:
    with service.writing(store, org, connector_id, version) as scope:
        service.delete_child(scope, "trigger", trigger_name)
    return Response(status_code=204)


# --- definitions ---


@router.get(V + "/definitions")
def list_definitions(
    org: OrgDep,
    store: StoreDep,
    base: ApiBaseDep,
    connector_id: str,
    version: str,
    page: PageQuery,
    name: NameQuery = None,
) -> DefinitionPage:
    scope = service.reading(store, org, connector_id, version)
    result = service.list_definitions(scope, page, name)
    return page_view(DefinitionPage, result, definitions=[definition_view(base, scope, d) for d in result.items])


@router.post(V + "/definitions", status_code=201)
def create_definitions(
    org: OrgDep, store: StoreDep, base: ApiBaseDep, connector_id: str, version: str, body: DefinitionsCreate
) -> Definitions:
    with service.writing(store, org, connector_id, version) as scope:
        made = service.create_definitions(scope, body)
    return Definitions(definitions=[definition_view(base, scope, d) for d in made])


@router.delete(V + "/definitions", status_code=204, response_class=Response)
def delete_definitions(
    org: OrgDep,
    store: StoreDep,
    connector_id: str,
    version: str,
    body: Annotated[DefinitionsDelete, Body()],
    force: bool = False,
) -> Response:
    with service.writing(store, org, connector_id, version) as scope:
        service.delete_definitions(scope, service.select_definitions(scope, body), force=force)
    return Response(status_code=204)


@router.get(V + "/definitions/{definition_name}")
def get_definition(
    org: OrgDep, store: StoreDep, base: ApiBaseDep, connector_id: str, version: str, definition_name: str
) -> Definition:
    scope = service.reading(store, org, connector_id, version)
    return definition_view(base, scope, service.find_definition(scope, definition_name))


@router.put(V + "/definitions/{definition_name}")
def update_definition(
    org: OrgDep,
    store: StoreDep,
    base: ApiBaseDep,
    connector_id: str,
    version: str,
    definition_name: str,
    body: DefinitionUpdate,
) -> Definition:
    with service.writing(store, org, connector_id, version) as scope:
        definition = service.update_definition(scope, definition_name, body)
    return definition_view(base, scope, definition)


@router.delete(V + "/definitions/{definition_name}", status_code=204, response_class=Response)
def delete_definition(
    org: OrgDep, store: StoreDep, connector_id: str, version: str, definition_name: str, force: bool = False
) -> Response:
    with service.writing(store, org, connector_id, version) as scope:
        service.delete_definitions(scope, [service.find_definition(scope, definition_name)], force=force)
    return Response(status_code=204)


# --- raw schemas ---


@router.get("/o/{organisation_id}/schemas/{connector_id}/{version}/{schema_filename}")
def get_raw_schema(
    org: OrgDep, store: StoreDep, base: ApiBaseDep, connector_id: str, version: str, schema_filename: str
) -> Response:
    """The schema at a definition's ``url``; the file name is ``{id}`` or ``{name}``, with or without extension."""
    scope = service.reading(store, org, connector_id, version)
    stem = schema_filename.rsplit(".", 1)[0] if "." in schema_filename else schema_filename
    definition = scope.definition_by_id(stem) or scope.definition_by_name(stem)
    if definition is None:
        raise APIProblem(404, "no definition has this schema file name")
    media_type, content = raw_schema(base, scope, definition)
    return Response(content=content, media_type=media_type)
