"""Bookings queue per team member, not per location: the real server with several worker
processes. Bookings of different members go on while one member's are held up, and every
member's slot is still booked exactly once when many clients race for it."""

from __future__ import annotations

import asyncio
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import httpx
import pytest
from sqlalchemy import func, select

from parlour.booking import repository as booking_repo
from parlour.db import Database, is_sqlite
from parlour.models import Record, Visit
from tests.booking.server import running_server
from tests.fixtures import factories as f
from tests.fixtures.factories import Tenant

TZ = ZoneInfo("America/New_York")
MEMBERS = 4
PER_SLOT = 12  # racers for each member's one slot


def _body(n: int, service: int, member: int, at: datetime) -> dict[str, object]:
    return {
        "phone": f"+1315557{n:04d}",
        "fullname": f"Racer {n}",
        "appointments": [
            {"id": 1, "services": [service], "staff_id": member, "datetime": at.isoformat()}
        ],
    }


async def test_each_members_slot_is_booked_once_while_all_race(
    database: Database, database_url: str, world: Tenant, tmp_path: Path
) -> None:
    """Racing bookings for several members at once, online and through POST /records: one
    winner per member, the others 433, no 5xx, no two live records of a member overlap."""
    day = f.future_day(11)
    members = [await f.member(database, world.location_id, f"M{n}") for n in range(MEMBERS)]
    svc = await f.service(database, world.location_id, members, length=3600)
    for m in members:
        await f.schedule(database, world.location_id, m, [day])
    at = datetime.combine(day, datetime.min.time().replace(hour=10), tzinfo=TZ)

    with running_server(database_url, tmp_path, workers=3) as (base, _proc):
        limits = httpx.Limits(max_connections=MEMBERS * PER_SLOT)
        async with httpx.AsyncClient(base_url=base, timeout=120, limits=limits) as http:

            async def book(n: int) -> tuple[int, httpx.Response]:
                m = members[n % MEMBERS]
                if n % 3:
                    r = await http.post(
                        f"/book_record/{world.location_id}",
                        json=_body(n, svc, m, at),
                        headers=world.partner_headers,
                    )
                else:
                    r = await http.post(
                        f"/records/{world.location_id}",
                        json={
                            "staff_id": m,
                            "services": [{"id": svc}],
                            "client": {"phone": f"+1315557{n:04d}", "name": f"Racer {n}"},
                            "datetime": at.isoformat(),
                            "seance_length": 3600,
                        },
                        headers=world.headers,
                    )
                return m, r

            answers = await asyncio.gather(*(book(n) for n in range(MEMBERS * PER_SLOT)))

    assert [r.text for _m, r in answers if r.status_code >= 500] == []
    for m in members:
        mine = [r for who, r in answers if who == m]
        assert sum(r.status_code in (200, 201) for r in mine) == 1, [r.text for r in mine][:3]
        losers = [r for r in mine if r.status_code not in (200, 201)]
        assert all(r.status_code in (409, 422) for r in losers), [r.text for r in losers][:3]
        assert all(r.json()["errors"]["code"] == 433 for r in losers), [r.text for r in losers]
    async with database.session() as session:
        counts = dict(
            (
                await session.execute(
                    select(Record.staff_id, func.count(Record.id))
                    .where(Record.staff_id.in_(members), Record.deleted.is_(False))
                    .group_by(Record.staff_id)
                )
            ).all()
        )
    assert counts == dict.fromkeys(members, 1)


async def test_one_clients_bookings_with_two_members_at_once_share_one_visit(
    database: Database, database_url: str, world: Tenant, tmp_path: Path
) -> None:
    """The client's lock keeps a visit one client's day even when the member locks let two of
    their bookings run side by side."""
    day = f.future_day(12)
    members = [await f.member(database, world.location_id, f"V{n}") for n in range(6)]
    svc = await f.service(database, world.location_id, members, length=1800)
    for m in members:
        await f.schedule(database, world.location_id, m, [day])
    at = datetime.combine(day, datetime.min.time().replace(hour=13), tzinfo=TZ)
    phone = "+13155579999"

    with running_server(database_url, tmp_path, workers=3) as (base, _proc):
        async with httpx.AsyncClient(base_url=base, timeout=120) as http:
            answers = await asyncio.gather(
                *(
                    http.post(
                        f"/book_record/{world.location_id}",
                        json={**_body(9999, svc, m, at), "phone": phone},
                        headers=world.partner_headers,
                    )
                    for m in members
                )
            )
    assert [r.status_code for r in answers] == [201] * len(members), [r.text for r in answers]
    async with database.session() as session:
        visits = (
            await session.execute(
                select(func.count(func.distinct(Record.visit_id))).where(
                    Record.staff_id.in_(members)
                )
            )
        ).scalar()
        rows = (
            await session.execute(
                select(func.count(Visit.id)).where(
                    Visit.location_id == world.location_id, Visit.visit_date == day
                )
            )
        ).scalar()
    assert visits == 1
    assert rows == 1


async def test_other_members_are_booked_while_one_member_is_held_up(
    database: Database, database_url: str, world: Tenant, tmp_path: Path
) -> None:
    """PostgreSQL (SQLite has one writer at a time anyway): while a transaction holds member
    A's booking lock and the location's row lock (as a booking of A, or an event's seat
    booking, in progress would), a booking of member B is answered; A's waits and is then
    made exactly once."""
    if is_sqlite(database_url):
        pytest.skip("SQLite lets one writer in at a time")
    day = f.future_day(13)
    a = await f.member(database, world.location_id, "A")
    b = await f.member(database, world.location_id, "B")
    svc = await f.service(database, world.location_id, [a, b], length=3600)
    for m in (a, b):
        await f.schedule(database, world.location_id, m, [day])
    at = datetime.combine(day, datetime.min.time().replace(hour=15), tzinfo=TZ)

    with running_server(database_url, tmp_path, workers=2) as (base, _proc):
        async with httpx.AsyncClient(base_url=base, timeout=120) as http:

            def book(n: int, member: int) -> asyncio.Task[httpx.Response]:
                return asyncio.create_task(
                    http.post(
                        f"/book_record/{world.location_id}",
                        json=_body(n, svc, member, at),
                        headers=world.partner_headers,
                    )
                )

            await http.get("/health")
            async with database.session(write=True) as holder:
                await booking_repo.hold(holder, members=[a])
                await booking_repo.hold_for_bookings(holder, world.location_id)
                for_a = [book(n, a) for n in range(3)]
                for_b = [book(10 + n, b) for n in range(3)]
                done, _ = await asyncio.wait(for_b, timeout=60)
                assert len(done) == 3, "bookings of B waited for a lock on A"
                codes_b = sorted(t.result().status_code for t in for_b)
                assert codes_b == [201, 422, 422], [t.result().text for t in for_b]
                await asyncio.sleep(0.5)
                assert not any(t.done() for t in for_a), "bookings of A did not wait"
            answers_a = await asyncio.gather(*for_a)
    assert sorted(r.status_code for r in answers_a) == [201, 422, 422], [r.text for r in answers_a]
    assert all(r.json()["errors"]["code"] == 433 for r in answers_a if r.status_code == 422)
