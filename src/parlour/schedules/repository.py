"""SQL for working schedules, the calendar and resources, scoped to one location."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from parlour.errors import TeamMemberNotFound
from parlour.kit.repository import Scoped
from parlour.models import Record, Resource, ResourceInstance, ScheduleDay, TeamMember

DAYS = Scoped(ScheduleDay, order_by=(ScheduleDay.day_date, ScheduleDay.team_member_id))
MEMBERS = Scoped(TeamMember, not_found=TeamMemberNotFound)
RECORDS = Scoped(Record, order_by=(Record.start_at,))
RESOURCES = Scoped(Resource)
INSTANCES = Scoped(ResourceInstance)


async def days(
    session: AsyncSession,
    location_id: int,
    member_ids: Sequence[int] | None,
    first: date,
    last: date,
) -> list[ScheduleDay]:
    where = [ScheduleDay.day_date >= first, ScheduleDay.day_date <= last]
    if member_ids is not None:
        where.append(ScheduleDay.team_member_id.in_(list(member_ids)))
    return await DAYS.all(session, location_id, *where)


async def day(
    session: AsyncSession, location_id: int, member_id: int, on: date
) -> ScheduleDay | None:
    stmt = DAYS.select(
        location_id, ScheduleDay.team_member_id == member_id, ScheduleDay.day_date == on
    )
    return (await session.execute(stmt)).scalar_one_or_none()


async def working_dates(
    session: AsyncSession, location_id: int, member_id: int | None, first: date, last: date
) -> list[date]:
    stmt = select(ScheduleDay.day_date).where(
        ScheduleDay.location_id == location_id,
        ScheduleDay.day_date >= first,
        ScheduleDay.day_date <= last,
    )
    if member_id:
        stmt = stmt.where(ScheduleDay.team_member_id == member_id)
    return sorted(set((await session.execute(stmt.distinct())).scalars()))


async def existing_member_ids(
    session: AsyncSession, location_id: int, member_ids: Sequence[int]
) -> set[int]:
    return set(await MEMBERS.by_ids(session, location_id, member_ids))


async def record_spans(
    session: AsyncSession,
    location_id: int,
    member_ids: Sequence[int] | None,
    lo: datetime,
    hi: datetime,
) -> list[tuple[int, int, datetime, datetime]]:
    """(id, member, start, end) of live records starting in ``[lo, hi)``, by start."""
    stmt = select(Record.id, Record.staff_id, Record.start_at, Record.end_at).where(
        Record.location_id == location_id,
        Record.deleted.is_(False),
        Record.start_at >= lo,
        Record.start_at < hi,
    )
    if member_ids is not None:
        stmt = stmt.where(Record.staff_id.in_(list(member_ids)))
    rows = await session.execute(stmt.order_by(Record.start_at))
    return [(int(r), int(m), s, e) for r, m, s, e in rows]


async def resources(
    session: AsyncSession, location_id: int
) -> tuple[list[Resource], list[ResourceInstance]]:
    return (
        await RESOURCES.all(session, location_id),
        await INSTANCES.all(session, location_id),
    )
