"""The public library: listing without an organisation, importing a version as a private draft copy."""

from __future__ import annotations

import httpx

from versori_pulumi.emulator import LIBRARY_OPEN_METEO_ID, LIBRARY_ORG_ID, LIBRARY_SHOPIFY_ID, LIBRARY_SLACK_ID

from .builders import assert_error


def test_list_public_connectors(http: httpx.Client) -> None:
    page = http.get("/connectors").json()
    assert page["totalCount"] == 3
    assert [c["id"] for c in page["connectors"]] == [LIBRARY_OPEN_METEO_ID, LIBRARY_SLACK_ID, LIBRARY_SHOPIFY_ID]
    slack = page["connectors"][1]
    assert slack["name"] == "Slack" and slack["baseUrl"] == "https://slack.com/api" and slack["public"] is True
    assert slack["organisationId"] == LIBRARY_ORG_ID and slack["authSchemeConfigs"][0]["schemeType"] == "api-key"
    assert [(v["name"], v["isLatest"], v["isDefault"]) for v in slack["versions"]] == [
        ("1.0.0", False, True),
        ("1.1.0", True, False),
    ]
    assert all(v["publishedAt"] for v in slack["versions"])
    assert [c["name"] for c in http.get("/connectors", params={"name": "slack"}).json()["connectors"]] == ["Slack"]
    second = http.get(
        "/connectors", params={"first": 2, "after": http.get("/connectors", params={"first": 2}).json()["next"]}
    )
    assert [c["id"] for c in second.json()["connectors"]] == [LIBRARY_SHOPIFY_ID]


def test_import_creates_a_private_copy_with_one_draft(http: httpx.Client, org: str) -> None:
    response = http.post(f"/o/{org}/connectors/{LIBRARY_SLACK_ID}/versions/1.1.0/library/import")
    assert response.status_code == 200  # a Connector, not a version
    copy = response.json()
    assert copy["id"] != LIBRARY_SLACK_ID and copy["organisationId"] == org
    assert copy["name"] == "Slack" and copy["baseUrl"] == "https://slack.com/api" and copy["public"] is False
    assert copy["tags"] == {"vendor": ["slack"]} and copy["connections"] == []
    (version,) = copy["versions"]
    assert version["name"] == "1.1.0" and version["publishedAt"] is None and not version["isLatest"]
    assert http.get(f"/o/{org}/connectors/{copy['id']}").json() == copy
    assert http.get(f"/o/{org}/connectors").json()["totalCount"] == 1

    again = http.post(f"/o/{org}/connectors/{LIBRARY_SLACK_ID}/versions/1.0.0/library/import")
    assert_error(again, 409)  # the organisation already has a "Slack"


def test_import_resolves_latest_and_default(http: httpx.Client, org: str) -> None:
    latest = http.post(f"/o/{org}/connectors/{LIBRARY_SLACK_ID}/versions/latest/library/import").json()
    assert [v["name"] for v in latest["versions"]] == ["1.1.0"]
    http.delete(f"/o/{org}/connectors/{latest['id']}")
    default = http.post(f"/o/{org}/connectors/{LIBRARY_SLACK_ID}/versions/default/library/import").json()
    assert [v["name"] for v in default["versions"]] == ["1.0.0"]
    shopify = http.post(f"/o/{org}/connectors/{LIBRARY_SHOPIFY_ID}/versions/default/library/import").json()
    assert shopify["connectionVariables"] == [{"name": "shop", "value": "example"}]


def test_import_errors_and_library_is_read_only(http: httpx.Client, org: str) -> None:
    assert_error(http.post(f"/o/{org}/connectors/01J00000000000000000000000/versions/1.0.0/library/import"), 404)
    assert_error(http.post(f"/o/{org}/connectors/{LIBRARY_SLACK_ID}/versions/9.9.9/library/import"), 404)
    assert_error(http.get(f"/o/{org}/connectors/{LIBRARY_SLACK_ID}"), 404)
    assert_error(http.delete(f"/o/{LIBRARY_ORG_ID}/connectors/{LIBRARY_SLACK_ID}"), 404)
    assert http.get("/connectors").json()["totalCount"] == 3
