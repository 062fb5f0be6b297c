"""The plain Pulumi CLI in a project folder, for the commands the Automation API does not wrap (``pulumi import
--file``, ``pulumi state delete``) and for the package's own commands, with a stack factory's environment."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Mapping
from pathlib import Path

from versori_pulumi.testing import cli_bin_dir

from .harness import StackFactory

__all__ = ["pulumi", "pulumi_import", "versori_command"]


def _env(factory: StackFactory, extra: Mapping[str, str] | None = None) -> dict[str, str]:
    return {**os.environ, **factory.env(), **(extra or {})}


def pulumi(factory: StackFactory, folder: Path, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
    """``pulumi ARGS`` in ``folder``; its output is printed (the test's log shows it) and returned."""
    done = subprocess.run(
        [str(cli_bin_dir() / "pulumi"), *args, "--non-interactive", "--color", "never"],
        cwd=folder,
        env=_env(factory),
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    print(f"$ pulumi {' '.join(args)}\n{done.stdout}{done.stderr}")
    if check and done.returncode != 0:
        raise AssertionError(f"pulumi {' '.join(args)} failed ({done.returncode}):\n{done.stdout}\n{done.stderr}")
    return done


def pulumi_import(
    factory: StackFactory, folder: Path, stack: str, document: str, *args: str
) -> subprocess.CompletedProcess[str]:
    """``pulumi import --file DOCUMENT --yes ARGS`` into ``stack`` (the document ``versori-import-document`` wrote)."""
    return pulumi(factory, folder, "import", "--stack", stack, "--file", document, "--yes", *args)


def versori_command(
    factory: StackFactory, folder: Path, module: str, *args: str, env: Mapping[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """One of the package's commands (``python -m versori_pulumi.import_document``, as its console script runs)."""
    done = subprocess.run(
        [sys.executable, "-m", module, *args],
        cwd=folder,
        env=_env(factory, env),
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    print(f"$ {module} {' '.join(args)}\n{done.stdout}{done.stderr}")
    if done.returncode != 0:
        raise AssertionError(f"{module} failed ({done.returncode}):\n{done.stdout}\n{done.stderr}")
    return done
