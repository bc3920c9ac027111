"""Event schedules: series of group events materialised in the location's time zone, and
client series (a client's seat in every future event of chosen series days).

Every date of a series is placed on its own: an event that cannot be placed (busy member or
instance) is recorded as ``failed`` for that date alone; a client seat that cannot be taken
(full event, client busy) is ``failed`` for that date alone. Nothing here answers 500 for a
single bad date, and each date is written in a savepoint, so a failed one leaves nothing half
written.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy.ext.asyncio import AsyncSession

from parlour.appointments import writing
from parlour.auth.access import Access
from parlour.clients import repository as clients_repo
from parlour.errors import EventScheduleNotFound, ParlourError, ValidationFailed
from parlour.event_schedules import repository as repo
from parlour.event_schedules.schemas import (
    ClientScheduleCreate,
    ClientScheduleUpdate,
    DayUpdate,
    DayWrite,
    ScheduleCreate,
    ScheduleUpdate,
)
from parlour.events import repository as events_repo
from parlour.events import service as events_service
from parlour.kit.timeutil import iso, local_date, parse_date, to_utc, utcnow, zone
from parlour.models import (
    ClientSchedule,
    ClientScheduleSeat,
    Event,
    EventSchedule,
    EventScheduleDay,
    Location,
    Record,
    ScheduledEvent,
    Service,
    Tag,
    TeamMember,
)
from parlour.tags import service as tags_service

RIGHT = "timetable_access"
WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")  # Python's weekday() order
MAX_DAYS = 366

CREATED, STABLE, CHANGED, FORCED, DELETED, FAILED = (
    "created",
    "stable",
    "changed",
    "changed_by_force",
    "deleted",
    "failed",
)


def _tz(location: Location) -> ZoneInfo:
    return zone(location.timezone_name)


def _clock(text: str) -> time:
    parts = [int(p) for p in text.split(":")]
    return time(parts[0], parts[1], parts[2] if len(parts) > 2 else 0)


def _clock_text(text: str) -> str:
    return _clock(text).strftime("%H:%M:%S")


def _today(location: Location) -> date:
    return local_date(utcnow(), _tz(location))


# --------------------------------------------------------------------------------------------
# Series settings
# --------------------------------------------------------------------------------------------


@dataclass(slots=True)
class Settings:
    """What a series day puts on each of its events."""

    master_id: int
    clock: str
    duration: int
    capacity: int
    labels: list[int]
    instances: list[int]

    @classmethod
    def of(cls, day: EventScheduleDay) -> Settings:
        return cls(
            day.events_master_id,
            day.events_time,
            day.events_duration,
            day.events_capacity,
            [int(x) for x in day.label_ids or []],
            [int(x) for x in day.resource_instance_ids or []],
        )

    def start(self, location: Location, on: date) -> datetime:
        """The UTC instant of the series' local wall time on ``on`` (DST-correct)."""
        wall = datetime.combine(on, _clock(self.clock))
        return to_utc(wall, _tz(location), "events_time")


async def _check_settings(
    session: AsyncSession, location: Location, service: Service, s: Settings
) -> TeamMember:
    member = (await events_repo.members(session, location.id, [s.master_id])).get(s.master_id)
    if member is None or member.deleted:
        raise ValidationFailed.field("events_master_id", "team member not found")
    if await events_repo.link(session, location.id, member.id, service.id) is None:
        raise ValidationFailed.field(
            "events_master_id", f"team member {member.id} does not provide service {service.id}"
        )
    s.labels = await tags_service.checked_ids(
        session, location.id, s.labels, tags_service.EVENT, "labels_ids"
    )
    found = await events_repo.instances(session, location.id, s.instances)
    missing = [i for i in s.instances if i not in found]
    if missing:
        raise ValidationFailed.field(
            "resource_instances_ids", f"resource instance {missing[0]} not found"
        )
    return member


def _write_settings(day: EventScheduleDay, s: Settings) -> None:
    day.events_master_id = s.master_id
    day.events_time = _clock_text(s.clock)
    day.events_duration = s.duration
    day.events_capacity = s.capacity
    day.label_ids = list(s.labels)
    day.resource_instance_ids = list(s.instances)


