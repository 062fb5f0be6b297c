"""Benchmark of the providers through the real Pulumi engine, against the emulator with a realistic latency.

    python bench/run.py --sizes 10,50,200 --out bench/results/latest.md     # the full run (about 10 min)
    python bench/run.py --smoke --out /tmp/bench.md --json /tmp/bench.json  # N=2, for the test suite

For each N: a stack of N connectors, each with one auth scheme config, one draft version and one connection with a
string credential, is brought ``up``, previewed with no change, refreshed and destroyed through the Automation API
(inline program, file backend, pinned CLI from scripts/setup-pulumi.sh). The same phases run with a null dynamic
provider on the same program shape (the engine's floor; the ratios follow; the no-change previews of the two stacks
alternate, ``--preview-runs`` each, medians), and ``up`` once more in the crash-safe large-stack mode (checkpoints
skipped, ``versori:adoptOwned``). The emulator runs as a subprocess with ``--latency-ms`` (default 50) and its per-
route request counts are read (and reset) around each phase. The same phases run again on the user path (rows ``user
path: ...``): a project folder per program shape, ours and the null provider's, driven by the plain CLI through
Pulumi's Python language host, so the program's own process (its imports, the resource classes) and the project's
virtualenv are in the figures as they are for a user typing ``pulumi up``. The same creates are then made by a plain
httpx script, sequentially and with 4 threads (the Python dynamic-provider host serves the engine with 4 worker
threads), to show what the provider path costs over the bare API calls. Also: the provider host's peak RSS during
``up`` (``VmHWM`` of every ``python -m pulumi.dynamic`` process, read from /proc), the engine's own cost (``up`` of
an empty program), and the import time of ``versori_pulumi``, its resources and its providers (median of fresh
interpreters). Then the rows of a vendor-size version with plain ``pulumi`` commands in a project folder
(bench/large_version.py: create, a 3-action edit, refresh and a no-change preview beside their plain-httpx floors;
``read_openapi`` of a 1 MB YAML document beside a bare libyaml parse). The table is printed and written to ``--out``.

    python bench/run.py --large-only --out /tmp/large.md      # only the vendor-size version's rows
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx
from bench_programs import SHAPES, empty_program, program

sys.path.insert(0, str(Path(__file__).resolve().parent))
import large_version  # noqa: E402 - bench/ is not a package: its sibling module, found by path

API_KEY = "bench-key"
ORG_ID = "bench-org"
PROJECT = "versori-bench"
PLAIN_THREADS = 4
"""The Python dynamic-provider host's worker threads (``pulumi.dynamic.__main__``: ``max_workers=4``)."""

IMPORTS = {
    "versori_pulumi": "import versori_pulumi",
    "versori_pulumi.resources": "import versori_pulumi.resources",
    "the four providers (what the provider host loads)": (
        "import versori_pulumi.connector_provider, versori_pulumi.connector_version_provider, "
        "versori_pulumi.connection_provider, versori_pulumi.imported_connector_provider"
    ),
}


# --- the emulator, as a subprocess ---


@dataclass
class Emulator:
    """A running ``python -m versori_pulumi.emulator`` and its admin routes."""

    process: subprocess.Popen[str]
    base_url: str
    admin: httpx.Client

    def stats(self) -> dict[str, int]:
        routes: dict[str, int] = self.admin.get("/_emulator/stats").json()["routes"]
        return routes

    def reset(self, data: bool = False) -> None:
        self.admin.post("/_emulator/reset", json={"data": data}).raise_for_status()

    def connector_names(self) -> list[str]:
        names: list[str] = []
        params: dict[str, Any] = {"first": 100}
        with httpx.Client(base_url=self.base_url, headers=_auth(), timeout=30) as http:
            while True:
                body = http.get(f"/o/{ORG_ID}/connectors", params=params).json()
                names += [c["name"] for c in body.get("connectors", [])]
                if not body.get("next"):
                    return sorted(names)
                params["after"] = body["next"]


def _auth() -> dict[str, str]:
    return {"Authorization": f"Bearer {API_KEY}"}


