"""hooks_settings (upstream's contract) and events written in the change's transaction."""

from __future__ import annotations

from typing import Any

import httpx
from sqlalchemy import func, select

from parlour.db import Database
from parlour.models import HookDelivery, HookEvent
from tests.fixtures.factories import Tenant, assert_error

ALL_ON: dict[str, Any] = {
    "urls": ["http://127.0.0.1:9/hook"],
    "active": 1,
    "salon": 1,
    "service_category": 1,
    "service": 1,
    "good": 1,
    "master": 1,
    "client": 1,
    "record": 1,
    "goods_operations_sale": 1,
    "goods_operations_receipt": 1,
    "goods_operations_consumable": 1,
    "goods_operations_stolen": 1,
    "goods_operations_move": 1,
    "finances_operation": 1,
    "self_sending": 1,
}


async def hook_on(http: httpx.AsyncClient, t: Tenant, **over: Any) -> dict[str, Any]:
    r = await http.post(
        f"/hooks_settings/{t.location_id}", json={**ALL_ON, **over}, headers=t.headers
    )
    assert r.status_code == 201, r.text
    data: dict[str, Any] = r.json()["data"]
    return data


async def events(database: Database) -> list[HookEvent]:
    async with database.session() as s:
        return list((await s.execute(select(HookEvent).order_by(HookEvent.id))).scalars())


class TestSettings:
    async def test_empty_settings_answer_zeros(
        self, client: httpx.AsyncClient, world: Tenant
    ) -> None:
        r = await client.get(f"/hooks_settings/{world.location_id}", headers=world.headers)
        assert r.status_code == 200, r.text
        data = r.json()["data"]
        assert data["urls"] == [] and data["active"] == 0 and data["record"] == 0

    async def test_post_replaces_the_list_and_flags_take_booleans(
        self, client: httpx.AsyncClient, world: Tenant
    ) -> None:
        first = await hook_on(client, world, urls=["https://a.test/h", "https://b.test/h"])
        assert first["urls"] == ["https://a.test/h", "https://b.test/h"]
        assert first["active"] == 1 and first["client"] == 1 and first["loyalty_card"] == 0
        body = {"urls": ["https://c.test/h", "https://c.test/h"], "active": True, "record": True}
        r = await client.post(
            f"/hooks_settings/{world.location_id}", json=body, headers=world.headers
        )
        assert r.status_code == 201, r.text
        data = r.json()["data"]
        assert data["urls"] == ["https://c.test/h"]
        assert data["record"] == 1 and data["client"] == 0 and data["active"] == 1
        got = await client.get(f"/hooks_settings/{world.location_id}", headers=world.headers)
        assert got.json()["data"] == data

    async def test_bad_input_is_refused_without_writing(
        self, client: httpx.AsyncClient, world: Tenant
    ) -> None:
        url = f"/hooks_settings/{world.location_id}"
        many = [f"https://h{i}.test/x" for i in range(11)]
        assert_error(
            await client.post(url, json={**ALL_ON, "urls": many}, headers=world.headers), 422
        )
        bad_flag = {**ALL_ON, "record": 2}
        assert_error(await client.post(url, json=bad_flag, headers=world.headers), 422)
        bad_url = {**ALL_ON, "urls": ["ftp://x.test"]}
        assert_error(await client.post(url, json=bad_url, headers=world.headers), 422)
        assert_error(await client.post(url, json={"active": 1}, headers=world.headers), 422)
        r = await client.get(url, headers=world.headers)
        assert r.json()["data"]["urls"] == []


