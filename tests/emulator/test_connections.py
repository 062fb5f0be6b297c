"""Connections: create (200), names, credential/scheme fit, redaction on every read path, update rules, deletes."""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest

from versori_pulumi.emulator import EmulatorServer
from versori_pulumi.models import REDACTED

from .builders import (
    API_KEY_ID,
    OAUTH_ID,
    api_key_config,
    assert_error,
    basic_config,
    connection_body,
    create_connector,
    credential_item,
    fields,
    oauth_config,
)

SECRETS: dict[str, tuple[dict[str, Any], dict[str, Any]]] = {
    "string": (api_key_config(), {"value": "SECRET-string"}),
    "basic-auth": (basic_config(), {"username": "ann", "password": "SECRET-basic"}),
    "certificate": (
        {"id": "01J0000000000000000000000D", "schemeType": "certificate", "description": "mtls"},
        {"certificate": "CERT", "key": "SECRET-key", "ca": "CA"},
    ),
    "oauth2-client": (
        oauth_config(),
        {"clientId": "id", "clientSecret": "SECRET-client", "authorizeUrl": "", "tokenUrl": "https://t.test"},
    ),
    "oauth2-password": (oauth_config(), {"username": "ann", "password": "SECRET-password"}),
    "oauth2-token": (oauth_config(), {"scopes": ["read"], "accessToken": "SECRET-at", "refreshToken": "SECRET-rt"}),
    "binary": (
        {
            "id": "01J0000000000000000000000E",
            "schemeType": "hmac",
            "description": "sig",
            "name": "X-Sig",
            "in": "header",
            "algorithm": "sha256",
            "digestInputs": ["body"],
        },
        {"valueBase64": "U0VDUkVULWJpbmFyeQ=="},
    ),
}


@pytest.fixture
def connector(http: httpx.Client, org: str) -> str:
    """The connections URL of a fresh connector with api-key, basic-auth and oauth2 configs."""
    created = create_connector(http, org, authSchemeConfigs=[api_key_config(), basic_config(), oauth_config()])
    return f"/o/{org}/connectors/{created['id']}/connections"


def test_create_answers_200_and_redacts(http: httpx.Client, connector: str) -> None:
    response = http.post(connector, json=connection_body())
    assert response.status_code == 200  # the spec says 200, not 201
    body = response.json()
    assert body["name"] == "production" and body["variables"] == [{"name": "region", "value": "eu"}]
    (item,) = body["credentials"]["action"]
    assert body["credentials"]["trigger"] == []
    assert item["authSchemeConfig"] == api_key_config()
    assert item["credential"]["type"] == "string" and item["credential"]["name"] == "cred"
    assert item["credential"]["data"] == {"value": REDACTED}
    assert "s3cr3t" not in response.text


@pytest.mark.parametrize("ctype", sorted(SECRETS))
def test_every_read_path_redacts(http: httpx.Client, org: str, connector: str, ctype: str) -> None:
    config, data = SECRETS[ctype]
    body = {"name": "c", "credentials": {"trigger": [credential_item(config, ctype, data)]}, "variables": []}
    created = http.post(connector, json=body)
    assert created.status_code == 200, created.text
    connector_url = connector.removesuffix("/connections")
    reads = [
        created,
        http.get(f"{connector}/{created.json()['id']}"),
        http.get(connector_url),
        http.get(f"/o/{org}/connectors"),
        http.get(connector),
        http.put(f"{connector}/{created.json()['id']}", json={"id": created.json()["id"], "name": "c2"}),
    ]
    for response in reads:
        assert response.status_code == 200
        assert "SECRET" not in response.text and "U0VDUkVU" not in response.text
    data_read = http.get(f"{connector}/{created.json()['id']}").json()["credentials"]["trigger"][0]["credential"][
        "data"
    ]
    assert set(data_read) == set(data)
    assert REDACTED in data_read.values()
    if ctype == "basic-auth":
        assert data_read == {"username": "ann", "password": REDACTED}


def test_oauth2_code_reads_back_as_token(http: httpx.Client, connector: str) -> None:
    body = {
        "name": "oauth",
        "credentials": {
            "action": [credential_item(oauth_config(), "oauth2-code", {"code": "SECRET-code", "state": "s"})]
        },
        "variables": [],
    }
    created = http.post(connector, json=body).json()
    credential = created["credentials"]["action"][0]["credential"]
    assert credential["type"] == "oauth2-token"
    assert credential["data"] == {"scopes": ["read"], "accessToken": REDACTED, "refreshToken": REDACTED}
    assert created["credentials"]["action"][0]["authSchemeConfig"]["grant"]["clientSecret"] == REDACTED


