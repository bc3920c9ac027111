"""Availability search over the database: the glue between stored schedules/records and the
pure engine in ``availability.py``.

Everything here reads in batches: one query for the schedule days of a date range (all members
at once), one for the busy records of that range, one for the resource occupancy. The engine then
works on in-memory lists, so a month of "any team member" costs a handful of queries, never one
per day or per member.
"""

from __future__ import annotations

import calendar
from bisect import bisect_left, bisect_right
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from functools import lru_cache
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import bindparam, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from parlour.booking.availability import (
    Interval,
    WorkingSlot,
    day_grid,
    first_free_slot,
    free_slots,
)
from parlour.cache import store as cache
from parlour.kit.timeutil import local_day_bounds, utcnow, zone
from parlour.models import (
    BookingSettings,
    Location,
    Record,
    Resource,
    ResourceInstance,
    ResourceOccupancy,
    ScheduleDay,
    Service,
    ServiceTeamMember,
    TeamMember,
)

# The length offered when no service is chosen (upstream's samples show 3600 s sessions).
DEFAULT_SEANCE_LENGTH = 3600
# Records are bucketed by start; anything starting more than this before a day cannot reach
# into it (a record is at most a day long in practice; longer ones are still caught by the
# engine's own overlap test on the next day thanks to this margin).
_LOOKBEHIND = timedelta(days=1)
# book_dates and book_staff never scan more than this many days in one request.
MAX_RANGE_DAYS = 366
# book_dates asks members in batches, this many first (see ``dates``).
_DATES_FIRST_BATCH = 2


@dataclass(frozen=True, slots=True)
class Rules:
    """The booking settings the engine honours."""

    step: int = 900
    delay: int = 0  # seconds of minimum notice
    horizon_days: int = 365
    any_master: bool = True

    def bounds(self, now: datetime) -> tuple[datetime, datetime]:
        return now + timedelta(seconds=self.delay), now + timedelta(days=self.horizon_days)


# The statements on the availability path are built once, with bound parameters: building a
# statement costs more Python time than running these indexed reads.
_SETTINGS = select(BookingSettings).where(BookingSettings.location_id == bindparam("loc"))
_SETTINGS_MEMO = "parlour.booking_settings"


async def settings_of(session: AsyncSession, location_id: int) -> BookingSettings:
    """The location's settings row, created with defaults on first need (by writers only:
    readers get an unsaved default row). Read once per transaction (a booking asks twice)."""
    transaction = session.sync_session.get_transaction()
    memo = session.info.get(_SETTINGS_MEMO)
    if memo is not None and memo[0] is transaction and memo[1].location_id == location_id:
        found: BookingSettings = memo[1]
        return found
    row = (await session.execute(_SETTINGS, {"loc": location_id})).scalar_one_or_none()
    if row is not None:
        session.info[_SETTINGS_MEMO] = (transaction, row)
    if row is None:
        row = BookingSettings(
            location_id=location_id,
            confirm_number=False,
            any_master=True,
            seance_delay_step=0,
            activity_online_record_clients_count_max=1,
            timeslot_step=900,
            booking_horizon_days=365,
            allow_delete_record=True,
            allow_delete_record_delay_step=0,
            allow_change_record=True,
            allow_change_record_delay_step=0,
            privacy_policy="",
            record_type=0,
            activity_record_clients_count_max=1,
        )
    return row


async def rules_of(session: AsyncSession, location_id: int) -> Rules:
    entry = cache.entry_of(session, location_id)
    if entry is not None and "rules" in entry.memo:
        rules: Rules = entry.memo["rules"]
        return rules
    row = await settings_of(session, location_id)
    rules = Rules(
        step=row.timeslot_step,
        delay=row.seance_delay_step * 60,
        horizon_days=row.booking_horizon_days,
        any_master=row.any_master,
    )
    if entry is not None:
        entry.remember("rules", rules)
    return rules


