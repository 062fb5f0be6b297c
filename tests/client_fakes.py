"""Test doubles for the client's unit tests: a scripted ``httpx.MockTransport`` router, a fake clock, JSON bodies."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import httpx

from versori_pulumi.client import ConnectClient

API_KEY = "sk-test-SECRET-4f1d9a"
ORG = "org1"
BASE = "https://api.test/api/connect/v1"
NOW = "2025-01-02T03:04:05Z"

Reply = httpx.Response | Exception | Callable[[httpx.Request], httpx.Response]


@dataclass
class FakeClock:
    """A monotonic clock that only moves when the client sleeps; records every sleep."""

    now: float = 0.0
    sleeps: list[float] = field(default_factory=list)

    def __call__(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds


class Router:
    """Scripted API: each route answers from its queue in order, repeating the last reply; records requests."""

    def __init__(self) -> None:
        self.routes: list[tuple[str, re.Pattern[str], list[Reply]]] = []
        self.requests: list[httpx.Request] = []

    def on(self, method: str, path: str, *replies: Reply) -> Router:
        """Answer ``method`` on a path (a regex matched against the path after the base URL) with ``replies``."""
        self.routes.insert(0, (method, re.compile(path + r"\Z"), list(replies)))
        return self

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        path = request.url.path.removeprefix("/api/connect/v1")
        for method, pattern, replies in self.routes:
            if method == request.method and pattern.match(path):
                reply = replies.pop(0) if len(replies) > 1 else replies[0]
                if isinstance(reply, Exception):
                    raise reply
                if isinstance(reply, httpx.Response):
                    return reply
                return reply(request)
        return error(404, "no such route")

    def sent(self, method: str | None = None, path: str | None = None) -> list[httpx.Request]:
        """Requests sent, optionally only those of one method and/or path regex."""
        return [
            r
            for r in self.requests
            if (method is None or r.method == method)
            and (path is None or re.match(path + r"\Z", r.url.path.removeprefix("/api/connect/v1")))
        ]


def client(router: Router, clock: FakeClock | None = None, **kwargs: Any) -> ConnectClient:
    clock = clock or FakeClock()
    return ConnectClient(
        BASE, ORG, API_KEY, transport=httpx.MockTransport(router), sleep=clock.sleep, clock=clock, **kwargs
    )


def ok(body: Any, status: int = 200, headers: dict[str, str] | None = None) -> httpx.Response:
    return httpx.Response(status, json=body, headers=headers)


def no_content() -> httpx.Response:
    return httpx.Response(204)


def error(status: int, message: str = "failed", headers: dict[str, str] | None = None, **extra: Any) -> httpx.Response:
    return httpx.Response(status, json={"code": str(status * 1000), "message": message, **extra}, headers=headers)


def drop(request: httpx.Request | None = None) -> httpx.RemoteProtocolError:
    return httpx.RemoteProtocolError("Server disconnected without sending a response.", request=request)


def connector(cid: str = "c1", name: str = "crm", **extra: Any) -> dict[str, Any]:
    return {
        "id": cid,
        "organisationId": ORG,
        "name": name,
        "protocol": "http",
        "baseUrl": "https://crm.example",
        "createdAt": NOW,
        "updatedAt": NOW,
        **extra,
    }


def version(name: str = "v1", published: bool = False, **extra: Any) -> dict[str, Any]:
    return {
        "id": f"ver-{name}",
        "name": name,
        "isLatest": published,
        "isDefault": False,
        "createdAt": NOW,
        "updatedAt": NOW,
        "publishedAt": NOW if published else None,
        **extra,
    }


def connection(cid: str = "k1", name: str = "prod", **extra: Any) -> dict[str, Any]:
    return {"id": cid, "name": name, "createdAt": NOW, "updatedAt": NOW, **extra}


def page(key: str, items: list[dict[str, Any]], nxt: str | None = None, total: int | None = None) -> httpx.Response:
    body: dict[str, Any] = {key: items, "totalCount": len(items) if total is None else total}
    if nxt:
        body["next"] = nxt
    return ok(body)
