"""SQL for locations and chains."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import Select, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from parlour.errors import ChainNotFound, LocationNotFound
from parlour.kit.repository import Root
from parlour.models import BookingForm, Chain, Location, LocationChain, Membership, TeamMember

LOCATIONS = Root(Location, not_found=LocationNotFound)
CHAINS = Root(Chain, not_found=ChainNotFound)


async def get_location(session: AsyncSession, location_id: int) -> Location | None:
    """A live location."""
    return await LOCATIONS.get(session, location_id)


async def load_location(session: AsyncSession, location_id: int) -> Location:
    """A live location, or ``LocationNotFound``."""
    return await LOCATIONS.load(session, location_id)


async def user_in_chain(session: AsyncSession, user_id: int, chain_id: int) -> bool:
    """Whether the user is a member of at least one location of the chain."""
    stmt = (
        select(Membership.id)
        .join(LocationChain, LocationChain.location_id == Membership.location_id)
        .where(Membership.user_id == user_id, LocationChain.chain_id == chain_id)
        .limit(1)
    )
    return (await session.execute(stmt)).first() is not None


async def chain_memberships(
    session: AsyncSession, user_id: int, chain_id: int
) -> Sequence[Membership]:
    """The user's memberships in the locations of the chain."""
    stmt = (
        select(Membership)
        .join(LocationChain, LocationChain.location_id == Membership.location_id)
        .where(Membership.user_id == user_id, LocationChain.chain_id == chain_id)
    )
    return (await session.execute(stmt)).scalars().all()


@dataclass(slots=True)
class LocationFilters:
    id: int | None = None
    group_id: int | None = None
    member_user_id: int | None = None
    active: bool = False
    city_id: int | None = None
    min_id: int | None = None
    show_deleted: bool = False
    hide_record_types: tuple[str, ...] = ()
    business_group_id: int | None = None
    business_type_id: int | None = None


def _filtered(f: LocationFilters) -> Select[Location]:
    stmt = LOCATIONS.select(with_deleted=f.show_deleted)
    if f.id is not None:
        stmt = stmt.where(Location.id == f.id)
    if f.min_id is not None:
        stmt = stmt.where(Location.id >= f.min_id)
    if f.active:
        stmt = stmt.where(Location.active.is_(True))
    if f.city_id is not None:
        stmt = stmt.where(Location.city_id == f.city_id)
    if f.business_group_id is not None:
        stmt = stmt.where(Location.business_group_id == f.business_group_id)
    if f.business_type_id is not None:
        stmt = stmt.where(Location.business_type_id == f.business_type_id)
    if f.hide_record_types:
        stmt = stmt.where(Location.record_type.not_in(f.hide_record_types))
    if f.group_id is not None:
        stmt = stmt.where(
            Location.id.in_(
                select(LocationChain.location_id).where(LocationChain.chain_id == f.group_id)
            )
        )
    if f.member_user_id is not None:
        stmt = stmt.where(
            Location.id.in_(
                select(Membership.location_id).where(Membership.user_id == f.member_user_id)
            )
        )
    return stmt


async def list_locations(
    session: AsyncSession, f: LocationFilters, *, offset: int, limit: int
) -> Sequence[Location]:
    stmt = _filtered(f).order_by(Location.id).offset(offset).limit(limit)
    return (await session.execute(stmt)).scalars().all()


async def chains_of(session: AsyncSession, location_ids: Sequence[int]) -> dict[int, list[Chain]]:
    out: dict[int, list[Chain]] = {i: [] for i in location_ids}
    if not location_ids:
        return out
    stmt = (
        select(LocationChain.location_id, Chain)
        .join(Chain, Chain.id == LocationChain.chain_id)
        .where(LocationChain.location_id.in_(location_ids))
        .order_by(Chain.id)
    )
    for location_id, chain in (await session.execute(stmt)).all():
        out[location_id].append(chain)
    return out


async def chains_by_id(session: AsyncSession, ids: Sequence[int]) -> dict[int, Chain]:
    if not ids:
        return {}
    rows = (await session.execute(select(Chain).where(Chain.id.in_(ids)))).scalars()
    return {c.id: c for c in rows}


async def active_staff_counts(session: AsyncSession, location_ids: Sequence[int]) -> dict[int, int]:
    if not location_ids:
        return {}
    stmt = (
        select(TeamMember.location_id, func.count(TeamMember.id))
        .where(
            TeamMember.location_id.in_(location_ids),
            TeamMember.deleted.is_(False),
            TeamMember.fired.is_(False),
            TeamMember.hidden.is_(False),
            TeamMember.bookable.is_(True),
        )
        .group_by(TeamMember.location_id)
    )
    return {loc: n for loc, n in (await session.execute(stmt)).all()}


async def bookforms_of(
    session: AsyncSession, location_ids: Sequence[int]
) -> dict[int, list[BookingForm]]:
    out: dict[int, list[BookingForm]] = {i: [] for i in location_ids}
    if not location_ids:
        return out
    stmt = (
        select(BookingForm)
        .where(BookingForm.location_id.in_(location_ids))
        .order_by(BookingForm.weight.desc(), BookingForm.id)
    )
    for form in (await session.execute(stmt)).scalars():
        out[form.location_id].append(form)
    return out


async def memberships_of(
    session: AsyncSession, user_id: int, location_ids: Sequence[int]
) -> dict[int, Membership]:
    if not location_ids:
        return {}
    stmt = select(Membership).where(
        Membership.user_id == user_id, Membership.location_id.in_(location_ids)
    )
    return {m.location_id: m for m in (await session.execute(stmt)).scalars()}


async def chain_visible_to(session: AsyncSession, chain_id: int, user_id: int) -> bool:
    """A user may attach a location to a chain that is empty or holds one of their locations."""
    members = select(LocationChain.location_id).where(LocationChain.chain_id == chain_id)
    total = (await session.execute(select(func.count()).select_from(members.subquery()))).scalar()
    if not total:
        return True
    mine = members.where(
        LocationChain.location_id.in_(
            select(Membership.location_id).where(Membership.user_id == user_id)
        )
    ).limit(1)
    return (await session.execute(mine)).first() is not None