# --------------------------------------------------------------------------------------------
# Schedules
# --------------------------------------------------------------------------------------------


async def _columns(session: AsyncSession, stmt: Any, params: dict[str, Any]) -> Any:
    """Rows of a statement of plain columns. A read request runs it on the connection, without
    the ORM's per-statement setup; a write goes through the session so its pending changes
    are flushed first (autoflush)."""
    if cache.view_of(session) is None:
        return await session.execute(stmt, params)
    return await (await session.connection()).execute(stmt, params)


@lru_cache(maxsize=4096)
def minute_of(text: str) -> int:
    """ "HH:MM" (or "HH:MM:SS") -> minutes since midnight; "24:00" -> 1440. ValueError if bad."""
    parts = text.split(":")
    if len(parts) not in (2, 3) or not all(p.isdigit() and len(p) == 2 for p in parts):
        raise ValueError(text)
    hours, minutes = int(parts[0]), int(parts[1])
    seconds = int(parts[2]) if len(parts) == 3 else 0
    if minutes > 59 or seconds > 59 or hours > 24 or (hours == 24 and (minutes or seconds)):
        raise ValueError(text)
    return hours * 60 + minutes


def working_slots(raw: Iterable[Any]) -> list[WorkingSlot]:
    """Stored slots as engine slots: the one reader of stored schedules. Slots are validated
    when written; one that is malformed anyway (edited by hand) gives no working time rather
    than an error."""
    out = []
    for slot in raw:
        try:
            start, end = minute_of(str(slot["from"])), minute_of(str(slot["to"]))
        except (KeyError, TypeError, ValueError):
            continue
        if start < end:
            out.append(WorkingSlot(start, end))
    return out


_DAYS_ALL = select(ScheduleDay.team_member_id, ScheduleDay.day_date, ScheduleDay.slots).where(
    ScheduleDay.location_id == bindparam("loc"),
    ScheduleDay.day_date >= bindparam("first"),
    ScheduleDay.day_date <= bindparam("last"),
)
_DAYS_ONE = _DAYS_ALL.where(ScheduleDay.team_member_id == bindparam("member"))
_DAYS_MANY = _DAYS_ALL.where(ScheduleDay.team_member_id.in_(bindparam("members", expanding=True)))


async def schedule_days(
    session: AsyncSession,
    location_id: int,
    member_ids: Sequence[int] | None,
    first: date,
    last: date,
) -> dict[int, dict[date, list[WorkingSlot]]]:
    """Working days of the members (all of the location's when ``None``) in ``[first, last]``.
    On a read, a range of up to two months comes from the process cache, which keeps the
    location's schedule by calendar month (all members; schedules bump the counter), so
    requests over any dates and any members share the same few loads."""
    entry = cache.entry_of(session, location_id)
    if entry is None or (last - first).days > _MEMO_DAYS:
        return await _schedule_days(session, location_id, member_ids, first, last)
    months = [await _month(session, entry, location_id, y, m) for y, m in _months(first, last)]
    wanted = member_ids if member_ids is not None else sorted({m for x in months for m in x})
    out: dict[int, dict[date, list[WorkingSlot]]] = {}
    for member_id in wanted:
        for month in months:
            found = month.get(member_id)
            if found is None:
                continue
            # A slice of the month's sorted days (shared by the requests of this process: the
            # slot lists are never changed).
            day_list, items = found
            picked = items[bisect_left(day_list, first) : bisect_right(day_list, last)]
            if picked:
                if member_id in out:
                    out[member_id].update(picked)
                else:
                    out[member_id] = dict(picked)
    return out


# The longest range of schedule days a read takes from the process cache (a month's calendar
# from any day).
_MEMO_DAYS = 62


def _months(first: date, last: date) -> list[tuple[int, int]]:
    out = []
    y, m = first.year, first.month
    while (y, m) <= (last.year, last.month):
        out.append((y, m))
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return out


