"""Notification settings, and the outbox entries record changes put there."""

from __future__ import annotations

from typing import Any

import httpx

from parlour.db import Database
from tests.fixtures import factories as f
from tests.fixtures.factories import DAY, Salon, Tenant, assert_error
from tests.online_booking.test_router import _booking, _setup
from tests.users.test_router import invite_and_accept

ADMIN = [
    "record_create_online_admin",
    "record_create_offline_admin",
    "record_move_admin",
    "record_delete_admin",
    "license_expire",
]


async def _outbox(client: httpx.AsyncClient, t: Tenant, after: int = 0) -> list[dict[str, Any]]:
    r = await client.get(
        f"/company/{t.location_id}/outbox", params={"after_id": after}, headers=t.headers
    )
    assert r.status_code == 200
    data: list[dict[str, Any]] = r.json()["data"]
    return [m for m in data if m["kind"] != "user_invitation"]


def _last_id(messages: list[dict[str, Any]]) -> int:
    return messages[-1]["id"] if messages else 0


class TestSettings:
    async def test_defaults_and_push_changes(
        self, client: httpx.AsyncClient, world: Tenant
    ) -> None:
        url = f"/notification_settings/{world.location_id}/users/{world.user.id}"
        data = (await client.get(url, headers=world.headers)).json()["data"]
        assert data["mode"] == "admin"
        assert [t["type"] for t in data["notification_types"]] == ADMIN
        assert data["notification_types"][0]["channels"] == {"push": 1, "sms": 0, "email": 0}
        body = {
            "notification_types": [
                {"type": "record_move_admin", "channels": {"push": 0, "sms": 1, "email": 1}},
                {"type": "record_move_staff", "channels": {"push": 0}},
            ]
        }
        r = await client.post(url, json=body, headers=world.headers)
        assert r.status_code == 200, r.text
        by_type = {t["type"]: t["channels"] for t in r.json()["data"]["notification_types"]}
        # Only the push flag of the user's own family changed.
        assert by_type["record_move_admin"] == {"push": 0, "sms": 0, "email": 0}
        assert by_type["record_create_online_admin"] == {"push": 1, "sms": 0, "email": 0}

    async def test_modes(self, client: httpx.AsyncClient, world: Tenant) -> None:
        url = f"/notification_settings/{world.location_id}/users/{world.user.id}"
        r = await client.post(url, json={"mode": "team_member"}, headers=world.headers)
        assert r.json()["data"]["mode"] == "staff"
        types = [t["type"] for t in r.json()["data"]["notification_types"]]
        assert types[0] == "record_create_online_staff"
        assert_error(await client.post(url, json={"mode": "loud"}, headers=world.headers), 422)
        bad = {"notification_types": [{"type": "record_fly_admin", "channels": {"push": 1}}]}
        assert_error(await client.post(url, json=bad, headers=world.headers), 422)
        assert_error(
            await client.get(
                f"/notification_settings/{world.location_id}/users/999", headers=world.headers
            ),
            404,
        )

    async def test_location_types(self, client: httpx.AsyncClient, world: Tenant) -> None:
        url = f"/notification_settings/{world.location_id}/notification_types"
        data = (await client.get(url, headers=world.headers)).json()["data"]
        by_type = {t["type"]: t["channels"] for t in data}
        assert len(data) == 9
        assert by_type["record_create_offline_admin"]["push"] == 1
        assert by_type["record_create_offline_staff"]["push"] == 0  # nobody in staff mode


class TestRecordEvents:
    async def test_create_move_delete(
        self, client: httpx.AsyncClient, world: Tenant, salon: Salon
    ) -> None:
        settings = f"/notification_settings/{world.location_id}/users/{world.user.id}"
        email_on = {
            "notification_types": [{"type": "record_create_offline_admin", "channels": {"push": 1}}]
        }
        await client.post(settings, json=email_on, headers=world.headers)
        r = await client.post(
            f"/records/{world.location_id}", json=salon.body(), headers=world.headers
        )
        assert r.status_code == 201, r.text
        data = r.json()["data"]
        record_id = (data[0] if isinstance(data, list) else data)["id"]
        messages = await _outbox(client, world)
        assert [(m["kind"], m["channel"], m["recipient"]) for m in messages] == [
            ("record_create_offline_admin", "push", str(world.user.id))
        ]
        assert messages[0]["payload"] == {
            "record_id": record_id,
            "event": "create",
            "online": False,
        }
        seen = _last_id(messages)

        moved = salon.body(datetime=f"{DAY.isoformat()}T12:00:00")
        r = await client.put(
            f"/record/{world.location_id}/{record_id}", json=moved, headers=world.headers
        )
        assert r.status_code in (200, 201), r.text
        messages = await _outbox(client, world, seen)
        assert [m["kind"] for m in messages] == ["record_move_admin"]
        seen = _last_id(messages)

        # An edit that moves nothing tells no one.
        same = salon.body(datetime=f"{DAY.isoformat()}T12:00:00", comment="note")
        await client.put(
            f"/record/{world.location_id}/{record_id}", json=same, headers=world.headers
        )
        assert await _outbox(client, world, seen) == []

        r = await client.delete(f"/record/{world.location_id}/{record_id}", headers=world.headers)
        assert r.status_code in (200, 204)
        assert [m["kind"] for m in await _outbox(client, world, seen)] == ["record_delete_admin"]

    async def test_refused_change_sends_nothing(
        self, client: httpx.AsyncClient, world: Tenant, salon: Salon
    ) -> None:
        r = await client.post(
            f"/records/{world.location_id}", json=salon.body(), headers=world.headers
        )
        assert r.status_code == 201
        seen = _last_id(await _outbox(client, world))
        busy = await client.post(
            f"/records/{world.location_id}", json=salon.body(), headers=world.headers
        )
        assert busy.status_code >= 400
        assert await _outbox(client, world, seen) == []

    async def test_staff_mode_hears_only_its_member(
        self, client: httpx.AsyncClient, world: Tenant, salon: Salon
    ) -> None:
        user_id, _ = await invite_and_accept(client, world, "st@salon.test")
        perms = f"/company/{world.location_id}/users/{user_id}/permissions"
        r = await client.put(
            perms, json={"user_role": "worker", "staff_id": salon.member_id}, headers=world.headers
        )
        assert r.status_code == 200 and r.json()["data"]["staff_id"] == salon.member_id
        off = f"/notification_settings/{world.location_id}/users/{world.user.id}"
        await client.post(off, json={"mode": "disabled"}, headers=world.headers)
        seen = _last_id(await _outbox(client, world))
        mine = salon.body()
        other = salon.body(staff_id=salon.other_member_id, datetime=f"{DAY.isoformat()}T15:00:00")
        for body in (mine, other):
            r = await client.post(f"/records/{world.location_id}", json=body, headers=world.headers)
            assert r.status_code == 201, r.text
        messages = await _outbox(client, world, seen)
        assert [(m["kind"], m["user_id"]) for m in messages] == [
            ("record_create_offline_staff", user_id)
        ]

    async def test_online_booking(
        self, client: httpx.AsyncClient, database: Database, world: Tenant
    ) -> None:
        day = f.future_day()
        member, service = await _setup(database, world, day)
        body = {
            "phone": "+1 315 555 0175",
            "fullname": "James Smith",
            "appointments": [_booking(member, service, f"{day}T09:00:00")],
        }
        r = await client.post(
            f"/book_record/{world.location_id}", json=body, headers=world.partner_headers
        )
        assert r.status_code == 201, r.text
        assert [m["kind"] for m in await _outbox(client, world)] == ["record_create_online_admin"]
