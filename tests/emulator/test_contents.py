"""Version contents over loopback HTTP: actions, triggers and definitions of a version, and every rule on them
(docs/api-behaviour.md, "Version contents")."""

from __future__ import annotations

import json
from typing import Any

import httpx
import pytest

from versori_pulumi.emulator import LIBRARY_SLACK_ID

from .builders import (
    action_body,
    assert_error,
    create_connector,
    create_version,
    definition_body,
    fields,
    trigger_body,
)

PET = {"type": "object", "properties": {"owner": {"$ref": "#/$defs/Owner"}}}
OWNER = {"type": "object", "properties": {"pets": {"type": "array", "items": {"$ref": "#/$defs/Pet"}}}}


@pytest.fixture
def v(http: httpx.Client, org: str) -> str:
    """A draft version ``1.0.0`` of a fresh connector: its path."""
    connector = create_connector(http, org)
    create_version(http, org, connector["id"], "1.0.0")
    return f"/o/{org}/connectors/{connector['id']}/versions/1.0.0"


def _pets(http: httpx.Client, v: str) -> dict[str, dict[str, Any]]:
    response = http.post(
        v + "/definitions", json={"definitions": [definition_body("Pet", PET), definition_body("Owner", OWNER)]}
    )
    assert response.status_code == 201, response.text
    return {d["name"]: d for d in response.json()["definitions"]}


def _version_updated_at(http: httpx.Client, v: str) -> str:
    stamp: str = http.get(v).json()["updatedAt"]
    return stamp


def test_definitions_reference_each_other_and_are_served_at_their_url(http: httpx.Client, v: str) -> None:
    made = _pets(http, v)
    pet, owner = made["Pet"], made["Owner"]
    assert pet["referencedBy"] == [{"type": "definition", "id": owner["id"], "name": "Owner"}]
    raw = http.get(pet["url"])
    assert raw.status_code == 200 and raw.headers["content-type"] == "application/schema+json"
    assert raw.json()["properties"]["owner"] == {"$ref": owner["url"]}
    assert http.get(pet["url"].replace(pet["id"], "Pet")).json() == raw.json(), "by name too"
    # A new definition references an existing one by its URL.
    later = http.post(
        v + "/definitions", json={"definitions": [definition_body("Shop", {"items": {"$ref": pet["url"]}})]}
    )
    assert later.status_code == 201, later.text
    assert {r["name"] for r in http.get(v + "/definitions/Pet").json()["referencedBy"]} == {"Owner", "Shop"}
    page = http.get(v + "/definitions", params={"name": "OW"}).json()
    assert [d["name"] for d in page["definitions"]] == ["Owner"] and page["totalCount"] == 1


@pytest.mark.parametrize(
    ("body", "status", "field"),
    [
        ({"definitions": [definition_body("Bad name", {})]}, 400, "definitions[0].name"),
        ({"definitions": [definition_body("A", {}), definition_body("A", {})]}, 400, "definitions[1].name"),
        ({"definitions": [definition_body("A", {"$ref": "#/$defs/Nope"})]}, 400, "definitions[0].schema.content"),
        ({"definitions": [definition_body("A", {"$ref": "https://elsewhere.test/x.json"})]}, 400, None),
        ({"definitions": [definition_body("A", {}, accept=["text/xml"])]}, 400, "definitions[0].accept"),
        ({"definitions": []}, 400, "definitions"),
    ],
)
def test_bad_definitions_are_refused_and_nothing_is_made(
    http: httpx.Client, v: str, body: dict[str, Any], status: int, field: str | None
) -> None:
    response = http.post(v + "/definitions", json=body)
    assert_error(response, status)
    if field:
        assert field in fields(response)
    assert http.get(v + "/definitions").json()["totalCount"] == 0


def test_bad_schema_content_is_400(http: httpx.Client, v: str) -> None:
    body = {"name": "A", "accept": ["application/json"], "schema": {"contentType": "application/schema+json"}}
    for content, field in (("{not json", "content"), ("[1, 2]", "content")):
        body["schema"]["content"] = content  # type: ignore[index]
        assert fields(http.post(v + "/definitions", json={"definitions": [body]})) == [f"definitions[0].schema.{field}"]
    yaml_body = {
        "name": "Y",
        "accept": ["application/json", "text/yaml"],
        "schema": {"contentType": "application/schema+yaml; charset=utf-8", "content": "type: object\n"},
    }
    made = http.post(v + "/definitions", json={"definitions": [yaml_body]}).json()["definitions"][0]
    assert http.get(made["url"]).json() == {"type": "object"}


