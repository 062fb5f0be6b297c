"""recovery: finding pending creates in a deployment and the objects they made, by natural key."""

from __future__ import annotations

from typing import Any

from versori_pulumi.client import ConnectClient
from versori_pulumi.emulator import LIBRARY_SLACK_ID
from versori_pulumi.models import ConnectionCreate, ConnectorVersionCreate, HTTPConnectorCreate
from versori_pulumi.recovery import PendingCreate, locate, pending_creates

PREFIX = "pulumi-python:dynamic/versori:"


def test_pending_creates_keeps_only_our_creates() -> None:
    deployment = {
        "pending_operations": [
            {"type": "creating", "resource": {"urn": "u1", "type": f"{PREFIX}Connector", "inputs": {"name": "A"}}},
            {"type": "updating", "resource": {"urn": "u2", "type": f"{PREFIX}Connector", "inputs": {}}},
            {"type": "creating", "resource": {"urn": "u3", "type": "aws:s3/bucket:Bucket", "inputs": {}}},
        ]
    }
    assert pending_creates(deployment) == [PendingCreate("u1", "Connector", {"name": "A"})]
    assert pending_creates({}) == []


def test_locate_each_kind_by_natural_key(emulator: Any) -> None:
    with ConnectClient(emulator.base_url, emulator.org_id, emulator.api_key) as api:
        connector = api.create_http_connector(HTTPConnectorCreate(name="Landed", base_url="https://l.test"))
        version = api.create_version(connector.id, ConnectorVersionCreate(name="1.0.0"))
        connection = api.create_connection(connector.id, ConnectionCreate(name="prod"))
        imported = api.import_library_version(LIBRARY_SLACK_ID, "latest")

        def find(kind: str, **inputs: Any) -> str | None:
            return locate(api, PendingCreate("urn", kind, inputs))

        assert find("Connector", name="Landed") == connector.id
        assert find("Connector", name="Never made") is None
        assert find("Connector", name="x", adopt_existing="Landed") == connector.id
        assert find("ConnectorVersion", connector_id=connector.id, name="1.0.0") == version.id
        assert find("ConnectorVersion", connector_id=connector.id, name="9.9.9") is None
        assert find("Connection", connector_id=connector.id, name="prod") == connection.id
        assert find("Connection", connector_id=connector.id, name="other") is None
        assert find("ImportedConnector", library_connector_id=LIBRARY_SLACK_ID) == imported.id
        assert find("ConnectorDefaultVersion", connector_id=connector.id, version="1.0.0") is None  # not marked
        api.publish_version(connector.id, "1.0.0")
        api.update_version(
            connector.id, "1.0.0", api.get_version(connector.id, "1.0.0").model_copy(update={"is_default": True})
        )
        assert find("ConnectorDefaultVersion", connector_id=connector.id, version="1.0.0") == connector.id
