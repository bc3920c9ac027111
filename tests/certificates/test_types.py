"""Certificate types of a chain: create, read, list, update and delete, their goods items,
the freeze once one is sold, the location's lists, the client's and the account's own
certificates, and the chain's loyalty notification templates."""

from __future__ import annotations

import httpx
from sqlalchemy import select

from parlour.auth import service as auth_service
from parlour.db import Database
from parlour.models import Product, User
from tests.certificates.helpers import PHONE, create_type, sell_certificate, type_body
from tests.fixtures.factories import Salon, Tenant
from tests.sales.checkout import sister


def _types(t: Tenant) -> str:
    return f"/chain/{t.chain.id}/loyalty/certificate_types"


async def _products(database: Database, location_id: int) -> list[Product]:
    async with database.session() as session:
        rows = await session.execute(select(Product).where(Product.location_id == location_id))
        return list(rows.scalars())


class TestChainTypes:
    async def test_create_makes_a_goods_item_per_location(
        self, client: httpx.AsyncClient, database: Database, world: Tenant
    ) -> None:
        second = await sister(database, world)
        kind = await create_type(client, world, title="Spa day", balance=1500.5)
        assert kind["company_group_id"] == world.chain.id
        assert kind["balance"] == 1500.5 and kind["released_total"] == 0
        assert kind["salon_ids"] == [world.location_id, second.location_id]
        assert kind["item_type"] == {"id": 1, "title": "Any services, no goods"}
        assert kind["expiration_timeout"] == 1 and kind["expiration_timeout_unit_id"] == 4
        for loc in (world.location_id, second.location_id):
            [product] = await _products(database, loc)
            assert product.title == "Spa day" and product.cost == 1500.5
        r = await client.get(_types(world) + f"/{kind['id']}", headers=world.headers)
        assert r.status_code == 200 and r.json()["data"] == kind and r.json()["meta"] == []
        r = await client.get(f"/goods/{world.location_id}", headers=world.headers)
        [good] = r.json()["data"]
        assert good["loyalty_certificate_type_id"] == kind["id"]
        assert good["loyalty_allow_empty_code"] == 0

    async def test_update_keeps_the_goods_items_in_step(
        self, client: httpx.AsyncClient, database: Database, world: Tenant
    ) -> None:
        second = await sister(database, world)
        kind = await create_type(client, world)
        r = await client.put(
            _types(world) + f"/{kind['id']}",
            json=type_body(title="Renamed", balance=2000, salon_ids=[second.location_id]),
            headers=world.headers,
        )
        assert r.status_code == 200, r.text
        assert r.json()["data"]["salon_ids"] == [second.location_id]
        [gone] = await _products(database, world.location_id)
        assert gone.deleted
        [kept] = await _products(database, second.location_id)
        assert (kept.title, kept.cost, kept.deleted) == ("Renamed", 2000, False)

    async def test_list_filters_and_pages(self, client: httpx.AsyncClient, world: Tenant) -> None:
        for title in ("Gift 1000", "Gift 2000", "Spa"):
            await create_type(client, world, title=title)
        r = await client.get(
            _types(world), params={"title": "gift", "page_size": 1}, headers=world.headers
        )
        assert r.status_code == 200
        assert [k["title"] for k in r.json()["data"]] == ["Gift 1000"]
        assert r.json()["meta"]["total_count"] == 2

    async def test_a_sold_type_is_frozen(
        self, client: httpx.AsyncClient, database: Database, world: Tenant
    ) -> None:
        kind = await create_type(client, world)
        await sell_certificate(client, world, kind["id"])
        url = _types(world) + f"/{kind['id']}"
        r = await client.put(url, json=type_body(title="Changed"), headers=world.headers)
        assert r.status_code == 422 and r.json()["success"] is False
        assert (await client.delete(url, headers=world.headers)).status_code == 422
        r = await client.get(url, headers=world.headers)
        assert r.json()["data"]["title"] == "Gift Certificate 3000"
        assert r.json()["data"]["released_total"] == 1

    async def test_delete_removes_type_and_goods_item(
        self, client: httpx.AsyncClient, database: Database, world: Tenant
    ) -> None:
        kind = await create_type(client, world)
        url = _types(world) + f"/{kind['id']}"
        r = await client.delete(url, headers=world.headers)
        assert r.status_code == 200 and r.json() == {"success": True, "data": None, "meta": []}
        assert (await client.get(url, headers=world.headers)).status_code == 404
        [product] = await _products(database, world.location_id)
        assert product.deleted

    async def test_bad_bodies_are_refused(
        self, client: httpx.AsyncClient, world: Tenant, stranger: Tenant, salon: Salon
    ) -> None:
        bad = [
            type_body(salon_ids=[stranger.location_id]),
            type_body(item_type_id=3),
            type_body(item_type_id=3, service_ids=[999999]),
            type_body(item_type_id=1, service_ids=[salon.service_id]),
            type_body(expiration={"type_id": 1}),
            type_body(expiration={"type_id": 2, "timeout": 0, "timeout_unit_id": 1}),
            type_body(balance=0),
            type_body(item_type_id=7),
        ]
        for body in bad:
            r = await client.post(_types(world), json=body, headers=world.headers)
            assert r.status_code == 422, (body, r.text)
            assert r.json()["success"] is False

    async def test_another_chains_type_is_not_found(
        self, client: httpx.AsyncClient, world: Tenant, stranger: Tenant
    ) -> None:
        kind = await create_type(client, stranger)
        r = await client.get(_types(world) + f"/{kind['id']}", headers=world.headers)
        assert r.status_code == 404


