"""A connector's client secrets held apart from its configs (``auth_scheme_secrets``), a connection's secret values
apart from its credentials (``credential_secrets``): check, diff, create, read and
update join and split them, and a state that holds them inside the configs compares as the same value."""

from __future__ import annotations

from typing import Any

from providers._support import checked
from versori_pulumi._core.input_schema import UNKNOWN
from versori_pulumi._core.secret_split import (
    CONFIG_SECRETS,
    CREDENTIAL_SECRETS,
    is_config_secret,
    is_credential_secret,
    join,
    split,
)
from versori_pulumi.client import ConnectClient
from versori_pulumi.connection_provider import ConnectionProvider
from versori_pulumi.connector_provider import ConnectorProvider

SECRET = "sk_live_app_s3cret"
KEY = '[0, "grant", "client_secret"]'


def oauth(**grant: Any) -> dict[str, Any]:
    return {
        "id": "01J0000000000000000000000B",
        "scheme_type": "oauth2",
        "description": "app",
        "authorize_url": "https://o.test/authorize",
        "token_url": "https://o.test/token",
        "default_scopes": ["read"],
        "grant": {"grant_type": "authorization_code", "client_id": "cid", **grant},
    }


def apart(scopes: list[str] | None = None) -> dict[str, Any]:
    config = oauth()
    if scopes is not None:
        config["default_scopes"] = scopes
    return {
        "name": "Split",
        "base_url": "https://s.test",
        "auth_scheme_configs": [config],
        CONFIG_SECRETS: {KEY: SECRET},
    }


def test_split_and_join_are_inverse_and_only_the_client_secret_moves() -> None:
    configs = [oauth(client_secret=SECRET), {"scheme_type": "none", "description": "open"}]
    plain, secrets = split(configs, is_config_secret)
    assert secrets == {KEY: SECRET}
    assert SECRET not in repr(plain) and plain[0]["grant"] == {"grant_type": "authorization_code", "client_id": "cid"}
    assert join(plain, secrets) == configs
    assert join(plain, {'[5, "grant", "client_secret"]': "x"}) == plain  # a path the configs no longer have


def test_check_keeps_the_secret_apart_and_diff_sees_only_the_scope() -> None:
    provider = ConnectorProvider()
    first = checked(provider, apart())
    assert first[CONFIG_SECRETS] == {KEY: SECRET}
    assert SECRET not in repr(first["auth_scheme_configs"])
    again = checked(provider, apart(["write"]), first)
    assert provider.diff("id", first, dict(first)).changes is False
    result = provider.diff("id", first, again)
    assert result.changes is None and "auth_scheme_configs" not in (result.stables or [])
    other_secret = checked(provider, {**apart(), CONFIG_SECRETS: {KEY: "another"}}, first)
    assert provider.diff("id", first, other_secret).changes is None


def test_a_state_with_the_secret_inside_the_configs_is_no_change() -> None:
    """0.2 (camelCase) and the program-name form, the whole value holding its client secret."""
    provider = ConnectorProvider()
    new = checked(provider, apart())
    inline = {
        **{k: v for k, v in new.items() if k != CONFIG_SECRETS},
        "auth_scheme_configs": [oauth(client_secret=SECRET)],
    }
    assert provider.diff("id", inline, new).changes is False
    wire = provider.SPEC.schema.wire_or_raw("auth_scheme_configs", inline["auth_scheme_configs"])
    assert wire[0]["grant"]["clientSecret"] == SECRET
    assert provider.diff("id", {**inline, "auth_scheme_configs": wire}, new).changes is False


def test_unknown_secrets_count_as_a_change() -> None:
    provider = ConnectorProvider()
    first = checked(provider, apart())
    pending = provider.check(first, {**apart(), CONFIG_SECRETS: UNKNOWN})
    assert not pending.failures and pending.inputs[CONFIG_SECRETS] == UNKNOWN
    assert provider.diff("id", first, pending.inputs).changes is None


def test_create_read_update_answer_the_secret_apart(make: Any, api: ConnectClient) -> None:
    provider = make(ConnectorProvider)
    inputs = checked(provider, apart())
    created = provider.create(inputs)
    assert created.outs[CONFIG_SECRETS] == {KEY: SECRET} and SECRET not in repr(created.outs["auth_scheme_configs"])
    live = api.get_connector(created.id).auth_scheme_configs[0]
    assert SECRET not in live.model_dump_json()  # the API masks it; the read keeps it as applied
    read = provider.read(created.id, created.outs)
    assert read.outs[CONFIG_SECRETS] == {KEY: SECRET} and read.inputs[CONFIG_SECRETS] == {KEY: SECRET}
    assert SECRET not in repr(read.outs["auth_scheme_configs"]) + repr(read.inputs["auth_scheme_configs"])
    assert provider.diff(created.id, read.outs, inputs).changes is False
    news = checked(provider, apart(["write"]), inputs)
    updated = provider.update(created.id, read.outs, news)
    assert updated.outs[CONFIG_SECRETS] == {KEY: SECRET}
    assert updated.outs["auth_scheme_configs"][0]["default_scopes"] == ["write"]
    assert api.get_connector(created.id).auth_scheme_configs[0].default_scopes == ["write"]  # type: ignore[union-attr]
    assert provider.diff(created.id, provider.read(created.id, updated.outs).outs, news).changes is False


