"""End to end under faults: the real engine and providers against an emulator that fails 30% of requests.

One stack (a connector with two auth scheme configs, versions 1.0.0 and 2.0.0 from it, published and default, a
connection with a secret credential, a library import, and a vendor-size version of 235 actions and 193
definitions from a generated OpenAPI document, written and read concurrently) goes through up, an in-place update
(the large version: one path moved, three actions, and one operation added), refresh and destroy twice: once
without faults, once with 429 (Retry-After), 503 and dropped responses (applied, then cut off) injected at rate 0.3.
Both runs must leave the same remote state after each step (compared over raw HTTP, ids and times left out; the
large version's contents by name), no duplicate and no orphan, the preview after each step empty, and the
organisation empty after destroy. A second test kills an ``up`` part way and shows
what converges. A third greps state, logs and engine output for the API key and the credential value.
"""

from __future__ import annotations

import contextlib
import importlib
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import textwrap
import time
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import pulumi
import pytest
from pulumi import automation as auto

from versori_pulumi.client import ConnectClient
from versori_pulumi.emulator import LIBRARY_SLACK_ID, EmulatorServer
from versori_pulumi.recovery import recover_pending_creates

from ._fault_programs import PROJECT, fleet, fleet_name, fleet_secret, fleet_stack
from .harness import StackFactory, pulumi_command

pytestmark = pytest.mark.e2e

API_KEY = "e2e-faults-api-key-5b0d7c2e9a41"
CREDENTIAL = "e2e-faults-credential-value-8c13f7"
FAULT_RATE = 0.3
FAULTS = ("429", "503", "drop")
INITIAL = {"team": "platform", "v2_description": "second", "region": "eu", "ledger_moved": ""}
UPDATED = {"team": "integrations", "v2_description": "second, edited", "region": "us", "ledger_moved": "Account"}

SITECUSTOMIZE = '''
"""Test-only: sends the provider host's client and httpx log records to $VERSORI_E2E_PROVIDER_LOG."""
import logging
import os
import re

_path = os.environ.get("VERSORI_E2E_PROVIDER_LOG")
if _path:
    _handler = logging.FileHandler(_path)
    _handler.setFormatter(logging.Formatter("%(process)d %(name)s %(levelname)s %(message)s"))
    for _name in ("versori_pulumi", "httpx", "httpcore"):
        _logger = logging.getLogger(_name)
        _logger.addHandler(_handler)
        _logger.setLevel(logging.DEBUG)
'''


class LoggedStackFactory(StackFactory):
    """Stacks whose provider host logs the client's retries, look-ups and every HTTP exchange to a file."""

    def __init__(self, base_dir: Path, command: auto.PulumiCommand) -> None:
        super().__init__(base_dir, command)
        self.site_dir = base_dir / "site"
        self.site_dir.mkdir(parents=True, exist_ok=True)
        (self.site_dir / "sitecustomize.py").write_text(textwrap.dedent(SITECUSTOMIZE))
        self.log_path = base_dir / "provider.log"
        self.log_path.touch()

    def env(self) -> dict[str, str]:
        env = super().env()
        env["PYTHONPATH"] = os.pathsep.join((str(self.site_dir), env["PYTHONPATH"]))
        env["VERSORI_E2E_PROVIDER_LOG"] = str(self.log_path)
        return env

    def log_text(self) -> str:
        return self.log_path.read_text(errors="replace")


