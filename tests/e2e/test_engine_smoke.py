"""The real CLI and the real Python dynamic-provider host: up, preview, destroy of a trivial resource."""

from __future__ import annotations

import sys
from pathlib import Path

import pulumi
import pytest

from ._smoke_provider import Echo
from .harness import StackFactory

pytestmark = pytest.mark.e2e


def test_up_preview_destroy(stack_factory: StackFactory, tmp_path: Path) -> None:
    folder = tmp_path / "echo"
    folder.mkdir()

    def program() -> None:
        config = pulumi.Config()
        echo = Echo("smoke", folder=str(folder), message=config.require("message"))
        pulumi.export("echoed", echo.echoed)
        pulumi.export("host_python", echo.host_python)
        pulumi.export("versori_pulumi_origin", echo.versori_pulumi_origin)

    stack = stack_factory.create(program, config={"message": "hello"})

    up = stack.up(on_output=print)
    assert up.summary.result == "succeeded"
    assert up.summary.resource_changes == {"create": 2}  # the stack and the echo
    assert up.outputs["echoed"].value == "HELLO"
    # The provider host ran this interpreter, where versori_pulumi imports.
    assert up.outputs["host_python"].value == sys.executable
    assert up.outputs["versori_pulumi_origin"].value.endswith("versori_pulumi/__init__.py")
    [marker] = folder.iterdir()
    assert marker.read_text() == "hello"

    preview = stack.preview(on_output=print)
    assert preview.change_summary == {"same": 2}

    destroy = stack.destroy(on_output=print)
    assert destroy.summary.result == "succeeded"
    assert destroy.summary.resource_changes == {"delete": 2}
    assert list(folder.iterdir()) == []
