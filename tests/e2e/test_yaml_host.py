"""Pulumi's YAML language host, built by scripts/setup-pulumi.sh: a YAML program runs with the plain CLI."""

from __future__ import annotations

from pathlib import Path

import pytest

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