def lifecycle(desired: dict[str, str], face: str = "versori_pulumi") -> Callable[[], None]:
    """The stack under test; ``desired`` is read at every run, so the test edits it between runs. ``face``: the
    module of the resource classes (``pulumi_versori``: the native face, same Args)."""

    def run() -> None:
        versori: Any = importlib.import_module(face)
        Connection, ConnectionArgs = versori.Connection, versori.ConnectionArgs
        Connector, ConnectorArgs = versori.Connector, versori.ConnectorArgs
        ConnectorDefaultVersion, ConnectorDefaultVersionArgs = (
            versori.ConnectorDefaultVersion,
            versori.ConnectorDefaultVersionArgs,
        )
        ConnectorVersion, ConnectorVersionArgs = versori.ConnectorVersion, versori.ConnectorVersionArgs
        ImportedConnector, ImportedConnectorArgs = versori.ImportedConnector, versori.ImportedConnectorArgs
        from versori_pulumi.inputs import (
            ApiKeyAuthSchemeConfigArgs,
            BasicAuthSchemeConfigArgs,
            ConnectionCredentialArgs,
            ConnectionCredentialsArgs,
            StringCredentialArgs,
        )

        connector = Connector(
            "acme",
            ConnectorArgs(
                name="Faulty Acme",
                base_url="https://api.acme.test",
                tags={"team": [desired["team"]]},
                categories=["CRM"],
                auth_scheme_configs=[
                    ApiKeyAuthSchemeConfigArgs(description="key", name="X-Api-Key", in_="header"),
                    BasicAuthSchemeConfigArgs(description="basic"),
                ],
            ),
        )
        v1 = ConnectorVersion(
            "v1",
            ConnectorVersionArgs(connector_id=connector.connector_id, name="1.0.0", published=True, force_delete=True),
        )
        v2 = ConnectorVersion(
            "v2",
            ConnectorVersionArgs(
                connector_id=connector.connector_id,
                name="2.0.0",
                from_version="1.0.0",
                description=desired["v2_description"],
                published=True,
                force_delete=True,
            ),
            opts=pulumi.ResourceOptions(depends_on=[v1]),
        )
        ConnectorDefaultVersion("default", ConnectorDefaultVersionArgs(connector_id=connector.connector_id, version=v2))
        secret = pulumi.Config().require_secret("credential")
        Connection(
            "prod",
            ConnectionArgs(
                connector_id=connector.connector_id,
                name="production",
                variables=[{"name": "region", "value": desired["region"]}],
                credentials=ConnectionCredentialsArgs(
                    action=[
                        ConnectionCredentialArgs(
                            auth_scheme_config=connector.auth_scheme_configs[0],
                            credential=StringCredentialArgs(name="acme-key", value=secret),
                        )
                    ]
                ),
            ),
        )
        ImportedConnector("slack", ImportedConnectorArgs(library_connector_id=LIBRARY_SLACK_ID))
        large_version(desired["ledger_moved"], face)

    return run


def large_version(moved: str, face: str = "versori_pulumi") -> None:
    """A vendor-size connector version from the generated document; ``moved`` edits it (three actions' path
    moved, one operation added)."""
    versori: Any = importlib.import_module(face)
    Connector, ConnectorArgs = versori.Connector, versori.ConnectorArgs
    ConnectorVersion, ConnectorVersionArgs = versori.ConnectorVersion, versori.ConnectorVersionArgs
    from versori_pulumi.openapi import contents_of
    from versori_pulumi.openapi_import import plan_import
    from versori_pulumi.testing.openapi_corpus import vendor_yaml

    document = contents_of(plan_import(vendor_yaml(moved=moved or None, ping=bool(moved))))
    ledger = Connector(
        "ledger",
        ConnectorArgs(name=document.name, base_url=document.base_url, auth_scheme_configs=document.auth_scheme_configs),
    )
    ConnectorVersion(
        "ledger-version",
        ConnectorVersionArgs(
            connector_id=ledger.connector_id,
            name=document.version,
            definitions=document.definitions,
            actions=document.actions,
            triggers=document.triggers,
            force_delete=True,
        ),
    )


# --- the remote state, over raw HTTP ---


class Faults:
    """The emulator's fault setting, with a pause to read the truth without faults (the sequence goes on after)."""

    def __init__(self, emulator: EmulatorServer) -> None:
        self.emulator = emulator
        self.rate = 0.0

    def set(self, rate: float, seed: int | None = None) -> None:
        self.rate = rate
        self.emulator.set_faults(rate, FAULTS if rate else [], 0, seed=seed)

    @contextmanager
    def paused(self) -> Iterator[None]:
        self.emulator.set_faults(0.0, [], 0)
        try:
            yield
        finally:
            if self.rate:
                self.emulator.set_faults(self.rate, FAULTS, 0)