def _hand_changes(event: Event, occ: ScheduledEvent, s: Settings) -> dict[str, bool]:
    """Where the event differs from what its series day gives it."""
    return {
        "is_entity_master_changed": event.staff_id != s.master_id,
        "is_entity_datetime_changed": event.start_at != occ.event_at,
        "is_entity_duration_changed": event.length != s.duration,
        "is_entity_labels_changed": sorted(int(x) for x in event.label_ids or [])
        != sorted(s.labels),
        "is_entity_resource_instances_changed": sorted(
            int(x) for x in event.resource_instance_ids or []
        )
        != sorted(s.instances),
    }


# --------------------------------------------------------------------------------------------
# Placing one date of a series
# --------------------------------------------------------------------------------------------


async def _place_date(
    session: AsyncSession,
    location: Location,
    schedule: EventSchedule,
    s: Settings,
    event: Event,
    at: datetime,
    template: Event | None,
) -> str:
    """Place ``event`` at ``at`` with the series settings, in a savepoint; '' or the reason it
    failed."""
    service = (await events_repo.services(session, location.id, [schedule.service_id]))[
        schedule.service_id
    ]
    member = (await events_repo.members(session, location.id, [s.master_id]))[s.master_id]
    plan = events_service.Planned(member, service, at, s.duration, list(s.instances))
    try:
        async with session.begin_nested():
            if template is not None:
                event.color = template.color
                event.font_color = template.font_color
                event.instructions = template.instructions
                event.stream_link = template.stream_link
                event.comment = template.comment
            event.label_ids = list(s.labels)
            await events_service.place_event(
                session, location, event, plan, capacity=s.capacity, force=False
            )
    except ParlourError as exc:
        return exc.message
    return ""


async def _materialise(
    session: AsyncSession,
    location: Location,
    schedule: EventSchedule,
    day: EventScheduleDay,
    first: date,
    original: Event | None,
) -> None:
    """Scheduled events for every date of ``day``'s weekday in ``[first, date_end]`` that has
    none yet. The original event counts as its own date when the series would put it there;
    dates already past are left out."""
    s = Settings.of(day)
    wanted = WEEKDAYS.index(day.day_of_week)
    now = utcnow()
    on = first
    while on <= schedule.date_end:
        if on.weekday() == wanted:
            at = s.start(location, on)
            own = original is not None and original.start_at == at
            existing = await repo.occurrence_on(session, location.id, day.id, on)
            if existing is None and (own or at > now):
                occ = ScheduledEvent(
                    location_id=location.id,
                    day_id=day.id,
                    event_date=on,
                    event_at=at,
                    deleted=False,
                )
                if own and original is not None:
                    occ.event_id, occ.status = original.id, STABLE
                else:
                    event = Event(notified=False, deleted=False)
                    reason = await _place_date(session, location, schedule, s, event, at, original)
                    if reason:
                        occ.status, occ.reason = FAILED, reason
                    else:
                        occ.event_id, occ.status = event.id, CREATED
                session.add(occ)
                await session.flush()
        on += timedelta(days=1)


async def _drop(
    session: AsyncSession, location: Location, occurrences: Iterable[ScheduledEvent]
) -> None:
    """Remove scheduled events that have not started (their events and seats); past ones stay."""
    now = utcnow()
    for occ in occurrences:
        if occ.deleted or occ.event_at <= now:
            continue
        if occ.event_id is not None:
            event = await events_repo.EVENTS.get(session, location.id, occ.event_id)
            if event is not None and event.start_at > now:
                await events_service.remove(session, event)
        occ.deleted, occ.deleted_at, occ.status = True, utcnow(), DELETED
    await session.flush()


# --------------------------------------------------------------------------------------------
# Schedules
# --------------------------------------------------------------------------------------------


async def _original(session: AsyncSession, location: Location, kind: str, entity_id: int) -> Event:
    if kind == "record":
        raise ValidationFailed.field(
            "original_entity_type", "appointments cannot be scheduled yet; only activity"
        )
    if kind != "activity":
        raise ValidationFailed.field("original_entity_type", "one of record, activity")
    return await events_repo.load_event(session, location.id, entity_id)


def _end(text: str, start: date) -> date:
    end = parse_date(text, "date_end")
    if end < start:
        raise ValidationFailed.field("date_end", "must not be before the schedule's first day")
    if (end - start).days > MAX_DAYS:
        raise ValidationFailed.field("date_end", f"at most {MAX_DAYS} days after its first day")
    return end


