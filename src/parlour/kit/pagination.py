"""Page/count paging as upstream does it, and the ``meta`` that list answers carry.

Every list handler builds its ``meta`` through :func:`list_meta`: upstream sends
``{"page": 1, "total_count": 40}`` on paged lists, ``{"total_count": 3}`` on whole lists and
``{"count": 3}`` on a few (schedules, resources, booking forms, client comments).
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
) -> dict[str, int]:
    """``meta`` of a list answer: the total (a number, or the whole list itself), preceded by
    the page number on paged lists."""
    meta: dict[str, int] = {}
    if page is not None:
        meta["page"] = page.page
    meta[key] = total if isinstance(total, int) else len(total)
    return meta
