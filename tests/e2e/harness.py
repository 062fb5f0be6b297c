"""Automation API harness for the end-to-end tests: the real Pulumi CLI and the real Python
dynamic-provider host, offline, with all state under one temporary folder.

Two kinds of stack: a project folder run as users run it (:meth:`StackFactory.create_project`: the plain CLI in the
folder, its ``Pulumi.yaml`` runtime options and virtualenv, Pulumi's Python language host), and an inline program
(:meth:`StackFactory.create`), kept for the tests where an in-process program is the point.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Mapping
from pathlib import Path

import pytest
import yaml
from pulumi import automation as auto
from semver import VersionInfo

from versori_pulumi.testing import PULUMI_VERSION, cli_bin_dir, cli_root, has_language_host, pulumi_env

__all__ = ["REPO", "TESTS_DIR", "StackFactory", "pulumi_command", "require_language_host", "require_yaml_host"]

# On the provider host's PYTHONPATH, so providers defined in test modules (pickled by reference,
# as dill does for any importable class) import there just as versori_pulumi's own do.
TESTS_DIR = Path(__file__).resolve().parents[1]
REPO = TESTS_DIR.parent
# The language host provided beside the repository (scripts/setup-pulumi.sh links it into the CLI's bin dir).
SHARED_LANGUAGE_HOST = REPO.parent / "shared" / "pulumi" / "pulumi-language-python"


def require_language_host() -> None:
    """Skips, saying why, where no Python language host exists; fails where one exists but set-up did not link it."""
    cli_bin_dir()  # the pinned CLI itself must be there: a missing CLI is a failure, not a skip
    if has_language_host():
        return
    if SHARED_LANGUAGE_HOST.exists() or os.environ.get("CI"):
        pytest.fail(
            f"pulumi-language-python is missing from {cli_root() / 'bin'} although one is at hand "
            f"({SHARED_LANGUAGE_HOST}): run scripts/setup-pulumi.sh"
        )
    pytest.skip(
        "no pulumi-language-python (scripts/setup-pulumi.sh found none): `pulumi up` in a project folder cannot run"
    )


def require_yaml_host() -> None:
    """Skips, saying why, where Pulumi's YAML language host cannot exist (no Go to build it, not in CI); fails where
    set-up could have built it and did not."""
    # Imported here: tests/e2e/test_upgrade.py runs this harness over an earlier release's package, which lacks it.
    from versori_pulumi.testing import has_yaml_host

    cli_bin_dir()
    if has_yaml_host():
        return
    if os.environ.get("CI") or shutil.which("go") or Path("/usr/local/go/bin/go").exists():
        pytest.fail(f"pulumi-language-yaml is missing from {cli_root() / 'bin'}: run scripts/setup-pulumi.sh")
    pytest.skip("no pulumi-language-yaml and no Go to build it (scripts/setup-pulumi.sh): YAML programs cannot run")


def require_project_host(folder: Path) -> None:
    """The language host the project in ``folder`` runs on (its ``Pulumi.yaml`` runtime): YAML or Python."""
    project = yaml.safe_load((folder / "Pulumi.yaml").read_text())
    runtime = project["runtime"]["name"] if isinstance(project["runtime"], dict) else project["runtime"]
    if runtime == "yaml":
        require_yaml_host()
    else:
        require_language_host()


def pulumi_command() -> auto.PulumiCommand:
    """Returns the pinned CLI, raising PulumiCLINotFoundError (run scripts/setup-pulumi.sh) if missing."""
    cli_bin_dir()
    return auto.PulumiCommand(root=str(cli_root()), version=VersionInfo.parse(PULUMI_VERSION))


class StackFactory:
    """Creates stacks of inline programs under base_dir and destroys and removes them on cleanup()."""

    def __init__(self, base_dir: Path, command: auto.PulumiCommand, *, backend_url: str | None = None) -> None:
        self.base_dir = base_dir
        self.command = command
        self.state_dir = base_dir / "state"
        self.backend_url = backend_url or f"file://{self.state_dir}"
        self.pulumi_home = base_dir / "home"
        self._stacks: list[auto.Stack] = []
        self._projects: dict[int, str] = {}  # id(stack) -> its project, to tear a shared stack down once

    def env(self) -> dict[str, str]:
        """Returns the variables laid over os.environ for every Pulumi command of these stacks."""
        env = pulumi_env(state_dir=self.state_dir, pulumi_home=self.pulumi_home)
        env["PYTHONPATH"] = os.pathsep.join(p for p in (str(TESTS_DIR), os.environ.get("PYTHONPATH")) if p)
        env["PULUMI_BACKEND_URL"] = self.backend_url
        return env

    def create(
        self,
        program: auto.PulumiFn,
        *,
        project_name: str = "versori-e2e",
        stack_name: str = "test",
        config: Mapping[str, str] | None = None,
        secrets: Mapping[str, str] | None = None,
        person: str = "",
    ) -> auto.Stack:
        """Creates (or selects) a stack running program, with plain config and secret config set.

        ``person`` gives the stack a work dir of its own, as a teammate's checkout: two people's workspaces on one
        stack of a shared backend.
        """
        work_dir = self.base_dir / "work" / f"{project_name}.{stack_name}{f'.{person}' if person else ''}"
        work_dir.mkdir(parents=True, exist_ok=True)
        stack = auto.create_or_select_stack(
            stack_name=stack_name,
            project_name=project_name,
            program=program,
            opts=auto.LocalWorkspaceOptions(
                work_dir=str(work_dir),
                pulumi_home=str(self.pulumi_home),
                env_vars=self.env(),
                pulumi_command=self.command,
                project_settings=auto.ProjectSettings(
                    name=project_name,
                    runtime="python",
                    backend=auto.ProjectBackend(url=self.backend_url),
                ),
            ),
        )
        self._stacks.append(stack)
        self._projects[id(stack)] = project_name
        self._set_config(stack, config, secrets)
        return stack

    def project_folder(self, source: Path) -> Path:
        """A copy of the project folder ``source`` (a folder of this repository) at the same place relative to a
        scratch repository root whose ``.venv`` is this repository's: the project's ``Pulumi.yaml`` is used as
        written, its relative ``virtualenv`` included, and its stack config files stay out of the checkout."""
        root = self.base_dir / "projects"
        root.mkdir(parents=True, exist_ok=True)
        if not (root / ".venv").exists():
            (root / ".venv").symlink_to(REPO / ".venv", target_is_directory=True)
        target = root / source.resolve().relative_to(REPO)
        if not target.exists():  # a second stack of the same project shares the copy, as a checkout's stacks do
            shutil.copytree(source, target, ignore=shutil.ignore_patterns("Pulumi.*.yaml", "__pycache__"))
        return target

    def create_project(
        self,
        folder: Path,
        *,
        stack_name: str = "test",
        config: Mapping[str, str] | None = None,
        secrets: Mapping[str, str] | None = None,
    ) -> auto.Stack:
        """Creates (or selects) a stack of the project in ``folder``, run as a user runs it: the plain CLI in the
        folder (``pulumi stack init``, ``config set``, ``preview``, ``up``...) through Pulumi's Python language host.
        Skips where no language host exists (:func:`require_project_host`)."""
        require_project_host(folder)
        stack = auto.create_or_select_stack(
            stack_name=stack_name,
            work_dir=str(folder),
            opts=auto.LocalWorkspaceOptions(
                pulumi_home=str(self.pulumi_home),
                env_vars=self.env(),
                pulumi_command=self.command,
            ),
        )
        self._stacks.append(stack)
        self._projects[id(stack)] = str(folder)
        self._set_config(stack, config, secrets)
        return stack

    @staticmethod
    def _set_config(stack: auto.Stack, config: Mapping[str, str] | None, secrets: Mapping[str, str] | None) -> None:
        values = {key: auto.ConfigValue(value) for key, value in (config or {}).items()}
        values |= {key: auto.ConfigValue(value, secret=True) for key, value in (secrets or {}).items()}
        if values:
            stack.set_all_config(values)

    def cleanup(self) -> None:
        """Destroys and removes every stack made here, newest first; raises the first failure at the end."""
        errors: list[Exception] = []
        done: set[tuple[str, str]] = set()
        for stack in reversed(self._stacks):
            key = (self._projects.get(id(stack), ""), stack.name)
            if key in done:  # another person's workspace of the same stack: already torn down
                continue
            done.add(key)
            try:
                stack.destroy()
                stack.workspace.remove_stack(stack.name)
            except Exception as exc:  # keep tearing down the others
                errors.append(exc)
        self._stacks.clear()
        self._projects.clear()
        if errors:
            raise errors[0]
        shutil.rmtree(self.base_dir, ignore_errors=True)
