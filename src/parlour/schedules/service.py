"""Working schedules, the appointment calendar and resources (rules; never commits)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from collections.abc import Set as AbstractSet
from datetime import date, datetime, time, timedelta
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from parlour.booking import search
from parlour.booking.availability import MINUTES_PER_DAY
from parlour.errors import TeamMemberNotFound, ValidationFailed
from parlour.kit.timeutil import iso, parse_date, zone
from parlour.models import (
    Location,
    ScheduleDay,
    TeamMember,
)
from parlour.schedules import repository as repo
from parlour.schedules.schemas import DayIn, SlotIn, StaffScheduleSet, slots_out

MAX_DAYS = 366


def compact_date(value: str, field: str) -> date:
    """``YYYY-MM-DD`` or upstream's compact ``YYYYMMDD`` (seen in the path samples)."""
    text = value.strip()
    if len(text) == 8 and text.isdigit():
        text = f"{text[:4]}-{text[4:6]}-{text[6:]}"
    return parse_date(text, field)


def date_range(start: str, end: str) -> tuple[date, date]:
    first, last = compact_date(start, "start_date"), compact_date(end, "end_date")
    if last < first:
        raise ValidationFailed.field("end_date", "must not be before start_date")
    if (last - first).days >= MAX_DAYS:
        raise ValidationFailed.field("end_date", f"at most {MAX_DAYS} days at once")
    return first, last


def checked_slots(slots: Sequence[SlotIn], field: str) -> list[dict[str, str]]:
    """Slots as stored, or a field error: HH:MM within 00:00-24:00, end after start, and no
    two slots overlapping (touching is fine: 10:00-14:00 and 14:00-18:00)."""
    spans: list[tuple[int, int, int]] = []
    for n, slot in enumerate(slots):
        name = f"{field}[{n}]"
        try:
            start = search.minute_of(slot.start)
        except ValueError:
            raise ValidationFailed.field(
                f"{name}.from", "expected a time HH:MM between 00:00 and 24:00"
            ) from None
        try:
            end = search.minute_of(slot.end)
        except ValueError:
            raise ValidationFailed.field(
                f"{name}.to", "expected a time HH:MM between 00:00 and 24:00"
            ) from None
        if start >= MINUTES_PER_DAY:
            raise ValidationFailed.field(f"{name}.from", "a slot cannot start at 24:00")
        if end <= start:
            raise ValidationFailed.field(f"{name}.to", "the slot ends before it starts")
        spans.append((start, end, n))
    spans.sort()
    for (_s1, e1, _n1), (s2, _e2, n2) in zip(spans, spans[1:], strict=False):
        if s2 < e1:
            raise ValidationFailed.field(f"{field}[{n2}]", "the slot overlaps another slot")
    return [{"from": _hhmm(s), "to": _hhmm(e)} for s, e, _ in spans]


def _hhmm(minute: int) -> str:
    return f"{minute // 60:02d}:{minute % 60:02d}"


async def member_of(session: AsyncSession, location: Location, member_id: int) -> TeamMember:
    return await repo.MEMBERS.load(session, location.id, member_id)


async def _rows(
    session: AsyncSession,
    location: Location,
    member_ids: Sequence[int] | None,
    first: date,
    last: date,
) -> list[ScheduleDay]:
    return await repo.days(session, location.id, member_ids, first, last)


async def member_schedule(
    session: AsyncSession, location: Location, member_id: int, first: date, last: date
) -> list[dict[str, Any]]:
    """Every date of the range: working with its slots, or a day off."""
    rows = {r.day_date: r for r in await _rows(session, location, [member_id], first, last)}
    out = []
    day = first
    while day <= last:
        row = rows.get(day)
        slots = slots_out(row.slots) if row is not None else []
        out.append({"date": day.isoformat(), "is_working": bool(slots), "slots": slots})
        day += timedelta(days=1)
    return out


async def _set_day(
    session: AsyncSession,
    location: Location,
    member_id: int,
    day: date,
    slots: list[dict[str, str]],
) -> None:
    row = await repo.day(session, location.id, member_id, day)
    if not slots:
        if row is not None:
            await session.delete(row)
        return
    if row is None:
        session.add(
            ScheduleDay(
                location_id=location.id, team_member_id=member_id, day_date=day, slots=slots
            )
        )
    else:
        row.slots = slots


def _checked_days(
    days: Sequence[DayIn], first: date | None = None, last: date | None = None
) -> list[tuple[date, list[dict[str, str]]]]:
    """Validate every day before writing anything (a bad day writes nothing)."""
    out: list[tuple[date, list[dict[str, str]]]] = []
    seen: set[date] = set()
    for n, item in enumerate(days):
        prefix = f"[{n}]." if first is not None else ""
        day = compact_date(item.date, f"{prefix}date")
        if first is not None and last is not None and not first <= day <= last:
            raise ValidationFailed.field(f"{prefix}date", "the date is outside the path's range")
        if day in seen:
            raise ValidationFailed.field(f"{prefix}date", "the date is given twice")
        seen.add(day)
        slots = checked_slots(item.slots, f"{prefix}slots") if item.is_working else []
        if item.is_working and not slots:
            raise ValidationFailed.field(f"{prefix}slots", "a working day needs at least one slot")
        out.append((day, slots))
    return out