def _settings_of(body: DayWrite) -> Settings:
    return Settings(
        body.events_master_id,
        body.events_time,
        body.events_duration,
        body.events_capacity,
        list(dict.fromkeys(body.labels_ids)),
        list(dict.fromkeys(body.resource_instances_ids)),
    )


async def _service(session: AsyncSession, location: Location, schedule: EventSchedule) -> Service:
    return (await events_repo.services(session, location.id, [schedule.service_id]))[
        schedule.service_id
    ]


async def _add_day(
    session: AsyncSession,
    location: Location,
    schedule: EventSchedule,
    body: DayWrite,
    first: date,
    original: Event | None,
) -> EventScheduleDay:
    s = _settings_of(body)
    await _check_settings(session, location, await _service(session, location, schedule), s)
    day = EventScheduleDay(
        location_id=location.id,
        schedule_id=schedule.id,
        day_of_week=body.day_of_week,
        deleted=False,
    )
    _write_settings(day, s)
    session.add(day)
    await session.flush()
    await _materialise(session, location, schedule, day, first, original)
    return day


async def create_schedule(
    session: AsyncSession, location: Location, access: Access, body: ScheduleCreate
) -> EventSchedule:
    access.require(RIGHT)
    event = await _original(session, location, body.original_entity_type, body.original_entity_id)
    if await repo.schedule_of_event(session, location.id, event.id) is not None:
        raise ValidationFailed.field("original_entity_id", "the event already has a schedule")
    weekdays = [d.day_of_week for d in body.days]
    if len(set(weekdays)) != len(weekdays):
        raise ValidationFailed.field("days", "one series per day of the week")
    start = local_date(event.start_at, _tz(location))
    schedule = EventSchedule(
        location_id=location.id,
        original_entity_type="activity",
        original_entity_id=event.id,
        service_id=event.service_id,
        date_start=start,
        date_end=_end(body.date_end, start),
        deleted=False,
    )
    session.add(schedule)
    await session.flush()
    for item in body.days:
        await _add_day(session, location, schedule, item, start, event)
    return schedule


async def update_schedule(
    session: AsyncSession,
    location: Location,
    access: Access,
    schedule: EventSchedule,
    body: ScheduleUpdate,
) -> EventSchedule:
    """A later end adds dates to every series; an earlier one removes the events after it
    that have not started."""
    access.require(RIGHT)
    end = _end(body.date_end, schedule.date_start)
    days = await repo.days_of(session, schedule)
    old, schedule.date_end = schedule.date_end, end
    schedule.updated_at = utcnow()
    if end > old:
        original = await events_repo.EVENTS.get(session, location.id, schedule.original_entity_id)
        for day in days:
            await _materialise(session, location, schedule, day, old + timedelta(days=1), original)
    elif end < old:
        later = [
            o
            for o in await repo.occurrences(session, location.id, [d.id for d in days])
            if o.event_date > end
        ]
        await _drop(session, location, later)
    await session.flush()
    return schedule


async def delete_schedule(
    session: AsyncSession, location: Location, access: Access, schedule: EventSchedule
) -> None:
    """The schedule goes; its future events and their seats with it, past ones stay."""
    access.require(RIGHT)
    days = await repo.days_of(session, schedule)
    await _drop(
        session, location, await repo.occurrences(session, location.id, [d.id for d in days])
    )
    for day in days:
        day.deleted, day.deleted_at = True, utcnow()
    for row in await repo.client_schedules_of(session, schedule):
        row.deleted = True
    schedule.deleted, schedule.deleted_at = True, utcnow()
    await session.flush()


async def find_schedule(
    session: AsyncSession, location: Location, entity_type: str, entity_id: int
) -> EventSchedule:
    """The schedule an event belongs to (as its original or as one of its dates)."""
    if entity_type == "record":
        raise ValidationFailed.field("entity_type", "appointments are not scheduled yet")
    if entity_type != "activity":
        raise ValidationFailed.field("entity_type", "one of record, activity")
    found = await repo.schedule_of_event(session, location.id, entity_id)
    if found is None:
        raise EventScheduleNotFound()
    return found


# --------------------------------------------------------------------------------------------
# Series days
# --------------------------------------------------------------------------------------------


