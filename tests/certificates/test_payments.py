"""Gift certificates sold and spent at the cash desk: balance, item restriction, expiry,
single write-off, the code, and the undo of a deleted payment."""

from __future__ import annotations

from datetime import timedelta

import httpx
from sqlalchemy import update

from parlour.db import Database
from parlour.kit.timeutil import utcnow
from parlour.models import Certificate
from tests.certificates.helpers import (
    PHONE,
    Sale,
    create_type,
    pay_body,
    sell_certificate,
    visit_sale,
)
from tests.fixtures.factories import Salon


async def _pay(
    http: httpx.AsyncClient, salon: Salon, sale: Sale, cid: int, amount: float, **kw: str
) -> httpx.Response:
    return await http.post(
        sale.url("/payment"), json=pay_body(cid, amount, kw.get("number")), headers=salon.headers
    )


async def _mine(http: httpx.AsyncClient, salon: Salon) -> list[dict[str, object]]:
    r = await http.get(
        "/loyalty/certificates",
        params={"phone": PHONE, "company_id": salon.location_id},
        headers=salon.headers,
    )
    assert r.status_code == 200, r.text
    data: list[dict[str, object]] = r.json()["data"]
    return data


class TestServicesCertificate:
    async def test_pays_1200_keeps_1800_refuses_goods_and_gives_back(
        self, client: httpx.AsyncClient, database: Database, salon: Salon
    ) -> None:
        sale = await visit_sale(client, database, salon)
        kind = await create_type(client, salon.tenant)
        sold = await sell_certificate(client, salon.tenant, kind["id"])
        assert sold["balance"] == 3000 and sold["status"] == {"id": 2, "title": "activated"}
        assert sold["number"].isdigit() and len(sold["number"]) == 12
        r = await _pay(client, salon, sale, sold["id"], 1200)
        assert r.status_code == 200, r.text
        state = r.json()["data"]["state"]
        line = state["loyalty_transactions"][0]
        assert line["type_id"] == 8 and line["amount"] == 1200
        assert line["sale_item_type"] == "service"
        assert line["loyalty_certificate"]["balance"] == 1800
        assert (await _mine(client, salon))[0]["balance"] == 1800

        # The rest of the service by cash: only the product is owed, and a services-only
        # certificate cannot pay it.
        r = await client.post(
            sale.url("/payment"),
            json={
                "payment": {
                    "method": {"slug": "account", "account_id": sale.accounts["cash"]},
                    "amount": 800,
                }
            },
            headers=salon.headers,
        )
        assert r.status_code == 200, r.text
        methods = [
            m for m in r.json()["data"]["payment_methods"] if m["slug"] == "loyalty_certificate"
        ]
        assert methods[0]["is_applicable"] is False and methods[0]["applicable_amount"] == 0
        r = await _pay(client, salon, sale, sold["id"], 100)
        assert r.status_code == 422 and r.json()["success"] is False
        assert (await _mine(client, salon))[0]["balance"] == 1800

        # Deleting the certificate's payment gives the 1200 back.
        r = await client.delete(
            sale.url(f"/payment/loyalty_transaction/{line['id']}"), headers=salon.headers
        )
        assert r.status_code == 200, r.text
        assert (await _mine(client, salon))[0]["balance"] == 3000
        r = await client.get(
            f"/chain/{salon.tenant.chain.id}/loyalty/transactions",
            params={"created_after": "2000-01-01", "created_before": "2100-01-01", "types[]": 8},
            headers=salon.headers,
        )
        ledger = [(x["amount"], x["certificate_id"]) for x in r.json()["data"]]
        assert ledger == [(-1200, sold["id"]), (1200, sold["id"])]

    async def test_more_than_the_balance_or_the_services_is_refused(
        self, client: httpx.AsyncClient, database: Database, salon: Salon
    ) -> None:
        sale = await visit_sale(client, database, salon, service_cost=5000)
        kind = await create_type(client, salon.tenant)
        sold = await sell_certificate(client, salon.tenant, kind["id"])
        r = await _pay(client, salon, sale, sold["id"], 3500)
        assert r.status_code == 422
        r = await _pay(client, salon, sale, sold["id"], 3000)
        assert r.status_code == 200, r.text
        assert (await _mine(client, salon))[0]["status_id"] == 4

    async def test_more_than_the_services_owe_is_refused(
        self, client: httpx.AsyncClient, database: Database, salon: Salon
    ) -> None:
        sale = await visit_sale(client, database, salon)
        kind = await create_type(client, salon.tenant)
        sold = await sell_certificate(client, salon.tenant, kind["id"])
        r = await _pay(client, salon, sale, sold["id"], 2500)
        assert r.status_code == 422, r.text
        assert (await _mine(client, salon))[0]["balance"] == 3000

    async def test_offer_lists_what_it_may_pay(
        self, client: httpx.AsyncClient, database: Database, salon: Salon
    ) -> None:
        sale = await visit_sale(client, database, salon)
        kind = await create_type(client, salon.tenant)
        sold = await sell_certificate(client, salon.tenant, kind["id"])
        r = await client.get(sale.url(), headers=salon.headers)
        offer = next(
            m for m in r.json()["data"]["payment_methods"] if m["slug"] == "loyalty_certificate"
        )
        assert offer["is_applicable"] is True
        assert offer["applicable_amount"] == 2000  # the service only, not the product
        assert offer["loyalty_certificate_id"] == sold["id"]
        assert offer["loyalty_certificate"]["type"]["is_code_required"] is True


