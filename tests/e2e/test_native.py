"""The native face on the real engine: a Python program through ``pulumi_versori`` (the plugin
``pulumi-resource-versori`` found on PATH, in the virtualenv's bin), against the emulator.

- up, ``preview --expect-no-changes``, edits that update or replace as the catalogue expects (the preview's
  operations equal the up's), ``refresh --expect-no-changes``, destroy;
- ``pulumi import`` of every kind, then ``refresh --expect-no-changes``, and the generated program;
- a dynamic and a native stack of the same program make the same remote objects;
- the plan-equals-apply catalogue (test_plan_equals_apply.py) and the 30%-fault run (test_faults.py), their
  programs on ``pulumi_versori``.
"""

from __future__ import annotations

import copy
import importlib
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from pulumi import automation as auto
from pulumi.automation._stack import ImportResource  # not re-exported by pulumi.automation

from versori_pulumi.client import ConnectClient
from versori_pulumi.emulator import LIBRARY_SLACK_ID, EmulatorServer

from .harness import StackFactory
from .plan_catalogue import ops_of
from .test_faults import (
    Scenario,
    assert_faulted_lifecycle_ends_as_the_clean_one,
    assert_no_secret_in_state_logs_or_output,
    run_scenario,
)
from .test_plan_equals_apply import run_catalogue

pytestmark = pytest.mark.e2e

API_KEY = {"scheme_type": "api-key", "description": "key", "name": "X-Api-Key", "in_": "header"}
SECRET = "conn-s3cret-1"
CLIENT_SECRET = "client-s3cret-1"


def base_spec() -> dict[str, Any]:
    return {
        "connector": "Native Acme",
        "version_description": "first",
        "secret": SECRET,
    }


def program(spec: Callable[[], dict[str, Any]], face: str = "pulumi_versori") -> Callable[[], None]:
    """Every kind, from ``face``'s module (``pulumi_versori``, or ``versori_pulumi`` for the dynamic face)."""

    def run() -> None:
        import pulumi

        versori: Any = importlib.import_module(face)
        s = spec()
        oauth = {
            "scheme_type": "oauth2",
            "description": "app",
            "authorize_url": "https://acme.test/oauth/authorize",
            "token_url": "https://acme.test/oauth/token",
            "grant": {
                "grant_type": "authorization_code",
                "client_id": "app-id",
                "client_secret": pulumi.Output.secret(CLIENT_SECRET),
            },
        }
        connector = versori.Connector(
            "acme",
            versori.ConnectorArgs(
                name=s["connector"],
                base_url="https://api.acme.test",
                tags={"team": ["platform"]},
                auth_scheme_configs=[API_KEY, oauth],
                force_delete=True,
            ),
        )
        version = versori.ConnectorVersion(
            "v1",
            versori.ConnectorVersionArgs(
                connector_id=connector.connector_id,
                name="1.0.0",
                description=s["version_description"],
                published=True,
                force_delete=True,
            ),
        )
        versori.ConnectorDefaultVersion(
            "default", versori.ConnectorDefaultVersionArgs(connector_id=connector.connector_id, version=version)
        )
        versori.Connection(
            "prod",
            versori.ConnectionArgs(
                connector_id=connector.connector_id,
                name="production",
                credentials={
                    "action": [
                        {
                            "auth_scheme_config": connector.auth_scheme_configs[0],
                            "credential": {"name": "key", "type": "string", "value": pulumi.Output.secret(s["secret"])},
                        }
                    ]
                },
                force_delete=True,
            ),
        )
        versori.ImportedConnector(
            "slack", versori.ImportedConnectorArgs(library_connector_id=LIBRARY_SLACK_ID, force_delete=True)
        )
        versori.BigQueryConnector(
            "warehouse",
            versori.BigQueryConnectorArgs(
                name="Warehouse",
                dataset_id="acme.sales",
                auth_scheme_configs=[{"scheme_type": "google-service-account", "description": "service account"}],
                force_delete=True,
            ),
        )
        pulumi.export("connector_id", connector.connector_id)

    return run


def config_of(emulator: EmulatorServer) -> tuple[dict[str, str], dict[str, str]]:
    return (
        {"versori:baseUrl": emulator.base_url, "versori:organisationId": emulator.org_id},
        {"versori:apiKey": emulator.api_key},
    )


def changed(ops: dict[str, str]) -> dict[str, str]:
    return {name: op for name, op in sorted(ops.items()) if op != "same"}


def preview_then_up(stack: auto.Stack) -> dict[str, str]:
    """The planned operations, which must be those up then performs; returns them."""
    planned: list[auto.EngineEvent] = []
    text: list[str] = []
    stack.preview(on_event=planned.append, diff=True, on_output=text.append)
    shown = "\n".join(text)
    assert SECRET not in shown and CLIENT_SECRET not in shown, "a secret in `pulumi preview --diff`"
    applied: list[auto.EngineEvent] = []
    stack.up(on_event=applied.append)
    assert changed(ops_of(planned)) == changed(ops_of(applied))
    return changed(ops_of(applied))


