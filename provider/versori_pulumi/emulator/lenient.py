"""Unknown request fields: ignored by default, as the platform does; an error in strict mode.

The platform is a Go service whose JSON decoding drops fields it does not know, and the spec sets no
``additionalProperties: false``; the request models (shared with the client) forbid unknown fields so that a
client typo fails loudly. The emulator bridges the two: :class:`LenientRoute` catches a request validation error,
removes the unknown fields it names and validates again, unless the emulator runs with ``strict`` (the project's
own tests do, to catch client drift). :func:`validate_lenient` does the same for bodies a route validates itself
(a multipart import's ``metadata`` part).
"""

from __future__ import annotations

import copy
import json
from collections.abc import Callable, Coroutine, Iterable, Mapping, Sequence
from typing import Any, TypeVar

from fastapi import Request, Response
from fastapi.exceptions import RequestValidationError
from fastapi.routing import APIRoute
from pydantic import TypeAdapter, ValidationError

__all__ = ["LenientRoute", "strip_unknown", "validate_lenient"]

T = TypeVar("T")
EXTRA = "extra_forbidden"
_MAX_ROUNDS = 8


def _is_strict(request: Request) -> bool:
    return bool(request.app.state.emulator.settings.strict)


def _remove(node: Any, loc: Sequence[int | str]) -> bool:
    """Delete the key ``loc`` ends at; steps that are not in the body (union tags, validator names) are skipped."""
    for index, step in enumerate(loc):
        last = index == len(loc) - 1
        if isinstance(node, list) and isinstance(step, int):
            if not 0 <= step < len(node):
                return False
            node = node[step]
        elif isinstance(node, dict) and step in node:
            if last:
                del node[step]
                return True
            node = node[step]
        elif last:
            return False
    return False


def strip_unknown(body: Any, errors: Iterable[Mapping[str, Any]], *, prefix: str | None = None) -> Any | None:
    """A copy of ``body`` without the unknown fields ``errors`` name; None when they name none (or none exist).

    ``prefix`` is the first location step to require and drop (``"body"`` for FastAPI's errors).
    """
    locs: list[Sequence[int | str]] = []
    for error in errors:
        if error.get("type") != EXTRA:
            continue
        loc = list(error.get("loc", ()))
        if prefix is not None:
            if not loc or loc[0] != prefix:
                continue
            loc = loc[1:]
        if loc:
            locs.append(loc)
    if not locs:
        return None
    stripped = copy.deepcopy(body)
    removed = [_remove(stripped, loc) for loc in locs]
    return stripped if any(removed) else None


def validate_lenient(adapter: TypeAdapter[T], data: Any, *, strict: bool) -> T:
    """Validate ``data``; unless ``strict``, unknown fields are dropped first (a ValidationError otherwise)."""
    for _ in range(_MAX_ROUNDS):
        try:
            return adapter.validate_python(data)
        except ValidationError as exc:
            stripped = None if strict else strip_unknown(data, exc.errors())
            if stripped is None:
                raise
            data = stripped
    return adapter.validate_python(data)


Handler = Callable[[Request], Coroutine[Any, Any, Response]]


class LenientRoute(APIRoute):
    """A route that, outside strict mode, answers a body with unknown fields as if they were not there."""

    def get_route_handler(self) -> Handler:
        original = super().get_route_handler()

        async def handler(request: Request) -> Response:
            for _ in range(_MAX_ROUNDS):
                try:
                    return await original(request)
                except RequestValidationError as exc:
                    if _is_strict(request):
                        raise
                    stripped = strip_unknown(getattr(exc, "body", None), exc.errors(), prefix="body")
                    if stripped is None:
                        raise
                    request = _with_body(request, json.dumps(stripped).encode())
            return await original(request)

        return handler


def _with_body(request: Request, raw: bytes) -> Request:
    """The same request (scope, headers) carrying ``raw`` as its body."""

    async def receive() -> dict[str, Any]:
        return {"type": "http.request", "body": raw, "more_body": False}

    return Request(request.scope, receive)
