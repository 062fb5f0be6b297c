"""HTTP connectors: check and diff (no API), and every branch of the provider against the emulator, with the API
calls each one makes."""

from __future__ import annotations

from typing import Any

import pytest

from versori_pulumi._core.input_schema import UNKNOWN
from versori_pulumi.client import ConnectClient
from versori_pulumi.connector_provider import ConnectorProvider
from versori_pulumi.errors import VersoriError
from versori_pulumi.models import HTTPConnectorCreate

from ._support import API_KEY_CONFIG, CONFIG_WITH_ID, Calls, checked, failures, outputs_of


def connector_inputs(**overrides: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "name": "Acme",
        "base_url": "https://api.acme.test",
        "auth_scheme_configs": [CONFIG_WITH_ID],
    }
    base.update(overrides)
    return base


DEFAULTED = {"public": False, "tags": {}, "categories": [], "connection_variables": [], "force_delete": False}


def test_connector_check_leaves_defaults_out_and_is_idempotent() -> None:
    """Absent means the default: check stores only what the program gave (every stored key costs each preview)."""
    provider = ConnectorProvider()
    first = provider.check({}, connector_inputs())
    assert failures(first) == {}
    assert not set(DEFAULTED) & set(first.inputs)
    again = provider.check(first.inputs, connector_inputs())
    assert again.inputs == first.inputs
    assert provider.diff("c1", first.inputs, again.inputs).changes is False


def test_a_state_holding_defaults_keeps_them() -> None:
    """Inputs an earlier release stored with their defaults stay so (the engine's input diff then finds nothing),
    and a default the program drops from a value it had set comes back as the default."""
    provider = ConnectorProvider()
    stored = {**provider.check({}, connector_inputs()).inputs, **DEFAULTED}
    kept = provider.check(stored, connector_inputs())
    assert {name: kept.inputs[name] for name in DEFAULTED} == DEFAULTED
    assert provider.diff("c1", stored, kept.inputs).changes is False
    was_public = provider.check({**stored, "public": True}, connector_inputs())
    assert was_public.inputs["public"] is False
    assert provider.diff("c1", {**stored, "public": True}, was_public.inputs).changes is None  # an update


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"name": ""}, "name"),
        ({"name": "   "}, "name"),
        ({"base_url": "ftp://x"}, "base_url"),
        ({"base_url": "not a url"}, "base_url"),
        ({"documentation_url": "docs"}, "documentation_url"),
        ({"categories": ["CRM", "Gardening"]}, "categories[1]"),
        ({"public": "yes"}, "public"),
        ({"tags": {"env": "prod"}}, "tags.env"),
        ({"auth_scheme_configs": [{"description": "d", "schemeType": "kerberos"}]}, "auth_scheme_configs[0]"),
        ({"auth_scheme_configs": [{**CONFIG_WITH_ID, "in": "body"}]}, "auth_scheme_configs[0].in_"),
        ({"connection_variables": [{"name": "region"}]}, "connection_variables[0].value"),
        ({"colour": "blue"}, "colour"),
    ],
)
def test_connector_check_names_the_bad_field(overrides: dict[str, Any], field: str) -> None:
    result = ConnectorProvider().check({}, connector_inputs(**overrides))
    found = failures(result)
    assert any(prop.startswith(field) for prop in found), found
    assert all(reason.startswith(prop) for prop, reason in found.items())


def test_connector_check_requires_name_and_base_url() -> None:
    assert set(failures(ConnectorProvider().check({}, {}))) == {"name", "base_url"}


def test_check_never_echoes_a_secret_value() -> None:
    secret = "sk_live_should_not_leak"
    result = ConnectorProvider().check({}, connector_inputs(public=secret, name=["x", secret]))
    assert result.failures
    assert all(secret not in f.reason for f in result.failures)