def test_up_edit_refresh_on_the_native_face(emulator: EmulatorServer, stack_factory: StackFactory) -> None:
    spec = base_spec()
    config, secrets = config_of(emulator)
    stack = stack_factory.create(program(lambda: spec), project_name="native-e2e", config=config, secrets=secrets)
    created = preview_then_up(stack)
    assert set(created.values()) == {"create"} and len(created) == 6, created
    stack.preview(expect_no_changes=True)

    edits: list[tuple[Callable[[dict[str, Any]], None], dict[str, str]]] = [
        (lambda s: s.update(connector="Native Acme 2"), {"acme": "update"}),
        (lambda s: s.update(version_description="second"), {"v1": "update"}),
        (lambda s: s.update(secret="conn-s3cret-2"), {"prod": "replace"}),
    ]
    for edit, expected in edits:
        edit(spec)
        assert preview_then_up(stack) == expected
        stack.preview(expect_no_changes=True)

    stack.refresh(expect_no_changes=True)
    stack.preview(expect_no_changes=True)
    stack.destroy()
    client = ConnectClient(emulator.base_url, emulator.org_id, emulator.api_key)
    assert [c.name for c in client.list_connectors()] == []


IMPORTS = (
    ("versori:index:Connector", "acme", "{c}"),
    ("versori:index:ConnectorVersion", "v1", "{c}/{v1}"),
    ("versori:index:Connection", "prod", "{c}/{prod}"),
    ("versori:index:ConnectorDefaultVersion", "default", "{c}"),
    ("versori:index:ImportedConnector", "slack", "{slack}"),
    ("versori:index:BigQueryConnector", "warehouse", "{warehouse}"),
)


def test_import_every_kind_then_refresh_shows_no_change(emulator: EmulatorServer, stack_factory: StackFactory) -> None:
    spec = base_spec()
    config, secrets = config_of(emulator)
    source = stack_factory.create(program(lambda: spec), project_name="native-src", config=config, secrets=secrets)
    source.up()
    ids = {
        r["urn"].split("::")[-1]: r["id"]
        for r in source.export_stack().deployment["resources"]
        if r["type"].startswith("versori:index:")
    }
    ids["c"] = ids["acme"]

    target = stack_factory.create(lambda: None, project_name="native-imp", config=config, secrets=secrets)
    resources = [ImportResource(type=token, name=name, id=form.format(**ids)) for token, name, form in IMPORTS]
    result = target.import_resources(resources=resources, protect=False, generate_code=True)
    imported = {
        r["urn"].split("::")[-1]: r["id"]
        for r in target.export_stack().deployment["resources"]
        if r["type"].startswith("versori:index:")
    }
    assert imported == {name: ids[name] for _t, name, _f in IMPORTS}  # the objects' own ids, as on the dynamic face
    code = result.generated_code
    assert "import pulumi_versori as versori" in code and "versori.Connection(" in code
    assert SECRET not in code and CLIENT_SECRET not in code
    assert f'library_connector_id="{LIBRARY_SLACK_ID}"' in code
    target.refresh(expect_no_changes=True)
    source.destroy()  # the objects go; the target's destroy (at cleanup) then finds them gone


def _objects(emulator: EmulatorServer) -> list[dict[str, Any]]:
    """The organisation's objects without their ids and timestamps: what two faces must agree on."""
    client = ConnectClient(emulator.base_url, emulator.org_id, emulator.api_key)
    drop = {"id", "createdAt", "updatedAt", "publishedAt", "organisationId", "connectorId", "versionId", "expiresAt"}

    def clean(value: Any) -> Any:
        if isinstance(value, dict):
            return {k: clean(v) for k, v in sorted(value.items()) if k not in drop}
        if isinstance(value, list):
            return [clean(v) for v in value]
        return value

    found = []
    for connector in sorted(client.list_connectors(), key=lambda c: c.name):
        versions = sorted(client.list_versions(connector.id), key=lambda v: v.name)
        connections = sorted(
            (client.get_connection(connector.id, s.id) for s in client.list_connections(connector.id)),
            key=lambda c: c.name,
        )
        dumped = client.get_connector(connector.id).model_dump(mode="json")
        found.append(
            clean(
                {
                    "connector": dumped,
                    "versions": [v.model_dump(mode="json") for v in versions],
                    "connections": [c.model_dump(mode="json") for c in connections],
                }
            )
        )
    return found


def test_a_dynamic_and_a_native_stack_make_the_same_objects(
    emulator: EmulatorServer, stack_factory: StackFactory
) -> None:
    spec = base_spec()
    config, secrets = config_of(emulator)
    made: dict[str, list[dict[str, Any]]] = {}
    for face in ("versori_pulumi", "pulumi_versori"):
        stack = stack_factory.create(
            program(lambda: copy.deepcopy(spec), face), project_name=f"same-{face}", config=config, secrets=secrets
        )
        stack.up()
        made[face] = _objects(emulator)
        stack.destroy()
    assert made["versori_pulumi"] and made["versori_pulumi"] == made["pulumi_versori"]


def test_every_catalogue_edit_previews_what_up_does_on_the_native_face(
    emulator: EmulatorServer, stack_factory: StackFactory
) -> None:
    """The plan-equals-apply catalogue (tests/e2e/test_plan_equals_apply.py), its program on ``pulumi_versori``."""
    run_catalogue(emulator, stack_factory, "pulumi_versori")


@pytest.fixture(scope="module")
def native_faults(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Scenario]:
    """The 30%-fault run of tests/e2e/test_faults.py, its program on ``pulumi_versori``."""
    yield from run_scenario(tmp_path_factory, "pulumi_versori")


def test_faulted_lifecycle_ends_as_the_clean_one_on_the_native_face(native_faults: Scenario) -> None:
    assert_faulted_lifecycle_ends_as_the_clean_one(native_faults)


def test_no_secret_in_state_logs_or_output_on_the_native_face(native_faults: Scenario) -> None:
    assert_no_secret_in_state_logs_or_output(native_faults)