# One member's working days of a month: the sorted dates, and (date, slots) in that order.
_MonthDays = tuple[list[date], list[tuple[date, list[WorkingSlot]]]]


async def _month(
    session: AsyncSession, entry: cache.LocationEntry, location_id: int, year: int, month: int
) -> dict[int, _MonthDays]:
    """All members' working days of one calendar month, from the location's cache entry."""
    key = ("days-month", year, month)
    found: dict[int, _MonthDays] | None = entry.memo.get(key)
    if found is None:
        first = date(year, month, 1)
        last = date(year, month, calendar.monthrange(year, month)[1])
        loaded = await _schedule_days(session, location_id, None, first, last)
        found = {}
        for member_id, member_days in loaded.items():
            items = sorted(member_days.items())
            found[member_id] = ([d for d, _ in items], items)
        entry.remember(key, found)
    return found


async def _schedule_days(
    session: AsyncSession,
    location_id: int,
    member_ids: Sequence[int] | None,
    first: date,
    last: date,
) -> dict[int, dict[date, list[WorkingSlot]]]:
    params: dict[str, Any] = {"loc": location_id, "first": first, "last": last}
    if member_ids is None:
        stmt = _DAYS_ALL
    elif len(member_ids) == 1:
        stmt, params["member"] = _DAYS_ONE, member_ids[0]
    else:
        stmt, params["members"] = _DAYS_MANY, list(member_ids)
    days: dict[int, dict[date, list[WorkingSlot]]] = defaultdict(dict)
    for member_id, day, slots in await _columns(session, stmt, params):
        parsed = working_slots(slots or [])
        if parsed:
            days[member_id][day] = parsed
    return days


# --------------------------------------------------------------------------------------------
# Busy time
# --------------------------------------------------------------------------------------------


@dataclass(slots=True)
class BusyIndex:
    """Busy spans of one owner (a member or a resource instance), sorted by start."""

    starts: list[datetime] = field(default_factory=list)
    spans: list[Interval] = field(default_factory=list)

    def add(self, start: datetime, end: datetime) -> None:
        self.starts.append(start)
        self.spans.append(Interval(start, end))

    def sort(self) -> None:
        order = sorted(range(len(self.starts)), key=self.starts.__getitem__)
        self.starts = [self.starts[i] for i in order]
        self.spans = [self.spans[i] for i in order]

    def around(self, start: datetime, end: datetime) -> list[Interval]:
        """Spans that may intersect ``[start, end)`` (the engine does the exact test)."""
        lo = bisect_left(self.starts, start - _LOOKBEHIND)
        hi = bisect_left(self.starts, end)
        return self.spans[lo:hi]


_BUSY = select(Record.staff_id, Record.start_at, Record.end_at).where(
    Record.deleted.is_(False),
    Record.exclusive.is_(True),
    Record.start_at >= bindparam("lo"),
    Record.start_at < bindparam("end"),
    Record.end_at > bindparam("start"),
)
_BUSY_ONE = _BUSY.where(Record.staff_id == bindparam("member"))
_BUSY_MANY = _BUSY.where(
    Record.location_id == bindparam("loc"),
    Record.staff_id.in_(bindparam("members", expanding=True)),
)


async def busy_records(
    session: AsyncSession,
    location_id: int,
    member_ids: Sequence[int],
    start: datetime,
    end: datetime,
) -> dict[int, BusyIndex]:
    """Live, exclusive records of the members intersecting ``[start, end)``, per member."""
    params: dict[str, Any] = {"lo": start - _LOOKBEHIND, "start": start, "end": end}
    if len(member_ids) == 1:
        # ix_record_staff_start: one index range scan for one member.
        stmt, params["member"] = _BUSY_ONE, member_ids[0]
    else:
        stmt = _BUSY_MANY
        params.update(loc=location_id, members=list(member_ids))
    out: dict[int, BusyIndex] = defaultdict(BusyIndex)
    for staff_id, s, e in await _columns(session, stmt, params):
        out[staff_id].add(s, e)
    for index in out.values():
        index.sort()
    return out