async def add_day(
    session: AsyncSession,
    location: Location,
    access: Access,
    schedule: EventSchedule,
    body: DayWrite,
) -> EventScheduleDay:
    access.require(RIGHT)
    taken = {d.day_of_week for d in await repo.days_of(session, schedule)}
    if body.day_of_week in taken:
        raise ValidationFailed.field("day_of_week", "the schedule already has this day")
    first = max(schedule.date_start, _today(location))
    return await _add_day(session, location, schedule, body, first, None)


async def update_day(
    session: AsyncSession,
    location: Location,
    access: Access,
    schedule: EventSchedule,
    day: EventScheduleDay,
    body: DayUpdate,
) -> EventScheduleDay:
    """New settings for the series' future events. An event changed by hand keeps its change
    (``changed``) unless ``force`` (``changed_by_force``); a date that cannot be placed with
    the new settings is ``failed`` and keeps its event as it was."""
    access.require(RIGHT)
    old = Settings.of(day)
    new = Settings(
        body.events_master_id if body.events_master_id is not None else old.master_id,
        body.events_time if body.events_time is not None else old.clock,
        body.events_duration if body.events_duration is not None else old.duration,
        body.events_capacity if body.events_capacity is not None else old.capacity,
        list(dict.fromkeys(body.labels_ids)) if body.labels_ids is not None else old.labels,
        list(dict.fromkeys(body.resource_instances_ids))
        if body.resource_instances_ids is not None
        else old.instances,
    )
    await _check_settings(session, location, await _service(session, location, schedule), new)
    _write_settings(day, new)
    day.updated_at = utcnow()
    now = utcnow()
    for occ in await repo.occurrences(session, location.id, [day.id], with_deleted=False):
        if occ.event_at <= now:
            continue
        event = (
            await events_repo.EVENTS.get(session, location.id, occ.event_id, with_deleted=True)
            if occ.event_id is not None
            else None
        )
        if event is not None and event.deleted:
            occ.status = DELETED
            continue
        at = new.start(location, occ.event_date)
        if event is None:
            event = Event(notified=False, deleted=False)
            reason = await _place_date(session, location, schedule, new, event, at, None)
            occ.event_at = at
            if reason:
                occ.status, occ.reason = FAILED, reason
            else:
                occ.event_id, occ.status, occ.reason = event.id, CREATED, ""
            continue
        by_hand = any(_hand_changes(event, occ, old).values())
        if by_hand and not body.force:
            occ.status = CHANGED
            continue
        reason = await _place_date(session, location, schedule, new, event, at, None)
        if reason:
            occ.status, occ.reason = FAILED, reason
            continue
        occ.event_at, occ.reason = at, ""
        occ.status = FORCED if by_hand else STABLE
    await session.flush()
    return day


async def delete_day(
    session: AsyncSession,
    location: Location,
    access: Access,
    day: EventScheduleDay,
) -> None:
    access.require(RIGHT)
    await _drop(session, location, await repo.occurrences(session, location.id, [day.id]))
    day.deleted, day.deleted_at = True, utcnow()
    await session.flush()


# --------------------------------------------------------------------------------------------
# Client series
# --------------------------------------------------------------------------------------------


async def _days_by_id(
    session: AsyncSession, schedule: EventSchedule, ids: Sequence[int]
) -> list[EventScheduleDay]:
    days = {d.id: d for d in await repo.days_of(session, schedule)}
    missing = [i for i in ids if i not in days]
    if missing:
        raise ValidationFailed.field("schedule_days_ids", f"series day {missing[0]} not found")
    return [days[i] for i in dict.fromkeys(ids)]


