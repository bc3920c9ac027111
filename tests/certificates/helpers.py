"""Shared steps of the gift certificate tests."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import httpx

from parlour.db import Database
from tests.fixtures.factories import Salon, Tenant
from tests.products.ledger import make_category, make_product, open_shop

PHONE = "+13155550175"


def type_body(**changes: Any) -> dict[str, Any]:
    """A 3000 certificate for any services, valid a year from the sale, several write-offs."""
    body: dict[str, Any] = {
        "title": "Gift Certificate 3000",
        "balance": 3000,
        "is_multi": True,
        "item_type_id": 1,
        "is_allow_empty_code": False,
        "balance_edit_type_id": 2,
        "service_ids": [],
        "salon_ids": [],
        "expiration": {"type_id": 2, "timeout": 1, "timeout_unit_id": 4},
        "online_sale": {"is_enabled": False},
        "category_id": None,
    }
    return body | changes


async def create_type(http: httpx.AsyncClient, t: Tenant, **changes: Any) -> dict[str, Any]:
    r = await http.post(
        f"/chain/{t.chain.id}/loyalty/certificate_types",
        json=type_body(**changes),
        headers=t.headers,
    )
    assert r.status_code == 200, r.text
    data: dict[str, Any] = r.json()["data"]
    return data


async def sell_certificate(
    http: httpx.AsyncClient, t: Tenant, type_id: int, phone: str = PHONE, **extra: Any
) -> dict[str, Any]:
    r = await http.post(
        f"/company/{t.location_id}/loyalty/certificates",
        json={"certificate_type_id": type_id, "phone": phone, **extra},
        headers=t.headers,
    )
    assert r.status_code == 201, r.text
    data: dict[str, Any] = r.json()["data"]
    return data


@dataclass
class Sale:
    location_id: int
    record_id: int
    visit_id: int
    document_id: int
    client_id: int
    accounts: dict[str, int]

    def url(self, tail: str = "") -> str:
        return f"/company/{self.location_id}/sale/{self.document_id}{tail}"


async def visit_sale(
    http: httpx.AsyncClient,
    database: Database,
    salon: Salon,
    *,
    service_cost: int = 2000,
    product_cost: int = 1300,
    phone: str = PHONE,
) -> Sale:
    """A visit of the client ``phone`` with a service at ``service_cost`` and a product at
    ``product_cost`` (no discounts)."""
    tenant = salon.tenant
    loc, h = tenant.location_id, tenant.headers
    shop = await open_shop(database, http, tenant)
    category = await make_category(http, shop, "Care")
    product = await make_product(http, shop, category["id"], cost=product_cost)
    body = salon.body(
        services=[{"id": salon.service_id, "first_cost": service_cost}],
        client={"phone": phone, "name": "Jane"},
    )
    r = await http.post(f"/records/{loc}", json=body, headers=h)
    assert r.status_code == 201, r.text
    record = r.json()["data"][0]
    r = await http.put(
        f"/visits/{record['visit_id']}/{record['id']}",
        json={
            "attendance": 1,
            "comment": "",
            "goods_transactions": [
                {
                    "good_id": product["good_id"],
                    "title": "Serum",
                    "amount": -1,
                    "cost_per_unit": product_cost,
                    "price": product_cost,
                    "storage_id": shop.storages["sale"],
                }
            ],
        },
        headers=h,
    )
    assert r.status_code == 200, r.text
    r = await http.get(f"/record/{loc}/{record['id']}", headers=h)
    document_id = r.json()["data"]["documents"][0]["id"]
    return Sale(
        loc, record["id"], record["visit_id"], document_id, record["client"]["id"], shop.accounts
    )


def pay_body(certificate_id: int, amount: float, number: str | None = None) -> dict[str, Any]:
    payment: dict[str, Any] = {
        "method": {"slug": "loyalty_certificate", "loyalty_certificate_id": certificate_id},
        "amount": amount,
    }
    if number is not None:
        payment["number"] = number
    return {"payment": payment}