def test_names_are_unique_per_kind_and_version(http: httpx.Client, org: str, v: str) -> None:
    _pets(http, v)
    assert_error(http.post(v + "/definitions", json={"definitions": [definition_body("Pet", {})]}), 409)
    assert http.post(v + "/actions", json=action_body("Pet")).status_code == 201
    assert http.post(v + "/triggers", json=trigger_body("Pet")).status_code == 201, "kinds do not clash"
    assert_error(http.post(v + "/actions", json=action_body("Pet")), 409)
    other = v.replace("1.0.0", "2.0.0")
    http.post(v.rsplit("/", 1)[0], json={"name": "2.0.0"})
    assert http.post(other + "/definitions", json={"definitions": [definition_body("Pet", {})]}).status_code == 201


def test_action_crud_links_and_errors(http: httpx.Client, v: str) -> None:
    made = _pets(http, v)
    before = _version_updated_at(http, v)
    body = action_body("getPet", response_definitions=[{"definition": {"name": "Pet"}}])
    created = http.post(v + "/actions", json=body)
    assert created.status_code == 201, created.text
    action = created.json()
    assert "errors" not in action, "validated clean"
    (response,) = action["responses"]
    assert response["status"] == 200 and response["definitions"][0]["definition"]["id"] == made["Pet"]["id"]
    assert _version_updated_at(http, v) > before, "a child write moves the version's updatedAt"
    assert {"type": "action", "id": action["id"], "name": "getPet"} in http.get(v + "/definitions/Pet").json()[
        "referencedBy"
    ]

    # The read shape goes back in as the update body; a rename keeps the id and link ids.
    renamed = http.put(v + "/actions/getPet", json={**action, "name": "fetchPet", "summary": "Fetch"})
    assert renamed.status_code == 200, renamed.text
    assert renamed.json()["id"] == action["id"] and renamed.json()["responses"][0]["id"] == response["id"]
    assert http.get(v + "/actions/getPet").status_code == 404
    stamp = _version_updated_at(http, v)
    same = http.put(v + "/actions/fetchPet", json=renamed.json())
    assert same.json() == renamed.json() and _version_updated_at(http, v) == stamp, "a no-op PUT changes nothing"
    assert_error(http.put(v + "/actions/fetchPet", json={**action, "id": made["Pet"]["id"]}), 400)

    # Soft errors: no responses, a path placeholder without a parameter.
    loose = action_body("loose", path="/x/{{ param.missing }}")
    loose["responses"] = []
    errors = http.post(v + "/actions", json=loose).json()["errors"]
    assert {(e["field"], e["severity"]) for e in errors} >= {("/responses", "error"), ("/path", "error")}
    assert_error(http.post(v.rsplit("/", 1)[0] + "/1.0.0/publish"), 400)
    assert http.delete(v + "/actions/loose").status_code == 204
    assert http.delete(v + "/actions/loose").status_code == 404
    assert http.post(v.rsplit("/", 1)[0] + "/1.0.0/publish").status_code == 200


@pytest.mark.parametrize(
    ("change", "field"),
    [
        (lambda b: b.update(name="has space"), "name"),
        (lambda b: b["responses"].append({"status": 200, "definitions": []}), "responses[1].status"),
        (lambda b: b["responses"].extend([{"definitions": []}, {"definitions": []}]), "responses[2].status"),
        (lambda b: b["parameters"].append(dict(b["parameters"][0])), "parameters[1]"),
        (lambda b: b["parameters"][0].update(type="integer", default=True), "parameters[0].default"),
        (
            lambda b: b["responses"][0]["definitions"].extend([{"definition": {"name": "Pet"}}] * 2),
            "responses[0].definitions[1].definition",
        ),
        (lambda b: b["responses"][0]["definitions"].append({"definition": {"name": "Nope"}}), None),
        (lambda b: b["responses"][0]["definitions"].append({"definition": {"id": "01J0000000000000000000000Z"}}), None),
    ],
)
def test_bad_actions_are_400(http: httpx.Client, v: str, change: Any, field: str | None) -> None:
    _pets(http, v)
    body = action_body("a")
    change(body)
    response = http.post(v + "/actions", json=body)
    assert_error(response, 400)
    if field:
        assert fields(response) == [field]
    assert http.get(v + "/actions").json()["totalCount"] == 0


