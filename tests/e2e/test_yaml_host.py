"""Pulumi's YAML language host, built by scripts/setup-pulumi.sh: a YAML program runs with the plain CLI."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from versori_pulumi.client import ConnectClient
from versori_pulumi.emulator import EmulatorServer

from .harness import StackFactory

pytestmark = pytest.mark.e2e

PROGRAM = """\
name: yaml-host
runtime: yaml
config:
  greeting:
    type: string
    default: hello
variables:
  parts: ["${greeting}", "world"]
outputs:
  message: ${greeting}, world
  second: ${parts[1]}
  items: [1, 2, 3]
"""


def test_yaml_program_runs_with_config_and_outputs(stack_factory: StackFactory, tmp_path: Path) -> None:
    folder = tmp_path / "yaml-host"
    folder.mkdir()
    (folder / "Pulumi.yaml").write_text(PROGRAM)
    stack = stack_factory.create_project(folder, stack_name="dev", config={"yaml-host:greeting": "hi"})
    outputs = stack.up().outputs
    assert outputs["message"].value == "hi, world"
    assert outputs["second"].value == "world"
    assert outputs["items"].value == [1, 2, 3]
    assert {op: n for op, n in (stack.preview().change_summary or {}).items() if op != "same"} == {}


VERSORI_PROGRAM = """\
name: yaml-versori
runtime: yaml
plugins:
  providers:
    - name: versori
      path: {plugin_dir}
variables:
  categories:
    fn::invoke:
      function: versori:index:getCategories
      return: items
resources:
  probe:
    type: versori:index:Connector
    properties:
      name: YAML probe
      baseUrl: https://probe.example
outputs:
  connector_id: ${{probe.connectorId}}
  some_category: ${{categories[0]}}
"""


def test_yaml_program_with_versori_resources(
    emulator: EmulatorServer, stack_factory: StackFactory, tmp_path: Path
) -> None:
    folder = tmp_path / "yaml-versori"
    folder.mkdir()
    (folder / "Pulumi.yaml").write_text(VERSORI_PROGRAM.format(plugin_dir=Path(sys.executable).parent))
    stack = stack_factory.create_project(
        folder,
        stack_name="dev",
        config={"versori:baseUrl": emulator.base_url, "versori:organisationId": emulator.org_id},
        secrets={"versori:apiKey": emulator.api_key},
    )
    outputs = stack.up().outputs
    with ConnectClient(emulator.base_url, emulator.org_id, emulator.api_key) as api:
        assert api.get_connector(outputs["connector_id"].value).name == "YAML probe"
        assert outputs["some_category"].value in api.list_categories()
    assert {op: n for op, n in (stack.preview().change_summary or {}).items() if op != "same"} == {}
