"""POST /auth and the Authorization header."""

from __future__ import annotations

import httpx

from parlour.auth import service as auth_service
from parlour.db import Database
from tests.fixtures.factories import Tenant


class TestAuthorizeUser:
    async def test_json_body_returns_token_and_user(
        self, client: httpx.AsyncClient, world: Tenant
    ) -> None:
        r = await client.post(
            "/auth",
            json={"login": "owner@salon.test", "password": world.password},
            headers=world.partner_headers,
        )
        assert r.status_code == 201
        body = r.json()
        assert body["success"] is True and body["meta"] == []
        data = body["data"]
        assert data["user_token"] == world.user_token
        assert set(data) == {
            "id",
            "user_token",
            "name",
            "phone",
            "login",
            "email",
            "avatar",
            "is_approved",
            "is_email_confirmed",
        }
        assert data["email"] == "owner@salon.test"

    async def test_query_parameters_are_accepted(
        self, client: httpx.AsyncClient, world: Tenant
    ) -> None:
        r = await client.post(
            "/auth/",
            params={"login": "owner@salon.test", "password": world.password},
            headers=world.partner_headers,
        )
        assert r.status_code == 201
        assert r.json()["data"]["user_token"] == world.user_token

    async def test_phone_login(
        self, client: httpx.AsyncClient, database: Database, world: Tenant
    ) -> None:
        async with database.session(write=True) as s:
            await auth_service.create_user(s, login="+1 315 555 0175", password="pw-1234")
        r = await client.post(
            "/auth",
            json={"login": "13155550175", "password": "pw-1234"},
            headers=world.partner_headers,
        )
        assert r.status_code == 201
        assert r.json()["data"]["phone"] == "+13155550175"

    async def test_wrong_password_is_401(self, client: httpx.AsyncClient, world: Tenant) -> None:
        r = await client.post(
            "/auth",
            json={"login": "owner@salon.test", "password": "nope"},
            headers=world.partner_headers,
        )
        assert r.status_code == 401
        assert r.json()["success"] is False and r.json()["data"] is None

    async def test_missing_partner_token_is_401(
        self, client: httpx.AsyncClient, world: Tenant
    ) -> None:
        r = await client.post(
            "/auth", json={"login": "owner@salon.test", "password": world.password}
        )
        assert r.status_code == 401
        assert r.json()["meta"]["message"] == "Authentication needed."

    async def test_unknown_partner_token_is_401(
        self, client: httpx.AsyncClient, world: Tenant
    ) -> None:
        r = await client.post(
            "/auth",
            json={"login": "owner@salon.test", "password": world.password},
            headers={"Authorization": "Bearer not-a-token"},
        )
        assert r.status_code == 401

    async def test_missing_field_is_422(self, client: httpx.AsyncClient, world: Tenant) -> None:
        r = await client.post(
            "/auth", json={"login": "owner@salon.test"}, headers=world.partner_headers
        )
        assert r.status_code == 422
        assert "password" in r.json()["meta"]["errors"]

    async def test_malformed_json_is_400(self, client: httpx.AsyncClient, world: Tenant) -> None:
        r = await client.post(
            "/auth",
            content=b'{"login": ',
            headers={**world.partner_headers, "Content-Type": "application/json"},
        )
        assert r.status_code == 400
        assert r.json()["success"] is False

    async def test_password_change_changes_token(
        self, client: httpx.AsyncClient, database: Database, world: Tenant
    ) -> None:
        async with database.session(write=True) as s:
            user = await auth_service.get_user(s, world.user.id)
            new_token = await auth_service.set_password(s, user, "brand-new-pass")
        assert new_token != world.user_token
        old = await client.get(
            f"/company/{world.location_id}", params={"my": 1}, headers=world.headers
        )
        assert old.status_code == 401
        r = await client.post(
            "/auth",
            json={"login": "owner@salon.test", "password": "brand-new-pass"},
            headers=world.partner_headers,
        )
        assert r.json()["data"]["user_token"] == new_token


class TestAuthorizationHeader:
    async def test_user_token_without_partner_is_401(
        self, client: httpx.AsyncClient, world: Tenant
    ) -> None:
        r = await client.put(
            f"/company/{world.location_id}",
            json={"title": "x"},
            headers={"Authorization": f"User {world.user_token}"},
        )
        assert r.status_code == 401

    async def test_partner_only_on_user_operation_is_401(
        self, client: httpx.AsyncClient, world: Tenant
    ) -> None:
        r = await client.put(
            f"/company/{world.location_id}", json={"title": "x"}, headers=world.partner_headers
        )
        assert r.status_code == 401

    async def test_wrong_user_token_is_401(self, client: httpx.AsyncClient, world: Tenant) -> None:
        r = await client.put(
            f"/company/{world.location_id}",
            json={"title": "x"},
            headers={"Authorization": f"Bearer {world.partner_token}, User wrong"},
        )
        assert r.status_code == 401

    async def test_tokens_are_stored_hashed(self, database: Database, world: Tenant) -> None:
        from sqlalchemy import select

        from parlour.models import Partner, User

        async with database.session() as s:
            partners = (await s.execute(select(Partner.token_hash))).scalars().all()
            users = (await s.execute(select(User.token_hash))).scalars().all()
        assert world.partner_token not in partners and world.user_token not in users
        assert all(len(h) == 64 for h in [*partners, *users])