class TestRules:
    async def test_expired_certificate_is_unusable(
        self, client: httpx.AsyncClient, database: Database, salon: Salon
    ) -> None:
        sale = await visit_sale(client, database, salon)
        kind = await create_type(client, salon.tenant)
        sold = await sell_certificate(client, salon.tenant, kind["id"])
        async with database.session(write=True) as session:
            await session.execute(
                update(Certificate)
                .where(Certificate.id == sold["id"])
                .values(expiration_date=utcnow() - timedelta(minutes=1))
            )
        r = await _pay(client, salon, sale, sold["id"], 100)
        assert r.status_code == 422 and "expired" in r.text
        mine = await _mine(client, salon)
        assert mine[0]["status"] == {"id": 3, "title": "expired"}
        assert mine[0]["balance"] == 3000

    async def test_fixed_date_in_the_past_sells_expired(
        self, client: httpx.AsyncClient, database: Database, salon: Salon
    ) -> None:
        sale = await visit_sale(client, database, salon)
        kind = await create_type(
            client,
            salon.tenant,
            expiration={"type_id": 1, "date": "2020-12-31T23:59:59+00:00"},
            item_type_id=0,
        )
        assert kind["expiration_date"] == "2020-12-31T23:59:59+00:00"
        sold = await sell_certificate(client, salon.tenant, kind["id"])
        assert sold["status_id"] == 3
        assert (await _pay(client, salon, sale, sold["id"], 100)).status_code == 422

    async def test_single_write_off_is_spent_by_its_first_use(
        self, client: httpx.AsyncClient, database: Database, salon: Salon
    ) -> None:
        sale = await visit_sale(client, database, salon)
        kind = await create_type(client, salon.tenant, is_multi=False, item_type_id=0)
        sold = await sell_certificate(client, salon.tenant, kind["id"])
        r = await _pay(client, salon, sale, sold["id"], 500)
        assert r.status_code == 200, r.text
        mine = await _mine(client, salon)
        assert mine[0]["balance"] == 0 and mine[0]["status_id"] == 4
        assert (await _pay(client, salon, sale, sold["id"], 10)).status_code == 422
        line = r.json()["data"]["state"]["loyalty_transactions"][0]
        r = await client.delete(
            sale.url(f"/payment/loyalty_transaction/{line['id']}"), headers=salon.headers
        )
        assert r.status_code == 200
        mine = await _mine(client, salon)
        assert mine[0]["balance"] == 3000 and mine[0]["status_id"] == 2

    async def test_goods_only_certificate_pays_the_product_not_the_service(
        self, client: httpx.AsyncClient, database: Database, salon: Salon
    ) -> None:
        sale = await visit_sale(client, database, salon)
        kind = await create_type(client, salon.tenant, item_type_id=2)
        sold = await sell_certificate(client, salon.tenant, kind["id"])
        assert (await _pay(client, salon, sale, sold["id"], 1400)).status_code == 422
        r = await _pay(client, salon, sale, sold["id"], 1300)
        assert r.status_code == 200, r.text
        assert r.json()["data"]["state"]["loyalty_transactions"][0]["sale_item_type"] == "good"

    async def test_some_services_pay_only_the_listed_ones(
        self, client: httpx.AsyncClient, database: Database, salon: Salon
    ) -> None:
        sale = await visit_sale(client, database, salon)
        other = await create_type(
            client, salon.tenant, item_type_id=3, service_ids=[salon.second_service_id]
        )
        mine = await create_type(
            client, salon.tenant, item_type_id=4, service_ids=[salon.service_id]
        )
        a = await sell_certificate(client, salon.tenant, other["id"])
        b = await sell_certificate(client, salon.tenant, mine["id"])
        assert (await _pay(client, salon, sale, a["id"], 100)).status_code == 422
        assert (await _pay(client, salon, sale, b["id"], 3000)).status_code == 200

    async def test_a_wrong_code_is_refused(
        self, client: httpx.AsyncClient, database: Database, salon: Salon
    ) -> None:
        sale = await visit_sale(client, database, salon)
        kind = await create_type(client, salon.tenant)
        sold = await sell_certificate(client, salon.tenant, kind["id"], number="5551234")
        assert sold["number"] == "5551234"
        r = await _pay(client, salon, sale, sold["id"], 100, number="999")
        assert r.status_code == 422
        r = await _pay(client, salon, sale, sold["id"], 100, number="5551234")
        assert r.status_code == 200, r.text

    async def test_sale_is_a_goods_document_the_cash_desk_charges(
        self, client: httpx.AsyncClient, database: Database, salon: Salon
    ) -> None:
        await visit_sale(client, database, salon)
        kind = await create_type(client, salon.tenant, is_allow_empty_code=True)
        sold = await sell_certificate(client, salon.tenant, kind["id"])
        assert sold["number"] == ""
        url = f"/company/{salon.location_id}/sale/{sold['document_id']}"
        r = await client.get(url, headers=salon.headers)
        assert r.status_code == 200, r.text
        items = r.json()["data"]["state"]["items"]
        assert [(i["type"], i["title"], i["cost_to_pay_total"]) for i in items] == [
            ("good", "Gift Certificate 3000", 3000)
        ]
        r = await client.post(
            f"/company/{salon.location_id}/loyalty/certificates",
            json={"certificate_type_id": kind["id"], "phone": PHONE, "number": "5551234"},
            headers=salon.headers,
        )
        assert r.status_code == 201
        r = await client.post(
            f"/company/{salon.location_id}/loyalty/certificates",
            json={"certificate_type_id": kind["id"], "phone": PHONE, "number": "5551234"},
            headers=salon.headers,
        )
        assert r.status_code == 422