def test_names_are_unique_per_connector(http: httpx.Client, org: str, connector: str) -> None:
    assert http.post(connector, json=connection_body()).status_code == 200
    taken = http.post(connector, json=connection_body())
    assert_error(taken, 409)
    assert fields(taken) == ["name"]
    other = f"/o/{org}/connectors/{create_connector(http, org, 'Other')['id']}/connections"
    assert http.post(other, json=connection_body()).status_code == 200  # another connector: fine


@pytest.mark.parametrize(
    ("config", "ctype", "data"),
    [
        (api_key_config(), "basic-auth", {"username": "u", "password": "p"}),
        (basic_config(), "string", {"value": "v"}),
        (oauth_config(), "string", {"value": "v"}),
        ({"id": "01J0000000000000000000000F", "schemeType": "none", "description": "n"}, "string", {"value": "v"}),
    ],
)
def test_credential_type_must_fit_the_scheme(
    http: httpx.Client, connector: str, config: dict[str, Any], ctype: str, data: dict[str, Any]
) -> None:
    body = {"name": "c", "credentials": {"action": [credential_item(config, ctype, data)]}, "variables": []}
    response = http.post(connector, json=body)
    assert_error(response, 400)
    assert fields(response) == ["credentials.action[0].credential.type"]
    assert http.get(connector).json() == {"totalCount": 0}


def test_list_gives_summaries_and_omits_empty_items(http: httpx.Client, connector: str) -> None:
    assert http.get(connector).json() == {"totalCount": 0}
    created = http.post(connector, json=connection_body()).json()
    page = http.get(connector).json()
    assert page == {"totalCount": 1, "items": [{k: created[k] for k in ("id", "name", "createdAt", "updatedAt")}]}


def test_update_rules(http: httpx.Client, connector: str) -> None:
    body = connection_body()
    body["credentials"]["action"].append(
        credential_item(basic_config(), "basic-auth", {"username": "u", "password": "p"})
    )
    created = http.post(connector, json=body).json()
    url = f"{connector}/{created['id']}"
    key_id, basic_id = (c["id"] for c in created["credentials"]["action"])

    same = http.put(url, json={"id": created["id"], "name": created["name"]}).json()
    assert same == created  # nothing changed, not even updatedAt
    renamed = http.put(url, json={"id": created["id"], "name": "renamed"}).json()
    assert renamed["updatedAt"] > created["updatedAt"]
    assert renamed["name"] == "renamed" and renamed["variables"] == created["variables"]  # left out: kept
    assert renamed["credentials"] == created["credentials"]
    cleared = http.put(url, json={"id": created["id"], "name": "renamed", "variables": []}).json()
    assert cleared["variables"] == []
    replaced = http.put(url, json={"id": created["id"], "name": "renamed", "variables": [{"name": "a", "value": "b"}]})
    assert replaced.json()["variables"] == [{"name": "a", "value": "b"}]

    edited_config = api_key_config(name="Authorization")
    reordered = http.put(
        url,
        json={
            "id": created["id"],
            "name": "renamed",
            "credentials": {
                "action": [{"id": basic_id, "authSchemeConfig": basic_config()}],
                "trigger": [{"id": key_id, "authSchemeConfig": edited_config}],
            },
        },
    ).json()
    assert [c["id"] for c in reordered["credentials"]["action"]] == [basic_id]
    assert reordered["credentials"]["trigger"][0]["authSchemeConfig"]["name"] == "Authorization"
    assert reordered["credentials"]["trigger"][0]["credential"]["data"] == {"value": REDACTED}

    dropped = http.put(
        url,
        json={
            "id": created["id"],
            "name": "renamed",
            "credentials": {"action": [{"id": basic_id, "authSchemeConfig": basic_config()}]},
        },
    )
    assert [c["id"] for c in dropped.json()["credentials"]["action"]] == [basic_id]
    assert dropped.json()["credentials"]["trigger"] == []


def test_update_errors(http: httpx.Client, connector: str) -> None:
    created = http.post(connector, json=connection_body()).json()
    other = http.post(connector, json=connection_body("other")).json()
    url = f"{connector}/{created['id']}"
    key_id = created["credentials"]["action"][0]["id"]
    assert fields(http.put(url, json={"id": other["id"], "name": "x"})) == ["id"]
    assert_error(http.put(url, json={"id": created["id"], "name": "other"}), 409)
    unknown = http.put(
        url,
        json={
            "id": created["id"],
            "name": "x",
            "credentials": {"action": [{"id": other["id"], "authSchemeConfig": api_key_config()}]},
        },
    )
    assert_error(unknown, 400)
    assert fields(unknown) == ["credentials.action[0].id"]
    scheme = http.put(
        url,
        json={
            "id": created["id"],
            "name": "x",
            "credentials": {"action": [{"id": key_id, "authSchemeConfig": basic_config(API_KEY_ID)}]},
        },
    )
    assert_error(scheme, 400)
    assert fields(scheme) == ["credentials.action[0].authSchemeConfig.schemeType"]
    twice = {"id": key_id, "authSchemeConfig": api_key_config()}
    assert fields(
        http.put(url, json={"id": created["id"], "name": "x", "credentials": {"action": [twice, twice]}})
    ) == ["credentials.action[1].id"]
    secret = http.put(
        url, json={"id": created["id"], "name": "x", "credentials": {"action": [{**twice, "credential": {}}]}}
    )
    assert_error(secret, 400)  # secret data cannot be changed here
    assert http.get(url).json()["name"] == "production"  # nothing applied


