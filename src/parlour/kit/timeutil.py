"""Time helpers. Store UTC; speak the location's zone at the edge."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache
from typing import Annotated
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from pydantic import AfterValidator

from parlour.errors import ValidationFailed

# The calendar Parlour accepts. Python, SQLite and PostgreSQL all store wider ranges, but
# arithmetic near year 1 or 9999 (a day earlier, a zone's offset) overflows, and no salon books
# or remembers anything outside these years.
DATE_MIN = date(1900, 1, 1)
DATE_MAX = date(2999, 12, 31)


def utcnow() -> datetime:
    return datetime.now(UTC)


@lru_cache(maxsize=1024)
def zone(name: str) -> ZoneInfo:
    """The ZoneInfo for an IANA name; raises ValueError for an unknown name."""
    if not name or name not in _names():
        raise ValueError(f"unknown time zone {name!r}")
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError) as exc:  # pragma: no cover - guarded above
        raise ValueError(f"unknown time zone {name!r}") from exc


@lru_cache(maxsize=1)
def _names() -> frozenset[str]:
    return frozenset(available_timezones())


def validate_zone_name(name: str, field: str = "timezone_name") -> str:
    try:
        zone(name)
    except ValueError:
        raise ValidationFailed.field(field, f"unknown time zone {name!r}") from None
    return name


def in_range(day: date, field: str = "date") -> date:
    """``day`` if it lies in the accepted calendar, else a field error."""
    if not DATE_MIN <= day <= DATE_MAX:
        raise ValidationFailed.field(
            field, f"{day.isoformat()} is outside {DATE_MIN.year}-{DATE_MAX.year}"
        )
    return day


def _range_check(day: date) -> date:
    if not DATE_MIN <= day <= DATE_MAX:
        raise ValueError(f"the date must lie between {DATE_MIN} and {DATE_MAX}")
    return day


# A date field of a request schema: parsed by pydantic, limited to the accepted calendar.
BoundedDate = Annotated[date, AfterValidator(_range_check)]


def is_in_gap(wall: datetime, tz: ZoneInfo) -> bool:
    """Whether the naive wall-clock ``wall`` does not exist in ``tz`` (skipped when clocks
    spring forward): it does not survive a round trip through UTC."""
    local = wall.replace(tzinfo=tz)
    return local.astimezone(UTC).astimezone(tz).replace(tzinfo=None) != wall


def localize(value: datetime, tz: ZoneInfo, field: str = "datetime") -> datetime:
    """A datetime without an offset is wall-clock time in ``tz``; one with an offset is kept.

    A wall-clock time that ``tz`` skips (02:30 on the morning New York springs forward) is
    refused rather than moved an hour; one that occurs twice (the hour repeated in autumn)
    means its first occurrence (``fold=0``). So is a time written with the zone's own offset
    from either side of a jump into the gap (``02:30-05:00`` on that New York morning).
    """
    wall = value.replace(tzinfo=None)
    if value.tzinfo is None:
        if is_in_gap(wall, tz):
            raise _gap_error(wall, tz, field)
        return wall.replace(tzinfo=tz, fold=0)
    offset = value.utcoffset()
    if is_in_gap(wall, tz):
        around = {
            (wall - timedelta(hours=3)).replace(tzinfo=tz).utcoffset(),
            (wall + timedelta(hours=3)).replace(tzinfo=tz).utcoffset(),
        }
        if offset in around:
            raise _gap_error(wall, tz, field)
    return value


def _gap_error(wall: datetime, tz: ZoneInfo, field: str) -> ValidationFailed:
    return ValidationFailed.field(
        field,
        f"{wall.isoformat(sep=' ', timespec='minutes')} does not exist in {tz.key}: the clocks "
        "skip that hour (daylight saving time); choose a time after the change",
    )


def to_utc(value: datetime, tz: ZoneInfo, field: str = "datetime") -> datetime:
    return localize(value, tz, field).astimezone(UTC)


def iso(value: datetime | None, tz: ZoneInfo) -> str | None:
    """ISO 8601 with the location's offset, seconds precision: 2026-03-23T10:10:00-05:00."""
    if value is None:
        return None
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value.astimezone(tz).isoformat(timespec="seconds")


def iso_compact(value: datetime | None, tz: ZoneInfo) -> str | None:
    """Upstream's create_date style: 2026-01-17T19:41:44-0500 (no colon in the offset)."""
    if value is None:
        return None
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value.astimezone(tz).strftime("%Y-%m-%dT%H:%M:%S%z")


def local_date(value: datetime, tz: ZoneInfo) -> date:
    return value.astimezone(tz).date()


def local_day_bounds(day: date, tz: ZoneInfo) -> tuple[datetime, datetime]:
    """The UTC instants of the local midnight starting ``day`` and of the next one (a DST day
    is 23 or 25 hours long)."""
    start = datetime.combine(day, time(0), tzinfo=tz).astimezone(UTC)
    end = datetime.combine(day + timedelta(days=1), time(0), tzinfo=tz).astimezone(UTC)
    return start, end


def parse_date(value: str, field: str = "date") -> date:
    try:
        day = date.fromisoformat(value)
    except ValueError:
        raise ValidationFailed.field(field, f"expected a date YYYY-MM-DD, got {value!r}") from None
    return in_range(day, field)


def parse_datetime(value: str, tz: ZoneInfo, field: str = "datetime") -> datetime:
    """Parse ISO 8601 (offset optional, read in ``tz`` when missing); returns aware UTC."""
    text = value.strip().replace(" ", "T", 1) if "T" not in value else value.strip()
    try:
        parsed = datetime.fromisoformat(text)
    except ValueError:
        raise ValidationFailed.field(
            field, f"expected an ISO 8601 datetime, got {value!r}"
        ) from None
    in_range(parsed.date(), field)
    return to_utc(parsed, tz, field)