@contextmanager
def emulator(latency_ms: int) -> Iterator[Emulator]:
    """Start the emulator on a free port; yields once it has printed its URL."""
    command = [sys.executable, "-m", "versori_pulumi.emulator", "--port", "0", "--latency-ms", str(latency_ms)]
    command += ["--api-key", API_KEY, "--org-id", ORG_ID]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, text=True)
    try:
        assert process.stdout is not None
        line = process.stdout.readline()
        match = re.search(r"listening on (\S+)", line)
        if match is None:
            raise RuntimeError(f"the emulator did not start: {line!r}")
        base_url = match.group(1)
        root = base_url.split("/api/", 1)[0]
        with httpx.Client(base_url=root, headers=_auth(), timeout=30) as admin:
            yield Emulator(process, base_url, admin)
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


# --- peak memory of the provider host ---


class HostMemory:
    """Samples ``VmHWM`` (the kernel's own peak RSS) of every ``python -m pulumi.dynamic`` process until stopped."""

    def __init__(self, interval: float = 0.05) -> None:
        self.interval = interval
        self.peaks: dict[int, int] = {}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self) -> HostMemory:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()

    def _run(self) -> None:
        while not self._stop.is_set():
            for pid, peak in _dynamic_hosts():
                self.peaks[pid] = max(peak, self.peaks.get(pid, 0))
            self._stop.wait(self.interval)

    @property
    def peak_mb(self) -> float:
        return max(self.peaks.values(), default=0) / 1024


def _dynamic_hosts() -> Iterator[tuple[int, int]]:
    """(pid, VmHWM kB) of each provider host under this process (not other runs' hosts on the same machine)."""
    parents: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                parents[int(entry.name)] = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
    me = os.getpid()
    for pid in parents:
        ancestor, hops = parents.get(pid), 0
        while ancestor not in (None, 0, 1, me) and hops < 50:
            ancestor, hops = parents.get(ancestor), hops + 1
        if ancestor != me:
            continue
        try:
            if b"pulumi.dynamic" not in Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0"):
                continue
            status = Path(f"/proc/{pid}/status").read_text()
        except OSError:
            continue
        match = re.search(r"^VmHWM:\s+(\d+) kB", status, re.MULTILINE)
        if match:
            yield pid, int(match.group(1))


# --- the Pulumi side ---


class Stacks:
    """Inline-program stacks on a file backend under one temporary folder, with the pinned CLI."""

    def __init__(self, base_dir: Path, base_url: str) -> None:
        from pulumi import automation as auto
        from semver import VersionInfo

        from versori_pulumi.testing import PULUMI_VERSION, cli_bin_dir, cli_root, pulumi_env

        cli_bin_dir()  # fails with a pointer to scripts/setup-pulumi.sh when the CLI is missing
        self.auto = auto
        self.base_dir = base_dir
        self.base_url = base_url
        self.command = auto.PulumiCommand(root=str(cli_root()), version=VersionInfo.parse(PULUMI_VERSION))
        self.env = pulumi_env(state_dir=base_dir / "state", pulumi_home=base_dir / "home")

    def create(self, name: str, fn: Callable[[], None]) -> Any:
        auto = self.auto
        work_dir = self.base_dir / "work" / name
        work_dir.mkdir(parents=True, exist_ok=True)
        stack = auto.create_or_select_stack(
            stack_name=name,
            project_name=PROJECT,
            program=fn,
            opts=auto.LocalWorkspaceOptions(
                work_dir=str(work_dir),
                pulumi_home=self.env["PULUMI_HOME"],
                env_vars=self.env,
                pulumi_command=self.command,
                project_settings=auto.ProjectSettings(
                    name=PROJECT, runtime="python", backend=auto.ProjectBackend(url=self.env["PULUMI_BACKEND_URL"])
                ),
            ),
        )
        self._configure(stack)
        return stack

    def create_project(self, name: str, shape: str, n: int) -> Any:
        """A stack of a project folder written for the program shape, run as users run theirs: the plain CLI in the
        folder, Pulumi's Python language host, the virtualenv named in its ``Pulumi.yaml``."""
        auto = self.auto
        folder = self.base_dir / "projects" / name
        folder.mkdir(parents=True, exist_ok=True)
        runtime = {"name": "python", "options": {"virtualenv": sys.prefix}}
        (folder / "Pulumi.yaml").write_text(json.dumps({"name": PROJECT, "runtime": runtime}))
        (folder / "__main__.py").write_text(USER_PATH_MAIN)
        env = {**self.env, "PYTHONPATH": os.pathsep.join(filter(None, [str(BENCH_DIR), os.environ.get("PYTHONPATH")]))}
        stack = auto.create_or_select_stack(
            stack_name=name,
            work_dir=str(folder),
            opts=auto.LocalWorkspaceOptions(
                pulumi_home=self.env["PULUMI_HOME"], env_vars=env, pulumi_command=self.command
            ),
        )
        self._configure(stack, {"bench:shape": shape, "bench:n": str(n)})
        return stack

    def _configure(self, stack: Any, extra: dict[str, str] | None = None) -> None:
        auto = self.auto
        values = {key: auto.ConfigValue(value) for key, value in (extra or {}).items()}
        values |= {
            "versori:baseUrl": auto.ConfigValue(self.base_url),
            "versori:organisationId": auto.ConfigValue(ORG_ID),
            "versori:apiKey": auto.ConfigValue(API_KEY, secret=True),
        }
        stack.set_all_config(values)


