"""recovery: finding pending creates in a deployment and the objects they made, by natural key."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from versori_pulumi._core.kinds import KINDS, ResourceKind
from versori_pulumi.bigquery_connector_provider import BigQueryConnectorProvider
from versori_pulumi.client import ConnectClient
from versori_pulumi.connection_provider import ConnectionProvider
from versori_pulumi.connector_default_version_provider import ConnectorDefaultVersionProvider
from versori_pulumi.connector_provider import ConnectorProvider
from versori_pulumi.connector_version_provider import ConnectorVersionProvider
from versori_pulumi.emulator import LIBRARY_SLACK_ID
from versori_pulumi.imported_connector_provider import ImportedConnectorProvider
from versori_pulumi.models import ConnectionCreate, ConnectorVersionCreate, HTTPConnectorCreate
from versori_pulumi.recovery import PendingCreate, locate, pending_creates

from ._support import checked

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


Made = tuple[dict[str, Any], str]
"""What a provider's create made: its (checked) inputs, which a pending create records, and its resource id."""


def _connector(make: Any, _api: ConnectClient) -> Made:
    provider = make(ConnectorProvider)
    inputs = checked(provider, {"name": "Recovered", "base_url": "https://r.test"})
    return inputs, provider.create(inputs).id


def _version(make: Any, api: ConnectClient) -> Made:
    connector = api.create_http_connector(HTTPConnectorCreate(name="Held", base_url="https://h.test"))
    provider = make(ConnectorVersionProvider)
    inputs = checked(provider, {"connector_id": connector.id, "name": "1.0.0", "published": True})
    return inputs, provider.create(inputs).id


def _default_version(make: Any, api: ConnectClient) -> Made:
    version_inputs, _ = _version(make, api)
    provider = make(ConnectorDefaultVersionProvider)
    inputs = checked(provider, {"connector_id": version_inputs["connector_id"], "version": "1.0.0"})
    return inputs, provider.create(inputs).id


def _connection(make: Any, api: ConnectClient) -> Made:
    connector = api.create_http_connector(HTTPConnectorCreate(name="Connected", base_url="https://c.test"))
    provider = make(ConnectionProvider)
    inputs = checked(provider, {"connector_id": connector.id, "name": "prod"})
    return inputs, provider.create(inputs).id


def _imported(make: Any, _api: ConnectClient) -> Made:
    provider = make(ImportedConnectorProvider)
    inputs = checked(provider, {"library_connector_id": LIBRARY_SLACK_ID})
    return inputs, provider.create(inputs).id


def _bigquery(make: Any, _api: ConnectClient) -> Made:
    provider = make(BigQueryConnectorProvider)
    inputs = checked(provider, {"name": "Recovered BQ", "dataset_id": "acme-data.sales"})
    return inputs, provider.create(inputs).id


MAKERS: dict[str, Callable[[Any, ConnectClient], Made]] = {
    "Connector": _connector,
    "ConnectorVersion": _version,
    "ConnectorDefaultVersion": _default_version,
    "Connection": _connection,
    "ImportedConnector": _imported,
    "BigQueryConnector": _bigquery,
}


def test_every_registered_kind_has_a_recovery_test() -> None:
    assert sorted(MAKERS) == sorted(kind.name for kind in KINDS)


@pytest.mark.parametrize("kind", KINDS, ids=lambda kind: kind.name)
def test_recovery_finds_what_each_kind_made(kind: ResourceKind[Any], make: Any, api: ConnectClient) -> None:
    """A pending create of each kind, recorded with the inputs its provider was given, is found in the API after
    the provider made the object; changed in its natural key, it is not."""
    inputs, made_id = MAKERS[kind.name](make, api)
    assert locate(api, PendingCreate("urn", kind.name, inputs)) == made_id
    last = kind.natural_key[-1]
    never = {**inputs, last: "never-made-0", "adopt_existing": None}
    assert locate(api, PendingCreate("urn", kind.name, never)) is None
