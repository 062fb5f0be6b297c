"""Error answers: every non-2xx the emulator sends is an ``Error`` JSON body ``{code, message, fields?}``.

``code`` is the HTTP status times 1000 as a string (``"404000"``), as the behaviour page chose after Versori's SDK
fallback ``"500000"``. FastAPI's own errors (request validation, unknown route, wrong method) are rewritten to
the same shape; validation errors become 400 with ``fields`` naming camelCase dotted paths of the request body.
Messages never echo request values, so secrets sent in a bad body cannot leak back or into a log.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from versori_pulumi.models import Error, ErrorField

__all__ = ["APIProblem", "error_response", "field_path", "install_handlers"]


class APIProblem(Exception):
    """Raised by services and dependencies to answer with an Error body."""

    def __init__(
        self,
        status: int,
        message: str,
        *,
        field: str | None = None,
        headers: dict[str, str] | None = None,
        extra: dict[str, Any] | None = None,
    ) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.fields = [ErrorField(field=field, message=message)] if field else []
        self.headers = headers
        self.extra = extra or {}


def error_response(
    status: int,
    message: str,
    fields: Sequence[ErrorField] = (),
    headers: Mapping[str, str] | None = None,
    extra: Mapping[str, Any] | None = None,
) -> JSONResponse:
    """An Error JSON response; ``fields`` is left out when empty, as the Go server's omitempty would. ``extra``
    adds the members of an Error subtype (a 412's ``definition``, an import error's ``messages``)."""
    body = Error(code=str(status * 1000), message=message, fields=list(fields) or None)
    return JSONResponse({**body.wire(), **(extra or {})}, status_code=status, headers=dict(headers or {}))


_SOURCES = ("body", "query", "path", "header", "cookie")


def field_path(loc: Sequence[int | str], body: Any) -> str:
    """The dotted camelCase path (``credentials.action[0].credential.data.value``) of a pydantic error location.

    Pydantic puts union tags (``api-key``) and validator names into ``loc``; walking the request body alongside
    keeps only the steps that exist in it (plus a final missing or unexpected key).
    """
    steps = list(loc)
    node: Any = body
    if steps and steps[0] in _SOURCES:
        if steps.pop(0) != "body":
            node = None
    text = ""
    for index, step in enumerate(steps):
        last = index == len(steps) - 1
        if isinstance(step, int):
            text += f"[{step}]"
            node = node[step] if isinstance(node, list) and 0 <= step < len(node) else None
        elif isinstance(node, dict):
            if step in node:
                text += f".{step}" if text else step
                node = node[step]
            elif last:
                text += f".{step}" if text else step
        elif node is None:
            text += f".{step}" if text else str(step)
    return text or "body"


async def _validation_handler(_request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    body = getattr(exc, "body", None)
    fields = [
        ErrorField(
            # A JSON syntax error is located by character offset, which names no field.
            field="body" if err.get("type") == "json_invalid" else field_path(err.get("loc", ()), body),
            message=str(err.get("msg", "invalid")),
        )
        for err in exc.errors()
    ]
    return error_response(400, "request validation failed", fields)


async def _problem_handler(_request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, APIProblem)
    return error_response(exc.status, exc.message, exc.fields, exc.headers, exc.extra)


async def _http_handler(_request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, StarletteHTTPException)
    message = "no such route" if exc.status_code == 404 else str(exc.detail)
    return error_response(exc.status_code, message, headers=exc.headers)


def install_handlers(app: FastAPI) -> None:
    """Make every error the app can produce an Error body."""
    app.add_exception_handler(RequestValidationError, _validation_handler)
    app.add_exception_handler(APIProblem, _problem_handler)
    app.add_exception_handler(StarletteHTTPException, _http_handler)