@dataclass(slots=True)
class ResourceNeed:
    """Instances of one resource and their busy time."""

    resource_id: int
    instances: dict[int, BusyIndex]


def needed_resources(services: Iterable[Service]) -> list[int]:
    """The resources a set of services needs (each service stores its own list)."""
    return sorted({int(r) for s in services for r in (s.resource_ids or [])})


async def resource_needs(
    session: AsyncSession,
    location_id: int,
    services: Sequence[Service],
    start: datetime,
    end: datetime,
) -> list[ResourceNeed]:
    """The location's resources the services require, each with its instances' occupancy in
    the range. An id that names no resource of the location is no need (upstream lets any id
    be stored); a resource without instances is a need nobody can meet."""
    wanted = needed_resources(services)
    if not wanted:
        return []
    resource_ids = sorted(
        set(
            (
                await session.execute(
                    select(Resource.id).where(
                        Resource.location_id == location_id, Resource.id.in_(wanted)
                    )
                )
            ).scalars()
        )
    )
    if not resource_ids:
        return []
    instances = await session.execute(
        select(ResourceInstance.id, ResourceInstance.resource_id)
        .where(
            ResourceInstance.location_id == location_id,
            ResourceInstance.resource_id.in_(resource_ids),
        )
        .order_by(ResourceInstance.id)
    )
    needs = {rid: ResourceNeed(rid, {}) for rid in resource_ids}
    instance_ids: list[int] = []
    for instance_id, resource_id in instances:
        needs[resource_id].instances[instance_id] = BusyIndex()
        instance_ids.append(instance_id)
    if instance_ids:
        rows = await session.execute(
            select(
                ResourceOccupancy.instance_id, ResourceOccupancy.start_at, ResourceOccupancy.end_at
            ).where(
                ResourceOccupancy.location_id == location_id,
                ResourceOccupancy.instance_id.in_(instance_ids),
                ResourceOccupancy.deleted.is_(False),
                ResourceOccupancy.start_at >= start - _LOOKBEHIND,
                ResourceOccupancy.start_at < end,
                ResourceOccupancy.end_at > start,
            )
        )
        by_instance = {i: n.instances[i] for n in needs.values() for i in n.instances}
        for instance_id, s, e in rows:
            by_instance[instance_id].add(s, e)
        for index in by_instance.values():
            index.sort()
    return list(needs.values())


# --------------------------------------------------------------------------------------------
# Who can do what, for how long
# --------------------------------------------------------------------------------------------


@dataclass(slots=True)
class Offer:
    """The chosen services and, per bookable member who provides all of them, the length."""

    services: list[Service]
    lengths: dict[int, int]  # member id -> seance length (seconds, technical break included)
    members: list[TeamMember]
    uses_resources: bool = False


_MEMBERS = (
    select(TeamMember)
    .where(
        TeamMember.location_id == bindparam("loc"),
        TeamMember.bookable.is_(True),
        TeamMember.fired.is_(False),
        TeamMember.deleted.is_(False),
        TeamMember.hidden.is_(False),
    )
    .order_by(TeamMember.weight.desc(), TeamMember.id)
)
_MEMBER = _MEMBERS.where(TeamMember.id == bindparam("member"))
_SERVICES = select(Service).where(
    Service.location_id == bindparam("loc"),
    Service.id.in_(bindparam("services", expanding=True)),
    Service.deleted.is_(False),
    Service.active.is_(True),
    Service.is_online.is_(True),
)


def _linked(members: Any) -> Any:
    """Members of ``members`` with how many of the chosen services they provide online and
    the sum of their lengths for them."""
    return (
        members.add_columns(func.count(ServiceTeamMember.id), func.sum(ServiceTeamMember.length))
        .join(ServiceTeamMember, ServiceTeamMember.team_member_id == TeamMember.id)
        .where(
            ServiceTeamMember.service_id.in_(bindparam("services", expanding=True)),
            ServiceTeamMember.is_online.is_(True),
        )
        .group_by(TeamMember.id)
    )


