"""Page/count paging as upstream does it."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Page:
    page: int
    count: int

    @property
    def offset(self) -> int:
        return (self.page - 1) * self.count


def page_of(page: int | None, count: int | None, *, default: int, maximum: int) -> Page:
    p = page if page and page > 0 else 1
    c = count if count and count > 0 else default
    return Page(page=p, count=min(c, maximum))
