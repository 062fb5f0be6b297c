"""What every Versori dynamic provider shares: configuration, the lazily built client, and pickling rules.

Pulumi pickles the provider object (with dill) into every resource's state and unpickles it in the provider host.
Our providers live in this installed package, so dill pickles them by reference (module and class name only), and
``__getstate__`` returns nothing: no settings, no key and no client ever reach state. ``configure`` runs once per
unpickled provider in the host process and only records the stack config; the client is resolved on first use,
so ``check`` and ``diff`` (the only calls a preview makes) work without credentials and without the network.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from pulumi.dynamic import ConfigureRequest, ResourceProvider

from versori_pulumi.config import (
    CONFIG_API_KEY,
    CONFIG_BASE_URL,
    CONFIG_ORGANISATION_ID,
    ProviderSettings,
    client_for,
    settings_from,
)
from versori_pulumi.errors import APIError

if TYPE_CHECKING:  # the client (httpx, tenacity) loads on first API call, not at import: previews never need it
    from versori_pulumi.client import ConnectClient

__all__ = ["VersoriProvider", "describe_failure"]

log = logging.getLogger("versori_pulumi.provider")


class VersoriProvider(ResourceProvider):
    """Base of the resource providers: holds only in-process configuration, never pickled."""

    serialize_as_secret_always = False
    """The pickled provider holds no secret (it is a class reference), so it need not be a secret in state."""

    _config_values: dict[str, Any]

    def __init__(self) -> None:
        super().__init__()
        self._config_values = {}

    def __getstate__(self) -> dict[str, Any]:
        return {}

    def __setstate__(self, state: Mapping[str, Any]) -> None:
        self._config_values = {}

    def configure(self, req: ConfigureRequest) -> None:
        """Record the stack config the engine sends; resolution (and its errors) waits until a call needs the API."""
        self._config_values = {
            key: req.config.get(key) for key in (CONFIG_API_KEY, CONFIG_ORGANISATION_ID, CONFIG_BASE_URL)
        }

    def settings(self) -> ProviderSettings:
        values = getattr(self, "_config_values", {})
        return settings_from(values.get)

    def client(self) -> ConnectClient:
        """The shared client for this process and configuration (built on first use)."""
        return client_for(self.settings())


def describe_failure(action: str, exc: APIError) -> str:
    """A user-facing message for a failed API call: what we tried, the status and the API's own message."""
    return f"{action} failed: {exc}"
