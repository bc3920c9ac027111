"""SQL of the events section: events, their hold and seat records, duplication strategies.
Every statement is scoped to the location through the ``Scoped`` tables below."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Select, distinct, func, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import selectinload

from parlour.errors import DuplicationStrategyNotFound, EventNotFound
from parlour.kit.repository import Scoped
from parlour.models import (
    DuplicationStrategy,
    Event,
    Position,
    Record,
    Resource,
    ResourceInstance,
    ResourceOccupancy,
    Service,
    ServiceCategory,
    ServiceTeamMember,
    TeamMember,
)

EVENTS = Scoped(Event, not_found=EventNotFound, order_by=(Event.start_at, Event.id))
STRATEGIES = Scoped(DuplicationStrategy, not_found=DuplicationStrategyNotFound)
RECORDS = Scoped(Record, order_by=(Record.id,))
MEMBERS = Scoped(TeamMember)
SERVICES = Scoped(Service)
CATEGORIES = Scoped(ServiceCategory)
POSITIONS = Scoped(Position)
RESOURCES = Scoped(Resource)
INSTANCES = Scoped(ResourceInstance)
LINKS = Scoped(ServiceTeamMember)


async def load_event(session: AsyncSession, location_id: int, event_id: int) -> Event:
    return await EVENTS.load(session, location_id, event_id)


# -- holds and seats --------------------------------------------------------------------------


async def hold_of(session: AsyncSession, event: Event) -> Record | None:
    """The event's live hold record."""
    stmt = RECORDS.select(
        event.location_id, Record.activity_id == event.id, Record.event_hold.is_(True)
    )
    return (await session.execute(stmt.limit(1))).scalar_one_or_none()


async def seats_of(session: AsyncSession, event: Event) -> list[Record]:
    """The live seat records of the event, with their services."""
    return await RECORDS.all(
        session,
        event.location_id,
        Record.activity_id == event.id,
        Record.event_hold.is_(False),
        options=(selectinload(Record.services),),
    )


async def busy_instances(
    session: AsyncSession,
    location_id: int,
    instance_ids: Sequence[int],
    start: datetime,
    end: datetime,
    exclude_record_id: int | None,
) -> set[int]:
    """Which of ``instance_ids`` another live hold occupies somewhere in ``[start, end)``."""
    if not instance_ids:
        return set()
    stmt = select(ResourceOccupancy.instance_id).where(
        ResourceOccupancy.location_id == location_id,
        ResourceOccupancy.deleted.is_(False),
        ResourceOccupancy.instance_id.in_(list(instance_ids)),
        ResourceOccupancy.start_at < end,
        ResourceOccupancy.end_at > start,
    )
    if exclude_record_id is not None:
        stmt = stmt.where(ResourceOccupancy.record_id != exclude_record_id)
    return {int(i) for i in (await session.execute(stmt)).scalars()}


# -- search -----------------------------------------------------------------------------------


@dataclass(slots=True)
class EventFilters:
    location_id: int
    start_from: datetime | None = None  # UTC, inclusive
    start_until: datetime | None = None  # UTC, exclusive
    service_ids: Sequence[int] | None = None
    staff_ids: Sequence[int] | None = None
    resource_ids: Sequence[int] | None = None  # resources (not instances)
    # Instances of the resources above, resolved by the service before filtering.
    instance_ids: Sequence[int] | None = None


def _filtered(f: EventFilters) -> Select[Event]:
    stmt = EVENTS.select(f.location_id)
    if f.start_from is not None:
        stmt = stmt.where(Event.start_at >= f.start_from)
    if f.start_until is not None:
        stmt = stmt.where(Event.start_at < f.start_until)
    if f.service_ids:
        stmt = stmt.where(Event.service_id.in_(list(f.service_ids)))
    if f.staff_ids:
        stmt = stmt.where(Event.staff_id.in_(list(f.staff_ids)))
    return stmt


async def search(session: AsyncSession, f: EventFilters) -> list[Event]:
    """Every live event that matches ``f``, by start (resource filtering is the caller's:
    instance ids sit in a JSON list, read the same way on both databases in Python)."""
    stmt = _filtered(f).order_by(*EVENTS.order_by)
    return list((await session.execute(stmt)).scalars())