BENCH_DIR = Path(__file__).resolve().parent
USER_PATH_MAIN = """\
import pulumi
from bench_programs import SHAPES

config = pulumi.Config("bench")
SHAPES[config.require("shape")](config.require_int("n"))()
"""
"""A user-path project's program: the shape its stack config names (bench/ is on PYTHONPATH)."""


# --- results ---


@dataclass
class Row:
    """One measured line of the table."""

    n: int
    phase: str
    seconds: float | None = None
    requests: int | None = None
    routes: dict[str, int] = field(default_factory=dict)
    note: str = ""


def _short(route: str) -> str:
    method, _, path = route.partition(" ")
    path = path.removeprefix("/o/{organisation_id}").replace("{connector_id}", "{id}")
    return f"{method} {path}"


class PhaseFailed(Exception):
    """A phase failed; carries its row (with the error) so the table still shows how far the run got."""

    def __init__(self, row: Row) -> None:
        super().__init__(row.note)
        self.row = row


def timed(emu: Emulator, n: int, phase: str, action: Callable[[], Any], note: str = "") -> Row:
    emu.reset()
    started = time.perf_counter()
    try:
        action()
    except Exception as exc:
        routes = emu.stats()
        lines = [line.strip() for line in str(exc).splitlines() if "Error" in line or "error:" in line]
        error = re.sub(r"\s+", " ", f"FAILED: {lines[-1] if lines else type(exc).__name__}")[:200]
        raise PhaseFailed(Row(n, phase, time.perf_counter() - started, sum(routes.values()), routes, error)) from exc
    seconds = time.perf_counter() - started
    routes = emu.stats()
    return Row(n, phase, seconds, sum(routes.values()), routes, note)


def provider_rows(
    emu: Emulator, stacks: Stacks, n: int, rows: list[Row], preview_runs: int, *, user_path: bool = False
) -> None:
    """up, no-change previews, refresh and destroy of the N-connector stack and of the same shape with the null
    provider (no HTTP: the engine's floor), with the host's peak RSS during our up, and our cost over the floor as
    ratios. The previews alternate between the two stacks (``preview_runs`` each, medians), so a change in the
    machine's load falls on both alike. ``user_path``: each stack a project folder driven by the plain CLI through
    the language host (rows ``user path: ...``), else an inline program.

    Rows are appended as they are measured, so a failing phase leaves the earlier ones in the table."""
    prefix = f"{USER} " if user_path else ""

    def make(name: str, shape: str) -> Any:
        if user_path:
            return stacks.create_project(f"user{name}", shape, n)
        return stacks.create(name, SHAPES[shape](n))

    emu.reset(data=True)
    stack = make(f"n{n}", "versori")
    with HostMemory() as memory:
        rows.append(timed(emu, n, f"{prefix}up", stack.up))
    hosts = len(memory.peaks)
    note = f"{memory.peak_mb:.0f} MB ({hosts} host process{'' if hosts == 1 else 'es'})"
    rows.append(Row(n, f"{prefix}provider host peak RSS", note=note))
    if emu.connector_names() != [f"bench-{i:04d}" for i in range(n)]:
        raise RuntimeError(f"{prefix}up of N={n} did not create exactly the {n} connectors")
    null = make(f"null{n}", "null")
    rows.append(timed(emu, n, f"{prefix}null provider: up", null.up))
    rows += [
        Row(row.n, f"{prefix}{row.phase}", row.seconds, row.requests, row.routes, row.note)
        for row in preview_rows(emu, n, stack, null, preview_runs)
    ]
    for phase in ("refresh", "destroy"):
        rows.append(timed(emu, n, f"{prefix}{phase}", getattr(stack, phase)))
        rows.append(timed(emu, n, f"{prefix}null provider: {phase}", getattr(null, phase)))
    if emu.connector_names():
        raise RuntimeError(f"{prefix}destroy of N={n} left connectors behind")
    for done in (stack, null):
        done.workspace.remove_stack(done.name)
    seconds = {row.phase: row.seconds for row in rows if row.n == n and row.seconds}
    for phase in ("up", "preview (no change)", "refresh", "destroy"):
        ours, floor = seconds.get(f"{prefix}{phase}"), seconds.get(f"{prefix}null provider: {phase}")
        if ours and floor:
            rows.append(Row(n, f"{prefix}ratio {phase} / null provider", note=f"{ours / floor:.2f}x"))


