"""No double booking under concurrency: the real server, several worker processes, many
simultaneous POST /book_record for one slot. Exactly one wins; the others get 433."""

from __future__ import annotations

import asyncio
import time
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import httpx
from sqlalchemy import func, select

from parlour.db import Database
from parlour.models import Record
from tests.booking.server import running_server
from tests.fixtures import factories as f
from tests.fixtures.factories import Tenant

CONCURRENT = 60


async def test_sixty_concurrent_bookings_of_one_slot(
    database: Database, database_url: str, world: Tenant, tmp_path: Path
) -> None:
    day = f.future_day(7)
    m = await f.member(database, world.location_id)
    s = await f.service(database, world.location_id, [m], length=3600)
    await f.schedule(database, world.location_id, m, [day])
    at = datetime.combine(
        day, datetime.min.time().replace(hour=10), tzinfo=ZoneInfo("America/New_York")
    )

    with running_server(database_url, tmp_path, workers=3) as (base, _proc):
        limits = httpx.Limits(max_connections=CONCURRENT)
        async with httpx.AsyncClient(base_url=base, timeout=60, limits=limits) as http:

            async def book(n: int) -> httpx.Response:
                return await http.post(
                    f"/book_record/{world.location_id}",
                    json={
                        "phone": f"+1315555{n:04d}",
                        "fullname": f"Client {n}",
                        "appointments": [
                            {"id": 1, "services": [s], "staff_id": m, "datetime": at.isoformat()}
                        ],
                    },
                    headers=world.partner_headers,
                )

            answers = await asyncio.gather(*(book(n) for n in range(CONCURRENT)))

    codes = sorted(r.status_code for r in answers)
    assert codes.count(201) == 1, [r.text for r in answers if r.status_code not in (201, 422)]
    losers = [r for r in answers if r.status_code != 201]
    assert len(losers) == CONCURRENT - 1
    assert all(r.status_code == 422 and r.json()["errors"]["code"] == 433 for r in losers), [
        r.text for r in losers if r.status_code != 422 or r.json()["errors"]["code"] != 433
    ][:3]
    async with database.session() as session:
        count = await session.execute(select(func.count(Record.id)).where(Record.staff_id == m))
        assert count.scalar() == 1


RACERS = 56


async def test_overlapping_bookings_race_across_workers_without_5xx_or_double_booking(
    database: Database, database_url: str, world: Tenant, tmp_path: Path
) -> None:
    """Bookings of overlapping (not only identical) times for one member, half through the
    public POST /book_record and half through POST /records, all at once against several
    worker processes: only 2xx and 4xx answers, and no two live records of the member
    overlap."""
    day = f.future_day(8)
    m = await f.member(database, world.location_id)
    s = await f.service(database, world.location_id, [m], length=3600)
    await f.schedule(database, world.location_id, m, [day], [("08:00", "20:00")])
    tz = ZoneInfo("America/New_York")
    first = datetime.combine(day, datetime.min.time().replace(hour=9), tzinfo=tz)

    with running_server(database_url, tmp_path, workers=3) as (base, _proc):
        limits = httpx.Limits(max_connections=RACERS)
        async with httpx.AsyncClient(base_url=base, timeout=120, limits=limits) as http:

            async def book(n: int) -> httpx.Response:
                # Starts every 10 minutes over 3 hours, each an hour long: most overlap.
                at = (first + timedelta(minutes=10 * (n % 18))).isoformat()
                phone = f"+1315556{n:04d}"
                if n % 2:
                    return await http.post(
                        f"/book_record/{world.location_id}",
                        json={
                            "phone": phone,
                            "fullname": f"Racer {n}",
                            "appointments": [
                                {"id": 1, "services": [s], "staff_id": m, "datetime": at}
                            ],
                        },
                        headers=world.partner_headers,
                    )
                return await http.post(
                    f"/records/{world.location_id}",
                    json={
                        "staff_id": m,
                        "services": [{"id": s}],
                        "client": {"phone": phone, "name": f"Racer {n}"},
                        "datetime": at,
                        "seance_length": 3600,
                    },
                    headers=world.headers,
                )

            started = time.monotonic()
            answers = await asyncio.gather(*(book(n) for n in range(RACERS)))
            print(f"race took {time.monotonic() - started:.1f}s")

    codes = [r.status_code for r in answers]
    server_errors = [r.text for r in answers if r.status_code >= 500]
    print(
        f"racing bookings: {RACERS}, 2xx: {sum(c < 300 for c in codes)}, 5xx: {len(server_errors)}"
    )
    assert server_errors == []
    assert all(c in (200, 201) or 400 <= c < 500 for c in codes), codes
    losers = [r for r in answers if r.status_code >= 400]
    assert all(r.json()["errors"]["code"] == 433 for r in losers), [r.text for r in losers][:3]
    async with database.session() as session:
        rows = (
            await session.execute(
                select(Record.start_at, Record.end_at)
                .where(Record.staff_id == m, Record.deleted.is_(False))
                .order_by(Record.start_at)
            )
        ).all()
    assert len(rows) == sum(c < 300 for c in codes) >= 1
    for (_s1, e1), (s2, _e2) in zip(rows, rows[1:], strict=False):
        assert s2 >= e1, f"double booking: {rows}"
