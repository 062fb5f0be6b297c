"""ConnectClient's connector methods (HTTP and BigQuery): every endpoint over httpx.MockTransport, guards, look-up by
name, paging, and end to end against the emulator."""

from __future__ import annotations

import pytest

from client_fakes import (
    ORG,
    Router,
    client,
    connector,
    no_content,
    ok,
    page,
)
from versori_pulumi import errors
from versori_pulumi.client import ConnectClient
from versori_pulumi.emulator import EmulatorServer
from versori_pulumi.models import (
    AuthSchemeConfigAPIKey,
    BigQueryConnector,
    BigQueryConnectorCreate,
    BigQueryConnectorUpdate,
    Category,
    ConnectorVersionCreate,
    HTTPConnector,
    HTTPConnectorCreate,
    HTTPConnectorUpdate,
)

from ._helpers import (
    API_KEY_CONFIG,
    LIST_ROUTE,
    NONE_CONFIG,
    OP,
    Call,
    Endpoint,
    EndpointCase,
    action,
    body_of,
    check_endpoint,
    check_refused_before_any_request,
    endpoint_cases,
    http_create,
    paged,
)

# --- every endpoint: method, path, query, body, parsed result ---

CREATE = HTTPConnectorCreate(name="crm", base_url="https://crm.example")


UPDATE = HTTPConnectorUpdate(id="c1", organisation_id=ORG, name="crm", base_url="https://crm2.example")


CONFIG = AuthSchemeConfigAPIKey(id="cfg1", description="key", name="X-Key", in_="header")


ENDPOINTS: list[Endpoint] = [
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
]


@pytest.mark.parametrize("case", endpoint_cases(ENDPOINTS))
def test_endpoint(case: EndpointCase) -> None:
    check_endpoint(case)


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
    lambda c: c.create_http_connector(HTTPConnectorCreate(name="", base_url="https://x")),
]


@pytest.mark.parametrize("call", EMPTY_ID_CALLS)
def test_empty_ids_and_names_are_refused_before_any_request(call: Call) -> None:
    check_refused_before_any_request(call)


def test_bigquery_connectors_parse_through_the_union() -> None:
    bq = connector("c2", "warehouse", protocol="bigquery", datasetId="ds1")
    del bq["baseUrl"]
    update = BigQueryConnectorUpdate(id="c2", organisation_id=ORG, name="warehouse", dataset_id="ds1")
    router = Router().on("GET", rf"{OP}/connectors/c2", ok(bq)).on("PUT", rf"{OP}/connectors/c2", ok(bq))
    with client(router) as api:
        assert isinstance(api.get_connector("c2"), BigQueryConnector)
        assert isinstance(api.update_connector("c2", update), BigQueryConnector)
    assert body_of(router.requests[1])["protocol"] == "bigquery"


def test_unknown_category_is_refused_before_any_request() -> None:
    router = Router()
    with client(router) as api, pytest.raises(ValueError):
        api.update_connector_categories("c1", ["Not a category"])
    assert router.requests == []


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


# --- against the emulator ---


def test_connectors_end_to_end(api: ConnectClient) -> None:
    created = api.create_http_connector(http_create("crm", auth_scheme_configs=[API_KEY_CONFIG], tags={"t": ["a"]}))
    assert isinstance(created, HTTPConnector) and created.organisation_id == api.organisation_id
    assert api.get_connector(created.id) == created
    found = api.find_connector_by_name("crm")
    assert found is not None and found.id == created.id
    api.create_http_connector(http_create("crm-2"))
    assert api.find_connector_by_name("cr") is None
    assert sorted(c.name for c in api.list_connectors()) == ["crm", "crm-2"]
    assert [c.name for c in api.list_connectors(name="crm-")] == ["crm-2"]

    update = HTTPConnectorUpdate(
        id=created.id,
        organisation_id=created.organisation_id,
        name="crm",
        base_url="https://crm2.example",
        tags={"t": ["b"]},
        documentation_url="https://docs.example",
    )
    updated = api.update_connector(created.id, update)
    assert (updated.base_url, updated.tags, updated.documentation_url) == (
        "https://crm2.example",
        {"t": ["b"]},
        "https://docs.example",
    )

    assert api.update_connector_tags(created.id, {"team": ["x", "y"]}) is None
    assert api.get_connector(created.id).tags == {"team": ["x", "y"]}
    assert api.update_connector_categories(created.id, [Category.CRM, "ERP"]) is None

    with_none = api.upsert_auth_scheme_config(created.id, NONE_CONFIG)
    assert [c.id for c in with_none.auth_scheme_configs] == [API_KEY_CONFIG.id, NONE_CONFIG.id]
    without = api.delete_auth_scheme_config(created.id, NONE_CONFIG.id)
    assert [c.id for c in without.auth_scheme_configs] == [API_KEY_CONFIG.id]

    assert api.delete_connector(created.id) is None
    with pytest.raises(errors.NotFoundError):
        api.get_connector(created.id)
    assert api.find_connector_by_name("crm") is None


def test_listing_250_connectors_takes_3_requests_from_the_emulator(
    emulator: EmulatorServer, api: ConnectClient
) -> None:
    for i in range(250):
        api.create_http_connector(http_create(f"bulk-{i:03}"))
    emulator.reset()
    before = api.request_count
    names = [c.name for c in api.list_connectors()]
    assert api.request_count - before == 3
    assert emulator.stats() == {LIST_ROUTE: 3}
    assert sorted(names) == [f"bulk-{i:03}" for i in range(250)]


def test_bigquery_connector_create(api: ConnectClient) -> None:
    made = api.create_bigquery_connector(BigQueryConnectorCreate(name="warehouse", dataset_id="proj.sales"))
    assert isinstance(made, BigQueryConnector) and made.dataset_id == "proj.sales"
    assert api.get_connector(made.id) == made
    with pytest.raises(errors.ConflictError):
        api.create_bigquery_connector(BigQueryConnectorCreate(name="warehouse"))
    api.create_version(made.id, ConnectorVersionCreate(name="1"))
    with pytest.raises(errors.BadRequestError):
        api.create_action(made.id, "1", action("query"))
