"""Sales and visit payments: the sale state, paying by cash desk and card, overpayment,
deleting a payment, fast_payment, and the rule on editing a paid record."""

from __future__ import annotations

import httpx
from sqlalchemy import update

from parlour.db import Database
from parlour.models import Membership
from tests.fixtures.factories import Salon, assert_error, only_rights
from tests.sales.checkout import balances, sell


def _pay(slug: str, amount: float, **method: int) -> dict[str, object]:
    return {"payment": {"method": {"slug": slug, **method}, "amount": amount}}


class TestSale:
    async def test_prices_pay_overpay_delete(
        self, client: httpx.AsyncClient, database: Database, salon: Salon
    ) -> None:
        v = await sell(client, database, salon)
        h = salon.headers
        base = f"/company/{v.location_id}/sale/{v.document_id}"
        r = await client.get(base, headers=h)
        assert r.status_code == 200, r.text
        state = r.json()["data"]["state"]
        by_type = {i["type"]: i for i in state["items"]}
        assert by_type["service"]["default_cost_total"] == 500
        assert by_type["service"]["cost_to_pay_total"] == 450
        assert by_type["good"]["default_cost_total"] == 1300
        assert by_type["good"]["cost_to_pay_total"] == 1170
        assert by_type["good"]["client_discount_percent"] == 10
        methods = r.json()["data"]["payment_methods"]
        accounts = [m for m in methods if m["slug"] == "account"]
        assert {m["applicable_amount"] for m in accounts} == {1620}
        loyalty = [m for m in methods if m["slug"].startswith("loyalty")]
        assert loyalty and not any(m["is_applicable"] for m in loyalty)

        r = await client.post(
            base + "/payment", json=_pay("account", 1000, account_id=v.accounts["cash"]), headers=h
        )
        assert r.status_code == 200, r.text
        rec = (await client.get(f"/record/{v.location_id}/{v.record_id}", headers=h)).json()["data"]
        assert rec["paid_full"] == 0 and rec["payment_status"] == 1
        r = await client.post(
            base + "/payment", json=_pay("account", 620, account_id=v.accounts["card"]), headers=h
        )
        assert r.status_code == 200, r.text
        paid = r.json()["data"]
        assert sum(p["amount"] for p in paid["state"]["payment_transactions"]) == 1620
        assert not any(m["is_applicable"] for m in paid["payment_methods"])
        rec = (await client.get(f"/record/{v.location_id}/{v.record_id}", headers=h)).json()["data"]
        assert rec["paid_full"] == 1 and rec["payment_status"] == 2
        details = await client.get(
            f"/visit/details/{v.location_id}/{v.record_id}/{v.visit_id}", headers=h
        )
        lines = details.json()["data"]["payment_transactions"]
        assert sum(p["amount"] for p in lines) == 1620
        assert await balances(client, salon.tenant) == {"cash": 1000, "card": 620}

        # Overpayment: 422, nothing written.
        r = await client.post(
            base + "/payment", json=_pay("account", 1, account_id=v.accounts["cash"]), headers=h
        )
        assert_error(r, 422)
        assert await balances(client, salon.tenant) == {"cash": 1000, "card": 620}

        # Deleting the card payment: partial again, the card account back to 0.
        card_lines = [
            p
            for p in paid["state"]["payment_transactions"]
            if p["account_id"] == v.accounts["card"]
        ]
        for line in card_lines:
            r = await client.delete(base + f"/payment/payment_transaction/{line['id']}", headers=h)
            assert r.status_code == 200, r.text
        state = r.json()["data"]["state"]
        assert sum(p["amount"] for p in state["payment_transactions"]) == 1000
        assert await balances(client, salon.tenant) == {"cash": 1000, "card": 0}
        rec = (await client.get(f"/record/{v.location_id}/{v.record_id}", headers=h)).json()["data"]
        assert rec["paid_full"] == 0 and rec["payment_status"] == 1
        r = await client.delete(base + "/payment/payment_transaction/99999999", headers=h)
        assert_error(r, 404)

    async def test_bad_payments(
        self, client: httpx.AsyncClient, database: Database, salon: Salon
    ) -> None:
        v = await sell(client, database, salon)
        base = f"/company/{v.location_id}/sale/{v.document_id}/payment"
        for body, status in (
            (_pay("account", 10, account_id=99999), 422),
            (_pay("account", 0, account_id=v.accounts["cash"]), 422),
            (_pay("account", -5, account_id=v.accounts["cash"]), 422),
            (_pay("loyalty_card", 10), 422),
            (_pay("nonsense", 10), 422),
            ({"payment": {"amount": 10}}, 422),
        ):
            r = await client.post(base, json=body, headers=salon.headers)
            assert_error(r, status)
        r = await client.get(f"/company/{v.location_id}/sale/99999999", headers=salon.headers)
        assert_error(r, 404)
        assert await balances(client, salon.tenant) == {"cash": 0, "card": 0}