class TestEvents:
    async def test_a_change_writes_its_event_with_the_rest_answer(
        self, client: httpx.AsyncClient, world: Tenant, database: Database
    ) -> None:
        await hook_on(client, world)
        r = await client.post(
            f"/clients/{world.location_id}",
            json={"name": "Ann", "phone": "13155550100"},
            headers=world.headers,
        )
        assert r.status_code == 201, r.text
        created = r.json()["data"]
        rows = await events(database)
        assert [(e.resource, e.resource_id, e.status) for e in rows] == [
            ("client", created["id"], "create")
        ]
        assert rows[0].data == created
        async with database.session() as s:
            n = await s.scalar(select(func.count()).select_from(HookDelivery))
        assert n == 1
        r = await client.put(
            f"/client/{world.location_id}/{created['id']}",
            json={"name": "Anna", "phone": "13155550100"},
            headers=world.headers,
        )
        assert r.status_code == 200, r.text
        r = await client.delete(
            f"/client/{world.location_id}/{created['id']}", headers=world.headers
        )
        assert r.status_code in (200, 204), r.text
        rows = await events(database)
        assert [e.status for e in rows] == ["create", "update", "delete"]
        assert rows[1].data["name"] == "Anna"
        assert rows[2].data["id"] == created["id"]

    async def test_a_refused_change_writes_no_event(
        self, client: httpx.AsyncClient, world: Tenant, database: Database
    ) -> None:
        await hook_on(client, world)
        body = {"name": "Ann", "phone": "13155550100"}
        r = await client.post(f"/clients/{world.location_id}", json=body, headers=world.headers)
        assert r.status_code == 201
        again = await client.post(f"/clients/{world.location_id}", json=body, headers=world.headers)
        assert again.status_code >= 400
        assert len(await events(database)) == 1

    async def test_nothing_without_settings_or_with_the_flag_off(
        self, client: httpx.AsyncClient, world: Tenant, database: Database
    ) -> None:
        body = {"name": "Ann", "phone": "13155550100"}
        r = await client.post(f"/clients/{world.location_id}", json=body, headers=world.headers)
        assert r.status_code == 201
        await hook_on(client, world, client=0)
        body = {"name": "Bob", "phone": "13155550101"}
        r = await client.post(f"/clients/{world.location_id}", json=body, headers=world.headers)
        assert r.status_code == 201
        await hook_on(client, world, active=0)
        body = {"name": "Cid", "phone": "13155550102"}
        r = await client.post(f"/clients/{world.location_id}", json=body, headers=world.headers)
        assert await events(database) == []

    async def test_self_sending_off_keeps_the_event_but_sends_nothing(
        self, client: httpx.AsyncClient, world: Tenant, database: Database
    ) -> None:
        await hook_on(client, world, self_sending=0)
        body = {"name": "Ann", "phone": "13155550100"}
        r = await client.post(f"/clients/{world.location_id}", json=body, headers=world.headers)
        assert r.status_code == 201
        assert len(await events(database)) == 1
        async with database.session() as s:
            assert await s.scalar(select(func.count()).select_from(HookDelivery)) == 0

    async def test_loyalty_cards_send_their_events_to_the_issuing_location(
        self, client: httpx.AsyncClient, world: Tenant, database: Database
    ) -> None:
        from tests.loyalty.helpers import card_type, issue

        await hook_on(client, world, client=0, loyalty_card=1)
        gold = await card_type(client, world, "Gold")
        card = await issue(client, world, gold["id"], number="4242", phone="13155550175")
        url = f"/company/{world.location_id}/loyalty/cards/{card['id']}/manual_transaction"
        r = await client.post(url, json={"amount": 50}, headers=world.headers)
        assert r.status_code == 200, r.text
        r = await client.delete(
            f"/loyalty/cards/{world.location_id}/{card['id']}", headers=world.headers
        )
        assert r.status_code < 300, r.text
        rows = [e for e in await events(database) if e.resource == "loyalty_card"]
        assert [(e.resource_id, e.status) for e in rows][:2] == [
            (card["id"], "create"),
            (card["id"], "update"),
        ]
        assert rows[0].data["number"] == "4242" and rows[1].data["balance"] == 50
        assert rows[-1].status in ("update", "delete")
