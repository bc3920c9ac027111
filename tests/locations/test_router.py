"""Locations: list, create, get, change, delete; conventions exercised through them."""

from __future__ import annotations

import httpx
import pytest

from parlour.db import Database
from parlour.models import Position, TeamMember
from tests.fixtures.factories import Tenant

SAMPLE_KEYS = {
    "id",
    "title",
    "country_id",
    "country",
    "city_id",
    "city",
    "timezone_name",
    "address",
    "zip",
    "coordinate_lat",
    "coordinate_lon",
    "short_descr",
    "social",
    "site",
    "business_type_id",
    "description",
    "phone_confirmation",
    "active_staff_count",
    "next_slot",
    "group_priority",
    "push_notification_phone_confirm",
    "main_group_id",
    "main_group",
    "groups",
    "bookforms",
    "online_sales_form_url",
    "payment_policy",
    "access",
}


class TestGetLocation:
    async def test_full_card_with_every_sample_field(
        self, client: httpx.AsyncClient, world: Tenant
    ) -> None:
        r = await client.get(
            f"/company/{world.location_id}",
            params={
                "my": 1,
                "forBooking": 1,
                "show_groups": 1,
                "showBookforms": 1,
                "bookform_id": 1,
            },
            headers=world.headers,
        )
        assert r.status_code == 200, r.text
        body = r.json()
        assert body["success"] is True and body["meta"] == []
        data = body["data"]
        assert set(data) >= SAMPLE_KEYS
        assert data["timezone_name"] == "America/New_York"
        assert data["main_group"] == {"id": world.chain.id, "title": world.chain.title}
        assert data["groups"] == {
            str(world.chain.id): {"id": world.chain.id, "title": world.chain.title}
        }
        assert data["access"]["clients_access"] is True

    async def test_optional_parts_only_on_request(
        self, client: httpx.AsyncClient, world: Tenant
    ) -> None:
        r = await client.get(f"/company/{world.location_id}", headers=world.partner_headers)
        data = r.json()["data"]
        for key in ("next_slot", "groups", "bookforms", "access"):
            assert key not in data
        assert data["online_sales_form_url"] == ""  # always sent

    async def test_trailing_slash_and_accept_headers(
        self, client: httpx.AsyncClient, world: Tenant
    ) -> None:
        for accept in (
            "application/vnd.api.v2+json",
            "application/vnd.yclients.v2+json",
            "application/json",
            None,
        ):
            headers = dict(world.partner_headers)
            if accept:
                headers["Accept"] = accept
            r = await client.get(f"/company/{world.location_id}/", headers=headers)
            assert r.status_code == 200, accept

    async def test_unknown_location_is_404_envelope(
        self, client: httpx.AsyncClient, world: Tenant
    ) -> None:
        r = await client.get("/company/999999", headers=world.partner_headers)
        assert r.status_code == 404
        assert r.json() == {
            "success": False,
            "data": None,
            "errors": {"code": 30, "message": "Location not found"},
            "meta": {"message": "Location not found"},
        }

    async def test_non_numeric_id_is_4xx_envelope(
        self, client: httpx.AsyncClient, world: Tenant
    ) -> None:
        r = await client.get("/company/abc", headers=world.partner_headers)
        assert r.status_code == 422
        assert r.json()["success"] is False

    async def test_out_of_range_id_is_4xx(self, client: httpx.AsyncClient, world: Tenant) -> None:
        r = await client.get("/company/99999999999999999999999", headers=world.partner_headers)
        assert r.status_code == 422

    async def test_no_token_is_401(self, client: httpx.AsyncClient, world: Tenant) -> None:
        r = await client.get(f"/company/{world.location_id}")
        assert r.status_code == 401
        assert r.json()["meta"]["message"] == "Authentication needed."

    async def test_unknown_route_is_404_envelope(self, client: httpx.AsyncClient) -> None:
        r = await client.get("/no/such/thing")
        assert r.status_code == 404
        assert r.json()["success"] is False


