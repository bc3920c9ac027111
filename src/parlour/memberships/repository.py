"""Membership queries. Types and memberships are chain data (``scope="chain_id"``); a location
reaches those of every chain it belongs to."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime

from sqlalchemy import ColumnElement, select
from sqlalchemy.ext.asyncio import AsyncSession

from parlour.errors import MembershipNotFound, MembershipTypeNotFound
from parlour.kit.repository import Scoped, paginate
from parlour.kit.text import fold
from parlour.models import (
    Chain,
    ClientMembership,
    Event,
    EventSchedule,
    EventScheduleDay,
    GoodsCategory,
    Location,
    LocationChain,
    MembershipType,
    MembershipUse,
    Product,
    RecordService,
    Service,
    ServiceCategory,
    Unit,
)

TYPES = Scoped(
    MembershipType,
    scope="chain_id",
    not_found=MembershipTypeNotFound,
    order_by=(MembershipType.id,),
)
MEMBERSHIPS = Scoped(
    ClientMembership,
    scope="chain_id",
    not_found=MembershipNotFound,
    order_by=(ClientMembership.id,),
)
USES = Scoped(MembershipUse, scope="chain_id")
SERVICES = Scoped(Service)
CATEGORIES = Scoped(ServiceCategory)
PRODUCTS = Scoped(Product)
EVENTS = Scoped(Event)
SCHEDULES = Scoped(EventSchedule)
SCHEDULE_DAYS = Scoped(EventScheduleDay)

PRODUCT_CATEGORY = "Memberships"


async def chain_ids_of(session: AsyncSession, location_id: int) -> list[int]:
    stmt = select(LocationChain.chain_id).where(LocationChain.location_id == location_id)
    return sorted((await session.execute(stmt)).scalars())


async def locations_of_chain(session: AsyncSession, chain_id: int) -> list[Location]:
    stmt = (
        select(Location)
        .join(LocationChain, LocationChain.location_id == Location.id)
        .where(LocationChain.chain_id == chain_id, Location.deleted.is_(False))
        .order_by(Location.id)
    )
    return list((await session.execute(stmt)).scalars())


async def location_ids_of_chains(session: AsyncSession, chain_ids: Sequence[int]) -> list[int]:
    if not chain_ids:
        return []
    stmt = select(LocationChain.location_id).where(LocationChain.chain_id.in_(chain_ids))
    return sorted(set((await session.execute(stmt)).scalars()))


async def types_page(
    session: AsyncSession,
    chain_ids: Sequence[int],
    *,
    title: str | None,
    ids: Sequence[int] | None,
    offset: int,
    limit: int,
    live_only: bool,
) -> tuple[list[MembershipType], int]:
    conds: list[ColumnElement[bool]] = []
    if title:
        conds.append(MembershipType.title.ilike(f"%{title}%"))
    if ids is not None:
        conds.append(MembershipType.id.in_(list(ids)))
    if live_only:
        conds.append(MembershipType.archived.is_(False))
    stmt = TYPES.select(chain_ids, *conds)
    return await paginate(session, stmt, offset=offset, limit=limit, order_by=(MembershipType.id,))


async def of_phone(
    session: AsyncSession, chain_ids: Sequence[int], phone: str
) -> list[ClientMembership]:
    return await MEMBERSHIPS.all(session, chain_ids, ClientMembership.phone == phone)


async def page(
    session: AsyncSession,
    chain_id: int,
    *,
    after: datetime | None,
    before: datetime | None,
    ids: Sequence[int],
    offset: int,
    limit: int,
) -> tuple[list[ClientMembership], int]:
    conds: list[ColumnElement[bool]] = []
    if after is not None:
        conds.append(ClientMembership.created_at >= after)
    if before is not None:
        conds.append(ClientMembership.created_at <= before)
    if ids:
        conds.append(ClientMembership.id.in_(list(ids)))
    stmt = MEMBERSHIPS.select(chain_id, *conds)
    return await paginate(
        session, stmt, offset=offset, limit=limit, order_by=(ClientMembership.id,)
    )


async def lock(
    session: AsyncSession, chain_ids: Sequence[int], membership_id: int
) -> ClientMembership | None:
    """The live membership, its row locked until the transaction ends (PostgreSQL
    ``FOR UPDATE``; SQLite's write transaction already holds the one write lock). The row is
    read afresh, so what another transaction committed while this one waited is seen."""
    stmt = (
        MEMBERSHIPS.select(chain_ids, ClientMembership.id == membership_id)
        .with_for_update()
        .execution_options(populate_existing=True)
    )
    return (await session.execute(stmt)).scalar_one_or_none()


async def sold_by(
    session: AsyncSession, chain_ids: Sequence[int], document_id: int
) -> list[ClientMembership]:
    """The live memberships a goods sale document sold, their rows locked (as ``lock``)."""
    stmt = (
        MEMBERSHIPS.select(chain_ids, ClientMembership.document_id == document_id)
        .with_for_update()
        .execution_options(populate_existing=True)
    )
    return list((await session.execute(stmt)).scalars())


async def live_uses(session: AsyncSession, chain_id: int, membership_id: int) -> int:
    return await USES.count(session, chain_id, MembershipUse.membership_id == membership_id)


async def use_of_line(session: AsyncSession, chain_id: int, line_id: int) -> MembershipUse | None:
    stmt = USES.select(chain_id, MembershipUse.sale_line_id == line_id)
    return (await session.execute(stmt)).scalars().first()


async def services_by_ids(
    session: AsyncSession, location_ids: Sequence[int], ids: Iterable[int]
) -> dict[int, Service]:
    wanted = sorted(set(ids))
    if not wanted or not location_ids:
        return {}
    rows = await SERVICES.all(session, location_ids, Service.id.in_(wanted), with_deleted=True)
    return {r.id: r for r in rows}


async def categories_by_ids(
    session: AsyncSession, location_ids: Sequence[int], ids: Iterable[int]
) -> dict[int, ServiceCategory]:
    wanted = sorted(set(ids))
    if not wanted or not location_ids:
        return {}
    rows = await CATEGORIES.all(
        session, location_ids, ServiceCategory.id.in_(wanted), with_deleted=True
    )
    return {r.id: r for r in rows}


async def sold_services(
    session: AsyncSession, location_id: int, ids: Iterable[int]
) -> dict[int, Service]:
    """The services of a sale's service items, by the item (record service) id."""
    wanted = sorted(set(ids))
    if not wanted:
        return {}
    stmt = (
        select(RecordService.id, Service)
        .join(Service, Service.id == RecordService.service_id)
        .where(RecordService.id.in_(wanted), Service.location_id == location_id)
    )
    return {row[0]: row[1] for row in (await session.execute(stmt)).all()}


async def product_category(session: AsyncSession, location_id: int) -> GoodsCategory:
    """The location's product category memberships are sold under (made on first need)."""
    stmt = select(GoodsCategory).where(
        GoodsCategory.location_id == location_id,
        GoodsCategory.title == PRODUCT_CATEGORY,
        GoodsCategory.parent_id.is_(None),
        GoodsCategory.deleted.is_(False),
    )
    found = (await session.execute(stmt)).scalars().first()
    if found is not None:
        return found
    row = GoodsCategory(
        location_id=location_id, title=PRODUCT_CATEGORY, search_text=fold(PRODUCT_CATEGORY)
    )
    session.add(row)
    await session.flush()
    return row


async def sale_unit(session: AsyncSession, location_id: int) -> Unit:
    stmt = select(Unit).where(Unit.location_id == location_id).order_by(Unit.id)
    found = (await session.execute(stmt)).scalars().first()
    if found is not None:
        return found
    row = Unit(location_id=location_id, title="Piece", short_title="pcs")
    session.add(row)
    await session.flush()
    return row


async def products_by_ids(session: AsyncSession, ids: Iterable[int]) -> dict[int, Product]:
    wanted = sorted(set(ids))
    if not wanted:
        return {}
    stmt = select(Product).where(Product.id.in_(wanted))
    return {p.id: p for p in (await session.execute(stmt)).scalars()}


async def first_service(session: AsyncSession, location_id: int) -> Service | None:
    rows = await SERVICES.all(session, location_id, order_by=(Service.id,))
    return rows[0] if rows else None


async def chain(session: AsyncSession, chain_id: int) -> Chain | None:
    return await session.get(Chain, chain_id)
