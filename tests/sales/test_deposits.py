"""Deposits: a chain-wide account topped up in one location and spent in another, the
balance reads, the history, and giving a deposit payment back."""

from __future__ import annotations

import httpx

from parlour.db import Database
from tests.fixtures.factories import Salon, Tenant, assert_error, make_salon
from tests.sales.checkout import balances, open_deposit, sell, sister


async def _top_up(
    client: httpx.AsyncClient, tenant: Tenant, client_id: int, deposit_id: int, account: int
) -> httpx.Response:
    return await client.post(
        f"/deposits_operations/{tenant.location_id}",
        json={
            "client_id": client_id,
            "deposit_id": deposit_id,
            "amount": 1000,
            "account_id": account,
        },
        headers=tenant.headers,
    )


class TestDeposits:
    async def test_top_up_here_spend_there(
        self, client: httpx.AsyncClient, database: Database, salon: Salon
    ) -> None:
        here = await sell(client, database, salon)
        second = await make_salon(database, await sister(database, salon.tenant))
        there = await sell(client, database, second)
        a, b = salon.tenant, second.tenant
        deposit = await open_deposit(client, a, here.client_id)

        r = await _top_up(client, a, here.client_id, deposit, here.accounts["cash"])
        assert r.status_code == 200, r.text
        data = r.json()["data"]
        assert data["document"]["type_id"] == 9
        assert data["deposits_transactions"][0]["deposit"]["balance"] == 1000
        assert data["payment_transactions"][0]["expense_id"] == 10
        assert (await balances(client, a))["cash"] == 1000

        # The same phone in the second location sees the account and pays 300 from it.
        r = await client.get(
            f"/deposits/company/{b.location_id}/client/{there.client_id}", headers=b.headers
        )
        assert [e["deposit"]["balance"] for e in r.json()["data"]] == [1000]
        sale = f"/company/{b.location_id}/sale/{there.document_id}"
        offer = next(
            m
            for m in (await client.get(sale, headers=b.headers)).json()["data"]["payment_methods"]
            if m["slug"] == "deposit"
        )
        assert offer["is_applicable"] and offer["applicable_amount"] == 1000
        r = await client.post(
            sale + "/payment",
            json={"payment": {"method": {"slug": "deposit", "deposit_id": deposit}, "amount": 300}},
            headers=b.headers,
        )
        assert r.status_code == 200, r.text
        loyalty = r.json()["data"]["state"]["loyalty_transactions"]
        assert [x["type_id"] for x in loyalty] == [11]
        assert loyalty[0]["deposit"]["balance"] == 700
        r = await client.get(
            f"/deposits/company/{b.location_id}/client/{there.client_id}", headers=b.headers
        )
        assert [e["deposit"]["balance"] for e in r.json()["data"]] == [700]
        r = await client.get(f"/deposits/chain/{a.chain.id}/phone/13155550175", headers=a.headers)
        assert [e["deposit"]["balance"] for e in r.json()["data"]] == [700]
        r = await client.get(
            f"/deposits/chain/{a.chain.id}", params={"balance_from": 500}, headers=a.headers
        )
        assert r.json()["meta"]["count"] == 1 and r.json()["data"][0]["client"]["phone"]
        r = await client.get(
            f"/deposits/chain/{a.chain.id}", params={"balance_from": 800}, headers=a.headers
        )
        assert r.json()["data"] == []
        details = await client.get(
            f"/visit/details/{b.location_id}/{there.record_id}/{there.visit_id}", headers=b.headers
        )
        assert [x["amount"] for x in details.json()["data"]["loyalty_transactions"]] == [300]
        history = await client.get(
            f"/chain/{a.chain.id}/deposits/{deposit}/history", headers=a.headers
        )
        assert sorted(x["amount"] for x in history.json()["data"]) == [-300, 1000]

        # More than it holds: 422; giving the payment back restores the balance.
        r = await client.post(
            sale + "/payment",
            json={"payment": {"method": {"slug": "deposit", "deposit_id": deposit}, "amount": 701}},
            headers=b.headers,
        )
        assert_error(r, 422)
        r = await client.delete(
            sale + f"/payment/loyalty_transaction/{loyalty[0]['id']}", headers=b.headers
        )
        assert r.status_code == 200, r.text
        assert r.json()["data"]["state"]["loyalty_transactions"] == []
        alias = await client.get(
            f"/deposits/chain/{a.chain.id}/deposit_history/{deposit}", headers=a.headers
        )
        assert [x["amount"] for x in alias.json()["data"]] == [1000]
        r = await client.get(f"/deposits/chain/{a.chain.id}/phone/13155550175", headers=a.headers)
        assert [e["deposit"]["balance"] for e in r.json()["data"]] == [1000]

    async def test_bad_top_ups(
        self, client: httpx.AsyncClient, database: Database, salon: Salon
    ) -> None:
        v = await sell(client, database, salon)
        t = salon.tenant
        deposit = await open_deposit(client, t, v.client_id)
        for over, field in (
            ({"deposit_id": 99999}, "deposit_id"),
            ({"client_id": 99999}, "client_id"),
            ({"account_id": 99999}, "account_id"),
            ({"amount": 0}, "amount"),
            ({"amount": "lots"}, "amount"),
        ):
            body = {
                "client_id": v.client_id,
                "deposit_id": deposit,
                "amount": 10,
                "account_id": v.accounts["cash"],
                **over,
            }
            r = await client.post(
                f"/deposits_operations/{t.location_id}", json=body, headers=t.headers
            )
            assert_error(r, 422, field)
        assert (await balances(client, t))["cash"] == 0
        r = await client.get(f"/chain/{t.chain.id}/deposits/99999/history", headers=t.headers)
        assert_error(r, 404)