class TestTenantIsolation:
    async def test_non_member_user_is_refused_everywhere(
        self, client: httpx.AsyncClient, world: Tenant, stranger: Tenant
    ) -> None:
        loc = world.location_id
        # The stranger's tokens are valid, but they are not a member of world's location.
        for method, kwargs in (
            ("GET", {}),
            ("GET", {"params": {"my": 1}}),
            ("PUT", {"json": {"title": "hijacked"}}),
            ("DELETE", {}),
        ):
            r = await client.request(method, f"/company/{loc}", headers=stranger.headers, **kwargs)
            assert r.status_code == 403, (method, r.text)
            assert r.json() == {
                "success": False,
                "data": None,
                "errors": {"code": 15, "message": "Access denied."},
                "meta": {"message": "Access denied."},
            }
            assert "Test Salon" not in r.text

    async def test_my_lists_only_own_locations(
        self, client: httpx.AsyncClient, world: Tenant, stranger: Tenant
    ) -> None:
        r = await client.get("/companies", params={"my": 1}, headers=stranger.headers)
        assert [c["id"] for c in r.json()["data"]] == [stranger.location_id]
        assert all("access" in c for c in r.json()["data"])

    async def test_title_unchanged_after_refused_put(
        self, client: httpx.AsyncClient, world: Tenant, stranger: Tenant
    ) -> None:
        await client.put(
            f"/company/{world.location_id}", json={"title": "hijacked"}, headers=stranger.headers
        )
        r = await client.get(f"/company/{world.location_id}", headers=world.headers)
        assert r.json()["data"]["title"] == "Test Salon"


class TestListLocations:
    async def test_filters_and_paging(
        self, client: httpx.AsyncClient, world: Tenant, stranger: Tenant
    ) -> None:
        h = world.partner_headers
        r = await client.get("/companies", headers=h)
        assert {c["id"] for c in r.json()["data"]} == {world.location_id, stranger.location_id}
        r = await client.get("/companies", params={"id": stranger.location_id}, headers=h)
        assert [c["id"] for c in r.json()["data"]] == [stranger.location_id]
        r = await client.get("/companies", params={"company_id": stranger.location_id}, headers=h)
        assert len(r.json()["data"]) == 2  # company_id is not a list filter; id is
        r = await client.get("/companies", params={"group_id": world.chain.id}, headers=h)
        assert [c["id"] for c in r.json()["data"]] == [world.location_id]
        r = await client.get("/companies", params={"count": 1, "page": 2}, headers=h)
        assert [c["id"] for c in r.json()["data"]] == [max(world.location_id, stranger.location_id)]
        r = await client.get("/companies", params={"min_id": stranger.location_id}, headers=h)
        assert [c["id"] for c in r.json()["data"]] == [stranger.location_id]

    async def test_my_needs_a_user(self, client: httpx.AsyncClient, world: Tenant) -> None:
        r = await client.get("/companies", params={"my": 1}, headers=world.partner_headers)
        assert r.status_code == 401

    async def test_bad_paging_is_422(self, client: httpx.AsyncClient, world: Tenant) -> None:
        r = await client.get("/companies", params={"count": 0}, headers=world.partner_headers)
        assert r.status_code == 422
        r = await client.get("/companies", params={"page": "x"}, headers=world.partner_headers)
        assert r.status_code == 422

    async def test_deleted_hidden_unless_asked(
        self, client: httpx.AsyncClient, world: Tenant
    ) -> None:
        await client.delete(f"/company/{world.location_id}", headers=world.headers)
        r = await client.get("/companies", params={"my": 1}, headers=world.headers)
        assert r.json()["data"] == []
        r = await client.get(
            "/companies", params={"my": 1, "show_deleted": 1}, headers=world.headers
        )
        assert [c["id"] for c in r.json()["data"]] == [world.location_id]


class TestCreateLocation:
    async def test_create_makes_creator_a_member(
        self, client: httpx.AsyncClient, world: Tenant
    ) -> None:
        r = await client.post(
            "/companies",
            json={
                "title": "James Smith LLC",
                "country_id": 7,
                "city_id": 2,
                "address": "New York, 787 Jackson Drive",
                "site": "js.example",
                "coordinate_lat": 40.73061,
                "coordinate_lot": -73.935242,
                "business_type_id": 1.0,
                "short_descr": "Beauty studio",
                "timezone_name": "Europe/London",
                "main_group_id": world.chain.id,
            },
            headers=world.headers,
        )
        assert r.status_code == 201, r.text
        data = r.json()["data"]
        assert data["coordinate_lon"] == -73.935242
        assert data["business_type_id"] == 1
        assert data["main_group"]["id"] == world.chain.id
        r = await client.get(f"/company/{data['id']}", params={"my": 1}, headers=world.headers)
        assert r.status_code == 200
        assert r.json()["data"]["access"]

    @pytest.mark.parametrize(
        ("body", "field"),
        [
            ({}, "title"),
            ({"title": ""}, "title"),
            ({"title": "x", "timezone_name": "Mars/Olympus"}, "timezone_name"),
            ({"title": "x", "coordinate_lat": 91}, "coordinate_lat"),
            ({"title": "x", "country_id": 1.5}, "country_id"),
            ({"title": "x", "country_id": "seven"}, "country_id"),
            ({"title": "x", "business_type_id": 2**40}, "business_type_id"),
        ],
    )
    async def test_validation_errors_name_the_field(
        self, client: httpx.AsyncClient, world: Tenant, body: dict[str, object], field: str
    ) -> None:
        r = await client.post("/companies", json=body, headers=world.headers)
        assert r.status_code == 422, r.text
        assert field in r.json()["meta"]["errors"]
        r = await client.get("/companies", params={"my": 1}, headers=world.headers)
        assert len(r.json()["data"]) == 1  # nothing written

    async def test_foreign_chain_is_refused(
        self, client: httpx.AsyncClient, world: Tenant, stranger: Tenant
    ) -> None:
        r = await client.post(
            "/companies",
            json={"title": "x", "main_group_id": stranger.chain.id},
            headers=world.headers,
        )
        assert r.status_code == 403

    async def test_needs_user_token(self, client: httpx.AsyncClient, world: Tenant) -> None:
        r = await client.post("/companies", json={"title": "x"}, headers=world.partner_headers)
        assert r.status_code == 401

    async def test_oversized_body_is_413(self, client: httpx.AsyncClient, world: Tenant) -> None:
        r = await client.post(
            "/companies", json={"title": "x", "description": "a" * 2_000_000}, headers=world.headers
        )
        assert r.status_code == 413
        assert r.json()["success"] is False


