"""Transport rules: bearer key, organisation scoping, and Error bodies for everything that goes wrong."""

from __future__ import annotations

import httpx
import pytest

from versori_pulumi.emulator import EmulatorServer

from .builders import api_key_config, assert_error, connection_body, connector_body, create_connector, fields
from .conftest import client_for


@pytest.mark.parametrize("header", [None, "Bearer wrong-key", "Basic bG9jYWwtZGV2LWtleTo=", "local-dev-key"])
def test_missing_or_wrong_key_is_401(emu: EmulatorServer, header: str | None) -> None:
    headers = {"Authorization": header} if header is not None else {}
    response = httpx.get(f"{emu.base_url}/o/{emu.org_id}/connectors", headers=headers)
    body = assert_error(response, 401)
    assert response.headers["www-authenticate"] == "Bearer"
    assert emu.api_key not in response.text and "fields" not in body


def test_admin_routes_need_the_key_too(emu: EmulatorServer) -> None:
    assert_error(httpx.get(f"{emu.root_url}/_emulator/stats"), 401)
    assert_error(httpx.post(f"{emu.root_url}/_emulator/reset", json={"data": True}), 401)


def test_unauthenticated_bad_body_is_401_not_400(emu: EmulatorServer) -> None:
    with client_for(emu, key="nope") as client:
        assert_error(client.post(f"/o/{emu.org_id}/protocols/http/connectors", json={"bogus": 1}), 401)


def test_other_organisation_is_404(http: httpx.Client, org: str) -> None:
    created = create_connector(http, org)
    assert_error(http.get("/o/someone-else/connectors"), 404)
    assert_error(http.get(f"/o/someone-else/connectors/{created['id']}"), 404)
    assert_error(http.post("/o/someone-else/protocols/http/connectors", json=connector_body("X")), 404)
    assert http.get(f"/o/{org}/connectors").json()["totalCount"] == 1


def test_unknown_route_and_method_answer_error_json(http: httpx.Client, org: str) -> None:
    assert_error(http.get("/no/such/route"), 404)
    assert_error(http.get(f"/o/{org}/connectors/x/versions/1/actions"), 404)
    assert_error(http.patch(f"/o/{org}/connectors"), 405)


def test_unknown_ids_are_404(http: httpx.Client, org: str) -> None:
    missing = "01J00000000000000000000000"
    assert_error(http.get(f"/o/{org}/connectors/{missing}"), 404)
    assert_error(http.get(f"/o/{org}/connectors/{missing}/versions"), 404)
    assert_error(http.delete(f"/o/{org}/connectors/{missing}"), 404)
    connector = create_connector(http, org)
    assert_error(http.get(f"/o/{org}/connectors/{connector['id']}/connections/{missing}"), 404)
    assert_error(http.get(f"/o/{org}/connectors/{connector['id']}/versions/nope"), 404)


def test_validation_error_names_camel_case_dotted_paths(http: httpx.Client, org: str) -> None:
    connector = create_connector(http, org)
    body = connection_body()
    body["credentials"]["action"][0]["credential"]["data"] = {}
    response = http.post(f"/o/{org}/connectors/{connector['id']}/connections", json=body)
    assert_error(response, 400)
    assert fields(response) == ["credentials.action[0].credential.data.value"]


def test_validation_error_skips_union_tags(http: httpx.Client, org: str) -> None:
    config = api_key_config()
    del config["name"]
    response = http.post(f"/o/{org}/protocols/http/connectors", json=connector_body(authSchemeConfigs=[config]))
    assert_error(response, 400)
    assert fields(response) == ["authSchemeConfigs[0].name"]


def test_validation_error_names_unknown_and_missing_fields(http: httpx.Client, org: str) -> None:
    response = http.post(f"/o/{org}/protocols/http/connectors", json={"name": "x", "baseURL": "typo"})
    assert_error(response, 400)
    assert sorted(fields(response)) == ["baseURL", "baseUrl"]


def test_validation_error_for_query_and_body_shape(http: httpx.Client, org: str) -> None:
    assert fields(http.get(f"/o/{org}/connectors", params={"first": 0})) == ["first"]
    bad_json = http.post(
        f"/o/{org}/protocols/http/connectors", content=b"{not json", headers={"Content-Type": "application/json"}
    )
    assert_error(bad_json, 400)
    assert fields(bad_json) == ["body"]
    assert fields(http.post(f"/o/{org}/protocols/http/connectors")) == ["body"]


def test_errors_never_echo_secret_values(http: httpx.Client, org: str) -> None:
    connector = create_connector(http, org)
    body = connection_body(secret="TOP-SECRET-123")
    body["credentials"]["action"][0]["credential"]["data"]["extra"] = "TOP-SECRET-456"
    response = http.post(f"/o/{org}/connectors/{connector['id']}/connections", json=body)
    assert_error(response, 400)
    assert "TOP-SECRET" not in response.text
