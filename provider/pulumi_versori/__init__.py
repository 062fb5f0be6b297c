"""The typed Python SDK of the native provider face (the ``versori`` plugin, ``docs/native.md``).

The resources take the same Args as the dynamic face's (``versori_pulumi.ConnectorArgs`` ...), and build the same
property bag from them (the nested Args in the API's names, secret values held apart), sent to the plugin under
the schema's camelCase names. A program moves between the faces by its import line:
``from pulumi_versori import Connector, ConnectorArgs``.
"""

from pulumi_versori._resources import (
    BigQueryConnector,
    Connection,
    Connector,
    ConnectorDefaultVersion,
    ConnectorVersion,
    ImportedConnector,
    Provider,
)
from versori_pulumi.resources import (
    BigQueryConnectorArgs,
    ConnectionArgs,
    ConnectorArgs,
    ConnectorDefaultVersionArgs,
    ConnectorVersionArgs,
    ImportedConnectorArgs,
)

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
    "Provider",
]
