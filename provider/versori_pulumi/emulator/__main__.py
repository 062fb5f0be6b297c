"""``versori-emulator`` / ``python -m versori_pulumi.emulator``: serve the emulator until interrupted.

Once the server answers it prints exactly one line, ``versori-emulator listening on <base url>``, and flushes, so
a script can start it with ``--port 0`` and read the URL of the free port it got.
"""

from __future__ import annotations

import argparse
import signal
import threading
from collections.abc import Sequence
from pathlib import Path
from types import FrameType

from versori_pulumi.emulator.server import EmulatorServer
from versori_pulumi.emulator.settings import FAULT_KINDS


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="versori-emulator", description="Local emulator of the Versori Connect API v1."
    )
    parser.add_argument("--host", default="127.0.0.1", help="address to listen on (default: %(default)s)")
    parser.add_argument("--port", type=int, default=8787, help="port; 0 picks a free one (default: %(default)s)")
    parser.add_argument("--api-key", default="local-dev-key", help="the bearer key clients must send")
    parser.add_argument("--org-id", default="local-org", help="the organisation the key belongs to")
    parser.add_argument("--db", type=Path, default=None, help="SQLite file to keep data in (default: memory)")
    parser.add_argument("--latency-ms", type=int, default=0, help="delay before every API request")
    parser.add_argument("--fault-rate", type=float, default=0.0, help="probability of an injected fault, 0..1")
    parser.add_argument(
        "--fault-statuses", default=",".join(FAULT_KINDS), help="comma-separated faults to pick from: 429,503,drop"
    )
    parser.add_argument("--fault-seed", type=int, default=None, help="seed the fault RNG for repeatable runs")
    parser.add_argument("--access-log", action="store_true", help="log one line per request (method and path)")
    parser.add_argument(
        "--strict", action="store_true", help="answer 400 to request fields the API does not define (default: ignore)"
    )
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    try:
        server = EmulatorServer(
            host=args.host,
            port=args.port,
            api_key=args.api_key,
            org_id=args.org_id,
            db=args.db,
            latency_ms=args.latency_ms,
            fault_rate=args.fault_rate,
            fault_statuses=[s.strip() for s in args.fault_statuses.split(",") if s.strip()],
            fault_seed=args.fault_seed,
            access_log=args.access_log,
            strict=args.strict,
        )
    except ValueError as exc:
        parser.error(str(exc))
    stop = threading.Event()

    def _on_signal(_signum: int, _frame: FrameType | None) -> None:
        stop.set()

    signal.signal(signal.SIGTERM, _on_signal)
    signal.signal(signal.SIGINT, _on_signal)
    try:
        server.start()
    except OSError as exc:  # e.g. the port is taken
        parser.exit(1, f"versori-emulator: cannot listen on {args.host}:{args.port}: {exc.strerror or exc}\n")
    try:
        print(f"versori-emulator listening on {server.base_url}", flush=True)
        while server.running and not stop.wait(0.2):
            pass
    finally:
        server.stop()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
