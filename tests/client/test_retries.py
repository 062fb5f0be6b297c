"""Retry behaviour of ConnectClient: what is retried, how long it waits, when it gives up, and how POSTs are
settled by natural-key look-ups instead of being blindly repeated."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from typing import Any

import httpx
import pytest

from client_fakes import (
    ORG,
    FakeClock,
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
from versori_pulumi.client import ConnectClient
from versori_pulumi.client._retry import (
    REFUSED_ATTEMPTS,
    RETRY_AFTER_CAP,
    attempts_of,
    is_refused,
    may_have_been_applied,
    parse_retry_after,
)
from versori_pulumi.models import (
    ConnectionCreate,
    ConnectorVersion,
    ConnectorVersionCreate,
    HTTPConnectorCreate,
    HTTPConnectorUpdate,
)

OP = f"/o/{ORG}"
CREATE = HTTPConnectorCreate(name="crm", base_url="https://crm.example")


# --- Retry-After parsing ---


@pytest.mark.parametrize(
    ("header", "seconds"),
    [(None, None), ("", None), ("soon", None), ("2", 2.0), ("0.5", 0.5), ("-3", 0.0), ("120", RETRY_AFTER_CAP)],
)
def test_parse_retry_after_seconds(header: str | None, seconds: float | None) -> None:
    assert parse_retry_after(header) == seconds


def test_parse_retry_after_http_date() -> None:
    now = datetime(2025, 1, 2, 3, 4, 5, tzinfo=UTC)
    assert parse_retry_after(format_datetime(now + timedelta(seconds=7), usegmt=True), now=now) == 7.0
    assert parse_retry_after(format_datetime(now - timedelta(seconds=7), usegmt=True), now=now) == 0.0
    assert parse_retry_after(format_datetime(now + timedelta(hours=1), usegmt=True), now=now) == RETRY_AFTER_CAP


# --- idempotent requests ---


def test_429_honours_retry_after_seconds() -> None:
    clock = FakeClock()
    router = Router().on(
        "GET",
        rf"{OP}/connectors/c1",
        error(429, headers={"Retry-After": "2"}),
        error(429, headers={"Retry-After": "3"}),
        ok(connector()),
    )
    with client(router, clock) as api:
        assert api.get_connector("c1").id == "c1"
        assert (api.request_count, api.retry_count) == (3, 2)
    assert clock.sleeps == [2.0, 3.0]


def test_a_429_holds_back_every_request_of_the_client_until_its_retry_after() -> None:
    """Concurrent requests (a version's contents) keep to the pause the server asked for, not only the one that
    was told: here the told request gives up at once, and the next one still waits out the Retry-After."""
    clock = FakeClock()
    router = (
        Router()
        .on("GET", rf"{OP}/connectors/c1", error(429, headers={"Retry-After": "4"}))
        .on("GET", rf"{OP}/connectors/c2", ok(connector()))
    )
    with client(router, clock, max_attempts=1) as api:
        with pytest.raises(errors.RateLimitError):
            api.get_connector("c1")
        assert clock.sleeps == []
        api.get_connector("c2")
        assert clock.sleeps == [4.0], "the next request waited out the pause"
        api.get_connector("c2")
        assert clock.sleeps == [4.0], "and only once"


def test_retry_after_http_date_is_honoured() -> None:
    clock = FakeClock()
    when = format_datetime(datetime.now(UTC) + timedelta(seconds=5), usegmt=True)
    router = Router().on("GET", r".*", error(503, headers={"Retry-After": when}), ok(connector()))
    with client(router, clock) as api:
        api.get_connector("c1")
    (slept,) = clock.sleeps
    assert 3.0 <= slept <= 5.0


def test_retry_after_is_capped_at_30_seconds() -> None:
    clock = FakeClock()
    router = Router().on("GET", r".*", error(429, headers={"Retry-After": "3600"}), ok(connector()))
    with client(router, clock) as api:
        api.get_connector("c1")
    assert clock.sleeps == [30.0]


@pytest.mark.parametrize("status", [502, 503, 504, 429])
def test_gateway_and_unavailable_statuses_are_retried_with_jittered_backoff(status: int) -> None:
    clock = FakeClock()
    router = Router().on("GET", r".*", *[error(status)] * 7, ok(connector()))
    with client(router, clock) as api:
        api.get_connector("c1")
        assert api.request_count == 8
    assert len(clock.sleeps) == 7
    for n, slept in enumerate(clock.sleeps, start=1):
        assert 0.0 <= slept <= min(8.0, 0.25 * 2 ** (n - 1))


def test_backoff_uses_full_jitter_up_to_the_cap() -> None:
    clock = FakeClock()
    router = Router().on("GET", r".*", *[error(503)] * 9, ok(connector()))
    highs: list[float] = []
    with client(router, clock, max_attempts=10, retry_deadline=1000) as api:
        api._session.policy.uniform = lambda _low, high: highs.append(high) or high  # type: ignore[func-returns-value]
        api.get_connector("c1")
    assert highs == [0.25, 0.5, 1.0, 2.0, 4.0, 8.0, 8.0, 8.0, 8.0]
    assert clock.sleeps == highs


@pytest.mark.parametrize(
    "exc",
    [
        httpx.ConnectError("refused"),
        httpx.ReadError("reset"),
        drop(),
        httpx.ReadTimeout("slow"),
        httpx.ConnectTimeout("slow"),
        httpx.WriteError("broken pipe"),
        httpx.PoolTimeout("pool"),
    ],
    ids=lambda e: type(e).__name__,
)
def test_transport_errors_are_retried(exc: Exception) -> None:
    router = Router().on("GET", r".*", exc, exc, ok(connector()))
    with client(router) as api:
        api.get_connector("c1")
        assert (api.request_count, api.retry_count) == (3, 2)


def test_a_permanent_transport_error_is_not_retried() -> None:
    router = Router().on("GET", r".*", httpx.UnsupportedProtocol("nope"))
    with client(router) as api, pytest.raises(errors.APIConnectionError):
        api.get_connector("c1")
    assert api.request_count == 1


@pytest.mark.parametrize("status", [400, 401, 403, 404, 409, 412, 500])
def test_client_errors_and_500_are_not_retried(status: int) -> None:
    router = Router().on("GET", r".*", error(status), ok(connector()))
    with client(router) as api, pytest.raises(errors.APIError) as info:
        api.get_connector("c1")
    assert info.value.status == status
    assert api.request_count == 1 and api.retry_count == 0


def test_puts_and_deletes_are_retried() -> None:
    update = HTTPConnectorUpdate(id="c1", organisation_id=ORG, name="crm", base_url="https://x")
    router = (
        Router()
        .on("PUT", rf"{OP}/connectors/c1", error(503), drop(), ok(connector()))
        .on("DELETE", rf"{OP}/connectors/c1", error(502), no_content())
    )
    with client(router) as api:
        api.update_connector("c1", update)
        api.delete_connector("c1")
    assert [r.method for r in router.requests] == ["PUT", "PUT", "PUT", "DELETE", "DELETE"]


def test_attempts_are_bounded_and_the_last_typed_error_is_raised() -> None:
    router = Router().on("GET", r".*", error(429, "slow down"), error(503, "still busy"))
    with client(router, max_attempts=4) as api, pytest.raises(errors.ServerError) as info:
        api.get_connector("c1")
    assert info.value.message == "still busy"
    assert api.request_count == 4 and api.retry_count == 3


def test_timeouts_exhausted_raise_the_timeout_error() -> None:
    router = Router().on("GET", r".*", httpx.ReadTimeout("slow"))
    with client(router, max_attempts=3) as api, pytest.raises(errors.APITimeoutError):
        api.get_connector("c1")
    assert api.request_count == 3


def test_the_deadline_stops_retrying_before_a_sleep_would_pass_it() -> None:
    clock = FakeClock()
    router = Router().on("GET", r".*", error(429, headers={"Retry-After": "10"}))
    with client(router, clock, retry_deadline=25) as api, pytest.raises(errors.RateLimitError):
        api.get_connector("c1")
    assert api.request_count == 3
    assert clock.sleeps == [10.0, 10.0] and clock.now <= 25


def test_zero_deadline_means_a_single_attempt() -> None:
    router = Router().on("GET", r".*", error(503))
    with client(router, retry_deadline=0) as api, pytest.raises(errors.ServerError):
        api.get_connector("c1")
    assert api.request_count == 1


def test_a_delete_whose_first_attempt_was_lost_treats_the_replayed_404_as_done() -> None:
    router = Router().on("DELETE", rf"{OP}/connectors/c1", drop(), error(404))
    with client(router) as api:
        assert api.delete_connector("c1") is None
    assert api.request_count == 2


def test_a_404_after_a_429_is_still_an_error() -> None:
    router = Router().on("DELETE", rf"{OP}/connectors/c1", error(429, headers={"Retry-After": "0"}), error(404))
    with client(router) as api, pytest.raises(errors.NotFoundError):
        api.delete_connector("c1")


def test_a_404_on_a_first_delete_is_raised() -> None:
    router = Router().on("DELETE", r".*", error(404))
    with client(router) as api, pytest.raises(errors.NotFoundError):
        api.delete_connection("c1", "k1")


def test_a_replayed_rename_of_a_version_returns_the_renamed_version() -> None:
    body = ConnectorVersion.model_validate(version("v2"))
    router = (
        Router()
        .on("PUT", rf"{OP}/connectors/c1/versions/v1", drop(), error(404))
        .on("GET", rf"{OP}/connectors/c1/versions/v2", ok(version("v2")))
    )
    with client(router) as api:
        assert api.update_version("c1", "v1", body).name == "v2"


def test_a_replayed_auth_config_delete_checks_the_connector() -> None:
    router = (
        Router()
        .on("DELETE", rf"{OP}/connectors/c1/auth-scheme-configs/cfg1", httpx.ReadError("reset"), error(404))
        .on("GET", rf"{OP}/connectors/c1", ok(connector()))
    )
    with client(router) as api:
        assert api.delete_auth_scheme_config("c1", "cfg1").id == "c1"


# --- non-idempotent POSTs: never blindly repeated ---

CONNECTORS = rf"{OP}/connectors"
HTTP_CREATE = rf"{OP}/protocols/http/connectors"


def test_a_dropped_create_found_by_name_is_returned_with_one_post() -> None:
    router = (
        Router()
        .on("POST", HTTP_CREATE, drop(), ok(connector("dup", "crm"), 201))
        .on("GET", CONNECTORS, page("connectors", [connector("c1", "crm")]))
    )
    with client(router) as api:
        created = api.create_http_connector(CREATE)
        assert (created.id, api.lookup_count) == ("c1", 1)
    assert len(router.sent("POST")) == 1
    assert dict(router.sent("GET")[0].url.params) == {"name": "crm", "first": "100"}


def test_a_dropped_create_not_found_is_posted_again() -> None:
    router = (
        Router()
        .on("POST", HTTP_CREATE, drop(), ok(connector("c1", "crm"), 201))
        .on("GET", CONNECTORS, page("connectors", [connector("c0", "crm-other")]))
    )
    with client(router) as api:
        assert api.create_http_connector(CREATE).id == "c1"
    assert [r.method for r in router.requests] == ["POST", "GET", "POST"]


def test_a_409_on_the_repeated_post_means_the_first_one_landed() -> None:
    router = (
        Router()
        .on("POST", HTTP_CREATE, error(503), error(409, "name taken"))
        .on("GET", CONNECTORS, page("connectors", []), page("connectors", [connector("c1", "crm")]))
    )
    with client(router) as api:
        assert api.create_http_connector(CREATE).id == "c1"
        assert api.lookup_count == 2
    assert [r.method for r in router.requests] == ["POST", "GET", "POST", "GET"]


def test_a_409_on_the_first_post_is_a_genuine_conflict() -> None:
    router = (
        Router()
        .on("POST", HTTP_CREATE, error(409, "name taken"))
        .on("GET", CONNECTORS, page("connectors", [connector("c1", "crm")]))
    )
    with client(router) as api, pytest.raises(errors.ConflictError):
        api.create_http_connector(CREATE)
    assert api.request_count == 1 and api.lookup_count == 0


def test_a_409_on_a_repeated_post_with_nothing_found_is_raised() -> None:
    router = Router().on("POST", HTTP_CREATE, drop(), error(409)).on("GET", CONNECTORS, page("connectors", []))
    with client(router) as api, pytest.raises(errors.ConflictError):
        api.create_http_connector(CREATE)


def test_a_rate_limited_post_waits_then_looks_up_then_posts() -> None:
    clock = FakeClock()
    router = (
        Router()
        .on("POST", HTTP_CREATE, error(429, headers={"Retry-After": "1"}), ok(connector(), 201))
        .on("GET", CONNECTORS, page("connectors", []))
    )
    with client(router, clock) as api:
        api.create_http_connector(CREATE)
    assert clock.sleeps == [1.0]
    assert [r.method for r in router.requests] == ["POST", "GET", "POST"]


@pytest.mark.parametrize("status", [400, 404, 500])
def test_a_post_failing_for_good_is_neither_looked_up_nor_repeated(status: int) -> None:
    router = Router().on("POST", HTTP_CREATE, error(status))
    with client(router) as api, pytest.raises(errors.APIError):
        api.create_http_connector(CREATE)
    assert api.request_count == 1 and api.lookup_count == 0


def test_post_attempts_are_bounded() -> None:
    router = Router().on("POST", HTTP_CREATE, drop()).on("GET", CONNECTORS, page("connectors", []))
    with client(router, max_attempts=3) as api, pytest.raises(errors.APIConnectionError):
        api.create_http_connector(CREATE)
    assert len(router.sent("POST")) == 3 and len(router.sent("GET")) == 2


def test_look_ups_share_the_post_deadline() -> None:
    clock = FakeClock()
    router = Router().on("POST", HTTP_CREATE, drop()).on("GET", CONNECTORS, error(503, headers={"Retry-After": "4"}))
    with client(router, clock, retry_deadline=10, max_attempts=100) as api, pytest.raises(errors.ServerError):
        api.create_http_connector(CREATE)
    assert clock.now <= 10
    assert len(router.sent("POST")) == 1


# The same settle-by-look-up logic, for every non-idempotent POST: (call, POST path, success reply,
# a look-up route that finds the object, a look-up route that finds nothing).
Call = Callable[[ConnectClient], Any]
Route = tuple[str, str, httpx.Response]
POSTS: list[tuple[str, Call, str, httpx.Response, list[Route], list[Route]]] = [
    (
        "create_http_connector",
        lambda c: c.create_http_connector(CREATE),
        HTTP_CREATE,
        ok(connector("new", "crm"), 201),
        [("GET", CONNECTORS, page("connectors", [connector("found", "crm")]))],
        [("GET", CONNECTORS, page("connectors", []))],
    ),
    (
        "create_version",
        lambda c: c.create_version("c1", ConnectorVersionCreate(name="v2")),
        rf"{OP}/connectors/c1/versions",
        ok(version("v2", id="new"), 201),
        [("GET", rf"{OP}/connectors/c1/versions/v2", ok(version("v2", id="found")))],
        [("GET", rf"{OP}/connectors/c1/versions/v2", error(404))],
    ),
    (
        "create_connection",
        lambda c: c.create_connection("c1", ConnectionCreate(name="prod")),
        rf"{OP}/connectors/c1/connections",
        ok(connection("new", "prod")),
        [
            ("GET", rf"{OP}/connectors/c1/connections", page("items", [connection("found", "prod")])),
            ("GET", rf"{OP}/connectors/c1/connections/found", ok(connection("found", "prod"))),
        ],
        [("GET", rf"{OP}/connectors/c1/connections", ok({"totalCount": 0}))],
    ),
    (
        "import_library_version",
        lambda c: c.import_library_version("pub1", "latest"),
        rf"{OP}/connectors/pub1/versions/latest/library/import",
        ok(connector("new", "Slack")),
        [
            ("GET", r"/connectors", page("connectors", [connector("pub1", "Slack", public=True)])),
            ("GET", CONNECTORS, page("connectors", [connector("found", "Slack")])),
        ],
        [
            ("GET", r"/connectors", page("connectors", [connector("pub1", "Slack", public=True)])),
            ("GET", CONNECTORS, page("connectors", [])),
        ],
    ),
    (
        "publish_version",
        lambda c: c.publish_version("c1", "v1"),
        rf"{OP}/connectors/c1/versions/v1/publish",
        ok({"version": version("v1", True, id="new")}),
        [("GET", rf"{OP}/connectors/c1/versions/v1", ok(version("v1", True, id="found")))],
        [("GET", rf"{OP}/connectors/c1/versions/v1", ok(version("v1", False)))],
    ),
    (
        "unpublish_version",
        lambda c: c.unpublish_version("c1", "v1"),
        rf"{OP}/connectors/c1/versions/v1/unpublish",
        ok({"version": version("v1", False, id="new")}),
        [("GET", rf"{OP}/connectors/c1/versions/v1", ok(version("v1", False, id="found")))],
        [("GET", rf"{OP}/connectors/c1/versions/v1", ok(version("v1", True)))],
    ),
]
POST_IDS = [p[0] for p in POSTS]


def routes(router: Router, table: list[Route]) -> Router:
    for method, path, reply in table:
        router.on(method, path, reply)
    return router


@pytest.mark.parametrize(("call", "path", "success", "found", "absent"), [p[1:] for p in POSTS], ids=POST_IDS)
def test_lost_post_found_by_look_up_is_not_repeated(
    call: Call, path: str, success: httpx.Response, found: list[Route], absent: list[Route]
) -> None:
    router = routes(Router(), found).on("POST", path, drop(), success)
    with client(router) as api:
        assert call(api).id == "found"
        assert api.lookup_count == 1
    assert len(router.sent("POST")) == 1


@pytest.mark.parametrize(("call", "path", "success", "found", "absent"), [p[1:] for p in POSTS], ids=POST_IDS)
def test_lost_post_not_found_is_posted_again(
    call: Call, path: str, success: httpx.Response, found: list[Route], absent: list[Route]
) -> None:
    router = routes(Router(), absent).on("POST", path, error(503), httpx.ReadError("reset"), success)
    with client(router) as api:
        assert call(api).id == "new"
        assert api.lookup_count == 2
    assert len(router.sent("POST")) == 3


@pytest.mark.parametrize(("call", "path", "success", "found", "absent"), [p[1:] for p in POSTS], ids=POST_IDS)
def test_first_post_conflict_is_raised_without_look_up(
    call: Call, path: str, success: httpx.Response, found: list[Route], absent: list[Route]
) -> None:
    router = routes(Router(), found).on("POST", path, error(409))
    with client(router) as api, pytest.raises(errors.ConflictError):
        call(api)
    assert api.request_count == 1


def test_import_look_up_reuses_a_remembered_public_name() -> None:
    router = (
        Router()
        .on("GET", r"/connectors", page("connectors", [connector("pub1", "Slack", public=True)]))
        .on("POST", rf"{OP}/connectors/pub1/versions/v3/library/import", drop())
        .on("GET", CONNECTORS, page("connectors", [connector("mine", "Slack")]))
    )
    with client(router) as api:
        list(api.list_public_connectors())
        assert api.import_library_version("pub1", "v3").id == "mine"
    assert [r.url.path.removeprefix("/api/connect/v1") for r in router.requests] == [
        "/connectors",
        f"{OP}/connectors/pub1/versions/v3/library/import",
        f"{OP}/connectors",
    ]


def test_a_refused_connection_gets_three_quick_attempts() -> None:
    clock = FakeClock()
    router = Router().on("GET", r".*", httpx.ConnectError("refused"))
    with client(router, clock) as api, pytest.raises(errors.APIConnectionError) as info:
        api.get_connector("c1")
    assert api.request_count == REFUSED_ATTEMPTS == 3
    assert clock.now <= 0.25 + 0.5  # two full-jitter sleeps, not the whole deadline
    assert attempts_of(info.value) == (3, clock.now)


def test_a_refused_connection_that_comes_back_is_retried() -> None:
    router = Router().on("GET", r".*", httpx.ConnectError("refused"), httpx.ConnectError("refused"), ok(connector()))
    with client(router) as api:
        assert api.get_connector("c1").id == "c1"
        assert api.request_count == 3


def test_other_transport_failures_keep_the_full_budget() -> None:
    clock = FakeClock()
    router = Router().on("GET", r".*", httpx.ReadError("reset"))
    with client(router, clock) as api, pytest.raises(errors.APIConnectionError) as info:
        api.get_connector("c1")
    assert api.request_count == 8
    assert attempts_of(info.value) == (8, clock.now)


def test_a_refused_request_was_never_applied() -> None:
    refused = errors.APIConnectionError("GET /x: no usable response (ConnectError)")
    refused.__cause__ = httpx.ConnectError("refused")
    dropped = errors.APIConnectionError("GET /x: no usable response (ReadError)")
    dropped.__cause__ = httpx.ReadError("reset")
    assert is_refused(refused) and not is_refused(dropped)
    assert not may_have_been_applied(refused) and may_have_been_applied(dropped)


def test_an_error_that_was_not_retried_has_no_attempt_count() -> None:
    router = Router().on("GET", r".*", error(404))
    with client(router) as api, pytest.raises(errors.NotFoundError) as info:
        api.get_connector("c1")
    assert attempts_of(info.value) is None