async def _seat(
    session: AsyncSession,
    location: Location,
    cs: ClientSchedule,
    occ: ScheduledEvent,
    event: Event,
) -> ClientScheduleSeat:
    """The client's seat in one scheduled event, checked on its own: capacity, and the client
    not being busy elsewhere at that time."""
    row = ClientScheduleSeat(
        location_id=location.id, client_schedule_id=cs.id, scheduled_event_id=occ.id
    )
    present = await repo.client_in_event(session, location.id, cs.client_id, event.id)
    if present is not None:
        row.record_id, row.status = present.id, CREATED
    elif await repo.client_busy(
        session, location.id, cs.client_id, event.id, event.start_at, event.end_at
    ):
        row.status, row.reason = FAILED, "the client is busy at that time"
    else:
        service = (await events_repo.services(session, location.id, [event.service_id]))[
            event.service_id
        ]
        link = await events_repo.link(session, location.id, event.staff_id, event.service_id)
        record = Record(
            location_id=location.id,
            attendance=0,
            confirmed=True,
            online=False,
            custom_fields={},
            record_labels=[],
            deleted=False,
        )
        try:
            async with session.begin_nested():
                await writing.take_seats(
                    session,
                    location,
                    event,
                    record,
                    client_id=cs.client_id,
                    count=1,
                    services=[writing.price(service, link)],
                )
        except ParlourError as exc:
            row.status, row.reason = FAILED, exc.message
        else:
            row.record_id, row.status = record.id, CREATED
    session.add(row)
    await session.flush()
    return row


async def _book_days(
    session: AsyncSession, location: Location, cs: ClientSchedule, days: Sequence[EventScheduleDay]
) -> None:
    now = utcnow()
    done = {s.scheduled_event_id for s in await repo.seats_of(session, cs) if s.status == CREATED}
    for occ in await repo.occurrences(
        session, location.id, [d.id for d in days], with_deleted=False
    ):
        if occ.event_at <= now or occ.id in done or occ.event_id is None:
            continue
        event = await events_repo.EVENTS.get(session, location.id, occ.event_id)
        if event is None or event.start_at <= now:
            continue
        await _seat(session, location, cs, occ, event)


async def _release(
    session: AsyncSession, location: Location, cs: ClientSchedule, day_ids: set[int] | None
) -> None:
    """Give back the client's seats in future events (of ``day_ids``, or all)."""
    now = utcnow()
    occurrences = {
        o.id: o
        for o in await repo.occurrences(
            session,
            location.id,
            list(day_ids) if day_ids is not None else [int(i) for i in cs.day_ids or []],
        )
    }
    for seat in await repo.seats_of(session, cs):
        occ = occurrences.get(seat.scheduled_event_id)
        if occ is None or seat.status != CREATED or occ.event_at <= now:
            continue
        if seat.record_id is not None:
            record = await clients_repo.RECORDS.get(session, location.id, seat.record_id)
            if record is not None and record.start_at > now:
                record.updated_at = utcnow()
                await writing.delete(session, record)
        seat.status = DELETED
    await session.flush()


async def create_client_schedule(
    session: AsyncSession,
    location: Location,
    access: Access,
    schedule: EventSchedule,
    body: ClientScheduleCreate,
) -> ClientSchedule:
    access.require(RIGHT)
    client = await clients_repo.CLIENTS.get(session, location.id, body.client_id)
    if client is None:
        raise ValidationFailed.field("client_id", "client not found")
    days = await _days_by_id(session, schedule, body.schedule_days_ids)
    cs = ClientSchedule(
        location_id=location.id,
        schedule_id=schedule.id,
        client_id=client.id,
        comer_id=body.comer_id or None,
        day_ids=[d.id for d in days],
        deleted=False,
    )
    session.add(cs)
    await session.flush()
    await _book_days(session, location, cs, days)
    return cs


async def update_client_schedule(
    session: AsyncSession,
    location: Location,
    access: Access,
    schedule: EventSchedule,
    cs: ClientSchedule,
    body: ClientScheduleUpdate,
) -> ClientSchedule:
    """Attach or detach series days: seats are taken or given back in future events only."""
    access.require(RIGHT)
    days = await _days_by_id(session, schedule, body.schedule_days_ids)
    new = {d.id for d in days}
    old = {int(i) for i in cs.day_ids or []}
    if old - new:
        await _release(session, location, cs, old - new)
    cs.day_ids = [d.id for d in days]
    cs.updated_at = utcnow()
    await _book_days(session, location, cs, [d for d in days if d.id not in old])
    await session.flush()
    return cs


async def delete_client_schedule(
    session: AsyncSession, location: Location, access: Access, cs: ClientSchedule
) -> None:
    access.require(RIGHT)
    await _release(session, location, cs, None)
    cs.deleted = True
    await session.flush()


# --------------------------------------------------------------------------------------------
# Rendering
# --------------------------------------------------------------------------------------------


