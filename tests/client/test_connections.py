"""ConnectClient's connection methods: every endpoint over httpx.MockTransport, guards, look-up by name, summaries,
and end to end against the emulator."""

from __future__ import annotations

import pytest

from client_fakes import (
    Router,
    client,
    connection,
    no_content,
    ok,
    page,
)
from versori_pulumi.client import ConnectClient
from versori_pulumi.models import (
    REDACTED,
    Connection,
    ConnectionCreate,
    ConnectionSummary,
    ConnectionUpdate,
    ConnectionVariable,
)

from ._helpers import (
    API_KEY_CONFIG,
    OP,
    Call,
    Endpoint,
    EndpointCase,
    check_endpoint,
    check_refused_before_any_request,
    connection_create,
    endpoint_cases,
    http_create,
    paged,
)

# --- every endpoint: method, path, query, body, parsed result ---

ENDPOINTS: list[Endpoint] = [
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


@pytest.mark.parametrize("case", endpoint_cases(ENDPOINTS))
def test_endpoint(case: EndpointCase) -> None:
    check_endpoint(case)


# --- empty ids ---

EMPTY_ID_CALLS: list[Call] = [
    lambda c: c.list_connections(""),
    lambda c: c.get_connection("c1", ""),
    lambda c: c.find_connection_by_name("c1", ""),
    lambda c: c.create_connection("", ConnectionCreate(name="prod")),
    lambda c: c.create_connection("c1", ConnectionCreate(name="")),
    lambda c: c.update_connection("c1", "", ConnectionUpdate(id="k1", name="n")),
    lambda c: c.delete_connection("", "k1"),
]


@pytest.mark.parametrize("call", EMPTY_ID_CALLS)
def test_empty_ids_and_names_are_refused_before_any_request(call: Call) -> None:
    check_refused_before_any_request(call)


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


def test_list_connections_yields_summaries_and_tolerates_missing_items() -> None:
    router = Router().on("GET", rf"{OP}/connectors/c1/connections", ok({"totalCount": 0}))
    with client(router) as api:
        assert list(api.list_connections("c1")) == []
    router = Router().on("GET", rf"{OP}/connectors/c1/connections", paged("items", [connection()]))
    with client(router) as api:
        (summary,) = api.list_connections("c1")
        assert type(summary) is ConnectionSummary


# --- against the emulator ---


def test_connections_end_to_end(api: ConnectClient) -> None:
    connector = api.create_http_connector(http_create("crm", auth_scheme_configs=[API_KEY_CONFIG]))
    created = api.create_connection(connector.id, connection_create("prod"))
    (credential,) = created.credentials.action
    assert credential.credential.data == {"value": REDACTED}
    api.create_connection(connector.id, connection_create("prod-2"))
    assert sorted(s.name for s in api.list_connections(connector.id)) == ["prod", "prod-2"]
    assert api.get_connection(connector.id, created.id) == created
    found = api.find_connection_by_name(connector.id, "prod")
    assert found is not None and found.id == created.id
    assert api.find_connection_by_name(connector.id, "pro") is None

    update = ConnectionUpdate(id=created.id, name="production", variables=[ConnectionVariable(name="r", value="us")])
    updated = api.update_connection(connector.id, created.id, update)
    assert (updated.name, [v.name for v in updated.variables]) == ("production", ["r"])
    assert updated.credentials.action[0].id == credential.id

    api.delete_connection(connector.id, created.id)
    assert [s.name for s in api.list_connections(connector.id)] == ["prod-2"]
