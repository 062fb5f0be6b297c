"""Request bodies and small helpers shared by the emulator tests (camelCase, as on the wire)."""

from __future__ import annotations

from typing import Any

import httpx

API_KEY_ID = "01J0000000000000000000000A"
BASIC_ID = "01J0000000000000000000000B"
OAUTH_ID = "01J0000000000000000000000C"


def api_key_config(config_id: str = API_KEY_ID, **extra: Any) -> dict[str, Any]:
    return {
        "id": config_id,
        "schemeType": "api-key",
        "description": "key",
        "name": "X-Api-Key",
        "in": "header",
        **extra,
    }


def basic_config(config_id: str = BASIC_ID) -> dict[str, Any]:
    return {"id": config_id, "schemeType": "basic-auth", "description": "basic"}


def oauth_config(config_id: str = OAUTH_ID) -> dict[str, Any]:
    return {
        "id": config_id,
        "schemeType": "oauth2",
        "description": "oauth",
        "authorizeUrl": "https://auth.test/authorize",
        "tokenUrl": "https://auth.test/token",
        "scopes": [{"name": "read"}],
        "defaultScopes": ["read"],
        "grant": {"grantType": "authorization_code", "clientId": "cid", "clientSecret": "grant-secret"},
    }


def connector_body(name: str = "Acme", **extra: Any) -> dict[str, Any]:
    return {"name": name, "baseUrl": "https://api.acme.test", "authSchemeConfigs": [api_key_config()], **extra}


def credential_item(config: dict[str, Any], ctype: str, data: dict[str, Any], name: str = "cred") -> dict[str, Any]:
    return {"authSchemeConfig": config, "credential": {"name": name, "type": ctype, "data": data}}


def connection_body(name: str = "production", secret: str = "s3cr3t-value", **extra: Any) -> dict[str, Any]:
    return {
        "name": name,
        "credentials": {"action": [credential_item(api_key_config(), "string", {"value": secret})]},
        "variables": [{"name": "region", "value": "eu"}],
        **extra,
    }


def create_connector(http: httpx.Client, org: str, name: str = "Acme", **extra: Any) -> dict[str, Any]:
    response = http.post(f"/o/{org}/protocols/http/connectors", json=connector_body(name, **extra))
    assert response.status_code == 201, response.text
    body: dict[str, Any] = response.json()
    return body


def create_version(
    http: httpx.Client, org: str, connector_id: str, name: str, *, publish: bool = False
) -> dict[str, Any]:
    response = http.post(f"/o/{org}/connectors/{connector_id}/versions", json={"name": name})
    assert response.status_code == 201, response.text
    if publish:
        response = http.post(f"/o/{org}/connectors/{connector_id}/versions/{name}/publish")
        assert response.status_code == 200, response.text
        published: dict[str, Any] = response.json()["version"]
        return published
    body: dict[str, Any] = response.json()
    return body


def fields(response: httpx.Response) -> list[str]:
    """The ``field`` names of an Error body."""
    return [f["field"] for f in response.json().get("fields", [])]


def assert_error(response: httpx.Response, status: int) -> dict[str, Any]:
    """The response is ``status`` with a well-formed Error body (code = status * 1000)."""
    assert response.status_code == status, response.text
    body: dict[str, Any] = response.json()
    assert body["code"] == str(status * 1000) and isinstance(body["message"], str) and body["message"]
    return body
