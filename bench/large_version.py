"""Benchmark rows of a vendor-size connector version, with plain ``pulumi`` commands in a project folder.

The version is built from the generated vendor document (``versori_pulumi.testing.openapi_corpus``: 235 actions,
193 definitions, in the form "made valid by hand", which code that refuses the vendor's own form also reads) by a
program that calls ``read_openapi``, as a user's does. Against the emulator at ``--latency-ms``:

- create: ``pulumi up --yes --skip-preview`` of the connector and its version;
- no-change preview: ``pulumi preview`` (median of ``--preview-runs``);
- a 3-action edit: one resource's item path moved (its get/update/delete) and one operation added, ``pulumi up``;
- refresh: ``pulumi refresh --yes --skip-preview``;

each beside its floors: the same command on the same program shape with the null dynamic provider given exactly
the same inputs (``versori_pulumi.testing.null_provider``: the wire dicts our classes send, from ``read_openapi`` of
the same document; no HTTP), run right after ours; the same requests from a plain httpx script at the same
concurrency (``versori:concurrency``, 8); the engine's own cost (the same command on a program without resources).
Ratio rows divide ours by (null provider + HTTP floor): what is above 1x is our code's. Then ``read_openapi`` of a
1 MB YAML document beside a bare libyaml parse of it (medians, each in a fresh interpreter's warm loop).

``--python-path`` puts another checkout's ``provider`` folder first on the program's and provider host's
``PYTHONPATH`` (and the read timing's): how the before/after figures of bench/RESULTS.md were taken.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from functools import partial
from pathlib import Path
from typing import Any

import httpx

from versori_pulumi.openapi_import import plan_import
from versori_pulumi.testing import pulumi_env
from versori_pulumi.testing.openapi_corpus import vendor_yaml

CONCURRENCY = 8
MOVED = "Account"

PROGRAM = '''
"""The benchmark's project: a connector and one version built from ledger.yaml. The stack names the provider:
"bench" ours, "null" the null provider given the same wire inputs (the engine's floor), "empty" no resource."""
import pulumi

SHAPE = pulumi.get_stack()

if SHAPE != "empty":
    from versori_pulumi.openapi import read_openapi

    document = read_openapi("ledger.yaml")
if SHAPE == "bench":
    import versori_pulumi as versori

    connector = versori.Connector(
        "ledger",
        versori.ConnectorArgs(
            name=document.name, base_url=document.base_url, auth_scheme_configs=document.auth_scheme_configs
        ),
    )
    versori.ConnectorVersion(
        "ledger-version",
        versori.ConnectorVersionArgs(
            connector_id=connector.connector_id,
            name=document.version,
            definitions=document.definitions,
            actions=document.actions,
            triggers=document.triggers,
        ),
    )
elif SHAPE == "null":  # the wire dicts the classes above send, from the same helpers
    from versori_pulumi._program.wire import auth_scheme_configs_to_wire, contents_to_wire
    from versori_pulumi.testing.null_provider import NullResource

    configs = auth_scheme_configs_to_wire(document.auth_scheme_configs)
    connector = NullResource(
        "ledger", {"name": document.name, "base_url": document.base_url, "auth_scheme_configs": configs}
    )
    kinds = ("definitions", "actions", "triggers")
    contents = {kind: contents_to_wire(kind, getattr(document, kind)) for kind in kinds}
    NullResource(
        "ledger-version",
        {
            "connector_id": connector.id,
            "name": document.version,
            **{kind: wire for kind, wire in contents.items() if wire is not None},
        },
    )
'''

STACKS = ("bench", "null", "empty")
"""Ours, the null provider on the same inputs, no resources (the program reads the stack's name)."""


class Project:
    """A project folder run with the pinned ``pulumi`` CLI, state in a file backend beside it."""

    def __init__(self, base_dir: Path, base_url: str, org: str, key: str, python_path: str | None) -> None:
        self.dir = base_dir / "project"
        self.dir.mkdir(parents=True)
        (self.dir / "Pulumi.yaml").write_text("name: versori-bench-large\nruntime: python\n")
        (self.dir / "__main__.py").write_text(textwrap.dedent(PROGRAM))
        self.env = {**os.environ, **pulumi_env(state_dir=base_dir / "state", pulumi_home=base_dir / "home")}
        if python_path:
            self.env["PYTHONPATH"] = os.pathsep.join(p for p in (python_path, self.env.get("PYTHONPATH")) if p)
        for stack in STACKS:
            self.init(stack)
            self.run("config", "set", "versori:baseUrl", base_url, stack=stack)
            self.run("config", "set", "versori:organisationId", org, stack=stack)
            self.run("config", "set", "--secret", "versori:apiKey", key, stack=stack)

    def init(self, stack: str) -> None:
        done = subprocess.run(
            ["pulumi", "stack", "init", stack, "--non-interactive"], cwd=self.dir, env=self.env, capture_output=True
        )
        if done.returncode != 0:
            raise RuntimeError(f"pulumi stack init {stack} failed: {done.stderr[-2000:]!r}")

    def run(self, *args: str, stack: str = "bench") -> str:
        done = subprocess.run(
            ["pulumi", *args, "--stack", stack, "--non-interactive"],
            cwd=self.dir,
            env=self.env,
            capture_output=True,
            text=True,
        )
        if done.returncode != 0:
            raise RuntimeError(f"pulumi {' '.join(args)} failed:\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}")
        return done.stdout

    def document(self, **options: Any) -> None:
        (self.dir / "ledger.yaml").write_text(vendor_yaml(valid=True, **options))


# --- the floors: the same requests from plain httpx, CONCURRENCY at a time ---

FLOOR_NAME = "Ledger floor"


def _contents(resources: int, **options: Any) -> Any:
    return plan_import(vendor_yaml(valid=True, resources=resources, **options))


@contextmanager
def _http(base_url: str, key: str) -> Iterator[httpx.Client]:
    limits = httpx.Limits(max_connections=CONCURRENCY)
    headers = {"Authorization": f"Bearer {key}"}
    with httpx.Client(base_url=base_url, headers=headers, timeout=60, limits=limits) as http:
        yield http


def _all(calls: list[Callable[[], Any]]) -> list[Any]:
    with ThreadPoolExecutor(CONCURRENCY) as pool:
        return list(pool.map(lambda call: call(), calls))


def _ok(response: httpx.Response) -> Any:
    response.raise_for_status()
    return response.json() if response.content else None


def _wire(model: Any) -> Any:
    return model.model_dump(mode="json", by_alias=True, exclude_none=True)


def floor_create(base_url: str, org: str, key: str, resources: int) -> Callable[[], None]:
    """POST the connector, its version, the definitions (one batch), then every action, 8 at a time."""
    plan = _contents(resources)

    def run() -> None:
        with _http(base_url, key) as http:
            configs = [_wire(c) for c in plan.auth_scheme_configs]
            body = {"name": FLOOR_NAME, "baseUrl": plan.base_url, "authSchemeConfigs": configs}
            connector = _ok(http.post(f"/o/{org}/protocols/http/connectors", json=body))
            v = f"/o/{org}/connectors/{connector['id']}/versions"
            _ok(http.post(v, json={"name": plan.version}))
            v += f"/{plan.version}"
            _ok(http.post(f"{v}/definitions", json={"definitions": [_wire(d) for d in plan.definitions]}))
            _all([partial(_post, http, f"{v}/actions", _wire(a)) for a in plan.actions])

    return run


def _post(http: httpx.Client, path: str, body: Any) -> Any:
    return _ok(http.post(path, json=body))


def _get(http: httpx.Client, path: str) -> Any:
    return _ok(http.get(path))


def _floor_version(http: httpx.Client, org: str) -> str:
    connectors = _ok(http.get(f"/o/{org}/connectors", params={"first": 100}))["connectors"]
    connector = next(c for c in connectors if c["name"] == FLOOR_NAME)
    return f"/o/{org}/connectors/{connector['id']}/versions/2024-05-01"


def floor_edit(base_url: str, org: str, key: str, resources: int) -> Callable[[], None]:
    """What the edit needs: the version; the moved actions' linked definitions (their ids); each moved action
    read (its id) and written; the new one created; 8 at a time."""
    before = {a.name: a for a in _contents(resources).actions}
    after = {a.name: a for a in _contents(resources, moved=MOVED, ping=True).actions}
    moved = [name for name in after if name in before and after[name] != before[name]]
    added = [name for name in after if name not in before]
    linked = sorted(
        {
            link.definition.name
            for n in moved
            for place in [*after[n].responses, *([after[n].request_body] if after[n].request_body else [])]
            for link in place.definitions
        }
    )

    def run() -> None:
        with _http(base_url, key) as http:
            v = _floor_version(http, org)  # (the provider knows the ids from state: not counted as its floor)
            _get(http, v)
            _all([partial(_get, http, f"{v}/definitions/{d}") for d in linked])

            def move(name: str) -> None:
                current = _get(http, f"{v}/actions/{name}")
                _ok(http.put(f"{v}/actions/{name}", json={**current, "path": after[name].path}))

            calls: list[Callable[[], Any]] = [partial(move, n) for n in moved]
            calls += [partial(_post, http, f"{v}/actions", _wire(after[n])) for n in added]
            _all(calls)

    return run


def floor_refresh(base_url: str, org: str, key: str) -> Callable[[], None]:
    """Read the connector and the version, list definitions, actions and triggers side by side, then every schema."""

    def pages(http: httpx.Client, path: str) -> list[Any]:
        items: list[Any] = []
        params: dict[str, Any] = {"first": 100}
        while True:
            body = _ok(http.get(path, params=params))
            items += body.get("items") or body.get("definitions") or body.get("actions") or body.get("triggers") or []
            if not body.get("next"):
                return items
            params["after"] = body["next"]

    def run() -> None:
        with _http(base_url, key) as http:
            v = _floor_version(http, org)
            _all([partial(_get, http, v.rsplit("/versions/", 1)[0]), partial(_get, http, v)])
            listed = _all([partial(pages, http, f"{v}/{kind}") for kind in ("definitions", "actions", "triggers")])
            _all([partial(_get, http, d["url"]) for d in listed[0]])

    return run


# --- the null provider beside ours ---


def _expect(project: Project, expect: str, *command: str, stack: str) -> None:
    """Run a command; ``expect``, a text of its summary (``1 updated``), must be in its output: the null provider's
    stack does what ours does, or its figure would floor something else."""
    out = project.run(*command, stack=stack)
    if expect and expect not in out:
        raise RuntimeError(f"pulumi {' '.join(command)} on {stack}: no {expect!r} in its summary:\n{out[-2000:]}")


def _previews(timed: Callable[..., Any], emu: Any, n: int, project: Project, runs: int) -> list[Any]:
    """No-change previews of ours and of the null provider, alternating (ours first on even rounds): each median."""
    phases = {"bench": "large: no-change pulumi preview", "null": "large: null provider: no-change preview"}
    samples: dict[str, list[Any]] = {"bench": [], "null": []}
    for round_ in range(runs):
        order = ["bench", "null"] if round_ % 2 == 0 else ["null", "bench"]
        for stack in order:
            sample = timed(emu, n, phases[stack], partial(project.run, "preview", stack=stack))
            if sample.requests:
                raise RuntimeError(f"a no-change preview of {stack} made {sample.requests} requests")
            samples[stack].append(sample)
    medians = []
    for stack in phases:
        middle = sorted(samples[stack], key=lambda sample: sample.seconds)[len(samples[stack]) // 2]
        middle.note = f"median of {runs}, alternating with the other stack"
        medians.append(middle)
    return medians


RATIOS = {
    "create": ("large: create, pulumi up", "large: null provider: create", "large floor: create"),
    "3-action edit + 1 added": (
        "large: 3-action edit + 1 added, pulumi up",
        "large: null provider: 3-action edit + 1 added",
        "large floor: 3-action edit + 1 added",
    ),
    "refresh": ("large: refresh, pulumi refresh", "large: null provider: refresh", "large floor: refresh"),
    "no-change preview": ("large: no-change pulumi preview", "large: null provider: no-change preview", None),
}
"""Each phase's ratio: ours over the null provider on the same inputs plus the plain-httpx floor of its requests
(a preview makes none)."""


def ratio_rows(row: Callable[..., Any], rows: list[Any], n: int) -> list[Any]:
    """``ours / (null provider + HTTP floor)`` per phase, with the figures divided and what is left for our code."""
    seconds = {measured.phase: measured.seconds for measured in rows if measured.seconds is not None}
    found = []
    for label, (ours_phase, null_phase, floor_phase) in RATIOS.items():
        ours, null = seconds.get(ours_phase), seconds.get(null_phase)
        floor = seconds.get(floor_phase, 0.0) if floor_phase else 0.0
        if ours is None or null is None or floor is None:
            continue
        of = f"{null:.2f} s + {floor:.2f} s" if floor_phase else f"{null:.2f} s"
        phase = (
            f"large: ratio {label} / (null provider + HTTP floor)"
            if floor_phase
            else f"large: ratio {label} / null provider"
        )
        note = f"{ours / (null + floor):.2f}x of {of}; ours {ours - null - floor:+.2f} s above it"
        found.append(row(n, phase, None, note=note))
    return found


# --- reading a 1 MB document ---

READ_TIMING = """
import statistics, sys, time, yaml
from versori_pulumi.openapi import read_openapi
path, runs = sys.argv[1], int(sys.argv[2])
text = open(path).read()
def median(call):
    samples = []
    for _ in range(runs):
        started = time.perf_counter(); call(); samples.append(time.perf_counter() - started)
    return statistics.median(samples)
print(median(lambda: yaml.load(text, Loader=yaml.CSafeLoader)), median(lambda: read_openapi(path)))
"""


def read_timing(base_dir: Path, runs: int, python_path: str | None) -> tuple[float, float, int]:
    """(bare libyaml parse, read_openapi, bytes) of the 1 MB document, medians of ``runs`` in one interpreter."""
    path = base_dir / "ledger-1mb.yaml"
    path.write_text(vendor_yaml(valid=True, prose=8))
    env = dict(os.environ)
    if python_path:
        env["PYTHONPATH"] = os.pathsep.join(p for p in (python_path, env.get("PYTHONPATH")) if p)
    done = subprocess.run(
        [sys.executable, "-c", READ_TIMING, str(path), str(runs)], env=env, capture_output=True, text=True, check=True
    )
    bare, read = (float(x) for x in done.stdout.split())
    return bare, read, path.stat().st_size


def measure(
    timed: Callable[..., Any],
    row: Callable[..., Any],
    emu: Any,
    base_dir: Path,
    *,
    org: str,
    key: str,
    preview_runs: int,
    read_runs: int,
    python_path: str | None,
    resources: int = 47,
) -> list[Any]:
    """The rows, N being the version's action count: ``timed(emu, n, phase, action, note)`` measures one,
    ``row(n, phase, seconds, note=...)`` records one."""
    n = len(_contents(resources).actions)
    project = Project(base_dir, emu.base_url, org, key, python_path)
    up = ("up", "--yes", "--skip-preview")
    rows: list[Any] = []
    emu.reset(data=True)
    project.document(resources=resources)
    rows.append(timed(emu, n, "large: engine floor, pulumi up (no resources)", lambda: project.run(*up, stack="empty")))
    rows.append(
        timed(
            emu, n, "large: engine floor, pulumi preview (no resources)", lambda: project.run("preview", stack="empty")
        )
    )

    def side_by_side(phase: str, null_phase: str, *command: str, expect: str = "") -> None:
        """Ours, then the null provider on the same inputs right after it (the same load on both)."""
        for stack, name in (("bench", phase), ("null", null_phase)):
            rows.append(timed(emu, n, name, partial(_expect, project, expect, *command, stack=stack)))

    side_by_side(
        "large: create, pulumi up", "large: null provider: create", *up, expect="3 created"
    )  # the stack, the connector, the version
    rows += _previews(timed, emu, n, project, preview_runs)
    project.document(resources=resources, moved=MOVED, ping=True)
    side_by_side(
        "large: 3-action edit + 1 added, pulumi up",
        "large: null provider: 3-action edit + 1 added",
        *up,
        expect="1 updated",
    )
    refresh = ("refresh", "--yes", "--skip-preview")
    side_by_side("large: refresh, pulumi refresh", "large: null provider: refresh", *refresh)
    for stack in ("bench", "null"):
        steps = json.loads(project.run("preview", "--json", stack=stack)).get("changeSummary", {})
        if set(steps) - {"same"}:
            raise RuntimeError(f"the preview of {stack} after refresh is not empty: {steps}")
    note = f"plain httpx, {CONCURRENCY} at a time"
    rows.append(timed(emu, n, "large floor: create", floor_create(emu.base_url, org, key, resources), note))
    rows.append(
        timed(emu, n, "large floor: 3-action edit + 1 added", floor_edit(emu.base_url, org, key, resources), note)
    )
    rows.append(timed(emu, n, "large floor: refresh", floor_refresh(emu.base_url, org, key), note))
    rows += ratio_rows(row, rows, n)
    for stack in ("bench", "null"):
        project.run("destroy", "--yes", "--skip-preview", stack=stack)
    bare, read, size = read_timing(base_dir, read_runs, python_path)
    rows.append(
        row(0, "large: libyaml parse of a 1 MB YAML document", bare, note=f"{size} bytes; median of {read_runs}")
    )
    rows.append(
        row(
            0,
            "large: read_openapi of the same document",
            read,
            note=f"median of {read_runs}; {read / bare:.1f}x the bare parse",
        )
    )
    return rows