def test_a_0_2_state_holding_a_secret_is_read_without_inputs(make: Any) -> None:
    """The engine keeps a property secret on refresh only under the name it had, so the read of a state holding
    the client secret inside camelCase configs answers no inputs (the state's own stay) and the configs as they
    were (still holding the secret, under the secret name)."""
    provider = make(ConnectorProvider)
    inputs = checked(provider, apart())
    created = provider.create(inputs)
    joined = join(created.outs["auth_scheme_configs"], created.outs[CONFIG_SECRETS])
    old = {k: v for k, v in created.outs.items() if k != CONFIG_SECRETS}
    old["auth_scheme_configs"] = provider.SPEC.schema.wire_or_raw("auth_scheme_configs", joined)
    read = provider.read(created.id, old)
    assert read.inputs is None and CONFIG_SECRETS not in read.outs
    assert read.outs["auth_scheme_configs"][0]["grant"]["clientSecret"] == SECRET


def credentials_apart(value: str = "s3cr3t-value", header: str = "X-Api-Key") -> dict[str, Any]:
    config = {"id": "01J0000000000000000000000A", "scheme_type": "api-key", "description": "k", "name": header}
    config["in_"] = "header"
    item = {"auth_scheme_config": config, "credential": {"name": "k", "type": "string", "data": {}}}
    return {
        "name": "production",
        "credentials": {"action": [item]},
        CREDENTIAL_SECRETS: {'["action", 0, "credential", "data", "value"]': value},
    }


def test_credential_secrets_are_apart_and_free_form_data_is_all_secret() -> None:
    credentials = {
        "action": [
            {
                "auth_scheme_config": {"grant": {"client_id": "c", "client_secret": SECRET}},
                "credential": {"type": "oauth2-client", "data": {"client_id": "c", "client_secret": "cs"}},
            }
        ],
        "trigger": [{"credential": {"type": "jwt-bearer", "data": {"issuer": "me", "key": "k"}}}],
    }
    plain, secrets = split(credentials, is_credential_secret)
    assert secrets == {
        '["action", 0, "auth_scheme_config", "grant", "client_secret"]': SECRET,
        '["action", 0, "credential", "data", "client_secret"]': "cs",
        '["trigger", 0, "credential", "data", "issuer"]': "me",
        '["trigger", 0, "credential", "data", "key"]': "k",
    }
    assert plain["action"][0]["credential"]["data"] == {"client_id": "c"}
    assert join(plain, secrets) == credentials


def test_connection_diff_a_secret_replaces_through_its_own_property_a_config_change_updates() -> None:
    provider = ConnectionProvider()
    olds = {**checked(provider, {"connector_id": "01JX", **credentials_apart()}), "credential_ids": {"action": ["c"]}}
    assert SECRET not in repr(olds["credentials"]) and olds[CREDENTIAL_SECRETS]
    assert (
        provider.diff("01JC", olds, checked(provider, {"connector_id": "01JX", **credentials_apart()}, olds)).changes
        is False
    )
    rotated = checked(provider, {"connector_id": "01JX", **credentials_apart("n3w")}, olds)
    assert provider.diff("01JC", olds, rotated).replaces == [CREDENTIAL_SECRETS]
    reworded = checked(provider, {"connector_id": "01JX", **credentials_apart(header="X-Key")}, olds)
    result = provider.diff("01JC", olds, reworded)
    assert result.changes is None and result.replaces == []
    inline = {**olds, "credentials": join(olds["credentials"], olds[CREDENTIAL_SECRETS])}
    del inline[CREDENTIAL_SECRETS]
    assert (
        provider.diff(
            "01JC", inline, checked(provider, {"connector_id": "01JX", **credentials_apart()}, inline)
        ).changes
        is False
    )


def test_connection_create_read_answer_the_secrets_apart(make: Any, connector_id: str) -> None:
    provider = make(ConnectionProvider)
    inputs = checked(provider, {"connector_id": connector_id, **credentials_apart()})
    created = provider.create(inputs)
    key = '["action", 0, "credential", "data", "value"]'
    assert created.outs[CREDENTIAL_SECRETS] == {key: "s3cr3t-value"}
    read = provider.read(created.id, created.outs)
    assert read.outs[CREDENTIAL_SECRETS] == {key: "s3cr3t-value"} == read.inputs[CREDENTIAL_SECRETS]
    assert "s3cr3t-value" not in repr(read.outs["credentials"]) + repr(read.inputs["credentials"])
    assert provider.diff(created.id, read.outs, inputs).changes is False
