"""Cursor pagination shared by every list endpoint.

Items are ordered most recently updated first (spec), ties by id newest first (chosen). A cursor is the opaque,
URL-safe encoding of the sort key of the item it points at, so pages stay consistent while items are added or
removed (keyset pagination): ``after`` returns the items following that key, ``before`` those preceding it.
``first`` defaults to 20 and is clamped to 100; ``next``/``prev`` are left out when there is no such page and
``totalCount`` counts all items over all pages (behaviour page, "Pagination").
"""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Annotated, Generic, TypeVar

from fastapi import Depends, Query

from versori_pulumi.emulator.problems import APIProblem

__all__ = ["MAX_PAGE_SIZE", "Page", "PageParams", "PageQuery", "paginate"]

T = TypeVar("T")
MAX_PAGE_SIZE = 100
SortKey = tuple[str, str]


@dataclass(frozen=True)
class PageParams:
    """The paging query parameters of a list request."""

    first: int = 20
    after: str | None = None
    before: str | None = None


def _page_params(
    first: Annotated[int, Query(ge=1, description="page size; values above 100 are clamped")] = 20,
    after: Annotated[str | None, Query()] = None,
    before: Annotated[str | None, Query()] = None,
) -> PageParams:
    if after is not None and before is not None:
        raise APIProblem(400, "after and before are mutually exclusive", field="before")
    return PageParams(first=min(first, MAX_PAGE_SIZE), after=after, before=before)


PageQuery = Annotated[PageParams, Depends(_page_params)]
"""Route parameter: ``first``, ``after`` and ``before`` validated into :class:`PageParams`."""


@dataclass(frozen=True)
class Page(Generic[T]):
    items: list[T]
    total_count: int
    next: str | None
    prev: str | None


def _encode(key: SortKey) -> str:
    return base64.urlsafe_b64encode(json.dumps(list(key)).encode()).decode().rstrip("=")


def _decode(cursor: str, param: str) -> SortKey:
    try:
        raw = json.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))
        if isinstance(raw, list) and len(raw) == 2 and all(isinstance(part, str) for part in raw):
            return (raw[0], raw[1])
    except (ValueError, binascii.Error):
        pass
    raise APIProblem(400, "invalid cursor", field=param)


def _sort_key(updated_at: datetime, item_id: str) -> SortKey:
    # Fixed-width UTC ISO strings compare like the instants they name.
    return (updated_at.astimezone(UTC).isoformat(timespec="microseconds"), item_id)


def paginate(items: Sequence[T], params: PageParams, key: Callable[[T], tuple[datetime, str]]) -> Page[T]:
    """One page of ``items``; ``key`` gives each item's ``(updatedAt, id)``."""
    keyed = sorted(((_sort_key(*key(item)), item) for item in items), key=lambda pair: pair[0], reverse=True)
    if params.after is not None:
        mark = _decode(params.after, "after")
        start = next((i for i, (k, _) in enumerate(keyed) if k < mark), len(keyed))
        window = keyed[start : start + params.first]
    elif params.before is not None:
        mark = _decode(params.before, "before")
        stop = next((i for i, (k, _) in enumerate(keyed) if k <= mark), len(keyed))
        start = max(0, stop - params.first)
        window = keyed[start:stop]
    else:
        start = 0
        window = keyed[: params.first]
    end = start + len(window)
    return Page(
        items=[item for _, item in window],
        total_count=len(keyed),
        next=_encode(window[-1][0]) if window and end < len(keyed) else None,
        prev=_encode(window[0][0]) if window and start > 0 else None,
    )