def test_delete_and_in_use(emu: EmulatorServer, http: httpx.Client, connector: str) -> None:
    created = http.post(connector, json=connection_body()).json()
    url = f"{connector}/{created['id']}"
    emu.mark_in_use("connection", created["id"])
    assert_error(http.delete(url), 412)
    response = http.delete(url, params={"force": "true"})
    assert response.status_code == 204 and response.content == b""
    assert_error(http.get(url), 404)
    assert_error(http.delete(url), 404)
    again = http.post(connector, json=connection_body()).json()
    assert http.delete(f"{connector}/{again['id']}").status_code == 204


def test_stored_secret_is_kept_apart_from_the_read_shape(
    emu: EmulatorServer, http: httpx.Client, connector: str
) -> None:
    """The store keeps every secret as given, but apart from the fields a read shows: a credential's secret data in
    ``secrets``, an OAuth 2.0 grant's client secret in its config record's ``client_secret``. Reads mask both."""
    body = connection_body(secret="kept-in-store")
    client = {"clientId": "c", "clientSecret": "client-in-store", "authorizeUrl": "https://a", "tokenUrl": "https://t"}
    body["credentials"]["trigger"] = [credential_item(oauth_config(), "oauth2-client", client)]
    created = http.post(connector, json=body).json()
    connector_id = connector.split("/")[4]
    upsert = http.put(f"{connector.removesuffix('/connections')}/auth-scheme-configs/{OAUTH_ID}", json=oauth_config())
    assert upsert.status_code == 200, upsert.text
    record = emu.store.get(emu.org_id, connector_id)
    assert record is not None
    string, oauth = record.connections[0].credentials.action[0], record.connections[0].credentials.trigger[0]
    assert string.credential.data == {} and string.credential.secrets["value"].get_secret_value() == "kept-in-store"
    assert oauth.credential.data == {"clientId": "c", "authorizeUrl": "https://a", "tokenUrl": "https://t"}
    assert oauth.credential.secrets["clientSecret"].get_secret_value() == "client-in-store"
    configs = [oauth.auth_scheme_config, *(c for c in record.connector.auth_scheme_configs if c.id == OAUTH_ID)]
    assert [c.id for c in configs] == [OAUTH_ID, OAUTH_ID]
    for config in configs:
        assert config.client_secret is not None and config.client_secret.get_secret_value() == "grant-secret"
        assert getattr(config.settings.grant, "client_secret", "absent") is None
    # No read shape of a record holds a secret; the stored document (what SQLite persists) still does.
    shown = json.dumps(
        [string.credential.shown(), oauth.credential.shown(), *(c.settings.model_dump(mode="json") for c in configs)]
    )
    document = record.model_dump_json()
    for secret in ("kept-in-store", "client-in-store", "grant-secret"):
        assert secret not in shown and secret in document
    assert created["credentials"]["action"][0]["credential"]["data"]["value"] == REDACTED
    assert created["credentials"]["trigger"][0]["credential"]["data"]["clientSecret"] == REDACTED
    assert created["credentials"]["trigger"][0]["authSchemeConfig"]["grant"]["clientSecret"] == REDACTED


def test_oauth2_initialise(http: httpx.Client, org: str, connector: str) -> None:
    created = http.post(connector, json=connection_body()).json()
    credential = created["credentials"]["action"][0]["credential"]
    url = connector.removesuffix("/connections") + "/oauth2/initialise"
    body = {
        "credential": {"id": credential["id"], "organisationId": org},
        "authorizeUrl": "https://auth.test/authorize",
        "clientId": "cid",
        "scopes": ["read"],
        "prompt": "consent",
        "additionalParams": "audience=api",
    }
    response = http.post(url, json=body)
    assert response.status_code == 200
    parts = urlsplit(response.json()["url"])
    query = parse_qs(parts.query)
    assert parts.netloc == "auth.test" and query["client_id"] == ["cid"] and query["response_type"] == ["code"]
    assert query["scope"] == ["read offline_access"] and query["prompt"] == ["consent"] and query["audience"] == ["api"]
    assert query["state"] and query["redirect_uri"]
    assert_error(http.post(url, json={**body, "additionalParams": "state=x"}), 400)
    assert_error(http.post(url, json={**body, "credential": {"id": OAUTH_ID, "organisationId": org}}), 404)
