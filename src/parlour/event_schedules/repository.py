"""SQL of event schedules and client series, scoped to the location."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime

from sqlalchemy import or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from parlour.errors import ClientScheduleNotFound, EventScheduleNotFound, ScheduleDayNotFound
from parlour.kit.repository import Scoped
from parlour.models import (
    ClientSchedule,
    ClientScheduleSeat,
    EventSchedule,
    EventScheduleDay,
    Record,
    ScheduledEvent,
)

SCHEDULES = Scoped(EventSchedule, not_found=EventScheduleNotFound)
DAYS = Scoped(EventScheduleDay, not_found=ScheduleDayNotFound)
OCCURRENCES = Scoped(ScheduledEvent, order_by=(ScheduledEvent.event_date, ScheduledEvent.id))
CLIENT_SCHEDULES = Scoped(ClientSchedule, not_found=ClientScheduleNotFound)
SEATS = Scoped(ClientScheduleSeat)
RECORDS = Scoped(Record)


async def load_schedule(session: AsyncSession, location_id: int, schedule_id: int) -> EventSchedule:
    return await SCHEDULES.load(session, location_id, schedule_id)


async def load_day(session: AsyncSession, schedule: EventSchedule, day_id: int) -> EventScheduleDay:
    day = await DAYS.load(session, schedule.location_id, day_id)
    if day.schedule_id != schedule.id:
        raise ScheduleDayNotFound()
    return day


async def load_client_schedule(
    session: AsyncSession, schedule: EventSchedule, client_schedule_id: int
) -> ClientSchedule:
    row = await CLIENT_SCHEDULES.load(session, schedule.location_id, client_schedule_id)
    if row.schedule_id != schedule.id:
        raise ClientScheduleNotFound()
    return row


async def days_of(session: AsyncSession, schedule: EventSchedule) -> list[EventScheduleDay]:
    return await DAYS.all(
        session, schedule.location_id, EventScheduleDay.schedule_id == schedule.id
    )


async def occurrences(
    session: AsyncSession, location_id: int, day_ids: Sequence[int], *, with_deleted: bool = True
) -> list[ScheduledEvent]:
    if not day_ids:
        return []
    return await OCCURRENCES.all(
        session, location_id, ScheduledEvent.day_id.in_(list(day_ids)), with_deleted=with_deleted
    )


async def occurrence_on(
    session: AsyncSession, location_id: int, day_id: int, day: date
) -> ScheduledEvent | None:
    stmt = OCCURRENCES.select(
        location_id, ScheduledEvent.day_id == day_id, ScheduledEvent.event_date == day
    )
    return (await session.execute(stmt.limit(1))).scalar_one_or_none()


async def schedule_of_event(
    session: AsyncSession, location_id: int, event_id: int
) -> EventSchedule | None:
    """The live schedule an event was made by (or is the original of)."""
    made = (
        select(EventScheduleDay.schedule_id)
        .join(ScheduledEvent, ScheduledEvent.day_id == EventScheduleDay.id)
        .where(ScheduledEvent.location_id == location_id, ScheduledEvent.event_id == event_id)
    )
    stmt = SCHEDULES.select(
        location_id,
        or_(EventSchedule.original_entity_id == event_id, EventSchedule.id.in_(made)),
    )
    return (await session.execute(stmt.order_by(EventSchedule.id).limit(1))).scalar_one_or_none()


async def seats_of(
    session: AsyncSession, client_schedule: ClientSchedule
) -> list[ClientScheduleSeat]:
    return await SEATS.all(
        session,
        client_schedule.location_id,
        ClientScheduleSeat.client_schedule_id == client_schedule.id,
    )


async def client_busy(
    session: AsyncSession,
    location_id: int,
    client_id: int,
    event_id: int,
    start: datetime,
    end: datetime,
) -> bool:
    """Whether the client has a live record (a seat elsewhere included) overlapping
    ``[start, end)``, other than a seat in ``event_id``."""
    stmt = RECORDS.select(
        location_id,
        Record.client_id == client_id,
        Record.start_at < end,
        Record.end_at > start,
        or_(Record.activity_id.is_(None), Record.activity_id != event_id),
    )
    return (await session.execute(stmt.limit(1))).first() is not None


async def client_in_event(
    session: AsyncSession, location_id: int, client_id: int, event_id: int
) -> Record | None:
    stmt = RECORDS.select(
        location_id,
        Record.client_id == client_id,
        Record.activity_id == event_id,
        Record.event_hold.is_(False),
    )
    return (await session.execute(stmt.limit(1))).scalar_one_or_none()


async def client_schedules_of(
    session: AsyncSession, schedule: EventSchedule
) -> list[ClientSchedule]:
    return await CLIENT_SCHEDULES.all(
        session, schedule.location_id, ClientSchedule.schedule_id == schedule.id
    )
