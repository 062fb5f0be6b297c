"""A stack written by an earlier release refreshes, previews and goes up with the current code with no diff; the
earlier package is taken from the repository's history.

- 0.1: commit 14d02e2, the last landing before 0.2.
- 0.2: commit eb95889, the last landing before the layout change (issue 9): every resource kind, so a moved
  provider module, a renamed state key or a changed canonical form fails here. ``0.2-schemes``: the same release's
  state of every HTTP auth scheme type and every credential type that fits one (camelCase configs and credentials,
  masked secrets in the connections' copies), which the current code holds in the program's names.
- ``defaults`` and ``defaults-schemes``: the 0.2 programs' states written by commit 7b388c6, the last landing whose
  ``check`` stored every default and whose connectors held an empty ``auth_scheme_secrets`` (the current code stores
  neither: docs/state.md).
- ``pre-split``: the same program's state written by commit 1bee73a (the program's names; the client secrets and
  credential data inside the configs and credentials, whole values secret), which the current code holds apart
  (``auth_scheme_secrets``, ``credential_secrets``). Every release's state then refreshes again, and no secret
  value of a released state is in the state file in plain text (``pre-split``, never released, is the known gap
  docs/state.md describes).
"""

from __future__ import annotations

import os
import subprocess
import sys
import tarfile
from io import BytesIO
from pathlib import Path

import pytest

from versori_pulumi.emulator import LIBRARY_SLACK_ID, EmulatorServer

from . import _upgrade_program
from .harness import TESTS_DIR, StackFactory

pytestmark = pytest.mark.e2e

REPO = Path(__file__).resolve().parents[2]
RELEASES = {
    "0.1": ("14d02e2d8afffa7f1e8c492292b0df92801ab0da", 5),
    "0.2": ("eb958898b46099ae4c86a8b2911dfc494249e3b9", 9),
    "0.2-schemes": ("eb958898b46099ae4c86a8b2911dfc494249e3b9", 11),
    "pre-split": ("1bee73a7c2b6f930e49e36534f087e3c830f7bc0", 11),
    "defaults": ("7b388c6ec0346f770fe408a9b975f8027b01bcf1", 9),
    "defaults-schemes": ("7b388c6ec0346f770fe408a9b975f8027b01bcf1", 11),
}
"""Release -> (commit, resources its stack holds: the program's and the stack itself)."""


def previous_package(commit: str, into: Path) -> Path:
    archive = subprocess.run(
        ["git", "-C", str(REPO), "archive", commit, "provider"], capture_output=True, check=True
    ).stdout
    with tarfile.open(fileobj=BytesIO(archive)) as tar:
        tar.extractall(into, filter="data")
    return into / "provider"


@pytest.mark.parametrize("release", sorted(RELEASES))
def test_an_earlier_release_stack_refreshes_and_goes_up_without_a_diff(
    release: str, tmp_path: Path, emulator: EmulatorServer, stack_factory: StackFactory
) -> None:
    assert _upgrade_program.LIBRARY_SLACK_ID == LIBRARY_SLACK_ID
    commit, count = RELEASES[release]
    old = previous_package(commit, tmp_path / "previous")
    env = {**os.environ, **stack_factory.env()}
    env["PYTHONPATH"] = os.pathsep.join([str(old), str(TESTS_DIR)])  # the old package first: program and host
    args = [release, str(stack_factory.base_dir), emulator.base_url, emulator.org_id, emulator.api_key]
    written = subprocess.run(
        [sys.executable, "-m", "e2e._upgrade_program", *args], env=env, capture_output=True, text=True, timeout=600
    )
    assert written.returncode == 0, written.stdout[-3000:] + written.stderr[-3000:]
    assert f"'create': {count}" in written.stdout

    stack = _upgrade_program.stack(stack_factory, emulator.base_url, emulator.org_id, emulator.api_key, release)
    same = {"same": count}
    assert stack.refresh().summary.resource_changes == same
    assert stack.preview().change_summary == same
    assert stack.up().summary.resource_changes == same
    assert stack.preview().change_summary == same
    assert stack.refresh().summary.resource_changes == same  # the state's inputs are apart now, its outputs not
    assert stack.preview().change_summary == same
    if release == "pre-split":
        return  # known gap (docs/state.md): its refresh after an up with no change stores the inputs unmarked
    files = list((stack_factory.state_dir / ".pulumi" / "stacks").rglob("*.json"))
    assert files and "__provider" in files[0].read_text()
    for file in files:  # the backend's own file (an export would decrypt): every secret value holds "s3cret"
        assert "s3cret" not in file.read_text(), file
