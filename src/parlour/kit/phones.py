"""Phone numbers: read as people write them, stored in E.164, with libphonenumber.

A number is read with the location's country as the default region, so ``(315) 555-0103`` in
a New York location is ``+13155550103``. A number only has to be *possible* for its region
(right length, right country code): numbering plans grow new and reserved ranges before the
library's metadata knows them, and refusing a real customer's number is worse than storing an
unusual one.
"""

from __future__ import annotations

from functools import lru_cache
from importlib import resources

import phonenumbers

from parlour.errors import ValidationFailed


def normalize_phone(raw: str, *, region: str | None = None, field: str = "phone") -> str:
    """Return ``raw`` in E.164 (``+13155550175``) or raise a field error.

    Upstream samples write numbers with or without the leading ``+`` (``79161234567``): a
    number without it is read in ``region`` first (national format), then as international.
    """
    found = parse_phone(raw, region=region)
    if found is None:
        text = (raw or "").strip()
        if not text:
            raise ValidationFailed.field(field, "phone number is required")
        raise ValidationFailed.field(field, f"{raw!r} is not a valid phone number")
    return found


def parse_phone(raw: str, *, region: str | None = None) -> str | None:
    """``raw`` in E.164, or None when it cannot be a phone number."""
    text = (raw or "").strip()
    if not text or len(text) > 64:
        return None
    candidates: list[tuple[str, str | None]] = []
    if text.startswith("+"):
        candidates.append((text, None))
    else:
        if region:
            candidates.append((text, region))
        digits = "".join(ch for ch in text if ch.isdigit())
        if digits:
            candidates.append(("+" + digits, None))
    possible: str | None = None
    for number, reg in candidates:
        try:
            parsed = phonenumbers.parse(number, reg)
        except phonenumbers.NumberParseException:
            continue
        e164 = phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)
        if phonenumbers.is_valid_number(parsed):
            return e164
        if possible is None and phonenumbers.is_possible_number(parsed):
            possible = e164
    return possible


def search_forms(raw: str, *, region: str | None = None) -> list[str]:
    """Digit strings to look for in stored E.164 numbers when someone searches by ``raw`` in
    any format: its own digits and, when it reads as a number, its E.164 digits."""
    digits = "".join(ch for ch in raw if ch.isdigit())
    forms = [digits] if digits else []
    e164 = parse_phone(raw, region=region)
    if e164 is not None and e164[1:] not in forms:
        forms.append(e164[1:])
    return forms


def location_region(location: object) -> str | None:
    """The phone region of a location row (anything with ``country`` and ``timezone_name``)."""
    return region_of(getattr(location, "country", None), getattr(location, "timezone_name", None))


def region_of(country: str | None, timezone_name: str | None) -> str | None:
    """The phone region (ISO 3166 code) of a location: its country (a code or an English name)
    or else the country of its time zone."""
    text = (country or "").strip()
    codes, names = _iso3166()
    if text:
        if text.upper() in codes:
            return text.upper()
        by_name = names.get(text.casefold())
        if by_name:
            return by_name
    if timezone_name:
        return _zone_countries().get(timezone_name)
    return None


def _tab(name: str) -> list[list[str]]:
    try:
        content = resources.files("tzdata").joinpath("zoneinfo", name).read_text("utf-8")
    except (FileNotFoundError, ModuleNotFoundError, OSError):  # pragma: no cover
        return []
    return [
        line.split("\t")
        for line in content.splitlines()
        if line.strip() and not line.startswith("#")
    ]


@lru_cache(maxsize=1)
def _iso3166() -> tuple[frozenset[str], dict[str, str]]:
    rows = [r for r in _tab("iso3166.tab") if len(r) >= 2]
    names = {r[1].strip().casefold(): r[0] for r in rows}
    # Common ways of writing the largest ones.
    names.update(
        {
            "usa": "US",
            "united states of america": "US",
            "uk": "GB",
            "united kingdom": "GB",
            "great britain": "GB",
            "england": "GB",
        }
    )
    return frozenset(r[0] for r in rows), names


@lru_cache(maxsize=1)
def _zone_countries() -> dict[str, str]:
    out: dict[str, str] = {}
    for row in _tab("zone.tab"):
        if len(row) >= 3:
            out.setdefault(row[2], row[0])
    return out
