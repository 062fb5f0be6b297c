"""ConnectClient against the real emulator over loopback, across areas: error mapping from real error answers,
secrecy and connection reuse over a real socket, threads, and behaviour under injected faults (429, 503, dropped
responses). Each area's end-to-end test is in its own file."""

from __future__ import annotations

import logging
import threading
import time
from collections import Counter
from collections.abc import Callable

import pytest

from versori_pulumi import errors
from versori_pulumi.client import ConnectClient
from versori_pulumi.emulator import EmulatorServer
from versori_pulumi.emulator.seed import LIBRARY_OPEN_METEO_ID
from versori_pulumi.models import (
    ConnectionCreate,
    ConnectorVersionCreate,
    HTTPConnector,
    HTTPConnectorUpdate,
)

from ._helpers import (
    API_KEY_CONFIG,
    Count,
    FaultsOffAfterFirst,
    PostCall,
    Setup,
    connection_create,
    http_create,
    post_with_lost_answer,
)

# --- error mapping from real answers ---


def test_errors_from_the_emulator_are_typed(emulator: EmulatorServer, api: ConnectClient) -> None:
    connector = api.create_http_connector(http_create("crm", auth_scheme_configs=[API_KEY_CONFIG]))

    with pytest.raises(errors.NotFoundError) as not_found:
        api.get_connector("01JNOSUCHCONNECTOR00000000")
    assert (not_found.value.status, not_found.value.code) == (404, "404000")

    with pytest.raises(errors.ConflictError) as taken:
        api.create_http_connector(http_create("crm"))
    assert taken.value.code == "409000" and api.lookup_count == 0

    with pytest.raises(errors.BadRequestError) as reserved:
        api.create_version(connector.id, ConnectorVersionCreate(name="latest"))
    assert reserved.value.code == "400000" and reserved.value.message

    bad_credential = connection_create("prod").model_dump(by_alias=True)
    bad_credential["credentials"]["action"][0]["credential"] = {"name": "x", "type": "none", "data": {}}
    with pytest.raises(errors.BadRequestError) as mismatch:
        api.create_connection(connector.id, ConnectionCreate.model_validate(bad_credential))
    assert mismatch.value.fields, "a validation error names its fields"

    connection = api.create_connection(connector.id, connection_create("prod"))
    emulator.mark_in_use("connection", connection.id)
    with pytest.raises(errors.PreconditionFailedError) as in_use:
        api.delete_connection(connector.id, connection.id)
    assert in_use.value.status == 412
    api.delete_connection(connector.id, connection.id, force=True)

    api.create_version(connector.id, ConnectorVersionCreate(name="v1"))
    api.publish_version(connector.id, "v1")
    with pytest.raises(errors.ConflictError):
        api.publish_version(connector.id, "v1")
    with pytest.raises(errors.ConflictError):
        api.delete_connector(connector.id)
    api.delete_connector(connector.id, force=True)

    with ConnectClient(emulator.base_url, emulator.org_id, "wrong-key") as stranger:
        with pytest.raises(errors.UnauthorizedError) as unauthorised:
            stranger.get_connector(connector.id)
    assert unauthorised.value.code == "401000" and "wrong-key" not in str(unauthorised.value)
    with ConnectClient(emulator.base_url, "some-other-org", emulator.api_key) as elsewhere:
        with pytest.raises(errors.NotFoundError):
            list(elsewhere.list_connectors())


def test_the_key_stays_out_of_every_log_over_a_real_socket(caplog: pytest.LogCaptureFixture) -> None:
    key = "sk-emu-SECRET-93be1c"
    caplog.set_level(logging.DEBUG)
    with EmulatorServer(api_key=key) as emu, ConnectClient(emu.base_url, emu.org_id, key) as api:
        emu.set_faults(0.4, ["503", "drop"], seed=7)
        connector = api.create_http_connector(http_create("crm"))
        api.get_connector(connector.id)
        with pytest.raises(errors.NotFoundError) as info:
            api.get_connector("01JNOSUCHCONNECTOR00000000")
        assert api.retry_count > 0
    assert any(r.name.startswith("httpcore") for r in caplog.records), "httpcore debug logs were captured"
    assert key not in caplog.text and key not in str(info.value) and key not in repr(api)


