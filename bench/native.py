"""The native face beside the dynamic face and a plain httpx script, through the real engine, at emulator latency.

    python bench/native.py --sizes 200 --out /tmp/native.md      # N=200: 600 resources (a few minutes)
    python bench/native.py --sizes 2 --preview-runs 1            # a quick check

For each N: ``up`` of N connectors, each with an auth scheme config, a draft version and a connection (bench/
bench_programs.py, the same program on both faces: ``pulumi_versori`` or ``versori_pulumi``), then no-change
previews of both stacks alternating (``--preview-runs`` each, medians), then destroy; and the same 3N creates made by
a plain httpx script with 16 threads. The engine runs with ``--parallel 16`` on both faces, so the native face is
measured at the plain script's width; the dynamic face's provider host serves at most 4 calls at a time whatever
the engine sends. Goals (issue 23): native up <= 1.5x the plain script; native no-change preview <= 1.10x dynamic.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import httpx
from bench_programs import SHAPES

sys.path.insert(0, str(Path(__file__).resolve().parent))
from run import Emulator, Row, Stacks, _auth, _no_change, emulator, machine, plain_creates, timed  # noqa: E402

PARALLEL = 16
"""The engine's ``--parallel`` on both faces, and the plain script's threads."""
FACES = {"native": "native", "dynamic": "versori"}


def plain_up(emu: Emulator, n: int) -> Row:
    """The same 3N creates as the program's up, by bare httpx over ``PARALLEL`` threads."""
    one = plain_creates

    limits = httpx.Limits(max_connections=PARALLEL)
    with httpx.Client(base_url=emu.base_url, headers=_auth(), timeout=60, limits=limits) as http:
        emu.reset(data=True)

        def threaded() -> None:
            with ThreadPoolExecutor(PARALLEL) as pool:
                list(pool.map(lambda i: one(http, i), range(n)))

        row = timed(emu, n, f"plain httpx, {PARALLEL} threads: the same creates", threaded)
        emu.reset(data=True)
    return row


def face_rows(emus: dict[str, Emulator], stacks: dict[str, Stacks], n: int, preview_runs: int) -> list[Row]:
    """up of each face's stack (each against an emulator of its own: the same names in one organisation would
    collide), then their no-change previews alternating, then their destroys."""
    rows: list[Row] = []
    made: dict[str, Any] = {}
    for face, shape in FACES.items():
        emu = emus[face]
        emu.reset(data=True)
        stack = stacks[face].create(f"{face}{n}", SHAPES[shape](n))
        rows.append(timed(emu, n, f"{face}: up", lambda s=stack: s.up(parallel=PARALLEL)))
        if emu.connector_names() != [f"bench-{i:04d}" for i in range(n)]:
            raise RuntimeError(f"{face} up of N={n} did not create exactly the {n} connectors")
        made[face] = stack
    times: dict[str, list[float]] = {face: [] for face in FACES}
    for round_ in range(preview_runs):
        order = list(FACES) if round_ % 2 == 0 else list(reversed(FACES))
        for face in order:
            row = timed(emus[face], n, "preview", _no_change(made[face]))
            times[face].append(row.seconds or 0.0)
    note = f"median of {preview_runs}, alternating"
    rows += [Row(n, f"{face}: preview (no change)", statistics.median(times[face]), 0, {}, note) for face in FACES]
    for face, stack in made.items():
        rows.append(timed(emus[face], n, f"{face}: destroy", lambda s=stack: s.destroy(parallel=PARALLEL)))
        stack.workspace.remove_stack(stack.name, force=True)
    return rows


def floor_rows(emus: dict[str, Emulator], stacks: dict[str, Stacks], n: int) -> list[Row]:
    """The engine's own cost for the same program shape: ``up`` with the null provider (no HTTP), with and without
    checkpoints; and the native face's up without checkpoints (``PULUMI_SKIP_CHECKPOINTS``, as the large-stack mode
    runs), the engine's per-step state write being what bounds an up of 600 resources on the file backend."""
    rows: list[Row] = []
    emu, where = emus["native"], stacks["native"]
    for skip in (False, True):
        saved = dict(where.env)
        if skip:
            where.env["PULUMI_SKIP_CHECKPOINTS"] = "true"
        suffix = ", PULUMI_SKIP_CHECKPOINTS" if skip else ""
        try:
            for shape, label in (("null", "null provider (engine floor)"), ("native", "native")):
                if shape == "native" and not skip:
                    continue  # measured above
                emu.reset(data=True)
                stack = where.create(f"floor{shape}{n}{int(skip)}", SHAPES[shape](n))
                rows.append(timed(emu, n, f"{label}: up{suffix}", lambda s=stack: s.up(parallel=PARALLEL)))
                stack.destroy(parallel=PARALLEL)
                stack.workspace.remove_stack(stack.name, force=True)
        finally:
            where.env.clear()
            where.env.update(saved)
    return rows


