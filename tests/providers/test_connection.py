"""Connections: check and diff (no API), and the lifecycle, secrets, drift and adoption against the emulator."""

from __future__ import annotations

from typing import Any

import pytest

from versori_pulumi.client import ConnectClient
from versori_pulumi.connection_provider import ConnectionProvider
from versori_pulumi.errors import VersoriError
from versori_pulumi.models import REDACTED

from ._support import API_KEY_CONFIG, CONFIG_WITH_ID, Calls, checked, failures, outputs_of


def connection_inputs(**overrides: Any) -> dict[str, Any]:
    credentials = {
        "action": [
            {
                "authSchemeConfig": CONFIG_WITH_ID,
                "credential": {"name": "acme-key", "type": "string", "data": {"value": "s3cr3t"}},
            }
        ]
    }
    return {"connector_id": "01JCONNECTOR", "name": "production", "credentials": credentials, **overrides}


def basic_auth_for_an_api_key_scheme() -> dict[str, Any]:
    """A connection's inputs giving a basic-auth credential to an API-key auth scheme config."""
    inputs = connection_inputs()
    inputs["credentials"]["action"][0]["credential"] = {
        "name": "k",
        "type": "basic-auth",
        "data": {"username": "u", "password": "p"},
    }
    return inputs


def test_connection_check_credential_must_fit_scheme() -> None:
    inputs = basic_auth_for_an_api_key_scheme()
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
    reworded["credentials"]["action"][0]["authSchemeConfig"] = {**CONFIG_WITH_ID, "name": "X-Key"}
    result = provider.diff("01JC", olds, provider.check(olds, reworded).inputs)
    assert result.changes is None and result.replaces == []

    renamed = provider.diff("01JC", olds, provider.check(olds, connection_inputs(name="prod-2", variables=[])).inputs)
    assert renamed.changes is None and renamed.replaces == []


def test_connection_diff_after_import_takes_the_programs_secret_over_the_apis_mask() -> None:
    """An imported connection's state holds only the API's mask of each secret: the program's value (which the
    platform is taken to hold) updates in place, recording it; a later change is a rotation again (replace)."""
    provider = ConnectionProvider()
    masked = connection_inputs()
    masked["credentials"]["action"][0]["credential"]["data"] = {"value": REDACTED}
    olds = outputs_of(provider, masked, connection_id="01JC", credential_ids={"action": ["c1"]})
    result = provider.diff("01JC", olds, provider.check(olds, connection_inputs()).inputs)
    assert result.changes is True and result.replaces == []
    assert "credential_secrets" not in (result.stables or [])  # it changes: the mask becomes the value

    # Only a secret's mask is taken: a masked-looking plain value (a credential's name) is a change as ever.
    renamed = connection_inputs()
    renamed["credentials"]["action"][0]["credential"]["name"] = "***"
    named = outputs_of(provider, renamed, connection_id="01JC", credential_ids={"action": ["c1"]})
    assert provider.diff("01JC", named, provider.check(named, connection_inputs()).inputs).replaces == ["credentials"]

    recorded = outputs_of(provider, connection_inputs(), connection_id="01JC", credential_ids={"action": ["c1"]})
    rotated = connection_inputs()
    rotated["credentials"]["action"][0]["credential"]["data"] = {"value": "n3w"}
    assert provider.diff("01JC", recorded, provider.check(recorded, rotated).inputs).replaces == ["credentials"]


def live_connection_inputs(connector: str, secret: str = "s3cr3t-value") -> dict[str, Any]:
    config = {"id": "01J0000000000000000000000A", **API_KEY_CONFIG}
    return {
        "connector_id": connector,
        "name": "production",
        "variables": [{"name": "region", "value": "eu"}],
        "credentials": {
            "action": [
                {"authSchemeConfig": config, "credential": {"name": "k", "type": "string", "data": {"value": secret}}}
            ]
        },
    }


def test_connection_lifecycle_secrets_and_drift(
    make: Any, emulator: Any, api: ConnectClient, connector_id: str
) -> None:
    provider = make(ConnectionProvider)
    inputs = checked(provider, live_connection_inputs(connector_id))
    calls = Calls(emulator)
    created = provider.create(inputs)
    assert calls.total() == 1
    assert len(created.outs["credential_ids"]["action"]) == 1

    live = api.get_connection(connector_id, created.id)
    assert live.credentials.action[0].credential.data == {"value": REDACTED}

    read = provider.read(created.id, created.outs)
    assert read.inputs["credentials"]["action"][0]["credential"]["data"] == {"value": "s3cr3t-value"}
    assert provider.diff(created.id, read.outs, inputs).changes is False

    news = checked(provider, {**inputs, "variables": []}, inputs)
    calls = Calls(emulator)
    updated = provider.update(created.id, created.outs, news)
    assert calls.total() == 1
    assert api.get_connection(connector_id, created.id).variables == []

    api.update_connection(
        connector_id,
        created.id,
        __import__("versori_pulumi.models", fromlist=["ConnectionUpdate"]).ConnectionUpdate(
            id=created.id, name="renamed"
        ),
    )
    drift = provider.read(created.id, updated.outs)
    assert drift.inputs["name"] == "renamed"
    assert provider.diff(created.id, drift.outs, news).changes is None

    emulator.mark_in_use("connection", created.id, True)
    with pytest.raises(VersoriError, match="force_delete=True") as info:
        provider.delete(created.id, updated.outs)
    assert "s3cr3t" not in str(info.value) and emulator.api_key not in str(info.value)
    provider.delete(created.id, {**updated.outs, "force_delete": True})
    assert provider.read(created.id, updated.outs).id == ""


