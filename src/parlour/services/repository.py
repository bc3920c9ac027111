"""SQL for service categories, services and team member links, scoped to one location."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import delete, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from parlour.errors import ServiceCategoryNotFound, ServiceLinkNotFound, ServiceNotFound
from parlour.kit.repository import Scoped
from parlour.models import (
    LocationChain,
    Service,
    ServiceCategory,
    ServiceTeamMember,
    TeamMember,
)

CATEGORIES = Scoped(
    ServiceCategory,
    not_found=ServiceCategoryNotFound,
    order_by=(ServiceCategory.weight.desc(), ServiceCategory.id),
)
SERVICES = Scoped(Service, not_found=ServiceNotFound, order_by=(Service.weight.desc(), Service.id))
LINKS = Scoped(ServiceTeamMember, not_found=ServiceLinkNotFound)


async def category(
    session: AsyncSession, location_id: int, category_id: int
) -> ServiceCategory | None:
    return await CATEGORIES.get(session, location_id, category_id)


async def categories(
    session: AsyncSession, location_ids: Sequence[int], category_id: int | None = None
) -> Sequence[ServiceCategory]:
    where = [] if category_id is None else [ServiceCategory.id == category_id]
    return await CATEGORIES.all(session, location_ids, *where)


async def chain_location_ids(session: AsyncSession, chain_id: int) -> list[int]:
    stmt = select(LocationChain.location_id).where(LocationChain.chain_id == chain_id)
    return list((await session.execute(stmt)).scalars())


async def linked_members_by_category(
    session: AsyncSession, category_ids: Sequence[int]
) -> dict[int, set[int]]:
    """Members (not deleted) linked to a live service of each category."""
    out: dict[int, set[int]] = {i: set() for i in category_ids}
    if not category_ids:
        return out
    stmt = (
        select(Service.category_id, ServiceTeamMember.team_member_id)
        .join(ServiceTeamMember, ServiceTeamMember.service_id == Service.id)
        .join(TeamMember, TeamMember.id == ServiceTeamMember.team_member_id)
        .where(
            Service.category_id.in_(category_ids),
            Service.deleted.is_(False),
            TeamMember.deleted.is_(False),
        )
    )
    for category_id, member_id in (await session.execute(stmt)).all():
        if category_id is not None:
            out[category_id].add(member_id)
    return out


async def live_services_in_category(session: AsyncSession, category_id: int) -> int:
    stmt = select(Service.id).where(Service.category_id == category_id, Service.deleted.is_(False))
    return len((await session.execute(stmt.limit(1))).all())


async def detach_deleted_services(session: AsyncSession, category_id: int) -> None:
    """Deleted services keep their rows (past records name them) but let the category go."""
    await session.execute(
        update(Service)
        .where(Service.category_id == category_id, Service.deleted.is_(True))
        .values(category_id=None)
    )


async def services_by_category(
    session: AsyncSession, category_ids: Sequence[int]
) -> dict[int, list[Service]]:
    out: dict[int, list[Service]] = {i: [] for i in category_ids}
    if not category_ids:
        return out
    stmt = (
        select(Service)
        .where(Service.category_id.in_(category_ids), Service.deleted.is_(False))
        .order_by(Service.weight.desc(), Service.id)
    )
    for svc in (await session.execute(stmt)).scalars():
        if svc.category_id is not None:
            out[svc.category_id].append(svc)
    return out


async def service(session: AsyncSession, location_id: int, service_id: int) -> Service | None:
    return await SERVICES.get(session, location_id, service_id)


async def services(
    session: AsyncSession,
    location_id: int,
    *,
    service_id: int | None = None,
    category_id: int | None = None,
    member_id: int | None = None,
) -> Sequence[Service]:
    stmt = SERVICES.select(location_id)
    if service_id is not None:
        stmt = stmt.where(Service.id == service_id)
    if category_id is not None:
        stmt = stmt.where(Service.category_id == category_id)
    if member_id is not None:
        stmt = stmt.where(
            Service.id.in_(
                select(ServiceTeamMember.service_id).where(
                    ServiceTeamMember.team_member_id == member_id
                )
            )
        )
    stmt = stmt.order_by(Service.weight.desc(), Service.id)
    return (await session.execute(stmt)).scalars().all()


async def links_of_services(
    session: AsyncSession, service_ids: Sequence[int]
) -> dict[int, list[ServiceTeamMember]]:
    """Links of each service to members that are not deleted."""
    out: dict[int, list[ServiceTeamMember]] = {i: [] for i in service_ids}
    if not service_ids:
        return out
    stmt = (
        select(ServiceTeamMember)
        .join(TeamMember, TeamMember.id == ServiceTeamMember.team_member_id)
        .where(ServiceTeamMember.service_id.in_(service_ids), TeamMember.deleted.is_(False))
        .order_by(ServiceTeamMember.team_member_id)
    )
    for link in (await session.execute(stmt)).scalars():
        out[link.service_id].append(link)
    return out


async def link(
    session: AsyncSession, location_id: int, service_id: int, member_id: int
) -> ServiceTeamMember | None:
    stmt = LINKS.select(
        location_id,
        ServiceTeamMember.service_id == service_id,
        ServiceTeamMember.team_member_id == member_id,
    )
    return (await session.execute(stmt)).scalar_one_or_none()


async def all_links(session: AsyncSession, service_id: int) -> dict[int, ServiceTeamMember]:
    stmt = select(ServiceTeamMember).where(ServiceTeamMember.service_id == service_id)
    return {ln.team_member_id: ln for ln in (await session.execute(stmt)).scalars()}


async def delete_links(session: AsyncSession, service_id: int) -> None:
    await session.execute(
        delete(ServiceTeamMember).where(ServiceTeamMember.service_id == service_id)
    )
