"""check and diff of every provider, called directly: no network, no credentials (as during a preview)."""

from __future__ import annotations

from typing import Any

import pytest

from versori_pulumi._inputs import UNKNOWN
from versori_pulumi.connection_provider import ConnectionProvider
from versori_pulumi.connector_default_version_provider import ConnectorDefaultVersionProvider
from versori_pulumi.connector_provider import ConnectorProvider
from versori_pulumi.connector_version_provider import ConnectorVersionProvider
from versori_pulumi.imported_connector_provider import ImportedConnectorProvider

API_KEY_CONFIG = {
    "id": "01J0000000000000000000000A",
    "description": "API key header",
    "schemeType": "api-key",
    "name": "X-Api-Key",
    "in": "header",
}


def connector_inputs(**overrides: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "name": "Acme",
        "base_url": "https://api.acme.test",
        "auth_scheme_configs": [API_KEY_CONFIG],
    }
    base.update(overrides)
    return base


def failures(result: Any) -> dict[str, str]:
    return {f.property: f.reason for f in result.failures}


def test_connector_check_fills_defaults_and_is_idempotent() -> None:
    provider = ConnectorProvider()
    first = provider.check({}, connector_inputs())
    assert failures(first) == {}
    assert first.inputs["public"] is False
    assert (
        first.inputs["tags"] == {} and first.inputs["categories"] == [] and first.inputs["connection_variables"] == []
    )
    again = provider.check(first.inputs, dict(first.inputs))
    assert again.inputs == first.inputs


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
        ({"auth_scheme_configs": [{**API_KEY_CONFIG, "in": "body"}]}, "auth_scheme_configs[0].in"),
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
    news = connector_inputs(base_url=UNKNOWN, auth_scheme_configs=[{**API_KEY_CONFIG, "name": UNKNOWN}])
    result = ConnectorProvider().check({}, news)
    assert failures(result) == {}
    assert result.inputs["base_url"] == UNKNOWN


def test_auth_scheme_config_ids_are_derived_then_kept() -> None:
    provider = ConnectorProvider()
    config = {k: v for k, v in API_KEY_CONFIG.items() if k != "id"}
    first = provider.check({}, connector_inputs(auth_scheme_configs=[config]))
    assert failures(first) == {}
    derived = first.inputs["auth_scheme_configs"][0]["id"]
    assert len(derived) == 26
    assert provider.check({}, connector_inputs(auth_scheme_configs=[config])).inputs == first.inputs  # deterministic
    renamed = provider.check(first.inputs, connector_inputs(name="Acme 2", auth_scheme_configs=[config]))
    assert renamed.inputs["auth_scheme_configs"][0]["id"] == derived  # reused from olds, not re-derived


def test_duplicate_auth_scheme_config_ids_fail() -> None:
    result = ConnectorProvider().check({}, connector_inputs(auth_scheme_configs=[API_KEY_CONFIG, API_KEY_CONFIG]))
    assert "auth_scheme_configs[1].id" in failures(result)


def outputs_of(provider: Any, inputs: dict[str, Any], **computed: Any) -> dict[str, Any]:
    checked = provider.check({}, inputs)
    assert failures(checked) == {}
    return {**{k: v for k, v in checked.inputs.items() if not k.startswith("__")}, **computed}


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


def version_inputs(**overrides: Any) -> dict[str, Any]:
    return {"connector_id": "01JCONNECTOR", "name": "2.0.0", "from_version": "1.0.0", **overrides}


@pytest.mark.parametrize("name", ["latest", "default", "", "a/b"])
def test_version_check_rejects_reserved_and_empty_names(name: str) -> None:
    assert "name" in failures(ConnectorVersionProvider().check({}, version_inputs(name=name)))


def test_version_default_moved_to_its_own_resource() -> None:
    result = ConnectorVersionProvider().check({}, version_inputs(default=True, published=True))
    assert "ConnectorDefaultVersion" in failures(result)["default"]
    assert failures(ConnectorVersionProvider().check({}, version_inputs(published=True))) == {}


def test_default_version_must_be_published_at_preview() -> None:
    provider = ConnectorDefaultVersionProvider()
    draft = failures(provider.check({}, {"connector_id": "01JC", "version": "2.0.0", "version_published": False}))
    assert list(draft) == ["version"] and "published" in draft["version"]
    assert failures(provider.check({}, {"connector_id": "01JC", "version": "2.0.0", "version_published": True})) == {}
    assert failures(provider.check({}, {"connector_id": "01JC", "version": "2.0.0"})) == {}  # a name: checked at up


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"name": "2.0.1"}, "name"),
        ({"from_version": "0.9.0"}, "from_version"),
        ({"connector_id": "01JOTHER"}, "connector_id"),
    ],
)
def test_replacing_a_published_version_is_refused_at_preview(change: dict[str, Any], field: str) -> None:
    provider = ConnectorVersionProvider()
    olds = provider.check({}, version_inputs(published=True)).inputs
    refused = failures(provider.check(olds, version_inputs(published=True, **change)))
    assert list(refused) == [field]
    for way_out in ("force_delete=True", "new ConnectorVersion", "retain_on_delete"):
        assert way_out in refused[field]
    # The ways out: force_delete already applied, the resource option retain_on_delete, or a draft.
    forced = provider.check({}, version_inputs(published=True, force_delete=True)).inputs
    assert failures(provider.check(forced, version_inputs(published=True, force_delete=True, **change))) == {}
    retained = provider.check({}, version_inputs(published=True, retain_on_delete=True)).inputs
    assert failures(provider.check(retained, version_inputs(published=True, retain_on_delete=True, **change))) == {}
    draft = provider.check({}, version_inputs()).inputs
    assert failures(provider.check(draft, version_inputs(published=True, **change))) == {}
    # Setting either in the same change does not help: the delete runs with the old state's settings.
    assert list(failures(provider.check(olds, version_inputs(published=True, force_delete=True, **change)))) == [field]
    assert list(failures(provider.check(olds, version_inputs(published=True, retain_on_delete=True, **change)))) == [
        field
    ]


