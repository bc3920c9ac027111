"""Products: the goods-category tree, goods, search, stock in answers, unit changes, rights."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal

import httpx
import pytest
from sqlalchemy import update

from parlour.db import Database
from parlour.models import GoodsTransaction, Membership, StorageDocument
from parlour.models.ledgers import RECEIPT, SALE_UNIT, SERVICE_UNIT, WRITE_OFF
from tests.fixtures.factories import Tenant, assert_error, only_rights
from tests.products.ledger import Shop, make_category, make_product, open_shop, product_body


@pytest.fixture
async def shop(database: Database, client: httpx.AsyncClient, world: Tenant) -> Shop:
    return await open_shop(database, client, world)


async def _movement(
    database: Database, shop: Shop, good_id: int, amount: str, *, type_id: int, unit: int
) -> None:
    """A goods line straight in the ledger (the inventory routes have their own tests)."""
    now = datetime.now(UTC)
    async with database.session(write=True) as s:
        doc = StorageDocument(
            location_id=shop.location_id,
            type_id=type_id,
            storage_id=shop.storages["sale"],
            number=type_id * 1000 + int(Decimal(amount).copy_abs()),
            create_date=now,
        )
        s.add(doc)
        await s.flush()
        s.add(
            GoodsTransaction(
                location_id=shop.location_id,
                document_id=doc.id,
                type_id=type_id,
                good_id=good_id,
                storage_id=shop.storages["sale"],
                amount=Decimal(amount),
                operation_unit_type=unit,
                create_date=now,
            )
        )


class TestDefaults:
    async def test_a_new_location_gets_units_storages_and_accounts(
        self, client: httpx.AsyncClient, world: Tenant
    ) -> None:
        r = await client.post("/companies", json={"title": "Annex"}, headers=world.headers)
        loc = r.json()["data"]["id"]
        storages = (await client.get(f"/storages/{loc}", headers=world.headers)).json()["data"]
        assert {(s["for_sale"], s["for_service"]) for s in storages} == {(1, 0), (0, 1)}
        accounts = (await client.get(f"/accounts/{loc}", headers=world.headers)).json()["data"]
        assert sorted(a["type"] for a in accounts) == [0, 1]
        assert all(a["balance"] == 0 for a in accounts)
        units = (await client.get(f"/units/{loc}", headers=world.headers)).json()["data"]
        assert {"pcs", "ml", "g"} <= {u["short_title"] for u in units}
        expenses = (await client.get(f"/expenses/{loc}", headers=world.headers)).json()["data"]
        assert [e["id"] for e in expenses][:11] == list(range(1, 12))


class TestCategories:
    async def test_tree_reads(self, client: httpx.AsyncClient, shop: Shop) -> None:
        loc = shop.location_id
        root = await make_category(client, shop, "Hair")
        assert root["parent_category_id"] == 0
        child = await make_category(client, shop, "Colour", root["id"])
        assert child["parent_category_id"] == root["id"]
        other = await make_category(client, shop, "Nails")
        product = await make_product(client, shop, root["id"], title="Dye")

        every = await client.get(f"/company/{loc}/goods_categories/0", headers=shop.headers)
        assert [c["id"] for c in every.json()["data"]] == [root["id"], child["id"], other["id"]]
        assert every.json()["meta"]["count"] == 3
        under = await client.get(
            f"/company/{loc}/goods_categories/{root['id']}", headers=shop.headers
        )
        assert [c["title"] for c in under.json()["data"]] == ["Colour"]

        roots = await client.get(f"/goods_categories/{loc}/0", headers=shop.headers)
        assert roots.json()["data"] == [
            {"id": str(root["id"]), "title": "Hair"},
            {"id": str(other["id"]), "title": "Nails"},
        ]
        many = await client.get(
            f"/goods_categories/multiple/{loc}",
            params=[("id", other["id"]), ("ids[]", child["id"]), ("id", 999999)],
            headers=shop.headers,
        )
        assert [c["title"] for c in many.json()["data"]] == ["Nails", "Colour"]

        node = await client.get(f"/goods/category_node/{loc}/{root['id']}", headers=shop.headers)
        data = node.json()["data"]
        assert data["category_id"] == root["id"] and data["is_category"] is True
        assert data["children_count"] == 2
        assert [(c["is_category"], c["title"]) for c in data["children"]] == [
            (True, "Colour"),
            (False, "Dye"),
        ]
        assert data["children"][1]["item_id"] == int(product["good_id"])
        paged = await client.get(
            f"/goods/category_node/{loc}/{root['id']}",
            params={"page": 2, "count": 1},
            headers=shop.headers,
        )
        assert [c["title"] for c in paged.json()["data"]["children"]] == ["Dye"]

    async def test_update_refuses_a_cycle_and_delete_refuses_content(
        self, client: httpx.AsyncClient, shop: Shop
    ) -> None:
        loc = shop.location_id
        root = await make_category(client, shop, "Hair")
        child = await make_category(client, shop, "Colour", root["id"])
        r = await client.put(
            f"/goods_categories/{loc}/{root['id']}",
            json={"title": "Hair", "parent_category_id": child["id"]},
            headers=shop.headers,
        )
        assert_error(r, 422, "parent_category_id")
        r = await client.put(
            f"/goods_categories/{loc}/{child['id']}",
            json={"title": "Colours", "parent_category_id": 0, "article": "C"},
            headers=shop.headers,
        )
        assert r.status_code == 200 and r.json()["data"]["parent_category_id"] == 0
        product = await make_product(client, shop, child["id"])
        r = await client.delete(f"/goods_categories/{loc}/{child['id']}", headers=shop.headers)
        assert_error(r, 409)
        await client.delete(f"/goods/{loc}/{product['good_id']}", headers=shop.headers)
        r = await client.delete(f"/goods_categories/{loc}/{child['id']}", headers=shop.headers)
        assert r.status_code == 204
        r = await client.delete(f"/goods_categories/{loc}/{child['id']}", headers=shop.headers)
        assert_error(r, 404)
        r = await client.post(
            f"/goods_categories/{loc}",
            json={"title": "X", "parent_category_id": 123456},
            headers=shop.headers,
        )
        assert_error(r, 422, "parent_category_id")


class TestProducts:
    async def test_create_read_update_delete(self, client: httpx.AsyncClient, shop: Shop) -> None:
        loc = shop.location_id
        cat = await make_category(client, shop, "Hair")
        r = await client.post(
            f"/goods/{loc}", json=product_body(shop, cat["id"]), headers=shop.headers
        )
        assert r.status_code == 201
        [p] = r.json()["data"]
        assert p["title"] == "Shampoo" and p["label"] == "Shampoo (SH-1)"
        assert p["cost"] == "18.5" and p["actual_cost"] == "9" and p["unit_equals"] == "100"
        assert p["unit_actual_cost"] == "0.09" and p["unit_short_title"] == "pcs"
        assert p["service_unit_short_title"] == "ml" and p["actual_amounts"] == []
        assert p["critical_amount"] == 1 and p["desired_amount"] == 5
        pid = p["good_id"]
        got = await client.get(f"/goods/{loc}/{pid}", headers=shop.headers)
        assert got.json()["data"] == [p]
        r = await client.put(
            f"/goods/{loc}/{pid}",
            json=product_body(shop, cat["id"], title="Shampoo XL", cost="20.10"),
            headers=shop.headers,
        )
        assert r.status_code == 200 and r.json()["data"][0]["cost"] == "20.1"
        assert (await client.delete(f"/goods/{loc}/{pid}", headers=shop.headers)).status_code == 204
        assert_error(await client.get(f"/goods/{loc}/{pid}", headers=shop.headers), 404)

    async def test_bad_input_is_refused(self, client: httpx.AsyncClient, shop: Shop) -> None:
        loc = shop.location_id
        cat = await make_category(client, shop, "Hair")
        for over, field in (
            ({"category_id": 999999}, "category_id"),
            ({"sale_unit_id": 999999}, "sale_unit_id"),
            ({"unit_equals": 0}, "unit_equals"),
            ({"cost": -1}, "cost"),
            ({"cost": "abc"}, "cost"),
            ({"title": ""}, "title"),
        ):
            r = await client.post(
                f"/goods/{loc}", json=product_body(shop, cat["id"], **over), headers=shop.headers
            )
            assert_error(r, 422, field)
        listed = await client.get(f"/goods/{loc}", headers=shop.headers)
        assert listed.json()["data"] == []

    async def test_list_filters_and_paging(self, client: httpx.AsyncClient, shop: Shop) -> None:
        loc = shop.location_id
        hair = await make_category(client, shop, "Hair")
        nails = await make_category(client, shop, "Nails")
        await make_product(client, shop, hair["id"], title="Shampoo Ёлка", article="A1")
        await make_product(client, shop, hair["id"], title="Conditioner", barcode="777")
        await make_product(client, shop, nails["id"], title="Polish", article="P1")
        r = await client.get(f"/goods/{loc}", params={"count": 2}, headers=shop.headers)
        body = r.json()
        assert len(body["data"]) == 2 and body["meta"]["total_count"] == 3
        assert body["meta"]["page"] == 1
        for params, titles in (
            ({"term": "ёЛКА"}, ["Shampoo Ёлка"]),
            ({"term": "777"}, ["Conditioner"]),
            ({"term": "p1"}, ["Polish"]),
            ({"category_id": nails["id"]}, ["Polish"]),
            (
                {"changed_after": "2000-01-01T00:00:00+00:00"},
                ["Shampoo Ёлка", "Conditioner", "Polish"],
            ),
            ({"changed_before": "2000-01-01 00:00:00"}, []),
        ):
            r = await client.get(f"/goods/{loc}", params=params, headers=shop.headers)
            assert [p["title"] for p in r.json()["data"]] == titles, params
        r = await client.get(
            f"/goods/{loc}", params={"changed_after": "soon"}, headers=shop.headers
        )
        assert_error(r, 422, "changed_after")

    async def test_search_lists_categories_first(
        self, client: httpx.AsyncClient, shop: Shop
    ) -> None:
        loc = shop.location_id
        hair = await make_category(client, shop, "Hair care")
        await make_category(client, shop, "Hair colour", hair["id"])
        await make_product(client, shop, hair["id"], title="Hair spray")
        await make_product(client, shop, hair["id"], title="Hair gel")
        r = await client.get(f"/goods/search/{loc}", params={"term": "hair"}, headers=shop.headers)
        data = r.json()["data"]
        assert [(n["is_category"], n["title"]) for n in data] == [
            (True, "Hair care"),
            (True, "Hair colour"),
            (False, "Hair spray"),
            (False, "Hair gel"),
        ]
        assert r.json()["meta"]["count"] == 4
        r = await client.get(
            f"/goods/search/{loc}",
            params={"search_term": "hair", "max_count": 3},
            headers=shop.headers,
        )
        assert len(r.json()["data"]) == 3 and r.json()["data"][2]["is_item"] is True
        r = await client.get(f"/goods/search/{loc}", headers=shop.headers)
        assert [n["title"] for n in r.json()["data"]] == ["Hair care"]

    async def test_stock_shows_per_storage(
        self, client: httpx.AsyncClient, shop: Shop, database: Database
    ) -> None:
        loc = shop.location_id
        cat = await make_category(client, shop, "Hair")
        p = await make_product(client, shop, cat["id"])
        pid = int(p["good_id"])
        await _movement(database, shop, pid, "10", type_id=RECEIPT, unit=SALE_UNIT)
        await _movement(database, shop, pid, "-20", type_id=WRITE_OFF, unit=SERVICE_UNIT)
        r = await client.get(f"/goods/{loc}/{pid}", headers=shop.headers)
        assert r.json()["data"][0]["actual_amounts"] == [
            {"storage_id": str(shop.storages["sale"]), "amount": "9.8"}
        ]

    async def test_unit_change_with_movements_needs_correction_rules(
        self, client: httpx.AsyncClient, shop: Shop, database: Database
    ) -> None:
        loc = shop.location_id
        cat = await make_category(client, shop, "Hair")
        p = await make_product(client, shop, cat["id"])
        pid = int(p["good_id"])
        # No movements: units change freely.
        r = await client.put(
            f"/goods/{loc}/{pid}",
            json=product_body(shop, cat["id"], unit_equals=200),
            headers=shop.headers,
        )
        assert r.status_code == 200
        await _movement(database, shop, pid, "10", type_id=RECEIPT, unit=SALE_UNIT)
        await _movement(database, shop, pid, "-20", type_id=WRITE_OFF, unit=SERVICE_UNIT)
        changed = product_body(shop, cat["id"], unit_equals=100)
        r = await client.put(f"/goods/{loc}/{pid}", json=changed, headers=shop.headers)
        assert_error(r, 409)
        r = await client.put(
            f"/goods/{loc}/{pid}",
            json={**changed, "correction_rules": [{"type": RECEIPT, "base_unit": "sale"}]},
            headers=shop.headers,
        )
        assert_error(r, 409)
        unchanged = await client.get(f"/goods/{loc}/{pid}", headers=shop.headers)
        assert unchanged.json()["data"][0]["unit_equals"] == "200"
        assert unchanged.json()["data"][0]["actual_amounts"][0]["amount"] == "9.9"
        # Receipts keep their pieces; write-offs keep their millilitres (now 0.2 piece).
        r = await client.put(
            f"/goods/{loc}/{pid}",
            json={
                **changed,
                "correction_rules": [
                    {"type": RECEIPT, "base_unit": "sale"},
                    {"type": WRITE_OFF, "base_unit": "service"},
                ],
            },
            headers=shop.headers,
        )
        assert r.status_code == 200, r.text
        assert r.json()["data"][0]["actual_amounts"][0]["amount"] == "9.8"
        # A title change alone needs no rules.
        r = await client.put(
            f"/goods/{loc}/{pid}",
            json={**changed, "title": "Renamed"},
            headers=shop.headers,
        )
        assert r.status_code == 200


class TestRights:
    async def test_without_the_storages_right_everything_is_refused(
        self, client: httpx.AsyncClient, shop: Shop, database: Database
    ) -> None:
        loc = shop.location_id
        cat = await make_category(client, shop, "Hair")
        p = await make_product(client, shop, cat["id"])
        async with database.session(write=True) as s:
            await s.execute(
                update(Membership)
                .where(Membership.user_id == shop.tenant.user.id)
                .values(permissions=only_rights("finances_access"))
            )
        body = product_body(shop, cat["id"])
        for method, url, json in (
            ("GET", f"/goods/{loc}", None),
            ("GET", f"/goods/{loc}/{p['good_id']}", None),
            ("POST", f"/goods/{loc}", body),
            ("PUT", f"/goods/{loc}/{p['good_id']}", body),
            ("DELETE", f"/goods/{loc}/{p['good_id']}", None),
            ("GET", f"/goods/search/{loc}", None),
            ("GET", f"/goods/category_node/{loc}/{cat['id']}", None),
            ("GET", f"/company/{loc}/goods_categories/0", None),
            ("GET", f"/goods_categories/{loc}/0", None),
            ("GET", f"/goods_categories/multiple/{loc}?id={cat['id']}", None),
            ("POST", f"/goods_categories/{loc}", {"title": "X"}),
            ("PUT", f"/goods_categories/{loc}/{cat['id']}", {"title": "X"}),
            ("DELETE", f"/goods_categories/{loc}/{cat['id']}", None),
            ("GET", f"/storages/{loc}", None),
            ("POST", f"/storages/{loc}", {"title": "X"}),
            ("GET", f"/units/{loc}", None),
            ("POST", f"/units/{loc}", {"title": "X"}),
            ("GET", f"/suppliers/{loc}", None),
            ("POST", f"/suppliers/{loc}", {"title": "X"}),
        ):
            r = await client.request(method, url, json=json, headers=shop.headers)
            assert_error(r, 403)
        assert (await client.get(f"/accounts/{loc}", headers=shop.headers)).status_code == 200


class TestExtensions:
    async def test_create_storage_unit_supplier_account_expense(
        self, client: httpx.AsyncClient, shop: Shop
    ) -> None:
        loc = shop.location_id
        h = shop.headers
        r = await client.post(
            f"/storages/{loc}", json={"title": "Back room", "for_services": 1}, headers=h
        )
        assert r.status_code == 201 and r.json()["data"]["for_service"] == 1
        r = await client.post(
            f"/units/{loc}", json={"title": "Litre", "short_title": "l"}, headers=h
        )
        assert r.status_code == 201
        r = await client.post(f"/suppliers/{loc}", json={"title": "Acme"}, headers=h)
        assert r.status_code == 201
        assert [
            s["title"] for s in (await client.get(f"/suppliers/{loc}", headers=h)).json()["data"]
        ] == ["Acme"]
        r = await client.post(
            f"/accounts/{loc}", json={"title": "Bank", "type": 1, "is_default": True}, headers=h
        )
        assert r.status_code == 201 and r.json()["data"]["is_cash"] is False
        accounts = (await client.get(f"/accounts/{loc}", headers=h)).json()["data"]
        assert [a["title"] for a in accounts if a["is_default"]] == ["Bank"]
        r = await client.post(f"/expenses/{loc}", json={"title": "Flowers"}, headers=h)
        assert r.status_code == 201 and r.json()["data"]["id"] > 11
        r = await client.post(f"/accounts/{loc}", json={"title": "X", "type": 7}, headers=h)
        assert_error(r, 422, "type")
