"""Daylight-saving days through HTTP: book_times and timetable/seances in New York and London."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import httpx
import pytest

from parlour.db import Database
from parlour.kit.timeutil import utcnow
from tests.fixtures import factories as f
from tests.fixtures.factories import Tenant


def next_transition(tz: ZoneInfo, *, spring: bool) -> date:
    """The next local day (from tomorrow) whose length is 23 h (spring) or 25 h (autumn)."""
    day = utcnow().date() + timedelta(days=2)
    for _ in range(800):
        start = datetime.combine(day, time(0), tzinfo=tz).astimezone(UTC)
        end = datetime.combine(day + timedelta(days=1), time(0), tzinfo=tz).astimezone(UTC)
        hours = (end - start) / timedelta(hours=1)
        if hours == (23 if spring else 25):
            return day
        day += timedelta(days=1)
    raise AssertionError("no transition found")


async def _member_on(db: Database, tenant: Tenant, day: date) -> int:
    m = await f.member(db, tenant.location_id)
    await f.schedule(db, tenant.location_id, m, [day], [("00:00", "06:00")])
    await f.settings(db, tenant.location_id, timeslot_step=3600, booking_horizon_days=3660)
    return m


CASES = [
    # zone, spring?, expected (time, utc offset) pairs of a 00:00-06:00 day with a 1 h grid
    (
        "America/New_York",
        True,
        [
            ("00:00", "-05:00"),
            ("01:00", "-05:00"),
            ("03:00", "-04:00"),
            ("04:00", "-04:00"),
            ("05:00", "-04:00"),
        ],
    ),
    (
        "America/New_York",
        False,
        [
            ("00:00", "-04:00"),
            ("01:00", "-04:00"),
            ("01:00", "-05:00"),
            ("02:00", "-05:00"),
            ("03:00", "-05:00"),
            ("04:00", "-05:00"),
            ("05:00", "-05:00"),
        ],
    ),
    (
        "Europe/London",
        True,
        [
            ("00:00", "+00:00"),
            ("02:00", "+01:00"),
            ("03:00", "+01:00"),
            ("04:00", "+01:00"),
            ("05:00", "+01:00"),
        ],
    ),
    (
        "Europe/London",
        False,
        [
            ("00:00", "+01:00"),
            ("01:00", "+01:00"),
            ("01:00", "+00:00"),
            ("02:00", "+00:00"),
            ("03:00", "+00:00"),
            ("04:00", "+00:00"),
            ("05:00", "+00:00"),
        ],
    ),
]


@pytest.mark.parametrize(("zone_name", "spring", "expected"), CASES)
async def test_book_times_and_seances_on_dst_days(
    client: httpx.AsyncClient,
    database: Database,
    world: Tenant,
    stranger: Tenant,
    zone_name: str,
    spring: bool,
    expected: list[tuple[str, str]],
) -> None:
    tenant = world if zone_name == "America/New_York" else stranger
    assert tenant.location.timezone_name == zone_name
    day = next_transition(ZoneInfo(zone_name), spring=spring)
    m = await _member_on(database, tenant, day)
    r = await client.get(
        f"/book_times/{tenant.location_id}/{m}/{day}", headers=tenant.partner_headers
    )
    assert r.status_code == 200, r.text
    # Without services a session lasts an hour: the last one starts at 05:00.
    got = [(x["time"], x["datetime"][-6:]) for x in r.json()["data"]]
    assert got == expected
    assert all(x["datetime"].startswith(str(day)) for x in r.json()["data"])
    seances = await client.get(
        f"/timetable/seances/{tenant.location_id}/{m}/{day}", headers=tenant.headers
    )
    assert seances.status_code == 200
    assert [(x["time"], x["is_free"]) for x in seances.json()["data"]] == [
        (t, True) for t, _ in expected
    ]


async def test_booking_the_repeated_hour_books_the_right_instant(
    client: httpx.AsyncClient, database: Database, world: Tenant
) -> None:
    day = next_transition(ZoneInfo("America/New_York"), spring=False)
    m = await _member_on(database, world, day)
    second_one = f"{day}T01:00:00-05:00"
    r = await client.post(
        f"/book_record/{world.location_id}",
        json={
            "phone": "+13155550175",
            "fullname": "J",
            "appointments": [{"id": 1, "staff_id": m, "datetime": second_one}],
        },
        headers=world.partner_headers,
    )
    assert r.status_code == 201, r.text
    times = await client.get(
        f"/book_times/{world.location_id}/{m}/{day}", headers=world.partner_headers
    )
    left = [x["datetime"][-14:] for x in times.json()["data"]]
    assert "01:00:00-04:00" in left and "01:00:00-05:00" not in left
