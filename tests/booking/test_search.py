"""The database glue: next_slot for GET /company/{id}?forBooking=1 and the demo seeds."""

from __future__ import annotations

import httpx
from sqlalchemy import func, select

from parlour.db import Database
from parlour.models import BookingForm, Location, ScheduleDay
from parlour.online_booking.demo import seed_demo as seed_online
from parlour.schedules.demo import seed_demo as seed_schedules
from tests.fixtures import factories as f
from tests.fixtures.factories import Tenant


async def test_next_slot_is_the_first_bookable_time(
    client: httpx.AsyncClient, database: Database, world: Tenant
) -> None:
    url = f"/company/{world.location_id}?forBooking=1"
    r = await client.get(url, headers=world.headers)
    assert r.json()["data"]["next_slot"] is None
    day = f.future_day(3)
    m = await f.member(database, world.location_id)
    await f.schedule(database, world.location_id, m, [day], [("11:00", "13:00")])
    r = await client.get(url, headers=world.headers)
    assert r.json()["data"]["next_slot"].startswith(f"{day}T11:00:00-0")


async def test_demo_seeds_are_idempotent(database: Database, world: Tenant) -> None:
    await f.member(database, world.location_id)
    for _ in range(2):
        async with database.session(write=True) as session:
            location = await session.get(Location, world.location_id)
            assert location is not None
            await seed_schedules(session, location)
            await seed_online(session, location)
    async with database.session() as session:
        days = (await session.execute(select(func.count(ScheduleDay.id)))).scalar()
        forms = (await session.execute(select(func.count(BookingForm.id)))).scalar()
    assert days is not None and 45 <= days <= 60
    assert forms == 1
