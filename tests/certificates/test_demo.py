"""The demo seeds a certificate type valid in the location and sells one to a demo client."""

from __future__ import annotations

import httpx

from parlour.certificates.demo import seed_demo
from parlour.db import Database
from parlour.models import Location
from tests.fixtures.factories import Tenant, make_client


async def test_demo_type_and_certificate(
    client: httpx.AsyncClient, database: Database, world: Tenant
) -> None:
    await make_client(database, world, "+13155550123")
    async with database.session(write=True) as session:
        location = await session.get(Location, world.location_id)
        assert location is not None
        await seed_demo(session, location)
    r = await client.get(
        f"/company/{world.location_id}/loyalty/certificate_types/search", headers=world.headers
    )
    [kind] = r.json()["data"]
    assert (kind["title"], kind["balance"], kind["item_type_id"]) == (
        "Gift certificate 1000",
        1000,
        0,
    )
    r = await client.get(
        "/loyalty/certificates",
        params={"phone": "+13155550123", "company_id": world.location_id},
        headers=world.headers,
    )
    [sold] = r.json()["data"]
    assert sold["balance"] == 1000 and sold["status_id"] == 2