USER = "user path:"
"""The prefix of the user path's rows."""


def preview_rows(emu: Emulator, n: int, stack: Any, null: Any, runs: int) -> list[Row]:
    """No-change previews of both stacks, alternating (ours first on even rounds): the median of each."""
    times: dict[str, list[float]] = {"ours": [], "null": []}
    for round_ in range(runs):
        order = [("ours", stack), ("null", null)]
        for name, which in order if round_ % 2 == 0 else reversed(order):
            row = timed(emu, n, "preview", _no_change(which))
            if row.requests:
                raise RuntimeError(f"a no-change preview of N={n} made {row.requests} requests")
            times[name].append(row.seconds or 0.0)
    note = f"median of {runs}, alternating with the other stack"
    return [
        Row(n, "preview (no change)", statistics.median(times["ours"]), 0, {}, note),
        Row(n, "null provider: preview (no change)", statistics.median(times["null"]), 0, {}, note),
    ]


def floor_rows(rows: list[Row], n: int) -> list[Row]:
    """``refresh`` and ``destroy`` against their floor: the null provider plus the bare HTTP time of 3N requests on
    4 threads (the plain creates: the same count of requests at the same latency)."""
    seconds = {row.phase: row.seconds for row in rows if row.seconds}
    plain = seconds.get(f"plain httpx, {PLAIN_THREADS} threads")
    found = []
    for prefix in ("", f"{USER} "):
        for phase in ("refresh", "destroy"):
            ours, null = seconds.get(f"{prefix}{phase}"), seconds.get(f"{prefix}null provider: {phase}")
            if ours and null and plain:
                note = f"{ours / (null + plain):.2f}x of {null:.2f} s + {plain:.2f} s"
                found.append(Row(n, f"{prefix}ratio {phase} / (null provider + HTTP floor)", note=note))
    return found


def large_stack_rows(emu: Emulator, stacks: Stacks, n: int, rows: list[Row]) -> None:
    """``up`` in the crash-safe large-stack mode: checkpoints skipped, ``versori:adoptOwned`` on."""
    emu.reset(data=True)
    saved = dict(stacks.env)
    stacks.env["PULUMI_SKIP_CHECKPOINTS"] = "true"
    try:
        stack = stacks.create(f"large{n}", program(n))
        stack.set_config("versori:adoptOwned", stacks.auto.ConfigValue("true"))
        rows.append(timed(emu, n, "up, large-stack mode", stack.up, note="PULUMI_SKIP_CHECKPOINTS, adoptOwned"))
        stack.destroy()
        stack.workspace.remove_stack(stack.name)
    finally:
        stacks.env.clear()
        stacks.env.update(saved)


def _no_change(stack: Any) -> Callable[[], None]:
    def preview() -> None:
        summary = stack.preview().change_summary
        changed = {op: count for op, count in summary.items() if op != "same" and count}
        if changed:
            raise RuntimeError(f"the no-change preview planned changes: {changed}")

    return preview


def plain_creates(http: httpx.Client, i: int) -> None:
    """The requests the program's ``up`` makes for stack member ``i``, by bare httpx: a connector, its version and
    its connection (the plain script the provider is measured against)."""
    config = {"id": "01J0000000000000000000000A", "schemeType": "api-key", "description": "key"}
    config |= {"name": "X-Api-Key", "in": "header"}
    body = {"name": f"bench-{i:04d}", "baseUrl": "https://api.bench.test", "authSchemeConfigs": [config]}
    connector = http.post(f"/o/{ORG_ID}/protocols/http/connectors", json=body)
    connector.raise_for_status()
    cid = connector.json()["id"]
    http.post(f"/o/{ORG_ID}/connectors/{cid}/versions", json={"name": "1.0.0"}).raise_for_status()
    credential = {"name": "key", "type": "string", "data": {"value": f"k{i}"}}
    connection = {
        "name": "production",
        "credentials": {"action": [{"authSchemeConfig": config, "credential": credential}]},
    }
    http.post(f"/o/{ORG_ID}/connectors/{cid}/connections", json=connection).raise_for_status()


