"""The demo seeding books two appointments when a catalogue exists, and nothing without one."""

from __future__ import annotations

from sqlalchemy import func, select

from parlour.appointments.demo import seed_demo
from parlour.db import Database
from parlour.models import Location, Record
from tests.fixtures.factories import Salon, Tenant


async def _count(database: Database, location_id: int) -> int:
    async with database.session() as session:
        stmt = select(func.count()).where(Record.location_id == location_id)
        return int((await session.execute(stmt)).scalar_one())


async def test_seeds_two_records(database: Database, salon: Salon) -> None:
    async with database.session(write=True) as session:
        location = await session.get(Location, salon.location_id)
        assert location is not None
        await seed_demo(session, location)
    assert await _count(database, salon.location_id) == 2


async def test_no_catalogue_no_records(database: Database, stranger: Tenant) -> None:
    async with database.session(write=True) as session:
        location = await session.get(Location, stranger.location_id)
        assert location is not None
        await seed_demo(session, location)
    assert await _count(database, stranger.location_id) == 0
