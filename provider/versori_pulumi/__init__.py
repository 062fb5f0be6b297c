"""Pulumi dynamic providers for the Versori Connect API: connectors, connector versions and connections as code.

The resource classes are imported lazily, so ``import versori_pulumi`` stays cheap (the provider host and the
emulator import submodules without pulling the Pulumi SDK's resource machinery in twice).
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from versori_pulumi._platform import VERSION as __version__

__all__ = [
    "BigQueryConnector",
    "BigQueryConnectorArgs",
    "Connection",
    "ConnectionArgs",
    "Connector",
    "ConnectorArgs",
    "ConnectorDefaultVersion",
    "ConnectorDefaultVersionArgs",
    "ConnectorVersion",
    "ConnectorVersionArgs",
    "ImportedConnector",
    "ImportedConnectorArgs",
    "__version__",
]

if TYPE_CHECKING:
    from versori_pulumi.resources import (
        BigQueryConnector,
        BigQueryConnectorArgs,
        Connection,
        ConnectionArgs,
        Connector,
        ConnectorArgs,
        ConnectorDefaultVersion,
        ConnectorDefaultVersionArgs,
        ConnectorVersion,
        ConnectorVersionArgs,
        ImportedConnector,
        ImportedConnectorArgs,
    )


def __getattr__(name: str) -> Any:
    if name in __all__ and name != "__version__":
        return getattr(importlib.import_module("versori_pulumi.resources"), name)
    raise AttributeError(f"module 'versori_pulumi' has no attribute {name!r}")
