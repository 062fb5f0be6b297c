"""The emulator against the Connect API v1 spec: which operations it serves, and response bodies that validate.

The spec lives outside the repository (``../shared/api/connect-api-v1.yaml`` from the repository root); these tests
skip only when it is missing. Bodies are validated with ``jsonschema`` against each operation's response schema
(``$ref``s resolved into the spec's components). Two adaptations, both for spec quirks (NOTES §10.14, §6.5):
``nullable: true`` (OpenAPI 3.0 style) allows null, and the ``oneOf`` of credential ``data`` variants, which has no
discriminator and cannot be exclusive (basic-auth and oauth2-password data have the same shape), is read as
``anyOf``. ``format: ulid`` is ignored.
"""

from __future__ import annotations

import copy
import re
from collections import defaultdict
from pathlib import Path
from typing import Any

import httpx
import jsonschema
import pytest
import yaml

from versori_pulumi.emulator import BASE_PATH, LIBRARY_SLACK_ID, EmulatorServer
from versori_pulumi.emulator.app import api_operations
from versori_pulumi.emulator.faults import UNMATCHED, RouteTable

from .builders import (
    action_body,
    api_key_config,
    basic_config,
    connection_body,
    connector_body,
    credential_item,
    definition_body,
    oauth_config,
    trigger_body,
)
from .conftest import client_for

SPEC_PATH = Path(__file__).resolve().parents[2].parent / "shared" / "api" / "connect-api-v1.yaml"
pytestmark = pytest.mark.skipif(not SPEC_PATH.exists(), reason=f"spec not found at {SPEC_PATH}")

METHODS = ("get", "put", "post", "delete", "patch")
EXPECTED_SERVED = 48
REQUIRED = {
    ("GET", "/connectors"),
    ("GET", "/o/{organisation_id}/connectors"),
    ("POST", "/o/{organisation_id}/protocols/http/connectors"),
    ("GET", "/o/{organisation_id}/connectors/{connector_id}"),
    ("PUT", "/o/{organisation_id}/connectors/{connector_id}"),
    ("DELETE", "/o/{organisation_id}/connectors/{connector_id}"),
    ("PUT", "/o/{organisation_id}/connectors/{connector_id}/tags"),
    ("PUT", "/o/{organisation_id}/connectors/{connector_id}/categories"),
    ("PUT", "/o/{organisation_id}/connectors/{connector_id}/auth-scheme-configs/{auth_scheme_config_id}"),
    ("DELETE", "/o/{organisation_id}/connectors/{connector_id}/auth-scheme-configs/{auth_scheme_config_id}"),
    ("GET", "/o/{organisation_id}/connectors/{connector_id}/versions"),
    ("POST", "/o/{organisation_id}/connectors/{connector_id}/versions"),
    ("GET", "/o/{organisation_id}/connectors/{connector_id}/versions/{version}"),
    ("PUT", "/o/{organisation_id}/connectors/{connector_id}/versions/{version}"),
    ("DELETE", "/o/{organisation_id}/connectors/{connector_id}/versions/{version}"),
    ("POST", "/o/{organisation_id}/connectors/{connector_id}/versions/{version}/publish"),
    ("POST", "/o/{organisation_id}/connectors/{connector_id}/versions/{version}/unpublish"),
    ("POST", "/o/{organisation_id}/connectors/{connector_id}/versions/{version}/library/import"),
    ("GET", "/o/{organisation_id}/connectors/{connector_id}/connections"),
    ("POST", "/o/{organisation_id}/connectors/{connector_id}/connections"),
    ("GET", "/o/{organisation_id}/connectors/{connector_id}/connections/{connection_id}"),
    ("PUT", "/o/{organisation_id}/connectors/{connector_id}/connections/{connection_id}"),
    ("DELETE", "/o/{organisation_id}/connectors/{connector_id}/connections/{connection_id}"),
}
ERROR_REF = {"$ref": "#/components/schemas/Error"}
RFC3339_Z = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$")


def _adapt(node: Any) -> Any:
    """The spec's schemas with the two documented adaptations applied."""
    if isinstance(node, list):
        return [_adapt(item) for item in node]
    if not isinstance(node, dict):
        return node
    out = {key: _adapt(value) for key, value in node.items()}
    if out.pop("nullable", False) is True and isinstance(out.get("type"), str):
        out["type"] = [out["type"], "null"]
    if "oneOf" in out and "discriminator" not in out:
        out["anyOf"] = out.pop("oneOf")
    return out


