"""Unit tests of ConnectClient over httpx.MockTransport: headers, paths, parsing, errors, secrecy, pages, guards."""

from __future__ import annotations

import copy
import json
import logging
import pickle
import threading
from collections.abc import Callable
from typing import Any

import httpx
import pytest

import versori_pulumi
from client_fakes import (
    API_KEY,
    BASE,
    ORG,
    Router,
    client,
    connection,
    connector,
    drop,
    error,
    no_content,
    ok,
    page,
    version,
)
from versori_pulumi import errors
from versori_pulumi.client import DEFAULT_BASE_URL, ConnectClient
from versori_pulumi.models import (
    AuthSchemeConfigAPIKey,
    BigQueryConnector,
    BigQueryConnectorUpdate,
    Category,
    Connection,
    ConnectionCreate,
    ConnectionSummary,
    ConnectionUpdate,
    ConnectorVersion,
    ConnectorVersionCreate,
    HTTPConnector,
    HTTPConnectorCreate,
    HTTPConnectorUpdate,
)

OP = f"/o/{ORG}"


def body_of(request: httpx.Request) -> Any:
    return json.loads(request.content) if request.content else None


# --- construction, headers, identity ---


def test_default_base_url() -> None:
    assert DEFAULT_BASE_URL == "https://platform.versori.com/api/connect/v1"


def test_headers_on_every_request() -> None:
    router = Router().on("GET", rf"{OP}/connectors/c1", ok(connector()))
    with client(router) as api:
        api.get_connector("c1")
    (request,) = router.requests
    assert request.headers["Authorization"] == f"Bearer {API_KEY}"
    assert request.headers["User-Agent"] == f"versori-pulumi/{versori_pulumi.__version__} (+httpx)"
    assert request.headers["Accept"] == "application/json"
    assert str(request.url) == f"{BASE}/o/{ORG}/connectors/c1"


@pytest.mark.parametrize("base", [BASE, BASE + "/", BASE + "//"])
def test_base_url_with_or_without_trailing_slash(base: str) -> None:
    router = Router().on("GET", rf"{OP}/connectors/c1", ok(connector()))
    with ConnectClient(base, ORG, API_KEY, transport=httpx.MockTransport(router)) as api:
        assert api.base_url == BASE
        api.get_connector("c1")
    assert str(router.requests[0].url) == f"{BASE}/o/{ORG}/connectors/c1"


def test_no_key_sends_no_authorization_header() -> None:
    router = Router().on("GET", rf"{OP}/connectors/c1", error(401, "missing key"))
    with ConnectClient(BASE, ORG, "", transport=httpx.MockTransport(router)) as api:
        with pytest.raises(errors.UnauthorizedError):
            api.get_connector("c1")
    assert "Authorization" not in router.requests[0].headers


def test_repr_shows_base_url_and_org_only() -> None:
    api = client(Router())
    assert repr(api) == f"ConnectClient(base_url={BASE!r}, organisation_id={ORG!r})"
    assert API_KEY not in repr(api) and API_KEY not in str(api)


@pytest.mark.parametrize("bad", ["platform.versori.com/api", "ftp://x/api", "", "/api/connect/v1"])
def test_bad_base_url_is_a_configuration_error(bad: str) -> None:
    with pytest.raises(errors.ConfigurationError) as info:
        ConnectClient(bad, ORG, API_KEY)
    assert API_KEY not in str(info.value)


def test_missing_organisation_is_refused_before_any_request() -> None:
    router = Router()
    api = ConnectClient(BASE, "", API_KEY, transport=httpx.MockTransport(router))
    with pytest.raises(errors.ConfigurationError):
        api.get_connector("c1")
    assert router.requests == [] and api.request_count == 0


def test_never_pickled() -> None:
    api = client(Router())
    for attempt in (pickle.dumps, copy.deepcopy, copy.copy):
        with pytest.raises(TypeError, match="never pickled; build one per process"):
            attempt(api)


def test_context_manager_closes_the_pool() -> None:
    router = Router().on("GET", rf"{OP}/connectors/c1", ok(connector()))
    with client(router) as api:
        api.get_connector("c1")
    with pytest.raises(RuntimeError):
        api.get_connector("c1")


# --- every endpoint: method, path, query, body, parsed result ---

