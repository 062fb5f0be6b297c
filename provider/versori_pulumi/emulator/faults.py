"""Latency and fault injection, and the per-route request counter: one pure ASGI middleware.

Only API requests (under :data:`~versori_pulumi.emulator.settings.BASE_PATH`) are delayed or faulted; admin
requests (``/_emulator/...``) are neither, nor counted. With probability ``rate`` a request gets one of
``statuses``, picked uniformly:

* ``429``: answered at once with an Error body and ``Retry-After: 1``; the app never sees the request.
* ``503``: answered at once with an Error body; the app never sees the request.
* ``drop``: the app handles the request (so a write *is* applied), the real status line and headers go out, then
  the connection is closed before the body: the client gets an incomplete response (httpx raises
  ``RemoteProtocolError``). A response without a body (204) would be complete after its headers, so a dropped
  one is announced as ``200`` with ``content-length: 1`` instead.
"""

from __future__ import annotations

import asyncio
import logging
import random
import threading
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from starlette.routing import compile_path
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from versori_pulumi.emulator.problems import error_response
from versori_pulumi.emulator.settings import BASE_PATH, FAULT_KINDS

__all__ = ["ADMIN_PREFIX", "UNMATCHED", "FaultConfig", "FaultInjector", "FaultMiddleware", "RouteTable"]

ADMIN_PREFIX = "/_emulator"
UNMATCHED = "<unmatched>"
_DROP_LOG = "ASGI callable returned without completing response."


@dataclass(frozen=True)
class FaultConfig:
    """What to inject: ``rate`` in [0, 1], ``statuses`` from ``429``/``503``/``drop``, latency, RNG seed."""

    rate: float = 0.0
    statuses: tuple[str, ...] = FAULT_KINDS
    latency_ms: int = 0
    seed: int | None = None

    def __post_init__(self) -> None:
        if not 0.0 <= self.rate <= 1.0:
            raise ValueError("rate must be between 0 and 1")
        if self.latency_ms < 0:
            raise ValueError("latency_ms must not be negative")
        if not set(self.statuses) <= set(FAULT_KINDS):
            raise ValueError(f"statuses must be among {', '.join(FAULT_KINDS)}")


@dataclass
class FaultInjector:
    """The live fault settings, their random source, and the request counts (shared with the admin routes)."""

    config: FaultConfig = field(default_factory=FaultConfig)
    _rng: random.Random = field(default_factory=random.Random, repr=False)
    _counts: Counter[str] = field(default_factory=Counter, repr=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def __post_init__(self) -> None:
        self.configure(self.config)

    def configure(self, config: FaultConfig) -> None:
        """Replace the settings; a given seed restarts the random sequence so runs repeat."""
        with self._lock:
            self.config = config
            self._rng = random.Random(config.seed)

    def draw(self) -> str | None:
        """The fault for the next request, or None."""
        with self._lock:
            config = self.config
            if not config.statuses or config.rate <= 0.0 or self._rng.random() >= config.rate:
                return None
            return self._rng.choice(config.statuses)

    def count(self, key: str) -> None:
        with self._lock:
            self._counts[key] += 1

    def counts(self) -> dict[str, int]:
        with self._lock:
            return dict(self._counts)

    def reset_counts(self) -> None:
        with self._lock:
            self._counts.clear()


class _DropFilter(logging.Filter):
    """Hides uvicorn's complaint about the response a ``drop`` fault cut short on purpose."""

    def filter(self, record: logging.LogRecord) -> bool:
        return record.getMessage() != _DROP_LOG


logging.getLogger("uvicorn.error").addFilter(_DropFilter())


class RouteTable:
    """Maps a request to the template of the API route it will hit, before the app routes it.

    Faulted requests never reach the router, yet must be counted under their route, so the middleware matches
    paths itself against the templates the routers declare.
    """

    def __init__(self, operations: Iterable[tuple[str, str]]) -> None:
        self._entries = [(method, compile_path(BASE_PATH + template)[0], template) for method, template in operations]

    def key(self, method: str, path: str) -> str:
        """``METHOD /template`` relative to the base path, e.g. ``GET /o/{organisation_id}/connectors``."""
        for allowed, pattern, template in self._entries:
            if allowed == method and pattern.match(path):
                return f"{method} {template}"
        return f"{method} {UNMATCHED}"


class FaultMiddleware:
    """Counts each request under its route template, then delays or faults API requests."""

    def __init__(self, app: ASGIApp, *, injector: FaultInjector, table: RouteTable) -> None:
        self.app = app
        self.injector = injector
        self.table = table

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        path: str = scope.get("path", "")
        if scope["type"] != "http" or path.startswith(ADMIN_PREFIX):
            await self.app(scope, receive, send)
            return
        self.injector.count(self.table.key(scope["method"], path))
        if not (path == BASE_PATH or path.startswith(BASE_PATH + "/")):
            await self.app(scope, receive, send)
            return
        latency = self.injector.config.latency_ms
        if latency:
            await asyncio.sleep(latency / 1000)
        fault = self.injector.draw()
        if fault == "429":
            answer = error_response(429, "too many requests (injected fault)", headers={"Retry-After": "1"})
            await answer(scope, receive, send)
        elif fault == "503":
            await error_response(503, "service unavailable (injected fault)")(scope, receive, send)
        elif fault == "drop":
            await self._drop(scope, receive, send)
        else:
            await self.app(scope, receive, send)

    async def _drop(self, scope: Scope, receive: Receive, send: Send) -> None:
        start: dict[str, Any] = {}
        size = 0

        async def hold(message: Message) -> None:
            nonlocal size
            if message["type"] == "http.response.start":
                start.update(message)
            elif message["type"] == "http.response.body":
                size += len(message.get("body", b""))

        await self.app(scope, receive, hold)
        status: int = start.get("status", 200)
        headers = [(k, v) for k, v in start.get("headers", []) if k.lower() != b"content-length"]
        if status in (204, 304) or status < 200:
            status = 200
        headers.append((b"content-length", str(max(size, 1)).encode()))
        await send({"type": "http.response.start", "status": status, "headers": headers})
        # Returning without the body makes the server close the connection mid-response.
