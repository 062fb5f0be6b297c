"""Connectors: create, read, list and paginate, full-replace update, tags, categories, auth scheme configs, delete."""

from __future__ import annotations

import re
from typing import Any

import httpx

from versori_pulumi.emulator import EmulatorServer

from .builders import (
    API_KEY_ID,
    BASIC_ID,
    api_key_config,
    assert_error,
    basic_config,
    connection_body,
    create_connector,
    create_version,
    fields,
)

RFC3339_Z = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$")
ULID = re.compile(r"^[0-7][0-9A-HJKMNP-TV-Z]{25}$")


def update_body(connector: dict[str, Any], **changes: Any) -> dict[str, Any]:
    body = {k: connector[k] for k in ("id", "organisationId", "name", "protocol", "baseUrl")}
    return {**body, **changes}


def test_create_answers_201_with_the_connector(http: httpx.Client, org: str) -> None:
    created = create_connector(http, org, connectionVariables=[{"name": "region", "value": "eu"}])
    assert ULID.match(created["id"]) and created["organisationId"] == org
    assert created["protocol"] == "http" and created["baseUrl"] == "https://api.acme.test"
    assert created["public"] is False
    assert created["authSchemeConfigs"] == [api_key_config()]
    assert created["connectionVariables"] == [{"name": "region", "value": "eu"}]
    assert created["versions"] == [] and created["connections"] == []  # no initial version
    assert RFC3339_Z.match(created["createdAt"]) and created["createdAt"] == created["updatedAt"]
    # Empty optional fields are left out, as the Go server's omitempty would.
    assert not {"documentationURL", "imageURL", "tags"} & created.keys()
    assert http.get(f"/o/{org}/connectors/{created['id']}").json() == created


def test_create_with_inline_connections(http: httpx.Client, org: str) -> None:
    created = create_connector(http, org, connections=[connection_body("a"), connection_body("b")])
    assert [c["name"] for c in created["connections"]] == ["a", "b"]
    duplicate = http.post(
        f"/o/{org}/protocols/http/connectors",
        json={
            "name": "Dup",
            "baseUrl": "https://d.test",
            "authSchemeConfigs": [],
            "connections": [connection_body()] * 2,
        },
    )
    assert_error(duplicate, 409)
    assert fields(duplicate) == ["connections[1].name"]


def test_names_are_unique_per_organisation(http: httpx.Client, org: str) -> None:
    create_connector(http, org, "Acme")
    taken = http.post(
        f"/o/{org}/protocols/http/connectors",
        json={"name": "Acme", "baseUrl": "https://x.test", "authSchemeConfigs": []},
    )
    assert_error(taken, 409)
    assert fields(taken) == ["name"]
    assert_error(
        http.post(f"/o/{org}/protocols/http/connectors", json={"name": " ", "baseUrl": "x", "authSchemeConfigs": []}),
        400,
    )


def test_repeated_auth_scheme_config_ids_are_400(http: httpx.Client, org: str) -> None:
    body = {"name": "X", "baseUrl": "https://x.test", "authSchemeConfigs": [api_key_config(), basic_config(API_KEY_ID)]}
    response = http.post(f"/o/{org}/protocols/http/connectors", json=body)
    assert_error(response, 400)
    assert fields(response) == ["authSchemeConfigs[1].id"]


def test_bigquery_connector(http: httpx.Client, org: str) -> None:
    response = http.post(
        f"/o/{org}/protocols/bigquery/connectors", json={"name": "BQ", "datasetId": "p.d", "connections": []}
    )
    assert response.status_code == 201
    assert response.json()["protocol"] == "bigquery" and response.json()["datasetId"] == "p.d"


def test_pagination_walks_every_page(http: httpx.Client, org: str) -> None:
    ids = [create_connector(http, org, f"c{i:03}")["id"] for i in range(250)]
    seen: list[str] = []
    pages = []
    cursor: str | None = None
    while True:
        params: dict[str, Any] = {"first": 100, **({"after": cursor} if cursor else {})}
        page = http.get(f"/o/{org}/connectors", params=params).json()
        pages.append(page)
        assert page["totalCount"] == 250
        seen += [c["id"] for c in page["connectors"]]
        if "next" not in page:
            break
        cursor = page["next"]
    assert [len(p["connectors"]) for p in pages] == [100, 100, 50]
    assert "prev" not in pages[0] and "prev" in pages[1] and "prev" in pages[2]
    assert seen == list(reversed(ids))  # most recently updated first

    back = http.get(f"/o/{org}/connectors", params={"first": 100, "before": pages[2]["prev"]}).json()
    assert [c["id"] for c in back["connectors"]] == seen[100:200]