@pytest.fixture(scope="module")
def spec() -> dict[str, Any]:
    loaded: dict[str, Any] = yaml.safe_load(SPEC_PATH.read_text())
    return loaded


def spec_operations(spec: dict[str, Any]) -> dict[tuple[str, str], dict[str, Any]]:
    return {
        (method.upper(), path): operation
        for path, item in spec["paths"].items()
        for method, operation in item.items()
        if method in METHODS
    }


def response_validator(
    spec: dict[str, Any], operation: dict[str, Any], status: int
) -> jsonschema.Draft202012Validator | None:
    """A validator for this status's JSON body; None when the status has no body.

    Error statuses the operation does not declare use its ``default`` (the Error schema); DeleteConnector declares
    no error response at all (NOTES §10.3), so its errors are held to the Error schema too.
    """
    responses = operation["responses"]
    response = responses.get(str(status))
    if response is None and status >= 400:
        response = responses.get("default") or {"content": {"application/json": {"schema": ERROR_REF}}}
    if response is None:
        raise AssertionError(f"{operation['operationId']}: status {status} is not declared")
    content = response.get("content", {})
    content = content.get("application/json") or content.get("application/schema+json")
    if content is None:
        return None
    schema = {"allOf": [_adapt(copy.deepcopy(content["schema"]))], "components": _adapt(spec["components"])}
    return jsonschema.Draft202012Validator(schema)


def spec_property_names(node: Any, names: set[str]) -> set[str]:
    if isinstance(node, dict):
        if isinstance(node.get("properties"), dict):
            names.update(node["properties"])
        for value in node.values():
            spec_property_names(value, names)
    elif isinstance(node, list):
        for value in node:
            spec_property_names(value, names)
    return names


def body_keys(body: Any, keys: set[str], timestamps: list[str]) -> set[str]:
    """Every object key in a body (the free-form ``tags`` and credential ``data`` maps excluded)."""
    if isinstance(body, dict):
        for key, value in body.items():
            keys.add(key)
            if key in ("createdAt", "updatedAt", "publishedAt", "expiresAt") and value is not None:
                timestamps.append(value)
            if key not in ("tags",):
                body_keys(value, keys, timestamps)
    elif isinstance(body, list):
        for value in body:
            body_keys(value, keys, timestamps)
    return keys


def test_served_operations_against_the_spec(spec: dict[str, Any]) -> None:
    operations = spec_operations(spec)
    served = set(api_operations())
    assert len(operations) == 48
    assert served - operations.keys() == set(), "serving routes the spec does not have"
    assert REQUIRED <= served
    print(f"\nemulator serves {len(served)} of the spec's {len(operations)} operations")
    for method, path in sorted(operations.keys() - served, key=lambda op: (op[1], op[0])):
        print(f"  not served: {method} {path} ({operations[(method, path)]['operationId']})")
    assert len(served) == EXPECTED_SERVED


