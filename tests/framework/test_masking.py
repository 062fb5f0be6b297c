"""A refresh shows no drift however the platform masks a secret, and still sees a secret changed out of band."""

from __future__ import annotations

from typing import Any

import pytest
from pydantic import SecretStr

from providers._support import checked
from versori_pulumi._core.masking import masks
from versori_pulumi.client import ConnectClient
from versori_pulumi.connection_provider import ConnectionProvider
from versori_pulumi.connector_provider import ConnectorProvider

APPLIED = "sk_live_client_secret_1234"

MASKS = [None, "", "**********", "********", "••••••", "REDACTED", "[redacted]", "<hidden>", "sk_l****1234", "****1234"]
NOT_MASKS = ["sk_live_other_secret_9999", "****9999", "pk_****1234", "plain-new-value"]


@pytest.mark.parametrize("answered", MASKS)
def test_mask_forms_stand_for_the_applied_secret(answered: str | None) -> None:
    assert masks(answered, APPLIED)


@pytest.mark.parametrize("answered", NOT_MASKS)
def test_other_values_are_a_change(answered: str) -> None:
    assert not masks(answered, APPLIED)


class MaskingClient:
    """The emulator's client, but the OAuth 2.0 client secret reads back the way another platform might send it."""

    def __init__(self, real: ConnectClient, answered: str | None) -> None:
        self.real, self.answered = real, answered

    def get_connector(self, connector_id: str) -> Any:
        connector = self.real.get_connector(connector_id)
        config = connector.auth_scheme_configs[0]
        secret = None if self.answered is None else SecretStr(self.answered)
        grant = config.grant.model_copy(update={"client_secret": secret})  # type: ignore[union-attr]
        return connector.model_copy(update={"auth_scheme_configs": [config.model_copy(update={"grant": grant})]})


@pytest.mark.parametrize("answered", [*MASKS, *NOT_MASKS])
def test_refresh_against_any_masking(make: Any, api: ConnectClient, answered: str | None) -> None:
    provider = make(ConnectorProvider)
    oauth = {
        "schemeType": "oauth2",
        "description": "oauth",
        "authorizeUrl": "https://o.test/authorize",
        "tokenUrl": "https://o.test/token",
        "grant": {"grantType": "authorization_code", "clientId": "cid", "clientSecret": APPLIED},
    }
    name = f"Masked {abs(hash(answered)) % 10_000}"
    inputs = checked(provider, {"name": name, "base_url": "https://o.test", "auth_scheme_configs": [oauth]})
    created = provider.create(inputs)
    provider.client = lambda: MaskingClient(api, answered)  # type: ignore[method-assign]
    read = provider.read(created.id, created.outs)
    seen = read.inputs["auth_scheme_configs"][0]["grant"].get("client_secret")
    if answered in MASKS:
        assert seen == APPLIED and provider.diff(created.id, read.outs, inputs).changes is False
    else:
        assert seen == answered and provider.diff(created.id, read.outs, inputs).changes is None  # drift
    api.delete_connector(created.id, force=True)


OAUTH_CONFIG = {
    "schemeType": "oauth2",
    "description": "oauth",
    "authorizeUrl": "https://o.test/authorize",
    "tokenUrl": "https://o.test/token",
    "defaultScopes": ["read"],
    "grant": {"grantType": "authorization_code", "clientId": "cid", "clientSecret": APPLIED},
}

CREDENTIALS: dict[str, dict[str, Any]] = {
    "oauth2-client": {
        "clientId": "cred-id",
        "clientSecret": APPLIED,
        "authorizeUrl": "https://o.test/authorize",
        "tokenUrl": "https://o.test/token",
    },
    "oauth2-password": {"username": "ann", "password": APPLIED},
    "oauth2-token": {"scopes": ["read"], "accessToken": APPLIED, "refreshToken": APPLIED},
    "oauth2-code": {"code": APPLIED, "state": "st"},
}


