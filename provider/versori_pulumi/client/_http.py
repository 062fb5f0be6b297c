"""The request path under :class:`versori_pulumi.client.ConnectClient`: send, log, map errors, retry, paginate.

:class:`HTTPSession` owns the one pooled ``httpx.Client`` of a ConnectClient and its counters. Every request goes
through :meth:`HTTPSession.request`; non-idempotent POSTs additionally through :meth:`HTTPSession.post_once`, which
settles an attempt of unknown outcome by a natural-key look-up instead of repeating it. The retry policy itself
(what is retried, backoff, Retry-After, deadline) is :mod:`._retry`; both loops run on it.

Logging (``versori_pulumi.client``): method, path, status, attempt and elapsed time only; never headers or bodies.
"""

from __future__ import annotations

import functools
import logging
import threading
import time
from collections.abc import Callable, Iterator, Mapping
from typing import Any, TypedDict, TypeVar, Unpack

import httpx
from pydantic import TypeAdapter, ValidationError

from .._platform import VERSION
from ..errors import (
    APIConnectionError,
    APITimeoutError,
    ConfigurationError,
    ConflictError,
    ForbiddenError,
    VersoriError,
    error_for_status,
)
from ..models import Page
from ._retry import (
    RetryPolicy,
    deadline_scope,
    mark_replayed,
    may_have_been_applied,
    parse_retry_after,
    set_retry_after,
    was_replayed,
)

__all__ = ["USER_AGENT", "HTTPSession", "ItemT"]

USER_AGENT = f"versori-pulumi/{VERSION} (+httpx)"

T = TypeVar("T")
ItemT = TypeVar("ItemT")
Params = Mapping[str, str | int]
Files = Mapping[str, tuple[str | None, bytes | str, str]]


class Body(TypedDict, total=False):
    """What a request carries besides its method and path, as httpx names it: a JSON body, the query, a multipart
    body (``name -> (filename, data, content type)``), raw bytes, and headers of its own."""

    json: Any
    params: Params | None
    files: Files | None
    content: bytes | None
    headers: Mapping[str, str] | None


def _shown(path: str) -> str:
    """The path as logs and errors show it: a signed URL (absolute; its path or query is a credential) hidden."""
    return "<signed upload URL>" if path.startswith(("http://", "https://")) else path


_log = logging.getLogger("versori_pulumi.client")


@functools.cache
def _page_adapter(model: type[Page[Any]]) -> TypeAdapter[Page[Any]]:
    """One adapter per page type (``Page[Connector]``, ...), built on its first listing."""
    return TypeAdapter(model)