@dataclass(slots=True)
class Refs:
    members: dict[int, TeamMember]
    positions: dict[int, Any]
    tags: dict[int, Tag]
    instances: dict[int, Any]
    events: dict[int, Event]


async def _refs(
    session: AsyncSession,
    location: Location,
    days: Sequence[EventScheduleDay],
    occurrences: Sequence[ScheduledEvent],
) -> Refs:
    event_ids = [o.event_id for o in occurrences if o.event_id is not None]
    events = (
        {
            e.id: e
            for e in await events_repo.EVENTS.all(
                session, location.id, Event.id.in_(event_ids), with_deleted=True
            )
        }
        if event_ids
        else {}
    )
    member_ids = [d.events_master_id for d in days] + [e.staff_id for e in events.values()]
    members = await events_repo.members(session, location.id, member_ids)
    positions = await events_repo.positions(
        session, location.id, [m.position_id for m in members.values() if m.position_id]
    )
    tag_ids = [t for d in days for t in d.label_ids or []]
    tag_ids += [t for e in events.values() for t in e.label_ids or []]
    instance_ids = [int(i) for d in days for i in d.resource_instance_ids or []]
    instance_ids += [int(i) for e in events.values() for i in e.resource_instance_ids or []]
    return Refs(
        members,
        positions,
        await tags_service.refs(session, [location.id], tag_ids),
        await events_repo.instances(session, location.id, instance_ids),
        events,
    )


def _master(member_id: int, location: Location, refs: Refs) -> dict[str, Any]:
    member = refs.members.get(member_id)
    if member is None:
        return {}
    position = refs.positions.get(member.position_id) if member.position_id else None
    return {
        "id": member.id,
        "name": member.name,
        "company_id": location.id,
        "specialization": member.specialization,
        "avatar": member.avatar or events_service.NO_AVATAR,
        "avatar_big": member.avatar or events_service.NO_AVATAR_BIG,
        "position": {"id": position.id, "title": position.title} if position else {},
        "is_paid_staff": False,
    }


def _labels(ids: Iterable[Any], refs: Refs) -> list[dict[str, Any]]:
    return [
        {"id": tag.id, "title": tag.title, "color": tag.color}
        for i in ids
        if (tag := refs.tags.get(int(i))) is not None
    ]


def _instances(ids: Iterable[Any], refs: Refs) -> list[dict[str, Any]]:
    return [
        {"id": inst.id, "title": inst.title, "resource_id": inst.resource_id}
        for i in ids
        if (inst := refs.instances.get(int(i))) is not None
    ]


def _stamp(value: datetime | None, tz: ZoneInfo) -> str | None:
    return iso(value, tz) if value is not None else None


def _occurrence(
    occ: ScheduledEvent, day: EventScheduleDay, location: Location, refs: Refs
) -> dict[str, Any]:
    tz = _tz(location)
    event = refs.events.get(occ.event_id) if occ.event_id is not None else None
    s = Settings.of(day)
    changes = (
        _hand_changes(event, occ, s)
        if event is not None
        else dict.fromkeys(
            (
                "is_entity_master_changed",
                "is_entity_datetime_changed",
                "is_entity_duration_changed",
                "is_entity_labels_changed",
                "is_entity_resource_instances_changed",
            ),
            False,
        )
    )
    status = occ.status
    if event is not None and event.deleted:
        status = DELETED
    elif event is not None and status in (CREATED, STABLE) and any(changes.values()):
        status = CHANGED
    return {
        "id": occ.id,
        "created_at": iso(occ.created_at, tz),
        "updated_at": iso(occ.updated_at, tz),
        "deleted_at": _stamp(occ.deleted_at, tz),
        "event_status": status,
        "event_datetime": iso(occ.event_at, tz),
        "event_entity_type": "activity",
        "event_entity_id": occ.event_id,
        "failure_reason": occ.reason or None,
        "entity_datetime": iso(event.start_at if event else occ.event_at, tz),
        "entity_duration": str(event.length if event else s.duration),
        "entity_labels": _labels(event.label_ids if event else s.labels, refs),
        "entity_master": _master(event.staff_id if event else s.master_id, location, refs),
        "entity_resource_instances": _instances(
            event.resource_instance_ids if event else s.instances, refs
        ),
        **changes,
    }


