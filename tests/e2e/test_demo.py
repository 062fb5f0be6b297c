"""The README's main job, run as a user runs it (scripts/run_demo.py: `pulumi up` on the repository's own project
folder, through the language host), twice: the second run changes nothing."""

from __future__ import annotations

import os
import subprocess
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from versori_pulumi.testing import has_language_host

pytestmark = pytest.mark.e2e

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture
def demo_stack() -> Iterator[str]:
    """A stack name of this test's own, so its Pulumi.<stack>.yaml beside Pulumi.yaml is never a user's."""
    name = f"e2e-demo-{uuid.uuid4().hex[:8]}"
    yield name
    (REPO / f"Pulumi.{name}.yaml").unlink(missing_ok=True)


def run_demo(state: Path, stack: str) -> str:
    env = {**os.environ, "VERSORI_DEMO_STATE": str(state)}
    result = subprocess.run(
        [sys.executable, str(REPO / "scripts" / "run_demo.py"), "--port", "0", "--stack", stack],
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    return result.stdout


def test_demo_up_then_empty_preview_and_rerun_is_a_no_op(tmp_path: Path, demo_stack: str) -> None:
    first = run_demo(tmp_path, demo_stack)
    assert "[demo] up: {'create': 7}" in first and "[demo] preview: {'same': 7}" in first
    second = run_demo(tmp_path, demo_stack)
    assert "[demo] up: {'same': 7}" in second and "[demo] preview: {'same': 7}" in second
    assert "demo-acme-key" not in first + second and "local-dev-key" not in first + second
    # The project folder's own config file held the stack's settings, its secrets encrypted.
    if has_language_host():
        written = (REPO / f"Pulumi.{demo_stack}.yaml").read_text()
        assert "versori:baseUrl" in written and "secure:" in written and "demo-acme-key" not in written
        assert "running the program inline" not in first