def test_triggers_have_no_path_and_fit_the_protocol(http: httpx.Client, org: str, v: str) -> None:
    _pets(http, v)
    made = http.post(v + "/triggers", json=trigger_body("petAdded", body_definitions=[{"definition": {"name": "Pet"}}]))
    assert made.status_code == 201, made.text
    trigger = made.json()
    assert "path" not in trigger and trigger["requestBody"]["definitions"][0]["definition"]["name"] == "Pet"
    bad = trigger_body("t")
    bad["parameters"] = [{"name": "id", "in": "path", "required": True, "type": "string"}]
    assert_error(http.post(v + "/triggers", json=bad), 400)
    updated = http.put(v + "/triggers/petAdded", json={**trigger, "description": "d"})
    assert updated.json()["description"] == "d"
    assert [t["name"] for t in http.get(v + "/triggers").json()["triggers"]] == ["petAdded"]

    response = http.post(f"/o/{org}/protocols/bigquery/connectors", json={"name": "BQ", "connections": []})
    bq = response.json()["id"]
    create_version(http, org, bq, "1")
    bq_v = f"/o/{org}/connectors/{bq}/versions/1"
    assert_error(http.post(bq_v + "/actions", json=action_body("a")), 400)
    assert_error(http.post(bq_v + "/triggers", json=trigger_body("t")), 400)
    assert http.post(bq_v + "/definitions", json={"definitions": [definition_body("Row", {})]}).status_code == 201


def test_referenced_deletes_are_412_unless_forced(http: httpx.Client, v: str) -> None:
    made = _pets(http, v)
    http.post(v + "/actions", json=action_body("getPet", response_definitions=[{"definition": {"name": "Owner"}}]))
    refused = http.delete(v + "/definitions/Pet")
    body = assert_error(refused, 412)
    assert body["definition"]["name"] == "Pet" and body["definition"]["referencedBy"][0]["name"] == "Owner"
    # Deleting both together is fine as far as they reference each other, but the action still links Owner.
    both = http.request("DELETE", v + "/definitions", json={"names": ["Pet", "Owner"]})
    assert assert_error(both, 412)["definition"]["referencedBy"] == [
        {"type": "action", "id": http.get(v + "/actions/getPet").json()["id"], "name": "getPet"}
    ]
    assert http.get(v + "/definitions").json()["totalCount"] == 2, "nothing deleted"
    forced = http.request("DELETE", v + "/definitions", params={"force": "true"}, json={"ids": [made["Owner"]["id"]]})
    assert forced.status_code == 204
    action = http.get(v + "/actions/getPet").json()
    assert action["responses"][0]["definitions"] == [] and action["errors"][0]["field"] == "/responses/0/definitions/0"
    assert http.get(v + "/definitions/Pet").json().get("referencedBy") is None
    assert_error(http.post(v.rsplit("/", 1)[0] + "/1.0.0/publish"), 400)


@pytest.mark.parametrize(
    ("body", "status"),
    [({}, 400), ({"all": False}, 400), ({"all": True, "names": ["Pet"]}, 400), ({"names": ["Nope"]}, 404)],
)
def test_bulk_delete_body_rules(http: httpx.Client, v: str, body: dict[str, Any], status: int) -> None:
    _pets(http, v)
    assert_error(http.request("DELETE", v + "/definitions", json=body), status)
    assert http.get(v + "/definitions").json()["totalCount"] == 2


def test_bulk_delete_by_id_and_name_and_all(http: httpx.Client, v: str) -> None:
    made = _pets(http, v)
    same_twice = {"ids": [made["Pet"]["id"]], "names": ["Pet"]}
    assert_error(http.request("DELETE", v + "/definitions", json=same_twice), 400)
    union = {"ids": [made["Pet"]["id"]], "names": ["Owner"]}
    assert http.request("DELETE", v + "/definitions", json=union).status_code == 204
    _pets(http, v)
    assert http.request("DELETE", v + "/definitions", json={"all": True}).status_code == 204
    assert http.get(v + "/definitions").json() == {"totalCount": 0, "definitions": []}


