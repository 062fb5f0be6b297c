"""Versions: drafts, reserved names, publish/unpublish, the latest/default pointers, immutability, deletes."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from .builders import assert_error, create_connector, create_version, fields


@pytest.fixture
def base(http: httpx.Client, org: str) -> str:
    """The versions URL of a fresh connector."""
    return f"/o/{org}/connectors/{create_connector(http, org)['id']}/versions"


def flags(http: httpx.Client, base: str) -> dict[str, tuple[bool, bool, bool]]:
    """name -> (published, isLatest, isDefault) for every version."""
    items = http.get(base, params={"first": 100}).json()["items"]
    return {v["name"]: (v["publishedAt"] is not None, v["isLatest"], v["isDefault"]) for v in items}


def test_create_is_a_201_draft(http: httpx.Client, base: str) -> None:
    response = http.post(base, json={"name": "1.0.0"})
    assert response.status_code == 201
    body = response.json()
    assert body["name"] == "1.0.0" and body["publishedAt"] is None
    assert body["isLatest"] is False and body["isDefault"] is False
    assert "description" not in body and "messages" not in body
    assert http.get(f"{base}/1.0.0").json() == body


@pytest.mark.parametrize("name", ["latest", "default", "", "   ", "a/b"])
def test_reserved_or_unusable_names_are_400(http: httpx.Client, base: str, name: str) -> None:
    response = http.post(base, json={"name": name})
    assert_error(response, 400)
    assert fields(response) == ["name"]


def test_taken_name_is_409_and_from_version_must_exist(http: httpx.Client, base: str) -> None:
    http.post(base, json={"name": "1.0.0"})
    assert_error(http.post(base, json={"name": "1.0.0"}), 409)
    missing = http.post(base, json={"name": "2.0.0", "fromVersion": "9.9.9"})
    assert_error(missing, 404)
    assert fields(missing) == ["fromVersion"]
    assert http.post(base, json={"name": "2.0.0", "fromVersion": "1.0.0"}).status_code == 201
    assert_error(http.post(base, json={"name": "3.0.0", "fromVersion": "latest"}), 404)  # nothing published


def test_publish_and_unpublish(http: httpx.Client, base: str) -> None:
    http.post(base, json={"name": "1.0.0"})
    published = http.post(f"{base}/1.0.0/publish")
    assert published.status_code == 200
    version = published.json()["version"]
    assert version["publishedAt"] is not None and version["isLatest"] is True
    assert_error(http.post(f"{base}/1.0.0/publish"), 409)

    unpublished = http.post(f"{base}/1.0.0/unpublish")
    assert unpublished.status_code == 200
    assert unpublished.json()["version"]["publishedAt"] is None and unpublished.json()["version"]["isLatest"] is False
    assert_error(http.post(f"{base}/1.0.0/unpublish"), 409)
    assert_error(http.post(f"{base}/nope/publish"), 404)


def test_exactly_one_latest_and_resolution(http: httpx.Client, org: str, base: str) -> None:
    assert_error(http.get(f"{base}/latest"), 404)
    assert_error(http.get(f"{base}/default"), 404)
    connector_id = base.split("/")[-2]
    for name in ("1.0.0", "1.1.0", "2.0.0-draft"):
        create_version(http, org, connector_id, name, publish=name != "2.0.0-draft")
    assert flags(http, base) == {
        "1.0.0": (True, False, False),
        "1.1.0": (True, True, False),
        "2.0.0-draft": (False, False, False),
    }
    assert http.get(f"{base}/latest").json()["name"] == "1.1.0"
    assert http.get(f"{base}/default").json()["name"] == "1.1.0"  # no default marked: falls back to latest

    http.post(f"{base}/1.1.0/unpublish")
    assert http.get(f"{base}/latest").json()["name"] == "1.0.0"
    assert sum(v[1] for v in flags(http, base).values()) == 1


def version_body(http: httpx.Client, url: str, **changes: Any) -> dict[str, Any]:
    return {**http.get(url).json(), **changes}


def test_is_default_only_on_published_and_exclusive(http: httpx.Client, org: str, base: str) -> None:
    connector_id = base.split("/")[-2]
    create_version(http, org, connector_id, "1.0.0", publish=True)
    create_version(http, org, connector_id, "2.0.0", publish=True)
    create_version(http, org, connector_id, "3.0.0")

    draft = http.put(f"{base}/3.0.0", json=version_body(http, f"{base}/3.0.0", isDefault=True))
    assert_error(draft, 400)
    assert fields(draft) == ["isDefault"]

    first = http.put(f"{base}/1.0.0", json=version_body(http, f"{base}/1.0.0", isDefault=True))
    assert first.status_code == 200 and first.json()["isDefault"] is True
    assert http.get(f"{base}/default").json()["name"] == "1.0.0"
    assert http.get(f"{base}/latest").json()["name"] == "2.0.0"

    http.put(f"{base}/2.0.0", json=version_body(http, f"{base}/2.0.0", isDefault=True))
    assert flags(http, base) == {
        "1.0.0": (True, False, False),
        "2.0.0": (True, True, True),
        "3.0.0": (False, False, False),
    }
    # Unpublishing the default clears the mark; default falls back to latest again.
    http.post(f"{base}/2.0.0/unpublish")
    assert flags(http, base)["2.0.0"] == (False, False, False)
    assert http.get(f"{base}/default").json()["name"] == "1.0.0"


def test_published_versions_are_immutable(http: httpx.Client, org: str, base: str) -> None:
    connector_id = base.split("/")[-2]
    create_version(http, org, connector_id, "1.0.0", publish=True)
    url = f"{base}/1.0.0"
    assert_error(http.put(url, json=version_body(http, url, description="changed")), 409)
    assert_error(http.put(url, json=version_body(http, url, name="1.0.1")), 409)
    unchanged = http.put(url, json=version_body(http, url))
    assert unchanged.status_code == 200  # a no-op is fine


def test_read_only_fields_are_400(http: httpx.Client, org: str, base: str) -> None:
    connector_id = base.split("/")[-2]
    create_version(http, org, connector_id, "1.0.0")
    url = f"{base}/1.0.0"
    for field, value in (
        ("id", "01J00000000000000000000000"),
        ("isLatest", True),
        ("publishedAt", "2024-01-01T00:00:00Z"),
    ):
        response = http.put(url, json=version_body(http, url, **{field: value}))
        assert_error(response, 400)
        assert fields(response) == [field]
    ignored = http.put(url, json=version_body(http, url, createdAt="2020-01-01T00:00:00Z", messages=[]))
    assert ignored.status_code == 200 and ignored.json()["createdAt"] != "2020-01-01T00:00:00Z"


def test_draft_edits_and_rename(http: httpx.Client, org: str, base: str) -> None:
    connector_id = base.split("/")[-2]
    create_version(http, org, connector_id, "1.0.0")
    create_version(http, org, connector_id, "taken")
    url = f"{base}/1.0.0"
    described = http.put(url, json=version_body(http, url, description="first"))
    assert described.status_code == 200 and described.json()["description"] == "first"
    assert_error(http.put(url, json=version_body(http, url, name="taken")), 409)
    assert_error(http.put(url, json=version_body(http, url, name="latest")), 400)
    renamed = http.put(url, json=version_body(http, url, name="1.0.1"))
    assert renamed.json()["name"] == "1.0.1" and renamed.json()["updatedAt"] > described.json()["updatedAt"]
    assert_error(http.get(url), 404)
    cleared = http.put(f"{base}/1.0.1", json={k: v for k, v in renamed.json().items() if k != "description"})
    assert "description" not in cleared.json()  # full replace: left out = unset


def test_writes_through_latest_and_default(http: httpx.Client, org: str, base: str) -> None:
    connector_id = base.split("/")[-2]
    create_version(http, org, connector_id, "1.0.0", publish=True)
    marked = http.put(f"{base}/latest", json=version_body(http, f"{base}/latest", isDefault=True))
    assert marked.json()["name"] == "1.0.0" and marked.json()["isDefault"] is True
    assert http.post(f"{base}/default/unpublish").json()["version"]["name"] == "1.0.0"


def test_delete(http: httpx.Client, org: str, base: str) -> None:
    connector_id = base.split("/")[-2]
    create_version(http, org, connector_id, "draft")
    create_version(http, org, connector_id, "1.0.0", publish=True)
    response = http.delete(f"{base}/draft")
    assert response.status_code == 204 and response.content == b""
    assert_error(http.get(f"{base}/draft"), 404)
    assert_error(http.delete(f"{base}/1.0.0"), 409)
    assert http.delete(f"{base}/1.0.0", params={"force": True}).status_code == 204
    assert_error(http.get(f"{base}/latest"), 404)
    assert http.get(base).json() == {"totalCount": 0, "items": []}


def test_list_pagination_and_embedding(http: httpx.Client, org: str, base: str) -> None:
    connector_id = base.split("/")[-2]
    names = [f"v{i}" for i in range(5)]
    for name in names:
        create_version(http, org, connector_id, name)
    page = http.get(base, params={"first": 2}).json()
    assert page["totalCount"] == 5 and [v["name"] for v in page["items"]] == ["v4", "v3"]
    rest = http.get(base, params={"first": 10, "after": page["next"]}).json()
    assert [v["name"] for v in rest["items"]] == ["v2", "v1", "v0"] and "next" not in rest
    embedded = http.get(f"/o/{org}/connectors/{connector_id}").json()["versions"]
    assert [v["name"] for v in embedded] == names  # creation order
