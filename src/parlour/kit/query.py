"""Query-string parsers shared by every section: id lists, include lists and dates.

Upstream clients send lists as ``name[]=1&name[]=2`` (PHP style), some as ``name=1,2``; both
forms, repeated or comma-separated, give one list. A bad item is a 422 naming the parameter.
"""

from __future__ import annotations

import inspect
import re
from collections.abc import Callable, Iterable
from datetime import date
from typing import Annotated, Any

from fastapi import Query

from parlour.errors import ValidationFailed
from parlour.kit.ids import MAX_ID
from parlour.kit.timeutil import parse_date

_ID_DIGITS = len(str(MAX_ID))


def split_ids(values: Iterable[str], field: str) -> list[int]:
    """Ids from repeated and/or comma-separated values; empty items are skipped."""
    out: list[int] = []
    for chunk in values:
        for part in chunk.split(","):
            part = part.strip()
            if not part:
                continue
            if not (part.isascii() and part.isdigit() and len(part) <= _ID_DIGITS):
                raise ValidationFailed.field(field, f"{part!r} is not an id")
            value = int(part)
            if not 1 <= value <= MAX_ID:
                raise ValidationFailed.field(field, f"{part!r} is not an id")
            out.append(value)
    return out


def _list_params(names: Iterable[str], reader: Callable[[list[str]], Any]) -> Callable[..., Any]:
    """A FastAPI dependency taking every name in ``names`` as a repeatable string query
    parameter (so each shows in the OpenAPI document) and handing their values, in order, to
    ``reader``."""
    aliases = list(names)

    async def dependency(**values: list[str] | None) -> Any:
        return reader([v for n in range(len(aliases)) for v in values.get(f"p{n}") or []])

    dependency.__signature__ = inspect.Signature(  # type: ignore[attr-defined]
        [
            inspect.Parameter(
                f"p{n}",
                inspect.Parameter.KEYWORD_ONLY,
                default=None,
                annotation=Annotated[list[str] | None, Query(alias=alias)],
            )
            for n, alias in enumerate(aliases)
        ]
    )
    return dependency


def id_list(name: str, *, plain: bool = True) -> Callable[..., list[int] | None]:
    """Dependency: the ids given as ``name[]`` (and as ``name`` when ``plain``); None when the
    parameter is absent or empty."""
    names = [f"{name}[]", name] if plain else [f"{name}[]"]

    def read(values: list[str]) -> list[int] | None:
        return split_ids(values, name) or None

    dependency: Callable[..., list[int] | None] = _list_params(names, read)
    return dependency


def id_list_or_empty(name: str) -> Callable[..., list[int]]:
    """Dependency: as :func:`id_list`, with an empty list when the parameter is absent."""
    names = [f"{name}[]", name]

    def read(values: list[str]) -> list[int]:
        return split_ids(values, name)

    dependency: Callable[..., list[int]] = _list_params(names, read)
    return dependency


def include_list(allowed: Iterable[str], name: str = "include") -> Callable[..., frozenset[str]]:
    """Dependency: the set of ``include`` / ``include[]`` values, each one of ``allowed``."""
    known = tuple(allowed)

    def read(values: list[str]) -> frozenset[str]:
        wanted = frozenset(values)
        unknown = sorted(wanted - set(known))
        if unknown:
            raise ValidationFailed.field(
                name, f"unknown value {unknown[0]!r}; one of {', '.join(known)}"
            )
        return wanted

    dependency: Callable[..., frozenset[str]] = _list_params([name, f"{name}[]"], read)
    return dependency


_DOTTED = re.compile(r"^'?(\d{2})\.(\d{2})\.(\d{4})'?$")


def optional_date(value: str | None, field: str, *, lenient: bool = False) -> date | None:
    """A date filter: None when absent, else ISO ``YYYY-MM-DD`` (422 otherwise).

    ``lenient`` also takes what the appointment lists document and their clients send: an empty
    value (absent), ``dd.mm.yyyy``, a quoted date, or an ISO datetime (its date part is used)."""
    if value is None:
        return None
    if not lenient:
        return parse_date(value, field)
    if value == "":
        return None
    match = _DOTTED.match(value.strip())
    if match:
        day, month, year = match.groups()
        return parse_date(f"{year}-{month}-{day}", field)
    return parse_date(value.strip().strip("'")[:10], field)
