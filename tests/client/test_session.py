"""What every ConnectClient call shares, over httpx.MockTransport: construction, headers and identity, error
mapping, secrecy in messages and logs, paging guards, and sharing between threads."""

from __future__ import annotations

import copy
import logging
import pickle
import threading

import httpx
import pytest

import versori_pulumi
from client_fakes import (
    API_KEY,
    BASE,
    ORG,
    Router,
    client,
    connector,
    drop,
    error,
    ok,
    page,
)
from versori_pulumi import errors
from versori_pulumi.client import DEFAULT_BASE_URL, ConnectClient
from versori_pulumi.models import (
    HTTPConnectorCreate,
)

from ._helpers import OP

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


# --- secrecy and logs ---

CREATE = HTTPConnectorCreate(name="crm", base_url="https://crm.example")


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


# --- paging ---


@pytest.mark.parametrize("size", [0, -1, 101])
def test_page_size_out_of_range_is_refused(size: int) -> None:
    with client(Router()) as api, pytest.raises(ValueError):
        api.list_connectors(page_size=size)


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