def plain_rows(emu: Emulator, n: int, up_seconds: float | None, large_seconds: float | None = None) -> list[Row]:
    """The same 3N creates with bare httpx: sequentially, then over 4 threads; and the provider/plain ratio."""
    one = plain_creates

    rows = []
    limits = httpx.Limits(max_connections=PLAIN_THREADS)
    with httpx.Client(base_url=emu.base_url, headers=_auth(), timeout=60, limits=limits) as http:
        emu.reset(data=True)
        rows.append(timed(emu, n, "plain httpx, sequential", lambda: [one(http, i) for i in range(n)]))
        emu.reset(data=True)

        def threaded() -> None:
            with ThreadPoolExecutor(PLAIN_THREADS) as pool:
                list(pool.map(lambda i: one(http, i), range(n)))

        rows.append(timed(emu, n, f"plain httpx, {PLAIN_THREADS} threads", threaded))
        emu.reset(data=True)
    if up_seconds is not None:
        seq, par = rows[0].seconds or 1.0, rows[1].seconds or 1.0
        rows.append(
            Row(
                n,
                "ratio up / plain",
                note=f"{up_seconds / par:.1f}x of {PLAIN_THREADS} threads, {up_seconds / seq:.1f}x of sequential",
            )
        )
    if large_seconds is not None:
        par = rows[1].seconds or 1.0
        rows.append(Row(n, "ratio up, large-stack mode / plain", note=f"{large_seconds / par:.1f}x of 4 threads"))
    return rows


def import_rows(runs: int) -> list[Row]:
    """Median import time of each module set, each in a fresh interpreter."""
    rows = []
    for label, statement in IMPORTS.items():
        code = f"import time; t = time.perf_counter(); {statement}; print(time.perf_counter() - t)"
        samples = [
            float(subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout)
            for _ in range(runs)
        ]
        rows.append(Row(0, f"import {label}", statistics.median(samples), note=f"median of {runs}"))
    return rows


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memory = ""
    try:
        kb = int(re.search(r"MemTotal:\s+(\d+)", Path("/proc/meminfo").read_text()).group(1))  # type: ignore[union-attr]
        memory = f", {kb / 1024 / 1024:.1f} GiB RAM"
    except (OSError, AttributeError):
        pass
    load = ", load {:.1f}/{:.1f}/{:.1f}".format(*os.getloadavg()) if hasattr(os, "getloadavg") else ""
    return f"{cpu}, {os.cpu_count()} CPUs{memory}{load}; Python {platform.python_version()}, {platform.system()}"


