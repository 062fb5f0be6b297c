"""The BigQuery connector provider called directly against the emulator: every branch, with the calls each makes,
and a connection on a BigQuery connector holding a service account key."""

from __future__ import annotations

import base64
import json
from typing import Any

import pytest

from versori_pulumi.bigquery_connector_provider import BigQueryConnectorProvider
from versori_pulumi.client import ConnectClient
from versori_pulumi.connection_provider import ConnectionProvider
from versori_pulumi.connector_provider import ConnectorProvider
from versori_pulumi.errors import APIError, VersoriError
from versori_pulumi.models import (
    REDACTED,
    AuthSchemeConfigGoogleServiceAccount,
    BigQueryConnectorCreate,
    BigQueryConnectorUpdate,
    HTTPConnectorCreate,
)
from versori_pulumi.recovery import PendingCreate, locate

from ._support import Calls, checked

SERVICE_ACCOUNT = {"description": "service account", "schemeType": "google-service-account"}
KEY_FILE = json.dumps({"type": "service_account", "project_id": "acme-data", "private_key": "-----BEGIN sk-test"})
KEY_BASE64 = base64.b64encode(KEY_FILE.encode()).decode()

POST = "POST /o/{organisation_id}/protocols/bigquery/connectors"
PUT = "PUT /o/{organisation_id}/connectors/{connector_id}"
UPSERT = "PUT /o/{organisation_id}/connectors/{connector_id}/auth-scheme-configs/{auth_scheme_config_id}"
DELETE_CONFIG = "DELETE /o/{organisation_id}/connectors/{connector_id}/auth-scheme-configs/{auth_scheme_config_id}"
CATEGORIES = "PUT /o/{organisation_id}/connectors/{connector_id}/categories"


def test_lifecycle_and_call_counts(make: Any, emulator: Any, api: ConnectClient) -> None:
    provider = make(BigQueryConnectorProvider)
    inputs = checked(provider, {"name": "Warehouse", "dataset_id": "acme-data.sales"})

    calls = Calls(emulator)
    created = provider.create(inputs)
    assert calls.since() == {POST: 1}  # nothing beyond the create body: one request
    outs = created.outs
    assert outs["connector_id"] == created.id and outs["protocol"] == "bigquery"
    assert outs["organisation_id"] == emulator.org_id and outs["dataset_id"] == "acme-data.sales"

    calls = Calls(emulator)
    assert provider.diff(created.id, outs, checked(provider, dict(inputs), inputs)).changes is False
    read = provider.read(created.id, outs)
    assert calls.total() == 1  # the diff made none, the read one
    assert provider.diff(created.id, read.outs, inputs).changes is False

    news = checked(provider, {**inputs, "dataset_id": "acme-data.sales_v2", "tags": {"env": ["prod"]}}, inputs)
    diff = provider.diff(created.id, outs, news)
    assert diff.changes is None and not diff.replaces  # in place
    calls = Calls(emulator)
    updated = provider.update(created.id, outs, news)
    assert calls.since() == {PUT: 1}
    live = api.get_connector(created.id)
    assert getattr(live, "dataset_id", None) == "acme-data.sales_v2" and live.tags == {"env": ["prod"]}

    more = checked(provider, {**news, "auth_scheme_configs": [SERVICE_ACCOUNT], "categories": ["ERP"]}, news)
    calls = Calls(emulator)
    updated = provider.update(created.id, updated.outs, more)
    assert calls.since() == {UPSERT: 1, CATEGORIES: 1}  # appended in place: no reorder PUT needed
    assert [c.scheme_type for c in api.get_connector(created.id).auth_scheme_configs] == ["google-service-account"]

    calls = Calls(emulator)
    provider.update(created.id, updated.outs, {**more, "force_delete": True})
    assert calls.total() == 0  # a provider-only setting needs no request

    fewer = checked(provider, {**more, "auth_scheme_configs": []}, more)
    calls = Calls(emulator)
    provider.update(created.id, updated.outs, fewer)
    assert calls.since() == {DELETE_CONFIG: 1}
    assert api.get_connector(created.id).auth_scheme_configs == []

    calls = Calls(emulator)
    provider.delete(created.id, fewer)
    assert calls.total() == 1
    provider.delete(created.id, fewer)  # already gone: still fine
    assert provider.read(created.id, fewer).id == ""