def remote_state(emulator: EmulatorServer, faults: Faults | None = None) -> dict[str, Any]:
    """Every connector of the organisation with its versions and connections, without ids and times.

    Raises if a name occurs twice at any level (a duplicate object)."""
    org = emulator.org_id
    headers = {"Authorization": f"Bearer {emulator.api_key}"}
    state: dict[str, Any] = {}
    pause = faults.paused() if faults is not None else contextlib.nullcontext()
    with pause, httpx.Client(base_url=emulator.base_url, headers=headers, timeout=30) as http:

        def get(path: str, **params: Any) -> Any:
            response = http.get(path, params=params)
            response.raise_for_status()
            return response.json()

        connectors = get(f"/o/{org}/connectors", first=100)["connectors"]
        names = [c["name"] for c in connectors]
        assert len(names) == len(set(names)), f"duplicate connectors: {sorted(names)}"
        for summary in connectors:
            base = f"/o/{org}/connectors/{summary['id']}"
            connector = get(base)
            versions = get(f"{base}/versions", first=100)["items"]
            connections = get(f"{base}/connections", first=100).get("items", [])
            for kind, items in (("versions", versions), ("connections", connections)):
                item_names = [item["name"] for item in items]
                assert len(item_names) == len(set(item_names)), f"duplicate {kind} of {summary['name']}: {item_names}"
            contents = {
                v["name"]: _contents(emulator, summary["id"], v["name"]) for v in versions if summary["name"] == LEDGER
            }
            state[connector["name"]] = {
                "contents": contents,
                "baseUrl": connector.get("baseUrl"),
                "public": connector.get("public"),
                "tags": connector.get("tags"),
                "authSchemeConfigs": [
                    {k: v for k, v in config.items() if k != "validationMessages"}
                    for config in connector.get("authSchemeConfigs") or []
                ],
                "connectionVariables": connector.get("connectionVariables"),
                "versions": {
                    v["name"]: {
                        "description": v.get("description") or "",
                        "published": v.get("publishedAt") is not None,
                        "isDefault": v.get("isDefault"),
                    }
                    for v in versions
                },
                "connections": {c["name"]: _connection(get(f"{base}/connections/{c['id']}")) for c in connections},
            }
    return state


LEDGER = "Ledger API"


def _contents(emulator: EmulatorServer, connector_id: str, version: str) -> dict[str, Any]:
    """A version's contents by name (all pages), each action with its path: duplicates would raise."""
    with ConnectClient(emulator.base_url, emulator.org_id, emulator.api_key) as api:
        actions = [(a.name, a.path) for a in api.list_actions(connector_id, version)]
        definitions = [d.name for d in api.list_definitions(connector_id, version)]
        triggers = [t.name for t in api.list_triggers(connector_id, version)]
    for kind, names in (("actions", [n for n, _ in actions]), ("definitions", definitions), ("triggers", triggers)):
        assert len(names) == len(set(names)), f"duplicate {kind} in {version}"
    return {"actions": dict(sorted(actions)), "definitions": sorted(definitions), "triggers": sorted(triggers)}


def _connection(body: dict[str, Any]) -> dict[str, Any]:
    return {
        "variables": body.get("variables"),
        "credentials": {
            side: [
                (c["authSchemeConfig"]["schemeType"], c["authSchemeConfig"]["id"], c["credential"]["name"])
                for c in (body.get("credentials") or {}).get(side, [])
            ]
            for side in ("action", "trigger")
        },
    }


# --- one scenario, run once for the module ---


@dataclass
class Phase:
    """What one Pulumi operation cost: requests, faults met, client retries, look-ups, TCP connections opened."""

    name: str
    seconds: float
    requests: int
    faults: Counter[str]
    retries: int
    lookups: int
    connections: int


@dataclass
class Scenario:
    clean: list[dict[str, Any]] = field(default_factory=list)
    faulted: list[dict[str, Any]] = field(default_factory=list)
    phases: list[Phase] = field(default_factory=list)
    engine_output: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    reruns: list[str] = field(default_factory=list)
    """Faulted operations that failed (a request out of retries) and were run again."""
    cli_export: str = ""
    deployment: dict[str, Any] = field(default_factory=dict)
    provider_log: str = ""
    files: dict[str, bytes] = field(default_factory=dict)
    previews_after: dict[str, dict[str, int]] = field(default_factory=dict)