def render(rows: list[Row], latency_ms: int, label: str = "") -> str:
    """The markdown table: one line per measurement, per-route counts where requests were made."""
    from versori_pulumi.testing import PULUMI_VERSION

    title = f"## Benchmark{f' ({label})' if label else ''}: {datetime.now(UTC):%Y-%m-%d %H:%M} UTC"
    lines = [
        title,
        "",
        f"Machine: {machine()}. Pulumi CLI v{PULUMI_VERSION}; emulator latency {latency_ms} ms per request.",
        "",
        "| N | phase | wall s | requests | per route / note |",
        "|---:|---|---:|---:|---|",
    ]
    for row in rows:
        routes = ", ".join(f"{_short(route)} {count}" for route, count in sorted(row.routes.items()))
        detail = "; ".join(part for part in (routes, row.note) if part)
        seconds = f"{row.seconds:.2f}" if row.seconds is not None else ""
        requests = str(row.requests) if row.requests is not None else ""
        lines.append(f"| {row.n or ''} | {row.phase} | {seconds} | {requests} | {detail} |")
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--sizes", default="10,50,200", help="comma-separated N (default: %(default)s)")
    parser.add_argument("--latency-ms", type=int, default=50, help="emulator latency per request (default: 50)")
    parser.add_argument("--out", type=Path, default=Path("bench/results/latest.md"), help="markdown table to write")
    parser.add_argument("--json", type=Path, default=None, help="also write the rows as JSON")
    parser.add_argument("--import-runs", type=int, default=7, help="interpreters per import measurement")
    parser.add_argument("--label", default="", help="a word for the title, e.g. before/after")
    parser.add_argument(
        "--preview-runs", type=int, default=5, help="no-change previews per stack, alternating (default: %(default)s)"
    )
    parser.add_argument(
        "--no-user-path",
        dest="user_path",
        action="store_false",
        help="leave out the user path's rows (project folders, the plain CLI through the language host)",
    )
    parser.add_argument("--smoke", action="store_true", help="N=2, 3 import runs, 1 preview: a quick check")
    parser.add_argument("--large-only", action="store_true", help="only the vendor-size version's rows")
    parser.add_argument("--no-large", action="store_true", help="leave the vendor-size version's rows out")
    parser.add_argument(
        "--user-path-only", action="store_true", help="per N, only the user path's rows (and no vendor-size version)"
    )
    parser.add_argument(
        "--python-path",
        default=None,
        help="a provider folder put first on the large rows' PYTHONPATH (another checkout: before/after figures)",
    )
    parser.add_argument(
        "--engine-env",
        action="append",
        default=[],
        metavar="KEY=VALUE",
        help="extra environment for the Pulumi CLI, e.g. PULUMI_SKIP_CHECKPOINTS=true (repeatable)",
    )
    args = parser.parse_args(argv)
    from versori_pulumi.testing import has_language_host

    sizes = [2] if args.smoke else [int(s) for s in args.sizes.split(",") if s.strip()]
    import_runs = 3 if args.smoke else args.import_runs
    preview_runs = 1 if args.smoke else args.preview_runs
    user_path = args.user_path and has_language_host()
    if args.user_path and not user_path:
        print("no pulumi-language-python (scripts/setup-pulumi.sh): the user path's rows are left out", file=sys.stderr)

    rows: list[Row] = []
    with emulator(args.latency_ms) as emu, tempfile.TemporaryDirectory(prefix="versori-bench-") as tmp:
        stacks = Stacks(Path(tmp), emu.base_url)
        stacks.env.update(dict(item.split("=", 1) for item in args.engine_env))
        if not args.large_only:
            empty = stacks.create("empty", empty_program)
            rows.append(timed(emu, 0, "up (empty program: engine cost)", empty.up))
            empty.destroy()
            empty.workspace.remove_stack(empty.name)
        for n in [] if args.large_only else sizes:
            start = len(rows)
            if args.user_path_only:
                provider_rows(emu, stacks, n, rows, preview_runs, user_path=True)
                rows += plain_rows(emu, n, None)
                rows += floor_rows(rows[start:], n)
                continue
            try:
                provider_rows(emu, stacks, n, rows, preview_runs)
            except PhaseFailed as failed:
                rows.append(failed.row)
                print(f"N={n}: {failed.row.phase} failed; the table records it", file=sys.stderr)
            large_stack_rows(emu, stacks, n, rows)
            if user_path:
                try:
                    provider_rows(emu, stacks, n, rows, preview_runs, user_path=True)
                except PhaseFailed as failed:
                    rows.append(failed.row)
                    print(f"N={n}: {failed.row.phase} failed; the table records it", file=sys.stderr)
            up = next((row for row in rows[start:] if row.phase == "up" and "FAILED" not in row.note), None)
            large = next((row for row in rows[start:] if row.phase == "up, large-stack mode"), None)
            rows += plain_rows(emu, n, up.seconds if up else None, large.seconds if large else None)
            rows += floor_rows(rows[start:], n)
        if not (args.no_large or args.user_path_only):
            rows += large_version.measure(
                timed,
                Row,
                emu,
                Path(tmp) / "large",
                org=ORG_ID,
                key=API_KEY,
                preview_runs=preview_runs if not args.smoke else 1,
                read_runs=3 if args.smoke else 7,
                python_path=args.python_path,
                resources=3 if args.smoke else 47,
            )
    if not (args.large_only or args.user_path_only):
        rows += import_rows(import_runs)

    label = args.label + "".join(f", {item}" for item in args.engine_env)
    table = render(rows, args.latency_ms, label.strip(", "))
    print(table)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(table)
    if args.json is not None:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps([asdict(row) for row in rows], indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
