"""ConnectClient's public library methods: a library import over httpx.MockTransport, the public listing, guards,
and end to end against the emulator."""

from __future__ import annotations

import pytest

from client_fakes import (
    Router,
    client,
    connector,
    ok,
)
from versori_pulumi import errors
from versori_pulumi.client import ConnectClient
from versori_pulumi.emulator.seed import LIBRARY_SLACK_ID
from versori_pulumi.models import (
    HTTPConnector,
)

from ._helpers import (
    OP,
    Call,
    Endpoint,
    EndpointCase,
    check_endpoint,
    check_refused_before_any_request,
    endpoint_cases,
    paged,
)

# --- every endpoint: method, path, query, body, parsed result ---

ENDPOINTS: list[Endpoint] = [
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
]


@pytest.mark.parametrize("case", endpoint_cases(ENDPOINTS))
def test_endpoint(case: EndpointCase) -> None:
    check_endpoint(case)


# --- empty ids ---

EMPTY_ID_CALLS: list[Call] = [
    lambda c: c.import_library_version("", "v1"),
    lambda c: c.import_library_version("pub1", ""),
]


@pytest.mark.parametrize("call", EMPTY_ID_CALLS)
def test_empty_ids_and_names_are_refused_before_any_request(call: Call) -> None:
    check_refused_before_any_request(call)


def test_public_listing_has_no_organisation_segment() -> None:
    router = Router().on("GET", r"/connectors", paged("connectors", [connector("p1", "Slack", public=True)]))
    with client(router) as api:
        assert [c.name for c in api.list_public_connectors(name="sla")] == ["Slack"]
    assert dict(router.requests[0].url.params) == {"name": "sla", "first": "100"}


def test_find_library_copy_looks_for_the_public_connectors_name_in_the_organisation() -> None:
    """The finder the registry's ImportedConnector kind uses: the library is listed only when no name is given."""
    router = (
        Router()
        .on("GET", r"/connectors", paged("connectors", [connector("p1", "Slack", public=True)]))
        .on("GET", rf"{OP}/connectors", paged("connectors", [connector("c2", "Slack Pro"), connector("c1", "Slack")]))
    )
    with client(router) as api:
        assert api.find_library_copy("p1").id == "c1"  # type: ignore[union-attr]
        assert len(router.sent("GET", r"/connectors")) == 1
        assert api.find_library_copy("p1", name="Slack").id == "c1"  # type: ignore[union-attr]
        assert len(router.sent("GET", r"/connectors")) == 1  # named: no listing of the library
        assert api.find_library_copy("p2") is None  # no such public connector: nothing to look for
        assert api.find_library_copy("p1", name="Teams") is None


# --- against the emulator ---


def test_library_import_end_to_end(api: ConnectClient) -> None:
    public = {c.id: c for c in api.list_public_connectors()}
    assert public[LIBRARY_SLACK_ID].name == "Slack" and public[LIBRARY_SLACK_ID].public
    assert [c.name for c in api.list_public_connectors(name="meteo")] == ["Open-Meteo"]
    imported = api.import_library_version(LIBRARY_SLACK_ID, "latest")
    assert imported.name == "Slack" and imported.id != LIBRARY_SLACK_ID
    assert imported.organisation_id == api.organisation_id
    (draft,) = api.list_versions(imported.id)
    assert (draft.name, draft.published) == ("1.1.0", False)
    with pytest.raises(errors.ConflictError):
        api.import_library_version(LIBRARY_SLACK_ID, "1.0.0")
