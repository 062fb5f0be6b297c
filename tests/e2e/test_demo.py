"""The README's main job, run as a user runs it (scripts/run_demo.py), twice: the second run changes nothing."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.e2e

REPO = Path(__file__).resolve().parents[2]


def run_demo(state: Path) -> str:
    env = {**os.environ, "VERSORI_DEMO_STATE": str(state)}
    result = subprocess.run(
        [sys.executable, str(REPO / "scripts" / "run_demo.py"), "--port", "0"],
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    return result.stdout


def test_demo_up_then_empty_preview_and_rerun_is_a_no_op(tmp_path: Path) -> None:
    first = run_demo(tmp_path)
    assert "[demo] up: {'create': 7}" in first and "[demo] preview: {'same': 7}" in first
    second = run_demo(tmp_path)
    assert "[demo] up: {'same': 7}" in second and "[demo] preview: {'same': 7}" in second
    assert "demo-acme-key" not in first + second and "local-dev-key" not in first + second