def test_update_definition(http: httpx.Client, v: str) -> None:
    made = _pets(http, v)
    pet = made["Pet"]
    schema = {"contentType": "application/schema+json", "content": json.dumps({"$ref": "#/$defs/Owner"})}
    body = {"id": pet["id"], "name": "Animal", "accept": ["application/json"], "schema": schema}
    updated = http.put(v + "/definitions/Pet", json=body)
    assert updated.status_code == 200, updated.text
    assert updated.json()["name"] == "Animal" and updated.json()["url"] == pet["url"], "urls are id-based"
    assert http.get(pet["url"]).json() == {"$ref": made["Owner"]["url"]}
    assert_error(http.put(v + "/definitions/Animal", json={**body, "name": "Owner"}), 409)
    assert_error(http.put(v + "/definitions/Animal", json={**body, "id": made["Owner"]["id"]}), 400)
    assert_error(http.put(v + "/definitions/Nope", json=body), 404)
    assert fields(http.put(v + "/definitions/Animal", json={**body, "accept": ["text/xml"]})) == ["accept"]
    broken = {**body, "schema": {"contentType": "application/schema+json", "content": "{"}}
    assert fields(http.put(v + "/definitions/Animal", json=broken)) == ["schema.content"]
    dangling = {**body, "schema": {"contentType": "application/schema+json", "content": '{"$ref": "#/$defs/Gone"}'}}
    assert fields(http.put(v + "/definitions/Animal", json=dangling)) == ["schema.content"]


def test_published_versions_are_frozen_and_latest_reads(http: httpx.Client, v: str) -> None:
    _pets(http, v)
    http.post(v + "/actions", json=action_body("getPet"))
    assert http.post(v + "/publish").status_code == 200
    for method, path, body in (
        ("POST", "/actions", action_body("other")),
        ("DELETE", "/actions/getPet", None),
        ("POST", "/definitions", {"definitions": [definition_body("X", {})]}),
        ("DELETE", "/definitions", {"all": True}),
        ("POST", "/triggers", trigger_body("t")),
    ):
        assert_error(http.request(method, v + path, json=body), 409)
    latest = v.replace("/1.0.0", "/latest")
    assert [a["name"] for a in http.get(latest + "/actions").json()["actions"]] == ["getPet"]
    assert_error(http.post(latest + "/actions", json=action_body("x")), 409)


def test_from_version_copies_children_with_new_ids(http: httpx.Client, org: str, v: str) -> None:
    made = _pets(http, v)
    http.post(v + "/actions", json=action_body("getPet", response_definitions=[{"definition": {"name": "Pet"}}]))
    versions = v.rsplit("/", 1)[0]
    assert http.post(versions, json={"name": "2.0.0", "fromVersion": "1.0.0"}).status_code == 201
    copy = versions + "/2.0.0"
    pet2 = http.get(copy + "/definitions/Pet").json()
    assert pet2["id"] != made["Pet"]["id"] and "/2.0.0/" in pet2["url"]
    owner2 = http.get(copy + "/definitions/Owner").json()
    assert http.get(pet2["url"]).json()["properties"]["owner"] == {"$ref": owner2["url"]}, "refs remapped"
    action2 = http.get(copy + "/actions/getPet").json()
    assert action2["responses"][0]["definitions"][0]["definition"]["id"] == pet2["id"]
    http.delete(copy + "/actions/getPet")
    assert http.get(v + "/actions/getPet").status_code == 200, "the copy is independent"


def test_library_import_copies_the_version_contents(http: httpx.Client, org: str) -> None:
    imported = http.post(f"/o/{org}/connectors/{LIBRARY_SLACK_ID}/versions/latest/library/import").json()
    draft = f"/o/{org}/connectors/{imported['id']}/versions/1.1.0"
    (action,) = http.get(draft + "/actions").json()["actions"]
    assert (
        action["name"] == "postMessage" and action["requestBody"]["definitions"][0]["definition"]["name"] == "Message"
    )
    assert http.post(draft + "/actions", json=action_body("extra")).status_code == 201, "the copy is a draft"


def test_unknown_connector_version_and_org(http: httpx.Client, org: str, v: str) -> None:
    assert_error(http.get(f"/o/{org}/connectors/01J0000000000000000000000Z/versions/1/actions"), 404)
    assert_error(http.get(v.replace("1.0.0", "9.9.9") + "/definitions"), 404)
    assert_error(http.get(v.replace(org, "other-org") + "/triggers"), 404)
