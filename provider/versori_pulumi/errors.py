"""Typed errors raised by the Connect API client.

The tree::

    VersoriError                      anything this package raises about the API
    ├── ConfigurationError            missing or invalid provider configuration (no API key, bad base URL)
    ├── APIConnectionError            no usable HTTP answer (refused, reset, dropped, timed out)
    │   └── APITimeoutError
    └── APIError                      the API answered with an error status; carries status, code, message, fields
        ├── BadRequestError           400 (validation; ``fields`` names the offending fields)
        ├── UnauthorizedError         401
        ├── ForbiddenError            403
        ├── NotFoundError             404
        ├── ConflictError             409
        ├── PreconditionFailedError   412
        ├── RateLimitError            429
        └── ServerError               5xx

Messages never carry the API key or credential data: they are built from the status, the API's ``code`` and
``message`` and the request's method and path only. An error may carry a ``fix`` (what the person running Pulumi
should change: a config key, an input), which ``str()`` appends; :mod:`versori_pulumi._core.failures` lays it out on a
line of its own when a provider call fails.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

__all__ = [
    "APIConnectionError",
    "APIError",
    "APITimeoutError",
    "BadRequestError",
    "ConfigurationError",
    "ConflictError",
    "ForbiddenError",
    "NotFoundError",
    "PreconditionFailedError",
    "RateLimitError",
    "ServerError",
    "UnauthorizedError",
    "VersoriError",
    "error_for_status",
]


class VersoriError(Exception):
    """Base of every error this package raises about the Versori API; ``fix`` says what to change, if known."""

    def __init__(self, *args: object, fix: str | None = None) -> None:
        super().__init__(*args)
        self.fix = fix

    @property
    def summary(self) -> str:
        """What went wrong, without the fix."""
        return str(self.args[0]) if self.args else type(self).__name__

    def __str__(self) -> str:
        return f"{self.summary} (fix: {self.fix})" if self.fix else self.summary


class ConfigurationError(VersoriError):
    """The provider configuration is missing or invalid."""


class APIConnectionError(VersoriError):
    """The request got no usable HTTP answer."""


class APITimeoutError(APIConnectionError):
    """The request timed out."""


class APIError(VersoriError):
    """The API answered with an error status."""

    def __init__(
        self,
        status: int,
        code: str,
        message: str,
        *,
        fields: list[Mapping[str, str]] | None = None,
        method: str = "",
        path: str = "",
        extra: Mapping[str, Any] | None = None,
    ) -> None:
        self.status = status
        self.code = code
        self.message = message
        self.fields: list[dict[str, str]] = [dict(f) for f in (fields or [])]
        self.method = method
        self.path = path
        self.extra: dict[str, Any] = dict(extra or {})
        """Members of an Error subtype: an import error's ``messages``, a 412's ``definition``."""
        super().__init__(self._describe())

    def _describe(self) -> str:
        where = f"{self.method} {self.path}: " if self.method else ""
        text = f"{where}HTTP {self.status} ({self.code}): {self.message}"
        if self.fields:
            text += "; " + ", ".join(f"{f.get('field')}: {f.get('message')}" for f in self.fields)
        return text


class BadRequestError(APIError):
    """400: the request failed validation."""


class UnauthorizedError(APIError):
    """401: the API key is missing or wrong."""


class ForbiddenError(APIError):
    """403: the key may not do this."""


class NotFoundError(APIError):
    """404: no such object (or it belongs to another organisation)."""


class ConflictError(APIError):
    """409: the object is in use, published, or its name is taken."""


class PreconditionFailedError(APIError):
    """412: the object is in use (connections, definitions)."""


class RateLimitError(APIError):
    """429: too many requests."""


class ServerError(APIError):
    """5xx: the server failed."""


_BY_STATUS: dict[int, type[APIError]] = {
    400: BadRequestError,
    401: UnauthorizedError,
    403: ForbiddenError,
    404: NotFoundError,
    409: ConflictError,
    412: PreconditionFailedError,
    429: RateLimitError,
}


def error_for_status(status: int, body: Any, *, method: str = "", path: str = "") -> APIError:
    """The typed error for an error answer; ``body`` is the decoded JSON (an ``Error``) or anything else."""
    cls = _BY_STATUS.get(status) or (ServerError if status >= 500 else APIError)
    code = str(status * 1000)
    message = "request failed"
    fields: list[Mapping[str, str]] | None = None
    extra: dict[str, Any] = {}
    if isinstance(body, Mapping):
        extra = {str(k): v for k, v in body.items() if k in ("messages", "definition")}
        code = str(body.get("code") or code)
        message = str(body.get("message") or message)
        raw_fields = body.get("fields")
        if isinstance(raw_fields, list):
            fields = [
                {"field": str(f.get("field", "")), "message": str(f.get("message", ""))}
                for f in raw_fields
                if isinstance(f, Mapping)
            ]
    return cls(status, code, message, fields=fields, method=method, path=path, extra=extra)
