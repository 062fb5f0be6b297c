"""The retry policy of :mod:`versori_pulumi.client`: what is retried, how long to wait, when to give up.

One policy serves both retry loops of the client: the plain loop around idempotent requests (GET, PUT, DELETE)
and the look-up-then-repost loop around non-idempotent POSTs. Retried: HTTP 429, 502, 503, 504 and transport
failures (refused, reset, dropped, timed out). Waits are exponential with full jitter (0.25 s doubling, capped at
8 s) unless the server sent ``Retry-After`` (seconds or an HTTP date, capped at 30 s), which is honoured as is.
A loop stops after ``max_attempts`` attempts or when the next sleep would end past the deadline; the last typed
error is then re-raised, marked with the attempts made and the seconds spent (``attempts_of``). A connection that
is refused (or a host that does not resolve) gets only ``REFUSED_ATTEMPTS`` quick attempts: nothing listens there,
and waiting rarely changes that, so such a call fails within a second or two instead of after the whole deadline.
Nested loops (the look-ups a POST loop runs) share the outer deadline through a context variable, so a whole
client call stays inside one ``retry_deadline``.
"""

from __future__ import annotations

import contextlib
import contextvars
import email.utils
import logging
import random
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime

import httpx
import tenacity
from tenacity.wait import wait_base

from ..errors import APIConnectionError, APIError

__all__ = [
    "BACKOFF_CAP",
    "BACKOFF_INITIAL",
    "REFUSED_ATTEMPTS",
    "RETRYABLE_STATUSES",
    "RETRY_AFTER_CAP",
    "RetryPolicy",
    "attempts_of",
    "deadline_scope",
    "is_refused",
    "is_retryable",
    "mark_replayed",
    "may_have_been_applied",
    "parse_retry_after",
    "retry_after_of",
    "set_retry_after",
    "was_replayed",
]

RETRYABLE_STATUSES = frozenset({429, 502, 503, 504})
"""Statuses that say "not now" rather than "no": worth another attempt of an idempotent request."""

BACKOFF_INITIAL = 0.25
BACKOFF_CAP = 8.0
RETRY_AFTER_CAP = 30.0
REFUSED_ATTEMPTS = 3

# httpx transport errors that no second attempt can fix: a bad URL scheme, a request httpx itself refuses.
_PERMANENT_TRANSPORT_ERRORS: tuple[type[httpx.TransportError], ...] = (
    httpx.UnsupportedProtocol,
    httpx.LocalProtocolError,
)

# Exceptions carry two private marks (set by the client, read by the policy): the server's Retry-After, and
# whether the error answered a replay of a request whose earlier attempt may have been applied.
_RETRY_AFTER_ATTR = "_versori_retry_after"
_REPLAYED_ATTR = "_versori_replayed"
_ATTEMPTS_ATTR = "_versori_attempts"

_deadline: contextvars.ContextVar[float | None] = contextvars.ContextVar("versori_retry_deadline", default=None)

_log = logging.getLogger("versori_pulumi.client")


def is_retryable(exc: BaseException) -> bool:
    """Whether a failed attempt is worth repeating: a retryable status or a transient transport failure."""
    if isinstance(exc, APIError):
        return exc.status in RETRYABLE_STATUSES
    if isinstance(exc, APIConnectionError):
        return not isinstance(exc.__cause__, _PERMANENT_TRANSPORT_ERRORS)
    return False


def is_refused(exc: BaseException | None) -> bool:
    """Whether no connection could be made at all (refused, unresolvable host): the request was never sent."""
    return isinstance(exc, APIConnectionError) and isinstance(exc.__cause__, httpx.ConnectError)


def may_have_been_applied(exc: BaseException) -> bool:
    """Whether a retryable failure leaves it open that the server applied the request (not a 429, nor a request
    that never left because no connection could be made)."""
    return is_retryable(exc) and not (isinstance(exc, APIError) and exc.status == 429) and not is_refused(exc)


def attempts_of(exc: BaseException | None) -> tuple[int, float] | None:
    """(attempts, seconds) a retry loop spent before giving up with this error; None if it was not retried."""
    value = getattr(exc, _ATTEMPTS_ATTR, None)
    return value if isinstance(value, tuple) else None


def parse_retry_after(value: str | None, *, now: datetime | None = None) -> float | None:
    """Seconds to wait from a ``Retry-After`` header (delta-seconds or HTTP date), capped; None if absent or bad."""
    if value is None or not value.strip():
        return None
    text = value.strip()
    try:
        seconds = float(text)
    except ValueError:
        try:
            when = email.utils.parsedate_to_datetime(text)
        except (TypeError, ValueError):
            return None
        if when.tzinfo is None:
            when = when.replace(tzinfo=UTC)
        seconds = (when - (now or datetime.now(UTC))).total_seconds()
    if seconds != seconds:  # NaN
        return None
    return min(max(seconds, 0.0), RETRY_AFTER_CAP)


