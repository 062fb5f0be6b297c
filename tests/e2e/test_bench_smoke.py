"""The benchmark (bench/run.py) runs end to end at N=2 and its request counts hold the providers' budget.

The budget: ``up`` of N connectors, each with a version and a connection, makes exactly one create per object (3N
requests: the three POSTs, no reads, no extra writes); a no-change ``preview`` makes none (check and diff only);
``refresh`` reads each object once and ``destroy`` deletes each once (3N each).
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from pulumi import automation as auto

from versori_pulumi.testing import has_language_host

pytestmark = pytest.mark.e2e

BENCH = Path(__file__).resolve().parents[2] / "bench" / "run.py"
N = 2
UP_EXTRAS = 0
"""Requests ``up`` may make beyond one create per object (none today; raise it only with a reason)."""


def test_bench_smoke(tmp_path: Path, pulumi_cli: auto.PulumiCommand) -> None:
    out, data = tmp_path / "bench.md", tmp_path / "bench.json"
    command = [sys.executable, str(BENCH), "--smoke", "--out", str(out), "--json", str(data)]
    done = subprocess.run(command, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr[-4000:]
    rows: list[dict[str, Any]] = json.loads(data.read_text())
    by_phase = {row["phase"]: row for row in rows if row["n"] in (N, 0)}

    expected = {
        "up (empty program: engine cost)",
        "up",
        "preview (no change)",
        "refresh",
        "destroy",
        "provider host peak RSS",
        "plain httpx, sequential",
        "plain httpx, 4 threads",
        "ratio up / plain",
        "import versori_pulumi",
        "import versori_pulumi.resources",
        "null provider: up",
        "null provider: preview (no change)",
        "null provider: refresh",
        "null provider: destroy",
        "ratio preview (no change) / null provider",
        "up, large-stack mode",
        "ratio up, large-stack mode / plain",
        "ratio refresh / (null provider + HTTP floor)",
        "ratio destroy / (null provider + HTTP floor)",
    }
    if has_language_host():  # the user path: project folders through the language host (CI has one)
        user = {"up", "null provider: up", "preview (no change)", "null provider: preview (no change)", "refresh"}
        user |= {"destroy", "ratio preview (no change) / null provider", "ratio up / null provider"}
        user |= {"ratio refresh / (null provider + HTTP floor)", "ratio destroy / (null provider + HTTP floor)"}
        expected |= {f"user path: {phase}" for phase in user}
    assert expected <= by_phase.keys(), sorted(by_phase)
    objects = 3 * N
    assert by_phase["preview (no change)"]["requests"] == 0, by_phase["preview (no change)"]
    assert by_phase["up"]["requests"] <= objects + UP_EXTRAS, by_phase["up"]["routes"]
    creates = {route: count for route, count in by_phase["up"]["routes"].items() if route.startswith("POST")}
    assert sorted(creates.values()) == [N, N, N], creates
    assert by_phase["refresh"]["requests"] == objects, by_phase["refresh"]["routes"]
    assert by_phase["destroy"]["requests"] == objects, by_phase["destroy"]["routes"]
    assert by_phase["plain httpx, 4 threads"]["requests"] == objects
    for phase in ("up", "preview (no change)", "refresh", "destroy"):
        assert by_phase[f"null provider: {phase}"]["requests"] == 0  # the floor makes no request
    if has_language_host():  # the same budget on the user path
        assert by_phase["user path: preview (no change)"]["requests"] == 0
        assert by_phase["user path: up"]["requests"] <= objects + UP_EXTRAS, by_phase["user path: up"]["routes"]
        assert by_phase["user path: refresh"]["requests"] == objects
        assert by_phase["user path: destroy"]["requests"] == objects
    assert by_phase["up, large-stack mode"]["requests"] <= objects + UP_EXTRAS, by_phase["up, large-stack mode"]
    assert "MB" in by_phase["provider host peak RSS"]["note"] and not by_phase["provider host peak RSS"][
        "note"
    ].startswith("0 MB")
    table = out.read_text()
    for phase in expected:
        assert f"| {phase} |" in table, phase

    # The vendor-size version's rows (bench/large_version.py; 3 resources, 15 actions in the smoke).
    large = {row["phase"]: row for row in rows if row["phase"].startswith("large")}
    actions = large["large: create, pulumi up"]["n"]
    assert actions == 15
    assert large["large: create, pulumi up"]["requests"] == 3 + actions, "connector, version, one definitions batch"
    assert large["large: no-change pulumi preview"]["requests"] == 0
    edit = large["large: 3-action edit + 1 added, pulumi up"]["routes"]
    assert sum(v for r, v in edit.items() if not r.startswith("GET")) == 4, "exactly the four changed actions"
    assert not any(r.endswith(("/actions", "/definitions")) and r.startswith("GET") for r in edit), "no listing"
    refresh = large["large: refresh, pulumi refresh"]
    assert large["large floor: refresh"]["requests"] == refresh["requests"] + 1, "the floor's one extra: finding it"
    assert large["large: read_openapi of the same document"]["seconds"] > 0
    for phase in ("create", "3-action edit + 1 added", "refresh"):
        assert large[f"large floor: {phase}"]["seconds"] > 0
    # Beside each phase, the null provider given the same inputs (the engine's floor): no request, a time; and
    # ours over (null provider + HTTP floor) with the figures it divides.
    for phase in ("create", "no-change preview", "3-action edit + 1 added", "refresh"):
        null = large[f"large: null provider: {phase}"]
        assert null["requests"] == 0 and null["seconds"] > 0, null
    for phase in ("create", "3-action edit + 1 added", "refresh"):
        note = large[f"large: ratio {phase} / (null provider + HTTP floor)"]["note"]
        assert re.fullmatch(r"\d+\.\d\dx of \d+\.\d\d s \+ \d+\.\d\d s; ours [+-]\d+\.\d\d s above it", note), note
    note = large["large: ratio no-change preview / null provider"]["note"]
    assert re.fullmatch(r"\d+\.\d\dx of \d+\.\d\d s; ours [+-]\d+\.\d\d s above it", note), note
    for phase in large:
        assert f"| {phase} |" in table, phase


NATIVE_BENCH = BENCH.parent / "native.py"


def test_native_bench_smoke(tmp_path: Path, pulumi_cli: auto.PulumiCommand) -> None:
    """bench/native.py at N=2: both faces' up, the plain script's same creates and the goals' ratios are printed;
    each up and the plain script make exactly one create per object."""
    out = tmp_path / "native.md"
    command = [sys.executable, str(NATIVE_BENCH), "--sizes", str(N), "--preview-runs", "1", "--out", str(out)]
    done = subprocess.run(command, capture_output=True, text=True, timeout=900)
    assert done.returncode == 0, done.stderr[-4000:]
    cells = {}
    for line in out.read_text().splitlines():
        parts = [part.strip() for part in line.strip("|").split("|")]
        if len(parts) == 5 and parts[0] == str(N):
            cells[parts[1]] = parts
    for phase in ("native: up", "dynamic: up", "plain httpx, 16 threads: the same creates"):
        assert cells[phase][3] == str(3 * N), (phase, cells[phase])  # one create per object, nothing more
    for phase in ("native: preview (no change)", "dynamic: preview (no change)", "null provider (engine floor): up"):
        assert float(cells[phase][2]) > 0, phase
    assert cells["ratio native up / plain httpx"][4].endswith("(goal <= 1.5x)")
    assert cells["ratio native / dynamic no-change preview"][4].endswith("(goal <= 1.10x)")