class MaskingConnections:
    """The emulator's client, but a connection's copy of the OAuth 2.0 config and its credential data read back as
    ``answered`` (the client secret) and ``data`` (merged over what the emulator answers)."""

    def __init__(self, real: ConnectClient, answered: str | None, data: dict[str, Any] | None = None) -> None:
        self.real, self.answered, self.data = real, answered, data or {}

    def get_connection(self, connector_id: str, connection_id: str) -> Any:
        connection = self.real.get_connection(connector_id, connection_id)
        item = connection.credentials.action[0]
        config = item.auth_scheme_config
        secret = None if self.answered is None else SecretStr(self.answered)
        grant = config.grant.model_copy(update={"client_secret": secret})  # type: ignore[union-attr]
        credential = item.credential.model_copy(update={"data": {**dict(item.credential.data), **self.data}})
        changed = item.model_copy(
            update={"auth_scheme_config": config.model_copy(update={"grant": grant}), "credential": credential}
        )
        credentials = connection.credentials.model_copy(update={"action": [changed]})
        return connection.model_copy(update={"credentials": credentials})


def _oauth_connection(make: Any, api: ConnectClient, ctype: str) -> tuple[Any, Any, dict[str, Any]]:
    """An HTTP connector with an OAuth 2.0 config and a connection on it with a credential of ``ctype``."""
    connectors = make(ConnectorProvider)
    name = f"OAuth {ctype} {abs(hash(APPLIED + ctype)) % 10_000}"
    connector = connectors.create(
        checked(connectors, {"name": name, "base_url": "https://o.test", "auth_scheme_configs": [OAUTH_CONFIG]})
    )
    provider = make(ConnectionProvider)
    config = connector.outs["auth_scheme_configs"][0]
    credential = {"name": "cred", "type": ctype, "data": CREDENTIALS[ctype]}
    inputs = checked(
        provider,
        {
            "connector_id": connector.id,
            "name": "prod",
            "credentials": {"action": [{"authSchemeConfig": config, "credential": credential}]},
        },
    )
    return provider, provider.create(inputs), inputs


@pytest.mark.parametrize("ctype", sorted(CREDENTIALS))
def test_a_connection_of_every_oauth2_credential_type_refreshes_without_drift(
    make: Any, api: ConnectClient, ctype: str
) -> None:
    """The issue's case: the connection's copy of the config reads its client secret masked, its credential data
    masked; the refresh keeps both as applied, so the next preview is empty."""
    provider, created, inputs = _oauth_connection(make, api, ctype)
    live = api.get_connection(inputs["connector_id"], created.id).credentials.action[0]
    assert live.auth_scheme_config.grant.client_secret.get_secret_value() == "**********"  # type: ignore[union-attr]
    read = provider.read(created.id, created.outs)
    assert read.inputs["credentials"] == inputs["credentials"]
    assert provider.diff(created.id, read.outs, inputs).changes is False
    again = provider.read(created.id, read.outs)
    assert again.inputs == read.inputs


@pytest.mark.parametrize("answered", [*MASKS, *NOT_MASKS])
def test_a_connections_copy_of_the_config_refreshes_against_any_masking(
    make: Any, api: ConnectClient, answered: str | None
) -> None:
    provider, created, inputs = _oauth_connection(make, api, "oauth2-client")
    provider.client = lambda: MaskingConnections(api, answered)  # type: ignore[method-assign]
    read = provider.read(created.id, created.outs)
    seen = read.inputs["credentials"]["action"][0]["auth_scheme_config"]["grant"].get("client_secret")
    if answered in MASKS:
        assert seen == APPLIED and provider.diff(created.id, read.outs, inputs).changes is False
    else:
        assert seen == answered and provider.diff(created.id, read.outs, inputs).changes is None  # drift


@pytest.mark.parametrize(
    ("data", "drift"),
    [
        ({"clientSecret": "sk_l****1234"}, False),
        ({"clientSecret": None}, False),
        ({"clientSecret": "an-other-secret"}, True),
        ({"clientId": "someone-else"}, True),
        ({"scopes": []}, False),  # an empty field the platform fills in is no drift
        ({"scopes": ["admin"]}, True),
    ],
)
def test_credential_data_masked_is_kept_and_changed_is_drift(
    make: Any, api: ConnectClient, data: dict[str, Any], drift: bool
) -> None:
    provider, created, inputs = _oauth_connection(make, api, "oauth2-client")
    provider.client = lambda: MaskingConnections(api, "**********", data)  # type: ignore[method-assign]
    read = provider.read(created.id, created.outs)
    result = provider.diff(created.id, read.outs, inputs)
    if drift:
        assert result.changes is None and result.replaces == ["credentials"]
    else:
        assert result.changes is False, read.inputs["credentials"]
