"""End to end: a BigQuery connector and a connection on it holding a service account key, on the real engine.

One stack through up, the empty plan (no request at preview), an in-place update that leaves the connection alone,
refresh seeing an out-of-band edit, the next up undoing it, no key in exported state, and destroy.
"""

from __future__ import annotations

import base64
import json
from collections.abc import Callable
from typing import Any

import pulumi
import pytest

from versori_pulumi.client import ConnectClient
from versori_pulumi.emulator import EmulatorServer
from versori_pulumi.models import BigQueryConnector as BigQueryConnectorModel
from versori_pulumi.models import BigQueryConnectorUpdate

from .harness import StackFactory

pytestmark = pytest.mark.e2e

KEY_FILE = json.dumps({"type": "service_account", "project_id": "acme-data", "private_key": "bq-e2e-private-key"})


def program(desired: dict[str, Any]) -> Callable[[], None]:
    def run() -> None:
        from versori_pulumi import BigQueryConnector, BigQueryConnectorArgs, Connection, ConnectionArgs
        from versori_pulumi.inputs import (
            BinaryCredentialArgs,
            ConnectionCredentialArgs,
            ConnectionCredentialsArgs,
            GoogleServiceAccountAuthSchemeConfigArgs,
        )

        warehouse = BigQueryConnector(
            "warehouse",
            BigQueryConnectorArgs(
                name="Warehouse",
                dataset_id=desired["dataset_id"],
                tags={"team": ["data"]},
                auth_scheme_configs=[GoogleServiceAccountAuthSchemeConfigArgs(description="service account")],
            ),
        )
        key = pulumi.Config().require_secret("serviceAccountKey")
        connection = Connection(
            "analytics",
            ConnectionArgs(
                connector_id=warehouse.connector_id,
                name="analytics",
                credentials=ConnectionCredentialsArgs(
                    action=[
                        ConnectionCredentialArgs(
                            auth_scheme_config=warehouse.auth_scheme_configs[0],
                            credential=BinaryCredentialArgs(
                                name="sa-key", value_base64=key.apply(lambda k: base64.b64encode(k.encode()).decode())
                            ),
                        )
                    ]
                ),
            ),
        )
        pulumi.export("connector_id", warehouse.connector_id)
        pulumi.export("connection_id", connection.connection_id)

    return run


def changes(summary: dict[str, int]) -> dict[str, int]:
    return {op: n for op, n in summary.items() if op != "same" and n}


def test_bigquery_connector_and_connection(emulator: EmulatorServer, stack_factory: StackFactory) -> None:
    desired = {"dataset_id": "acme-data.sales"}
    stack = stack_factory.create(
        program(desired),
        stack_name="bigquery",
        config={"versori:baseUrl": emulator.base_url, "versori:organisationId": emulator.org_id},
        secrets={"versori:apiKey": emulator.api_key, "versori-e2e:serviceAccountKey": KEY_FILE},
    )
    api = ConnectClient(emulator.base_url, emulator.org_id, emulator.api_key)

    up = stack.up()
    assert changes(up.summary.resource_changes or {}) == {"create": 3}  # 2 resources + the stack
    connector_id = up.outputs["connector_id"].value
    live = api.get_connector(connector_id)
    assert isinstance(live, BigQueryConnectorModel) and live.dataset_id == "acme-data.sales"
    connection = api.get_connection(connector_id, up.outputs["connection_id"].value)
    credential = connection.credentials.action[0]
    assert credential.auth_scheme_config.scheme_type == "google-service-account"
    assert credential.credential.type == "binary"

    emulator.reset()
    assert changes(stack.preview().change_summary) == {}
    assert emulator.stats() == {}  # a no-change preview sends no request

    desired["dataset_id"] = "acme-data.sales_v2"
    assert changes(stack.preview().change_summary) == {"update": 1}  # the connection stays: the id is known
    assert changes(stack.up().summary.resource_changes or {}) == {"update": 1}
    live = api.get_connector(connector_id)
    assert isinstance(live, BigQueryConnectorModel) and live.dataset_id == "acme-data.sales_v2"

    api.update_connector(
        connector_id,
        BigQueryConnectorUpdate(
            id=connector_id,
            organisation_id=emulator.org_id,
            name="Warehouse",
            dataset_id="evil-proj.stolen",
            auth_scheme_config_ids=[c.id for c in live.auth_scheme_configs],
        ),
    )
    assert changes(stack.refresh().summary.resource_changes or {}) == {"update": 1}
    assert changes(stack.up().summary.resource_changes or {}) == {"update": 1}
    live = api.get_connector(connector_id)
    assert isinstance(live, BigQueryConnectorModel) and live.dataset_id == "acme-data.sales_v2"
    assert live.tags == {"team": ["data"]}
    assert changes(stack.preview().change_summary) == {}

    ws = stack.workspace
    exported = ws.pulumi_command.run(["stack", "export", "--stack", stack.name], ws.work_dir, ws.env_vars).stdout
    for secret in ("bq-e2e-private-key", base64.b64encode(KEY_FILE.encode()).decode()[:40], emulator.api_key):
        assert secret not in exported

    stack.destroy()
    assert list(api.list_connectors()) == []
    api.close()
