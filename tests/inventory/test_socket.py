"""The ledgers against a running server over a real socket: every write path once, and two
concurrent sales of the last unit through two worker processes."""

from __future__ import annotations

import asyncio
from decimal import Decimal
from pathlib import Path

import httpx
from sqlalchemy import func, select

from parlour.db import Database
from parlour.ledger_defaults import seed_location
from parlour.models import FinanceTransaction, GoodsTransaction, StorageDocument
from tests.booking.server import running_server
from tests.fixtures.factories import Tenant


async def _setup(http: httpx.AsyncClient, world: Tenant) -> dict[str, int]:
    loc, h = world.location_id, world.headers
    units = (await http.get(f"/units/{loc}", headers=h)).json()["data"]
    storages = (await http.get(f"/storages/{loc}", headers=h)).json()["data"]
    accounts = (await http.get(f"/accounts/{loc}", headers=h)).json()["data"]
    cat = (await http.post(f"/goods_categories/{loc}", json={"title": "Hair"}, headers=h)).json()
    r = await http.post(
        f"/goods/{loc}",
        json={
            "title": "Shampoo",
            "category_id": cat["data"]["id"],
            "cost": 10,
            "sale_unit_id": units[0]["id"],
            "service_unit_id": units[1]["id"],
        },
        headers=h,
    )
    return {
        "good": int(r.json()["data"][0]["good_id"]),
        "shop": next(s["id"] for s in storages if s["for_sale"]),
        "other": next(s["id"] for s in storages if not s["for_sale"]),
        "card": next(a["id"] for a in accounts if a["type"] == 1),
    }


async def test_ledger_writes_over_a_socket(
    database: Database, database_url: str, world: Tenant, tmp_path: Path
) -> None:
    async with database.session(write=True) as s:
        await seed_location(s, world.location_id)
    loc, h = world.location_id, world.headers
    with running_server(database_url, tmp_path, workers=1) as (base, _proc):
        async with httpx.AsyncClient(base_url=base, timeout=30) as http:
            ids = await _setup(http, world)
            doc = (
                await http.post(
                    f"/storage_operations/documents/{loc}",
                    json={"type_id": 3, "storage_id": ids["shop"]},
                    headers=h,
                )
            ).json()["data"]
            line = await http.post(
                f"/storage_operations/goods_transactions/{loc}",
                json={"document_id": doc["id"], "good_id": ids["good"], "amount": 5},
                headers=h,
            )
            assert line.status_code == 200, line.text
            line_id = line.json()["data"]["id"]
            put = await http.put(
                f"/storage_operations/goods_transactions/{loc}/{line_id}",
                json={"document_id": doc["id"], "good_id": ids["good"], "amount": 7},
                headers=h,
            )
            assert put.status_code == 200
            r = await http.put(
                f"/storage_operations/documents/{loc}/{doc['id']}",
                json={"type_id": 3, "storage_id": ids["other"], "comment": "moved"},
                headers=h,
            )
            assert r.status_code == 200
            sale = await http.post(
                f"/storage_operations/operation/{loc}",
                json={
                    "type_id": 1,
                    "storage_id": ids["other"],
                    "transactions": [{"good_id": ids["good"], "amount": 2, "cost_per_unit": 10}],
                    "paid": True,
                    "account_id": ids["card"],
                },
                headers=h,
            )
            assert sale.status_code == 200, sale.text
            fin = await http.post(
                f"/finance_transactions/{loc}",
                json={"expense_id": 9, "amount": -3.3, "account_id": ids["card"]},
                headers=h,
            )
            fin_id = fin.json()["data"]["id"]
            r = await http.put(
                f"/finance_transactions/{loc}/{fin_id}",
                json={"expense_id": 9, "amount": -3.35, "account_id": ids["card"]},
                headers=h,
            )
            assert r.status_code == 200
            bad = await http.post(
                f"/storage_operations/operation/{loc}",
                json={
                    "type_id": 1,
                    "storage_id": ids["other"],
                    "transactions": [
                        {"good_id": ids["good"], "amount": 1},
                        {"good_id": 999999, "amount": 1},
                    ],
                    "paid": True,
                    "account_id": ids["card"],
                },
                headers=h,
            )
            assert bad.status_code == 422
            assert (
                await http.delete(f"/finance_transactions/{loc}/{fin_id}", headers=h)
            ).status_code == 202
            r = await http.delete(
                f"/storage_operations/goods_transactions/{loc}/{line_id}", headers=h
            )
            assert r.status_code == 202
            r = await http.delete(f"/storage_operations/documents/{loc}/{doc['id']}", headers=h)
            assert r.status_code == 202
            accounts = (await http.get(f"/accounts/{loc}", headers=h)).json()["data"]
            assert next(a for a in accounts if a["id"] == ids["card"])["balance"] == 20
    async with database.session() as s:
        live = await s.execute(
            select(func.sum(GoodsTransaction.amount)).where(GoodsTransaction.deleted.is_(False))
        )
        assert Decimal(live.scalar_one()) == Decimal(-2)
        docs = await s.execute(
            select(func.count(StorageDocument.id)).where(StorageDocument.deleted.is_(False))
        )
        assert docs.scalar_one() == 1


async def test_two_concurrent_sales_of_the_last_unit(
    database: Database, database_url: str, world: Tenant, tmp_path: Path
) -> None:
    """Stock may go negative (as upstream allows): both sales go through, and the ledgers stay
    consistent: two documents with distinct numbers, stock -1, a finance line per sale."""
    async with database.session(write=True) as s:
        await seed_location(s, world.location_id)
    loc, h = world.location_id, world.headers
    with running_server(database_url, tmp_path, workers=2) as (base, _proc):
        async with httpx.AsyncClient(base_url=base, timeout=60) as http:
            ids = await _setup(http, world)
            r = await http.post(
                f"/storage_operations/operation/{loc}",
                json={
                    "type_id": 3,
                    "storage_id": ids["shop"],
                    "goods_transactions": [{"good_id": ids["good"], "amount": 1}],
                },
                headers=h,
            )
            assert r.status_code == 200

            async def sell() -> httpx.Response:
                return await http.post(
                    f"/storage_operations/operation/{loc}",
                    json={
                        "type_id": 1,
                        "storage_id": ids["shop"],
                        "goods_transactions": [
                            {"good_id": ids["good"], "amount": 1, "cost_per_unit": 10}
                        ],
                        "paid": True,
                        "account_id": ids["card"],
                    },
                    headers=h,
                )

            answers = await asyncio.gather(*(sell() for _ in range(6)))
            assert [a.status_code for a in answers] == [200] * 6, [a.text for a in answers]
            numbers = [a.json()["data"]["document"]["number"] for a in answers]
            assert len(set(numbers)) == 6
            product = (await http.get(f"/goods/{loc}/{ids['good']}", headers=h)).json()
            assert product["data"][0]["actual_amounts"] == [
                {"storage_id": str(ids["shop"]), "amount": "-5"}
            ]
            accounts = (await http.get(f"/accounts/{loc}", headers=h)).json()["data"]
            assert next(a for a in accounts if a["id"] == ids["card"])["balance"] == 60
    async with database.session() as s:
        paid = await s.execute(select(func.count(FinanceTransaction.id)))
        assert paid.scalar_one() == 6