_LINKED = _linked(_MEMBERS)
_LINKED_ONE = _linked(_MEMBER)


async def bookable_members(session: AsyncSession, location_id: int) -> list[TeamMember]:
    """Bookable members of the location, best first."""
    return list((await session.execute(_MEMBERS, {"loc": location_id})).scalars())


async def offer(
    session: AsyncSession,
    location_id: int,
    service_ids: Sequence[int],
    member_id: int | None = None,
) -> Offer:
    """Members (one, or all when ``member_id`` is None) able to provide every chosen service
    online, with their length for the whole set. Unknown or offline services leave the set
    unbookable (no members). On a read the answer comes from the process cache (services,
    members and their links bump the location's counter); the caller gets its own copy."""
    entry = cache.entry_of(session, location_id)
    if entry is None:
        return await _offer(session, location_id, service_ids, member_id)
    key = ("offer", tuple(sorted(set(service_ids))), member_id)
    found: Offer | None = entry.memo.get(key)
    if found is None:
        found = await _offer(session, location_id, service_ids, member_id)
        for row in (*found.services, *found.members):
            cache.keep(session, row)
        # One copy of each member per entry, however many offers name them.
        found.members = [entry.memo.setdefault(("member", m.id), m) for m in found.members]
        entry.remember(key, found)
    return Offer(
        list(found.services), dict(found.lengths), list(found.members), found.uses_resources
    )


async def _offer(
    session: AsyncSession,
    location_id: int,
    service_ids: Sequence[int],
    member_id: int | None = None,
) -> Offer:
    wanted = sorted(set(service_ids))
    params: dict[str, Any] = {"loc": location_id}
    if member_id is not None:
        params["member"] = member_id
    if not wanted:
        stmt = _MEMBERS if member_id is None else _MEMBER
        members = list((await session.execute(stmt, params)).scalars())
        return Offer([], {m.id: DEFAULT_SEANCE_LENGTH for m in members}, members)
    params["services"] = wanted
    # One query for the services (each lists the resources it needs)...
    services = list((await session.execute(_SERVICES, params)).scalars())
    uses_resources = bool(needed_resources(services))
    if len(services) != len(wanted):
        return Offer(services, {}, [], uses_resources)
    # ...and one for the members who provide all of them, with their total length.
    linked = _LINKED if member_id is None else _LINKED_ONE
    # The technical break comes once, after the whole appointment: the longest one applies.
    pause = max((s.technical_break_duration for s in services), default=0)
    eligible: list[TeamMember] = []
    lengths: dict[int, int] = {}
    for member, count, total in await session.execute(linked, params):
        length = int(total or 0) + pause
        if count == len(wanted) and length > 0:
            eligible.append(member)
            lengths[member.id] = length
    return Offer(services, lengths, eligible, uses_resources)


# --------------------------------------------------------------------------------------------
# The searches
# --------------------------------------------------------------------------------------------


def day_span(first: date, last: date, tz: ZoneInfo) -> tuple[datetime, datetime]:
    """UTC bounds covering the local days ``first..last``, generous at both ends (a day
    more and three hours each side) so no DST shift or long record falls outside."""
    margin = timedelta(hours=3)
    start = local_day_bounds(first, tz)[0]
    end = local_day_bounds(last + timedelta(days=1), tz)[1]
    return start - margin, end + margin


