"""Shared arrangements for the ledger tests: a location with its default units, storages and
accounts, and helpers that create categories and products through the API."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import httpx

from parlour.db import Database
from parlour.ledger_defaults import seed_location
from tests.fixtures.factories import Tenant


@dataclass
class Shop:
    tenant: Tenant
    units: dict[str, int]
    storages: dict[str, int]
    accounts: dict[str, int]

    @property
    def location_id(self) -> int:
        return self.tenant.location_id

    @property
    def headers(self) -> dict[str, str]:
        return self.tenant.headers


async def open_shop(database: Database, client: httpx.AsyncClient, tenant: Tenant) -> Shop:
    """The tenant's location with the defaults a new location gets."""
    async with database.session(write=True) as session:
        await seed_location(session, tenant.location_id)
    loc = tenant.location_id
    units = (await client.get(f"/units/{loc}", headers=tenant.headers)).json()["data"]
    storages = (await client.get(f"/storages/{loc}", headers=tenant.headers)).json()["data"]
    accounts = (await client.get(f"/accounts/{loc}", headers=tenant.headers)).json()["data"]
    return Shop(
        tenant,
        {u["short_title"]: u["id"] for u in units},
        {("sale" if s["for_sale"] else "service"): s["id"] for s in storages},
        {("cash" if a["type"] == 0 else "card"): a["id"] for a in accounts},
    )


async def make_category(
    client: httpx.AsyncClient, shop: Shop, title: str, parent: int = 0
) -> dict[str, Any]:
    r = await client.post(
        f"/goods_categories/{shop.location_id}",
        json={"title": title, "parent_category_id": parent},
        headers=shop.headers,
    )
    assert r.status_code == 201, r.text
    data: dict[str, Any] = r.json()["data"]
    return data


def product_body(shop: Shop, category: int, **over: Any) -> dict[str, Any]:
    return {
        "title": "Shampoo",
        "article": "SH-1",
        "barcode": "4600001",
        "category_id": category,
        "cost": 18.5,
        "actual_cost": "9.00",
        "sale_unit_id": shop.units["pcs"],
        "service_unit_id": shop.units["ml"],
        "unit_equals": 100,
        "critical_amount": 1,
        "desired_amount": 5,
        **over,
    }


async def make_product(
    client: httpx.AsyncClient, shop: Shop, category_id: int, **over: Any
) -> dict[str, Any]:
    r = await client.post(
        f"/goods/{shop.location_id}",
        json=product_body(shop, category_id, **over),
        headers=shop.headers,
    )
    assert r.status_code == 201, r.text
    data: dict[str, Any] = r.json()["data"][0]
    return data


LOYALTY_FIELDS = (
    "loyalty_abonement_type_id",
    "loyalty_certificate_type_id",
    "loyalty_allow_empty_code",
)


async def assert_stock_adds_up(client: httpx.AsyncClient, tenant: Tenant) -> dict[int, Any]:
    """The inventory answers agree: every stock-counted product's stock per storage is the sum
    of its live goods lines (in sale units); a membership's or certificate's goods item has no
    stock at all and only sale lines; every goods line names its item with the loyalty fields
    the product's own answer shows. Returns the products by id."""
    loc, h = tenant.location_id, tenant.headers
    r = await client.get(f"/goods/{loc}", params={"count": 1000}, headers=h)
    assert r.status_code == 200, r.text
    products = {int(p["good_id"]): p for p in r.json()["data"]}
    r = await client.get(f"/storages/transactions/{loc}", params={"count": 1000}, headers=h)
    assert r.status_code == 200, r.text
    sums: dict[int, dict[int, Decimal]] = {}
    for line in r.json()["data"]:
        product = products.get(line["good_id"])
        if product is None:  # a deleted product's old line
            continue
        for field in LOYALTY_FIELDS:
            assert line["good"][field] == product[field], (field, line, product)
        assert line["good"]["actual_amounts"] == [
            {"storage_id": int(a["storage_id"]), "amount": float(a["amount"])}
            for a in product["actual_amounts"]
        ]
        amount = Decimal(str(line["amount"]))
        if line["operation_unit_type"] == 2:
            amount /= Decimal(product["unit_equals"])
        per = sums.setdefault(line["good_id"], {})
        per[line["storage_id"]] = per.get(line["storage_id"], Decimal(0)) + amount
    for good_id, product in products.items():
        levels = {int(a["storage_id"]): Decimal(a["amount"]) for a in product["actual_amounts"]}
        counted = not (
            product["loyalty_abonement_type_id"] or product["loyalty_certificate_type_id"]
        )
        if counted:
            assert levels == sums.get(good_id, {}), (product, sums.get(good_id))
        else:
            assert levels == {}, product
            assert all(v <= 0 for v in sums.get(good_id, {}).values()), sums[good_id]
    return products