_ATTEMPT = re.compile(r" -> (\w+) attempt=\d+")


def faults_seen(log: str) -> Counter[str]:
    """Injected faults as the client met them, from its per-attempt log lines: 429, 503, or a cut-off response."""
    counts: Counter[str] = Counter()
    for outcome in _ATTEMPT.findall(log):
        if outcome in ("429", "503"):
            counts[outcome] += 1
        elif not outcome.isdigit():
            counts["drop"] += 1  # the transport error a dropped response raises (RemoteProtocolError)
    return counts


@pytest.fixture(scope="module")
def scenario(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Scenario]:
    yield from run_scenario(tmp_path_factory, "versori_pulumi")


def run_scenario(tmp_path_factory: pytest.TempPathFactory, face: str) -> Iterator[Scenario]:
    """The clean and the faulted runs of :func:`lifecycle` on ``face``; yields what they did, then cleans up."""
    result = Scenario()
    base_dir = tmp_path_factory.mktemp("faults")
    with EmulatorServer(api_key=API_KEY) as emulator:
        factory = LoggedStackFactory(base_dir / "pulumi", pulumi_command())
        desired = dict(INITIAL)
        stack = factory.create(
            lifecycle(desired, face),
            project_name="versori-e2e-faults",
            stack_name="faults",
            config={"versori:baseUrl": emulator.base_url, "versori:organisationId": emulator.org_id},
            secrets={"versori:apiKey": API_KEY, "versori-e2e-faults:credential": CREDENTIAL},
        )
        faults = Faults(emulator)

        def run(name: str, operation: Callable[..., Any], into: list[dict[str, Any]] | None) -> None:
            emulator.reset()
            log_start = len(factory.log_text())
            started = time.perf_counter()
            try:
                operation(on_output=result.engine_output.append, on_error=result.engine_output.append)
            except auto.CommandError as exc:
                result.errors.append(str(exc))
                raise
            seconds = time.perf_counter() - started
            requests = sum(emulator.stats().values())
            log = factory.log_text()[log_start:]
            retries, lookups = log.count(" retrying "), log.count("natural-key look-up")
            connections = log.count("connect_tcp.complete")
            result.phases.append(Phase(name, seconds, requests, faults_seen(log), retries, lookups, connections))
            if into is not None:
                into.append(remote_state(emulator, faults))
            if operation != stack.destroy:  # no provider preview: check and diff only, whatever the faults
                result.previews_after[name] = dict(stack.preview().change_summary)

        def run_or_rerun(name: str, operation: Callable[..., Any], into: list[dict[str, Any]] | None) -> None:
            """Under faults a request can still exhaust its retries (30% each: 0.3^8 per request, over the large
            version's thousand requests); the operation then fails, and the user's remedy is the same command again.
            What a failed operation left must let that converge: no duplicate, no orphan (the states compared)."""
            try:
                run(name, operation, into)
            except auto.CommandError:
                if name.startswith("clean"):
                    raise
                result.reruns.append(name)
                run(f"{name} (again)", operation, into)

        for label, rate, states in (("clean", 0.0, result.clean), ("faulted", FAULT_RATE, result.faulted)):
            desired.update(INITIAL)
            faults.set(rate, seed=20261123)
            run_or_rerun(f"{label} up", stack.up, states)
            desired.update(UPDATED)
            run_or_rerun(f"{label} update", stack.up, states)
            run_or_rerun(f"{label} refresh", stack.refresh, states)
            if label == "faulted":
                with faults.paused():
                    ws = stack.workspace
                    result.cli_export = ws.pulumi_command.run(
                        ["stack", "export", "--stack", stack.name], ws.work_dir, ws.env_vars
                    ).stdout
                    result.deployment = stack.export_stack().deployment or {}
            run_or_rerun(f"{label} destroy", stack.destroy, states)
        faults.set(0.0)
        result.provider_log = factory.log_text()
        result.files = {
            str(path): path.read_bytes()
            for path in factory.base_dir.rglob("*")
            if path.is_file() and path.stat().st_size < 20_000_000
        }
        print("\nfault run figures:")
        for phase in result.phases:
            print(
                f"  {phase.name}: {phase.seconds:.1f}s, {phase.requests} requests, faults {dict(phase.faults)}, "
                f"{phase.retries} retries, {phase.lookups} natural-key look-ups, {phase.connections} connections"
            )
        yield result
        factory.cleanup()


