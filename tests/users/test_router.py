"""Users & Permissions through HTTP: users, roles, permissions, invitations, copies."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from parlour.auth.permissions import OWNER
from tests.fixtures.factories import Tenant, assert_error


async def _outbox(client: httpx.AsyncClient, t: Tenant) -> list[dict[str, Any]]:
    r = await client.get(f"/company/{t.location_id}/outbox", headers=t.headers)
    assert r.status_code == 200, r.text
    data: list[dict[str, Any]] = r.json()["data"]
    return data


async def invite_and_accept(
    client: httpx.AsyncClient, t: Tenant, email: str, **invite: Any
) -> tuple[int, dict[str, str]]:
    """Invite ``email`` to ``t``'s location and accept; returns (user id, their headers)."""
    body = {"invites": [{"name": "Ida", "search": email, "position": "Admin", **invite}]}
    r = await client.post(f"/user/invite/{t.location_id}", json=body, headers=t.headers)
    assert r.status_code == 202, r.text
    assert r.json() == {"success": True, "data": None, "meta": {"message": "Saved"}}
    link = next(m for m in reversed(await _outbox(client, t)) if m["recipient"] == email)
    assert link["kind"] == "user_invitation" and link["channel"] == "email"
    code = link["payload"]["code"]
    assert link["payload"]["link"].endswith(f"/invite/{code}") and code in link["body"]
    r = await client.post(
        "/user/invite/accept",
        json={"code": code, "password": "new-pass-1"},
        headers=t.partner_headers,
    )
    assert r.status_code == 200, r.text
    user = r.json()["data"]
    headers = {
        "Authorization": f"Bearer {t.partner_token}, User {user['user_token']}",
        "Accept": "application/vnd.api.v2+json",
    }
    return user["id"], headers


class TestInvitation:
    async def test_invited_administrator_needs_a_grant(
        self, client: httpx.AsyncClient, world: Tenant
    ) -> None:
        loc = world.location_id
        body = {
            "invites": [{"name": "Ida", "search": "ida@salon.test", "user_role": "administrator"}]
        }
        r = await client.post(f"/user/invite/{loc}", json=body, headers=world.headers)
        assert r.status_code == 202
        users = (await client.get(f"/company/{loc}/users", headers=world.headers)).json()
        pending = [u for u in users["data"] if u["email"] == "ida@salon.test"]
        assert pending and pending[0]["is_approved"] is False
        r = await client.get(
            f"/company/{loc}/users", params={"filter[is_approved]": 1}, headers=world.headers
        )
        assert [u["email"] for u in r.json()["data"]] == ["owner@salon.test"]
        assert r.json()["meta"] == {"count": 1}

        code = (await _outbox(client, world))[-1]["payload"]["code"]
        r = await client.post(
            "/user/invite/accept", json={"code": code}, headers=world.partner_headers
        )
        assert_error(r, 422, "password")  # a new person chooses a password
        r = await client.post(
            "/user/invite/accept",
            json={"code": code, "password": "pw-12345"},
            headers=world.partner_headers,
        )
        assert r.status_code == 200
        ida = r.json()["data"]
        again = await client.post(
            "/user/invite/accept",
            json={"code": code, "password": "pw-12345"},
            headers=world.partner_headers,
        )
        assert_error(again, 422, "code")
        headers = {"Authorization": f"Bearer {world.partner_token}, User {ida['user_token']}"}
        search = f"/company/{loc}/clients/search"
        assert (await client.post(search, json={}, headers=headers)).status_code == 403

        url = f"/company/{loc}/users/{ida['id']}/permissions"
        r = await client.get(url, headers=world.headers)
        assert r.json()["data"]["user_role"] == "administrator"
        grant = {"user_permissions": [{"slug": "clients_access", "value": True}]}
        r = await client.put(url, json=grant, headers=world.headers)
        assert r.status_code == 200, r.text
        values = {p["slug"]: p["value"] for p in r.json()["data"]["user_permissions"]}
        assert values["clients_access"] is True and values["timetable_access"] is False
        assert (await client.post(search, json={}, headers=headers)).status_code == 200
        # The new user signs in with the password chosen on the link.
        r = await client.post(
            "/auth",
            json={"login": "ida@salon.test", "password": "pw-12345"},
            headers=world.partner_headers,
        )
        assert r.status_code == 201

    async def test_limits_and_bad_input(self, client: httpx.AsyncClient, world: Tenant) -> None:
        url = f"/user/invite/{world.location_id}"
        many = {"invites": [{"search": f"u{n}@salon.test"} for n in range(16)]}
        assert_error(await client.post(url, json=many, headers=world.headers), 422, "invites")
        bad = {"invites": [{"search": "not a contact"}]}
        assert_error(await client.post(url, json=bad, headers=world.headers), 422)
        owner = {"invites": [{"search": "x@salon.test", "user_role": "owner"}]}
        assert_error(await client.post(url, json=owner, headers=world.headers), 422)
        role = {"invites": [{"search": "x@salon.test", "user_role": "boss"}]}
        assert_error(await client.post(url, json=role, headers=world.headers), 422, "user_role")
        # Nothing was half written: no pending user, no message.
        users = await client.get(f"/company/{world.location_id}/users", headers=world.headers)
        assert len(users.json()["data"]) == 1
        assert await _outbox(client, world) == []

    async def test_by_phone(self, client: httpx.AsyncClient, world: Tenant) -> None:
        body = {"invites": [{"name": "Pat", "search": "+1 315 555 0199"}]}
        r = await client.post(f"/user/invite/{world.location_id}", json=body, headers=world.headers)
        assert r.status_code == 202
        message = (await _outbox(client, world))[-1]
        assert (message["channel"], message["recipient"]) == ("sms", "+13155550199")