@dataclass(slots=True)
class Availability:
    """Everything needed to ask the engine about a set of members over a date range."""

    tz: ZoneInfo
    rules: Rules
    lengths: dict[int, int]
    days: dict[int, dict[date, list[WorkingSlot]]]
    busy: dict[int, BusyIndex]
    needs: list[ResourceNeed]
    now: datetime

    def member_free(self, member_id: int, day: date, *, first_only: bool) -> list[datetime]:
        working = self.days.get(member_id, {}).get(day)
        length = self.lengths.get(member_id)
        if not working or not length:
            return []
        lo, hi = day_span(day, day, self.tz)
        busy = self.busy[member_id].around(lo, hi) if member_id in self.busy else []
        not_before, not_after = self.rules.bounds(self.now)
        kwargs: dict[str, Any] = {
            "day": day,
            "tz": self.tz,
            "working": working,
            "duration_seconds": length,
            "step_seconds": self.rules.step,
            "not_before": not_before,
            "not_after": not_after,
        }
        if not self.needs:
            if first_only:
                found = first_free_slot(busy=busy, **kwargs)
                return [found] if found is not None else []
            return free_slots(busy=busy, **kwargs)
        points = free_slots(busy=busy, **kwargs)
        for need in self.needs:
            usable: set[float] = set()
            for index in need.instances.values():
                taken = index.around(lo, hi)
                usable.update(p.timestamp() for p in free_slots(busy=taken, **kwargs))
            # Compare by instant: same-zone datetimes compare by wall clock (see the engine).
            points = [p for p in points if p.timestamp() in usable]
        return points[:1] if first_only else points


async def load(
    session: AsyncSession,
    location: Location,
    found: Offer,
    first: date,
    last: date,
    *,
    rules: Rules | None = None,
) -> Availability:
    tz = zone(location.timezone_name)
    rules = rules or await rules_of(session, location.id)
    member_ids = [m.id for m in found.members]
    start, end = day_span(first, last, tz)
    days = await schedule_days(session, location.id, member_ids, first, last) if member_ids else {}
    working_ids = [m for m in member_ids if m in days]
    busy = await busy_records(session, location.id, working_ids, start, end) if working_ids else {}
    needs = (
        await resource_needs(session, location.id, found.services, start, end)
        if found.uses_resources
        else []
    )
    return Availability(tz, rules, found.lengths, days, busy, needs, utcnow())


@dataclass(frozen=True, slots=True)
class Seance:
    at: datetime  # in the location's zone
    length: int
    member_id: int


async def times(
    session: AsyncSession,
    location: Location,
    member_id: int,
    day: date,
    service_ids: Sequence[int],
) -> list[Seance]:
    """Bookable start times of one member (or any member when ``member_id`` is 0) on ``day``."""
    rules = await rules_of(session, location.id)
    if member_id == 0 and not rules.any_master:
        return []
    found = await offer(session, location.id, service_ids, member_id or None)
    avail = await load(session, location, found, day, day, rules=rules)
    seen: dict[float, Seance] = {}
    for member in found.members:
        for point in avail.member_free(member.id, day, first_only=False):
            seen.setdefault(point.timestamp(), Seance(point, found.lengths[member.id], member.id))
    return [seen[k] for k in sorted(seen)]


@dataclass(slots=True)
class DateReport:
    working: list[date]
    bookable: list[date]


