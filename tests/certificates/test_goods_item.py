"""A certificate type's goods item over a real socket: selling certificates moves no stock
(the item has none, and the inventory answers add up), every goods answer names the type,
the item is written only by the certificate's sale and deleted only with its type, and
deleting the sale takes the certificate back unless it has paid for something."""

from __future__ import annotations

from pathlib import Path

import httpx

from parlour.db import Database
from tests.booking.server import running_server
from tests.certificates.helpers import PHONE, pay_body, type_body, visit_sale
from tests.fixtures.factories import Salon, assert_error
from tests.products.ledger import assert_stock_adds_up


async def test_selling_moves_no_stock_and_deleting_the_sale_takes_it_back(
    client: httpx.AsyncClient,
    database: Database,
    database_url: str,
    salon: Salon,
    tmp_path: Path,
) -> None:
    visit = await visit_sale(client, database, salon)
    t = salon.tenant
    loc, h = t.location_id, t.headers
    with running_server(database_url, tmp_path, workers=2) as (base, _proc):
        async with httpx.AsyncClient(base_url=base, timeout=60) as http:
            storages = (await http.get(f"/storages/{loc}", headers=h)).json()["data"]
            shop = next(s["id"] for s in storages if s["for_sale"])
            r = await http.post(
                f"/chain/{t.chain.id}/loyalty/certificate_types",
                json=type_body(item_type_id=0),
                headers=h,
            )
            assert r.status_code == 200, r.text
            kind = r.json()["data"]
            products = await assert_stock_adds_up(http, t)
            [item] = [p for p in products.values() if p["loyalty_certificate_type_id"]]
            item_id = int(item["good_id"])
            assert item["loyalty_certificate_type_id"] == kind["id"]
            assert item["loyalty_abonement_type_id"] == 0
            assert item["loyalty_allow_empty_code"] == 0
            [other] = [p for p in products.values() if p is not item]

            # Ordinary goods move stock: 5 received, 2 sold.
            for type_id, amount in ((3, 5), (1, 2)):
                r = await http.post(
                    f"/storage_operations/operation/{loc}",
                    json={
                        "type_id": type_id,
                        "storage_id": shop,
                        "goods_transactions": [
                            {"good_id": int(other["good_id"]), "amount": amount}
                        ],
                    },
                    headers=h,
                )
                assert r.status_code == 200, r.text

            sold = []
            for _ in range(2):
                r = await http.post(
                    f"/company/{loc}/loyalty/certificates",
                    json={"certificate_type_id": kind["id"], "client_id": visit.client_id},
                    headers=h,
                )
                assert r.status_code == 201, r.text
                sold.append(r.json()["data"])
            used, spare = sold

            products = await assert_stock_adds_up(http, t)
            assert products[item_id]["actual_amounts"] == []
            assert products[int(other["good_id"])]["actual_amounts"] == [
                {"storage_id": str(shop), "amount": "3"}
            ]
            r = await http.get(
                f"/storage_operations/documents/goods_transactions/{spare['document_id']}",
                headers=h,
            )
            [line] = r.json()["data"]
            assert line["amount"] == -1 and line["good_id"] == item_id
            assert line["good"]["loyalty_certificate_type_id"] == kind["id"]
            assert line["good"]["actual_amounts"] == []
            r = await http.get(f"/goods/{loc}/{item_id}", headers=h)
            assert r.json()["data"][0]["loyalty_certificate_type_id"] == kind["id"]

            # Only the certificate's sale writes its item; the item goes only with its type.
            r = await http.post(
                f"/storage_operations/operation/{loc}",
                json={
                    "type_id": 3,
                    "storage_id": shop,
                    "goods_transactions": [{"good_id": item_id, "amount": 4}],
                },
                headers=h,
            )
            assert_error(r, 422, "goods_transactions[0].good_id")
            r = await http.put(
                f"/storage_operations/goods_transactions/{loc}/{line['id']}",
                json={"document_id": spare["document_id"], "good_id": item_id, "amount": 3},
                headers=h,
            )
            assert_error(r, 422, "good_id")
            r = await http.put(
                f"/storage_operations/documents/{loc}/{spare['document_id']}",
                json={"type_id": 4, "storage_id": shop},
                headers=h,
            )
            assert_error(r, 422, "type_id")
            r = await http.delete(f"/goods/{loc}/{item_id}", headers=h)
            assert_error(r, 409, "good_id")
            assert "certificate type" in r.json()["meta"]["message"]

            # A certificate that paid for something keeps its sale ...
            r = await http.post(
                visit.url("/payment"), json=pay_body(used["id"], 500, used["number"]), headers=h
            )
            assert r.status_code == 200, r.text
            r = await http.delete(
                f"/storage_operations/documents/{loc}/{used['document_id']}", headers=h
            )
            assert_error(r, 409)
            r = await http.get(
                f"/storage_operations/documents/goods_transactions/{used['document_id']}",
                headers=h,
            )
            [used_line] = r.json()["data"]
            r = await http.delete(
                f"/storage_operations/goods_transactions/{loc}/{used_line['id']}", headers=h
            )
            assert_error(r, 409)

            # ... an unused one goes with its sale's document.
            r = await http.delete(
                f"/storage_operations/documents/{loc}/{spare['document_id']}", headers=h
            )
            assert r.status_code == 202, r.text
            r = await http.get(
                "/loyalty/certificates", params={"phone": PHONE, "company_id": loc}, headers=h
            )
            assert [c["id"] for c in r.json()["data"]] == [used["id"]]
            products = await assert_stock_adds_up(http, t)
            assert products[item_id]["actual_amounts"] == []