def test_page_size_default_and_clamp(http: httpx.Client, org: str) -> None:
    for i in range(105):
        create_connector(http, org, f"c{i}")
    assert len(http.get(f"/o/{org}/connectors").json()["connectors"]) == 20
    assert len(http.get(f"/o/{org}/connectors", params={"first": 500}).json()["connectors"]) == 100
    assert_error(http.get(f"/o/{org}/connectors", params={"after": "not-a-cursor"}), 400)
    assert_error(http.get(f"/o/{org}/connectors", params={"after": "x", "before": "y"}), 400)


def test_empty_list(http: httpx.Client, org: str) -> None:
    assert http.get(f"/o/{org}/connectors").json() == {"totalCount": 0, "connectors": []}


def test_order_is_most_recently_updated_first(http: httpx.Client, org: str) -> None:
    a, b, c = (create_connector(http, org, n)["id"] for n in "abc")
    assert [x["id"] for x in http.get(f"/o/{org}/connectors").json()["connectors"]] == [c, b, a]
    http.put(f"/o/{org}/connectors/{a}/tags", json={"tags": {"t": ["1"]}})
    assert [x["id"] for x in http.get(f"/o/{org}/connectors").json()["connectors"]] == [a, c, b]


def test_list_filters(http: httpx.Client, org: str) -> None:
    first = create_connector(http, org, "Alpha Shop", tags={"team": ["core", "web"]})
    second = create_connector(http, org, "Beta")
    http.put(f"/o/{org}/connectors/{second['id']}/categories", json={"categories": ["CRM"]})

    def names(**params: Any) -> list[str]:
        return [c["name"] for c in http.get(f"/o/{org}/connectors", params=params).json()["connectors"]]

    assert names(name="shop") == ["Alpha Shop"]
    assert names(protocol="HTTP") == ["Beta", "Alpha Shop"]
    assert names(categories=["CRM", "ERP"]) == ["Beta"]
    assert names(tags="team:web") == ["Alpha Shop"] and names(tags="team") == ["Alpha Shop"]
    assert names(tags="team:mobile") == [] and first["tags"] == {"team": ["core", "web"]}


def test_update_is_a_full_replace(http: httpx.Client, org: str) -> None:
    created = create_connector(
        http, org, tags={"a": ["1"]}, public=True, connectionVariables=[{"name": "v", "value": "1"}]
    )
    url = f"/o/{org}/connectors/{created['id']}"
    full = update_body(
        created,
        name="Renamed",
        documentationURL="https://docs.test",
        imageURL="https://i.test/x.png",
        tags={"b": ["2"]},
        public=True,
    )
    updated = http.put(url, json=full)
    assert updated.status_code == 200
    body = updated.json()
    assert (
        body["name"] == "Renamed" and body["documentationURL"] == "https://docs.test" and body["tags"] == {"b": ["2"]}
    )
    assert body["updatedAt"] > created["updatedAt"]

    minimal = http.put(url, json=update_body(body)).json()
    assert minimal["public"] is False  # omitted public becomes false
    assert not {"documentationURL", "imageURL", "tags"} & minimal.keys()  # omitted: unset / {}
    assert minimal["connectionVariables"] == [{"name": "v", "value": "1"}]  # omitted: kept
    assert minimal["authSchemeConfigs"] == created["authSchemeConfigs"]  # omitted ids: untouched
    cleared = http.put(url, json=update_body(body, connectionVariables=[])).json()
    assert "connectionVariables" not in cleared


def test_update_checks_identity_name_and_config_ids(http: httpx.Client, org: str) -> None:
    created = create_connector(http, org, authSchemeConfigs=[api_key_config(), basic_config()])
    other = create_connector(http, org, "Other")
    url = f"/o/{org}/connectors/{created['id']}"
    assert fields(http.put(url, json=update_body(created, id=other["id"]))) == ["id"]
    assert fields(http.put(url, json=update_body(created, organisationId="x"))) == ["organisationId"]
    assert_error(http.put(url, json=update_body(created, name="Other")), 409)
    for bad in ([API_KEY_ID], [API_KEY_ID, API_KEY_ID], [API_KEY_ID, BASIC_ID, "extra"]):
        assert fields(http.put(url, json=update_body(created, authSchemeConfigIds=bad))) == ["authSchemeConfigIds"]
    reordered = http.put(url, json=update_body(created, authSchemeConfigIds=[BASIC_ID, API_KEY_ID])).json()
    assert [c["id"] for c in reordered["authSchemeConfigs"]] == [BASIC_ID, API_KEY_ID]
    assert_error(http.put(url, json={**update_body(created), "protocol": "bigquery", "datasetId": "a.b"}), 400)