def exercise(emu: EmulatorServer) -> list[tuple[str, str, httpx.Response]]:
    """Call every served operation at least once, success and error answers both; returns (method, path, response)."""
    seen: list[tuple[str, str, httpx.Response]] = []
    org = emu.org_id

    def call(http: httpx.Client, method: str, path: str, **kwargs: Any) -> httpx.Response:
        response = http.request(method, path, **kwargs)
        seen.append((method, path, response))
        return response

    with client_for(emu) as http, client_for(emu, key="wrong") as anonymous:
        call(anonymous, "GET", f"/o/{org}/connectors")
        call(http, "GET", "/categories")
        call(http, "GET", "/connectors", params={"first": 2})
        call(http, "GET", f"/o/{org}/protocols")
        call(http, "GET", f"/o/{org}/protocols/http/auth-schemes")
        call(http, "GET", f"/o/{org}/protocols/nope/auth-schemes")
        body = connector_body(
            "Conformance",
            authSchemeConfigs=[api_key_config(), basic_config(), oauth_config()],
            tags={"team": ["a"]},
            connectionVariables=[{"name": "v", "value": "1"}],
            connections=[connection_body("inline")],
        )
        created = call(http, "POST", f"/o/{org}/protocols/http/connectors", json=body).json()
        call(http, "POST", f"/o/{org}/protocols/http/connectors", json=body)  # 409
        call(
            http,
            "POST",
            f"/o/{org}/protocols/bigquery/connectors",
            json={"name": "BQ", "datasetId": "p.d", "connections": []},
        )
        one = f"/o/{org}/connectors/{created['id']}"
        call(http, "GET", f"/o/{org}/connectors")
        call(http, "GET", one)
        update = {k: created[k] for k in ("id", "organisationId", "name", "protocol", "baseUrl")}
        call(http, "PUT", one, json={**update, "documentationURL": "https://docs.test", "imageURL": "https://i.test"})
        call(http, "PUT", one, json={**update, "id": "wrong"})  # 400
        call(http, "PUT", one + "/tags", json={"tags": {"x": ["y"]}})
        call(http, "PUT", one + "/categories", json={"categories": ["CRM"]})
        config = {"id": "01J0000000000000000000000Z", "schemeType": "none", "description": "n"}
        call(http, "PUT", one + "/auth-scheme-configs/01J0000000000000000000000Z", json=config)
        call(http, "DELETE", one + "/auth-scheme-configs/01J0000000000000000000000Z")
        call(http, "DELETE", one + "/auth-scheme-configs/01J0000000000000000000000Z")  # 404

        versions = one + "/versions"
        call(http, "POST", versions, json={"name": "1.0.0"})
        call(http, "POST", versions, json={"name": "latest"})  # 400
        call(http, "GET", versions)
        call(http, "POST", versions + "/1.0.0/publish")
        call(http, "POST", versions, json={"name": "1.1.0", "fromVersion": "latest"})
        call(http, "GET", versions + "/latest")
        version = call(http, "GET", versions + "/1.1.0").json()
        call(http, "PUT", versions + "/1.1.0", json={**version, "description": "next"})
        call(http, "POST", versions + "/1.1.0/publish")
        call(http, "POST", versions + "/1.1.0/unpublish")
        call(http, "DELETE", versions + "/1.0.0")  # 409
        call(http, "DELETE", versions + "/1.1.0")
        call(http, "GET", versions + "/nope")  # 404

        connections = one + "/connections"
        every_type = connection_body("all")
        every_type["credentials"]["trigger"] = [
            credential_item(basic_config(), "basic-auth", {"username": "u", "password": "p"}),
            credential_item(oauth_config(), "oauth2-code", {"code": "c", "state": "s"}),
            credential_item(oauth_config(), "oauth2-password", {"username": "u", "password": "p"}),
        ]
        connection = call(http, "POST", connections, json=every_type).json()
        call(http, "POST", connections, json=every_type)  # 409
        call(http, "GET", connections)
        call(http, "GET", f"{connections}/{connection['id']}")
        call(
            http,
            "PUT",
            f"{connections}/{connection['id']}",
            json={"id": connection["id"], "name": "renamed", "variables": []},
        )
        credential = connection["credentials"]["action"][0]["credential"]
        initialise = {
            "credential": {"id": credential["id"], "organisationId": org},
            "authorizeUrl": "https://a.test",
            "clientId": "c",
        }
        call(http, "POST", one + "/oauth2/initialise", json=initialise)
        emu.mark_in_use("connection", connection["id"])
        call(http, "DELETE", f"{connections}/{connection['id']}")  # 412
        call(http, "DELETE", f"{connections}/{connection['id']}", params={"force": True})

        exercise_contents(call, http, org, created["id"])
        exercise_imports(call, http, org, created["id"])

        call(http, "POST", f"/o/{org}/connectors/{LIBRARY_SLACK_ID}/versions/default/library/import")
        call(http, "DELETE", one)  # 409: published version
        call(http, "DELETE", one, params={"force": True})
        call(http, "GET", one)  # 404
    return seen


