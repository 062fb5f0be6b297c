"""Import a connector version from Versori's public library and add a connection to the copy."""

import pulumi

from versori_pulumi import Connection, ConnectionArgs, ImportedConnector, ImportedConnectorArgs

config = pulumi.Config()
library_id = config.require("libraryConnectorId")
bot_token = config.get_secret("botToken") or pulumi.Output.secret("xoxb-example")

imported = ImportedConnector(
    "slack",
    ImportedConnectorArgs(library_connector_id=library_id, version=config.get("libraryVersion") or "latest"),
)

workspace = Connection(
    "slack-workspace",
    ConnectionArgs(
        connector_id=imported.connector_id,
        name="workspace",
        credentials=pulumi.Output.all(imported.auth_scheme_configs, bot_token).apply(
            lambda args: {
                "action": [
                    {
                        "authSchemeConfig": args[0][0],
                        "credential": {"name": "slack-bot-token", "type": "string", "data": {"value": args[1]}},
                    }
                ]
            }
        ),
    ),
)

pulumi.export("connector_id", imported.connector_id)
pulumi.export("connector_name", imported.name)
pulumi.export("versions", imported.version_names)
pulumi.export("connection_id", workspace.connection_id)