def test_faulted_lifecycle_ends_as_the_clean_one(scenario: Scenario) -> None:
    assert_faulted_lifecycle_ends_as_the_clean_one(scenario)


def assert_faulted_lifecycle_ends_as_the_clean_one(scenario: Scenario) -> None:
    """Both runs left the same remote state after each step; faults were met and retried (either face)."""
    clean_up, clean_update, clean_refresh, clean_destroy = scenario.clean
    faulted_up, faulted_update, faulted_refresh, faulted_destroy = scenario.faulted
    assert faulted_up == clean_up
    assert faulted_update == clean_update
    assert faulted_refresh == clean_refresh == clean_update, "refresh changes nothing remotely"
    assert clean_destroy == {} and faulted_destroy == {}, "destroy left objects behind (orphans)"
    for name, summary in scenario.previews_after.items():
        assert set(summary) <= {"same"}, f"the preview after {name} is not empty: {summary}"

    # The large version: every item once, the edit applied (three actions moved, one added), nothing lost.
    before = faulted_up[LEDGER]["contents"]["2024-05-01"]
    after = faulted_update[LEDGER]["contents"]["2024-05-01"]
    assert (len(before["actions"]), len(before["definitions"])) == (235, 193)
    assert set(after["actions"]) == set(before["actions"]) | {"ping"}
    moved = {name for name in before["actions"] if after["actions"][name] != before["actions"][name]}
    assert moved == {"getAccount", "updateAccount", "deleteAccount"}
    assert after["definitions"] == before["definitions"]

    # No lost update: the live state is the program's desired state, not only the clean run's.
    acme = faulted_update["Faulty Acme"]
    assert acme["tags"] == {"team": [UPDATED["team"]]}
    assert [c["schemeType"] for c in acme["authSchemeConfigs"]] == ["api-key", "basic-auth"]
    assert acme["versions"] == {
        "1.0.0": {"description": "", "published": True, "isDefault": False},
        "2.0.0": {"description": UPDATED["v2_description"], "published": True, "isDefault": True},
    }
    assert acme["connections"]["production"]["variables"] == [{"name": "region", "value": UPDATED["region"]}]
    assert sorted(faulted_update) == ["Faulty Acme", LEDGER, "Slack"]

    faulted = [p for p in scenario.phases if p.name.startswith("faulted")]
    injected = sum((p.faults for p in faulted), Counter[str]())
    assert set(injected) == set(FAULTS), f"every fault kind must have been exercised: {dict(injected)}"
    assert sum(p.retries for p in faulted) >= sum(injected.values()) * 0.5, "faults were not retried"
    # A failed operation is only ever a request out of retries under the injected faults, and its rerun converged.
    assert len(scenario.errors) == len(scenario.reruns) <= 1, scenario.errors
    assert all("attempts in" in error for error in scenario.errors), scenario.errors
    clean = [p for p in scenario.phases if p.name.startswith("clean")]
    assert all(0 < p.connections < p.requests for p in clean), [(p.requests, p.connections) for p in clean]


def test_no_secret_in_state_logs_or_output(scenario: Scenario) -> None:
    assert_no_secret_in_state_logs_or_output(scenario)


