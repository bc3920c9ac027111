"""SQL for team members and positions, always scoped to one location."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from parlour.errors import TeamMemberNotFound
from parlour.kit.repository import Scoped
from parlour.models import Position, ScheduleDay, ServiceTeamMember, TeamMember, User

MEMBERS = Scoped(
    TeamMember, not_found=TeamMemberNotFound, order_by=(TeamMember.weight.desc(), TeamMember.id)
)
POSITIONS = Scoped(Position)


async def member(
    session: AsyncSession, location_id: int, member_id: int, *, with_deleted: bool = False
) -> TeamMember | None:
    return await MEMBERS.get(session, location_id, member_id, with_deleted=with_deleted)


async def members(session: AsyncSession, location_id: int) -> Sequence[TeamMember]:
    """Every member that is not deleted, heavier first (upstream's display order)."""
    return await MEMBERS.all(session, location_id)


async def existing_member_ids(
    session: AsyncSession, location_id: int, ids: Sequence[int]
) -> set[int]:
    if not ids:
        return set()
    return set(await MEMBERS.by_ids(session, location_id, ids))


async def positions_by_id(session: AsyncSession, ids: Sequence[int]) -> dict[int, Position]:
    if not ids:
        return {}
    rows = (await session.execute(select(Position).where(Position.id.in_(ids)))).scalars()
    return {p.id: p for p in rows}


async def position(session: AsyncSession, location_id: int, position_id: int) -> Position | None:
    return await POSITIONS.get(session, location_id, position_id)


async def positions(session: AsyncSession, location_id: int) -> Sequence[Position]:
    return await POSITIONS.all(session, location_id)


async def users_by_id(session: AsyncSession, ids: Sequence[int]) -> dict[int, User]:
    if not ids:
        return {}
    rows = (await session.execute(select(User).where(User.id.in_(ids)))).scalars()
    return {u.id: u for u in rows}


async def schedule_till(session: AsyncSession, member_ids: Sequence[int]) -> dict[int, date]:
    """The last scheduled working day of each member."""
    if not member_ids:
        return {}
    stmt = (
        select(ScheduleDay.team_member_id, func.max(ScheduleDay.day_date))
        .where(ScheduleDay.team_member_id.in_(member_ids))
        .group_by(ScheduleDay.team_member_id)
    )
    return {m: d for m, d in (await session.execute(stmt)).all() if d is not None}


async def links_of_members(
    session: AsyncSession, member_ids: Sequence[int]
) -> dict[int, list[ServiceTeamMember]]:
    out: dict[int, list[ServiceTeamMember]] = {i: [] for i in member_ids}
    if not member_ids:
        return out
    from parlour.models import Service

    stmt = (
        select(ServiceTeamMember)
        .join(Service, Service.id == ServiceTeamMember.service_id)
        .where(ServiceTeamMember.team_member_id.in_(member_ids), Service.deleted.is_(False))
        .order_by(ServiceTeamMember.service_id)
    )
    for link in (await session.execute(stmt)).scalars():
        out[link.team_member_id].append(link)
    return out
