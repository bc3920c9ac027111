"""Chains ("groups" upstream): the ones a user can reach, and a chain client by phone."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from parlour.errors import NotFound
from parlour.kit.phones import normalize_phone
from parlour.models import Chain, Client, Location, LocationChain, Membership, User

# The chain rights upstream lists; each is "1" when the user holds it in a chain location.
CHAIN_RIGHTS = (
    "settings_access",
    "clients_access",
    "users_access",
    "loyalty_access",
    "loyalty_cards_manual_transactions_access",
    "chain_services_access",
)


async def chains_of_user(session: AsyncSession, user: User) -> list[dict[str, Any]]:
    stmt = (
        select(Chain, Location, Membership)
        .join(LocationChain, LocationChain.chain_id == Chain.id)
        .join(Location, Location.id == LocationChain.location_id)
        .join(Membership, Membership.location_id == Location.id)
        .where(Membership.user_id == user.id, Location.deleted.is_(False))
        .order_by(Chain.id, Location.id)
    )
    out: dict[int, dict[str, Any]] = {}
    for chain, location, member in (await session.execute(stmt)).all():
        item = out.setdefault(
            chain.id,
            {
                "id": chain.id,
                "title": chain.title,
                "companies": [],
                "access": dict.fromkeys(CHAIN_RIGHTS, "0"),
            },
        )
        item["companies"].append({"id": location.id, "title": location.title})
        for right in CHAIN_RIGHTS:
            if member.rights.get(right):
                item["access"][right] = "1"
    return list(out.values())


async def chain_clients(session: AsyncSession, chain: Chain, phone: str) -> dict[str, Any]:
    e164 = normalize_phone(phone)
    stmt = (
        select(Client)
        .join(LocationChain, LocationChain.location_id == Client.location_id)
        .join(Location, Location.id == Client.location_id)
        .where(
            LocationChain.chain_id == chain.id,
            Location.deleted.is_(False),
            Client.phone == e164,
        )
        .order_by(Client.location_id, Client.id)
    )
    clients = (await session.execute(stmt)).scalars().all()
    if not clients:
        raise NotFound("Client not found")
    return {
        "salon_group_id": chain.id,
        "phone": e164,
        "clients": [
            {"id": c.id, "company_id": c.location_id, "name": c.name, "email": c.email}
            for c in clients
        ],
    }
