"""The money ledger: finance transactions, their filters, balances, soft deletes, rights."""

from __future__ import annotations

import httpx
import pytest
from sqlalchemy import update

from parlour.db import Database
from parlour.models import Membership
from tests.fixtures import factories as f
from tests.fixtures.factories import Tenant, assert_error, only_rights
from tests.inventory.test_router import balance, operation
from tests.products.ledger import Shop, make_category, make_product, open_shop


@pytest.fixture
async def shop(database: Database, client: httpx.AsyncClient, world: Tenant) -> Shop:
    return await open_shop(database, client, world)


class TestFinanceTransactions:
    async def test_crud_and_balance(
        self, client: httpx.AsyncClient, shop: Shop, database: Database
    ) -> None:
        loc = shop.location_id
        h = shop.headers
        member = await f.member(database, loc)
        body = {
            "expense_id": 5,
            "amount": "100.10",
            "account_id": shop.accounts["cash"],
            "master_id": member,
            "comment": "haircut",
            "date": "2030-01-07T10:00:00",
        }
        r = await client.post(f"/finance_transactions/{loc}", json=body, headers=h)
        assert r.status_code == 200, r.text
        line = r.json()["data"]
        assert line["amount"] == 100.1 and line["expense"]["title"] == "Provision of services"
        assert line["account"]["is_cash"] is True and line["master"]["id"] == member
        assert line["date"].startswith("2030-01-07T10:00:00")
        r = await client.post(
            f"/finance_transactions/{loc}",
            json={**body, "expense_id": 9, "amount": -30, "master_id": 0},
            headers=h,
        )
        spent = r.json()["data"]
        assert await balance(client, shop, "cash") == 70.1
        r = await client.put(
            f"/finance_transactions/{loc}/{spent['id']}",
            json={**body, "expense_id": 9, "amount": "-0.1", "master_id": 0},
            headers=h,
        )
        assert r.status_code == 200 and r.json()["data"][0]["amount"] == -0.1
        assert await balance(client, shop, "cash") == 100
        got = await client.get(f"/finance_transactions/{loc}/{spent['id']}", headers=h)
        assert got.json()["data"][0]["expense"]["id"] == 9
        r = await client.delete(f"/finance_transactions/{loc}/{spent['id']}", headers=h)
        assert r.status_code == 202
        assert await balance(client, shop, "cash") == 100.1
        # Soft: gone from single reads, listed among the deleted.
        got = await client.get(f"/finance_transactions/{loc}/{spent['id']}", headers=h)
        assert_error(got, 404)
        gone = await client.get(f"/transactions/{loc}", params={"deleted": 1}, headers=h)
        assert [g["id"] for g in gone.json()["data"]] == [spent["id"]]

    async def test_bad_input(self, client: httpx.AsyncClient, shop: Shop) -> None:
        loc = shop.location_id
        base = {"expense_id": 5, "amount": 10, "account_id": shop.accounts["cash"]}
        for over, field in (
            ({"expense_id": 99999}, "expense_id"),
            ({"account_id": 99999}, "account_id"),
            ({"amount": "ten"}, "amount"),
            ({"amount": 1e15}, "amount"),
            ({"client_id": 99999}, "client_id"),
            ({"date": "tomorrow"}, "date"),
            ({"document_id": 99999}, "document_id"),
        ):
            r = await client.post(
                f"/finance_transactions/{loc}", json={**base, **over}, headers=shop.headers
            )
            assert_error(r, 422, field)
        assert (await client.get(f"/transactions/{loc}", headers=shop.headers)).json()["data"] == []

    async def test_filters_and_visit_lookup(
        self, client: httpx.AsyncClient, shop: Shop, database: Database
    ) -> None:
        loc = shop.location_id
        h = shop.headers
        cat = await make_category(client, shop, "Hair")
        product = await make_product(client, shop, cat["id"])
        sale = await operation(
            client,
            shop,
            1,
            [{"good_id": int(product["good_id"]), "amount": 2, "cost_per_unit": 5}],
            paid=True,
            account_id=shop.accounts["card"],
        )
        doc = sale.json()["data"]["document"]["id"]
        client_id = await f.make_client(database, shop.tenant, "+13155550100")
        for amount, account, day, extra in (
            (50, "cash", "2030-01-05", {"client_id": client_id, "record_id": 0, "visit_id": 0}),
            (-20, "cash", "2030-01-06", {}),
        ):
            r = await client.post(
                f"/finance_transactions/{loc}",
                json={
                    "expense_id": 8 if amount > 0 else 9,
                    "amount": amount,
                    "account_id": shop.accounts[account],
                    "date": f"{day}T12:00:00",
                    **extra,
                },
                headers=h,
            )
            assert r.status_code == 200, r.text
        for params, amounts in (
            ({}, [10, -20, 50]),
            ({"account_id": shop.accounts["cash"]}, [-20, 50]),
            ({"client_id": client_id}, [50]),
            ({"type": 7}, [10]),
            ({"document_id": doc}, [10]),
            ({"balance_is": 2}, [-20]),
            ({"balance_is": 1, "start_date": "2030-01-05", "end_date": "2030-01-05"}, [50]),
            ({"count": 1, "page": 3}, [50]),
        ):
            r = await client.get(f"/transactions/{loc}", params=params, headers=h)
            assert [d["amount"] for d in r.json()["data"]] == amounts, params
        r = await client.get(f"/timetable/transactions/{loc}", headers=h)
        assert_error(r, 422)

    async def test_payments_need_the_finances_right(
        self, client: httpx.AsyncClient, shop: Shop, database: Database
    ) -> None:
        loc = shop.location_id
        async with database.session(write=True) as s:
            await s.execute(
                update(Membership)
                .where(Membership.user_id == shop.tenant.user.id)
                .values(permissions=only_rights("storages_access"))
            )
        body = {"expense_id": 5, "amount": 1, "account_id": shop.accounts["cash"]}
        for method, url in (
            ("GET", f"/accounts/{loc}"),
            ("POST", f"/accounts/{loc}"),
            ("GET", f"/expenses/{loc}"),
            ("POST", f"/expenses/{loc}"),
            ("GET", f"/transactions/{loc}"),
            ("GET", f"/timetable/transactions/{loc}?record_id=1"),
            ("POST", f"/finance_transactions/{loc}"),
            ("GET", f"/finance_transactions/{loc}/1"),
            ("PUT", f"/finance_transactions/{loc}/1"),
            ("DELETE", f"/finance_transactions/{loc}/1"),
        ):
            r = await client.request(
                method,
                url,
                json={**body, "title": "x"} if method in ("POST", "PUT") else None,
                headers=shop.headers,
            )
            assert_error(r, 403)
