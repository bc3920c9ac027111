"""The demo seeds a card type, a 5% cashback program and a referral program that a card of that
type shows."""

from __future__ import annotations

import httpx

from parlour.db import Database
from parlour.loyalty.demo import seed_demo
from parlour.models import Location
from tests.fixtures.factories import Tenant
from tests.loyalty.helpers import issue


async def test_demo_card_type_and_program(
    client: httpx.AsyncClient, database: Database, world: Tenant
) -> None:
    async with database.session(write=True) as session:
        location = await session.get(Location, world.location_id)
        assert location is not None
        await seed_demo(session, location)
    r = await client.get(f"/loyalty/card_types/salon/{world.location_id}", headers=world.headers)
    [kind] = r.json()
    card = await issue(client, world, kind["id"])
    program, referral = card["programs"]
    assert (referral["title"], referral["value"], referral["loyalty_type_id"]) == (
        "Invite a friend",
        100,
        6,
    )
    assert (program["title"], program["value"], program["loyalty_type_id"]) == ("5% back", 5, 5)
    assert program["loyalty_type"]["is_cashback"] and program["value_unit_id"] == 1