def render(rows: list[Row], latency_ms: int) -> str:
    lines = [
        f"Native face vs dynamic face vs plain httpx, emulator latency {latency_ms} ms, engine --parallel {PARALLEL}",
        f"({machine()})",
        "",
        "| N | phase | seconds | requests | note |",
        "|---|---|---|---|---|",
    ]
    for row in rows:
        seconds = "" if row.seconds is None else f"{row.seconds:.2f}"
        requests = "" if row.requests is None else str(row.requests)
        lines.append(f"| {row.n} | {row.phase} | {seconds} | {requests} | {row.note} |")
    return "\n".join(lines) + "\n"


def ratios(rows: list[Row], n: int) -> list[Row]:
    seconds = {row.phase: row.seconds for row in rows if row.n == n and row.seconds}
    native, dynamic = seconds.get("native: up"), seconds.get("dynamic: up")
    plain = seconds.get(f"plain httpx, {PARALLEL} threads: the same creates")
    out = []
    if native and plain:
        out.append(Row(n, "ratio native up / plain httpx", note=f"{native / plain:.2f}x (goal <= 1.5x)"))
    floor = seconds.get("null provider (engine floor): up")
    if native and floor:
        out.append(Row(n, "ratio native up / engine floor", note=f"{native / floor:.2f}x"))
    skipped = seconds.get("native: up, PULUMI_SKIP_CHECKPOINTS")
    skipped_floor = seconds.get("null provider (engine floor): up, PULUMI_SKIP_CHECKPOINTS")
    if skipped and plain:
        out.append(Row(n, "ratio native up without checkpoints / plain httpx", note=f"{skipped / plain:.2f}x"))
    if skipped and skipped_floor:
        out.append(
            Row(n, "ratio native up / engine floor, both without checkpoints", note=f"{skipped / skipped_floor:.2f}x")
        )
    if dynamic and plain:
        out.append(Row(n, "ratio dynamic up / plain httpx", note=f"{dynamic / plain:.2f}x"))
    pn, pd = seconds.get("native: preview (no change)"), seconds.get("dynamic: preview (no change)")
    if pn and pd:
        out.append(Row(n, "ratio native / dynamic no-change preview", note=f"{pn / pd:.2f}x (goal <= 1.10x)"))
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--sizes", default="200", help="comma-separated N (default: %(default)s)")
    parser.add_argument("--latency-ms", type=int, default=50, help="emulator latency per request (default: 50)")
    parser.add_argument("--preview-runs", type=int, default=3, help="no-change previews per face (default: 3)")
    parser.add_argument("--out", type=Path, default=None, help="also write the table here")
    parser.add_argument("--no-floor", action="store_true", help="leave the engine-floor rows out")
    args = parser.parse_args(argv)
    rows: list[Row] = []
    with (
        emulator(args.latency_ms) as native,
        emulator(args.latency_ms) as dynamic,
        tempfile.TemporaryDirectory(prefix="versori-native-bench-") as tmp,
    ):
        emus = {"native": native, "dynamic": dynamic}
        stacks = {face: Stacks(Path(tmp) / face, emu.base_url) for face, emu in emus.items()}
        for n in (int(size) for size in args.sizes.split(",")):
            rows += face_rows(emus, stacks, n, args.preview_runs)
            if not args.no_floor:
                rows += floor_rows(emus, stacks, n)
            rows.append(plain_up(native, n))
            rows += ratios(rows, n)
    table = render(rows, args.latency_ms)
    print(table)
    if args.out:
        args.out.write_text(table)
    return 0


if __name__ == "__main__":
    sys.exit(main())
