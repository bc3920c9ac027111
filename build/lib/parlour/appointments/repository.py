"""SQL of the appointments section; every statement is scoped by location."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import Select, case, func, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import selectinload

from parlour.models import (
    Client,
    Comment,
    Location,
    Membership,
    Position,
    Record,
    ScheduleDay,
    Service,
    ServiceTeamMember,
    TeamMember,
    Visit,
)


@dataclass(slots=True)
class RecordFilters:
    location_ids: Sequence[int]
    staff_id: int | None = None
    client_id: int | None = None
    created_user_id: int | None = None
    start_from: datetime | None = None  # session start, UTC, inclusive
    start_until: datetime | None = None  # session start, UTC, exclusive
    created_from: datetime | None = None
    created_until: datetime | None = None
    changed_after: datetime | None = None
    changed_before: datetime | None = None
    with_deleted: bool = False


def _filtered(f: RecordFilters) -> Select[Record]:
    stmt = select(Record).where(Record.location_id.in_(list(f.location_ids)))
    if not f.with_deleted:
        stmt = stmt.where(Record.deleted.is_(False))
    if f.staff_id is not None:
        stmt = stmt.where(Record.staff_id == f.staff_id)
    if f.client_id is not None:
        stmt = stmt.where(Record.client_id == f.client_id)
    if f.created_user_id is not None:
        stmt = stmt.where(Record.created_user_id == f.created_user_id)
    if f.start_from is not None:
        stmt = stmt.where(Record.start_at >= f.start_from)
    if f.start_until is not None:
        stmt = stmt.where(Record.start_at < f.start_until)
    if f.created_from is not None:
        stmt = stmt.where(Record.created_at >= f.created_from)
    if f.created_until is not None:
        stmt = stmt.where(Record.created_at < f.created_until)
    if f.changed_after is not None:
        stmt = stmt.where(Record.updated_at >= f.changed_after)
    if f.changed_before is not None:
        stmt = stmt.where(Record.updated_at <= f.changed_before)
    return stmt


async def list_records(
    session: AsyncSession, f: RecordFilters, *, offset: int, limit: int
) -> tuple[list[Record], int]:
    base = _filtered(f)
    total = (await session.execute(select(func.count()).select_from(base.subquery()))).scalar_one()
    stmt = (
        base.options(selectinload(Record.services))
        .order_by(Record.start_at, Record.id)
        .offset(offset)
        .limit(limit)
    )
    return list((await session.execute(stmt)).scalars()), int(total)


async def get_record(
    session: AsyncSession, location_id: int, record_id: int, *, with_deleted: bool = True
) -> Record | None:
    stmt = (
        select(Record)
        .where(Record.id == record_id, Record.location_id == location_id)
        .options(selectinload(Record.services))
    )
    if not with_deleted:
        stmt = stmt.where(Record.deleted.is_(False))
    return (await session.execute(stmt)).scalar_one_or_none()


async def visit_records(session: AsyncSession, visit: Visit) -> list[Record]:
    stmt = (
        select(Record)
        .where(
            Record.location_id == visit.location_id,
            Record.visit_id == visit.id,
            Record.deleted.is_(False),
        )
        .options(selectinload(Record.services))
        .order_by(Record.start_at, Record.id)
    )
    return list((await session.execute(stmt)).scalars())


async def team_member(session: AsyncSession, location_id: int, member_id: int) -> TeamMember | None:
    stmt = select(TeamMember).where(
        TeamMember.id == member_id,
        TeamMember.location_id == location_id,
        TeamMember.deleted.is_(False),
    )
    return (await session.execute(stmt)).scalar_one_or_none()


async def services_by_id(
    session: AsyncSession, location_id: int, ids: Sequence[int]
) -> dict[int, Service]:
    if not ids:
        return {}
    stmt = select(Service).where(Service.location_id == location_id, Service.id.in_(list(ids)))
    return {s.id: s for s in (await session.execute(stmt)).scalars()}


async def member_links(
    session: AsyncSession, location_id: int, pairs: Sequence[tuple[int, int]]
) -> dict[tuple[int, int], ServiceTeamMember]:
    """Links keyed by (team_member_id, service_id) for the given pairs."""
    if not pairs:
        return {}
    members = {m for m, _ in pairs}
    services = {s for _, s in pairs}
    stmt = select(ServiceTeamMember).where(
        ServiceTeamMember.location_id == location_id,
        ServiceTeamMember.team_member_id.in_(members),
        ServiceTeamMember.service_id.in_(services),
    )
    return {
        (link.team_member_id, link.service_id): link
        for link in (await session.execute(stmt)).scalars()
    }


async def members_by_id(session: AsyncSession, ids: Sequence[int]) -> dict[int, TeamMember]:
    if not ids:
        return {}
    stmt = select(TeamMember).where(TeamMember.id.in_(list(set(ids))))
    return {m.id: m for m in (await session.execute(stmt)).scalars()}


async def positions_by_id(session: AsyncSession, ids: Sequence[int]) -> dict[int, Position]:
    if not ids:
        return {}
    stmt = select(Position).where(Position.id.in_(list(set(ids))))
    return {p.id: p for p in (await session.execute(stmt)).scalars()}


async def clients_by_id(session: AsyncSession, ids: Sequence[int]) -> dict[int, Client]:
    if not ids:
        return {}
    stmt = select(Client).where(Client.id.in_(list(set(ids))))
    return {c.id: c for c in (await session.execute(stmt)).scalars()}


async def visits_by_id(session: AsyncSession, ids: Sequence[int]) -> dict[int, Visit]:
    if not ids:
        return {}
    stmt = select(Visit).where(Visit.id.in_(list(set(ids))))
    return {v.id: v for v in (await session.execute(stmt)).scalars()}


async def client_visit_counts(
    session: AsyncSession, client_ids: Sequence[int]
) -> dict[int, tuple[int, int]]:
    """(arrived, no-show) record counts per client: upstream's success/fail visit counts."""
    if not client_ids:
        return {}
    stmt = (
        select(
            Record.client_id,
            func.sum(case((Record.attendance == 1, 1), else_=0)),
            func.sum(case((Record.attendance == -1, 1), else_=0)),
        )
        .where(Record.client_id.in_(list(set(client_ids))), Record.deleted.is_(False))
        .group_by(Record.client_id)
    )
    return {
        int(cid): (int(ok or 0), int(fail or 0))
        for cid, ok, fail in (await session.execute(stmt)).all()
        if cid is not None
    }