def _day(
    day: EventScheduleDay,
    location: Location,
    refs: Refs,
    events: list[dict[str, Any]] | None,
) -> dict[str, Any]:
    tz = _tz(location)
    out: dict[str, Any] = {
        "id": day.id,
        "created_at": iso(day.created_at, tz),
        "updated_at": iso(day.updated_at, tz),
        "deleted_at": _stamp(day.deleted_at, tz),
        "timetable_event_schedule_id": day.schedule_id,
        "day_of_week": day.day_of_week,
        "events_time": day.events_time,
        "events_duration": day.events_duration,
        "events_capacity": day.events_capacity,
        "event_technical_break_duration": 0,
        "events_master": _master(day.events_master_id, location, refs),
        "events_labels": _labels(day.label_ids or [], refs),
        "events_resource_instances": _instances(day.resource_instance_ids or [], refs),
    }
    if events is not None:
        out["events"] = events
    return out


async def render_day(
    session: AsyncSession, location: Location, day: EventScheduleDay
) -> dict[str, Any]:
    occurrences = await repo.occurrences(session, location.id, [day.id])
    refs = await _refs(session, location, [day], occurrences)
    return _day(day, location, refs, [_occurrence(o, day, location, refs) for o in occurrences])


async def render_day_events(
    session: AsyncSession, location: Location, day: EventScheduleDay
) -> list[dict[str, Any]]:
    occurrences = await repo.occurrences(session, location.id, [day.id])
    refs = await _refs(session, location, [day], occurrences)
    return [_occurrence(o, day, location, refs) for o in occurrences]


async def render_schedule(
    session: AsyncSession, location: Location, schedule: EventSchedule
) -> dict[str, Any]:
    tz = _tz(location)
    days = await repo.days_of(session, schedule)
    occurrences = await repo.occurrences(session, location.id, [d.id for d in days])
    refs = await _refs(session, location, days, occurrences)
    by_day: dict[int, list[dict[str, Any]]] = {d.id: [] for d in days}
    days_by_id = {d.id: d for d in days}
    for o in occurrences:
        by_day[o.day_id].append(_occurrence(o, days_by_id[o.day_id], location, refs))
    return {
        "id": schedule.id,
        "created_at": iso(schedule.created_at, tz),
        "updated_at": iso(schedule.updated_at, tz),
        "deleted_at": _stamp(schedule.deleted_at, tz),
        "original_entity_type": schedule.original_entity_type,
        "original_entity_id": schedule.original_entity_id,
        "date_start": schedule.date_start.isoformat(),
        "date_end": schedule.date_end.isoformat(),
        "days": [_day(d, location, refs, by_day[d.id]) for d in days],
    }


async def render_client_schedule(
    session: AsyncSession, location: Location, schedule: EventSchedule, cs: ClientSchedule
) -> dict[str, Any]:
    """The client series with, per series day, the client's dates: ``event_status`` is the
    seat's (created, failed, deleted) and ``failure_reason`` says why a date failed."""
    wanted = [int(i) for i in cs.day_ids or []]
    days = [d for d in await repo.days_of(session, schedule) if d.id in wanted]
    occurrences = {
        o.id: o for o in await repo.occurrences(session, location.id, [d.id for d in days])
    }
    seats = await repo.seats_of(session, cs)
    refs = await _refs(session, location, days, list(occurrences.values()))
    per_day: dict[int, list[dict[str, Any]]] = {d.id: [] for d in days}
    days_by_id = {d.id: d for d in days}
    booked: list[date] = []
    for seat in seats:
        occ = occurrences.get(seat.scheduled_event_id)
        if occ is None or occ.day_id not in per_day:
            continue
        view = _occurrence(occ, days_by_id[occ.day_id], location, refs)
        view["event_status"] = seat.status
        view["failure_reason"] = seat.reason or None
        per_day[occ.day_id].append(view)
        if seat.status == CREATED:
            booked.append(occ.event_date)
    return {
        "id": cs.id,
        "client_id": cs.client_id,
        "comer_id": cs.comer_id,
        "final_day": (max(booked) if booked else schedule.date_end).isoformat(),
        "loyalty_abonement_id": None,
        "days": [_day(d, location, refs, per_day[d.id]) for d in days],
    }