def test_create_with_everything_in_few_calls(make: Any, emulator: Any, api: ConnectClient) -> None:
    provider = make(BigQueryConnectorProvider)
    other = {"description": "oauth", "schemeType": "oauth2", "authorizeUrl": "https://a.test/auth"}
    other |= {"tokenUrl": "https://a.test/token", "grant": {"grantType": "client_credentials"}}
    inputs = checked(
        provider,
        {
            "name": "Lake",
            "dataset_id": "example.com:acme-1.raw_events",
            "public": True,
            "documentation_url": "https://docs.acme.test/lake",
            "tags": {"team": ["data"]},
            "categories": ["Business Operations"],
            "auth_scheme_configs": [SERVICE_ACCOUNT, other],
        },
    )
    calls = Calls(emulator)
    created = provider.create(inputs)
    assert calls.since() == {POST: 1, UPSERT: 2, PUT: 1, CATEGORIES: 1}
    live = api.get_connector(created.id)
    assert live.public and live.documentation_url == "https://docs.acme.test/lake" and live.tags == {"team": ["data"]}
    assert [c.id for c in live.auth_scheme_configs] == [c["id"] for c in inputs["auth_scheme_configs"]]
    read = provider.read(created.id, created.outs)
    assert provider.diff(created.id, read.outs, inputs).changes is False

    swapped = checked(
        provider, {**inputs, "auth_scheme_configs": list(reversed(inputs["auth_scheme_configs"]))}, inputs
    )
    calls = Calls(emulator)
    provider.update(created.id, created.outs, swapped)
    assert calls.since() == {PUT: 1}  # a reorder is the PUT's authSchemeConfigIds alone
    assert [c.scheme_type for c in api.get_connector(created.id).auth_scheme_configs] == [
        "oauth2",
        "google-service-account",
    ]


def test_drift_shows_on_read_and_the_update_undoes_it(make: Any, api: ConnectClient) -> None:
    provider = make(BigQueryConnectorProvider)
    inputs = checked(provider, {"name": "Drifty", "dataset_id": "acme-data.a"})
    created = provider.create(inputs)
    api.update_connector(
        created.id,
        BigQueryConnectorUpdate(
            id=created.id, organisation_id=created.outs["organisation_id"], name="Drifty", dataset_id="acme-data.b"
        ),
    )
    read = provider.read(created.id, created.outs)
    assert read.inputs["dataset_id"] == "acme-data.b"
    assert provider.diff(created.id, read.outs, inputs).changes is None
    provider.update(created.id, read.outs, inputs)
    assert getattr(api.get_connector(created.id), "dataset_id", None) == "acme-data.a"


def test_half_failed_create_is_rolled_back(make: Any, api: ConnectClient, monkeypatch: Any) -> None:
    provider = make(BigQueryConnectorProvider)

    def boom(*_args: Any, **_kwargs: Any) -> None:
        raise VersoriError("injected failure")

    monkeypatch.setattr(ConnectClient, "update_connector_categories", boom)
    half = checked(provider, {"name": "Half", "dataset_id": "acme-data.h", "categories": ["ERP"]})
    with pytest.raises(VersoriError, match="injected"):
        provider.create(half)
    assert api.find_connector_by_name("Half") is None  # rolled back: no orphan