def test_unknown_values_are_skipped_at_any_depth() -> None:
    news = connector_inputs(base_url=UNKNOWN, auth_scheme_configs=[{**CONFIG_WITH_ID, "name": UNKNOWN}])
    result = ConnectorProvider().check({}, news)
    assert failures(result) == {}
    assert result.inputs["base_url"] == UNKNOWN


def test_auth_scheme_config_ids_are_derived_then_kept() -> None:
    provider = ConnectorProvider()
    config = {k: v for k, v in CONFIG_WITH_ID.items() if k != "id"}
    first = provider.check({}, connector_inputs(auth_scheme_configs=[config]))
    assert failures(first) == {}
    derived = first.inputs["auth_scheme_configs"][0]["id"]
    assert len(derived) == 26
    assert provider.check({}, connector_inputs(auth_scheme_configs=[config])).inputs == first.inputs  # deterministic
    renamed = provider.check(first.inputs, connector_inputs(name="Acme 2", auth_scheme_configs=[config]))
    assert renamed.inputs["auth_scheme_configs"][0]["id"] == derived  # reused from olds, not re-derived


def test_duplicate_auth_scheme_config_ids_fail() -> None:
    result = ConnectorProvider().check({}, connector_inputs(auth_scheme_configs=[CONFIG_WITH_ID, CONFIG_WITH_ID]))
    assert "auth_scheme_configs[1].id" in failures(result)


def test_connector_diff_no_change_after_a_round_trip() -> None:
    provider = ConnectorProvider()
    olds = outputs_of(provider, connector_inputs(), connector_id="01J", organisation_id="org", created_at="t")
    news = provider.check(olds, {**connector_inputs(), "__provider": "new-pickle"}).inputs
    result = provider.diff("01J", olds, news)
    assert result.changes is False and result.replaces == []


def test_connector_diff_update_in_place() -> None:
    provider = ConnectorProvider()
    olds = outputs_of(provider, connector_inputs(), connector_id="01J")
    news = provider.check(olds, connector_inputs(name="Acme Corp", tags={"env": ["prod"]})).inputs
    result = provider.diff("01J", olds, news)
    assert result.changes is None and result.replaces == []


def test_removing_adopt_existing_is_not_a_diff() -> None:
    provider = ConnectorProvider()
    olds = outputs_of(provider, connector_inputs(adopt_existing="Acme"), connector_id="01J")
    news = provider.check(olds, connector_inputs()).inputs
    assert provider.diff("01J", olds, news).changes is False


def test_connector_lifecycle_and_call_counts(make: Any, emulator: Any, api: ConnectClient) -> None:
    provider = make(ConnectorProvider)
    inputs = checked(
        provider, {"name": "Acme", "base_url": "https://api.acme.test", "auth_scheme_configs": [API_KEY_CONFIG]}
    )

    calls = Calls(emulator)
    created = provider.create(inputs)
    assert calls.since() == {"POST /o/{organisation_id}/protocols/http/connectors": 1}
    outs = created.outs
    assert outs["connector_id"] == created.id and outs["organisation_id"] == emulator.org_id

    calls = Calls(emulator)
    assert provider.diff(created.id, outs, checked(provider, dict(inputs), inputs)).changes is False
    assert calls.total() == 0  # a no-change diff makes no request

    calls = Calls(emulator)
    read = provider.read(created.id, outs)
    assert calls.total() == 1
    assert read.id == created.id and provider.diff(created.id, read.outs, inputs).changes is False

    news = checked(provider, {**inputs, "name": "Acme Corp", "tags": {"env": ["prod"]}}, inputs)
    calls = Calls(emulator)
    updated = provider.update(created.id, outs, news)
    assert calls.since() == {"PUT /o/{organisation_id}/connectors/{connector_id}": 1}
    live = api.get_connector(created.id)
    assert live.name == "Acme Corp" and live.tags == {"env": ["prod"]}

    calls = Calls(emulator)
    provider.update(created.id, updated.outs, {**news, "force_delete": True})
    assert calls.total() == 0  # a provider-only setting needs no request

    basic = {"description": "basic", "schemeType": "basic-auth"}
    more = checked(provider, {**news, "auth_scheme_configs": [API_KEY_CONFIG, basic], "categories": ["CRM"]}, news)
    calls = Calls(emulator)
    updated = provider.update(created.id, updated.outs, more)
    assert calls.since() == {
        "PUT /o/{organisation_id}/connectors/{connector_id}/auth-scheme-configs/{auth_scheme_config_id}": 1,
        "PUT /o/{organisation_id}/connectors/{connector_id}": 1,
        "PUT /o/{organisation_id}/connectors/{connector_id}/categories": 1,
    }
    assert [c.scheme_type for c in api.get_connector(created.id).auth_scheme_configs] == ["api-key", "basic-auth"]

    fewer = checked(provider, {**more, "auth_scheme_configs": [basic]}, more)
    provider.update(created.id, updated.outs, fewer)
    assert [c.scheme_type for c in api.get_connector(created.id).auth_scheme_configs] == ["basic-auth"]

    calls = Calls(emulator)
    provider.delete(created.id, fewer)
    assert calls.total() == 1
    provider.delete(created.id, fewer)  # already gone: still fine
    assert provider.read(created.id, fewer).id == ""


