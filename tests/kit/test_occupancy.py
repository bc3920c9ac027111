"""The database refuses overlapping appointments of one team member, on both backends."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from parlour.appointments.writing import flush_guarded
from parlour.db import Database
from parlour.errors import SlotBusy
from parlour.models import Record, TeamMember
from tests.fixtures.factories import Tenant

T0 = datetime(2026, 12, 1, 15, 0, tzinfo=UTC)


async def _member(db: Database, tenant: Tenant) -> int:
    async with db.session(write=True) as s:
        m = TeamMember(location_id=tenant.location_id, name="Ann")
        s.add(m)
        await s.flush()
        return m.id


def _record(tenant: Tenant, staff_id: int, start: datetime, minutes: int, **kw: object) -> Record:
    return Record(
        location_id=tenant.location_id,
        staff_id=staff_id,
        start_at=start,
        end_at=start + timedelta(minutes=minutes),
        seance_length=minutes * 60,
        **kw,
    )


async def test_overlap_is_refused_by_the_database(database: Database, world: Tenant) -> None:
    staff = await _member(database, world)
    async with database.session(write=True) as s:
        s.add(_record(world, staff, T0, 60))
        await flush_guarded(s)
    with pytest.raises(SlotBusy):
        async with database.session(write=True) as s:
            s.add(_record(world, staff, T0 + timedelta(minutes=30), 60))
            await flush_guarded(s)


async def test_touching_deleted_and_non_exclusive_records_are_allowed(
    database: Database, world: Tenant
) -> None:
    staff = await _member(database, world)
    async with database.session(write=True) as s:
        s.add(_record(world, staff, T0, 60))
        s.add(_record(world, staff, T0 + timedelta(minutes=60), 30))  # touches, no overlap
        s.add(_record(world, staff, T0, 60, deleted=True))
        s.add(_record(world, staff, T0, 60, exclusive=False))  # saved with save_if_busy
        await flush_guarded(s)


async def test_moving_onto_a_busy_time_is_refused(database: Database, world: Tenant) -> None:
    staff = await _member(database, world)
    async with database.session(write=True) as s:
        s.add(_record(world, staff, T0, 60))
        later = _record(world, staff, T0 + timedelta(hours=2), 60)
        s.add(later)
        await flush_guarded(s)
        later_id = later.id
    with pytest.raises(SlotBusy):
        async with database.session(write=True) as s:
            rec = await s.get(Record, later_id)
            assert rec is not None
            rec.start_at = T0 + timedelta(minutes=15)
            rec.end_at = T0 + timedelta(minutes=75)
            await flush_guarded(s)
