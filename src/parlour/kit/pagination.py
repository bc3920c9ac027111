"""Page/count paging as upstream does it, and the ``meta`` that list answers carry.

Every list handler builds its ``meta`` through :func:`list_meta`: upstream's samples show
``{"page": 1, "total_count": 40}`` on paged lists, ``{"total_count": 3}`` on whole lists and
``{"count": 3}`` on a few (schedules, resources, booking forms, client comments); Parlour sends
both keys on every list (see src/parlour/contract/decisions.json).
"""

from __future__ import annotations

from collections.abc import Sized
from dataclasses import dataclass
from typing import Literal


@dataclass(frozen=True, slots=True)
class Page:
    page: int
    count: int

    @property
    def offset(self) -> int:
        return (self.page - 1) * self.count

    @property
    def limit(self) -> int:
        return self.count


def page_of(page: int | None, count: int | None, *, default: int, maximum: int) -> Page:
    """The page asked for: page 1 when absent or below 1, ``default`` rows when count is
    absent, never more than ``maximum`` rows."""
    p = page if page and page > 0 else 1
    c = count if count and count > 0 else default
    return Page(page=p, count=min(c, maximum))


def list_meta(
    total: int | Sized,
    page: Page | None = None,
    *,
    key: Literal["total_count", "count"] = "total_count",
    count: int | None = None,
) -> dict[str, int]:
    """``meta`` of a list answer: the page number on paged lists, then always both
    ``total_count`` (every match) and ``count`` (the items in this answer), so a client reads
    either key whatever the list (the samples show one or the other). ``key`` is kept for the
    callers that name the one their sample shows; both are sent. ``count``: the items sent,
    where ``total`` is a number and the list is not paged by ``page``."""
    del key
    meta: dict[str, int] = {}
    if page is not None:
        meta["page"] = page.page
    whole = total if isinstance(total, int) else len(total)
    meta["total_count"] = whole
    if count is None:
        count = whole if page is None else max(0, min(page.count, whole - page.offset))
    meta["count"] = count
    return meta
