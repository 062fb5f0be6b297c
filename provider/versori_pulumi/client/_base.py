"""What every API area of :class:`~versori_pulumi.client.ConnectClient` builds on: the session, identity and
counters, organisation-scoped paths, paging and the DELETE that reads a replayed 404 as done."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Iterator, Mapping
from typing import Any, NoReturn, Self, TypeVar
from urllib.parse import quote

import httpx

from .._platform import DEFAULT_BASE_URL
from ..errors import ConfigurationError, NotFoundError
from ..models import BigQueryConnector, HTTPConnector, Page
from ._http import HTTPSession, ItemT
from ._retry import was_replayed

__all__ = ["MAX_PAGE_SIZE", "AnyConnector", "ClientBase", "absent_if_gone"]

MAX_PAGE_SIZE = 100
"""The largest page the API serves (docs/api-behaviour.md: larger ``first`` values are clamped)."""

_log = logging.getLogger("versori_pulumi.client")

AnyConnector = HTTPConnector | BigQueryConnector
T = TypeVar("T")


def _seg(value: str, what: str) -> str:
    """One URL path segment, quoted; an empty value is refused before any request is made."""
    if not isinstance(value, str) or not value:
        raise ValueError(f"{what} must be a non-empty string")
    return quote(value, safe="")


def absent_if_gone(find: Callable[[], T]) -> T | None:
    """A natural-key look-up settling a lost POST: a 404 on the way (the connector or organisation that would hold
    the object is gone) means the object is not there."""
    try:
        return find()
    except NotFoundError:
        return None


def _force(force: bool) -> dict[str, str] | None:
    return {"force": "true"} if force else None


class ClientBase:
    """The constructor and shared state of :class:`~versori_pulumi.client.ConnectClient`, whose docstring lists the
    arguments."""

    def __init__(
        self,
        base_url: str = DEFAULT_BASE_URL,
        organisation_id: str = "",
        api_key: str = "",
        *,
        timeout: float = 30.0,
        retry_deadline: float = 60.0,
        max_attempts: int = 8,
        transport: httpx.BaseTransport | None = None,
        sleep: Callable[[float], None] | None = None,
        clock: Callable[[], float] | None = None,
        concurrency: int = 8,
    ) -> None:
        if concurrency < 1:
            raise ConfigurationError("concurrency must be at least 1")
        self.concurrency = concurrency
        """How many requests a version's contents use at a time (:mod:`versori_pulumi._core.parallel`)."""
        self._workers: Any = None
        self._session = HTTPSession(
            base_url,
            api_key,
            timeout=timeout,
            retry_deadline=retry_deadline,
            max_attempts=max_attempts,
            transport=transport,
            sleep=sleep,
            clock=clock,
        )
        self._org = organisation_id
        self._lock = threading.Lock()
        self._public_names: dict[str, str] = {}
        self._request = self._session.request
        self._parse = self._session.parse

    # --- lifecycle, identity, counters ---

    def close(self) -> None:
        """Close the connection pool (and the contents' worker threads)."""
        if self._workers is not None:
            self._workers.shutdown(wait=True)
            self._workers = None
        self._session.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"ConnectClient(base_url={self.base_url!r}, organisation_id={self._org!r})"

    def __getstate__(self) -> NoReturn:
        raise TypeError("ConnectClient holds a live connection pool and is never pickled; build one per process")

    @property
    def base_url(self) -> str:
        return self._session.base_url

    @property
    def organisation_id(self) -> str:
        return self._org

    @property
    def request_count(self) -> int:
        """HTTP requests actually sent (every attempt counts), for tests and benchmarks."""
        return self._session.request_count

    @property
    def retry_count(self) -> int:
        """Sleeps before another attempt, in either retry loop."""
        return self._session.retry_count

    @property
    def lookup_count(self) -> int:
        """Natural-key look-ups made to settle a POST whose outcome was unknown."""
        return self._session.lookup_count

    # --- paths, pages, deletes ---

    def _o(self, *segments: str) -> str:
        """``/o/{org}/...``: the organisation-scoped path from already quoted segments."""
        if not self._org:
            raise ConfigurationError("organisation_id is required for this call")
        return "/".join(("/o", quote(self._org, safe=""), *segments))

    def _pages(
        self, path: str, model: type[Page[ItemT]], params: Mapping[str, str], page_size: int
    ) -> Iterator[Page[ItemT]]:
        if not 1 <= page_size <= MAX_PAGE_SIZE:
            raise ValueError(f"page_size must be between 1 and {MAX_PAGE_SIZE}")
        return self._session.pages(path, model, params, page_size)

    def _delete(self, path: str, force: bool) -> None:
        """DELETE; a 404 answering a replay means an earlier, lost attempt deleted it."""
        try:
            self._request("DELETE", path, params=_force(force), idempotent=True)
        except NotFoundError as exc:
            if not was_replayed(exc):
                raise
            _log.info("DELETE %s: 404 on a replay, the earlier attempt deleted it", path)
