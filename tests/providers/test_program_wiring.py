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
                "action": [
                    {"authSchemeConfig": {}, "credential": {"name": "k", "type": "string", "data": {"value": "v"}}}
                ]
            },
        ),
    )
    return pulumi.Output.all(connection.credentials.is_secret(), connection.connection_id).apply(
        lambda v: (v[0] is True) or pytest.fail("credentials output is not secret")
    )


@pulumi.runtime.test
def test_a_config_without_secret_sends_no_secrets_property() -> Any:
    """An api-key config holds no secret: the bag has no secrets property (each key costs every preview) and the
    configs' output is not secret; an OAuth 2.0 client secret makes both so."""
    from versori_pulumi.inputs import ApiKeyAuthSchemeConfigArgs

    plain = Connector(
        "plain",
        ConnectorArgs(
            name="Plain",
            base_url="https://p.test",
            auth_scheme_configs=[ApiKeyAuthSchemeConfigArgs(description="k", name="X-Key", in_="header")],
        ),
    )
    oauth = {"scheme_type": "oauth2", "grant": {"grant_type": "client_credentials", "client_secret": "shh"}}
    guarded = Connector(
        "guarded", ConnectorArgs(name="Guarded", base_url="https://g.test", auth_scheme_configs=[oauth])
    )

    def check(values: list[Any]) -> None:
        plain_secret, guarded_secret = values
        bags = {r.name: r.inputs for r in RECORDED}
        assert "auth_scheme_secrets" not in bags["plain"] and "auth_scheme_secrets" in bags["guarded"]
        assert plain_secret is False and guarded_secret is True

    return pulumi.Output.all(plain.auth_scheme_configs.is_secret(), guarded.auth_scheme_configs.is_secret()).apply(
        check
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
        assert recorded.inputs["auth_scheme_configs"] == [
            {"scheme_type": "google-service-account", "description": "sa"}
        ]
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


@pytest.fixture
def bags(monkeypatch: pytest.MonkeyPatch) -> dict[str, set[str]]:
    """The keys of each dynamic resource's property bag, by resource name (each key costs the SDK an Output)."""
    found: dict[str, set[str]] = {}
    register = pulumi.dynamic.Resource.__init__

    def spy(self: Any, provider: Any, name: str, props: dict[str, Any], opts: Any = None) -> None:
        found[name] = set(props)
        register(self, provider, name, props, opts)

    monkeypatch.setattr(pulumi.dynamic.Resource, "__init__", spy)
    return found


@pulumi.runtime.test
def test_the_property_bag_holds_the_inputs_given_and_the_declared_outputs(bags: dict[str, set[str]]) -> Any:
    connector = Connector("lean", ConnectorArgs(name="Lean", base_url="https://l.test"))
    tagged = Connector("tagged", ConnectorArgs(name="Tagged", base_url="https://t.test", tags={"a": ["b"]}))
    version = ConnectorVersion("lean-v1", ConnectorVersionArgs(connector_id=connector.connector_id, name="1.0.0"))
    Connection("lean-prod", ConnectionArgs(connector_id=connector.connector_id, name="production"))
    assert bags["lean"] == {"name", "base_url", "organisation_id", "protocol", "created_at"}
    assert bags["tagged"] == bags["lean"] | {"tags"}
    assert bags["lean-v1"] == {"connector_id", "name", "published_at", "created_at"}
    assert bags["lean-prod"] == {"connector_id", "name", "credential_ids", "created_at"}

    def check(values: list[Any]) -> None:
        # Inputs left out read as the default check gives them; given ones as given.
        assert values == [False, {}, [], False, {"a": ["b"]}]

    return pulumi.Output.all(
        connector.public, connector.tags, connector.categories, version.published, tagged.tags
    ).apply(check)


@pulumi.runtime.test
def test_the_stack_is_named_for_the_marker_only_in_the_large_stack_mode(bags: dict[str, set[str]]) -> Any:
    pulumi.runtime.set_config("versori:adoptOwned", "true")
    try:
        connector = Connector("marked", ConnectorArgs(name="Marked", base_url="https://m.test"))
        ConnectorVersion("marked-v1", ConnectorVersionArgs(connector_id=connector.connector_id, name="1.0.0"))
        Connection("marked-prod", ConnectionArgs(connector_id=connector.connector_id, name="production"))
    finally:
        pulumi.runtime.set_config("versori:adoptOwned", "false")
    Connector("plain", ConnectorArgs(name="Plain", base_url="https://p.test"))
    assert all("owner" in bags[name] for name in ("marked", "marked-v1", "marked-prod"))
    assert "owner" not in bags["plain"]
    return connector.id.apply(lambda _: None)


@pulumi.runtime.test
def test_a_resources_own_outputs_are_left_to_its_registration() -> Any:
    """Its id, urn and bag outputs are out of the SDK's end-of-program wait (resolved by the registration RPC, which
    the SDK awaits anyway); what a program derives from them stays in it, so no apply is cut short."""
    from pulumi.runtime.settings import SETTINGS

    assert hasattr(pulumi.Output, "_untrack"), "this SDK cannot untrack: the large-preview saving is lost"
    connector = Connector("settled", ConnectorArgs(name="Settled", base_url="https://s.test"))
    own = [connector.id, connector.urn, connector.name, connector.created_at]
    derived = connector.name.apply(str.upper)
    with SETTINGS.lock:
        tracked = set(SETTINGS.outputs)
    assert not [o for o in own if o._data in tracked]
    assert derived._data in tracked or derived._data.done()
    return pulumi.Output.all(connector.id, derived).apply(
        lambda v: v == ["id-settled", "SETTLED"] or pytest.fail(str(v))
    )


@pulumi.runtime.test
def test_the_sdk_reads_a_classs_output_types_once(monkeypatch: pytest.MonkeyPatch) -> Any:
    """The SDK evaluates a resource class's annotations when each registration returns; for our classes it does so
    once per class (``versori_pulumi._program.sdk_types``), not once per resource, and answers the same types."""
    from pulumi import _types

    evaluated: list[type] = []
    real = _types._types_from_annotations

    def counted(cls: type) -> dict[str, type]:
        evaluated.append(cls)
        return real(cls)

    monkeypatch.setattr(_types, "_types_from_annotations", counted)
    connectors = [Connector(f"typed{n}", ConnectorArgs(name=f"T{n}", base_url="https://t.test")) for n in range(3)]
    assert _types.resource_types(Connector) == {name: str for name in Connector.__annotations__}

    def check(names: list[str]) -> None:
        assert names == ["T0", "T1", "T2"]
        assert evaluated.count(Connector) <= 1, evaluated

    return pulumi.Output.all(*(connector.name for connector in connectors)).apply(check)


@pulumi.runtime.test
def test_an_input_left_out_reads_as_what_check_stores_for_it() -> Any:
    """Every output echoing an input with a default, the input left out, is what the provider takes it for (its
    spec's default, in the program's names; ``check`` stores nothing for it): the resource classes do not restate a
    default."""
    from versori_pulumi import BigQueryConnector, BigQueryConnectorArgs
    from versori_pulumi._program.wire import to_snake
    from versori_pulumi.bigquery_connector_provider import SPEC as BIGQUERY
    from versori_pulumi.connection_provider import SPEC as CONNECTION
    from versori_pulumi.connector_provider import SPEC as CONNECTOR
    from versori_pulumi.connector_version_provider import SPEC as VERSION

    connector = {"name": "Bare", "base_url": "https://b.test"}
    version = {"connector_id": "c1", "name": "1.0.0"}
    connection = {"connector_id": "c1", "name": "bare"}
    bigquery = {"name": "BQ", "dataset_id": "p.d"}
    declared = [
        (Connector("bare", ConnectorArgs(**connector)), CONNECTOR, connector),
        (ConnectorVersion("bare-v", ConnectorVersionArgs(**version)), VERSION, version),
        (Connection("bare-c", ConnectionArgs(**connection)), CONNECTION, connection),
        (BigQueryConnector("bare-bq", BigQueryConnectorArgs(**bigquery)), BIGQUERY, bigquery),
    ]
    expected: list[Any] = []
    outputs: list[pulumi.Output[Any]] = []
    for resource, spec, given in declared:
        checked = spec.schema.check(given).inputs
        kind = type(resource).__name__
        for name, field in spec.inputs.items():
            if field.output and field.default is not None:
                assert name not in checked
                expected.append([kind, name, to_snake(spec.schema.canonical_or_raw(name, checked.get(name)))])
                outputs.append(getattr(resource, name).apply(lambda value, k=kind, n=name: [k, n, value]))
    assert len(expected) == 12  # Connector 5, ConnectorVersion 1, Connection 2, BigQueryConnector 4

    return pulumi.Output.all(*outputs).apply(lambda got: got == expected or pytest.fail(f"{got} != {expected}"))
