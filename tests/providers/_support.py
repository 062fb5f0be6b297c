"""Helpers of the per-resource provider tests: a provider configured for the emulator, emulator call counts, checked
inputs, a sample auth scheme config."""

from __future__ import annotations

from typing import Any

from pulumi.dynamic import ConfigureRequest
from pulumi.dynamic.config import Config

API_KEY_CONFIG = {"description": "API key header", "schemeType": "api-key", "name": "X-Api-Key", "in": "header"}
CONFIG_WITH_ID = {"id": "01J0000000000000000000000A", **API_KEY_CONFIG}


def configured(emulator: Any, cls: type[Any], **config: str) -> Any:
    """A ``cls`` provider configured, as the stack config would, for the emulator (and any further ``config``)."""
    provider = cls()
    raw = {
        "versori:apiKey": emulator.api_key,
        "versori:organisationId": emulator.org_id,
        "versori:baseUrl": emulator.base_url,
        **config,
    }
    provider.configure(ConfigureRequest(Config(raw, "test")))
    return provider


class Calls:
    """Counts the emulator's requests between two points, per route."""

    def __init__(self, emulator: Any) -> None:
        self.emulator = emulator
        self.before = dict(emulator.stats())

    def since(self) -> dict[str, int]:
        after = self.emulator.stats()
        return {route: n - self.before.get(route, 0) for route, n in after.items() if n - self.before.get(route, 0)}

    def total(self) -> int:
        return sum(self.since().values())


def checked(provider: Any, news: dict[str, Any], olds: dict[str, Any] | None = None) -> dict[str, Any]:
    result = provider.check(olds or {}, news)
    assert not result.failures, [(f.property, f.reason) for f in result.failures]
    return dict(result.inputs)


def failures(result: Any) -> dict[str, str]:
    return {f.property: f.reason for f in result.failures}


def outputs_of(provider: Any, inputs: dict[str, Any], **computed: Any) -> dict[str, Any]:
    checked = provider.check({}, inputs)
    assert failures(checked) == {}
    return {**{k: v for k, v in checked.inputs.items() if not k.startswith("__")}, **computed}
