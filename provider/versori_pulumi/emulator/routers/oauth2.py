"""OAuth 2.0 route: InitialiseOAuth2Connection (200 ``{url}``)."""

from __future__ import annotations

from fastapi import APIRouter, Request

from versori_pulumi.emulator.deps import OrgDep, StoreDep
from versori_pulumi.emulator.routing import APIRoute
from versori_pulumi.emulator.services import oauth2 as service

router = APIRouter(
    prefix="/o/{organisation_id}/connectors/{connector_id}/oauth2", tags=["connections"], route_class=APIRoute
)


@router.post("/initialise")
def initialise_oauth2_connection(
    request: Request, org: OrgDep, store: StoreDep, connector_id: str, body: service.InitialiseOAuth2Request
) -> service.InitialiseOAuth2Response:
    redirect_uri = str(request.base_url).rstrip("/") + "/oauth2/callback"
    return service.InitialiseOAuth2Response(url=service.authorize_url(store, org, connector_id, body, redirect_uri))
