"""Program wiring under pulumi.runtime.set_mocks: type tokens, inputs passed through, outputs resolving."""

from __future__ import annotations

from typing import Any

import pulumi
import pytest

RECORDED: list[pulumi.runtime.MockResourceArgs] = []


class Mocks(pulumi.runtime.Mocks):
    def new_resource(self, args: pulumi.runtime.MockResourceArgs) -> tuple[str | None, dict[Any, Any]]:
        RECORDED.append(args)
        outputs = dict(args.inputs)
        # As the providers do: the resource id is the object's id, and the outputs repeat it.
        prefix, key = {
            ":Connector": ("id", "connector_id"),
            ":ConnectorVersion": ("vid", "version_id"),
            ":Connection": ("cid", "connection_id"),
        }.get(args.typ[args.typ.rindex(":") :], ("other", "other_id"))
        outputs[key] = f"{prefix}-{args.name}"
        return f"{prefix}-{args.name}", outputs

    def call(self, args: pulumi.runtime.MockCallArgs) -> tuple[dict[Any, Any], list[tuple[str, str]] | None]:
        return {}, None


pulumi.runtime.set_mocks(Mocks(), preview=False)

from versori_pulumi.resources import (  # noqa: E402  (mocks must be set before resources are declared)
    Connection,
    ConnectionArgs,
    Connector,
    ConnectorArgs,
    ConnectorVersion,
    ConnectorVersionArgs,
)


@pytest.fixture(autouse=True)
def _clear() -> None:
    RECORDED.clear()


@pulumi.runtime.test
def test_outputs_feed_the_next_resource() -> Any:
    connector = Connector("acme", ConnectorArgs(name="Acme", base_url="https://api.acme.test"))
    version = ConnectorVersion("v2", ConnectorVersionArgs(connector_id=connector.connector_id, name="2.0.0"))
    connection = Connection(
        "prod",
        ConnectionArgs(
            connector_id=connector.connector_id, name="production", variables=[{"name": "r", "value": "eu"}]
        ),
    )

    def check(values: list[Any]) -> None:
        connector_id, version_connector, connection_connector = values
        assert connector_id == "id-acme"
        assert version_connector == "id-acme" and connection_connector == "id-acme"
        by_type = {r.typ: r for r in RECORDED}
        assert set(by_type) == {
            "pulumi-python:dynamic/versori:Connector",
            "pulumi-python:dynamic/versori:ConnectorVersion",
            "pulumi-python:dynamic/versori:Connection",
        }
        connector_inputs = by_type["pulumi-python:dynamic/versori:Connector"].inputs
        assert connector_inputs["name"] == "Acme" and "__provider" in connector_inputs
        assert "connector_id" not in connector_inputs  # seeded outputs are not sent as inputs
        assert by_type["pulumi-python:dynamic/versori:ConnectorVersion"].inputs["connector_id"] == "id-acme"

    return pulumi.Output.all(connector.connector_id, version.connector_id, connection.connector_id).apply(check)


@pulumi.runtime.test
def test_credentials_input_is_secret() -> Any:
    connection = Connection(
        "secret-conn",
        ConnectionArgs(
            connector_id="c1",
            name="n",
            credentials={
                "action": [{"authSchemeConfig": {}, "credential": {"name": "k", "type": "string", "data": {}}}]
            },
        ),
    )
    return pulumi.Output.all(connection.credentials.is_secret(), connection.connection_id).apply(
        lambda v: (v[0] is True) or pytest.fail("credentials output is not secret")
    )


@pulumi.runtime.test
def test_bigquery_connector_wiring() -> Any:
    from versori_pulumi import BigQueryConnector, BigQueryConnectorArgs
    from versori_pulumi.inputs import GoogleServiceAccountAuthSchemeConfigArgs

    warehouse = BigQueryConnector(
        "warehouse",
        BigQueryConnectorArgs(
            name="Warehouse",
            dataset_id="acme-data.sales",
            auth_scheme_configs=[GoogleServiceAccountAuthSchemeConfigArgs(description="sa")],
        ),
    )

    def check(values: list[Any]) -> None:
        connector_id, configs = values
        assert connector_id == "other-warehouse"  # the resource id, as for Connector
        assert configs == [{"scheme_type": "google-service-account", "description": "sa"}]  # read back in snake_case
        (recorded,) = [r for r in RECORDED if r.typ == "pulumi-python:dynamic/versori:BigQueryConnector"]
        assert recorded.inputs["dataset_id"] == "acme-data.sales"
        assert recorded.inputs["auth_scheme_configs"] == [{"schemeType": "google-service-account", "description": "sa"}]
        assert "connector_id" not in recorded.inputs

    return pulumi.Output.all(warehouse.connector_id, warehouse.auth_scheme_configs).apply(check)


@pulumi.runtime.test
def test_lookup_outputs_resolve_when_their_input_does(emulator: Any) -> Any:
    from versori_pulumi.client import ConnectClient
    from versori_pulumi.emulator import LIBRARY_SLACK_ID
    from versori_pulumi.lookups import get_connector_output, get_library_connector_output

    api = ConnectClient(emulator.base_url, emulator.org_id, emulator.api_key)
    imported = api.import_library_version(LIBRARY_SLACK_ID, "latest")
    library = get_library_connector_output(pulumi.Output.from_input("Slack"), client=api)
    copy = get_connector_output(library.apply(lambda info: info.name), client=api)  # a name from an output

    def check(values: list[Any]) -> None:
        library_info, copy_info = values
        assert library_info.id == LIBRARY_SLACK_ID and copy_info.id == imported.id != library_info.id
        api.close()

    return pulumi.Output.all(library, copy).apply(check)