def assert_no_secret_in_state_logs_or_output(scenario: Scenario) -> None:
    """Neither the key nor the credential in plain text anywhere the run wrote (either face)."""
    secrets = (API_KEY, CREDENTIAL)
    assert scenario.provider_log.count("HTTP Request:") > 20, "the provider log captured no HTTP exchange"
    texts = {
        "pulumi stack export": scenario.cli_export,
        "provider log": scenario.provider_log,
        "engine output": "\n".join(scenario.engine_output),
        "errors": "\n".join(scenario.errors),
    }
    for where, text in texts.items():
        for secret in secrets:
            at = text.find(secret)
            assert at < 0, f"{where} holds a secret: ...{text[max(0, at - 200) : at + 40]}..."
    for path, content in scenario.files.items():
        for secret in secrets:
            assert secret.encode() not in content, f"{path} holds a secret in plain text"
    # export_stack() asks for --show-secrets: the credential may appear there, but only inside a secret envelope.
    plain = list(_plaintext_outside_secrets(scenario.deployment, secrets))
    assert plain == [], plain
    assert json.dumps(scenario.deployment).count(CREDENTIAL) >= 1, "the credential should be in state, as a secret"


SECRET_SIG = ("4dabf18193072939515e22adb298388d", "1b47061264138c4ac30d75fd1eb44270")


def _plaintext_outside_secrets(node: Any, secrets: tuple[str, ...], path: str = "") -> Iterator[str]:
    """Paths of strings holding a secret that are not inside a Pulumi secret envelope."""
    if isinstance(node, dict):
        if node.get(SECRET_SIG[0]) == SECRET_SIG[1]:
            return
        for key, value in node.items():
            yield from _plaintext_outside_secrets(value, secrets, f"{path}.{key}")
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from _plaintext_outside_secrets(value, secrets, f"{path}[{index}]")
    elif isinstance(node, str) and any(secret in node for secret in secrets):
        yield path


# --- an up killed part way ---


