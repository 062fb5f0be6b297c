"""InitialiseOAuth2Connection: the authorize URL a user is sent to, built the way the spec describes.

The emulator adds ``client_id``, ``redirect_uri``, ``response_type=code``, a fresh ``state``, ``scope`` (with
``offline_access`` unless disabled) and ``prompt``; ``additionalParams`` may not repeat any of them (400). The
credential must belong to the organisation and be used by the connector (a connection credential or an OAuth 2.0
grant's ``credentialId``), else 404 (chosen). Nothing is redirected: the callback is not emulated.
"""

from __future__ import annotations

from urllib.parse import parse_qsl, urlencode

from versori_pulumi.emulator.problems import APIProblem
from versori_pulumi.emulator.records import new_id
from versori_pulumi.emulator.services.common import load
from versori_pulumi.emulator.store import Store
from versori_pulumi.models import AuthSchemeConfigOAuth2
from versori_pulumi.models import InitialiseOAuth2ConnectionRequest as InitialiseOAuth2Request
from versori_pulumi.models import InitialiseOAuth2ConnectionResponse as InitialiseOAuth2Response

__all__ = ["InitialiseOAuth2Request", "InitialiseOAuth2Response", "authorize_url"]


def authorize_url(store: Store, org: str, connector_id: str, body: InitialiseOAuth2Request, redirect_uri: str) -> str:
    record = load(store, org, connector_id)
    known = {
        c.credential.id for conn in record.connections for c in [*conn.credentials.action, *conn.credentials.trigger]
    }
    for stored in record.connector.auth_scheme_configs:
        config = stored.settings
        credential_id = (
            getattr(config.grant, "credential_id", None) if isinstance(config, AuthSchemeConfigOAuth2) else None
        )
        if credential_id:
            known.add(str(credential_id))
    if body.credential.organisation_id != org or body.credential.id not in known:
        raise APIProblem(404, f"credential {body.credential.id} not found", field="credential.id")
    scopes = list(body.scopes)
    if not body.disable_offline_access and "offline_access" not in scopes:
        scopes.append("offline_access")
    params = {"client_id": body.client_id, "redirect_uri": redirect_uri, "response_type": "code", "state": new_id()}
    if scopes:
        params["scope"] = " ".join(scopes)
    if body.prompt:
        params["prompt"] = body.prompt
    extra = parse_qsl(body.additional_params or "", keep_blank_values=True)
    for key, _ in extra:
        if key in params:
            raise APIProblem(400, f"additionalParams may not set {key!r}", field="additionalParams")
    separator = "&" if "?" in body.authorize_url else "?"
    return body.authorize_url + separator + urlencode([*params.items(), *extra])