class TestVisitPayments:
    async def test_new_deleted_fast(
        self, client: httpx.AsyncClient, database: Database, salon: Salon
    ) -> None:
        v = await sell(client, database, salon)
        h = salon.headers
        url = f"/visits/{v.visit_id}/{v.record_id}"
        keep = {"attendance": 1, "comment": ""}
        r = await client.put(
            url,
            json={
                **keep,
                "new_transactions": [{"id": 1, "amount": 1000, "account_id": v.accounts["cash"]}],
            },
            headers=h,
        )
        assert r.status_code == 200, r.text
        assert r.json()["data"]["records"][0]["payment_status"] == 1
        r = await client.put(
            url,
            json={**keep, "new_transactions": [{"amount": 621, "account_id": v.accounts["card"]}]},
            headers=h,
        )
        assert_error(r, 422)
        sale = (
            await client.get(f"/company/{v.location_id}/sale/{v.document_id}", headers=h)
        ).json()
        ids = [p["id"] for p in sale["data"]["state"]["payment_transactions"]]
        r = await client.put(url, json={**keep, "deleted_transaction_ids": ids}, headers=h)
        assert r.status_code == 200, r.text
        assert r.json()["data"]["records"][0]["payment_status"] == 0
        r = await client.put(url, json={**keep, "deleted_transaction_ids": [ids[0]]}, headers=h)
        assert_error(r, 422, "deleted_transaction_ids")
        r = await client.put(url, json={**keep, "fast_payment": 2}, headers=h)
        assert r.status_code == 200, r.text
        rec = r.json()["data"]["records"][0]
        assert rec["paid_full"] == 1
        assert await balances(client, salon.tenant) == {"cash": 0, "card": 1620}
        r = await client.put(url, json={**keep, "fast_payment": 7}, headers=h)
        assert_error(r, 422, "fast_payment")

    async def test_paid_record_services_need_the_right(
        self, client: httpx.AsyncClient, database: Database, salon: Salon
    ) -> None:
        v = await sell(client, database, salon)
        h = salon.headers
        url = f"/visits/{v.visit_id}/{v.record_id}"
        keep = {"attendance": 1, "comment": ""}
        r = await client.put(url, json={**keep, "fast_payment": 1}, headers=h)
        assert r.status_code == 200, r.text
        async with database.session(write=True) as session:
            await session.execute(
                update(Membership)
                .where(Membership.user_id == salon.tenant.user.id)
                .values(permissions=only_rights("edit_records_access", "timetable_access"))
            )
        change = {**keep, "services": [{"id": salon.second_service_id}]}
        r = await client.put(url, json=change, headers=h)
        assert_error(r, 403)
        # Attendance and comment still change.
        r = await client.put(url, json={**keep, "comment": "fine"}, headers=h)
        assert r.status_code == 200, r.text
        async with database.session(write=True) as session:
            await session.execute(
                update(Membership)
                .where(Membership.user_id == salon.tenant.user.id)
                .values(
                    permissions=only_rights(
                        "edit_records_access", "timetable_access", "record_edit_full_paid_access"
                    )
                )
            )
        r = await client.put(url, json=change, headers=h)
        assert r.status_code == 200, r.text
