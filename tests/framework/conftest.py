"""The provider tests' fixtures (a provider configured for the loopback emulator, a client, a connector)."""

from providers.conftest import api, connector_id, make

__all__ = ["api", "connector_id", "make"]
