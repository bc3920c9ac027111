"""Shared arrangements for the checkout tests: a salon with its default accounts, a client
with a 10% discount and a visit holding a 500 service and a 1300 product."""

from __future__ import annotations

from dataclasses import dataclass

import httpx
from sqlalchemy import update

from parlour.db import Database
from parlour.models import Client
from tests.fixtures.factories import Salon, Tenant
from tests.products.ledger import make_category, make_product, open_shop


@dataclass
class Visit:
    location_id: int
    record_id: int
    visit_id: int
    document_id: int
    client_id: int
    accounts: dict[str, int]


async def sell(
    client: httpx.AsyncClient,
    database: Database,
    salon: Salon,
    *,
    phone: str = "+13155550175",
) -> Visit:
    """A record at 500 with a 1300 product for a client with a 10% discount."""
    tenant: Tenant = salon.tenant
    loc = tenant.location_id
    h = tenant.headers
    shop = await open_shop(database, client, tenant)
    category = await make_category(client, shop, "Care")
    product = await make_product(client, shop, category["id"], cost=1300)
    body = salon.body(
        services=[{"id": salon.service_id, "first_cost": 500}],
        client={"phone": phone, "name": "Jane"},
    )
    r = await client.post(f"/records/{loc}", json=body, headers=h)
    assert r.status_code == 201, r.text
    record = r.json()["data"][0]
    async with database.session(write=True) as session:
        await session.execute(
            update(Client).where(Client.id == record["client"]["id"]).values(discount=10)
        )
    r = await client.put(
        f"/visits/{record['visit_id']}/{record['id']}",
        json={
            "attendance": 1,
            "comment": "",
            "goods_transactions": [
                {
                    "good_id": product["good_id"],
                    "title": "Serum",
                    "amount": -1,
                    "cost_per_unit": 1300,
                    "price": 1300,
                    "storage_id": shop.storages["sale"],
                }
            ],
        },
        headers=h,
    )
    assert r.status_code == 200, r.text
    r = await client.get(f"/record/{loc}/{record['id']}", headers=h)
    document_id = r.json()["data"]["documents"][0]["id"]
    return Visit(
        loc, record["id"], record["visit_id"], document_id, record["client"]["id"], shop.accounts
    )


async def balances(client: httpx.AsyncClient, tenant: Tenant) -> dict[str, float]:
    r = await client.get(f"/accounts/{tenant.location_id}", headers=tenant.headers)
    return {("cash" if a["type"] == 0 else "card"): a["balance"] for a in r.json()["data"]}


async def sister(database: Database, tenant: Tenant, title: str = "Second Salon") -> Tenant:
    """Another location of ``tenant``'s chain, with the same owner."""
    from parlour.auth import service as auth_service
    from parlour.models import Location, LocationChain

    async with database.session(write=True) as session:
        location = Location(
            title=title,
            timezone_name=tenant.location.timezone_name,
            main_group_id=tenant.chain.id,
            social={},
            phones=[],
            photos=[],
        )
        session.add(location)
        await session.flush()
        session.add(LocationChain(location_id=location.id, chain_id=tenant.chain.id))
        await auth_service.grant(session, tenant.user, location)
    return Tenant(
        partner_token=tenant.partner_token,
        user=tenant.user,
        user_token=tenant.user_token,
        location=location,
        chain=tenant.chain,
    )


async def open_deposit(
    client: httpx.AsyncClient, tenant: Tenant, client_id: int, title: str = "Prepaid"
) -> int:
    """A new account type of the chain and an account of it for the client."""
    r = await client.post(
        f"/chain/{tenant.chain.id}/deposit_types", json={"title": title}, headers=tenant.headers
    )
    assert r.status_code == 201, r.text
    r = await client.post(
        f"/deposits/company/{tenant.location_id}/client/{client_id}",
        json={"deposit_type_id": r.json()["data"]["id"]},
        headers=tenant.headers,
    )
    assert r.status_code == 201, r.text
    deposit_id: int = r.json()["data"]["deposit"]["id"]
    return deposit_id
