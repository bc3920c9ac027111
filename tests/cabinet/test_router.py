"""Client accounts: sign-in by SMS code or password, the account's data and password."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import httpx
from sqlalchemy import update

from parlour.db import Database
from parlour.models import VerificationCode
from tests.fixtures.factories import Tenant, assert_error

PHONE = "+13155550188"


async def _code(client: httpx.AsyncClient, t: Tenant, phone: str = PHONE) -> str:
    r = await client.get(
        "/booking/user/phone_confirmation",
        params={"company_id": t.location_id, "phone": phone},
        headers=t.partner_headers,
    )
    assert r.status_code == 202, r.text
    assert r.json() == {"success": True, "data": None, "meta": {"message": "Accepted"}}
    messages = (await client.get(f"/company/{t.location_id}/outbox", headers=t.headers)).json()[
        "data"
    ]
    last = [m for m in messages if m["kind"] == "phone_confirmation" and m["recipient"] == phone]
    code: str = last[-1]["payload"]["code"]
    return code


def _user_headers(t: Tenant, token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {t.partner_token}, User {token}"}


class TestSignIn:
    async def test_by_code_creates_the_account(
        self, client: httpx.AsyncClient, world: Tenant
    ) -> None:
        code = await _code(client, world)
        body = {"phone": "+1 315 555 0188", "code": code}
        r = await client.post("/booking/auth", json=body, headers=world.partner_headers)
        assert r.status_code == 201, r.text
        data = r.json()["data"]
        assert data["phone"] == PHONE and data["user_token"]
        # A code works once.
        again = await client.post("/booking/auth", json=body, headers=world.partner_headers)
        assert_error(again, 422, "code")
        me = await client.get(
            "/booking/user/data", headers=_user_headers(world, data["user_token"])
        )
        assert me.status_code == 200
        assert me.json()["0"] == data["user_token"] and me.json()["id"] == data["id"]

    async def test_wrong_codes_are_counted_and_end_the_code(
        self, client: httpx.AsyncClient, world: Tenant
    ) -> None:
        code = await _code(client, world)
        wrong = "0000" if code != "0000" else "1111"
        for _ in range(5):
            r = await client.post(
                "/user/auth", json={"phone": PHONE, "code": wrong}, headers=world.partner_headers
            )
            assert_error(r, 422, "code")
        # Five wrong tries used the code up: the right one no longer works either.
        r = await client.post(
            "/user/auth", json={"phone": PHONE, "code": code}, headers=world.partner_headers
        )
        assert_error(r, 422, "code")

    async def test_expired_code(
        self, client: httpx.AsyncClient, world: Tenant, database: Database
    ) -> None:
        code = await _code(client, world)
        async with database.session(write=True) as s:
            await s.execute(
                update(VerificationCode).values(expires_at=datetime.now(UTC) - timedelta(seconds=1))
            )
        r = await client.post(
            "/user/auth", json={"phone": PHONE, "code": code}, headers=world.partner_headers
        )
        assert_error(r, 422, "code")

    async def test_rate_limit_and_one_scope(self, client: httpx.AsyncClient, world: Tenant) -> None:
        await _code(client, world)
        r = await client.get(
            "/booking/user/phone_confirmation",
            params={"company_id": world.location_id, "phone": PHONE},
            headers=world.partner_headers,
        )
        assert r.status_code == 429 and r.json()["success"] is False
        both = await client.get(
            "/booking/user/phone_confirmation",
            params={"company_id": world.location_id, "group_id": world.chain.id, "phone": PHONE},
            headers=world.partner_headers,
        )
        assert_error(both, 422, "company_id")
        neither = await client.get(
            "/booking/user/phone_confirmation",
            params={"phone": PHONE},
            headers=world.partner_headers,
        )
        assert_error(neither, 422, "company_id")

    async def test_by_password(self, client: httpx.AsyncClient, world: Tenant) -> None:
        body = {"login": "owner@salon.test", "password": world.password}
        r = await client.post("/booking/auth", json=body, headers=world.partner_headers)
        assert r.status_code == 201 and r.json()["data"]["id"] == world.user.id
        bad = {"login": "owner@salon.test", "password": "nope"}
        r = await client.post("/booking/auth", json=bad, headers=world.partner_headers)
        assert r.status_code == 401
        assert_error(
            await client.post("/booking/auth", json={}, headers=world.partner_headers), 422
        )


class TestCabinet:
    async def test_password_change_rotates_the_token(
        self, client: httpx.AsyncClient, world: Tenant
    ) -> None:
        code = await _code(client, world)
        r = await client.post(
            "/user/auth", json={"phone": PHONE, "code": code}, headers=world.partner_headers
        )
        old = r.json()["data"]["user_token"]
        r = await client.put(
            "/booking/user/password",
            json={"new_password": "fresh-pass"},
            headers=_user_headers(world, old),
        )
        assert r.status_code == 200, r.text
        new = r.json()["data"]["user_token"]
        assert new != old
        assert (
            await client.get("/booking/user/data", headers=_user_headers(world, old))
        ).status_code == 401
        assert (
            await client.get("/booking/user/data", headers=_user_headers(world, new))
        ).status_code == 200
        # Now the current password is asked for.
        r = await client.put(
            "/booking/user/password",
            json={"old_password": "wrong", "new_password": "other-pass"},
            headers=_user_headers(world, new),
        )
        assert_error(r, 422, "old_password")
        r = await client.post(
            "/booking/auth",
            json={"login": PHONE, "password": "fresh-pass"},
            headers=world.partner_headers,
        )
        assert r.status_code == 201

    async def test_update_data_and_confirm_a_new_phone(
        self, client: httpx.AsyncClient, world: Tenant
    ) -> None:
        code = await _code(client, world)
        token = (
            await client.post(
                "/user/auth", json={"phone": PHONE, "code": code}, headers=world.partner_headers
            )
        ).json()["data"]["user_token"]
        headers = _user_headers(world, token)
        r = await client.put(
            "/booking/user", json={"name": "Jane", "email": "jane@example.com"}, headers=headers
        )
        assert r.status_code == 202
        new_phone = "+13155550199"
        r = await client.put("/booking/user", json={"phone": new_phone}, headers=headers)
        assert_error(r, 422, "confirmation_code")
        confirm = await _code(client, world, new_phone)
        r = await client.put(
            "/booking/user",
            json={"phone": new_phone, "confirmation_code": confirm},
            headers=headers,
        )
        assert r.status_code == 202
        me = (await client.get("/booking/user/data", headers=headers)).json()
        assert (me["name"], me["email"], me["phone"]) == ("Jane", "jane@example.com", new_phone)
