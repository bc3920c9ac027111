"""Time helpers. Store UTC; speak the location's zone at the edge."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from parlour.errors import ValidationFailed


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


def localize(value: datetime, tz: ZoneInfo) -> datetime:
    """A datetime without an offset is wall-clock time in ``tz``; one with an offset is kept."""
    if value.tzinfo is None:
        return value.replace(tzinfo=tz)
    return value


def to_utc(value: datetime, tz: ZoneInfo) -> datetime:
    return localize(value, tz).astimezone(UTC)


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
        return date.fromisoformat(value)
    except ValueError:
        raise ValidationFailed.field(field, f"expected a date YYYY-MM-DD, got {value!r}") from None


def parse_datetime(value: str, tz: ZoneInfo, field: str = "datetime") -> datetime:
    """Parse ISO 8601 (offset optional, read in ``tz`` when missing); returns aware UTC."""
    text = value.strip().replace(" ", "T", 1) if "T" not in value else value.strip()
    try:
        parsed = datetime.fromisoformat(text)
    except ValueError:
        raise ValidationFailed.field(
            field, f"expected an ISO 8601 datetime, got {value!r}"
        ) from None
    return to_utc(parsed, tz)
