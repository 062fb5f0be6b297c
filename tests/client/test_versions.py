"""ConnectClient's version methods: every endpoint over httpx.MockTransport, guards, lazy paging, and end to end
against the emulator."""

from __future__ import annotations

import pytest

from client_fakes import (
    Router,
    client,
    error,
    no_content,
    ok,
    version,
)
from versori_pulumi import errors
from versori_pulumi.client import ConnectClient
from versori_pulumi.models import (
    ConnectorVersion,
    ConnectorVersionCreate,
)

from ._helpers import (
    OP,
    Call,
    Endpoint,
    EndpointCase,
    check_endpoint,
    check_refused_before_any_request,
    endpoint_cases,
    http_create,
    paged,
)

# --- every endpoint: method, path, query, body, parsed result ---

VERSION = ConnectorVersion.model_validate(version("v1"))


ENDPOINTS: list[Endpoint] = [
    (
        "get_version",
        lambda c: c.get_version("c1", "latest"),
        "GET",
        f"{OP}/connectors/c1/versions/latest",
        {},
        None,
        ok(version("v1", True)),
        ConnectorVersion,
    ),
    (
        "create_version",
        lambda c: c.create_version("c1", ConnectorVersionCreate(name="v2", from_version="v1")),
        "POST",
        f"{OP}/connectors/c1/versions",
        {},
        {"name": "v2", "fromVersion": "v1"},
        ok(version("v2"), 201),
        ConnectorVersion,
    ),
    (
        "update_version",
        lambda c: c.update_version("c1", "v1", VERSION.model_copy(update={"description": "d"})),
        "PUT",
        f"{OP}/connectors/c1/versions/v1",
        {},
        {
            "id": "ver-v1",
            "name": "v1",
            "description": "d",
            "isLatest": False,
            "isDefault": False,
            "createdAt": "2025-01-02T03:04:05Z",
            "updatedAt": "2025-01-02T03:04:05Z",
            "publishedAt": None,
        },
        ok(version("v1", description="d")),
        ConnectorVersion,
    ),
    (
        "delete_version",
        lambda c: c.delete_version("c1", "v1", force=True),
        "DELETE",
        f"{OP}/connectors/c1/versions/v1",
        {"force": "true"},
        None,
        no_content(),
        type(None),
    ),
    (
        "publish_version",
        lambda c: c.publish_version("c1", "v1"),
        "POST",
        f"{OP}/connectors/c1/versions/v1/publish",
        {},
        None,
        ok({"version": version("v1", True)}),
        ConnectorVersion,
    ),
    (
        "unpublish_version",
        lambda c: c.unpublish_version("c1", "v1"),
        "POST",
        f"{OP}/connectors/c1/versions/v1/unpublish",
        {},
        None,
        ok({"version": version("v1")}),
        ConnectorVersion,
    ),
]


@pytest.mark.parametrize("case", endpoint_cases(ENDPOINTS))
def test_endpoint(case: EndpointCase) -> None:
    check_endpoint(case)


# --- empty ids ---

EMPTY_ID_CALLS: list[Call] = [
    lambda c: c.list_versions(""),
    lambda c: c.get_version("c1", ""),
    lambda c: c.get_version("", "v1"),
    lambda c: c.create_version("", ConnectorVersionCreate(name="v1")),
    lambda c: c.create_version("c1", ConnectorVersionCreate(name="")),
    lambda c: c.update_version("c1", "", VERSION),
    lambda c: c.delete_version("", "v1"),
    lambda c: c.publish_version("c1", ""),
    lambda c: c.unpublish_version("", "v1"),
]


@pytest.mark.parametrize("call", EMPTY_ID_CALLS)
def test_empty_ids_and_names_are_refused_before_any_request(call: Call) -> None:
    check_refused_before_any_request(call)


def test_find_version_is_none_when_the_version_or_its_connector_is_missing() -> None:
    """The finder a lost create_version is settled with, and the registry's version kinds use."""
    router = (
        Router()
        .on("GET", rf"{OP}/connectors/c1/versions/v1", ok(version("v1")))
        .on("GET", rf"{OP}/connectors/c1/versions/v2", error(404))
        .on("GET", rf"{OP}/connectors/c1/versions/v3", error(403))
    )
    with client(router) as api:
        assert api.find_version("c1", "v1") == VERSION
        assert api.find_version("c1", "v2") is None
        assert api.find_version("gone", "v1") is None  # the connector's 404
        with pytest.raises(errors.ForbiddenError):  # any other answer is raised
            api.find_version("c1", "v3")


def test_path_segments_are_quoted() -> None:
    router = Router().on("GET", r".*", ok(version("a/b c")))
    with client(router) as api:
        api.get_version("c/1?x", "a/b c")
    assert router.requests[0].url.raw_path == f"/api/connect/v1{OP}/connectors/c%2F1%3Fx/versions/a%2Fb%20c".encode()


def test_listings_are_lazy_and_follow_cursors() -> None:
    items = [version(f"v{i}") for i in range(5)]
    router = Router().on("GET", rf"{OP}/connectors/c1/versions", paged("items", items))
    with client(router) as api:
        versions = api.list_versions("c1", page_size=2)
        assert api.request_count == 0
        assert next(versions).name == "v0"
        assert api.request_count == 1
        assert [v.name for v in versions] == ["v1", "v2", "v3", "v4"]
        assert api.request_count == 3


# --- against the emulator ---


def test_versions_end_to_end(api: ConnectClient) -> None:
    connector = api.create_http_connector(http_create("crm"))
    v1 = api.create_version(connector.id, ConnectorVersionCreate(name="v1"))
    assert (v1.name, v1.published) == ("v1", False)
    v2 = api.create_version(connector.id, ConnectorVersionCreate(name="v2", from_version="v1"))
    assert sorted(v.name for v in api.list_versions(connector.id)) == ["v1", "v2"]
    assert api.get_version(connector.id, "v1") == v1

    described = api.update_version(connector.id, "v2", v2.model_copy(update={"description": "second"}))
    assert described.description == "second"
    renamed = api.update_version(connector.id, "v2", described.model_copy(update={"name": "v2-final"}))
    assert renamed.name == "v2-final"

    published = api.publish_version(connector.id, "v1")
    assert published.published and published.is_latest
    assert api.get_version(connector.id, "latest").name == "v1"
    made_default = api.update_version(connector.id, "v1", published.model_copy(update={"is_default": True}))
    assert made_default.is_default
    assert api.get_version(connector.id, "default").name == "v1"
    unpublished = api.unpublish_version(connector.id, "v1")
    assert not unpublished.published

    api.publish_version(connector.id, "v2-final")
    with pytest.raises(errors.ConflictError):
        api.delete_version(connector.id, "v2-final")
    api.delete_version(connector.id, "v2-final", force=True)
    api.delete_version(connector.id, "v1")
    assert list(api.list_versions(connector.id)) == []