class TestLocationTypes:
    async def test_search_and_fetch_list_the_types_valid_here(
        self, client: httpx.AsyncClient, database: Database, world: Tenant
    ) -> None:
        second = await sister(database, world)
        here = await create_type(client, world, title="Here")
        await create_type(client, world, title="There", salon_ids=[second.location_id])
        url = f"/company/{world.location_id}/loyalty/certificate_types"
        r = await client.get(url + "/search", headers=world.headers)
        assert r.status_code == 200
        [only] = r.json()["data"]
        assert only["id"] == here["id"] and only["company_group_id"] == world.chain.id
        assert set(only) == {
            "id",
            "title",
            "balance",
            "is_multi",
            "company_group_id",
            "item_type_id",
            "expiration_type_id",
            "expiration_date",
            "expiration_timeout",
            "expiration_timeout_unit_id",
            "is_allow_empty_code",
        }
        r = await client.get(url + "/search", params={"title": "nope"}, headers=world.headers)
        assert r.json()["data"] == []
        r = await client.get(
            url + "/fetch", params={"ids[]": [here["id"], 999]}, headers=world.headers
        )
        assert [k["id"] for k in r.json()["data"]] == [here["id"]]
        assert r.json()["meta"]["count"] == 1


class TestClientCertificates:
    async def test_by_phone_needs_a_member_with_the_right(
        self, client: httpx.AsyncClient, world: Tenant, stranger: Tenant
    ) -> None:
        kind = await create_type(client, world)
        sold = await sell_certificate(client, world, kind["id"])
        params = {"phone": PHONE.lstrip("+"), "company_id": world.location_id}
        r = await client.get("/loyalty/certificates", params=params, headers=world.headers)
        assert r.status_code == 200, r.text
        [mine] = r.json()["data"]
        assert mine["id"] == sold["id"] and mine["type"]["item_type"]["id"] == 1
        assert mine["expiration_date"].endswith("T23:59:59-04:00") or mine[
            "expiration_date"
        ].endswith("T23:59:59-05:00")
        r = await client.get("/loyalty/certificates", params=params, headers=stranger.headers)
        assert r.status_code == 403
        r = await client.get(
            "/loyalty/certificates", params={"phone": PHONE}, headers=world.headers
        )
        assert r.status_code == 422

    async def test_the_account_reads_its_own(
        self, client: httpx.AsyncClient, database: Database, world: Tenant
    ) -> None:
        kind = await create_type(client, world)
        await sell_certificate(client, world, kind["id"])
        await sell_certificate(client, world, kind["id"], phone="+13155550199")
        async with database.session(write=True) as session:
            user = await auth_service.create_user(
                session, login="buyer@example.com", password="pw-123456", name="Buyer"
            )
            row = await session.get(User, user.id)
            assert row is not None
            row.phone = PHONE
            token = auth_service.token_of(user)
        headers = {"Authorization": f"Bearer {world.partner_token}, User {token}"}
        r = await client.get(
            "/user/loyalty/certificates",
            params={"company_id": world.location_id},
            headers=headers,
        )
        assert r.status_code == 200, r.text
        assert [c["balance"] for c in r.json()["data"]] == [3000]


class TestTemplates:
    async def test_standard_templates_bare(self, client: httpx.AsyncClient, world: Tenant) -> None:
        r = await client.get(
            f"/chain/{world.chain.id}/loyalty/notification_message_templates/programs",
            headers=world.headers,
        )
        assert r.status_code == 200
        data = r.json()
        assert isinstance(data, list) and data
        assert set(data[0]) == {"id", "type", "message_type", "body"}
