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