def test_version_diff_update_vs_replace() -> None:
    provider = ConnectorVersionProvider()
    olds = outputs_of(provider, version_inputs(published=True), version_id="01JV")
    described = provider.diff(
        "01JV", olds, provider.check(olds, version_inputs(published=True, description="x")).inputs
    )
    assert described.changes is None and described.replaces == []
    renamed = provider.diff("01JV", olds, provider.check(olds, version_inputs(name="3.0.0", published=True)).inputs)
    assert renamed.replaces == ["name"] and renamed.delete_before_replace is False
    rebased = provider.diff(
        "01JV", olds, provider.check(olds, version_inputs(from_version="1.1.0", published=True)).inputs
    )
    assert rebased.replaces == ["from_version"] and rebased.delete_before_replace is True


def test_version_unknown_replace_key_counts_as_replacement() -> None:
    provider = ConnectorVersionProvider()
    olds = outputs_of(provider, version_inputs(), version_id="01JV")
    news = provider.check(olds, version_inputs(connector_id=UNKNOWN)).inputs
    result = provider.diff("01JV", olds, news)
    assert result.replaces == ["connector_id"]


def connection_inputs(**overrides: Any) -> dict[str, Any]:
    credentials = {
        "action": [
            {
                "authSchemeConfig": API_KEY_CONFIG,
                "credential": {"name": "acme-key", "type": "string", "data": {"value": "s3cr3t"}},
            }
        ]
    }
    return {"connector_id": "01JCONNECTOR", "name": "production", "credentials": credentials, **overrides}


def test_connection_check_credential_must_fit_scheme() -> None:
    inputs = connection_inputs()
    inputs["credentials"]["action"][0]["credential"] = {
        "name": "k",
        "type": "basic-auth",
        "data": {"username": "u", "password": "p"},
    }
    found = failures(ConnectionProvider().check({}, inputs))
    assert "credentials.action[0].credential.type" in found


def test_connection_check_names_missing_credential_data_field() -> None:
    inputs = connection_inputs()
    inputs["credentials"]["action"][0]["credential"]["data"] = {}
    found = failures(ConnectionProvider().check({}, inputs))
    assert "credentials.action[0].credential.data.value" in found
    assert all("s3cr3t" not in reason for reason in found.values())


def test_connection_diff_secret_change_replaces_config_change_updates() -> None:
    provider = ConnectionProvider()
    olds = outputs_of(provider, connection_inputs(), connection_id="01JC", credential_ids={"action": ["c1"]})
    same = provider.diff("01JC", olds, provider.check(olds, connection_inputs()).inputs)
    assert same.changes is False

    rotated = connection_inputs()
    rotated["credentials"]["action"][0]["credential"]["data"] = {"value": "n3w"}
    result = provider.diff("01JC", olds, provider.check(olds, rotated).inputs)
    assert result.replaces == ["credentials"] and result.delete_before_replace is True

    reworded = connection_inputs()
    reworded["credentials"]["action"][0]["authSchemeConfig"] = {**API_KEY_CONFIG, "name": "X-Key"}
    result = provider.diff("01JC", olds, provider.check(olds, reworded).inputs)
    assert result.changes is None and result.replaces == []

    renamed = provider.diff("01JC", olds, provider.check(olds, connection_inputs(name="prod-2", variables=[])).inputs)
    assert renamed.changes is None and renamed.replaces == []


def test_imported_connector_inputs_replace() -> None:
    provider = ImportedConnectorProvider()
    olds = outputs_of(provider, {"library_connector_id": "01JLIB"}, connector_id="01JNEW")
    assert olds["version"] == "latest"
    result = provider.diff(
        "01JNEW", olds, provider.check(olds, {"library_connector_id": "01JLIB", "version": "1.0.0"}).inputs
    )
    assert result.replaces == ["version"]
    assert (
        provider.diff("01JNEW", olds, provider.check(olds, {"library_connector_id": "01JLIB"}).inputs).changes is False
    )


def test_a_0_1_version_state_with_default_diffs_as_no_change() -> None:
    """Moving a stack to ConnectorDefaultVersion: the version's old state still holds ``default``; no diff."""
    provider = ConnectorVersionProvider()
    legacy = {**outputs_of(provider, version_inputs(published=True), version_id="01JV"), "default": True}
    legacy_inputs = {**provider.check({}, version_inputs(published=True)).inputs, "default": True}
    news = provider.check(legacy_inputs, version_inputs(published=True))
    assert news.failures == [] and "default" not in news.inputs
    assert provider.diff("01JV", legacy, news.inputs).changes is False