CREATE = HTTPConnectorCreate(name="crm", base_url="https://crm.example")
UPDATE = HTTPConnectorUpdate(id="c1", organisation_id=ORG, name="crm", base_url="https://crm2.example")
CONFIG = AuthSchemeConfigAPIKey(id="cfg1", description="key", name="X-Key", in_="header")
VERSION = ConnectorVersion.model_validate(version("v1"))

Call = Callable[[ConnectClient], Any]
ENDPOINTS: list[tuple[str, Call, str, str, dict[str, str], Any, httpx.Response, Any]] = [
    # name, call, method, path, query, json body, reply, expected type of result
    (
        "create_http_connector",
        lambda c: c.create_http_connector(CREATE),
        "POST",
        f"{OP}/protocols/http/connectors",
        {},
        {"name": "crm", "baseUrl": "https://crm.example", "authSchemeConfigs": [], "connectionVariables": []}
        | {"tags": {}, "public": False, "connections": []},
        ok(connector(), 201),
        HTTPConnector,
    ),
    (
        "get_connector",
        lambda c: c.get_connector("c1"),
        "GET",
        f"{OP}/connectors/c1",
        {},
        None,
        ok(connector()),
        HTTPConnector,
    ),
    (
        "update_connector",
        lambda c: c.update_connector("c1", UPDATE),
        "PUT",
        f"{OP}/connectors/c1",
        {},
        UPDATE.wire(),
        ok(connector()),
        HTTPConnector,
    ),
    (
        "delete_connector",
        lambda c: c.delete_connector("c1"),
        "DELETE",
        f"{OP}/connectors/c1",
        {},
        None,
        no_content(),
        type(None),
    ),
    (
        "delete_connector force",
        lambda c: c.delete_connector("c1", force=True),
        "DELETE",
        f"{OP}/connectors/c1",
        {"force": "true"},
        None,
        no_content(),
        type(None),
    ),
    (
        "update_connector_tags",
        lambda c: c.update_connector_tags("c1", {"team": ["a", "b"]}),
        "PUT",
        f"{OP}/connectors/c1/tags",
        {},
        {"tags": {"team": ["a", "b"]}},
        no_content(),
        type(None),
    ),
    (
        "update_connector_categories",
        lambda c: c.update_connector_categories("c1", [Category.CRM, "ERP"]),
        "PUT",
        f"{OP}/connectors/c1/categories",
        {},
        {"categories": ["CRM", "ERP"]},
        no_content(),
        type(None),
    ),
    (
        "upsert_auth_scheme_config",
        lambda c: c.upsert_auth_scheme_config("c1", CONFIG),
        "PUT",
        f"{OP}/connectors/c1/auth-scheme-configs/cfg1",
        {},
        {"id": "cfg1", "description": "key", "schemeType": "api-key", "name": "X-Key", "in": "header"},
        ok(connector()),
        HTTPConnector,
    ),
    (
        "delete_auth_scheme_config",
        lambda c: c.delete_auth_scheme_config("c1", "cfg1"),
        "DELETE",
        f"{OP}/connectors/c1/auth-scheme-configs/cfg1",
        {},
        None,
        ok(connector()),
        HTTPConnector,
    ),
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
    (
        "import_library_version",
        lambda c: c.import_library_version("pub1", "latest"),
        "POST",
        f"{OP}/connectors/pub1/versions/latest/library/import",
        {},
        None,
        ok(connector("c9", "Slack")),
        HTTPConnector,
    ),
    (
        "get_connection",
        lambda c: c.get_connection("c1", "k1"),
        "GET",
        f"{OP}/connectors/c1/connections/k1",
        {},
        None,
        ok(connection()),
        Connection,
    ),
    (
        "create_connection",
        lambda c: c.create_connection("c1", ConnectionCreate(name="prod")),
        "POST",
        f"{OP}/connectors/c1/connections",
        {},
        {"name": "prod", "credentials": {"action": [], "trigger": []}, "variables": []},
        ok(connection()),
        Connection,
    ),
    (
        "update_connection",
        lambda c: c.update_connection("c1", "k1", ConnectionUpdate(id="k1", name="prod2", variables=[])),
        "PUT",
        f"{OP}/connectors/c1/connections/k1",
        {},
        {"id": "k1", "name": "prod2", "variables": []},
        ok(connection(name="prod2")),
        Connection,
    ),
    (
        "delete_connection",
        lambda c: c.delete_connection("c1", "k1"),
        "DELETE",
        f"{OP}/connectors/c1/connections/k1",
        {},
        None,
        no_content(),
        type(None),
    ),
]