def _descendants(root: int) -> list[int]:
    """Every process under ``root`` (children, grandchildren...), from /proc."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            parent = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
        except (OSError, IndexError, ValueError):
            continue
        children.setdefault(parent, []).append(int(entry.name))
    found: list[int] = []
    todo = [root]
    while todo:
        for pid in children.get(todo.pop(), []):
            found.append(pid)
            todo.append(pid)
    return found


def _repair_torn_checkpoint(state_dir: Path, project: str, stack_name: str) -> list[str]:
    """Undo what a kill mid-save can leave in the file backend; returns what was repaired.

    The backend (gocloud fileblob) writes a blob to a temporary file and renames it, but rewrites its ``.attrs``
    sidecar in place: killed in between, the sidecar is empty and the stack cannot be read ("failed to load
    checkpoint: EOF"). An absent sidecar reads as default attributes, so an empty one is removed. Should the stack
    file itself be unreadable, the backend's own ``.bak`` (the previous checkpoint) is put back.
    """
    repaired = []
    for attrs in (state_dir / ".pulumi").rglob("*.attrs"):
        if attrs.stat().st_size == 0:
            attrs.unlink()
            repaired.append(f"removed empty {attrs.name}")
    path = state_dir / ".pulumi" / "stacks" / project / f"{stack_name}.json"
    try:
        json.loads(path.read_bytes())
    except (OSError, ValueError):
        backup = path.with_name(path.name + ".bak")
        json.loads(backup.read_bytes())  # the previous checkpoint must be readable
        shutil.copyfile(backup, path)
        repaired.append(f"restored {path.name} from {backup.name}")
    return repaired


def _pending(stack: auto.Stack) -> list[str]:
    deployment = stack.export_stack().deployment or {}
    return [op["resource"]["urn"].rsplit("::", 1)[-1] for op in deployment.get("pending_operations") or []]


def _in_state(stack: auto.Stack) -> dict[str, str]:
    deployment = stack.export_stack().deployment or {}
    return {r["urn"].rsplit("::", 1)[-1]: r.get("id", "") for r in deployment.get("resources", []) if r.get("id")}


@pytest.mark.parametrize(
    ("window", "remedy"),
    [
        ("in-flight", "adopt"),
        ("applied-unanswered", "adopt"),
        ("applied-unanswered", "recover"),
        ("applied-unanswered", "owned"),
    ],
)
def test_killed_up_converges_without_duplicates(
    emulator: EmulatorServer, stack_factory: StackFactory, window: str, remedy: str
) -> None:
    """Kill ``up`` (CLI, program and provider host, SIGKILL) after its first creates, then bring the stack home.

    Remedies: ``adopt`` runs a plain ``up`` first (it fails where a name is taken, naming ``adopt_existing``),
    then sets ``adopt_existing`` on what exists but the state lacks; ``recover`` runs
    ``versori_pulumi.recovery.recover_pending_creates`` before anything else, then a plain ``up``; ``owned`` runs
    the killed ``up`` in the large-stack mode (``PULUMI_SKIP_CHECKPOINTS=true``, ``versori:adoptOwned``), which
    leaves no record at all of the creates, and then only a plain ``up``.

    ``in-flight``: 300 ms latency, killed as the 5th create arrives; whether the creates in flight land depends on
    where the server was (the emulator drops a request whose client vanished before the body was read). The
    ``applied-unanswered`` window is the worst case, made certain: every response is cut off after the server applied
    the request (drop faults at rate 1), so the first creates exist remotely while the engine only knows them as
    pending.
    """
    n = 4
    if window == "in-flight":
        emulator.set_faults(0.0, [], latency_ms=300)
        kill_at = 5
    else:
        emulator.set_faults(1.0, ["drop"], latency_ms=0)
        kill_at = n  # the connectors' creates: all applied, none answered; the client is retrying when killed
    args = [str(stack_factory.base_dir), "killed", emulator.base_url, emulator.org_id, emulator.api_key, str(n)]
    env = {**os.environ, **stack_factory.env()}  # its PYTHONPATH has the tests folder: e2e._fault_programs imports
    if remedy == "owned":
        env.update(PULUMI_SKIP_CHECKPOINTS="true", VERSORI_FLEET_OWNED="1")
    log_path = stack_factory.base_dir / "child.log"
    stack_factory.base_dir.mkdir(parents=True, exist_ok=True)
    with log_path.open("w") as log:
        child = subprocess.Popen(
            [sys.executable, "-m", "e2e._fault_programs", *args],
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        deadline = time.monotonic() + 240
        posts = 0
        while time.monotonic() < deadline and child.poll() is None:
            posts = sum(count for route, count in emulator.stats().items() if route.startswith("POST"))
            if posts >= kill_at:
                break
            time.sleep(0.05)
        assert child.poll() is None, f"the child up ended before it could be killed:\n{log_path.read_text()[-3000:]}"
        # The CLI starts the provider host in a process group of its own: kill the whole tree by pid, at once.
        for pid in [child.pid, *_descendants(child.pid)]:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
        child.wait()
    time.sleep(1.0)  # let the server finish whatever it was handling
    emulator.set_faults(0.0, [], 0)
    at_kill = sum(emulator.stats().values())

    torn = _repair_torn_checkpoint(stack_factory.state_dir, PROJECT, "killed")
    owned = remedy == "owned"
    stack = fleet_stack(stack_factory, "killed", emulator.base_url, emulator.org_id, emulator.api_key, n, owned=owned)
    pending = _pending(stack)
    locks = stack_factory.state_dir / ".pulumi" / "locks"
    assert list(locks.rglob("*.json")), "the killed up should have left its lock"
    stack.cancel()  # removes the lock on the file backend
    assert not list(locks.rglob("*.json"))

    api = ConnectClient(emulator.base_url, emulator.org_id, emulator.api_key)
    if owned:
        # No checkpoint was written: the state knows none of the creates, yet they landed (marked as this stack's).
        landed = [c.name for c in api.list_connectors()]
        assert pending == [] and landed, (pending, landed)
        assert stack.up().summary.result == "succeeded"  # a plain up: each taken name is this stack's, adopted
        _assert_converged(stack, api, n)
        print(f"\nkilled up ({window}, {remedy}): {len(landed)} connectors had landed unrecorded; one plain up adopted")
        stack.destroy()
        assert list(api.list_connectors()) == []
        api.close()
        return
    if remedy == "recover":
        report = recover_pending_creates(stack, api)
        imported = sorted(urn.rsplit("::", 1)[-1] for urn in report.imported)
        assert imported == sorted(pending), (report, pending)  # in this window every pending create landed
        assert stack.up().summary.result == "succeeded"
        _assert_converged(stack, api, n)
        print(
            f"\nkilled up ({window}, {remedy}): pending creates {sorted(pending)}, recovered {imported}"
            f"{f', torn checkpoint repaired: {torn}' if torn else ''}"
        )
        stack.destroy()
        assert list(api.list_connectors()) == []
        api.close()
        return

    # A plain `up` re-creates what the state does not know: objects whose create was in flight exist already, and
    # the providers refuse to take over an object by name unasked (409 -> "set adopt_existing").
    first_error = ""
    try:
        stack.up()
    except auto.CommandError as exc:
        first_error = str(exc)
    if window == "applied-unanswered":
        assert first_error, "re-creating objects that exist must fail: their names are taken"
    if first_error:
        assert "set adopt_existing" in first_error and "already" in first_error, first_error[-2000:]
    for secret in (emulator.api_key, fleet_secret(emulator.api_key)):
        assert secret not in first_error

    # The documented remedy: adopt what exists but the state does not hold, drop the stale pending creates.
    known = _in_state(stack)
    adopt = set()
    for i in range(n):
        connector = api.find_connector_by_name(fleet_name(i))
        if connector is None:
            continue
        if f"c{i}" not in known:
            adopt.add(f"c{i}")
        if f"v{i}" not in known and any(v.name == "1.0.0" for v in api.list_versions(connector.id)):
            adopt.add(f"v{i}")
        if f"conn{i}" not in known and any(c.name == "production" for c in api.list_connections(connector.id)):
            adopt.add(f"conn{i}")
    stack.refresh(clear_pending_creates=True)
    stack.workspace.program = fleet(n, frozenset(adopt))
    assert stack.up().summary.result == "succeeded"
    stack.workspace.program = fleet(n)  # adopt_existing dropped again: no change

    _assert_converged(stack, api, n)
    print(
        f"\nkilled up ({window}, {remedy}): {posts} creates sent before the kill ({at_kill} requests), pending creates "
        f"{sorted(pending)}, first up {'failed: name taken' if first_error else 'succeeded'}, adopted {sorted(adopt)}"
        f"{f', torn checkpoint repaired: {torn}' if torn else ''}"
    )
    stack.destroy()
    assert list(api.list_connectors()) == []
    api.close()


def _assert_converged(stack: auto.Stack, api: ConnectClient, n: int) -> None:
    """Each object once, every one of them in the state (no orphan), and nothing left to do."""
    state = _in_state(stack)
    connectors = list(api.list_connectors())
    assert sorted(c.name for c in connectors) == [fleet_name(i) for i in range(n)]
    for connector in connectors:
        i = int(connector.name.rsplit("-", 1)[1])
        assert state[f"c{i}"] == connector.id
        assert [v.id for v in api.list_versions(connector.id)] == [state[f"v{i}"]]
        assert [c.id for c in api.list_connections(connector.id)] == [state[f"conn{i}"]]
    assert _pending(stack) == []
    assert {op: c for op, c in stack.preview().change_summary.items() if op != "same"} == {}


def test_the_snapshot_sees_duplicates(emulator: EmulatorServer) -> None:
    """remote_state fails on a duplicate (so its use above can fail): two connections of one name cannot be made
    through the API, so the check is shown on connector names the emulator would refuse, via a patched listing."""
    with ConnectClient(emulator.base_url, emulator.org_id, emulator.api_key) as api:
        from versori_pulumi.models import HTTPConnectorCreate

        api.create_http_connector(HTTPConnectorCreate(name="dup", base_url="https://d.test"))
    original = httpx.Response.json

    def doubled(self: httpx.Response, **kwargs: Any) -> Any:
        body = original(self, **kwargs)
        if isinstance(body, dict) and "connectors" in body:
            body["connectors"] = body["connectors"] * 2
        return body

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(httpx.Response, "json", doubled)
        with pytest.raises(AssertionError, match="duplicate connectors"):
            remote_state(emulator)
