"""The large-stack mode (``versori:adoptOwned``): a create that meets what *this stack* made (its answer lost, its
state never written) adopts it; anything the stack did not make is never adopted that way."""

from __future__ import annotations

from typing import Any

import pytest

from versori_pulumi._core.ownership import OWNER_TAG, adopt_owned_enabled
from versori_pulumi.client import ConnectClient
from versori_pulumi.connection_provider import ConnectionProvider
from versori_pulumi.connector_provider import ConnectorProvider
from versori_pulumi.connector_version_provider import ConnectorVersionProvider
from versori_pulumi.errors import VersoriError
from versori_pulumi.models import HTTPConnectorCreate

from ._support import checked, configured

OWNER = "organization/fleet/prod"


def owned_mode(emulator: Any, cls: type[Any], on: bool = True) -> Any:
    return configured(emulator, cls, **({"versori:adoptOwned": "true"} if on else {}))


def connector_inputs(provider: Any, **extra: Any) -> dict[str, Any]:
    return checked(provider, {"name": "Fleet 1", "base_url": "https://f.test", "tags": {"team": ["x"]}, **extra})


def test_the_switch_reads_config_then_environment() -> None:
    assert adopt_owned_enabled({"versori:adoptOwned": "true"}.get, env={})
    assert not adopt_owned_enabled({}.get, env={})
    assert adopt_owned_enabled({}.get, env={"VERSORI_ADOPT_OWNED": "1"})
    assert not adopt_owned_enabled({"versori:adoptOwned": "false"}.get, env={"VERSORI_ADOPT_OWNED": "1"})


def test_a_lost_create_of_this_stack_is_adopted_with_its_children(emulator: Any, api: ConnectClient) -> None:
    connectors = owned_mode(emulator, ConnectorProvider)
    inputs = connector_inputs(connectors, owner=OWNER)
    first = connectors.create(inputs)
    live = api.get_connector(first.id)
    assert live.tags == {"team": ["x"], OWNER_TAG: [OWNER]} and first.outs["owned"] is True
    read = connectors.read(first.id, first.outs)
    assert read.inputs["tags"] == {"team": ["x"]}  # the marker is the provider's, not the program's
    assert connectors.diff(first.id, read.outs, inputs).changes is False

    # The same create again, as after a killed `up` that never recorded the first one: adopted, not duplicated.
    again = connectors.create(inputs)
    assert again.id == first.id and [c.id for c in api.list_connectors()] == [first.id]

    # An update keeps the marker.
    edited = connector_inputs(connectors, owner=OWNER, tags={"team": ["y"]})
    connectors.update(first.id, again.outs, edited)
    assert api.get_connector(first.id).tags == {"team": ["y"], OWNER_TAG: [OWNER]}

    versions = owned_mode(emulator, ConnectorVersionProvider)
    version_inputs = checked(versions, {"connector_id": first.id, "name": "1.0.0", "owner": OWNER})
    v1 = versions.create(version_inputs)
    assert versions.create(version_inputs).id == v1.id and len(list(api.list_versions(first.id))) == 1

    connections = owned_mode(emulator, ConnectionProvider)
    connection_inputs = checked(connections, {"connector_id": first.id, "name": "production", "owner": OWNER})
    c1 = connections.create(connection_inputs)
    assert connections.create(connection_inputs).id == c1.id and len(list(api.list_connections(first.id))) == 1


@pytest.mark.parametrize("case", ["made elsewhere", "another stack", "mode off"])
def test_what_this_stack_did_not_make_is_never_adopted(emulator: Any, api: ConnectClient, case: str) -> None:
    tags = {OWNER_TAG: ["organization/other/prod"]} if case == "another stack" else {}
    existing = api.create_http_connector(HTTPConnectorCreate(name="Fleet 1", base_url="https://f.test", tags=tags))
    connectors = owned_mode(emulator, ConnectorProvider, on=case != "mode off")
    with pytest.raises(VersoriError, match="set adopt_existing='Fleet 1'"):
        connectors.create(connector_inputs(connectors, owner=OWNER))
    assert [c.id for c in api.list_connectors()] == [existing.id]
    assert api.get_connector(existing.id).tags == tags  # untouched

    # Nor are its versions: the connector is not this stack's.
    api_version = checked(
        owned_mode(emulator, ConnectorVersionProvider), {"connector_id": existing.id, "name": "1.0.0"}
    )
    versions = owned_mode(emulator, ConnectorVersionProvider)
    versions.create({**api_version, "owner": "x"})  # made by someone (no marker on the connector)
    with pytest.raises(VersoriError, match="adopt_existing"):
        versions.create({**api_version, "owner": OWNER})


@pytest.mark.parametrize("cls", [ConnectorProvider, ConnectorVersionProvider, ConnectionProvider])
def test_leaving_the_mode_keeps_the_stack_name_applied(cls: type[Any], emulator: Any) -> None:
    """Off, the program sends no ``owner``: check keeps the one applied, so the marker stays on the connector's
    updates and the inputs diff as no change (no ``- owner`` line in the preview)."""
    provider = owned_mode(emulator, cls, on=False)
    base = {"name": "Fleet 1", "base_url": "https://f.test"} if cls is ConnectorProvider else {"name": "n"}
    if cls is not ConnectorProvider:
        base["connector_id"] = "01J0000000000000000000000C"
    before = checked(provider, {**base, "owner": OWNER})
    after = provider.check(before, dict(base))
    assert not after.failures and after.inputs["owner"] == OWNER
    assert provider.diff("id", before, after.inputs).changes is False
    assert "owner" not in provider.check({}, dict(base)).inputs  # never made up