class TestUsers:
    async def test_owner_cannot_be_removed(self, client: httpx.AsyncClient, world: Tenant) -> None:
        url = f"/company/{world.location_id}/users/{world.user.id}"
        assert_error(await client.delete(url, headers=world.headers), 422, "user_id")
        users = await client.get(f"/company/{world.location_id}/users", headers=world.headers)
        assert users.json()["data"][0]["is_non_deletable"] is True

    async def test_remove_a_user(self, client: httpx.AsyncClient, world: Tenant) -> None:
        user_id, headers = await invite_and_accept(client, world, "rem@salon.test")
        url = f"/company/{world.location_id}/users/{user_id}"
        r = await client.delete(url, headers=world.headers)
        assert r.status_code == 204 and r.content == b""
        assert_error(await client.delete(url, headers=world.headers), 404)
        r = await client.get(f"/company/{world.location_id}", headers=headers)
        assert r.status_code == 403  # no longer a member

    async def test_deprecated_list(self, client: httpx.AsyncClient, world: Tenant) -> None:
        r = await client.get(f"/company_users/{world.location_id}", headers=world.headers)
        assert r.status_code == 200
        (item,) = r.json()["data"]
        assert item["firstname"] == world.user.name and item["access"]["clients_access"] is True
        assert item["access"]["master_id"] == 0

    async def test_own_permissions_grouped(self, client: httpx.AsyncClient, world: Tenant) -> None:
        url = f"/user/permissions/{world.location_id}"
        data = (await client.get(url, headers=world.headers)).json()["data"]
        assert list(data)[0] == "timetable" and list(data)[-1] == "other"
        assert data["clients"]["clients_access"] is True
        assert data["finances"]["finances_last_days_count"] == -1
        only = await client.get(
            url, params={"group_permissions[]": "settings"}, headers=world.headers
        )
        assert list(only.json()["data"]) == ["settings"]
        bad = await client.get(url, params={"group_permissions[]": "nope"}, headers=world.headers)
        assert_error(bad, 422, "group_permissions")


class TestRolesAndPermissions:
    async def test_roles(self, client: httpx.AsyncClient, world: Tenant) -> None:
        r = await client.get(f"/company/{world.location_id}/users/roles", headers=world.headers)
        roles = r.json()["data"]
        assert [x["slug"] for x in roles] == [
            "worker",
            "administrator",
            "accountant",
            "manager",
            "owner",
        ]
        worker = roles[0]["user_permissions"]
        timetable = next(p for p in worker if p["slug"] == "timetable_access")
        assert (
            timetable["default_value"] is True and timetable["type"]["slug"] == "has_group_access"
        )
        clients = next(p for p in worker if p["slug"] == "clients_access")
        assert clients["default_value"] is False
        days = next(c for c in timetable["children"] if c["slug"] == "last_days_count")
        assert days["type"]["slug"] == "days_count"

    async def test_user_roles_editable(self, client: httpx.AsyncClient, world: Tenant) -> None:
        user_id, headers = await invite_and_accept(client, world, "ed@salon.test")
        url = f"/company/{world.location_id}/users/{user_id}/roles"
        roles = (await client.get(url, headers=world.headers)).json()["data"]
        assert roles[0]["user_permissions"][0]["is_editable"] is True
        owner_url = f"/company/{world.location_id}/users/{world.user.id}/permissions"
        r = await client.get(owner_url, headers=world.headers)
        assert r.json()["data"]["user_role"] == "owner"

    async def test_role_change_and_validation(
        self, client: httpx.AsyncClient, world: Tenant
    ) -> None:
        user_id, headers = await invite_and_accept(client, world, "rc@salon.test")
        url = f"/company/{world.location_id}/users/{user_id}/permissions"
        r = await client.put(url, json={"user_role": "administrator"}, headers=world.headers)
        values = {p["slug"]: p["value"] for p in r.json()["data"]["user_permissions"]}
        assert r.json()["data"]["user_role"] == "administrator"
        assert values["clients_access"] is True and values["finances_access"] is False
        assert set(values) == set(OWNER)
        for bad, field in (
            ({"user_permissions": [{"slug": "nope", "value": True}]}, "user_permissions"),
            (
                {"user_permissions": [{"slug": "clients_access", "value": "yes"}]},
                "user_permissions",
            ),
            ({"user_permissions": [{"slug": "master_id", "value": True}]}, "user_permissions"),
            ({"user_role": "chief"}, "user_role"),
            ({"staff_id": 999}, "staff_id"),
        ):
            assert_error(await client.put(url, json=bad, headers=world.headers), 422, field)
        owner_url = f"/company/{world.location_id}/users/{world.user.id}/permissions"
        assert_error(await client.put(owner_url, json={}, headers=world.headers), 422)
        # A user without edit rights cannot change anyone.
        r = await client.put(url, json={"user_role": "manager"}, headers=headers)
        assert r.status_code == 403


