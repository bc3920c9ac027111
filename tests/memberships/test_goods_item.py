"""A membership type's goods item over a real socket: selling memberships moves no stock (the
item has none, and the inventory answers add up), every goods answer names the type, the item
is written only by the membership's sale and deleted only with its type, and deleting the sale
takes the membership back unless it has paid for a visit."""

from __future__ import annotations

from pathlib import Path

import httpx

from parlour.db import Database
from tests.booking.server import running_server
from tests.fixtures.factories import Salon, assert_error
from tests.memberships.helpers import PHONE, make_type, sell_membership, use_body
from tests.products.ledger import assert_stock_adds_up
from tests.sales.checkout import sell


async def test_selling_moves_no_stock_and_deleting_the_sale_takes_it_back(
    client: httpx.AsyncClient,
    database: Database,
    database_url: str,
    salon: Salon,
    tmp_path: Path,
) -> None:
    visit = await sell(client, database, salon)
    t = salon.tenant
    loc, h = t.location_id, t.headers
    with running_server(database_url, tmp_path, workers=2) as (base, _proc):
        async with httpx.AsyncClient(base_url=base, timeout=60) as http:
            kind = await make_type(http, t, {salon.service_id: 2}, is_allow_empty_code=True)
            used = await sell_membership(http, t, kind["id"], visit.client_id)
            spare = await sell_membership(http, t, kind["id"], visit.client_id)

            products = await assert_stock_adds_up(http, t)
            [item] = [p for p in products.values() if p["loyalty_abonement_type_id"]]
            item_id = int(item["good_id"])
            assert item["loyalty_abonement_type_id"] == kind["id"]
            assert item["loyalty_certificate_type_id"] == 0
            assert item["loyalty_allow_empty_code"] == 1
            assert item["actual_amounts"] == []
            spare_doc = spare["document_id"]
            r = await http.get(
                f"/storage_operations/documents/goods_transactions/{spare_doc}", headers=h
            )
            [line] = r.json()["data"]
            assert line["amount"] == -1 and line["good_id"] == item_id
            assert line["good"]["loyalty_abonement_type_id"] == kind["id"]
            assert line["good"]["actual_amounts"] == []
            r = await http.get(
                f"/storages/transactions/{loc}", params={"document_id": spare_doc}, headers=h
            )
            assert r.json()["data"][0]["good"]["loyalty_abonement_type_id"] == kind["id"]

            # Only the membership's sale writes its item; the item goes only with its type.
            r = await http.post(
                f"/storage_operations/goods_transactions/{loc}",
                json={"document_id": spare_doc, "good_id": item_id, "amount": 1},
                headers=h,
            )
            assert_error(r, 422, "good_id")
            r = await http.post(
                f"/technological_cards/{loc}",
                json={
                    "title": "Colouring",
                    "service_id": salon.service_id,
                    "technological_card_items": [{"good_id": item_id, "amount": 1}],
                },
                headers=h,
            )
            assert_error(r, 422, "technological_card_items[0].good_id")
            r = await http.delete(f"/goods/{loc}/{item_id}", headers=h)
            assert_error(r, 409, "good_id")
            assert "membership type" in r.json()["meta"]["message"]

            # A membership that paid for a visit keeps its sale ...
            pay = f"/company/{loc}/sale/{visit.document_id}/payment"
            r = await http.post(pay, json=use_body(used), headers=h)
            assert r.status_code == 200, r.text
            used_doc = used["document_id"]
            r = await http.delete(f"/storage_operations/documents/{loc}/{used_doc}", headers=h)
            assert_error(r, 409)

            # ... an unused one goes with its sale's line.
            r = await http.delete(
                f"/storage_operations/goods_transactions/{loc}/{line['id']}", headers=h
            )
            assert r.status_code == 202, r.text
            r = await http.get(
                "/loyalty/abonements", params={"phone": PHONE, "company_id": loc}, headers=h
            )
            assert [m["id"] for m in r.json()["data"]] == [used["id"]]
            products = await assert_stock_adds_up(http, t)
            assert products[item_id]["actual_amounts"] == []

            # With its type deleted, the item is deleted too.
            r = await http.delete(
                f"/chain/{t.chain.id}/loyalty/abonement_types/{kind['id']}", headers=h
            )
            assert r.status_code in (200, 204), r.text
            r = await http.get(f"/goods/{loc}/{item_id}", headers=h)
            assert r.status_code == 404