def test_connector_drift_shows_on_read(make: Any, api: ConnectClient) -> None:
    provider = make(ConnectorProvider)
    inputs = checked(provider, {"name": "Drifty", "base_url": "https://a.test"})
    created = provider.create(inputs)
    body = api.get_connector(created.id)
    from versori_pulumi.models import HTTPConnectorUpdate

    api.update_connector(
        created.id,
        HTTPConnectorUpdate(id=body.id, organisation_id=body.organisation_id, name="Drifty", base_url="https://b.test"),
    )
    read = provider.read(created.id, created.outs)
    assert read.inputs["base_url"] == "https://b.test"
    assert provider.diff(created.id, read.outs, inputs).changes is None


def test_a_read_keeps_defaults_out_and_shows_drift_from_one(make: Any, api: ConnectClient) -> None:
    """A refresh of an unchanged connector stores no default the program left out (so it changes nothing), and a
    value the API now holds away from its default shows as a change from the program's (absent) one."""
    provider = make(ConnectorProvider)
    inputs = checked(provider, {"name": "Sparse", "base_url": "https://s.test"})
    created = provider.create(inputs)
    assert not set(DEFAULTED) & set(created.outs)
    read = provider.read(created.id, created.outs)
    assert read.outs == created.outs and not set(DEFAULTED) & set(read.inputs)
    assert provider.diff(created.id, read.outs, provider.check(read.inputs, inputs).inputs).changes is False
    body = api.get_connector(created.id)
    from versori_pulumi.models import HTTPConnectorUpdate

    drifted = HTTPConnectorUpdate(
        id=body.id, organisation_id=body.organisation_id, name="Sparse", base_url="https://s.test", public=True
    )
    api.update_connector(created.id, drifted)
    read = provider.read(created.id, created.outs)
    assert read.inputs["public"] is True
    assert provider.diff(created.id, read.outs, provider.check(read.inputs, inputs).inputs).changes is None


def test_connector_create_with_extras_and_rollback(
    make: Any, emulator: Any, api: ConnectClient, monkeypatch: Any
) -> None:
    provider = make(ConnectorProvider)
    inputs = checked(
        provider,
        {
            "name": "Docs",
            "base_url": "https://d.test",
            "documentation_url": "https://d.test/docs",
            "categories": ["CRM"],
        },
    )
    calls = Calls(emulator)
    created = provider.create(inputs)
    assert calls.total() == 3  # create, then the fields the create body lacks: URLs (PUT) and categories
    assert api.get_connector(created.id).documentation_url == "https://d.test/docs"

    def boom(*_args: Any, **_kwargs: Any) -> None:
        raise VersoriError("injected failure")

    monkeypatch.setattr(ConnectClient, "update_connector_categories", boom)
    half = checked(provider, {"name": "Half", "base_url": "https://h.test", "categories": ["ERP"]})
    with pytest.raises(VersoriError, match="injected"):
        provider.create(half)
    assert api.find_connector_by_name("Half") is None  # rolled back: no orphan


