"""Bounded concurrency for the many small requests of a version's contents.

A vendor-size version is hundreds of items, each its own request: one at a time, a release costs hundreds of
round trips. Here they go ``client.concurrency`` at a time (default 8) through one worker pool per client, shared
by every resource the provider host works on at once, so the bound holds for the whole process, not per
resource. Every call runs to its end, even after another failed: a write in flight is never abandoned, so what
happened remotely is known (each call settles its own lost POSTs), and the first failure, in submission order,
is raised after all have finished.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from typing import TYPE_CHECKING, TypeVar

if TYPE_CHECKING:
    from versori_pulumi.client import ConnectClient

__all__ = ["run_all"]

T = TypeVar("T")
_lock = threading.Lock()


def _workers(client: ConnectClient) -> ThreadPoolExecutor:
    with _lock:
        pool: ThreadPoolExecutor | None = client._workers
        if pool is None:
            pool = ThreadPoolExecutor(max_workers=client.concurrency, thread_name_prefix="versori-contents")
            client._workers = pool
        return pool


def run_all(client: ConnectClient, calls: Sequence[Callable[[], T]]) -> list[T]:
    """Run ``calls`` at most ``client.concurrency`` at a time; their results in order. Not re-entrant: a call must
    not itself call :func:`run_all` (it would wait for a worker it holds)."""
    if len(calls) <= 1 or client.concurrency == 1:
        return [call() for call in calls]
    pool = _workers(client)
    futures: list[Future[T]] = [pool.submit(call) for call in calls]
    failure: BaseException | None = None
    results: list[T] = []
    for future in futures:  # wait for every one: nothing is left running behind an error
        try:
            results.append(future.result())
        except BaseException as exc:  # noqa: BLE001 - re-raised below, after the others have finished
            failure = failure or exc
    if failure is not None:
        raise failure
    return results
