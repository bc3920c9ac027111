"""Team Members section: members, quick create, positions, and the :int member path."""

from __future__ import annotations

from typing import Annotated

import httpx
from fastapi import APIRouter, FastAPI, Path

from parlour.team_members.router import router as team_members_router
from tests.fixtures.factories import Tenant, assert_error, make_member, make_service


class TestMembers:
    async def test_create_list_get(self, client: httpx.AsyncClient, world: Tenant) -> None:
        anna = await make_member(
            client,
            world,
            name="Basil",
            specialization="the hairdresser",
            weight=10,
            information="Three hands",
            api_id="42",
            hidden=0,
            fired=0,
            user_id=world.user.id,
        )
        assert anna["company_id"] == world.location_id and anna["user_id"] == world.user.id
        assert anna["position"] == [] and anna["status"] == 0 and anna["api_id"] == "42"
        loc = world.location_id
        r = await client.get(f"/staff/{loc}", headers=world.partner_headers)
        assert [m["id"] for m in r.json()["data"]] == [anna["id"]]
        r = await client.get(f"/staff/{loc}/{anna['id']}", headers=world.headers)
        assert r.json()["data"] == [anna]
        r = await client.get(f"/company/{loc}/staff/{anna['id']}", headers=world.headers)
        assert r.json()["data"] == anna and r.json()["meta"] == []
        r = await client.get(f"/company/{loc}/staff", headers=world.headers)
        assert r.json()["meta"] == {"total_count": 1}

    async def test_update_fire_delete_keeps_member_readable(
        self, client: httpx.AsyncClient, world: Tenant
    ) -> None:
        anna = await make_member(client, world)
        loc = world.location_id
        r = await client.put(
            f"/staff/{loc}/{anna['id']}", json={"fired": 1, "name": "Ann"}, headers=world.headers
        )
        data = r.json()["data"]
        assert data["fired"] == 1 and data["name"] == "Ann" and data["bookable"] is False
        r = await client.delete(f"/staff/{loc}/{anna['id']}", headers=world.headers)
        assert r.status_code == 204
        r = await client.get(f"/staff/{loc}", headers=world.headers)
        assert r.json()["data"] == []
        r = await client.get(f"/company/{loc}/staff/{anna['id']}", headers=world.headers)
        assert r.json()["data"]["status"] == 1
        r = await client.put(
            f"/staff/{loc}/{anna['id']}", json={"name": "X"}, headers=world.headers
        )
        assert_error(r, 404)

    async def test_validation(
        self, client: httpx.AsyncClient, world: Tenant, stranger: Tenant
    ) -> None:
        loc = world.location_id
        cases = [
            ({"specialization": "x"}, "name"),
            ({"name": "A", "user_id": stranger.user.id}, "user_id"),
            ({"name": "A", "position_id": 999999}, "position_id"),
            ({"name": "A", "weight": "heavy"}, "weight"),
        ]
        for body, field in cases:
            assert_error(
                await client.post(f"/staff/{loc}", json=body, headers=world.headers), 422, field
            )
        r = await client.get(f"/staff/{loc}", headers=world.headers)
        assert r.json()["data"] == []

    async def test_isolation(
        self, client: httpx.AsyncClient, world: Tenant, stranger: Tenant
    ) -> None:
        anna = await make_member(client, world)
        loc = world.location_id
        assert_error(await client.get(f"/staff/{loc}", headers=stranger.headers), 403)
        assert_error(
            await client.get(
                f"/staff/{stranger.location_id}/{anna['id']}", headers=stranger.headers
            ),
            404,
        )
        assert_error(
            await client.get(
                f"/company/{stranger.location_id}/staff/{anna['id']}", headers=stranger.headers
            ),
            404,
        )
        assert_error(
            await client.delete(
                f"/staff/{stranger.location_id}/{anna['id']}", headers=stranger.headers
            ),
            404,
        )
        assert_error(await client.put(f"/staff/{loc}/{anna['id']}", json={"name": "x"}), 401)
        assert_error(
            await client.post(f"/staff/{loc}", json={"name": "x"}, headers=world.partner_headers),
            401,
        )

    async def test_services_links_listed(self, client: httpx.AsyncClient, world: Tenant) -> None:
        anna = await make_member(client, world)
        svc = await make_service(client, world, staff=[{"id": anna["id"], "seance_length": 900}])
        r = await client.get(
            f"/company/{world.location_id}/staff/{anna['id']}", headers=world.headers
        )
        assert r.json()["data"]["services_links"] == [
            {"service_id": svc["id"], "length": 900, "technological_card_id": None}
        ]


class TestQuickCreateAndPositions:
    async def test_position_then_member(self, client: httpx.AsyncClient, world: Tenant) -> None:
        loc = world.location_id
        r = await client.post(
            f"/company/{loc}/positions/quick", json={"title": "Position"}, headers=world.headers
        )
        assert r.status_code == 201 and r.json()["meta"] == {}
        pos = r.json()["data"]
        assert pos["chain_id"] == world.chain.id and pos["services_binding_type"] == 0
        r = await client.get(f"/company/{loc}/staff/positions", headers=world.headers)
        assert r.json()["data"] == [{"id": pos["id"], "title": "Position"}]
        r = await client.post(
            f"/company/{loc}/staff/quick",
            json={
                "name": "John Johnson",
                "specialization": "Specialist",
                "position_id": pos["id"],
                "phone_number": "11234567890",
                "user_email": "john.johnson@example.com",
                "user_phone": "11234567890",
                "is_user_invite": False,
            },
            headers=world.headers,
        )
        assert r.status_code == 201, r.text
        data = r.json()["data"]
        assert data["position"] == {"id": pos["id"], "title": "Position"}
        assert data["user_id"] is not None and data["company_id"] == loc

    async def test_existing_outside_user_is_not_linked(
        self, client: httpx.AsyncClient, world: Tenant, stranger: Tenant
    ) -> None:
        r = await client.post(
            f"/company/{world.location_id}/staff/quick",
            json={"name": "X", "user_email": stranger.user.email},
            headers=world.headers,
        )
        assert r.status_code == 201 and r.json()["data"]["user_id"] is None

    async def test_validation_and_isolation(
        self, client: httpx.AsyncClient, world: Tenant, stranger: Tenant
    ) -> None:
        loc = world.location_id
        url = f"/company/{loc}/staff/quick"
        for body, field in [
            ({"specialization": "x"}, "name"),
            ({"name": "A", "phone_number": "+1123"}, "phone_number"),
            ({"name": "A", "user_email": "nope"}, "user_email"),
            ({"name": "A", "position_id": 999999}, "position_id"),
        ]:
            assert_error(await client.post(url, json=body, headers=world.headers), 422, field)
        assert_error(
            await client.post(f"/company/{loc}/positions/quick", json={}, headers=world.headers),
            422,
            "title",
        )
        assert_error(await client.post(url, json={"name": "A"}, headers=stranger.headers), 403)
        assert_error(await client.get(f"/company/{loc}/staff/positions"), 401)
        r = await client.get(f"/staff/{loc}", headers=world.headers)
        assert r.json()["data"] == []


async def test_member_path_lets_literal_routes_through() -> None:
    """A literal route registered after the team member router still answers."""
    later = APIRouter()

    @later.get("/company/{location_id}/staff/schedule")
    async def schedule(location_id: Annotated[int, Path()]) -> dict[str, bool]:
        return {"schedule": True}

    app = FastAPI()
    app.include_router(team_members_router)
    app.include_router(later)
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://t") as c:
        r = await c.get("/company/1/staff/schedule")
        assert r.status_code == 200 and r.json() == {"schedule": True}