def exercise_contents(call: Any, http: httpx.Client, org: str, connector_id: str) -> None:
    """Every version contents operation, success and error answers both."""
    versions = f"/o/{org}/connectors/{connector_id}/versions"
    call(http, "POST", versions, json={"name": "contents"})
    v = f"{versions}/contents"
    pet = {"type": "object", "properties": {"owner": {"$ref": "#/$defs/Owner"}}, "description": "a pet"}
    owner = {"type": "object", "properties": {"pets": {"type": "array", "items": {"$ref": "#/$defs/Pet"}}}}
    made = call(
        http,
        "POST",
        v + "/definitions",
        json={
            "definitions": [
                definition_body("Pet", pet, description="A pet"),
                definition_body("Owner", owner),
                definition_body("Note", {"type": "string"}),
            ]
        },
    ).json()
    call(http, "POST", v + "/definitions", json={"definitions": [definition_body("Pet", pet)]})  # 409
    call(http, "GET", v + "/definitions", params={"name": "o", "first": 1})
    pet_read = call(http, "GET", v + "/definitions/Pet").json()
    call(http, "GET", v + "/definitions/Nope")  # 404
    call(
        http,
        "PUT",
        v + "/definitions/Note",
        json={"id": made["definitions"][2]["id"], "name": "Note", "accept": ["application/json"]},
    )
    call(
        http,
        "PUT",
        v + "/definitions/Note",
        json={"id": "01J0000000000000000000000Z", "name": "Note", "accept": ["application/json"]},
    )
    raw = pet_read["url"].split("/api/connect/v1", 1)[1]
    call(http, "GET", raw)
    call(http, "GET", raw.rsplit("/", 1)[0] + "/missing.json")  # 404
    action = action_body("getPet", response_definitions=[{"definition": {"name": "Pet"}}])
    created = call(http, "POST", v + "/actions", json=action).json()
    call(http, "POST", v + "/actions", json=action)  # 409
    call(http, "GET", v + "/actions", params={"name": "pet"})
    call(http, "GET", v + "/actions/getPet")
    call(http, "PUT", v + "/actions/getPet", json={**created, "summary": "Get a pet"})
    call(http, "PUT", v + "/actions/getPet", json={**created, "id": "01J0000000000000000000000Z"})  # 400
    trigger = trigger_body("petAdded", body_definitions=[{"definition": {"name": "Pet"}}])
    made_trigger = call(http, "POST", v + "/triggers", json=trigger).json()
    call(http, "GET", v + "/triggers")
    call(http, "GET", v + "/triggers/petAdded")
    call(http, "PUT", v + "/triggers/petAdded", json={**made_trigger, "description": "new pets"})
    call(http, "DELETE", v + "/definitions/Pet")  # 412
    call(http, "DELETE", v + "/definitions", json={"names": ["Owner"]})  # 412
    call(http, "DELETE", v + "/definitions", json={})  # 400
    call(http, "DELETE", v + "/triggers/petAdded")
    call(http, "DELETE", v + "/triggers/petAdded")  # 404
    call(http, "DELETE", v + "/actions/getPet")
    call(http, "DELETE", v + "/actions/getPet")  # 404
    call(http, "DELETE", v + "/definitions/Note")
    call(http, "DELETE", v + "/definitions", json={"all": True})


FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "openapi"


def exercise_imports(call: Any, http: httpx.Client, org: str, connector_id: str) -> None:
    """The two imports (multipart and by URL, success and failure) and GetProtocolUploadURL."""
    petstore = (FIXTURES / "petstore-3.1.yaml").read_bytes()
    metadata = (None, '{"format": "openapi"}', "application/json")
    imported = call(
        http, "POST", f"/o/{org}/protocols/http/import", files={"file": ("p.yaml", petstore), "metadata": metadata}
    )
    assert imported.status_code == 201, imported.text
    call(http, "POST", f"/o/{org}/protocols/http/import", files={"file": ("bad.yaml", b"swagger: '2.0'")})  # 400
    call(http, "GET", f"/o/{org}/protocols/nope/upload-url")  # 404
    signed = call(http, "GET", f"/o/{org}/protocols/http/upload-url").json()
    assert httpx.put(signed["uploadUrl"], content=(FIXTURES / "billing-3.0.json").read_bytes()).status_code == 200
    by_url = {"schemaURL": signed["url"], "format": "openapi", "version": "9.0.0"}
    answer = call(http, "POST", f"/o/{org}/connector/{connector_id}/http/import", json=by_url)
    assert answer.status_code == 201, answer.text
    call(http, "POST", f"/o/{org}/connector/{connector_id}/http/import", json=by_url)  # 409: version taken
    call(
        http, "POST", f"/o/{org}/connector/{connector_id}/http/import", json={**by_url, "schemaURL": "https://x.test/a"}
    )