def test_taken_name_asks_for_adopt_existing_and_adoption_converges(
    make: Any, emulator: Any, api: ConnectClient
) -> None:
    provider = make(BigQueryConnectorProvider)
    existing = api.create_bigquery_connector(BigQueryConnectorCreate(name="Legacy", dataset_id="old-proj.ds"))
    inputs = checked(provider, {"name": "Legacy", "dataset_id": "new-proj.ds", "tags": {"team": ["a"]}})
    with pytest.raises(VersoriError, match="set adopt_existing='Legacy'"):
        provider.create(inputs)

    for key in ("Legacy", existing.id):  # by name, then by id
        adopt = checked(provider, {**inputs, "adopt_existing": key})
        calls = Calls(emulator)
        adopted = provider.create(adopt)
        assert adopted.id == existing.id
        assert calls.total() <= 3  # find (by id, then by name), then the PUT when something differs
    live = api.get_connector(existing.id)
    assert getattr(live, "dataset_id", None) == "new-proj.ds" and live.tags == {"team": ["a"]}
    assert len([c for c in api.list_connectors() if c.name == "Legacy"]) == 1
    without = checked(provider, {k: v for k, v in adopt.items() if k != "adopt_existing"}, adopt)
    assert provider.diff(adopted.id, adopted.outs, without).changes is False

    with pytest.raises(VersoriError, match="no connector with id or name 'Nobody'"):
        provider.create(checked(provider, {**inputs, "adopt_existing": "Nobody"}))


def test_an_http_connector_is_not_adopted_or_read_as_bigquery(make: Any, api: ConnectClient) -> None:
    http = api.create_http_connector(HTTPConnectorCreate(name="Web", base_url="https://web.test"))
    provider = make(BigQueryConnectorProvider)
    with pytest.raises(VersoriError, match="is a http connector; this resource manages BigQuery"):
        provider.create(checked(provider, {"name": "Web", "dataset_id": "p-1.d", "adopt_existing": "Web"}))
    with pytest.raises(VersoriError, match="manages BigQuery"):
        provider.read(http.id, {})


def test_delete_refused_without_force(make: Any, emulator: Any) -> None:
    provider = make(BigQueryConnectorProvider)
    created = provider.create(checked(provider, {"name": "Busy", "dataset_id": "acme-data.busy"}))
    emulator.mark_in_use("connector", created.id, True)
    with pytest.raises(VersoriError, match="force_delete=True"):
        provider.delete(created.id, created.outs)
    assert provider.read(created.id, created.outs).id == created.id
    provider.delete(created.id, {**created.outs, "force_delete": True})
    assert provider.read(created.id, created.outs).id == ""


def test_check_names_bad_fields() -> None:
    provider = BigQueryConnectorProvider()
    result = provider.check({}, {"name": "W", "dataset_id": "no_project"})
    assert [f.property for f in result.failures] == ["dataset_id"]
    assert '"<project_id>.<dataset_name>"' in result.failures[0].reason
    assert [f.property for f in provider.check({}, {"name": "W"}).failures] == ["dataset_id"]
    wrong = provider.check({}, {"name": "W", "dataset_id": "p-1.d", "auth_scheme_configs": [{"schemeType": "gsa"}]})
    assert wrong.failures and wrong.failures[0].property.startswith("auth_scheme_configs[0]")
    http = ConnectorProvider().check(
        {}, {"name": "H", "base_url": "https://h.test", "auth_scheme_configs": [SERVICE_ACCOUNT]}
    )
    assert [f.property for f in http.failures] == ["auth_scheme_configs[0].scheme_type"]
    assert "BigQueryConnector" in http.failures[0].reason


def test_emulator_keeps_service_accounts_on_bigquery(api: ConnectClient) -> None:
    http = api.create_http_connector(HTTPConnectorCreate(name="Web", base_url="https://web.test"))
    config = AuthSchemeConfigGoogleServiceAccount(id="01J0000000000000000000000G", description="sa")
    with pytest.raises(APIError) as info:
        api.upsert_auth_scheme_config(http.id, config)
    assert info.value.status == 400


