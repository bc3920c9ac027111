"""No double booking under concurrency: the real server, several worker processes, many
simultaneous POST /book_record for one slot. Exactly one wins; the others get 433."""

from __future__ import annotations

import asyncio
from datetime import datetime
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
