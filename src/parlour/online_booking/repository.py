"""SQL of the online-booking section, scoped to one location."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from parlour.errors import BookingFormNotFound
from parlour.kit.repository import Scoped
from parlour.models import (
    BookingForm,
    Location,
    Position,
    RecordService,
    Service,
    ServiceCategory,
    ServiceTeamMember,
    TeamMember,
)

FORMS = Scoped(
    BookingForm, not_found=BookingFormNotFound, order_by=(BookingForm.weight.desc(), BookingForm.id)
)
CATEGORIES = Scoped(ServiceCategory)
POSITIONS = Scoped(Position)
MEMBERS = Scoped(TeamMember)


async def form_by_id(session: AsyncSession, form_id: int) -> tuple[BookingForm, Location] | None:
    """A widget by its id alone (``/bookform/{id}`` names no location) with its live
    location."""
    stmt = (
        select(BookingForm, Location)
        .join(Location, Location.id == BookingForm.location_id)
        .where(BookingForm.id == form_id, Location.deleted.is_(False))
    )
    row = (await session.execute(stmt)).first()
    return (row[0], row[1]) if row is not None else None


async def online_service_rows(
    session: AsyncSession, location_id: int, member_ids: Sequence[int]
) -> list[tuple[Service, int, int]]:
    """(service, member id, length) for every live online service the members provide
    online, best first."""
    stmt = (
        select(Service, ServiceTeamMember.team_member_id, ServiceTeamMember.length)
        .join(ServiceTeamMember, ServiceTeamMember.service_id == Service.id)
        .where(
            Service.location_id == location_id,
            ServiceTeamMember.location_id == location_id,
            Service.deleted.is_(False),
            Service.active.is_(True),
            Service.is_online.is_(True),
            ServiceTeamMember.is_online.is_(True),
            ServiceTeamMember.team_member_id.in_(list(member_ids)),
        )
        .order_by(Service.weight.desc(), Service.id)
    )
    return [(s, int(m), int(n)) for s, m, n in (await session.execute(stmt)).all()]


async def categories(
    session: AsyncSession, location_id: int, ids: Sequence[int]
) -> list[ServiceCategory]:
    if not ids:
        return []
    return await CATEGORIES.all(session, location_id, ServiceCategory.id.in_(list(ids)))


async def positions(session: AsyncSession, location_id: int, ids: Sequence[int]) -> dict[int, Any]:
    return await POSITIONS.by_ids(session, location_id, ids)


async def member(session: AsyncSession, location_id: int, member_id: int) -> TeamMember | None:
    return await MEMBERS.get(session, location_id, member_id, with_deleted=True)


async def record_services(
    session: AsyncSession, location_id: int, record_id: int
) -> list[tuple[RecordService, Service]]:
    stmt = (
        select(RecordService, Service)
        .join(Service, Service.id == RecordService.service_id)
        .where(RecordService.record_id == record_id, Service.location_id == location_id)
        .order_by(RecordService.id)
    )
    return [(rs, s) for rs, s in (await session.execute(stmt)).all()]
