"""ImportHTTPConnector, ImportHTTPConnectorVersion and GetProtocolUploadURL over loopback HTTP: multipart and by-URL
imports of the fixture documents, the upload URL's rules, bad documents (400 with pointers) and atomicity."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import httpx
import pytest

from versori_pulumi.emulator import EmulatorServer

from .builders import assert_error, create_connector, create_version, fields

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "openapi"
PETSTORE = (FIXTURES / "petstore-3.1.yaml").read_bytes()
BILLING = (FIXTURES / "billing-3.0.json").read_bytes()


def multipart(document: bytes, **metadata: Any) -> dict[str, Any]:
    meta = {"format": "openapi", **metadata}
    return {
        "file": ("openapi.yaml", document, "application/yaml"),
        "metadata": (None, json.dumps(meta), "application/json"),
    }


def _connectors(http: httpx.Client, org: str) -> int:
    total: int = http.get(f"/o/{org}/connectors").json()["totalCount"]
    return total


def test_multipart_import_creates_a_draft_connector_with_its_contents(http: httpx.Client, org: str) -> None:
    response = http.post(f"/o/{org}/protocols/http/import", files=multipart(PETSTORE))
    assert response.status_code == 201, response.text
    result = response.json()
    connector = result["connector"]
    assert (connector["name"], connector["baseUrl"]) == ("Petstore Plus", "https://eu.petstore.example/v2")
    assert connector["documentationURL"] == "https://docs.petstore.example" and connector["public"] is False
    ((version),) = connector["versions"]
    assert (version["name"], version["publishedAt"]) == ("2.1.0", None)
    assert [c["schemeType"] for c in connector["authSchemeConfigs"]] == ["oauth2", "oauth2", "api-key", "api-key"]
    counts = {k: len(result[k]) for k in ("actions", "definitions", "triggers", "messages")}
    assert counts == {"actions": 5, "definitions": 8, "triggers": 1, "messages": 7}
    assert result["messages"][0] == {
        "text": "imported 5 actions, 8 definitions, 1 triggers, 4 auth scheme configs",
        "severity": "info",
    }

    v = f"/o/{org}/connectors/{connector['id']}/versions/2.1.0"
    pet = http.get(v + "/definitions/Pet").json()
    referrers = {(r["type"], r["name"]) for r in pet["referencedBy"]}
    assert {("definition", "Owner"), ("action", "getPet"), ("trigger", "petAdded")} <= referrers
    raw = http.get(pet["url"]).json()
    new_pet = http.get(v + "/definitions/NewPet").json()
    assert raw["allOf"][0] == {"$ref": new_pet["url"]}, "component refs resolve to sibling definitions' URLs"
    get_pet = http.get(v + "/actions/getPet").json()
    assert get_pet["path"] == "/pets/{{ param.petId }}" and "errors" not in get_pet
    assert http.get(v + "/actions/listPets").json()["responses"][0]["definitions"][0]["definition"]["name"] == "PetList"

    again = http.post(f"/o/{org}/protocols/http/import", files=multipart(PETSTORE))
    assert_error(again, 409)
    assert _connectors(http, org) == 1


def test_import_by_url_after_an_upload(emu: EmulatorServer, http: httpx.Client, org: str) -> None:
    signed = http.get(f"/o/{org}/protocols/http/upload-url", params={"content_type": "application/json"}).json()
    assert signed["url"].startswith("gs://versori-emulator-uploads/") and signed["uploadUrl"].startswith(emu.root_url)
    not_yet = http.post(f"/o/{org}/protocols/http/import", json={"schemaURL": signed["url"], "format": "openapi"})
    assert fields(not_yet) == ["schemaURL"]
    wrong_type = httpx.put(signed["uploadUrl"], content=BILLING, headers={"Content-Type": "text/plain"})
    assert wrong_type.status_code == 400
    assert (
        httpx.put(signed["uploadUrl"], content=BILLING, headers={"Content-Type": "application/json"}).status_code == 200
    )
    assert_error(httpx.put(signed["uploadUrl"], content=BILLING, headers={"Content-Type": "application/json"}), 403)

    for url in (signed["url"], signed["uploadUrl"]):
        body = {"schemaURL": url, "format": "openapi", "filetype": "json"}
        response = http.post(f"/o/{org}/protocols/http/import", json=body)
        if url == signed["url"]:
            assert response.status_code == 201, response.text
            assert response.json()["connector"]["name"] == "Billing"
            assert response.json()["connector"]["baseUrl"] == "/api", "relative server kept (no http source URL)"
        else:
            assert_error(response, 409)  # the same document again: the name is taken

    elsewhere = http.post(
        f"/o/{org}/protocols/http/import", json={"schemaURL": "https://specs.example/a.yaml", "format": "openapi"}
    )
    assert fields(elsewhere) == ["schemaURL"]
    assert_error(http.get(f"/o/{org}/protocols/ftp/upload-url"), 404)


def test_import_version_adds_a_version_and_keeps_connector_fields(http: httpx.Client, org: str) -> None:
    connector = create_connector(http, org, "Billing")
    path = f"/o/{org}/connector/{connector['id']}/http/import"
    response = http.post(path, files=multipart(BILLING, version="2.0.0"))
    assert response.status_code == 201, response.text
    result = response.json()
    assert result["connector"]["baseUrl"] == connector["baseUrl"]
    assert [v["name"] for v in result["connector"]["versions"]] == ["2.0.0"]
    assert [a["name"] for a in result["actions"]] == ["post_invoices", "get_invoice"]
    warnings = [m["text"] for m in result["messages"] if m["severity"] == "warning"]
    assert any("baseUrl" in w for w in warnings) and any("basic-auth" in w for w in warnings)
    assert_error(http.post(path, files=multipart(BILLING, version="2.0.0")), 409)
    assert fields(http.post(path, files=multipart(BILLING, version="latest"))) == ["name"]
    assert "metadata.version" in fields(http.post(path, files=multipart(BILLING)))
    assert_error(
        http.post(f"/o/{org}/connector/01J0000000000000000000000Z/http/import", files=multipart(BILLING, version="1")),
        404,
    )
    bq = http.post(f"/o/{org}/protocols/bigquery/connectors", json={"name": "BQ", "connections": []}).json()
    assert_error(http.post(f"/o/{org}/connector/{bq['id']}/http/import", files=multipart(BILLING, version="1")), 400)
    create_version(http, org, connector["id"], "3.0.0", publish=True)
    assert [v["name"] for v in http.get(f"/o/{org}/connectors/{connector['id']}/versions").json()["items"]] == [
        "3.0.0",
        "2.0.0",
    ]


@pytest.mark.parametrize(
    ("name", "pointer"),
    [
        ("swagger-2.0.yaml", "#/swagger"),
        ("dangling-ref.yaml", "#/paths/~1things/get/responses/200/content/application~1json/schema/$ref"),
        ("external-ref.json", "#/paths/~1a/get/responses/200/content/application~1json/schema/$ref"),
        # a missing info.version is only a warning now (the version is named '1'); the map-less content refuses
        ("invalid-structure.yaml", "#/paths/~1a/get/responses/200/content"),
        ("not-yaml.txt", "#"),
        ("openapi-4.yaml", "#/openapi"),
    ],
)
def test_a_bad_document_is_400_with_pointers_and_makes_nothing(
    http: httpx.Client, org: str, name: str, pointer: str
) -> None:
    response = http.post(
        f"/o/{org}/protocols/http/import", files=multipart((FIXTURES / "malformed" / name).read_bytes())
    )
    body = assert_error(response, 400)
    assert body["message"].startswith("import failed: ")
    assert pointer in [d for m in body["messages"] for d in m.get("detail", [])]
    assert all(m["severity"] == "error" for m in body["messages"])
    assert _connectors(http, org) == 0


def test_an_import_failing_half_way_leaves_nothing(http: httpx.Client, org: str) -> None:
    """The document is valid OpenAPI, but its second operation breaks an API rule (a parameter with a blank name):
    the connector, its version and the definitions and action made before it are not kept."""
    doc = {
        "openapi": "3.1.0",
        "info": {"title": "Half", "version": "1.0.0"},
        "paths": {
            "/a": {"get": {"operationId": "a", "responses": {"200": {"description": "ok"}}}},
            "/b": {
                "get": {
                    "operationId": "b",
                    "parameters": [{"name": " ", "in": "query", "schema": {"type": "integer"}}],
                    "responses": {"200": {"description": "ok"}},
                }
            },
        },
        "components": {"schemas": {"Thing": {"type": "object"}}},
    }
    response = http.post(f"/o/{org}/protocols/http/import", files=multipart(json.dumps(doc).encode()))
    body = assert_error(response, 400)
    assert body["messages"][0]["detail"] == ["#/paths/~1b/get", "parameters[0].name"]
    assert _connectors(http, org) == 0
    connector = create_connector(http, org, "Target")
    path = f"/o/{org}/connector/{connector['id']}/http/import"
    assert_error(http.post(path, files=multipart(json.dumps(doc).encode(), version="1")), 400)
    assert http.get(f"/o/{org}/connectors/{connector['id']}/versions").json()["totalCount"] == 0


def test_request_shape_errors(http: httpx.Client, org: str) -> None:
    url = f"/o/{org}/protocols/http/import"
    assert_error(http.post(url, content=b"openapi: 3.1.0", headers={"Content-Type": "text/plain"}), 415)
    assert fields(http.post(url, files={"metadata": (None, "{}", "application/json")})) == ["file"]
    assert fields(http.post(url, files=multipart(PETSTORE, format="postman"))) == ["metadata.format"]
    assert fields(http.post(url, files={**multipart(PETSTORE), "metadata": (None, "{nope", "application/json")})) == [
        "metadata"
    ]
    assert fields(http.post(url, json={"format": "openapi"})) == ["schemaURL"]
    assert fields(http.post(url, json={"schemaURL": "gs://x/y", "format": "openapi", "filetype": "xml"})) == [
        "filetype"
    ]
    assert _connectors(http, org) == 0