def test_response_bodies_match_the_spec(spec: dict[str, Any], emu: EmulatorServer) -> None:
    operations = spec_operations(spec)
    table = RouteTable(api_operations())
    known_names = spec_property_names(spec["components"], set())
    statuses: dict[tuple[str, str], set[int]] = defaultdict(set)
    problems: list[str] = []
    for method, path, response in exercise(emu):
        key = table.key(method, BASE_PATH + path)
        template = key.split(" ", 1)[1]
        assert template != UNMATCHED, f"{method} {path} matched no route"
        operation = operations[(method, template)]
        statuses[(method, template)].add(response.status_code)
        validator = response_validator(spec, operation, response.status_code)
        if validator is None:
            assert response.content == b"", f"{operation['operationId']} {response.status_code} should have no body"
            continue
        body = response.json()
        for error in validator.iter_errors(body):
            problems.append(f"{operation['operationId']} {response.status_code}: {error.json_path}: {error.message}")
        if operation["operationId"] == "GetRawSchema" and response.status_code == 200:  # free-form keys
            assert response.headers["content-type"] == "application/schema+json"
            continue
        timestamps: list[str] = []
        unknown = (
            body_keys(body, set(), timestamps)
            - known_names
            - {"value", "username", "password", "scopes", "accessToken", "refreshToken"}
        )
        if unknown:
            problems.append(f"{operation['operationId']}: keys not in the spec: {sorted(unknown)}")
        problems += [
            f"{operation['operationId']}: timestamp {t!r} is not RFC 3339 UTC"
            for t in timestamps
            if not RFC3339_Z.match(t)
        ]
    assert problems == []
    assert set(statuses) == set(api_operations()), "every served operation was exercised"
    success = {op: min(codes) for op, codes in statuses.items()}
    assert success[("POST", "/o/{organisation_id}/protocols/http/connectors")] == 201
    assert success[("POST", "/o/{organisation_id}/connectors/{connector_id}/versions")] == 201
    assert success[("POST", "/o/{organisation_id}/connectors/{connector_id}/connections")] == 200
    assert success[("POST", "/o/{organisation_id}/connectors/{connector_id}/versions/{version}/library/import")] == 200
    v = "/o/{organisation_id}/connectors/{connector_id}/versions/{version}"
    for path in ("/actions", "/triggers", "/definitions"):
        assert success[("POST", v + path)] == 201
    assert success[("DELETE", v + "/definitions")] == 204
    assert statuses[("DELETE", v + "/definitions/{definition_name}")] >= {204, 412}
    assert success[("POST", "/o/{organisation_id}/protocols/http/import")] == 201
    assert success[("POST", "/o/{organisation_id}/connector/{connector_id}/http/import")] == 201


def test_validation_can_fail(spec: dict[str, Any]) -> None:
    """The validator is not vacuous: wrong bodies are caught."""
    operations = spec_operations(spec)
    get_connector = operations[("GET", "/o/{organisation_id}/connectors/{connector_id}")]
    validator = response_validator(spec, get_connector, 200)
    assert validator is not None
    good: dict[str, Any] = {
        "id": "01J0000000000000000000000A",
        "organisationId": "org",
        "name": "x",
        "public": False,
        "protocol": "http",
        "baseUrl": "https://x.test",
        "authSchemeConfigs": [],
        "connections": [],
        "versions": [
            {
                "id": "v",
                "name": "1",
                "isLatest": False,
                "isDefault": False,
                "createdAt": "t",
                "updatedAt": "t",
                "publishedAt": None,
            }
        ],
        "createdAt": "2024-01-01T00:00:00Z",
        "updatedAt": "2024-01-01T00:00:00Z",
    }
    assert list(validator.iter_errors(good)) == []
    missing_id = {k: v for k, v in good.items() if k != "id"}
    wrong_protocol = {**good, "protocol": "ftp"}
    bad_version = {**good, "versions": [{**good["versions"][0], "isLatest": "yes"}]}
    empty_credentials = {
        **good,
        "connections": [
            {"id": "c", "name": "n", "credentials": {}, "variables": [], "createdAt": "t", "updatedAt": "t"}
        ],
    }
    for wrong in (missing_id, wrong_protocol, bad_version, empty_credentials):
        assert list(validator.iter_errors(wrong)), wrong
    error_validator = response_validator(spec, get_connector, 404)
    assert error_validator is not None
    assert list(error_validator.iter_errors({"message": "no code"}))
