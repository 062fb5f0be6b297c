"""`pulumi up` of a project folder, which needs the Python language host (pulumi-language-python).

setup-pulumi.sh builds the host only when the Go module proxy serves its module; without it, Pulumi
runs only Automation API inline programs, so this test is skipped rather than failed.
"""

from __future__ import annotations

import sys
import textwrap
from pathlib import Path

import pytest
from pulumi import automation as auto

from versori_pulumi.testing import has_language_host

from .harness import StackFactory

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.skipif(not has_language_host(), reason="pulumi-language-python not built (see setup-pulumi.sh)"),
]


def test_project_folder_up_and_destroy(stack_factory: StackFactory, tmp_path: Path) -> None:
    project = tmp_path / "project"
    project.mkdir()
    folder = tmp_path / "echo"
    folder.mkdir()
    (project / "Pulumi.yaml").write_text(
        textwrap.dedent(f"""\
            name: versori-e2e-folder
            runtime:
              name: python
              options:
                virtualenv: {sys.prefix}
            backend:
              url: file://{stack_factory.state_dir}
            """)
    )
    (project / "__main__.py").write_text(
        textwrap.dedent(f"""\
            import pulumi
            from e2e._smoke_provider import Echo

            echo = Echo("folder", folder={str(folder)!r}, message="from a folder")
            pulumi.export("echoed", echo.echoed)
            """)
    )
    stack = auto.create_or_select_stack(
        stack_name="test",
        work_dir=str(project),
        opts=auto.LocalWorkspaceOptions(
            pulumi_home=str(stack_factory.pulumi_home),
            env_vars=stack_factory.env(),
            pulumi_command=stack_factory.command,
        ),
    )
    try:
        up = stack.up(on_output=print)
        assert up.outputs["echoed"].value == "FROM A FOLDER"
        assert len(list(folder.iterdir())) == 1
    finally:
        stack.destroy(on_output=print)
        stack.workspace.remove_stack(stack.name)
    assert list(folder.iterdir()) == []