@pytest.mark.parametrize(
    ("call", "method", "path", "query", "sent_body", "reply", "result_type"),
    [e[1:] for e in ENDPOINTS],
    ids=[e[0] for e in ENDPOINTS],
)
def test_endpoint(
    call: Call,
    method: str,
    path: str,
    query: dict[str, str],
    sent_body: Any,
    reply: httpx.Response,
    result_type: type,
) -> None:
    router = Router().on(method, path, reply)
    with client(router) as api:
        result = call(api)
        assert api.request_count == 1
    (request,) = router.requests
    assert (request.method, request.url.path) == (method, "/api/connect/v1" + path)
    assert dict(request.url.params) == query
    assert body_of(request) == sent_body
    assert isinstance(result, result_type)


def test_bigquery_connectors_parse_through_the_union() -> None:
    bq = connector("c2", "warehouse", protocol="bigquery", datasetId="ds1")
    del bq["baseUrl"]
    update = BigQueryConnectorUpdate(id="c2", organisation_id=ORG, name="warehouse", dataset_id="ds1")
    router = Router().on("GET", rf"{OP}/connectors/c2", ok(bq)).on("PUT", rf"{OP}/connectors/c2", ok(bq))
    with client(router) as api:
        assert isinstance(api.get_connector("c2"), BigQueryConnector)
        assert isinstance(api.update_connector("c2", update), BigQueryConnector)
    assert body_of(router.requests[1])["protocol"] == "bigquery"


def test_path_segments_are_quoted() -> None:
    router = Router().on("GET", r".*", ok(version("a/b c")))
    with client(router) as api:
        api.get_version("c/1?x", "a/b c")
    assert router.requests[0].url.raw_path == f"/api/connect/v1{OP}/connectors/c%2F1%3Fx/versions/a%2Fb%20c".encode()


def test_unknown_category_is_refused_before_any_request() -> None:
    router = Router()
    with client(router) as api, pytest.raises(ValueError):
        api.update_connector_categories("c1", ["Not a category"])
    assert router.requests == []


# --- empty ids ---

EMPTY_ID_CALLS: list[Call] = [
    lambda c: c.get_connector(""),
    lambda c: c.find_connector_by_name(""),
    lambda c: c.update_connector("", UPDATE),
    lambda c: c.delete_connector(""),
    lambda c: c.update_connector_tags("", {}),
    lambda c: c.update_connector_categories("", []),
    lambda c: c.upsert_auth_scheme_config("", CONFIG),
    lambda c: c.upsert_auth_scheme_config("c1", CONFIG.model_copy(update={"id": ""})),
    lambda c: c.delete_auth_scheme_config("c1", ""),
    lambda c: c.list_versions(""),
    lambda c: c.get_version("c1", ""),
    lambda c: c.get_version("", "v1"),
    lambda c: c.create_version("", ConnectorVersionCreate(name="v1")),
    lambda c: c.create_version("c1", ConnectorVersionCreate(name="")),
    lambda c: c.update_version("c1", "", VERSION),
    lambda c: c.delete_version("", "v1"),
    lambda c: c.publish_version("c1", ""),
    lambda c: c.unpublish_version("", "v1"),
    lambda c: c.import_library_version("", "v1"),
    lambda c: c.import_library_version("pub1", ""),
    lambda c: c.list_connections(""),
    lambda c: c.get_connection("c1", ""),
    lambda c: c.find_connection_by_name("c1", ""),
    lambda c: c.create_connection("", ConnectionCreate(name="prod")),
    lambda c: c.create_connection("c1", ConnectionCreate(name="")),
    lambda c: c.update_connection("c1", "", ConnectionUpdate(id="k1", name="n")),
    lambda c: c.delete_connection("", "k1"),
    lambda c: c.create_http_connector(HTTPConnectorCreate(name="", base_url="https://x")),
]


@pytest.mark.parametrize("call", EMPTY_ID_CALLS)
def test_empty_ids_and_names_are_refused_before_any_request(call: Call) -> None:
    router = Router()
    with client(router) as api:
        with pytest.raises(ValueError):
            call(api)
        assert api.request_count == 0
    assert router.requests == []


@pytest.mark.parametrize("size", [0, -1, 101])
def test_page_size_out_of_range_is_refused(size: int) -> None:
    with client(Router()) as api, pytest.raises(ValueError):
        api.list_connectors(page_size=size)


# --- error mapping ---

