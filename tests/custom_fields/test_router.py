"""Custom fields: list, create, update, delete; values on clients checked against types."""

from __future__ import annotations

from typing import Any

import httpx
from sqlalchemy import delete, update

from parlour.auth.permissions import OWNER
from parlour.db import Database
from parlour.models import Location, LocationChain, Membership
from tests.fixtures.factories import Tenant

SEED = {
    "type": "text",
    "code": "my_text_field",
    "title": "test field",
    "user_can_edit": True,
    "show_in_ui": True,
}


async def _create(
    client: httpx.AsyncClient, tenant: Tenant, category: str = "record", **over: Any
) -> dict[str, Any]:
    r = await client.post(
        f"/custom_fields/{category}/{tenant.location_id}",
        json={**SEED, **over},
        headers=tenant.headers,
    )
    assert r.status_code == 200, r.text
    data: dict[str, Any] = r.json()["data"]
    return data


class TestCreateCustomField:
    async def test_seed_sample(self, client: httpx.AsyncClient, world: Tenant) -> None:
        r = await client.post(
            f"/custom_fields/record/{world.location_id}", json=SEED, headers=world.headers
        )
        assert r.status_code == 200
        body = r.json()
        assert body["meta"] == []
        data = body["data"]
        assert data["salon_id"] == world.location_id and data["id"] == data["custom_field"]["id"]
        cf = data["custom_field"]
        assert cf["code"] == "my_text_field" and cf["title"] == "test field"
        assert cf["type"] == {"code": "text", "title": "Text"}
        assert cf["show_in_ui"] is True and cf["user_can_edit"] is True

    async def test_validation(self, client: httpx.AsyncClient, world: Tenant) -> None:
        url = f"/custom_fields/client/{world.location_id}"
        for body, field in (
            ({**SEED, "type": "colour"}, "type"),
            ({**SEED, "code": "bad code!"}, "code"),
            ({**SEED, "type": "select"}, "values"),
            ({k: v for k, v in SEED.items() if k != "title"}, "title"),
        ):
            r = await client.post(url, json=body, headers=world.headers)
            assert r.status_code == 422, (body, r.text)
            assert field in str(r.json()["meta"]["errors"])
        await _create(client, world, "client")
        r = await client.post(url, json=SEED, headers=world.headers)
        assert r.status_code == 422 and "code" in r.json()["meta"]["errors"]
        r = await client.get(url, headers=world.headers)
        assert len(r.json()["data"]) == 1
        r = await client.post(
            f"/custom_fields/goods/{world.location_id}", json=SEED, headers=world.headers
        )
        assert r.status_code == 404

    async def test_needs_right_and_chain(
        self, client: httpx.AsyncClient, world: Tenant, database: Database
    ) -> None:
        async with database.session(write=True) as s:
            await s.execute(
                update(Membership)
                .where(Membership.user_id == world.user.id)
                .values(permissions={**OWNER, "settings_access": False})
            )
        url = f"/custom_fields/record/{world.location_id}"
        assert (await client.post(url, json=SEED, headers=world.headers)).status_code == 403
        async with database.session(write=True) as s:
            await s.execute(
                update(Membership)
                .where(Membership.user_id == world.user.id)
                .values(permissions=dict(OWNER))
            )
            await s.execute(
                delete(LocationChain).where(LocationChain.location_id == world.location_id)
            )
            await s.execute(
                update(Location).where(Location.id == world.location_id).values(main_group_id=None)
            )
        assert (await client.post(url, json=SEED, headers=world.headers)).status_code == 403
        assert (await client.get(url, headers=world.headers)).json()["data"] == []

    async def test_auth(self, client: httpx.AsyncClient, world: Tenant, stranger: Tenant) -> None:
        url = f"/custom_fields/record/{world.location_id}"
        assert (await client.post(url, json=SEED)).status_code == 401
        assert (await client.post(url, json=SEED, headers=stranger.headers)).status_code == 403
        assert (await client.get(url, headers=stranger.headers)).status_code == 403


class TestUpdateDeleteCustomField:
    async def test_update_then_delete(self, client: httpx.AsyncClient, world: Tenant) -> None:
        created = await _create(client, world)
        url = f"/custom_fields/record/{world.location_id}/{created['id']}"
        r = await client.put(url, json={**SEED, "title": "renamed"}, headers=world.headers)
        assert r.status_code == 202
        assert r.json() == {"success": True, "data": None, "meta": {"message": "Saved"}}
        r = await client.put(
            url, json={"type": "select", "values": ["a", "b"]}, headers=world.headers
        )
        assert r.status_code == 202
        r = await client.get(f"/custom_fields/record/{world.location_id}", headers=world.headers)
        cf = r.json()["data"][0]["custom_field"]
        assert cf["title"] == "renamed" and cf["type"]["code"] == "select"
        assert cf["values"] == ["a", "b"]
        r = await client.put(url, json={"type": "nope"}, headers=world.headers)
        assert r.status_code == 422
        r = await client.delete(url, headers=world.headers)
        assert r.status_code == 200 and r.json()["meta"] == {"message": "Deleted"}
        assert (await client.delete(url, headers=world.headers)).status_code == 404

    async def test_other_location_field_is_404(
        self, client: httpx.AsyncClient, world: Tenant, stranger: Tenant
    ) -> None:
        theirs = await _create(client, stranger)
        url = f"/custom_fields/record/{world.location_id}/{theirs['id']}"
        assert (await client.put(url, json=SEED, headers=world.headers)).status_code == 404
        assert (await client.delete(url, headers=world.headers)).status_code == 404
        # A client field is not found through the record category either.
        url = f"/custom_fields/client/{stranger.location_id}/{theirs['id']}"
        assert (await client.delete(url, headers=stranger.headers)).status_code == 404


class TestClientValues:
    async def test_values_are_checked_against_types(
        self, client: httpx.AsyncClient, world: Tenant
    ) -> None:
        await _create(client, world, "client", code="shoe", type="number")
        await _create(client, world, "client", code="tier", type="select", values=["A", "B"])
        await _create(client, world, "client", code="since", type="date")
        await _create(client, world, "client", code="note", type="text")
        body = {
            "name": "Val",
            "phone": "+13155550400",
            "custom_fields": {"shoe": "42", "tier": "B", "since": "2024-05-01", "note": "hi"},
        }
        r = await client.post(f"/clients/{world.location_id}", json=body, headers=world.headers)
        assert r.status_code == 201, r.text
        cid = r.json()["data"]["id"]
        assert r.json()["data"]["custom_fields"] == {
            "shoe": 42,
            "tier": "B",
            "since": "2024-05-01",
            "note": "hi",
        }
        for bad in (
            {"shoe": "many"},
            {"tier": "C"},
            {"since": "May"},
            {"unknown": 1},
            {"note": "x" * 256},
        ):
            r = await client.put(
                f"/client/{world.location_id}/{cid}",
                json={"name": "Val", "phone": "+13155550400", "custom_fields": bad},
                headers=world.headers,
            )
            assert r.status_code == 422, (bad, r.text)
            assert "custom_fields." in str(r.json()["meta"]["errors"])
        r = await client.put(
            f"/client/{world.location_id}/{cid}",
            json={"name": "Val", "phone": "+13155550400", "custom_fields": {"note": None}},
            headers=world.headers,
        )
        assert r.json()["data"]["custom_fields"] == {"shoe": 42, "tier": "B", "since": "2024-05-01"}
