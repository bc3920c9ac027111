"""The stock ledger: documents, goods lines, inventory operations (with their finance lines),
transfers, the transactions search; and the money ledger beside it."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from sqlalchemy import func, select, update

from parlour.db import Database
from parlour.models import FinanceTransaction, GoodsTransaction, Membership, StorageDocument
from tests.fixtures.factories import Tenant, assert_error, only_rights
from tests.products.ledger import Shop, make_category, make_product, open_shop


@pytest.fixture
async def shop(database: Database, client: httpx.AsyncClient, world: Tenant) -> Shop:
    return await open_shop(database, client, world)


@pytest.fixture
async def shampoo(client: httpx.AsyncClient, shop: Shop) -> int:
    cat = await make_category(client, shop, "Hair")
    product = await make_product(client, shop, cat["id"], cost=18.5, actual_cost=9)
    return int(product["good_id"])


async def operation(
    client: httpx.AsyncClient, shop: Shop, type_id: int, lines: list[dict[str, Any]], **over: Any
) -> httpx.Response:
    body = {
        "type_id": type_id,
        "storage_id": shop.storages["sale"],
        "create_date": "2030-01-07T10:00:00",
        "comment": "test",
        "goods_transactions": lines,
        **over,
    }
    return await client.post(
        f"/storage_operations/operation/{shop.location_id}", json=body, headers=shop.headers
    )


async def stock(client: httpx.AsyncClient, shop: Shop, good_id: int) -> dict[int, str]:
    r = await client.get(f"/goods/{shop.location_id}/{good_id}", headers=shop.headers)
    return {int(a["storage_id"]): a["amount"] for a in r.json()["data"][0]["actual_amounts"]}


async def balance(client: httpx.AsyncClient, shop: Shop, account: str) -> Any:
    r = await client.get(f"/accounts/{shop.location_id}", headers=shop.headers)
    return next(a["balance"] for a in r.json()["data"] if a["id"] == shop.accounts[account])


class TestOperations:
    async def test_receipt_then_paid_sale(
        self, client: httpx.AsyncClient, shop: Shop, shampoo: int
    ) -> None:
        loc = shop.location_id
        r = await operation(
            client, shop, 3, [{"good_id": shampoo, "amount": 10, "cost_per_unit": 9}]
        )
        assert r.status_code == 200, r.text
        receipt = r.json()["data"]
        assert receipt["document"]["type"] == {"id": 3, "title": "Receipt of goods"}
        assert [t["amount"] for t in receipt["transactions"]] == [10]
        assert receipt["transactions"][0]["cost"] == 90
        assert await stock(client, shop, shampoo) == {shop.storages["sale"]: "10"}

        r = await operation(
            client,
            shop,
            1,
            [{"good_id": shampoo, "amount": 1, "cost_per_unit": 18.5, "discount": 0}],
            paid=True,
            account_id=shop.accounts["card"],
        )
        assert r.status_code == 200, r.text
        sale = r.json()["data"]
        doc_id = sale["document"]["id"]
        assert sale["document"]["number"] == receipt["document"]["number"] + 1
        [line] = sale["transactions"]
        assert line["amount"] == -1 and line["cost"] == 18.5 and line["type_id"] == 1
        assert await stock(client, shop, shampoo) == {shop.storages["sale"]: "9"}
        assert await balance(client, shop, "card") == 18.5
        assert await balance(client, shop, "cash") == 0

        goods = await client.get(
            f"/storage_operations/documents/goods_transactions/{doc_id}", headers=shop.headers
        )
        assert [g["id"] for g in goods.json()["data"]] == [line["id"]]
        money = await client.get(
            f"/storage_operations/documents/finance_transactions/{doc_id}", headers=shop.headers
        )
        [paid] = money.json()["data"]
        assert paid["account_id"] == shop.accounts["card"] and paid["amount"] == 18.5
        assert paid["expense_id"] == 7 and paid["goods_transaction_id"] == line["id"]
        assert paid["document_id"] == doc_id

        # Deleting the sale gives the unit and the money back, together.
        r = await client.delete(
            f"/storage_operations/documents/{loc}/{doc_id}", headers=shop.headers
        )
        assert r.status_code == 202
        assert await stock(client, shop, shampoo) == {shop.storages["sale"]: "10"}
        assert await balance(client, shop, "card") == 0
        assert_error(
            await client.get(f"/storage_operations/documents/{loc}/{doc_id}", headers=shop.headers),
            404,
        )

    async def test_both_line_names_and_bad_input_write_nothing(
        self, client: httpx.AsyncClient, shop: Shop, shampoo: int, database: Database
    ) -> None:
        r = await operation(
            client,
            shop,
            3,
            [],
            goods_transactions=None,
            transactions=[{"good_id": shampoo, "amount": "2.5"}],
        )
        assert r.status_code == 200 and r.json()["data"]["transactions"][0]["amount"] == 2.5
        for lines, over, field in (
            ([{"good_id": shampoo, "amount": 1}, {"good_id": 999999, "amount": 1}], {}, None),
            ([{"good_id": shampoo, "amount": 0}], {}, None),
            ([{"good_id": shampoo, "amount": "x"}], {}, None),
            ([], {}, "goods_transactions"),
            ([{"good_id": shampoo, "amount": 1}], {"storage_id": 999999}, "storage_id"),
            ([{"good_id": shampoo, "amount": 1}], {"paid": True}, "account_id"),
            (
                [{"good_id": shampoo, "amount": 1}],
                {"type_id": 4, "paid": True, "account_id": shop.accounts["cash"]},
                "paid",
            ),
            ([{"good_id": shampoo, "amount": 1}], {"type_id": 2}, "type_id"),
            ([{"good_id": shampoo, "amount": 1}], {"type_id": 5}, "target_storage_id"),
            ([{"good_id": shampoo, "amount": 1}], {"type_id": 12}, "type_id"),
        ):
            kwargs = {"type_id": 1, **over}
            type_id = kwargs.pop("type_id")
            r = await operation(client, shop, type_id, lines, **kwargs)
            assert r.status_code == 422, (lines, over, r.text)
            if field:
                assert_error(r, 422, field)
        async with database.session() as s:
            lines_n = (await s.execute(select(func.count(GoodsTransaction.id)))).scalar_one()
            docs = (await s.execute(select(func.count(StorageDocument.id)))).scalar_one()
            money = (await s.execute(select(func.count(FinanceTransaction.id)))).scalar_one()
        assert (lines_n, docs, money) == (1, 1, 0)

    async def test_transfer_and_inventory_count(
        self, client: httpx.AsyncClient, shop: Shop, shampoo: int
    ) -> None:
        await operation(client, shop, 3, [{"good_id": shampoo, "amount": 10}])
        r = await operation(
            client,
            shop,
            5,
            [{"good_id": shampoo, "amount": 4}],
            target_storage_id=shop.storages["service"],
        )
        assert r.status_code == 200, r.text
        assert sorted(t["amount"] for t in r.json()["data"]["transactions"]) == [-4, 4]
        assert await stock(client, shop, shampoo) == {
            shop.storages["sale"]: "6",
            shop.storages["service"]: "4",
        }
        r = await operation(client, shop, 6, [{"good_id": shampoo, "amount": -0.5}])
        assert r.json()["data"]["transactions"][0]["amount"] == -0.5
        assert (await stock(client, shop, shampoo))[shop.storages["sale"]] == "5.5"

    async def test_stock_may_go_negative(
        self, client: httpx.AsyncClient, shop: Shop, shampoo: int
    ) -> None:
        r = await operation(client, shop, 1, [{"good_id": shampoo, "amount": 2}])
        assert r.status_code == 200
        assert await stock(client, shop, shampoo) == {shop.storages["sale"]: "-2"}


class TestDocumentsAndLines:
    async def test_document_and_line_crud(
        self, client: httpx.AsyncClient, shop: Shop, shampoo: int
    ) -> None:
        loc = shop.location_id
        h = shop.headers
        r = await client.post(
            f"/storage_operations/documents/{loc}",
            json={"type_id": 3, "storage_id": shop.storages["sale"], "comment": "delivery"},
            headers=h,
        )
        assert r.status_code == 200, r.text
        doc = r.json()["data"]
        assert doc["company"]["id"] == loc and doc["user"]["id"] == str(shop.tenant.user.id)
        r = await client.post(
            f"/storage_operations/goods_transactions/{loc}",
            json={
                "document_id": doc["id"],
                "good_id": shampoo,
                "amount": 6,
                "cost_per_unit": 9,
                "discount": 10,
                "operation_unit_type": 1,
            },
            headers=h,
        )
        assert r.status_code == 200, r.text
        line = r.json()["data"]
        assert line["amount"] == 6 and line["cost"] == 48.6 and line["type"]["id"] == 3
        got = await client.get(
            f"/storage_operations/goods_transactions/{loc}/{line['id']}", headers=h
        )
        assert got.json()["data"]["good"]["title"] == "Shampoo"
        assert got.json()["data"]["unit"]["short_title"] == "pcs"
        r = await client.put(
            f"/storage_operations/goods_transactions/{loc}/{line['id']}",
            json={"document_id": doc["id"], "good_id": shampoo, "amount": 8, "cost": 70},
            headers=h,
        )
        assert r.json()["data"]["amount"] == 8 and r.json()["data"]["cost"] == 70
        assert await stock(client, shop, shampoo) == {shop.storages["sale"]: "8"}
        # The document turns into a write-off: its line follows, with the sign.
        r = await client.put(
            f"/storage_operations/documents/{loc}/{doc['id']}",
            json={"type_id": 4, "storage_id": shop.storages["service"], "comment": "oops"},
            headers=h,
        )
        assert r.status_code == 200 and r.json()["data"]["type_id"] == 4
        assert await stock(client, shop, shampoo) == {shop.storages["service"]: "-8"}
        r = await client.get(f"/storage_operations/documents/{loc}/{doc['id']}", headers=h)
        assert r.json()["data"]["comment"] == "oops"
        r = await client.delete(
            f"/storage_operations/goods_transactions/{loc}/{line['id']}", headers=h
        )
        assert r.status_code == 202
        assert await stock(client, shop, shampoo) == {}
        search = await client.get(f"/storages/transactions/{loc}", headers=h)
        assert search.json()["data"] == []

    async def test_search(self, client: httpx.AsyncClient, shop: Shop, shampoo: int) -> None:
        loc = shop.location_id
        first = await operation(client, shop, 3, [{"good_id": shampoo, "amount": 3}])
        await operation(
            client,
            shop,
            4,
            [{"good_id": shampoo, "amount": 1}],
            create_date="2030-02-01T10:00:00",
        )
        r = await client.get(f"/storages/transactions/{loc}", headers=shop.headers)
        data = r.json()["data"]
        assert [d["type"] for d in data] == ["Write-off of goods", "Receipt of goods"]
        assert r.json()["meta"]["total_count"] == 2
        for params, count in (
            ({"start_date": "2030-01-07", "end_date": "2030-01-07"}, 1),
            ({"start_date": "2030-01-08"}, 1),
            ({"document_id": first.json()["data"]["document"]["id"]}, 1),
            ({"changed_after": "2000-01-01T00:00:00"}, 2),
            ({"count": 1, "page": 2}, 1),
        ):
            r = await client.get(
                f"/storages/transactions/{loc}", params=params, headers=shop.headers
            )
            assert len(r.json()["data"]) == count, params

    async def test_document_paths_check_the_documents_location(
        self,
        client: httpx.AsyncClient,
        shop: Shop,
        shampoo: int,
        stranger: Tenant,
        database: Database,
    ) -> None:
        r = await operation(client, shop, 3, [{"good_id": shampoo, "amount": 3}])
        doc = r.json()["data"]["document"]["id"]
        for kind in ("goods_transactions", "finance_transactions"):
            url = f"/storage_operations/documents/{kind}/{doc}"
            assert_error(await client.get(url, headers=stranger.headers), 403)
            assert_error(
                await client.get(
                    f"/storage_operations/documents/{kind}/999999", headers=shop.headers
                ),
                404,
            )
        async with database.session(write=True) as s:
            await s.execute(
                update(Membership)
                .where(Membership.user_id == shop.tenant.user.id)
                .values(permissions=only_rights("finances_access"))
            )
        url = f"/storage_operations/documents/goods_transactions/{doc}"
        assert_error(await client.get(url, headers=shop.headers), 403)
        url = f"/storage_operations/documents/finance_transactions/{doc}"
        assert (await client.get(url, headers=shop.headers)).status_code == 200

    async def test_rights(
        self, client: httpx.AsyncClient, shop: Shop, shampoo: int, database: Database
    ) -> None:
        loc = shop.location_id
        async with database.session(write=True) as s:
            await s.execute(
                update(Membership)
                .where(Membership.user_id == shop.tenant.user.id)
                .values(permissions=only_rights("storages_access"))
            )
        # A paid operation writes money too: it needs the finances right as well.
        r = await operation(
            client,
            shop,
            1,
            [{"good_id": shampoo, "amount": 1}],
            paid=True,
            account_id=shop.accounts["cash"],
        )
        assert_error(r, 403)
        assert (
            await operation(client, shop, 3, [{"good_id": shampoo, "amount": 1}])
        ).status_code == 200
        async with database.session(write=True) as s:
            await s.execute(
                update(Membership)
                .where(Membership.user_id == shop.tenant.user.id)
                .values(permissions=only_rights("finances_access"))
            )
        for method, url in (
            ("POST", f"/storage_operations/operation/{loc}"),
            ("POST", f"/storage_operations/documents/{loc}"),
            ("GET", f"/storage_operations/documents/{loc}/1"),
            ("PUT", f"/storage_operations/documents/{loc}/1"),
            ("DELETE", f"/storage_operations/documents/{loc}/1"),
            ("POST", f"/storage_operations/goods_transactions/{loc}"),
            ("GET", f"/storage_operations/goods_transactions/{loc}/1"),
            ("PUT", f"/storage_operations/goods_transactions/{loc}/1"),
            ("DELETE", f"/storage_operations/goods_transactions/{loc}/1"),
            ("GET", f"/storages/transactions/{loc}"),
        ):
            body = {
                "type_id": 3,
                "storage_id": shop.storages["sale"],
                "document_id": 1,
                "good_id": shampoo,
                "amount": 1,
                "goods_transactions": [{"good_id": shampoo, "amount": 1}],
            }
            r = await client.request(
                method, url, json=body if method in ("POST", "PUT") else None, headers=shop.headers
            )
            assert_error(r, 403)