ERROR_CASES = [
    (400, errors.BadRequestError),
    (401, errors.UnauthorizedError),
    (403, errors.ForbiddenError),
    (404, errors.NotFoundError),
    (409, errors.ConflictError),
    (412, errors.PreconditionFailedError),
    (418, errors.APIError),
    (429, errors.RateLimitError),
    (500, errors.ServerError),
    (502, errors.ServerError),
    (503, errors.ServerError),
    (504, errors.ServerError),
]


@pytest.mark.parametrize(("status", "cls"), ERROR_CASES)
def test_error_statuses_map_to_typed_errors(status: int, cls: type[errors.APIError]) -> None:
    fields = [{"field": "baseUrl", "message": "must be a URL"}]
    router = Router().on("GET", r".*", error(status, "it broke", fields=fields, details="more"))
    with client(router, max_attempts=1) as api, pytest.raises(cls) as info:
        api.get_connector("c1")
    exc = info.value
    assert type(exc) is cls
    assert (exc.status, exc.code, exc.message) == (status, str(status * 1000), "it broke")
    assert exc.fields == fields
    assert (exc.method, exc.path) == ("GET", f"{OP}/connectors/c1")
    assert str(exc) == f"GET {OP}/connectors/c1: HTTP {status} ({status * 1000}): it broke; baseUrl: must be a URL"


def test_error_without_json_body_gets_a_code_from_the_status() -> None:
    router = Router().on("GET", r".*", httpx.Response(502, text="<html>bad gateway</html>"))
    with client(router, max_attempts=1) as api, pytest.raises(errors.ServerError) as info:
        api.get_connector("c1")
    assert (info.value.code, info.value.message) == ("502000", "request failed")


@pytest.mark.parametrize(
    ("exc", "cls"),
    [
        (httpx.ConnectError(f"refused; Authorization: Bearer {API_KEY}"), errors.APIConnectionError),
        (httpx.ReadError("reset"), errors.APIConnectionError),
        (drop(), errors.APIConnectionError),
        (httpx.ReadTimeout("slow"), errors.APITimeoutError),
        (httpx.ConnectTimeout("slow"), errors.APITimeoutError),
    ],
)
def test_transport_errors_map_to_connection_errors(exc: Exception, cls: type[Exception]) -> None:
    router = Router().on("GET", r".*", exc)
    with client(router, max_attempts=1) as api, pytest.raises(cls) as info:
        api.get_connector("c1")
    assert type(info.value) is cls
    assert info.value.__cause__ is exc
    assert str(info.value) == (
        f"GET {OP}/connectors/c1: "
        + ("timed out" if cls is errors.APITimeoutError else "no usable response")
        + f" ({type(exc).__name__})"
    )
    assert API_KEY not in str(info.value)


def test_unparseable_success_body_names_fields_not_values() -> None:
    router = Router().on("GET", r".*", ok({"id": "c1", "protocol": "http", "name": API_KEY}))
    with client(router) as api, pytest.raises(errors.VersoriError) as info:
        api.get_connector("c1")
    assert "did not match the expected schema" in str(info.value)
    assert API_KEY not in str(info.value) and info.value.__cause__ is None


