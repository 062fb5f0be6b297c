"""A stack written by the previous release (0.1, commit 14d02e2: the last landing before 0.2) refreshes, previews
and goes up with the current code with no diff. The 0.1 package is taken from the repository's history."""

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
PREVIOUS_RELEASE = "14d02e2d8afffa7f1e8c492292b0df92801ab0da"


def previous_package(into: Path) -> Path:
    archive = subprocess.run(
        ["git", "-C", str(REPO), "archive", PREVIOUS_RELEASE, "provider"], capture_output=True, check=True
    ).stdout
    with tarfile.open(fileobj=BytesIO(archive)) as tar:
        tar.extractall(into, filter="data")
    return into / "provider"


def test_a_0_1_stack_refreshes_and_goes_up_without_a_diff(
    tmp_path: Path, emulator: EmulatorServer, stack_factory: StackFactory
) -> None:
    assert _upgrade_program.LIBRARY_SLACK_ID == LIBRARY_SLACK_ID
    old = previous_package(tmp_path / "previous")
    env = {**os.environ, **stack_factory.env()}
    env["PYTHONPATH"] = os.pathsep.join([str(old), str(TESTS_DIR)])  # 0.1 first: program and provider host
    args = [str(stack_factory.base_dir), emulator.base_url, emulator.org_id, emulator.api_key]
    written = subprocess.run(
        [sys.executable, "-m", "e2e._upgrade_program", *args], env=env, capture_output=True, text=True, timeout=600
    )
    assert written.returncode == 0, written.stdout[-3000:] + written.stderr[-3000:]
    assert "'create': 5" in written.stdout

    stack = _upgrade_program.stack(stack_factory, emulator.base_url, emulator.org_id, emulator.api_key)
    same = {"same": 5}
    assert stack.refresh().summary.resource_changes == same
    assert stack.preview().change_summary == same
    assert stack.up().summary.resource_changes == same
    assert stack.preview().change_summary == same
