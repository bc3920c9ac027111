"""SQL for chains: the chains a user reaches, and a chain's clients (chain-scoped data is read
through the chain's locations)."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from parlour.models import Chain, Client, Location, LocationChain, Membership


async def user_chain_locations(
    session: AsyncSession, user_id: int
) -> list[tuple[Chain, Location, Membership]]:
    """(chain, location, membership) for every live chain location the user belongs to."""
    stmt = (
        select(Chain, Location, Membership)
        .join(LocationChain, LocationChain.chain_id == Chain.id)
        .join(Location, Location.id == LocationChain.location_id)
        .join(Membership, Membership.location_id == Location.id)
        .where(Membership.user_id == user_id, Location.deleted.is_(False))
        .order_by(Chain.id, Location.id)
    )
    return [(c, loc, m) for c, loc, m in (await session.execute(stmt)).all()]


async def clients_by_phone(session: AsyncSession, chain_id: int, phone: str) -> list[Client]:
    """The clients with this phone in the chain's live locations."""
    stmt = (
        select(Client)
        .join(LocationChain, LocationChain.location_id == Client.location_id)
        .join(Location, Location.id == Client.location_id)
        .where(
            LocationChain.chain_id == chain_id,
            Location.deleted.is_(False),
            Client.phone == phone,
        )
        .order_by(Client.location_id, Client.id)
    )
    return list((await session.execute(stmt)).scalars())
