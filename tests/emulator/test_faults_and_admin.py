"""Fault injection, latency, per-route counters and the admin routes; and the command line."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

import httpx
import pytest

from versori_pulumi.emulator import EmulatorServer

from .builders import assert_error, connector_body, create_connector
from .conftest import client_for

CREATE = "POST /o/{organisation_id}/protocols/http/connectors"
LIST = "GET /o/{organisation_id}/connectors"


def names(http: httpx.Client, org: str) -> list[str]:
    return [c["name"] for c in http.get(f"/o/{org}/connectors").json()["connectors"]]


def test_429_answers_before_writing(emu: EmulatorServer, http: httpx.Client, org: str) -> None:
    emu.set_faults(1.0, ["429"])
    response = http.post(f"/o/{org}/protocols/http/connectors", json=connector_body())
    assert_error(response, 429)
    assert response.headers["retry-after"] == "1"
    emu.set_faults(0.0, [])
    assert names(http, org) == []


def test_503_answers_before_writing(emu: EmulatorServer, http: httpx.Client, org: str) -> None:
    emu.set_faults(1.0, ["503"])
    assert_error(http.post(f"/o/{org}/protocols/http/connectors", json=connector_body()), 503)
    emu.set_faults(0.0, [])
    assert names(http, org) == []


def test_drop_applies_the_write_then_breaks_the_response(emu: EmulatorServer, http: httpx.Client, org: str) -> None:
    emu.set_faults(1.0, ["drop"])
    with pytest.raises(httpx.RemoteProtocolError):
        http.post(f"/o/{org}/protocols/http/connectors", json=connector_body("Dropped"))
    emu.set_faults(0.0, [])
    assert names(http, org) == ["Dropped"]  # the create happened although the client saw no answer


def test_drop_of_a_bodyless_204_is_still_a_transport_error(emu: EmulatorServer, http: httpx.Client, org: str) -> None:
    created = create_connector(http, org)
    emu.set_faults(1.0, ["drop"])
    with pytest.raises(httpx.RemoteProtocolError):
        http.delete(f"/o/{org}/connectors/{created['id']}")
    emu.set_faults(0.0, [])
    assert names(http, org) == []


def test_admin_routes_are_never_faulted_or_delayed(emu: EmulatorServer) -> None:
    emu.set_faults(1.0, ["429", "503", "drop"], latency_ms=300)
    started = time.perf_counter()
    assert emu.stats() == {}
    emu.reset()
    emu.set_faults(0.0, [])
    assert time.perf_counter() - started < 0.3 * 3


def test_latency_is_applied(emu: EmulatorServer, http: httpx.Client, org: str) -> None:
    emu.set_faults(0.0, [], latency_ms=150)
    started = time.perf_counter()
    http.get(f"/o/{org}/connectors")
    assert time.perf_counter() - started >= 0.15
    emu.set_faults(0.0, [])
    started = time.perf_counter()
    http.get(f"/o/{org}/connectors")
    assert time.perf_counter() - started < 0.15


def test_seeded_faults_repeat(emu: EmulatorServer, http: httpx.Client, org: str) -> None:
    def run() -> list[int]:
        emu.set_faults(0.5, ["429", "503"], seed=42)
        return [http.get(f"/o/{org}/connectors").status_code for _ in range(20)]

    first, second = run(), run()
    assert first == second and {200, 429, 503} <= set(first)


def test_stats_count_per_route_including_faults_and_unknown_routes(
    emu: EmulatorServer, http: httpx.Client, org: str
) -> None:
    created = create_connector(http, org)
    http.get(f"/o/{org}/connectors")
    http.get(f"/o/{org}/connectors/{created['id']}")
    emu.set_faults(1.0, ["503"])
    http.get(f"/o/{org}/connectors")
    emu.set_faults(0.0, [])
    http.get("/no/such/thing")
    http.delete(f"/o/{org}/connectors")
    with client_for(emu, root=True) as root:
        body = root.get("/_emulator/stats").json()
    assert body["routes"] == {
        CREATE: 1,
        LIST: 2,
        "GET /o/{organisation_id}/connectors/{connector_id}": 1,
        "GET <unmatched>": 1,
        "DELETE <unmatched>": 1,
    }
    assert body["total"] == 6 and emu.stats() == body["routes"]
    emu.reset()
    assert emu.stats() == {}
    assert names(http, org) == ["Acme"]  # reset without data keeps data
    emu.reset(data=True)
    assert names(http, org) == []


def test_faults_admin_round_trip_and_validation(emu: EmulatorServer) -> None:
    with client_for(emu, root=True) as root:
        put = root.put("/_emulator/faults", json={"rate": 0.25, "statuses": ["drop"], "latencyMs": 5, "seed": 3})
        assert put.status_code == 200
        assert root.get("/_emulator/faults").json() == {"rate": 0.25, "statuses": ["drop"], "latencyMs": 5, "seed": 3}
        assert_error(root.put("/_emulator/faults", json={"rate": 2}), 400)
        assert_error(root.put("/_emulator/faults", json={"rate": 0.1, "statuses": ["500"]}), 400)
        assert_error(root.post("/_emulator/in-use", json={"kind": "connector", "id": "nope", "inUse": True}), 404)
        assert_error(root.post("/_emulator/in-use", json={"kind": "connection", "id": "nope"}), 404)
        assert_error(root.post("/_emulator/in-use", json={"kind": "robot", "id": "x"}), 400)


def test_constructor_validates_settings() -> None:
    with pytest.raises(ValueError, match="fault"):
        EmulatorServer(fault_statuses=["500"])
    with pytest.raises(ValueError, match="fault_rate"):
        EmulatorServer(fault_rate=1.5)


def test_initial_faults_come_from_the_constructor() -> None:
    with EmulatorServer(fault_rate=1.0, fault_statuses=["429"], api_key="k2", org_id="org2") as emu:
        with client_for(emu) as http:
            assert http.get("/o/org2/connectors").status_code == 429
        assert emu.stats() == {LIST: 1}


def test_command_line_prints_the_url_and_serves(tmp_path: object) -> None:
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    command = [
        sys.executable,
        "-m",
        "versori_pulumi.emulator",
        "--port",
        "0",
        "--api-key",
        "cli-key",
        "--org-id",
        "cli-org",
    ]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    try:
        assert process.stdout is not None
        line = process.stdout.readline().strip()
        prefix = "versori-emulator listening on "
        assert line.startswith(prefix) and line.endswith("/api/connect/v1"), line
        base_url = line.removeprefix(prefix)
        response = httpx.get(f"{base_url}/o/cli-org/connectors", headers={"Authorization": "Bearer cli-key"})
        assert response.json() == {"totalCount": 0, "connectors": []}
    finally:
        process.send_signal(signal.SIGTERM)
        _, stderr = process.communicate(timeout=15)
    assert process.returncode == 0, stderr
    assert "cli-key" not in stderr


def test_command_line_rejects_bad_flags() -> None:
    command = [sys.executable, "-m", "versori_pulumi.emulator", "--fault-statuses", "429,500"]
    result = subprocess.run(command, capture_output=True, text=True, timeout=30)
    assert result.returncode == 2 and "unknown fault statuses" in result.stderr


def test_command_line_reports_a_taken_port(emu: EmulatorServer) -> None:
    command = [sys.executable, "-m", "versori_pulumi.emulator", "--port", str(emu.port)]
    result = subprocess.run(command, capture_output=True, text=True, timeout=30)
    assert result.returncode == 1 and "cannot listen" in result.stderr and result.stdout == ""
