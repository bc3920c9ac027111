"""Loyalty on sales against a running server: a goods sale (no visit) of a client with a card
earns its cashback when fully paid, by the checkout payment route or as a paid goods
operation, and gives it back when a deleted payment or document leaves it owing; a program's
discount is a type-1 line of the chain ledger, reversed when lifted; and a take-back the card
can no longer cover (the cashback was spent) is refused, writing nothing."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import httpx

from parlour.db import Database
from tests.booking.server import running_server
from tests.fixtures.factories import Salon, Tenant, assert_error
from tests.loyalty.helpers import card_type, issue
from tests.loyalty.visit_helpers import program, visit
from tests.products.ledger import Shop, make_category, make_product, open_shop

SPAN = {"created_after": "2000-01-01", "created_before": "2100-01-01"}


async def _goods_sale(
    http: httpx.AsyncClient,
    shop: Shop,
    good_id: int,
    client_id: int,
    cost: int,
    *,
    paid: bool = False,
) -> int:
    body: dict[str, Any] = {
        "type_id": 1,
        "storage_id": shop.storages["sale"],
        "create_date": "2030-01-07T10:00:00",
        "client_id": client_id,
        "goods_transactions": [
            {"good_id": good_id, "amount": 1, "cost_per_unit": cost, "discount": 0}
        ],
    }
    if paid:
        body |= {"paid": True, "account_id": shop.accounts["cash"]}
    r = await http.post(
        f"/storage_operations/operation/{shop.location_id}", json=body, headers=shop.headers
    )
    assert r.status_code == 200, r.text
    document_id: int = r.json()["data"]["document"]["id"]
    return document_id


async def _balance(http: httpx.AsyncClient, t: Tenant, card_id: int) -> float:
    url = f"/loyalty/cards/+13155550175/{t.chain.id}/{t.location_id}"
    r = await http.get(url, headers=t.headers)
    assert r.status_code == 200, r.text
    return float(next(c["balance"] for c in r.json() if c["id"] == card_id))


async def _ledger(http: httpx.AsyncClient, t: Tenant, **query: Any) -> list[dict[str, Any]]:
    r = await http.get(
        f"/chain/{t.chain.id}/loyalty/transactions",
        params={**SPAN, "count": 200, **query},
        headers=t.headers,
    )
    assert r.status_code == 200, r.text
    data: list[dict[str, Any]] = r.json()["data"]
    return data


async def test_goods_sales_earn_cashback_and_discounts_enter_the_ledger(
    client: httpx.AsyncClient,
    database: Database,
    database_url: str,
    salon: Salon,
    tmp_path: Path,
) -> None:
    t = salon.tenant
    h, loc = t.headers, t.location_id
    kind = await card_type(client, t)
    card = await issue(client, t, kind["id"])
    paid_program = await program(client, t, kind["id"], "cashback_static_paid", [(0, 5)])
    sold_program = await program(client, t, kind["id"], "cashback_static_sold", [(0, 10)])
    discount = await program(client, t, kind["id"], "discount_static", [(0, 10)])
    # A program that leaves goods out earns nothing on a goods sale.
    await program(
        client, t, kind["id"], "cashback_static_paid", [(0, 50)], good_item_type="not_allowed"
    )
    sold = await visit(client, database, salon)
    shop = await open_shop(database, client, t)
    product = await make_product(client, shop, (await make_category(client, shop, "Care"))["id"])
    good_id = int(product["good_id"])

    with running_server(database_url, tmp_path, workers=1) as (base, _proc):
        async with httpx.AsyncClient(base_url=base, timeout=60) as http:
            # 1. A goods sale: 10% program discount, then the rest in cash.
            document_id = await _goods_sale(http, shop, good_id, sold.client_id, 1000)
            sale = f"/company/{loc}/sale/{document_id}"
            method = {
                "slug": "loyalty_program",
                "loyalty_card_id": card["id"],
                "loyalty_program_id": discount["id"],
            }
            r = await http.post(
                sale + "/payment", json={"payment": {"method": method, "amount": 100}}, headers=h
            )
            assert r.status_code == 200, r.text
            assert await _balance(http, t, card["id"]) == 0
            cash = {"slug": "account", "account_id": shop.accounts["cash"]}
            r = await http.post(
                sale + "/payment", json={"payment": {"method": cash, "amount": 900}}, headers=h
            )
            assert r.status_code == 200, r.text
            # Paid in money 900 (5%: 45); sold after the discount 900 (10%: 90).
            assert await _balance(http, t, card["id"]) == 135
            lines = [x for x in await _ledger(http, t) if x["card_id"] == card["id"]]
            assert [(x["type_id"], x["amount"], x["program_id"]) for x in lines] == [
                (1, 100, discount["id"]),
                (2, 45, paid_program["id"]),
                (2, 90, sold_program["id"]),
            ]
            note = lines[0]
            assert note["is_discount"] is True and note["visit_id"] == 0
            assert note["item_type_id"] == 2 and note["goods_transaction_id"] == note["item_id"]
            r = await http.get(f"/loyalty/client_cards/{sold.client_id}", headers=h)
            mine = next(c for c in r.json() if c["id"] == card["id"])
            # A goods sale adds money to the card's history, not a visit.
            assert (mine["paid_amount"], mine["sold_amount"], mine["visits_count"]) == (900, 900, 0)

            # Deleting the cash payment leaves it owing: the cashback goes back.
            state = (await http.get(sale, headers=h)).json()["data"]["state"]
            cash_line = state["payment_transactions"][0]["id"]
            r = await http.delete(sale + f"/payment/payment_transaction/{cash_line}", headers=h)
            assert r.status_code == 200, r.text
            assert await _balance(http, t, card["id"]) == 0
            # Lifting the discount reverses its ledger line.
            [lifted] = state["loyalty_transactions"]
            r = await http.delete(sale + f"/payment/loyalty_transaction/{lifted['id']}", headers=h)
            assert r.status_code == 200, r.text
            lines = [x for x in await _ledger(http, t, types=[1]) if x["card_id"] == card["id"]]
            assert [x["amount"] for x in lines] == [100, -100]

            # 2. A goods operation paid at once earns; deleting its document gives it back.
            paid_doc = await _goods_sale(http, shop, good_id, sold.client_id, 200, paid=True)
            assert await _balance(http, t, card["id"]) == 30
            r = await http.delete(f"/storage_operations/documents/{loc}/{paid_doc}", headers=h)
            assert r.status_code == 202, r.text
            assert await _balance(http, t, card["id"]) == 0

            # 3. A visit's discount: listed by the visit and in the ledger; the cancel reverses.
            url = f"/visit/loyalty/apply_discount_program/{loc}/{card['id']}/{discount['id']}"
            r = await http.post(url, json=sold.body(), headers=h)
            assert r.status_code == 200, r.text
            r = await http.get(f"/visit/loyalty/transactions/{sold.visit_id}", headers=h)
            assert [(x["type_id"], x["amount"]) for x in r.json()] == [(1, 100)]
            visit_lines = await _ledger(http, t, visit_ids=[sold.visit_id])
            assert [(x["type_id"], x["amount"], x["item_record_id"]) for x in visit_lines] == [
                (1, 100, sold.record_id)
            ]
            r = await http.post(url.replace("apply_", "cancel_"), json=sold.body(), headers=h)
            assert r.status_code == 200 and r.json()["loyalty_transactions"] == []
            visit_lines = await _ledger(http, t, visit_ids=[sold.visit_id])
            assert [x["amount"] for x in visit_lines] == [100, -100]
            r = await http.get(f"/visit/loyalty/transactions/{sold.visit_id}", headers=h)
            assert r.json() == []

            # 4. Cashback spent since: the delete that would take it back is refused.
            again = await _goods_sale(http, shop, good_id, sold.client_id, 1000)
            sale = f"/company/{loc}/sale/{again}"
            r = await http.post(
                sale + "/payment", json={"payment": {"method": cash, "amount": 1000}}, headers=h
            )
            assert r.status_code == 200, r.text
            assert await _balance(http, t, card["id"]) == 150
            withdraw = f"/visit/loyalty/apply_card_withdrawal/{loc}/{card['id']}"
            r = await http.post(withdraw, json=sold.body(amount=100), headers=h)
            assert r.status_code == 200, r.text
            assert await _balance(http, t, card["id"]) == 50
            state = (await http.get(sale, headers=h)).json()["data"]["state"]
            cash_line = state["payment_transactions"][0]["id"]
            r = await http.delete(sale + f"/payment/payment_transaction/{cash_line}", headers=h)
            assert_error(r, 422)
            assert await _balance(http, t, card["id"]) == 50
            state = (await http.get(sale, headers=h)).json()["data"]["state"]
            assert [x["id"] for x in state["payment_transactions"]] == [cash_line]
            # Once the spending is cancelled, the delete goes through.
            r = await http.post(
                f"/visit/loyalty/cancel_card_withdrawal/{loc}/{card['id']}",
                json=sold.body(),
                headers=h,
            )
            assert r.status_code == 200, r.text
            r = await http.delete(sale + f"/payment/payment_transaction/{cash_line}", headers=h)
            assert r.status_code == 200, r.text
            assert await _balance(http, t, card["id"]) == 0
