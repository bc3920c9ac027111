"""Group events against the real server over a socket: every write path, and the last-seat
race across several worker processes (exactly the free number of seats is sold)."""

from __future__ import annotations

import asyncio
from pathlib import Path

import httpx
from sqlalchemy import func, select

from parlour.db import Database
from parlour.models import Record
from tests.booking.server import running_server
from tests.events.conftest import Studio, book_body
from tests.fixtures.factories import DAY

RACERS = 30


async def test_every_write_over_a_socket(
    database: Database, database_url: str, studio: Studio, tmp_path: Path
) -> None:
    with running_server(database_url, tmp_path, workers=2) as (base, _proc):
        async with httpx.AsyncClient(base_url=base, timeout=30) as http:
            await _writes(http, studio)


async def _writes(http: httpx.AsyncClient, studio: Studio) -> None:
    loc = studio.location_id
    h = studio.headers
    r = await http.post(f"/activity/{loc}", json=studio.event(), headers=h)
    assert r.status_code == 200, r.text
    event = r.json()["data"]
    r = await http.put(
        f"/activity/{loc}/{event['id']}",
        json=studio.event(date=f"{DAY.isoformat()} 11:00"),
        headers=h,
    )
    assert r.status_code == 200 and r.json()["data"]["date"].endswith("T11:00:00-04:00")
    r = await http.post(
        f"/activity/{loc}/{event['id']}/book",
        json=book_body(1),
        headers=studio.tenant.partner_headers,
    )
    assert r.status_code == 200, r.text
    r = await http.post(f"/records/{loc}", json=studio.record(activity_id=event["id"]), headers=h)
    assert r.status_code == 201 and r.json()["data"][0]["activity_id"] == event["id"]
    r = await http.post(
        f"/activity/{loc}/duplication_strategy",
        json={"title": "Daily", "repeat_mode_id": 1},
        headers=h,
    )
    assert r.status_code == 200, r.text
    strategy = r.json()["data"]["id"]
    r = await http.post(
        f"/activity/{loc}/duplication_strategy/{strategy}",
        json={"title": "Weekly", "repeat_mode_id": 5, "days": [1]},
        headers=h,
    )
    assert r.status_code == 200 and r.json()["data"]["days"] == [1]
    r = await http.post(
        f"/activity/{loc}/{event['id']}/duplicate",
        json={"duplication_strategy_id": strategy, "from": DAY.isoformat(), "count": 2},
        headers=h,
    )
    assert r.status_code == 200 and len(r.json()["data"]) == 2, r.text
    r = await http.delete(f"/activity/{loc}/duplication_strategy/{strategy}", headers=h)
    assert r.status_code == 202
    r = await http.delete(f"/activity/{loc}/{event['id']}", headers=h)
    assert r.status_code == 202
    r = await http.get(f"/activity/{loc}/{event['id']}", headers=h)
    assert r.status_code == 404


async def test_the_last_seats_race_across_workers(
    database: Database, database_url: str, studio: Studio, tmp_path: Path
) -> None:
    loc = studio.location_id
    with running_server(database_url, tmp_path, workers=3) as (base, _proc):
        limits = httpx.Limits(max_connections=RACERS)
        async with httpx.AsyncClient(base_url=base, timeout=60, limits=limits) as http:
            r = await http.post(
                f"/activity/{loc}", json=studio.event(capacity=5), headers=studio.headers
            )
            assert r.status_code == 200, r.text
            event_id = r.json()["data"]["id"]
            for n in range(2):  # two of five seats taken: three are free
                r = await http.post(
                    f"/activity/{loc}/{event_id}/book",
                    json=book_body(n),
                    headers=studio.tenant.partner_headers,
                )
                assert r.status_code == 200, r.text

            async def book(n: int) -> httpx.Response:
                return await http.post(
                    f"/activity/{loc}/{event_id}/book",
                    json=book_body(100 + n),
                    headers=studio.tenant.partner_headers,
                )

            answers = await asyncio.gather(*(book(n) for n in range(RACERS)))

    codes = [r.status_code for r in answers]
    assert codes.count(200) == 3, [r.text for r in answers if r.status_code not in (200, 422)]
    losers = [r for r in answers if r.status_code != 200]
    assert all(r.status_code == 422 and r.json()["errors"]["code"] == 433 for r in losers), [
        r.text for r in losers
    ][:3]
    async with database.session() as session:
        seats = await session.execute(
            select(func.sum(Record.clients_count)).where(
                Record.activity_id == event_id,
                Record.event_hold.is_(False),
                Record.deleted.is_(False),
            )
        )
        assert seats.scalar() == 5