def set_retry_after(exc: BaseException, seconds: float) -> None:
    """Remember the server's Retry-After on the error it came with."""
    setattr(exc, _RETRY_AFTER_ATTR, seconds)


def retry_after_of(exc: BaseException | None) -> float | None:
    """The Retry-After the server sent with this error, if any."""
    value = getattr(exc, _RETRY_AFTER_ATTR, None)
    return value if isinstance(value, float) else None


def mark_replayed(exc: BaseException) -> None:
    """Flag an error as the answer to a replay: an earlier attempt of the same request may have been applied."""
    setattr(exc, _REPLAYED_ATTR, True)


def was_replayed(exc: BaseException) -> bool:
    """Whether this error answered a replay (so a 404 after a DELETE may mean our first DELETE worked)."""
    return getattr(exc, _REPLAYED_ATTR, False) is True


@contextlib.contextmanager
def deadline_scope(deadline_at: float) -> Iterator[None]:
    """Make ``deadline_at`` the latest deadline of every retry loop run inside this block (this thread only)."""
    outer = _deadline.get()
    token = _deadline.set(deadline_at if outer is None else min(outer, deadline_at))
    try:
        yield
    finally:
        _deadline.reset(token)


class _Wait(wait_base):
    """Retry-After when the server sent one, else full-jitter exponential backoff."""

    def __init__(self, uniform: Callable[[float, float], float]) -> None:
        self._uniform = uniform

    def __call__(self, retry_state: tenacity.RetryCallState) -> float:
        outcome = retry_state.outcome
        hinted = retry_after_of(outcome.exception() if outcome is not None else None)
        if hinted is not None:
            return hinted
        ceiling = min(BACKOFF_CAP, BACKOFF_INITIAL * 2 ** (retry_state.attempt_number - 1))
        return self._uniform(0.0, ceiling)


@dataclass
class RetryPolicy:
    """Bounds and clocks of the retry loops; ``sleep``, ``clock`` and ``uniform`` are seams for tests."""

    max_attempts: int
    retry_deadline: float
    sleep: Callable[[float], None]
    clock: Callable[[], float]
    uniform: Callable[[float, float], float] = field(default_factory=lambda: random.SystemRandom().uniform)
    on_retry: Callable[[], None] = lambda: None

    def deadline_from_now(self) -> float:
        """The absolute deadline of a loop starting now, never later than an enclosing loop's."""
        own = self.clock() + self.retry_deadline
        outer = _deadline.get()
        return own if outer is None else min(own, outer)

    def retrying(self, what: str, deadline_at: float | None = None) -> tenacity.Retrying:
        """A tenacity controller for one client call; ``what`` (method and path) names it in log lines."""
        deadline = self.deadline_from_now() if deadline_at is None else deadline_at
        clock = self.clock
        started = clock()
        max_attempts = self.max_attempts

        def stop(retry_state: tenacity.RetryCallState) -> bool:
            outcome = retry_state.outcome
            exc = outcome.exception() if outcome is not None else None
            attempts = retry_state.attempt_number
            limit = min(max_attempts, REFUSED_ATTEMPTS) if is_refused(exc) else max_attempts
            if attempts >= limit or clock() + retry_state.upcoming_sleep > deadline:
                if exc is not None:
                    setattr(exc, _ATTEMPTS_ATTR, (attempts, clock() - started))
                return True
            return False

        def before_sleep(retry_state: tenacity.RetryCallState) -> None:
            self.on_retry()
            outcome = retry_state.outcome
            exc = outcome.exception() if outcome is not None else None
            _log.info(
                "retrying %s after %s (attempt %d failed), sleeping %.2fs",
                what,
                _describe(exc),
                retry_state.attempt_number,
                retry_state.upcoming_sleep,
            )

        return tenacity.Retrying(
            retry=tenacity.retry_if_exception(is_retryable),
            wait=_Wait(self.uniform),
            stop=stop,
            sleep=self.sleep,
            before_sleep=before_sleep,
            reraise=True,
        )


def _describe(exc: BaseException | None) -> str:
    """A log-safe name for a failure: the status, or the transport error's class (never its text)."""
    if isinstance(exc, APIError):
        return f"HTTP {exc.status}"
    if exc is not None and exc.__cause__ is not None:
        return type(exc.__cause__).__name__
    return type(exc).__name__