class _ConnectCounter(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.connects = 0

    def emit(self, record: logging.LogRecord) -> None:
        self.connects += record.getMessage().startswith("connect_tcp.started")


def test_sequential_requests_reuse_one_keep_alive_connection(api: ConnectClient) -> None:
    counter = _ConnectCounter()
    logger = logging.getLogger("httpcore.connection")
    level = logger.level
    logger.addHandler(counter)
    logger.setLevel(logging.DEBUG)
    try:
        for i in range(20):
            api.create_http_connector(http_create(f"n{i}"))
        list(api.list_connectors())
    finally:
        logger.removeHandler(counter)
        logger.setLevel(level)
    assert counter.connects == 1


def test_one_client_shared_by_threads(emulator: EmulatorServer, api: ConnectClient) -> None:
    failures: list[BaseException] = []

    def work(worker: int) -> None:
        try:
            for i in range(10):
                connector = api.create_http_connector(http_create(f"w{worker}-{i}"))
                api.get_connector(connector.id)
        except BaseException as exc:
            failures.append(exc)

    threads = [threading.Thread(target=work, args=(n,)) for n in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert failures == []
    assert api.request_count == 160 == sum(emulator.stats().values())
    assert len({c.name for c in api.list_connectors()}) == 80


# --- faults ---


def _connector_with_config(api: ConnectClient) -> HTTPConnector:
    return api.create_http_connector(http_create("crm", auth_scheme_configs=[API_KEY_CONFIG]))


def _with_draft(api: ConnectClient) -> HTTPConnector:
    connector = _connector_with_config(api)
    api.create_version(connector.id, ConnectorVersionCreate(name="v1"))
    return connector


def _with_published(api: ConnectClient) -> HTTPConnector:
    connector = _with_draft(api)
    api.publish_version(connector.id, "v1")
    return connector


DROPPED_POSTS: list[tuple[str, Setup, PostCall, Count]] = [
    (
        "create_http_connector",
        lambda _api: None,
        lambda api, _: api.create_http_connector(http_create("crm")),
        lambda api, _: sum(c.name == "crm" for c in api.list_connectors()),
    ),
    (
        "create_version",
        _connector_with_config,
        lambda api, c: api.create_version(c.id, ConnectorVersionCreate(name="v9")),
        lambda api, c: sum(v.name == "v9" for v in api.list_versions(c.id)),
    ),
    (
        "create_connection",
        _connector_with_config,
        lambda api, c: api.create_connection(c.id, connection_create("prod")),
        lambda api, c: sum(s.name == "prod" for s in api.list_connections(c.id)),
    ),
    (
        "import_library_version",
        lambda _api: None,
        lambda api, _: api.import_library_version(LIBRARY_OPEN_METEO_ID, "1.0.0"),
        lambda api, _: sum(c.name == "Open-Meteo" for c in api.list_connectors()),
    ),
    (
        "publish_version",
        _with_draft,
        lambda api, c: api.publish_version(c.id, "v1"),
        lambda api, c: int(api.get_version(c.id, "v1").published),
    ),
    (
        "unpublish_version",
        _with_published,
        lambda api, c: api.unpublish_version(c.id, "v1"),
        lambda api, c: int(not api.get_version(c.id, "v1").published),
    ),
]


@pytest.mark.parametrize(("setup", "call", "count"), [d[1:] for d in DROPPED_POSTS], ids=[d[0] for d in DROPPED_POSTS])
def test_a_post_whose_response_is_dropped_is_applied_exactly_once(
    emulator: EmulatorServer, setup: Setup, call: PostCall, count: Count
) -> None:
    result = post_with_lost_answer(emulator, setup, call, count)
    assert result is not None


def test_a_dropped_delete_is_done_once_and_reported_done(emulator: EmulatorServer, api: ConnectClient) -> None:
    connector = api.create_http_connector(http_create("crm"))
    emulator.set_faults(1.0, ["drop"])
    with ConnectClient(
        emulator.base_url, emulator.org_id, emulator.api_key, transport=FaultsOffAfterFirst(emulator, "DELETE")
    ) as flaky:
        assert flaky.delete_connector(connector.id) is None
        assert flaky.request_count == 2
    assert api.find_connector_by_name("crm") is None


FAULT_SEED = 20250101


def test_forty_mixed_operations_under_a_30_percent_fault_rate(
    emulator: EmulatorServer, api: ConnectClient, record_property: Callable[[str, object], None]
) -> None:
    emulator.set_faults(0.3, ["429", "503", "drop"], seed=FAULT_SEED)
    started = time.monotonic()
    ops = 0
    names = [f"svc-{i}" for i in range(8)]

    connectors = {}
    for name in names:  # 8 creates
        connectors[name] = api.create_http_connector(http_create(name, auth_scheme_configs=[API_KEY_CONFIG]))
        ops += 1
    for name, c in connectors.items():  # 8 gets + 8 full updates
        assert api.get_connector(c.id).name == name
        update = HTTPConnectorUpdate(
            id=c.id, organisation_id=c.organisation_id, name=name, base_url=f"https://{name}.v2.example"
        )
        assert api.update_connector(c.id, update).base_url == f"https://{name}.v2.example"
        ops += 2
    assert sorted(c.name for c in api.list_connectors()) == sorted(names)  # 1 list
    ops += 1
    for name in names[:4]:  # 4 version creates, 2 publishes, 4 tag updates
        c = connectors[name]
        api.create_version(c.id, ConnectorVersionCreate(name="1.0.0"))
        api.update_connector_tags(c.id, {"env": ["test"]})
        ops += 2
    for name in names[:2]:
        assert api.publish_version(connectors[name].id, "1.0.0").published
        ops += 1
    for name in names[2:5]:  # 3 connection creates + 3 gets
        c = connectors[name]
        made = api.create_connection(c.id, connection_create("prod"))
        assert api.get_connection(c.id, made.id).name == "prod"
        ops += 2
    for name in names[5:]:  # 3 deletes (one with a published version needs force: none here)
        api.delete_connector(connectors[name].id)
        ops += 1
    api.delete_connector(connectors[names[0]].id, force=True)  # published: forced
    ops += 1
    elapsed = time.monotonic() - started
    routes = emulator.stats()
    sent = api.request_count
    emulator.set_faults(0.0, ["429"])

    survivors = [c.name for c in api.list_connectors()]
    assert sorted(survivors) == sorted(names[1:5])
    assert len(survivors) == len(set(survivors)), "no duplicate connectors"
    for name in names[1:4]:
        versions = [v.name for v in api.list_versions(connectors[name].id)]
        assert versions == ["1.0.0"], versions
    assert api.get_version(connectors[names[1]].id, "1.0.0").published
    for name in names[2:5]:
        assert [s.name for s in api.list_connections(connectors[name].id)] == ["prod"]

    measured = {
        "operations": ops,
        "requests_sent": sent,
        "requests_served": sum(routes.values()),
        "client_retries": api.retry_count,
        "post_lookups": api.lookup_count,
        "elapsed_s": round(elapsed, 2),
        "by_route": dict(Counter(routes).most_common()),
    }
    for key, value in measured.items():
        record_property(key, value)
    print(f"\nfault run (rate 0.3, seed {FAULT_SEED}): {measured}")
    assert ops >= 40 and sent == sum(routes.values())
    assert api.retry_count > 0, "the fault rate should have forced retries"
