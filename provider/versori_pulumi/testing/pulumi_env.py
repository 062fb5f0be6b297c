"""Offline settings for a Pulumi run with the pinned CLI from scripts/setup-pulumi.sh.

The Python twin of scripts/pulumi-env.sh (keep the two in step): the CLI's cache bin dir first on
PATH, a file backend, no update checks, no plugin downloads, and the dynamic-provider host running
this interpreter, so providers from versori_pulumi unpickle by reference there.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

__all__ = [
    "LOCAL_PASSPHRASE",
    "PULUMI_VERSION",
    "PulumiCLINotFoundError",
    "cli_bin_dir",
    "cli_root",
    "has_language_host",
    "has_yaml_host",
    "pulumi_env",
]

PULUMI_VERSION = "3.259.0"
LOCAL_PASSPHRASE = "versori-local-only"

# Without these two the CLI cannot run a Python dynamic provider.
_REQUIRED = ("pulumi", "pulumi-resource-pulumi-python")


class PulumiCLINotFoundError(RuntimeError):
    """The pinned Pulumi CLI is not in the cache; scripts/setup-pulumi.sh puts it there."""


def cli_root() -> Path:
    """Returns the folder holding bin/pulumi, which is what `auto.PulumiCommand(root=...)` takes."""
    cache = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(cache) / "versori-pulumi" / f"pulumi-v{PULUMI_VERSION}"


def cli_bin_dir() -> Path:
    """Returns the CLI's bin dir, raising PulumiCLINotFoundError when setup-pulumi.sh has not run."""
    bin_dir = cli_root() / "bin"
    missing = [name for name in _REQUIRED if not os.access(bin_dir / name, os.X_OK)]
    if missing:
        raise PulumiCLINotFoundError(
            f"Pulumi CLI v{PULUMI_VERSION} is not set up: {', '.join(missing)} missing from {bin_dir}. "
            "Run scripts/setup-pulumi.sh (or scripts/bootstrap.sh) first."
        )
    return bin_dir


def has_language_host() -> bool:
    """Tells whether pulumi-language-python was built, which `pulumi up` in a project folder needs."""
    return os.access(cli_root() / "bin" / "pulumi-language-python", os.X_OK)


def has_yaml_host() -> bool:
    """Tells whether pulumi-language-yaml was built (scripts/setup-pulumi.sh), which a YAML program needs."""
    return os.access(cli_root() / "bin" / "pulumi-language-yaml", os.X_OK)


def pulumi_env(*, state_dir: Path, pulumi_home: Path, python: str | None = None) -> dict[str, str]:
    """Returns the variables to lay over os.environ for an offline run with its state in state_dir.

    Args:
        state_dir: folder of the file backend (created if missing).
        pulumi_home: PULUMI_HOME, for plugins and workspace settings (created if missing).
        python: interpreter for the dynamic-provider host; defaults to this one (unresolved, so a
            venv's python keeps its site-packages).
    """
    python = python or sys.executable
    state_dir.mkdir(parents=True, exist_ok=True)
    pulumi_home.mkdir(parents=True, exist_ok=True)
    path = os.pathsep.join([str(cli_bin_dir()), str(Path(python).parent), os.environ.get("PATH", "")])
    env = {
        "PATH": path,
        "PULUMI_HOME": str(pulumi_home),
        "PULUMI_BACKEND_URL": f"file://{state_dir}",
        "PULUMI_SKIP_UPDATE_CHECK": "true",
        "PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION": "true",
        # pulumi-resource-pulumi-python runs `$PULUMI_PYTHON_CMD -m pulumi.dynamic` when the project
        # sets no virtualenv.
        "PULUMI_PYTHON_CMD": python,
    }
    if not (os.environ.get("PULUMI_CONFIG_PASSPHRASE") or os.environ.get("PULUMI_CONFIG_PASSPHRASE_FILE")):
        env["PULUMI_CONFIG_PASSPHRASE"] = LOCAL_PASSPHRASE
    return env
