"""Run the emulator in a background thread: ``with EmulatorServer() as emu: ... emu.base_url ...``.

The listening socket is bound before uvicorn starts, so ``port=0`` picks a free loopback port with no race, and
``start()`` returns only once the server answers HTTP. ``stop()`` asks uvicorn to exit, waits for the thread and
closes the store. The admin helpers talk to the ``/_emulator`` routes over HTTP, exactly as a script would.
"""

from __future__ import annotations

import socket
import threading
import time
from pathlib import Path
from types import TracebackType
from typing import Any, Literal, Self

import httpx
import uvicorn

from versori_pulumi.emulator.app import create_app
from versori_pulumi.emulator.deps import EmulatorState
from versori_pulumi.emulator.settings import BASE_PATH, FAULT_KINDS, EmulatorSettings
from versori_pulumi.emulator.store import Store

__all__ = ["EmulatorServer"]


class EmulatorServer:
    """One emulator on a loopback port; keyword arguments mirror the CLI flags (but ``port`` defaults to 0: free)."""

    def __init__(
        self,
        *,
        host: str = "127.0.0.1",
        port: int = 0,
        api_key: str = "local-dev-key",
        org_id: str = "local-org",
        db: str | Path | None = None,
        latency_ms: int = 0,
        fault_rate: float = 0.0,
        fault_statuses: tuple[str, ...] | list[str] = FAULT_KINDS,
        fault_seed: int | None = None,
        access_log: bool = False,
        strict: bool = False,
        startup_timeout: float = 15.0,
    ) -> None:
        self.settings = EmulatorSettings(
            host=host,
            port=port,
            api_key=api_key,
            org_id=org_id,
            db=Path(db) if db is not None else None,
            latency_ms=latency_ms,
            fault_rate=fault_rate,
            fault_statuses=tuple(fault_statuses),
            fault_seed=fault_seed,
            access_log=access_log,
            strict=strict,
        )
        self.startup_timeout = startup_timeout
        self.port = port
        self._server: uvicorn.Server | None = None
        self._thread: threading.Thread | None = None
        self._socket: socket.socket | None = None
        self._admin: httpx.Client | None = None
        self._state: EmulatorState | None = None

    # --- addresses ---

    @property
    def api_key(self) -> str:
        return self.settings.api_key

    @property
    def org_id(self) -> str:
        return self.settings.org_id

    @property
    def root_url(self) -> str:
        """``http://HOST:PORT``: where the admin routes live."""
        host = self.settings.host
        return f"http://{f'[{host}]' if ':' in host else host}:{self.port}"

    @property
    def base_url(self) -> str:
        """``http://HOST:PORT/api/connect/v1``: the API base URL a client is given."""
        return self.root_url + BASE_PATH

    @property
    def store(self) -> Store:
        """The live store, for tests that inspect what is kept (e.g. that secrets are stored apart from reads)."""
        if self._state is None:
            raise RuntimeError("the emulator is not running")
        return self._state.store

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    # --- lifecycle ---

    def start(self) -> Self:
        """Bind, serve in a daemon thread, and return once the server answers."""
        if self.running:
            return self
        family = socket.AF_INET6 if ":" in self.settings.host else socket.AF_INET
        sock = socket.socket(family, socket.SOCK_STREAM)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        # Accepted sockets inherit this; without it Nagle plus delayed ACKs add ~40 ms to every response.
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        sock.bind((self.settings.host, self.settings.port))
        sock.listen(128)
        self._socket = sock
        self.port = sock.getsockname()[1]
        app = create_app(self.settings)
        self._state = app.state.emulator
        config = uvicorn.Config(
            app,
            log_config=None,  # leave the host process's logging alone
            log_level="warning",
            access_log=self.settings.access_log,
            lifespan="off",
            timeout_graceful_shutdown=2,
        )
        self._server = uvicorn.Server(config)
        self._thread = threading.Thread(
            target=self._server.run, kwargs={"sockets": [sock]}, name=f"versori-emulator:{self.port}", daemon=True
        )
        self._thread.start()
        # Plain HTTP on loopback: verify=False only skips loading the CA bundle (about 0.1 s per server).
        self._admin = httpx.Client(
            base_url=self.root_url, headers={"Authorization": f"Bearer {self.api_key}"}, verify=False
        )
        self._wait_ready()
        return self

    def _wait_ready(self) -> None:
        deadline = time.monotonic() + self.startup_timeout
        while time.monotonic() < deadline:
            if not self.running:
                break
            if self._server is not None and self._server.started:
                try:
                    self._admin_call("GET", "/_emulator/faults")
                    return
                except httpx.TransportError:
                    pass
            time.sleep(0.01)
        self.stop()
        raise RuntimeError(f"versori emulator did not start on {self.root_url}")

    def stop(self) -> None:
        """Shut down and wait; safe to call twice."""
        if self._admin is not None:
            self._admin.close()
            self._admin = None
        if self._server is not None:
            self._server.should_exit = True
        if self._thread is not None:
            self._thread.join(timeout=10)
            self._thread = None
        if self._socket is not None:
            self._socket.close()
            self._socket = None
        if self._state is not None:
            self._state.store.close()
            self._state = None
        self._server = None

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.stop()

    # --- admin helpers ---

    def _admin_call(self, method: str, path: str, json: Any = None) -> httpx.Response:
        if self._admin is None:
            raise RuntimeError("the emulator is not running")
        response = self._admin.request(method, path, json=json)
        response.raise_for_status()
        return response

    def stats(self) -> dict[str, int]:
        """Requests per ``METHOD /route/template`` since start or the last reset."""
        routes: dict[str, int] = self._admin_call("GET", "/_emulator/stats").json()["routes"]
        return routes

    def reset(self, data: bool = False) -> None:
        """Clear the request counters, and with ``data=True`` every object in the organisation."""
        self._admin_call("POST", "/_emulator/reset", json={"data": data})

    def set_faults(
        self, rate: float, statuses: list[str] | tuple[str, ...], latency_ms: int = 0, seed: int | None = None
    ) -> None:
        """Inject faults into API requests from now on (``rate=0`` turns them off)."""
        body = {"rate": rate, "statuses": list(statuses), "latencyMs": latency_ms, "seed": seed}
        self._admin_call("PUT", "/_emulator/faults", json=body)

    def mark_in_use(self, kind: Literal["connector", "connection"], id: str, in_use: bool = True) -> None:
        """Mark an object as used by another product: its delete then needs ``force``."""
        self._admin_call("POST", "/_emulator/in-use", json={"kind": kind, "id": id, "inUse": in_use})
