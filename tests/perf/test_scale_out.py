"""Scale out: two ``parlour serve`` processes on different ports share one database, as two
machines would, with no sticky routing between them. Each process caches what rarely changes
(cache/store.py); a change made through one must be seen by the very next request to the
other, and bookings racing through both still take each slot once."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import httpx
from sqlalchemy import func, select

from parlour.db import Database
from parlour.models import Record
from tests.booking.server import _stop, _wait_ready, free_port
from tests.fixtures import factories as f
from tests.fixtures.factories import Tenant

TZ = ZoneInfo("America/New_York")


@contextmanager
def parlour_serve(database_url: str, data_dir: Path, *, workers: int = 2) -> Iterator[str]:
    """``parlour serve`` on a free port (retried once if the port was taken meanwhile)."""
    data_dir.mkdir(parents=True, exist_ok=True)
    env = {
        **os.environ,
        "PARLOUR_DATABASE_URL": database_url,
        "PARLOUR_DATA_DIR": str(data_dir),
        "PARLOUR_FILES_DIR": str(data_dir / "files"),
        "PARLOUR_SECRET_KEY": os.environ.get("PARLOUR_SECRET_KEY", "test-secret"),
        "PARLOUR_LOG_LEVEL": "warning",
    }
    for attempt in range(3):
        port = free_port()
        cmd = [sys.executable, "-m", "parlour", "serve", "--port", str(port)]
        proc = subprocess.Popen([*cmd, "--workers", str(workers)], env=env, start_new_session=True)
        base = f"http://127.0.0.1:{port}/api/v1"
        try:
            if not _wait_ready(proc, base, 240):
                if attempt < 2:
                    continue
                raise RuntimeError(f"parlour serve exited with {proc.returncode}")
            yield base
            return
        finally:
            _stop(proc)


@contextmanager
def two_servers(database_url: str, tmp_path: Path) -> Iterator[tuple[str, str]]:
    with ExitStack() as stack:
        a = stack.enter_context(parlour_serve(database_url, tmp_path / "a"))
        b = stack.enter_context(parlour_serve(database_url, tmp_path / "b"))
        yield a, b


async def _times(
    http: httpx.AsyncClient, base: str, world: Tenant, m: int, day: str, s: int
) -> list[str]:
    r = await http.get(
        f"{base}/book_times/{world.location_id}/{m}/{day}?service_ids[]={s}",
        headers=world.partner_headers,
    )
    assert r.status_code == 200, r.text
    return [x["time"] for x in r.json()["data"]]


async def test_a_change_through_one_server_is_seen_by_the_next_request_to_the_other(
    database: Database, database_url: str, world: Tenant, tmp_path: Path
) -> None:
    day = f.future_day(9)
    m = await f.member(database, world.location_id)
    other = await f.member(database, world.location_id, name="Bea")
    s = await f.service(database, world.location_id, [m], length=3600)
    await f.schedule(database, world.location_id, m, [day], [("09:00", "12:00")])
    loc = world.location_id
    with two_servers(database_url, tmp_path) as (a, b):
        async with httpx.AsyncClient(timeout=30) as http:
            # Both servers (each of their workers, by asking often) cache the current rules.
            for _ in range(6):
                for base in (a, b):
                    got = await _times(http, base, world, m, str(day), s)
                    assert got[:3] == ["09:00", "09:15", "09:30"]

            # Settings: the slot grid changes through A, B's next answer follows it.
            r = await http.patch(
                f"{a}/company/{loc}/settings/online",
                json={"timeslot_step": 3600},
                headers=world.headers,
            )
            assert r.status_code == 200, r.text
            for _ in range(4):
                assert await _times(http, b, world, m, str(day), s) == ["09:00", "10:00", "11:00"]

            # Schedules: both servers cache m's month of working days (book_dates); a second
            # working day set through B is offered by A's next answer, and gone once deleted.
            later = day + timedelta(days=1)
            dates_url = (
                f"/book_dates/{loc}?staff_id={m}&service_ids[]={s}&date_from={day}&date_to={later}"
            )

            async def booking_dates(base: str) -> list[str]:
                r = await http.get(base + dates_url, headers=world.partner_headers)
                assert r.status_code == 200, r.text
                return list(r.json()["data"]["booking_dates"])

            for _ in range(4):
                for base in (a, b):
                    assert await booking_dates(base) == [str(day)]
            schedule = f"{b}/company/{loc}/staff/schedule"
            one_more = {"team_member_id": m, "dates": [str(later)]}
            r = await http.put(
                schedule,
                json={
                    "schedules_to_set": [{**one_more, "slots": [{"from": "10:00", "to": "12:00"}]}]
                },
                headers=world.headers,
            )
            assert r.status_code == 200, r.text
            for _ in range(4):
                assert await booking_dates(a) == [str(day), str(later)]
            r = await http.put(
                schedule, json={"schedules_to_delete": [one_more]}, headers=world.headers
            )
            assert r.status_code == 200, r.text
            for _ in range(4):
                assert await booking_dates(a) == [str(day)]

            # Service links: the service moves to another member through B; A stops offering m.
            r = await http.put(
                f"{b}/services/{loc}/{s}",
                json={"staff": [{"id": other, "seance_length": 3600}]},
                headers=world.headers,
            )
            assert r.status_code == 200, r.text
            for _ in range(4):
                assert await _times(http, a, world, m, str(day), s) == []

            # The location itself: a new title through A is what B shows next.
            r = await http.put(
                f"{a}/company/{loc}", json={"title": "Renamed Salon"}, headers=world.headers
            )
            assert r.status_code == 200, r.text
            for _ in range(4):
                r = await http.get(f"{b}/company/{loc}", headers=world.partner_headers)
                assert r.json()["data"]["title"] == "Renamed Salon"


RACERS = 40


async def test_racing_bookings_through_both_servers_take_each_slot_once(
    database: Database, database_url: str, world: Tenant, tmp_path: Path
) -> None:
    day = f.future_day(11)
    m = await f.member(database, world.location_id)
    s = await f.service(database, world.location_id, [m], length=3600)
    await f.schedule(database, world.location_id, m, [day], [("09:00", "13:00")])
    slots = [
        datetime.combine(day, datetime.min.time().replace(hour=h), tzinfo=TZ)
        for h in (9, 10, 11, 12)
    ]
    with two_servers(database_url, tmp_path) as (a, b):
        limits = httpx.Limits(max_connections=RACERS)
        async with httpx.AsyncClient(timeout=120, limits=limits) as http:
            # Warm both servers' caches for the location first.
            for base in (a, b):
                await _times(http, base, world, m, str(day), s)

            async def book(n: int) -> httpx.Response:
                base = (a, b)[n % 2]
                return await http.post(
                    f"{base}/book_record/{world.location_id}",
                    json={
                        "phone": f"+1315557{n:04d}",
                        "fullname": f"Racer {n}",
                        "appointments": [
                            {
                                "id": 1,
                                "services": [s],
                                "staff_id": m,
                                "datetime": slots[n % len(slots)].isoformat(),
                            }
                        ],
                    },
                    headers=world.partner_headers,
                )

            answers = await asyncio.gather(*(book(n) for n in range(RACERS)))
            # Both servers now show the day as full.
            for base in (a, b):
                assert await _times(http, base, world, m, str(day), s) == []

    codes = [r.status_code for r in answers]
    assert codes.count(201) == len(slots), codes
    losers = [r for r in answers if r.status_code != 201]
    assert all(r.status_code == 422 and r.json()["errors"]["code"] == 433 for r in losers), [
        r.text for r in losers
    ][:3]
    async with database.session() as session:
        count = await session.execute(select(func.count(Record.id)).where(Record.staff_id == m))
        assert count.scalar() == len(slots)
