"""Text matching that works in every script, the same way on SQLite and PostgreSQL.

SQLite's ``lower()`` folds ASCII only and PostgreSQL's depends on the database's locale, so
case-insensitive search cannot rely on either: the application folds text itself (Unicode
NFKC normalisation, then ``str.casefold``) into stored search columns and folds the query
the same way.
"""

from __future__ import annotations

import unicodedata


def fold(value: str) -> str:
    """``value`` normalised for case-insensitive comparison ("Анна" and "АННА" agree, as do
    "straße" and "STRASSE", and a precomposed "é" and "e" + combining accent)."""
    return unicodedata.normalize("NFKC", unicodedata.normalize("NFKC", value).casefold())


def client_search_name(name: str | None, surname: str | None, patronymic: str | None) -> str:
    """The folded name forms a client is found by: "name surname patronymic" and
    "surname name", one per line, so a query never matches across the two."""
    name, surname, patronymic = name or "", surname or "", patronymic or ""
    full = " ".join(p for p in (name, surname, patronymic) if p)
    reverse = " ".join(p for p in (surname, name) if p)
    return fold(f"{full}\n{reverse}")
