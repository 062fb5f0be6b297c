"""BigQuery connectors on the wire: create, the full-replace update with ``datasetId``, and the Google service
account scheme (its configs only on BigQuery connectors, its connections holding a ``binary`` key file)."""

from __future__ import annotations

import base64
import json

import httpx

from .builders import api_key_config, assert_error, connector_body, credential_item, fields

SA_ID = "01J0000000000000000000000G"
SA_CONFIG = {"id": SA_ID, "schemeType": "google-service-account", "description": "service account"}
KEY_FILE = base64.b64encode(json.dumps({"type": "service_account", "private_key": "pk-secret"}).encode()).decode()


def create_bigquery(http: httpx.Client, org: str, name: str = "Warehouse") -> dict[str, object]:
    response = http.post(
        f"/o/{org}/protocols/bigquery/connectors",
        json={"name": name, "datasetId": "acme-data.sales", "connections": []},
    )
    assert response.status_code == 201, response.text
    body: dict[str, object] = response.json()
    return body


def test_service_account_config_and_key_file_connection(http: httpx.Client, org: str) -> None:
    bq = create_bigquery(http, org)
    base = f"/o/{org}/connectors/{bq['id']}"
    upserted = http.put(f"{base}/auth-scheme-configs/{SA_ID}", json=SA_CONFIG)
    assert upserted.status_code == 200 and upserted.json()["authSchemeConfigs"] == [SA_CONFIG]

    body = {
        "name": "analytics",
        "variables": [],
        "credentials": {"action": [credential_item(SA_CONFIG, "binary", {"valueBase64": KEY_FILE})]},
    }
    made = http.post(f"{base}/connections", json=body)
    assert made.status_code == 200, made.text
    credential = made.json()["credentials"]["action"][0]
    assert credential["authSchemeConfig"]["schemeType"] == "google-service-account"
    assert credential["credential"]["type"] == "binary" and KEY_FILE not in made.text  # redacted on read

    wrong = {**body, "name": "wrong", "credentials": {"action": [credential_item(SA_CONFIG, "string", {"value": "k"})]}}
    refused = assert_error(http.post(f"{base}/connections", json=wrong), 400)
    assert "google-service-account" in refused["message"]

    renamed = {
        "id": bq["id"],
        "organisationId": org,
        "name": "Warehouse",
        "protocol": "bigquery",
        "datasetId": "acme-data.v2",
        "authSchemeConfigIds": [SA_ID],
    }
    updated = http.put(base, json=renamed)
    assert updated.status_code == 200 and updated.json()["datasetId"] == "acme-data.v2"
    assert updated.json()["authSchemeConfigs"] == [SA_CONFIG]


def test_service_accounts_are_refused_on_http_connectors(http: httpx.Client, org: str) -> None:
    refused = http.post(
        f"/o/{org}/protocols/http/connectors", json=connector_body(authSchemeConfigs=[api_key_config(), SA_CONFIG])
    )
    assert_error(refused, 400)
    assert fields(refused) == ["authSchemeConfigs[1].schemeType"]

    made = http.post(f"/o/{org}/protocols/http/connectors", json=connector_body())
    assert made.status_code == 201
    upsert = http.put(f"/o/{org}/connectors/{made.json()['id']}/auth-scheme-configs/{SA_ID}", json=SA_CONFIG)
    assert_error(upsert, 400)
    assert http.get(f"/o/{org}/connectors/{made.json()['id']}").json()["authSchemeConfigs"] == [api_key_config()]
