"""Chains: GET /groups and GET /group/{chain_id}/clients."""

from __future__ import annotations

import httpx

from parlour.db import Database
from parlour.models import Location, LocationChain
from tests.fixtures.factories import Tenant, make_client


class TestChainList:
    async def test_user_sees_own_chains(
        self, client: httpx.AsyncClient, world: Tenant, stranger: Tenant
    ) -> None:
        r = await client.get("/groups", headers=world.headers)
        assert r.status_code == 200
        data = r.json()["data"]
        assert [c["id"] for c in data] == [world.chain.id]
        chain = data[0]
        assert chain["title"] == world.chain.title
        assert chain["companies"] == [{"id": world.location_id, "title": world.location.title}]
        assert chain["access"]["clients_access"] == "1"
        assert (await client.get("/groups")).status_code == 401


class TestChainClients:
    async def test_client_by_phone_across_locations(
        self, client: httpx.AsyncClient, world: Tenant, stranger: Tenant, database: Database
    ) -> None:
        async with database.session(write=True) as s:
            second = Location(title="Branch 2", social={}, phones=[], photos=[])
            s.add(second)
            await s.flush()
            s.add(LocationChain(location_id=second.id, chain_id=world.chain.id))
            second_id = second.id
        a = await make_client(database, world, "+13155550500", "Lx")
        async with database.session(write=True) as s:
            from parlour.models import Client

            c = Client(location_id=second_id, phone="+13155550500", name="Lx2", custom_fields={})
            s.add(c)
            await s.flush()
            b = c.id
        await make_client(database, stranger, "+13155550500", "Not mine")
        url = f"/group/{world.chain.id}/clients"
        r = await client.get(url, params={"phone": "13155550500"}, headers=world.headers)
        assert r.status_code == 200, r.text
        data = r.json()["data"]
        assert data["salon_group_id"] == world.chain.id and data["phone"] == "+13155550500"
        assert [(c["id"], c["company_id"]) for c in data["clients"]] == [
            (a, world.location_id),
            (b, second_id),
        ]
        r = await client.get(url, params={"phone": "+13155550599"}, headers=world.headers)
        assert r.status_code == 404
        r = await client.get(url, params={"phone": "12"}, headers=world.headers)
        assert r.status_code == 422
        assert (await client.get(url, headers=world.headers)).status_code == 422
        r = await client.get(url, params={"phone": "13155550500"}, headers=stranger.headers)
        assert r.status_code == 403
        r = await client.get("/group/999999/clients", params={"phone": "1"}, headers=world.headers)
        assert r.status_code == 404
