"""Event schedules and client series against the real server over a socket: every write."""

from __future__ import annotations

from pathlib import Path

import httpx

from parlour.db import Database
from tests.booking.server import running_server
from tests.event_schedules.test_router import MONDAY, series
from tests.events.conftest import Studio


async def test_every_write_over_a_socket(
    database: Database, database_url: str, studio: Studio, tmp_path: Path
) -> None:
    with running_server(database_url, tmp_path, workers=2) as (base, _proc):
        async with httpx.AsyncClient(base_url=base, timeout=60) as http:
            await _writes(http, studio)


async def _writes(http: httpx.AsyncClient, studio: Studio) -> None:
    loc, h = studio.location_id, studio.headers
    r = await http.post(
        f"/activity/{loc}",
        json=studio.event(date=f"{MONDAY.isoformat()} 10:00", resource_instance_ids=[]),
        headers=h,
    )
    assert r.status_code == 200, r.text
    event = r.json()["data"]
    url = f"/company/{loc}/schedules"
    r = await http.post(
        url,
        json={
            "original_entity_type": "activity",
            "original_entity_id": event["id"],
            "date_end": "2031-10-24",
            "days": [series(studio, "mon"), series(studio, "thu")],
        },
        headers=h,
    )
    assert r.status_code == 201, r.text
    schedule = r.json()["data"]
    assert [len(d["events"]) for d in schedule["days"]] == [2, 2]
    url = f"{url}/{schedule['id']}"
    r = await http.patch(url, json={"date_end": "2031-10-31"}, headers=h)
    assert r.status_code == 200 and [len(d["events"]) for d in r.json()["data"]["days"]] == [3, 3]
    r = await http.post(f"{url}/days", json=series(studio, "wed"), headers=h)
    assert r.status_code == 201, r.text
    wed = r.json()["data"]["id"]
    mon = schedule["days"][0]["id"]
    r = await http.patch(f"{url}/days/{mon}", json={"events_capacity": 5}, headers=h)
    assert r.status_code == 200, r.text
    r = await http.post(
        f"/clients/{loc}", json={"name": "Socket", "phone": "+13155550160"}, headers=h
    )
    cid = r.json()["data"]["id"]
    r = await http.post(
        f"{url}/client_schedules", json={"client_id": cid, "schedule_days_ids": [mon]}, headers=h
    )
    assert r.status_code == 201, r.text
    cs = r.json()["data"]["id"]
    r = await http.patch(
        f"{url}/client_schedules/{cs}", json={"schedule_days_ids": [mon, wed]}, headers=h
    )
    assert r.status_code == 200, r.text
    r = await http.get(f"/records/{loc}", params={"client_id": cid}, headers=h)
    assert len(r.json()["data"]) == 6  # three Mondays and three Wednesdays
    assert (await http.delete(f"{url}/client_schedules/{cs}", headers=h)).status_code == 204
    assert (await http.delete(f"{url}/days/{wed}", headers=h)).status_code == 204
    assert (await http.delete(url, headers=h)).status_code == 204
    r = await http.get(f"/activity/{loc}/{event['id']}", headers=h)
    assert r.status_code == 404  # the original was in the future: it went with the series
