"""The move of a dynamic stack to the native face without touching the organisation (docs/native-import.md), with
the plain CLI: examples/quickstart up on the dynamic face; its objects forgotten by the stack and imported by id
into the same stack, now a program on the native face (a YAML twin, or the same Python program importing
``pulumi_versori``); a preview with no changes; the same objects remotely, and not one request to the API during
the move."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from versori_pulumi.client import ConnectClient
from versori_pulumi.emulator import EmulatorServer

from ._cli import pulumi, pulumi_import, versori_command
from .harness import TESTS_DIR, StackFactory
from .test_examples import changes, example_project, provider_config

pytestmark = pytest.mark.e2e

NATIVE_TWIN = TESTS_DIR / "e2e" / "projects" / "quickstart_native" / "Pulumi.yaml"
PLUGIN = "plugins:\n  providers:\n    - name: versori\n      path: ../../.venv/bin\n"


def _to_native(folder: Path, language: str) -> None:
    """The program switched to the native face, each resource keeping its name."""
    if language == "yaml":
        (folder / "__main__.py").unlink()
        shutil.copy(NATIVE_TWIN, folder / "Pulumi.yaml")
        return
    program = (folder / "__main__.py").read_text()
    assert "from versori_pulumi import (" in program
    (folder / "__main__.py").write_text(program.replace("from versori_pulumi import (", "from pulumi_versori import ("))
    (folder / "Pulumi.yaml").write_text((folder / "Pulumi.yaml").read_text() + PLUGIN)


def _objects(api: ConnectClient) -> dict[str, str]:
    """Every object of the organisation: its id -> what it is."""
    found: dict[str, str] = {}
    for connector in api.list_connectors():
        found[connector.id] = f"connector {connector.name}"
        found |= {v.id: f"version {v.name} default={v.is_default}" for v in api.list_versions(connector.id)}
        found |= {c.id: f"connection {c.name}" for c in api.list_connections(connector.id)}
    return found


@pytest.mark.parametrize("language", ["yaml", "python"])
def test_dynamic_stack_moves_to_the_native_face_untouched(
    emulator: EmulatorServer, stack_factory: StackFactory, language: str
) -> None:
    project, folder = example_project(stack_factory, "quickstart")
    stack = stack_factory.create_project(
        folder,
        stack_name="dev",
        config=provider_config(emulator),
        secrets={"versori:apiKey": emulator.api_key, f"{project}:acmeKey": "acme-secret-key"},
    )
    outputs = stack.up().outputs
    with ConnectClient(emulator.base_url, emulator.org_id, emulator.api_key) as api:
        before = _objects(api)
    assert len(before) == 3  # a connector, its version (the default), a connection

    emulator.reset()  # the request counters: from here on, the move must send nothing
    pulumi(stack_factory, folder, "stack", "export", "--stack", "dev", "--file", "dynamic.json")
    versori_command(
        stack_factory,
        folder,
        "versori_pulumi.import_document",
        "--from-state",
        "dynamic.json",
        "--removal-list",
        "forget.txt",
        "-o",
        "import.json",
    )
    forget = (folder / "forget.txt").read_text().split()
    assert len(forget) == 5 and forget[-1].endswith("pulumi:providers:pulumi-python::default")
    for urn in forget:
        pulumi(stack_factory, folder, "state", "delete", "--stack", "dev", "--yes", urn)

    _to_native(folder, language)
    imported = pulumi_import(stack_factory, folder, "dev", "import.json", "--protect=false", "--generate-code=false")
    assert "= 4 imported" in imported.stdout

    preview = stack.preview(expect_no_changes=True, diff=True)
    assert changes(preview.change_summary) == {}
    assert emulator.stats() == {}  # export, state edits, import and preview: not one API request

    with ConnectClient(emulator.base_url, emulator.org_id, emulator.api_key) as api:
        assert _objects(api) == before  # the same objects, same ids
    after = stack.up().outputs
    assert {k: v.value for k, v in after.items()} == {k: v.value for k, v in outputs.items()}
    assert not [route for route in emulator.stats() if not route.startswith("GET ")]  # nothing written
    assert changes(stack.refresh().summary.resource_changes) == {}  # read back: the state matches the objects
    resources = stack.export_stack().deployment["resources"]
    ids = {r["id"] for r in resources if r["type"].startswith("versori:index:")}
    assert ids <= set(before) and len(ids) == 3  # the objects' own ids (a default version's is its connector's)
    types = {r["type"] for r in resources}
    assert {t for t in types if t.startswith("versori:")} == {
        "versori:index:Connector",
        "versori:index:ConnectorVersion",
        "versori:index:ConnectorDefaultVersion",
        "versori:index:Connection",
    }
    assert "pulumi:providers:pulumi-python" not in types
