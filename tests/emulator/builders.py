"""Request bodies and small helpers shared by the emulator tests (camelCase, as on the wire)."""

from __future__ import annotations

import json
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


def definition_body(name: str, schema: Any, accept: list[str] | None = None, **extra: Any) -> dict[str, Any]:
    """A DefinitionsCreateDefinition with a JSON Schema (``#/$defs/{name}`` refs name other definitions)."""
    return {
        "name": name,
        "accept": accept or ["application/json"],
        "schema": {"contentType": "application/schema+json", "content": json.dumps(schema)},
        **extra,
    }


def action_body(
    name: str,
    *,
    path: str = "/pets/{{ param.id }}",
    response_definitions: list[dict[str, Any]] | None = None,
    **extra: Any,
) -> dict[str, Any]:
    """An ActionHTTPCreate: GET ``path`` with an ``id`` path parameter and one 200 response."""
    return {
        "type": "http",
        "name": name,
        "method": "GET",
        "path": path,
        "parameters": [{"name": "id", "in": "path", "required": True, "type": "string"}],
        "responses": [{"status": 200, "definitions": response_definitions or []}],
        **extra,
    }


def trigger_body(name: str, *, body_definitions: list[dict[str, Any]] | None = None, **extra: Any) -> dict[str, Any]:
    """A TriggerHTTPCreate: a POST webhook with a body and a default response."""
    return {
        "type": "http",
        "name": name,
        "method": "POST",
        "parameters": [{"name": "X-Signature", "in": "header", "required": False, "type": "string"}],
        "requestBody": {"required": True, "definitions": body_definitions or []},
        "responses": [{"definitions": []}],
        **extra,
    }


def fields(response: httpx.Response) -> list[str]:
    """The ``field`` names of an Error body."""
    return [f["field"] for f in response.json().get("fields", [])]


def assert_error(response: httpx.Response, status: int) -> dict[str, Any]:
    """The response is ``status`` with a well-formed Error body (code = status * 1000)."""
    assert response.status_code == status, response.text
    body: dict[str, Any] = response.json()
    assert body["code"] == str(status * 1000) and isinstance(body["message"], str) and body["message"]
    return body
