"""A refresh shows no drift however the platform masks a secret, and still sees a secret changed out of band."""

from __future__ import annotations

from typing import Any

import pytest
from pydantic import SecretStr

from versori_pulumi._masking import masks
from versori_pulumi.client import ConnectClient
from versori_pulumi.connector_provider import ConnectorProvider

from ._support import checked

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
    seen = read.inputs["auth_scheme_configs"][0]["grant"].get("clientSecret")
    if answered in MASKS:
        assert seen == APPLIED and provider.diff(created.id, read.outs, inputs).changes is False
    else:
        assert seen == answered and provider.diff(created.id, read.outs, inputs).changes is None  # drift
    api.delete_connector(created.id, force=True)
