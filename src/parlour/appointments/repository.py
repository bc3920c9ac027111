"""SQL of the appointments section; every statement is scoped by location (through the
``Scoped`` tables below, or an explicit ``location_id`` filter where a join needs one)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import Select, bindparam, case, func, insert, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import joinedload, selectinload

from parlour.errors import RecordNotFound, TeamMemberNotFound, VisitNotFound
from parlour.kit.repository import Scoped
from parlour.kit.timeutil import utcnow
from parlour.models import (
    Client,
    Comment,
    Event,
    Location,
    Membership,
    Position,
    Record,
    ResourceOccupancy,
    ScheduleDay,
    Service,
    ServiceTeamMember,
    TeamMember,
    Visit,
)

RECORDS = Scoped(Record, not_found=RecordNotFound, order_by=(Record.start_at, Record.id))
VISITS = Scoped(Visit, not_found=VisitNotFound)
COMMENTS = Scoped(Comment, order_by=(Comment.created_at.desc(), Comment.id.desc()))
MEMBERS = Scoped(TeamMember, not_found=TeamMemberNotFound)
SERVICES = Scoped(Service)
POSITIONS = Scoped(Position)
CLIENTS = Scoped(Client)
OCCUPANCY = Scoped(ResourceOccupancy)
EVENTS = Scoped(Event)
_WITH_SERVICES = (selectinload(Record.services),)


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
    # A group event's hold is the event's, not an appointment: lists leave it out.
    stmt = RECORDS.select(f.location_ids, Record.event_hold.is_(False), with_deleted=f.with_deleted)
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
    return await RECORDS.paginate(
        session, _filtered(f).options(*_WITH_SERVICES), offset=offset, limit=limit
    )


# One record with its services in one statement (a join, not a second SELECT): the path
# dependency of every /record/{location_id}/{record_id} operation.
_GET_RECORD = {
    with_deleted: RECORDS.live(
        select(Record).where(
            Record.location_id == bindparam("scope_id"), Record.id == bindparam("row_id")
        ),
        with_deleted=with_deleted,
    ).options(joinedload(Record.services))
    for with_deleted in (False, True)
}


async def get_record(
    session: AsyncSession, location_id: int, record_id: int, *, with_deleted: bool = True
) -> Record | None:
    """An appointment (a group event's hold is not one: None)."""
    params = {"scope_id": location_id, "row_id": record_id}
    result = await session.execute(_GET_RECORD[with_deleted], params)
    row: Record | None = result.unique().scalar_one_or_none()
    return None if row is None or row.event_hold else row


async def load_record(
    session: AsyncSession, location_id: int, record_id: int, *, with_deleted: bool = False
) -> Record:
    """The record with its services, or ``RecordNotFound``."""
    row = await get_record(session, location_id, record_id, with_deleted=with_deleted)
    if row is None:
        raise RecordNotFound()
    return row


async def visit_records(session: AsyncSession, visit: Visit) -> list[Record]:
    return await RECORDS.all(
        session, visit.location_id, Record.visit_id == visit.id, options=_WITH_SERVICES
    )


async def visit(session: AsyncSession, visit_id: int) -> Visit | None:
    """A visit by its id alone: ``/visits/{visit_id}`` names no location, so the caller checks
    the visit's location against the user's memberships."""
    return (await session.execute(select(Visit).where(Visit.id == visit_id))).scalar_one_or_none()


async def client_visit_on(
    session: AsyncSession, location_id: int, client_id: int, day: date
) -> Visit | None:
    """The client's (first) visit at the location on that local day."""
    stmt = VISITS.select(location_id, Visit.client_id == client_id, Visit.visit_date == day)
    return (await session.execute(stmt.order_by(Visit.id).limit(1))).scalar_one_or_none()


async def insert_visit(
    session: AsyncSession, location_id: int, client_id: int | None, day: date, attendance: int
) -> int:
    """A new visit row, written at once (without flushing anything else pending)."""
    stmt = (
        insert(Visit)
        .values(
            location_id=location_id,
            client_id=client_id,
            visit_date=day,
            attendance=attendance,
            comment="",
            goods_transactions=[],
            created_at=utcnow(),
            updated_at=utcnow(),
        )
        .returning(Visit.id)
    )
    return int((await session.execute(stmt)).scalar_one())


async def occupancy_of(
    session: AsyncSession, location_id: int, record_id: int
) -> list[ResourceOccupancy]:
    """The resource instances a record holds now."""
    return await OCCUPANCY.all(session, location_id, ResourceOccupancy.record_id == record_id)


async def member_busy(
    session: AsyncSession,
    location_id: int,
    member_id: int,
    start: datetime,
    end: datetime,
    exclude_id: int | None = None,
) -> bool:
    """Whether a live exclusive record of the member intersects ``[start, end)``."""
    stmt = RECORDS.select(
        location_id,
        Record.staff_id == member_id,
        Record.exclusive.is_(True),
        Record.start_at < end,
        Record.end_at > start,
    )
    if exclude_id is not None:
        stmt = stmt.where(Record.id != exclude_id)
    return (await session.execute(stmt.limit(1))).first() is not None


async def member_conflict(
    session: AsyncSession,
    location_id: int,
    member_id: int,
    start: datetime,
    end: datetime,
    exclude_id: int | None = None,
) -> Record | None:
    """The first live exclusive record (or event hold) of the member intersecting
    ``[start, end)``."""
    stmt = RECORDS.select(
        location_id,
        Record.staff_id == member_id,
        Record.exclusive.is_(True),
        Record.start_at < end,
        Record.end_at > start,
    )
    if exclude_id is not None:
        stmt = stmt.where(Record.id != exclude_id)
    return (await session.execute(stmt.order_by(Record.start_at).limit(1))).scalar_one_or_none()


async def seats_taken(
    session: AsyncSession, location_id: int, event_ids: Sequence[int]
) -> dict[int, int]:
    """Seats taken per group event: the sum of its live seat records' ``clients_count``."""
    if not event_ids:
        return {}
    stmt = (
        select(Record.activity_id, func.coalesce(func.sum(Record.clients_count), 0))
        .where(
            Record.location_id == location_id,
            Record.activity_id.in_(list(set(event_ids))),
            Record.event_hold.is_(False),
            Record.deleted.is_(False),
        )
        .group_by(Record.activity_id)
    )
    return {int(e): int(n) for e, n in (await session.execute(stmt)).all() if e is not None}


async def event_for_seat(session: AsyncSession, location_id: int, event_id: int) -> Event | None:
    """A live group event of the location (records name it in ``activity_id``)."""
    return await EVENTS.get(session, location_id, event_id)


async def first_link(
    session: AsyncSession, location_id: int
) -> tuple[ServiceTeamMember, Service] | None:
    """The location's first member-service link of a live service (the demo books it)."""
    stmt = (
        select(ServiceTeamMember, Service)
        .join(Service, Service.id == ServiceTeamMember.service_id)
        .where(ServiceTeamMember.location_id == location_id, Service.deleted.is_(False))
        .order_by(ServiceTeamMember.id)
        .limit(1)
    )
    row = (await session.execute(stmt)).first()
    return (row[0], row[1]) if row is not None else None


async def team_member(session: AsyncSession, location_id: int, member_id: int) -> TeamMember | None:
    return await MEMBERS.get(session, location_id, member_id)


async def services_by_id(
    session: AsyncSession, location_id: int, ids: Sequence[int]
) -> dict[int, Service]:
    return await SERVICES.by_ids(session, location_id, ids, with_deleted=True)


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


async def _by_ids(
    session: AsyncSession, table: Scoped[Any], location_ids: Sequence[int], ids: Sequence[int]
) -> dict[int, Any]:
    return await table.many(session, location_ids, ids, with_deleted=True)


# The rows a set of records refers to, read only inside the records' own locations (deleted
# members and services included: past records still name them).


async def members_by_id(
    session: AsyncSession, location_ids: Sequence[int], ids: Sequence[int]
) -> dict[int, TeamMember]:
    return await _by_ids(session, MEMBERS, location_ids, ids)


async def all_members(session: AsyncSession, location_id: int) -> dict[int, TeamMember]:
    """Every team member of the location, deleted ones included, by id."""
    rows = await MEMBERS.all(session, location_id, with_deleted=True)
    return {m.id: m for m in rows}


async def positions_by_id(
    session: AsyncSession, location_ids: Sequence[int], ids: Sequence[int]
) -> dict[int, Position]:
    return await _by_ids(session, POSITIONS, location_ids, ids)


async def clients_by_id(
    session: AsyncSession, location_ids: Sequence[int], ids: Sequence[int]
) -> dict[int, Client]:
    return await _by_ids(session, CLIENTS, location_ids, ids)


async def visits_by_id(
    session: AsyncSession, location_ids: Sequence[int], ids: Sequence[int]
) -> dict[int, Visit]:
    return await _by_ids(session, VISITS, location_ids, ids)


async def client_visit_counts(
    session: AsyncSession, location_ids: Sequence[int], client_ids: Sequence[int]
) -> dict[int, tuple[int, int]]:
    """(arrived, no-show) record counts per client: upstream's success/fail visit counts."""
    if not client_ids:
        return {}
    params = {"scope": list(location_ids), "ids": sorted(set(client_ids))}
    return {
        int(cid): (int(ok or 0), int(fail or 0))
        for cid, ok, fail in (await session.execute(_VISIT_COUNTS, params)).all()
        if cid is not None
    }


_VISIT_COUNTS = (
    select(
        Record.client_id,
        func.sum(case((Record.attendance == 1, 1), else_=0)),
        func.sum(case((Record.attendance == -1, 1), else_=0)),
    )
    .where(
        Record.location_id.in_(bindparam("scope", expanding=True)),
        Record.client_id.in_(bindparam("ids", expanding=True)),
        Record.deleted.is_(False),
    )
    .group_by(Record.client_id)
)


async def vote_counts(
    session: AsyncSession, location_ids: Sequence[int], member_ids: Sequence[int]
) -> dict[int, int]:
    if not member_ids:
        return {}
    params = {"scope": list(location_ids), "ids": sorted(set(member_ids))}
    return {int(mid): int(n) for mid, n in (await session.execute(_VOTES, params)).all() if mid}


_VOTES = (
    select(Comment.team_member_id, func.count())
    .where(
        Comment.location_id.in_(bindparam("scope", expanding=True)),
        Comment.team_member_id.in_(bindparam("ids", expanding=True)),
    )
    .group_by(Comment.team_member_id)
)


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
    stmt = COMMENTS.select(f.location_id)
    if f.team_member_id is not None:
        stmt = stmt.where(Comment.team_member_id == f.team_member_id)
    if f.rating is not None:
        stmt = stmt.where(Comment.rating == f.rating)
    if f.created_from is not None:
        stmt = stmt.where(Comment.created_at >= f.created_from)
    if f.created_until is not None:
        stmt = stmt.where(Comment.created_at < f.created_until)
    stmt = stmt.order_by(*COMMENTS.order_by).offset(offset).limit(limit)
    return list((await session.execute(stmt)).scalars())


async def member_rating(session: AsyncSession, location_id: int, member_id: int) -> float:
    stmt = select(func.avg(Comment.rating)).where(
        Comment.location_id == location_id, Comment.team_member_id == member_id
    )
    value = (await session.execute(stmt)).scalar_one_or_none()
    return round(float(value), 2) if value is not None else 0.0