def test_connection_on_a_bigquery_connector_holds_the_key_file_as_a_secret(
    make: Any, emulator: Any, api: ConnectClient
) -> None:
    connector = make(BigQueryConnectorProvider)
    made = connector.create(
        checked(
            connector, {"name": "Warehouse", "dataset_id": "acme-data.sales", "auth_scheme_configs": [SERVICE_ACCOUNT]}
        )
    )
    config = made.outs["auth_scheme_configs"][0]
    provider = make(ConnectionProvider)
    credential = {"name": "sa-key", "type": "binary", "data": {"valueBase64": KEY_BASE64}}
    inputs = checked(
        provider,
        {
            "connector_id": made.id,
            "name": "prod",
            "credentials": {"action": [{"authSchemeConfig": config, "credential": credential}]},
        },
    )
    created = provider.create(inputs)
    live = api.get_connection(made.id, created.id)
    assert live.credentials.action[0].auth_scheme_config.scheme_type == "google-service-account"
    assert live.credentials.action[0].credential.data == {"valueBase64": REDACTED}
    read = provider.read(created.id, created.outs)
    assert provider.diff(created.id, read.outs, inputs).changes is False  # the key is the value applied

    wrong = {"name": "sa-key", "type": "string", "data": {"value": KEY_FILE}}
    bad = {"action": [{"authSchemeConfig": config, "credential": wrong}]}
    failures = provider.check({}, {"connector_id": made.id, "name": "bad", "credentials": bad}).failures
    assert [f.property for f in failures] == ["credentials.action[0].credential.type"]  # refused at preview
    assert "google-service-account" in failures[0].reason and "sk-test" not in failures[0].reason


def test_recovery_locates_a_pending_bigquery_create(api: ConnectClient) -> None:
    made = api.create_bigquery_connector(BigQueryConnectorCreate(name="Landed BQ", dataset_id="p-1.d"))
    assert locate(api, PendingCreate("urn", "BigQueryConnector", {"name": "Landed BQ"})) == made.id
    assert locate(api, PendingCreate("urn", "BigQueryConnector", {"name": "Never made"})) is None
    api.create_http_connector(HTTPConnectorCreate(name="Web", base_url="https://web.test"))
    assert locate(api, PendingCreate("urn", "BigQueryConnector", {"name": "Web"})) is None  # not one it made


def test_lifecycle_under_a_30_percent_fault_rate_duplicates_nothing(
    make: Any, emulator: Any, api: ConnectClient
) -> None:
    provider = make(BigQueryConnectorProvider)
    emulator.set_faults(0.3, ["429", "503", "drop"], seed=20261201)
    retries = provider.client().retry_count
    made = {}
    for index in range(4):
        name = f"Lake {index}"
        inputs = checked(
            provider,
            {
                "name": name,
                "dataset_id": f"acme-data.lake_{index}",
                "tags": {"n": [str(index)]},
                "categories": ["ERP"],
                "auth_scheme_configs": [SERVICE_ACCOUNT],
            },
        )
        made[name] = (provider.create(inputs), inputs)
    for created, inputs in made.values():
        news = checked(provider, {**inputs, "dataset_id": inputs["dataset_id"] + "_v2"}, inputs)
        provider.update(created.id, created.outs, news)
    emulator.set_faults(0.0, [])
    assert provider.client().retry_count > retries  # faults were met and retried
    live = {c.name: c for c in api.list_connectors()}
    assert sorted(live) == sorted(made)  # one connector per create: none duplicated, none orphaned
    for name, (created, _inputs) in made.items():
        connector = live[name]
        assert connector.id == created.id and getattr(connector, "dataset_id", "").endswith("_v2")
        assert [c.scheme_type for c in connector.auth_scheme_configs] == ["google-service-account"]
    emulator.set_faults(0.3, ["429", "503", "drop"], seed=7)
    for created, inputs in made.values():
        provider.delete(created.id, inputs)
    emulator.set_faults(0.0, [])
    assert list(api.list_connectors()) == []


def test_a_rename_to_a_taken_name_asks_for_adopt_existing(make: Any, api: ConnectClient) -> None:
    provider = make(BigQueryConnectorProvider)
    provider.create(checked(provider, {"name": "Taken BQ", "dataset_id": "acme-data.sales"}))
    inputs = checked(provider, {"name": "Mine BQ", "dataset_id": "acme-data.sales"})
    mine = provider.create(inputs)
    renamed = checked(provider, {**inputs, "name": "Taken BQ"}, inputs)
    with pytest.raises(VersoriError, match="a connector named 'Taken BQ' already exists .*adopt_existing='Taken BQ'"):
        provider.update(mine.id, mine.outs, renamed)
    assert api.get_connector(mine.id).name == "Mine BQ"