def test_the_key_never_reaches_messages_reprs_or_logs(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    router = (
        Router()
        .on("GET", rf"{OP}/connectors/c1", error(401, "bad key"))
        .on("GET", rf"{OP}/connectors/c2", error(503, "busy"), ok(connector("c2")))
        .on("GET", rf"{OP}/connectors/c3", httpx.ConnectError(f"Authorization: Bearer {API_KEY}"))
        .on("POST", r".*", drop(), ok(connector(), 201))
        .on("GET", rf"{OP}/connectors", page("connectors", []))
    )
    seen: list[str] = []
    with client(router, max_attempts=2) as api:
        seen.append(repr(api))
        for call in (lambda: api.get_connector("c1"), lambda: api.get_connector("c3")):
            with pytest.raises(errors.VersoriError) as info:
                call()
            seen += [str(info.value), repr(info.value), str(info.value.args)]
        api.get_connector("c2")
        api.create_http_connector(CREATE)
    assert caplog.records, "the client logs at DEBUG"
    assert any(r.name == "versori_pulumi.client" for r in caplog.records)
    for text in [*seen, caplog.text, *(r.getMessage() for r in caplog.records)]:
        assert API_KEY not in text
        assert "Bearer" not in text


def test_log_lines_carry_method_path_status_attempt_elapsed(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG, logger="versori_pulumi.client")
    router = Router().on("GET", r".*", error(503), ok(connector()))
    with client(router) as api:
        api.get_connector("c1")
    lines = [r.getMessage() for r in caplog.records if r.levelno == logging.DEBUG]
    assert lines[0].startswith(f"GET {OP}/connectors/c1 -> 503 attempt=1 elapsed=")
    assert lines[1].startswith(f"GET {OP}/connectors/c1 -> 200 attempt=2 elapsed=")


# --- lookups by name ---


def test_find_connector_by_name_matches_exactly() -> None:
    router = Router().on(
        "GET",
        rf"{OP}/connectors",
        page("connectors", [connector("c1", "crm-old"), connector("c2", "crm"), connector("c3", "CRM")]),
    )
    with client(router) as api:
        found = api.find_connector_by_name("crm")
        assert found is not None and found.id == "c2"
        assert api.find_connector_by_name("cr") is None
    assert dict(router.requests[0].url.params) == {"name": "crm", "first": "100"}


def test_find_connection_by_name_lists_then_gets() -> None:
    router = (
        Router()
        .on(
            "GET",
            rf"{OP}/connectors/c1/connections",
            page("items", [connection("k1", "prod-2"), connection("k2", "prod")]),
        )
        .on("GET", rf"{OP}/connectors/c1/connections/k2", ok(connection("k2", "prod")))
    )
    with client(router) as api:
        found = api.find_connection_by_name("c1", "prod")
        assert isinstance(found, Connection) and found.id == "k2"
        assert api.find_connection_by_name("c1", "staging") is None


# --- pagination ---


def paged(key: str, items: list[dict[str, Any]]) -> Callable[[httpx.Request], httpx.Response]:
    """A list endpoint serving ``items`` by ``first``/``after`` with opaque cursors, like the API."""

    def serve(request: httpx.Request) -> httpx.Response:
        first = int(request.url.params.get("first", "20"))
        start = int(request.url.params["after"].removeprefix("cur-")) if "after" in request.url.params else 0
        end = start + min(first, 100)
        return page(key, items[start:end], f"cur-{end}" if end < len(items) else None, total=len(items))

    return serve


def test_listing_250_connectors_takes_3_requests() -> None:
    items = [connector(f"c{i:03}", f"n{i:03}") for i in range(250)]
    router = Router().on("GET", rf"{OP}/connectors", paged("connectors", items))
    with client(router) as api:
        listed = list(api.list_connectors())
        assert api.request_count == 3
    assert [c.id for c in listed] == [i["id"] for i in items]
    assert [dict(r.url.params) for r in router.requests] == [
        {"first": "100"},
        {"first": "100", "after": "cur-100"},
        {"first": "100", "after": "cur-200"},
    ]


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


def test_list_connections_yields_summaries_and_tolerates_missing_items() -> None:
    router = Router().on("GET", rf"{OP}/connectors/c1/connections", ok({"totalCount": 0}))
    with client(router) as api:
        assert list(api.list_connections("c1")) == []
    router = Router().on("GET", rf"{OP}/connectors/c1/connections", paged("items", [connection()]))
    with client(router) as api:
        (summary,) = api.list_connections("c1")
        assert type(summary) is ConnectionSummary


def test_public_listing_has_no_organisation_segment() -> None:
    router = Router().on("GET", r"/connectors", paged("connectors", [connector("p1", "Slack", public=True)]))
    with client(router) as api:
        assert [c.name for c in api.list_public_connectors(name="sla")] == ["Slack"]
    assert dict(router.requests[0].url.params) == {"name": "sla", "first": "100"}


def test_a_cursor_that_does_not_advance_is_an_error() -> None:
    router = Router().on("GET", rf"{OP}/connectors", page("connectors", [connector()], "same"))
    with client(router) as api, pytest.raises(errors.VersoriError, match="did not advance"):
        list(api.list_connectors())
    assert api.request_count == 2


# --- sharing between threads ---


def test_one_client_shared_by_threads_counts_every_request() -> None:
    router = Router().on("GET", r".*", ok(connector()))
    api = client(router)
    barrier = threading.Barrier(8)

    def work() -> None:
        barrier.wait()
        for _ in range(50):
            api.get_connector("c1")

    threads = [threading.Thread(target=work) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    api.close()
    assert api.request_count == 400 == len(router.requests)
