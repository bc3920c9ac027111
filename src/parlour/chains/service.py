"""Chains ("groups" upstream): the ones a user can reach, and a chain client by phone."""

from __future__ import annotations

from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from parlour.auth.access import Access
from parlour.chains import repository as repo
from parlour.errors import ClientNotFound
from parlour.kit.phones import normalize_phone
from parlour.models import Chain, User

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
    out: dict[int, dict[str, Any]] = {}
    for chain, location, member in await repo.user_chain_locations(session, user.id):
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
        rights = Access.of(member).rights
        for right in CHAIN_RIGHTS:
            if rights.get(right) is True:
                item["access"][right] = "1"
    return list(out.values())


async def chain_clients(session: AsyncSession, chain: Chain, phone: str) -> dict[str, Any]:
    e164 = normalize_phone(phone)
    clients = await repo.clients_by_phone(session, chain.id, e164)
    if not clients:
        raise ClientNotFound()
    return {
        "salon_group_id": chain.id,
        "phone": e164,
        "clients": [
            {"id": c.id, "company_id": c.location_id, "name": c.name, "email": c.email}
            for c in clients
        ],
    }