class HTTPSession:
    """One API root and key over one pooled ``httpx.Client``, with retries and thread-safe counters."""

    def __init__(
        self,
        base_url: str,
        api_key: str,
        *,
        timeout: float,
        retry_deadline: float,
        max_attempts: int,
        transport: httpx.BaseTransport | None,
        sleep: Callable[[float], None] | None,
        clock: Callable[[], float] | None,
    ) -> None:
        url = httpx.URL(base_url.rstrip("/"))
        if url.scheme not in ("http", "https") or not url.host:
            raise ConfigurationError("base_url must be an absolute http(s) URL")
        if max_attempts < 1:
            raise ConfigurationError("max_attempts must be at least 1")
        if timeout <= 0 or retry_deadline < 0:
            raise ConfigurationError("timeout must be positive and retry_deadline not negative")
        self.base_url = str(url)
        headers = {"User-Agent": USER_AGENT, "Accept": "application/json"}
        if api_key:
            headers["Authorization"] = f"Bearer {api_key}"
        self._http = httpx.Client(
            base_url=self.base_url,
            headers=headers,
            timeout=httpx.Timeout(timeout),
            transport=transport,
            follow_redirects=False,
        )
        self._lock = threading.Lock()
        self._requests = 0
        self._retries = 0
        self._lookups = 0
        self._clock = clock or time.monotonic
        self._sleep = sleep or time.sleep
        self._not_before = 0.0  # a 429's Retry-After: no request of this session leaves before then
        self.policy = RetryPolicy(
            max_attempts=max_attempts,
            retry_deadline=retry_deadline,
            sleep=self._sleep,
            clock=self._clock,
            on_retry=self._count_retry,
        )

    def close(self) -> None:
        self._http.close()

    # --- counters ---

    @property
    def request_count(self) -> int:
        with self._lock:
            return self._requests

    @property
    def retry_count(self) -> int:
        with self._lock:
            return self._retries

    @property
    def lookup_count(self) -> int:
        with self._lock:
            return self._lookups

    def _count_retry(self) -> None:
        with self._lock:
            self._retries += 1

    # --- sending ---

    def send(self, method: str, path: str, *, attempt: int = 1, **sent: Unpack[Body]) -> httpx.Response:
        """One HTTP attempt: a 2xx response, or the typed error (whose message names method and path only)."""
        with self._lock:
            self._requests += 1
            hold = self._not_before - self._clock()
        if hold > 0:  # the server asked for a pause (429 + Retry-After): concurrent requests keep to it too
            self._sleep(hold)
        started = self._clock()
        target, path = path, _shown(path)
        try:
            response = self._http.request(method, target, **sent)
        except httpx.TimeoutException as exc:
            self._log_attempt(method, path, type(exc).__name__, attempt, started)
            raise APITimeoutError(f"{method} {path}: timed out ({type(exc).__name__})") from exc
        except httpx.TransportError as exc:
            self._log_attempt(method, path, type(exc).__name__, attempt, started)
            raise APIConnectionError(f"{method} {path}: no usable response ({type(exc).__name__})") from exc
        self._log_attempt(method, path, response.status_code, attempt, started)
        if response.is_success:
            return response
        try:
            body: Any = response.json()
        except ValueError:
            body = None
        error = error_for_status(response.status_code, body, method=method, path=path)
        retry_after = parse_retry_after(response.headers.get("Retry-After"))
        if retry_after is not None:
            set_retry_after(error, retry_after)
            if response.status_code == 429:
                with self._lock:
                    self._not_before = max(self._not_before, self._clock() + retry_after)
        raise error

    def _log_attempt(self, method: str, path: str, outcome: int | str, attempt: int, started: float) -> None:
        _log.debug("%s %s -> %s attempt=%d elapsed=%.3fs", method, path, outcome, attempt, self._clock() - started)

    def request(self, method: str, path: str, *, idempotent: bool, **sent: Unpack[Body]) -> httpx.Response:
        """Send a request; an idempotent one is retried (:meth:`_retried`) on 429/502/503/504 and transport
        errors, a non-idempotent one is sent once (:meth:`post_once` settles its lost answers)."""
        if not idempotent:
            return self.send(method, path, **sent)
        return self._retried(
            f"{method} {_shown(path)}", lambda attempt: self.send(method, path, attempt=attempt, **sent)
        )

    def put_signed(self, url: str, content: bytes, content_type: str) -> None:
        """PUT a document to a signed upload URL: absolute, so the API key (a base-URL default) is not sent along.

        Retried like any idempotent request; a 403 answering a replay means the earlier, lost attempt used the
        single-use URL, i.e. the upload is done.
        """
        target = httpx.URL(url)
        if target.scheme not in ("http", "https"):
            raise ConfigurationError("an upload URL must be an http(s) URL")
        headers = {"Content-Type": content_type, "Authorization": ""}
        try:
            self.request("PUT", str(target), content=content, headers=headers, idempotent=True)
        except ForbiddenError as exc:
            if not was_replayed(exc):
                raise

    def _retried(self, what: str, send: Callable[[int], httpx.Response]) -> httpx.Response:
        """The retry loop of idempotent requests: ``send(attempt)`` until it succeeds or the policy gives up.

        An error answering a replay whose earlier attempt may have been applied is marked (``was_replayed``), so
        a DELETE can read a 404 on its replay as its own earlier success.
        """
        attempts = 0
        maybe_applied = False

        def attempt() -> httpx.Response:
            nonlocal attempts, maybe_applied
            attempts += 1
            try:
                return send(attempts)
            except VersoriError as exc:
                if maybe_applied:
                    mark_replayed(exc)
                maybe_applied = maybe_applied or may_have_been_applied(exc)
                raise

        return self.policy.retrying(what)(attempt)

    def post_once(self, what: str, post: Callable[[], T], lookup: Callable[[], T | None]) -> T:
        """Run a non-idempotent POST without ever blindly repeating it.

        After a retryable failure (the request may or may not have been applied), wait as the retry policy says,
        then ``lookup`` the object by its natural key: found means the lost request landed, so return it; absent
        means POST again. A 409 on a repeated POST means an earlier one landed after all: look up and return it. A
        409 on the first POST is a genuine conflict and is raised. Bounded by the same attempts and deadline as
        every retry loop; the look-ups' own retries share that deadline. The natural key cannot tell our object
        from one of the same name made by someone else between our attempts; the API offers no idempotency key.
        """
        deadline_at = self.policy.deadline_from_now()
        tries = 0

        def attempt() -> T:
            nonlocal tries
            tries += 1
            if tries > 1:
                found = self._lookup(what, lookup)
                if found is not None:
                    return found
            try:
                return post()
            except ConflictError:
                if tries == 1:
                    raise
                found = self._lookup(what, lookup)
                if found is None:
                    raise
                return found

        with deadline_scope(deadline_at):
            return self.policy.retrying(what, deadline_at)(attempt)

    def _lookup(self, what: str, lookup: Callable[[], T | None]) -> T | None:
        with self._lock:
            self._lookups += 1
        found = lookup()
        _log.info("%s: natural-key look-up after an unsettled attempt: %s", what, "found" if found else "absent")
        return found

    # --- parsing ---

    @staticmethod
    def parse(adapter: TypeAdapter[T], response: httpx.Response) -> T:
        """Validate a response body; a mismatch names the fields, never their values (they may be secrets)."""
        try:
            return adapter.validate_json(response.content)
        except ValidationError as exc:
            where = ", ".join(".".join(str(p) for p in err["loc"]) or "(body)" for err in exc.errors()[:5])
            request = response.request
            raise VersoriError(
                f"{request.method} {request.url.path}: HTTP {response.status_code} body did not match the "
                f"expected schema: {exc.error_count()} error(s) at {where}"
            ) from None

    def pages(
        self, path: str, model: type[Page[ItemT]], params: Mapping[str, str], page_size: int
    ) -> Iterator[Page[ItemT]]:
        """Every page of a listing, following ``next`` cursors through ``after`` until none is returned."""
        adapter: TypeAdapter[Page[ItemT]] = _page_adapter(model)
        cursor: str | None = None
        while True:
            query: dict[str, str | int] = {**params, "first": page_size}
            if cursor:
                query["after"] = cursor
            page = self.parse(adapter, self.request("GET", path, params=query, idempotent=True))
            yield page
            if not page.next:
                return
            if page.next == cursor:
                raise VersoriError(f"GET {path}: the page cursor did not advance")
            cursor = page.next
