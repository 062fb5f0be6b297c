"""Every command the README documents, run as written (in a scratch state folder where it writes state).

``scripts/demo.sh`` then ``scripts/demo.sh --destroy`` (the teardown must finish: published versions are
protected, so the demo declares ``force_delete`` on them), the emulator and recovery CLIs, the developer checks,
and ``scripts/test.sh`` with a pytest filter (the README's example of passing arguments through).
"""

from __future__ import annotations

import os
import re
import socket
import subprocess
import time
from pathlib import Path

import httpx
import pytest

pytestmark = pytest.mark.e2e

REPO = Path(__file__).resolve().parents[2]
README = (REPO / "README.md").read_text()


def run(command: str, *, env: dict[str, str] | None = None, timeout: float = 900) -> subprocess.CompletedProcess[str]:
    result = subprocess.run(
        ["bash", "-c", command],
        cwd=REPO,
        env={**os.environ, **(env or {})},
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    assert result.returncode == 0, f"`{command}` failed:\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}"
    return result


def test_the_readme_shows_these_commands() -> None:
    for command in (
        "scripts/demo.sh",
        "scripts/test.sh",
        "scripts/demo.sh --destroy",
        "versori-emulator",
        "versori-recover-pending",
        "ruff check . && ruff format --check . && mypy",
    ):
        assert command in README, command


def test_demo_then_demo_destroy(tmp_path: Path) -> None:
    env = {"VERSORI_DEMO_STATE": str(tmp_path)}
    up = run("scripts/demo.sh --port 0", env=env)
    assert "[demo] preview: {'same': 7}" in up.stdout
    down = run("scripts/demo.sh --port 0 --destroy", env=env)
    assert "errored" not in down.stdout and "error:" not in down.stdout, down.stdout[-3000:]
    assert re.search(r"- 7 deleted", down.stdout), down.stdout[-2000:]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_the_emulator_cli_with_the_documented_flags(tmp_path: Path) -> None:
    port = free_port()
    command = [
        str(REPO / ".venv" / "bin" / "versori-emulator"),
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
        "--api-key",
        "local-dev-key",
        "--org-id",
        "local-org",
        "--db",
        str(tmp_path / "e.sqlite"),
        "--latency-ms",
        "0",
        "--fault-rate",
        "0",
        "--fault-statuses",
        "429,503,drop",
        "--fault-seed",
        "1",
        "--strict",
    ]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        url = f"http://127.0.0.1:{port}/api/connect/v1/o/local-org/connectors"
        for _ in range(100):
            try:
                answer = httpx.get(url, headers={"Authorization": "Bearer local-dev-key"}, timeout=2)
                break
            except httpx.TransportError:
                time.sleep(0.1)
        else:
            raise AssertionError("the emulator did not answer")
        assert answer.status_code == 200 and answer.json()["connectors"] == []
    finally:
        process.terminate()
        process.wait(timeout=10)


def test_recover_pending_cli_answers_help() -> None:
    result = run(".venv/bin/versori-recover-pending --help")
    assert "--stack" in result.stdout and "--cwd" in result.stdout


def test_the_developer_checks_and_test_sh_with_arguments() -> None:
    run("source .venv/bin/activate && ruff check . && ruff format --check . && mypy")
    result = run("scripts/test.sh -k test_all_is_sorted_and_resolves tests/test_exports.py", timeout=900)
    assert "1 passed" in result.stdout