async def vote_counts(session: AsyncSession, member_ids: Sequence[int]) -> dict[int, int]:
    if not member_ids:
        return {}
    stmt = (
        select(Comment.team_member_id, func.count())
        .where(Comment.team_member_id.in_(list(set(member_ids))))
        .group_by(Comment.team_member_id)
    )
    return {int(mid): int(n) for mid, n in (await session.execute(stmt)).all() if mid}


async def schedule_days(
    session: AsyncSession, location_id: int, member_id: int, days: Sequence[date]
) -> list[ScheduleDay]:
    stmt = select(ScheduleDay).where(
        ScheduleDay.location_id == location_id,
        ScheduleDay.team_member_id == member_id,
        ScheduleDay.day_date.in_(list(days)),
    )
    return list((await session.execute(stmt)).scalars())


async def live_locations(session: AsyncSession, ids: Sequence[int]) -> list[Location]:
    """The locations among ``ids`` that are not deleted, in one query."""
    if not ids:
        return []
    stmt = select(Location).where(Location.id.in_(ids), Location.deleted.is_(False))
    return list((await session.execute(stmt)).scalars())


async def member_location_ids(session: AsyncSession, user_id: int) -> list[int]:
    stmt = select(Membership.location_id).where(Membership.user_id == user_id)
    return list((await session.execute(stmt)).scalars())


@dataclass(slots=True)
class CommentFilters:
    location_id: int
    team_member_id: int | None = None
    rating: int | None = None
    created_from: datetime | None = None
    created_until: datetime | None = None


async def list_comments(
    session: AsyncSession, f: CommentFilters, *, offset: int, limit: int
) -> list[Comment]:
    stmt = select(Comment).where(Comment.location_id == f.location_id)
    if f.team_member_id is not None:
        stmt = stmt.where(Comment.team_member_id == f.team_member_id)
    if f.rating is not None:
        stmt = stmt.where(Comment.rating == f.rating)
    if f.created_from is not None:
        stmt = stmt.where(Comment.created_at >= f.created_from)
    if f.created_until is not None:
        stmt = stmt.where(Comment.created_at < f.created_until)
    stmt = stmt.order_by(Comment.created_at.desc(), Comment.id.desc()).offset(offset).limit(limit)
    return list((await session.execute(stmt)).scalars())


async def member_rating(session: AsyncSession, member_id: int) -> float:
    stmt = select(func.avg(Comment.rating)).where(Comment.team_member_id == member_id)
    value = (await session.execute(stmt)).scalar_one_or_none()
    return round(float(value), 2) if value is not None else 0.0
