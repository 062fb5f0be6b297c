"""The typed Python SDK of the native provider face (the ``versori`` plugin, ``docs/native.md``).

The resources take the same Args as the dynamic face's (``versori_pulumi.ConnectorArgs`` ...), and build the same
property bag from them (the nested Args in the API's names, secret values held apart), sent to the plugin under
the schema's camelCase names. A program moves between the faces by its import line:
``from pulumi_versori import Connector, ConnectorArgs``.

Each public name is exported by its ``X as X`` import (the typed form of a re-export), so it is written once.
"""

from pulumi_versori._resources import BigQueryConnector as BigQueryConnector
from pulumi_versori._resources import Connection as Connection
from pulumi_versori._resources import Connector as Connector
from pulumi_versori._resources import ConnectorDefaultVersion as ConnectorDefaultVersion
from pulumi_versori._resources import ConnectorVersion as ConnectorVersion
from pulumi_versori._resources import ImportedConnector as ImportedConnector
from pulumi_versori._resources import Provider as Provider
from versori_pulumi.resources import BigQueryConnectorArgs as BigQueryConnectorArgs
from versori_pulumi.resources import ConnectionArgs as ConnectionArgs
from versori_pulumi.resources import ConnectorArgs as ConnectorArgs
from versori_pulumi.resources import ConnectorDefaultVersionArgs as ConnectorDefaultVersionArgs
from versori_pulumi.resources import ConnectorVersionArgs as ConnectorVersionArgs
from versori_pulumi.resources import ImportedConnectorArgs as ImportedConnectorArgs