def test_connection_adoption(make: Any, api: ConnectClient, connector_id: str) -> None:
    provider = make(ConnectionProvider)
    inputs = checked(provider, live_connection_inputs(connector_id))
    first = provider.create(inputs)
    adopted = provider.create({**inputs, "adopt_existing": "production"})
    assert adopted.id == first.id
    assert len(list(api.list_connections(connector_id))) == 1


def test_a_rename_to_a_taken_name_asks_for_adopt_existing(make: Any, api: ConnectClient, connector_id: str) -> None:
    provider = make(ConnectionProvider)
    provider.create(checked(provider, {"connector_id": connector_id, "name": "taken"}))
    inputs = checked(provider, {"connector_id": connector_id, "name": "mine"})
    mine = provider.create(inputs)
    renamed = checked(provider, {**inputs, "name": "taken"}, inputs)
    with pytest.raises(VersoriError, match="a connection named 'taken' already exists in connector .*adopt_existing"):
        provider.update(mine.id, mine.outs, renamed)
    assert api.get_connection(connector_id, mine.id).name == "mine"


def test_a_credential_type_mismatch_names_the_classes_that_fit() -> None:
    inputs = basic_auth_for_an_api_key_scheme()
    found = failures(ConnectionProvider().check({}, inputs))
    assert found["credentials.action[0].credential.type"].endswith(
        "a 'basic-auth' credential does not fit a 'api-key' auth scheme config: use StringCredentialArgs"
    )
    oauth = {
        "id": "01J0000000000000000000000B",
        "schemeType": "oauth2",
        "description": "o",
        "authorizeUrl": "https://o.test/a",
        "tokenUrl": "https://o.test/t",
        "grant": {"grantType": "client_credentials"},
    }
    inputs["credentials"]["action"][0]["authSchemeConfig"] = oauth
    found = failures(ConnectionProvider().check({}, inputs))
    assert found["credentials.action[0].credential.type"].endswith(
        ": use OAuth2ClientCredentialArgs or OAuth2TokenCredentialArgs or OAuth2CodeCredentialArgs or "
        "OAuth2PasswordCredentialArgs"
    ), found


def test_the_credential_class_names_are_the_programs_classes() -> None:
    from versori_pulumi._program.wire import _CREDENTIAL_TYPES
    from versori_pulumi.connection_provider import CREDENTIAL_CLASSES

    assert {tag: cls.__name__ for cls, tag in _CREDENTIAL_TYPES.items()} == CREDENTIAL_CLASSES


def test_an_adoption_logs_kind_name_and_id(
    make: Any, api: ConnectClient, connector_id: str, caplog: pytest.LogCaptureFixture
) -> None:
    provider = make(ConnectionProvider)
    inputs = checked(provider, live_connection_inputs(connector_id))
    first = provider.create(inputs)
    caplog.clear()
    with caplog.at_level("WARNING", logger="versori_pulumi"):
        provider.create({**inputs, "adopt_existing": "production"})
    assert f"adopted the existing connection 'production' (id {first.id}) in connector {connector_id}" in caplog.text
    assert "s3cr3t" not in caplog.text


def test_check_errors_name_fields_as_the_program_writes_them() -> None:
    """camelCase exists only on the wire: a wrong nested field is named in snake_case (``in_``, ``scheme_type``,
    ``value_base64``), whatever form the program sent."""
    inputs = connection_inputs()
    config = {k: v for k, v in CONFIG_WITH_ID.items() if k != "name"}
    inputs["credentials"]["action"][0]["authSchemeConfig"] = {**config, "in": "body"}
    found = failures(ConnectionProvider().check({}, inputs))
    assert "credentials.action[0].auth_scheme_config.in_" in found, found
    assert "credentials.action[0].auth_scheme_config.name" in found, found
    assert all("authSchemeConfig" not in path and ".in:" not in reason for path, reason in found.items())

    binary = connection_inputs()
    binary["credentials"]["action"][0]["authSchemeConfig"] = {**CONFIG_WITH_ID, "schemeType": "hmac"}
    binary["credentials"]["action"][0]["credential"] = {"name": "b", "type": "binary", "data": {}}
    found = failures(ConnectionProvider().check({}, binary))
    assert "credentials.action[0].credential.data.value_base64" in found, found
    assert "credentials.action[0].auth_scheme_config.digest_inputs" in found, found