async def start_bounds(
    session: AsyncSession, f: EventFilters
) -> tuple[datetime | None, datetime | None]:
    sub = _filtered(f).subquery()
    row = (await session.execute(select(func.min(sub.c.start_at), func.max(sub.c.start_at)))).one()
    return row[0], row[1]


async def event_references(session: AsyncSession, location_id: int) -> tuple[set[int], set[int]]:
    """(member ids, service ids) that live events of the location use."""
    stmt = select(distinct(Event.staff_id), Event.service_id).where(
        Event.location_id == location_id, Event.deleted.is_(False)
    )
    rows = (await session.execute(stmt)).all()
    return {int(r[0]) for r in rows}, {int(r[1]) for r in rows}


async def event_instance_lists(session: AsyncSession, location_id: int) -> list[list[Any]]:
    stmt = select(Event.resource_instance_ids).where(
        Event.location_id == location_id, Event.deleted.is_(False)
    )
    return [list(r or []) for r in (await session.execute(stmt)).scalars()]


# -- referenced rows --------------------------------------------------------------------------


async def members(
    session: AsyncSession, location_id: int, ids: Sequence[int] | None = None
) -> dict[int, TeamMember]:
    if ids is None:
        return {m.id: m for m in await MEMBERS.all(session, location_id)}
    return await MEMBERS.by_ids(session, location_id, ids, with_deleted=True)


async def services(
    session: AsyncSession, location_id: int, ids: Sequence[int] | None = None
) -> dict[int, Service]:
    if ids is None:
        return {s.id: s for s in await SERVICES.all(session, location_id)}
    return await SERVICES.by_ids(session, location_id, ids, with_deleted=True)


async def group_services(
    session: AsyncSession, location_id: int, staff_id: int | None, term: str
) -> list[Service]:
    """Live services with a capacity (group services), optionally provided by ``staff_id`` and
    with ``term`` in the title (case-folded in Python: same result on both databases)."""
    stmt = SERVICES.select(location_id, Service.capacity > 0)
    if staff_id is not None:
        provided = select(ServiceTeamMember.service_id).where(
            ServiceTeamMember.location_id == location_id,
            ServiceTeamMember.team_member_id == staff_id,
        )
        stmt = stmt.where(Service.id.in_(provided))
    rows = list((await session.execute(stmt.order_by(Service.weight.desc(), Service.id))).scalars())
    folded = term.casefold()
    return [s for s in rows if folded in s.title.casefold()]


async def links_of(
    session: AsyncSession, location_id: int, service_ids: Sequence[int]
) -> list[ServiceTeamMember]:
    if not service_ids:
        return []
    return await LINKS.all(
        session, location_id, ServiceTeamMember.service_id.in_(list(service_ids))
    )


async def link(
    session: AsyncSession, location_id: int, member_id: int, service_id: int
) -> ServiceTeamMember | None:
    stmt = LINKS.select(
        location_id,
        ServiceTeamMember.team_member_id == member_id,
        ServiceTeamMember.service_id == service_id,
    )
    return (await session.execute(stmt.limit(1))).scalar_one_or_none()


async def categories(
    session: AsyncSession, location_id: int, ids: Sequence[int]
) -> dict[int, ServiceCategory]:
    return await CATEGORIES.by_ids(session, location_id, ids)


async def positions(
    session: AsyncSession, location_id: int, ids: Sequence[int]
) -> dict[int, Position]:
    return await POSITIONS.by_ids(session, location_id, ids)


async def resources(session: AsyncSession, location_id: int) -> dict[int, Resource]:
    return {r.id: r for r in await RESOURCES.all(session, location_id)}


async def instances(
    session: AsyncSession, location_id: int, ids: Sequence[int] | None = None
) -> dict[int, ResourceInstance]:
    if ids is None:
        return {i.id: i for i in await INSTANCES.all(session, location_id)}
    return await INSTANCES.by_ids(session, location_id, ids)


# -- duplication strategies -------------------------------------------------------------------


async def strategies(session: AsyncSession, location_id: int) -> list[DuplicationStrategy]:
    return await STRATEGIES.all(session, location_id)


async def load_strategy(
    session: AsyncSession, location_id: int, strategy_id: int
) -> DuplicationStrategy:
    return await STRATEGIES.load(session, location_id, strategy_id)