async def dates(
    session: AsyncSession,
    location: Location,
    member_id: int,
    service_ids: Sequence[int],
    first: date,
    last: date,
) -> DateReport:
    """Working dates and dates with at least one bookable time in ``[first, last]``."""
    rules = await rules_of(session, location.id)
    if member_id == 0 and not rules.any_master:
        return DateReport([], [])
    found = await offer(session, location.id, service_ids, member_id or None)
    tz = zone(location.timezone_name)
    member_ids = [m.id for m in found.members]
    days = await schedule_days(session, location.id, member_ids, first, last) if member_ids else {}
    working: set[date] = set()
    for member_days in days.values():
        working.update(member_days)  # the days of [first, last] only
    start, end = day_span(first, last, tz)
    needs = (
        await resource_needs(session, location.id, found.services, start, end)
        if found.uses_resources
        else []
    )
    # Members are asked in batches, best first: a day is decided by the first member with a
    # free time, so most months need the records of a member or two, not of every member. The
    # batches grow (2, 4, 8, ...) so a fully booked location still costs a few queries, and
    # each reads only the span of the days still undecided.
    undecided = sorted(working)
    bookable: list[date] = []
    candidates = [m.id for m in found.members if m.id in days]
    now = utcnow()
    i, size = 0, _DATES_FIRST_BATCH
    while undecided and i < len(candidates):
        batch = candidates[i : i + size]
        i, size = i + size, size * 2
        lo, hi = day_span(undecided[0], undecided[-1], tz)
        busy = await busy_records(session, location.id, batch, lo, hi)
        avail = Availability(tz, rules, found.lengths, days, busy, needs, now)
        still: list[date] = []
        for day in undecided:
            if any(avail.member_free(m, day, first_only=True) for m in batch):
                bookable.append(day)
            else:
                still.append(day)
        undecided = still
    return DateReport(sorted(working), sorted(bookable))


async def nearest(
    session: AsyncSession,
    location: Location,
    member_ids: Sequence[int] | None,
    service_ids: Sequence[int],
    days_ahead: int = 31,
) -> dict[int, list[Seance]]:
    """Per member: the seances of their nearest day with a bookable time (within
    ``days_ahead``). One batch of queries for all members."""
    rules = await rules_of(session, location.id)
    tz = zone(location.timezone_name)
    found = await offer(session, location.id, service_ids)
    if member_ids is not None:
        keep = set(member_ids)
        found.members = [m for m in found.members if m.id in keep]
    first = max(
        utcnow().astimezone(tz).date(),
        (utcnow() + timedelta(seconds=rules.delay)).astimezone(tz).date(),
    )
    last = first + timedelta(days=max(0, min(days_ahead, rules.horizon_days)))
    avail = await load(session, location, found, first, last, rules=rules)
    out: dict[int, list[Seance]] = {}
    for member in found.members:
        for day in sorted(avail.days.get(member.id, {})):
            points = avail.member_free(member.id, day, first_only=False)
            if points:
                length = found.lengths[member.id]
                out[member.id] = [Seance(p, length, member.id) for p in points]
                break
    return out


async def is_free(
    session: AsyncSession,
    location: Location,
    found: Offer,
    member_id: int,
    at: datetime,
) -> bool:
    """Whether ``member_id`` can take the offer at the instant ``at`` (grid, notice, horizon,
    schedule, records and resources all honoured)."""
    tz = zone(location.timezone_name)
    day = at.astimezone(tz).date()
    avail = await load(session, location, found, day, day)
    return any(
        p.timestamp() == at.timestamp() for p in avail.member_free(member_id, day, first_only=False)
    )


async def calendar_grid(
    session: AsyncSession, location: Location, member_id: int, day: date
) -> list[tuple[datetime, bool]]:
    """The appointment calendar's sessions for a member's day: every step of their working
    time, free when a step-long appointment would fit (no notice or horizon: staff view)."""
    tz = zone(location.timezone_name)
    rules = await rules_of(session, location.id)
    days = await schedule_days(session, location.id, [member_id], day, day)
    working = days.get(member_id, {}).get(day)
    if not working:
        return []
    lo, hi = day_span(day, day, tz)
    busy = await busy_records(session, location.id, [member_id], lo, hi)
    spans = busy[member_id].around(lo, hi) if member_id in busy else []
    return day_grid(
        day=day,
        tz=tz,
        working=working,
        busy=spans,
        duration_seconds=rules.step,
        step_seconds=rules.step,
    )


async def next_slot(session: AsyncSession, location: Location) -> datetime | None:
    """The first bookable moment at the location (any team member, any service), within the
    next 31 days; ``None`` when there is none."""
    found = await nearest(session, location, None, [])
    firsts = [seances[0].at for seances in found.values() if seances]
    return min(firsts, key=lambda d: d.timestamp()) if firsts else None