class TestUpdateLocation:
    async def test_partial_update(self, client: httpx.AsyncClient, world: Tenant) -> None:
        r = await client.put(
            f"/company/{world.location_id}",
            json={
                "title": "Renamed",
                "zip": "11435",
                "social": {"instagram": "ig/x"},
                "phones": ["+13155550175"],
                "timezone_name": "Europe/London",
                "phone_confirmation": "1",
            },
            headers=world.headers,
        )
        assert r.status_code == 200, r.text
        data = r.json()["data"]
        assert data["title"] == "Renamed" and data["zip"] == "11435"
        assert data["social"]["instagram"] == "ig/x" and data["social"]["facebook"] == ""
        assert data["timezone_name"] == "Europe/London"
        assert data["phone_confirmation"] is True
        assert "access" in data

    async def test_bad_zone_writes_nothing(self, client: httpx.AsyncClient, world: Tenant) -> None:
        r = await client.put(
            f"/company/{world.location_id}",
            json={"title": "Renamed", "timezone_name": "Nowhere/Land"},
            headers=world.headers,
        )
        assert r.status_code == 422
        r = await client.get(f"/company/{world.location_id}", headers=world.headers)
        assert r.json()["data"]["title"] == "Test Salon"

    async def test_wrong_json_type_is_4xx(self, client: httpx.AsyncClient, world: Tenant) -> None:
        r = await client.put(f"/company/{world.location_id}", json=[1, 2], headers=world.headers)
        assert r.status_code == 422
        r = await client.put(
            f"/company/{world.location_id}",
            content=b"{nope",
            headers={**world.headers, "Content-Type": "application/json"},
        )
        assert r.status_code == 400


class TestDeleteLocation:
    async def test_delete_then_404(self, client: httpx.AsyncClient, world: Tenant) -> None:
        r = await client.delete(f"/company/{world.location_id}", headers=world.headers)
        assert r.status_code == 202
        r = await client.get(f"/company/{world.location_id}", headers=world.headers)
        assert r.status_code == 404


class TestListInclude:
    async def test_staff_and_positions_on_request(
        self, client: httpx.AsyncClient, database: Database, world: Tenant
    ) -> None:
        async with database.session(write=True) as s:
            position = Position(location_id=world.location_id, title="Stylist")
            s.add(position)
            await s.flush()
            s.add(TeamMember(location_id=world.location_id, name="Ann", position_id=position.id))
        r = await client.get(
            "/companies",
            params=[
                ("id", world.location_id),
                ("include", "staff"),
                ("include", "positions"),
                ("include[]", "accounts"),
            ],
            headers=world.partner_headers,
        )
        assert r.status_code == 200, r.text
        (loc,) = r.json()["data"]
        assert [m["name"] for m in loc["staff"]] == ["Ann"]
        assert [p["title"] for p in loc["positions"]] == ["Stylist"]
        assert loc["accounts"] == []
        assert "storages" not in loc and "expenses" not in loc

    async def test_absent_without_include(self, client: httpx.AsyncClient, world: Tenant) -> None:
        r = await client.get("/companies", headers=world.partner_headers)
        assert not {"staff", "positions", "accounts"} & set(r.json()["data"][0])

    async def test_unknown_value_is_422(self, client: httpx.AsyncClient, world: Tenant) -> None:
        r = await client.get(
            "/companies", params={"include": "payroll"}, headers=world.partner_headers
        )
        assert r.status_code == 422
        assert "include" in r.json()["meta"]["errors"]