def test_tags_and_categories_are_full_replace_204(http: httpx.Client, org: str) -> None:
    created = create_connector(http, org, tags={"a": ["1"]})
    url = f"/o/{org}/connectors/{created['id']}"
    response = http.put(url + "/tags", json={"tags": {"b": ["2", "3"]}})
    assert response.status_code == 204 and response.content == b""
    assert http.get(url).json()["tags"] == {"b": ["2", "3"]}
    assert http.put(url + "/tags", json={"tags": {}}).status_code == 204
    assert "tags" not in http.get(url).json()

    assert http.put(url + "/categories", json={"categories": ["CRM", "ERP"]}).status_code == 204
    assert "categories" not in http.get(url).json()  # write-only, as in the spec
    assert_error(http.put(url + "/categories", json={"categories": ["Nope"]}), 400)


def test_auth_scheme_config_upsert_and_delete(http: httpx.Client, org: str) -> None:
    created = create_connector(http, org)
    url = f"/o/{org}/connectors/{created['id']}/auth-scheme-configs"
    added = http.put(f"{url}/{BASIC_ID}", json=basic_config())
    assert added.status_code == 200
    assert [c["id"] for c in added.json()["authSchemeConfigs"]] == [API_KEY_ID, BASIC_ID]

    replaced = http.put(f"{url}/{API_KEY_ID}", json=api_key_config(name="Authorization", validationMessages=[]))
    configs = replaced.json()["authSchemeConfigs"]
    assert [c["id"] for c in configs] == [API_KEY_ID, BASIC_ID] and configs[0]["name"] == "Authorization"
    assert "validationMessages" not in configs[0]

    assert fields(http.put(f"{url}/{BASIC_ID}", json=api_key_config())) == ["id"]
    removed = http.delete(f"{url}/{API_KEY_ID}")
    assert removed.status_code == 200 and [c["id"] for c in removed.json()["authSchemeConfigs"]] == [BASIC_ID]
    assert_error(http.delete(f"{url}/{API_KEY_ID}"), 404)


def test_delete_and_its_guards(emu: EmulatorServer, http: httpx.Client, org: str) -> None:
    plain = create_connector(http, org, "Plain")
    response = http.delete(f"/o/{org}/connectors/{plain['id']}")
    assert response.status_code == 204 and response.content == b""
    assert_error(http.get(f"/o/{org}/connectors/{plain['id']}"), 404)
    assert_error(http.delete(f"/o/{org}/connectors/{plain['id']}"), 404)

    published = create_connector(http, org, "Published", connections=[connection_body()])
    create_version(http, org, published["id"], "1.0.0", publish=True)
    url = f"/o/{org}/connectors/{published['id']}"
    assert_error(http.delete(url), 409)
    assert http.delete(url, params={"force": "true"}).status_code == 204
    assert_error(http.get(url), 404)
    assert_error(http.get(url + "/versions/1.0.0"), 404)  # cascaded

    busy = create_connector(http, org, "Busy")
    emu.mark_in_use("connector", busy["id"])
    assert_error(http.delete(f"/o/{org}/connectors/{busy['id']}"), 409)
    emu.mark_in_use("connector", busy["id"], in_use=False)
    assert http.delete(f"/o/{org}/connectors/{busy['id']}").status_code == 204
    assert http.get(f"/o/{org}/connectors").json()["totalCount"] == 0


def test_a_write_that_changes_nothing_leaves_updated_at(http: httpx.Client, org: str) -> None:
    created = create_connector(http, org, tags={"a": ["1"]})
    url = f"/o/{org}/connectors/{created['id']}"
    first = http.put(url, json=update_body(created, tags={"a": ["1"]})).json()
    assert first["updatedAt"] == created["updatedAt"]
    assert http.put(url + "/tags", json={"tags": {"a": ["1"]}}).status_code == 204
    assert http.get(url).json()["updatedAt"] == created["updatedAt"]