async def put_member_schedule(
    session: AsyncSession,
    location: Location,
    member_id: int,
    first: date,
    last: date,
    days: Sequence[DayIn],
) -> list[dict[str, Any]]:
    await member_of(session, location, member_id)
    for day, slots in _checked_days(days, first, last):
        await _set_day(session, location, member_id, day, slots)
    await session.flush()
    return await member_schedule(session, location, member_id, first, last)


async def put_member_day(
    session: AsyncSession, location: Location, member_id: int, item: DayIn
) -> dict[str, Any]:
    await member_of(session, location, member_id)
    ((day, slots),) = _checked_days([item])
    await _set_day(session, location, member_id, day, slots)
    await session.flush()
    return (await member_schedule(session, location, member_id, day, day))[0]


async def staff_schedule(
    session: AsyncSession,
    location: Location,
    first: date,
    last: date,
    member_ids: Sequence[int] | None,
    include: AbstractSet[str],
) -> list[dict[str, Any]]:
    rows = await _rows(session, location, member_ids, first, last)
    busy: dict[tuple[int, date], list[dict[str, Any]]] = defaultdict(list)
    tz = zone(location.timezone_name)
    if "busy_intervals" in include and rows:
        lo, hi = search.day_span(first, last, tz)
        for rid, staff_id, s, e in await repo.record_spans(
            session, location.id, member_ids, lo, hi
        ):
            local_s, local_e = s.astimezone(tz), e.astimezone(tz)
            busy[(staff_id, local_s.date())].append(
                {
                    "entity_type": "record",
                    "entity_id": rid,
                    "from": local_s.strftime("%H:%M:%S"),
                    "to": local_e.strftime("%H:%M:%S")
                    if local_e.date() == local_s.date()
                    else "24:00:00",
                }
            )
    out = []
    for row in rows:
        item: dict[str, Any] = {
            "staff_id": row.team_member_id,
            "date": row.day_date.isoformat(),
            "slots": slots_out(row.slots),
        }
        if "busy_intervals" in include:
            item["busy_intervals"] = busy.get((row.team_member_id, row.day_date), [])
        if "off_day_type" in include:
            item["off_day_type"] = None
        out.append(item)
    return out


async def set_staff_schedule(
    session: AsyncSession, location: Location, body: StaffScheduleSet
) -> list[dict[str, Any]]:
    """Apply every change or none: all inputs are validated before the first write."""
    plan: list[tuple[int, date, list[dict[str, str]]]] = []
    for n, entry in enumerate(body.schedules_to_set):
        slots = checked_slots(entry.slots, f"schedules_to_set[{n}].slots")
        if not slots:
            raise ValidationFailed.field(
                f"schedules_to_set[{n}].slots", "a working day needs at least one slot"
            )
        for k, text in enumerate(entry.dates):
            plan.append(
                (
                    entry.team_member_id,
                    compact_date(text, f"schedules_to_set[{n}].dates[{k}]"),
                    slots,
                )
            )
    for n, gone in enumerate(body.schedules_to_delete):
        for k, text in enumerate(gone.dates):
            plan.append(
                (
                    gone.team_member_id,
                    compact_date(text, f"schedules_to_delete[{n}].dates[{k}]"),
                    [],
                )
            )
    if not plan:
        raise ValidationFailed.field("schedules_to_set", "nothing to set or delete")
    member_ids = sorted({m for m, _, _ in plan})
    found = await repo.existing_member_ids(session, location.id, member_ids)
    missing = [m for m in member_ids if m not in found]
    if missing:
        raise TeamMemberNotFound(f"Team member {missing[0]} not found")
    first = min(d for _, d, _ in plan)
    last = max(d for _, d, _ in plan)
    if (last - first).days >= MAX_DAYS:
        raise ValidationFailed.field("schedules_to_set", f"at most {MAX_DAYS} days at once")
    for member_id, day, slots in plan:
        await _set_day(session, location, member_id, day, slots)
    await session.flush()
    rows = await _rows(session, location, member_ids, first, last)
    return [
        {
            "team_member_id": r.team_member_id,
            "date": r.day_date.isoformat(),
            "slots": slots_out(r.slots),
        }
        for r in rows
    ]


async def calendar_dates(
    session: AsyncSession, location: Location, around: date, member_id: int | None
) -> list[str]:
    """Working dates of the location (or one member) in the month of ``around`` and the next
    two, as upstream's calendar shows a few months from the given date."""
    tz = zone(location.timezone_name)
    if member_id:
        await member_of(session, location, member_id)
    first = around.replace(day=1)
    last = (first + timedelta(days=95)).replace(day=1) - timedelta(days=1)
    days = await repo.working_dates(session, location.id, member_id, first, last)
    return [iso(datetime.combine(d, time(0), tzinfo=tz), tz) or "" for d in days]


async def seances(
    session: AsyncSession, location: Location, member_id: int, day: date
) -> list[dict[str, Any]]:
    await member_of(session, location, member_id)
    grid = await search.calendar_grid(session, location, member_id, day)
    return [
        {"time": at.strftime("%H:%M"), "is_free": free, "datetime": at.isoformat()}
        for at, free in grid
    ]


async def resources(session: AsyncSession, location: Location) -> list[dict[str, Any]]:
    items, instances = await repo.resources(session, location.id)
    by_resource: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for inst in instances:
        by_resource[inst.resource_id].append(
            {"id": inst.id, "title": inst.title, "resource_id": inst.resource_id}
        )
    return [{"id": r.id, "title": r.title, "instances": by_resource.get(r.id, [])} for r in items]