def test_connector_name_taken_and_adoption(make: Any, emulator: Any, api: ConnectClient) -> None:
    existing = api.create_http_connector(HTTPConnectorCreate(name="Legacy", base_url="https://legacy.test"))
    provider = make(ConnectorProvider)
    inputs = checked(provider, {"name": "Legacy", "base_url": "https://new.test", "tags": {"team": ["a"]}})
    with pytest.raises(VersoriError, match="adopt_existing='Legacy'"):
        provider.create(inputs)
    adopted = provider.create({**inputs, "adopt_existing": "Legacy"})
    assert adopted.id == existing.id
    live = api.get_connector(existing.id)
    assert live.base_url == "https://new.test" and live.tags == {"team": ["a"]}
    assert len([c for c in api.list_connectors() if c.name == "Legacy"]) == 1
    without = checked(provider, {k: v for k, v in inputs.items() if k != "adopt_existing"}, inputs)
    assert provider.diff(adopted.id, adopted.outs, without).changes is False


def test_connector_delete_refused_without_force(make: Any, emulator: Any) -> None:
    provider = make(ConnectorProvider)
    created = provider.create(checked(provider, {"name": "Busy", "base_url": "https://busy.test"}))
    emulator.mark_in_use("connector", created.id, True)
    with pytest.raises(VersoriError, match="force_delete=True"):
        provider.delete(created.id, created.outs)
    provider.delete(created.id, {**created.outs, "force_delete": True})
    assert provider.read(created.id, created.outs).id == ""


def test_oauth2_client_secret_survives_a_read(make: Any, api: ConnectClient) -> None:
    provider = make(ConnectorProvider)
    oauth = {
        "schemeType": "oauth2",
        "description": "oauth",
        "authorizeUrl": "https://o.test/authorize",
        "tokenUrl": "https://o.test/token",
        "grant": {"grantType": "authorization_code", "clientId": "cid", "clientSecret": "oauth-client-secret"},
    }
    inputs = checked(provider, {"name": "OAuthy", "base_url": "https://o.test", "auth_scheme_configs": [oauth]})
    created = provider.create(inputs)
    live = api.get_connector(created.id).auth_scheme_configs[0]
    assert "oauth-client-secret" not in live.model_dump_json()  # the API masks it
    read = provider.read(created.id, created.outs)
    assert read.inputs["auth_scheme_configs"][0]["grant"]["client_secret"] == "oauth-client-secret"
    assert provider.diff(created.id, read.outs, inputs).changes is False


def test_a_rename_to_a_taken_name_asks_for_adopt_existing(make: Any, api: ConnectClient) -> None:
    """Create and update give the same hint for a taken name (an update used to let the 409 through raw)."""
    provider = make(ConnectorProvider)
    taken = provider.create(checked(provider, {"name": "Taken", "base_url": "https://t.test"}))
    inputs = checked(provider, {"name": "Mine", "base_url": "https://m.test"})
    mine = provider.create(inputs)
    renamed = checked(provider, {**inputs, "name": "Taken"}, inputs)
    with pytest.raises(VersoriError) as info:
        provider.update(mine.id, mine.outs, renamed)
    text = str(info.value)
    assert text.startswith('Connector "Taken" (id ')
    assert ": update failed: a connector named 'Taken' already exists in the organisation" in text
    assert "set adopt_existing='Taken'" in text
    assert api.get_connector(mine.id).name == "Mine" and api.get_connector(taken.id).name == "Taken"
