"""One resource instance is never held twice at once, under concurrency: the real server with
several worker processes, and many simultaneous bookings of a service that needs the only laser,
each for a *different* team member (so only the resource rule can refuse them), half through the
public book_record and half through the B2B POST /records. Exactly one wins."""

from __future__ import annotations

import asyncio
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import httpx
from sqlalchemy import func, select

from parlour.db import Database
from parlour.models import Record, ResourceOccupancy
from tests.booking.server import running_server
from tests.fixtures import factories as f
from tests.fixtures.factories import Tenant

MEMBERS = 8
ROUNDS = 2  # each member is asked twice: once online, once through POST /records


async def test_the_only_laser_is_booked_once(
    database: Database, database_url: str, world: Tenant, tmp_path: Path
) -> None:
    day = f.future_day(9)
    members = [await f.member(database, world.location_id, f"Member {n}") for n in range(MEMBERS)]
    laser_service = await f.service(database, world.location_id, members, length=3600)
    _, (laser,) = await f.resource(database, world.location_id, laser_service, instances=1)
    for m in members:
        await f.schedule(database, world.location_id, m, [day])
    at = datetime.combine(
        day, datetime.min.time().replace(hour=11), tzinfo=ZoneInfo("America/New_York")
    )

    with running_server(database_url, tmp_path, workers=3) as (base, _proc):
        limits = httpx.Limits(max_connections=MEMBERS * ROUNDS)
        async with httpx.AsyncClient(base_url=base, timeout=60, limits=limits) as http:

            async def online(n: int, member: int) -> httpx.Response:
                return await http.post(
                    f"/book_record/{world.location_id}",
                    json={
                        "phone": f"+1315556{n:04d}",
                        "fullname": f"Client {n}",
                        "appointments": [
                            {
                                "id": 1,
                                "services": [laser_service],
                                "staff_id": member,
                                "datetime": at.isoformat(),
                            }
                        ],
                    },
                    headers=world.partner_headers,
                )

            async def staff(n: int, member: int) -> httpx.Response:
                return await http.post(
                    f"/records/{world.location_id}",
                    json={
                        "staff_id": member,
                        "services": [{"id": laser_service}],
                        "client": {"phone": f"+1315557{n:04d}", "name": f"Walk-in {n}"},
                        "datetime": at.isoformat(),
                        "seance_length": 3600,
                    },
                    headers=world.headers,
                )

            calls = [online(n, m) for n, m in enumerate(members)]
            calls += [staff(n, m) for n, m in enumerate(members)]
            answers = await asyncio.gather(*calls)

    wins = [r for r in answers if r.status_code == 201]
    losers = [r for r in answers if r.status_code != 201]
    assert len(wins) == 1, [r.text for r in answers if r.status_code not in (201, 422)][:3]
    assert all(r.status_code == 422 and r.json()["errors"]["code"] == 433 for r in losers), [
        r.text for r in losers if r.status_code != 422 or r.json()["errors"]["code"] != 433
    ][:3]
    async with database.session() as session:
        records = await session.execute(
            select(func.count(Record.id)).where(
                Record.location_id == world.location_id, Record.deleted.is_(False)
            )
        )
        assert records.scalar() == 1
        held = await session.execute(
            select(func.count(ResourceOccupancy.id)).where(
                ResourceOccupancy.instance_id == laser, ResourceOccupancy.deleted.is_(False)
            )
        )
        assert held.scalar() == 1