class TestCopyAndRemove:
    async def test_copy_to_and_remove_from_a_second_location(
        self, client: httpx.AsyncClient, world: Tenant
    ) -> None:
        r = await client.post("/companies", json={"title": "Second"}, headers=world.headers)
        assert r.status_code == 201, r.text
        second = r.json()["data"]["id"]
        user_id, headers = await invite_and_accept(
            client,
            world,
            "cp@salon.test",
            user_permissions=[{"slug": "clients_access", "value": True}],
        )
        url = f"/company/{world.location_id}/users/{user_id}/copy_to_companies"
        links = {
            "user_company_links": [
                {
                    "company_id": second,
                    "user_permissions": [{"slug": "users_access", "value": True}],
                }
            ]
        }
        r = await client.post(url, json=links, headers=world.headers)
        assert r.status_code == 200, r.text
        assert r.json() == {"success": True, "data": None, "meta": {}}
        search = await client.post(f"/company/{second}/clients/search", json={}, headers=headers)
        assert search.status_code == 200
        second_users = await client.get(f"/company/{second}/users", headers=headers)
        assert second_users.status_code == 200
        assert {u["email"] for u in second_users.json()["data"]} == {
            "owner@salon.test",
            "cp@salon.test",
        }

        url = f"/company/{world.location_id}/users/{user_id}/remove_from_companies"
        body = {"user_company_links": [{"company_id": second}]}
        r = await client.post(url, json=body, headers=world.headers)
        assert r.status_code == 200
        search = await client.post(f"/company/{second}/clients/search", json={}, headers=headers)
        assert search.status_code == 403

    async def test_copy_keeps_a_pending_invitation_pending(
        self, client: httpx.AsyncClient, world: Tenant
    ) -> None:
        second = (
            await client.post("/companies", json={"title": "Second"}, headers=world.headers)
        ).json()["data"]["id"]
        user_id, headers = await invite_and_accept(client, world, "pe@salon.test")
        body = {"invites": [{"search": "pe@salon.test"}]}
        assert (
            await client.post(f"/user/invite/{second}", json=body, headers=world.headers)
        ).status_code == 202
        url = f"/company/{world.location_id}/users/{user_id}/copy_to_companies"
        links = {
            "user_company_links": [
                {
                    "company_id": second,
                    "user_permissions": [{"slug": "clients_access", "value": True}],
                }
            ]
        }
        assert (await client.post(url, json=links, headers=world.headers)).status_code == 200
        users = (await client.get(f"/company/{second}/users", headers=world.headers)).json()["data"]
        assert next(u for u in users if u["id"] == user_id)["is_approved"] is False
        search = await client.post(f"/company/{second}/clients/search", json={}, headers=headers)
        assert search.status_code == 403  # granted, but not accepted yet
        perms = await client.get(
            f"/company/{second}/users/{user_id}/permissions", headers=world.headers
        )
        values = {p["slug"]: p["value"] for p in perms.json()["data"]["user_permissions"]}
        assert values["clients_access"] is True

    async def test_refused_where_the_caller_has_no_rights(
        self, client: httpx.AsyncClient, world: Tenant, stranger: Tenant
    ) -> None:
        user_id, _ = await invite_and_accept(client, world, "no@salon.test")
        url = f"/company/{world.location_id}/users/{user_id}/copy_to_companies"
        links = {"user_company_links": [{"company_id": stranger.location_id}]}
        assert (await client.post(url, json=links, headers=world.headers)).status_code == 403
        missing = {"user_company_links": [{"company_id": 999999}]}
        assert_error(await client.post(url, json=missing, headers=world.headers), 422)
        assert_error(
            await client.post(url, json={"user_company_links": []}, headers=world.headers), 422
        )


@pytest.mark.parametrize("phone, valid", [("+13155550175", True), ("12", False), ("abc", False)])
async def test_validate_phone(
    client: httpx.AsyncClient, world: Tenant, phone: str, valid: bool
) -> None:
    r = await client.get(f"/validation/validate_phone/{phone}", headers=world.headers)
    assert r.status_code == 200
    assert r.json()["data"] == {"is_valid": valid}


async def test_licence(client: httpx.AsyncClient, world: Tenant) -> None:
    r = await client.get(f"/license/{world.location_id}", headers=world.headers)
    data = r.json()["data"]
    assert data["salon_id"] == world.location_id and data["active"] == 1
    assert data["deactivation_date"] == "31.12.9999"
    day, month, year = data["start_date"].split(".")
    assert len(day) == 2 and len(month) == 2 and len(year) == 4
