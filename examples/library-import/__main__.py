"""Import a connector version from Versori's public library and add a connection to the copy."""

import pulumi

from versori_pulumi import Connection, ConnectionArgs, ImportedConnector, ImportedConnectorArgs
from versori_pulumi.inputs import ConnectionCredentialArgs, ConnectionCredentialsArgs, StringCredentialArgs
from versori_pulumi.lookups import get_library_connector

config = pulumi.Config()
# The library connector by name (a lookup: a plain value, the same at preview and at up).
library = get_library_connector(config.get("libraryConnector") or "Slack")
bot_token = config.get_secret("botToken") or pulumi.Output.secret("xoxb-example")

imported = ImportedConnector(
    "slack",
    ImportedConnectorArgs(library_connector_id=library.id, version=config.get("libraryVersion") or "latest"),
)

workspace = Connection(
    "slack-workspace",
    ConnectionArgs(
        connector_id=imported.connector_id,
        name="workspace",
        credentials=ConnectionCredentialsArgs(
            action=[
                ConnectionCredentialArgs(
                    auth_scheme_config=imported.auth_scheme_configs[0],
                    credential=StringCredentialArgs(name="slack-bot-token", value=bot_token),
                )
            ]
        ),
    ),
)

pulumi.export("library_connector_id", library.id)
pulumi.export("connector_id", imported.connector_id)
pulumi.export("connector_name", imported.name)
pulumi.export("versions", imported.version_names)
pulumi.export("connection_id", workspace.connection_id)
