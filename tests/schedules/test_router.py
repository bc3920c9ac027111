"""Team member schedules, the appointment calendar and resources, through HTTP."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import httpx
from sqlalchemy import func, select

from parlour.db import Database
from parlour.models import ScheduleDay
from tests.fixtures import factories as f
from tests.fixtures.factories import Tenant


async def _count(db: Database) -> int:
    async with db.session() as s:
        return int((await s.execute(select(func.count(ScheduleDay.id)))).scalar() or 0)


class TestMemberSchedule:
    async def test_put_and_get_range(
        self, client: httpx.AsyncClient, database: Database, world: Tenant
    ) -> None:
        m = await f.member(database, world.location_id)
        url = f"/schedule/{world.location_id}/{m}/2027-01-04/2027-01-06"
        body = [
            {
                "date": "2027-01-04",
                "is_working": True,
                "slots": [{"from": "10:00", "to": "14:00"}, {"from": "15:00", "to": "19:00"}],
            },
            {"date": "2027-01-05", "is_working": False, "slots": []},
        ]
        r = await client.put(url, json=body, headers=world.headers)
        assert r.status_code == 201, r.text
        r = await client.get(
            f"/schedule/{world.location_id}/{m}/20270104/20270106", headers=world.headers
        )
        assert r.status_code == 200
        assert r.json()["data"] == [
            {
                "date": "2027-01-04",
                "is_working": True,
                "slots": [{"from": "10:00", "to": "14:00"}, {"from": "15:00", "to": "19:00"}],
            },
            {"date": "2027-01-05", "is_working": False, "slots": []},
            {"date": "2027-01-06", "is_working": False, "slots": []},
        ]
        # Turning a day off removes it.
        await client.put(
            url,
            json=[{"date": "2027-01-04", "is_working": False, "slots": []}],
            headers=world.headers,
        )
        assert await _count(database) == 0

    async def test_bad_slots_are_refused_and_nothing_written(
        self, client: httpx.AsyncClient, database: Database, world: Tenant
    ) -> None:
        m = await f.member(database, world.location_id)
        url = f"/schedule/{world.location_id}/{m}/2027-01-04/2027-01-06"
        cases = [
            ([{"from": "10:00", "to": "14:00"}, {"from": "13:00", "to": "15:00"}], "[0].slots[1]"),
            ([{"from": "14:00", "to": "10:00"}], "[0].slots[0].to"),
            ([{"from": "10:00", "to": "24:30"}], "[0].slots[0].to"),
            ([{"from": "9", "to": "10:00"}], "[0].slots[0].from"),
        ]
        for slots, field in cases:
            body = [
                {
                    "date": "2027-01-05",
                    "is_working": True,
                    "slots": [{"from": "09:00", "to": "10:00"}],
                },
                {"date": "2027-01-04", "is_working": True, "slots": slots},
            ]
            body.reverse()
            r = await client.put(url, json=body, headers=world.headers)
            assert r.status_code == 422, (slots, r.text)
            assert field in r.json()["meta"]["errors"], r.json()
        r = await client.put(
            url, json=[{"date": "2027-02-01", "is_working": False}], headers=world.headers
        )
        assert r.status_code == 422
        assert await _count(database) == 0
        # Midnight end is fine.
        r = await client.put(
            url,
            json=[
                {
                    "date": "2027-01-04",
                    "is_working": True,
                    "slots": [{"from": "18:00", "to": "24:00"}],
                }
            ],
            headers=world.headers,
        )
        assert r.status_code == 201

    async def test_deprecated_single_day(
        self, client: httpx.AsyncClient, database: Database, world: Tenant
    ) -> None:
        m = await f.member(database, world.location_id)
        r = await client.put(
            f"/schedule/{world.location_id}/{m}",
            json={
                "date": "2027-01-04",
                "is_working": True,
                "slots": [{"from": "10:00", "to": "14:30"}],
            },
            headers=world.headers,
        )
        assert r.status_code == 201
        assert r.json()["data"] == {
            "date": "2027-01-04",
            "is_working": True,
            "slots": [{"from": "10:00", "to": "14:30"}],
        }

    async def test_isolation(
        self, client: httpx.AsyncClient, database: Database, world: Tenant, stranger: Tenant
    ) -> None:
        m = await f.member(database, world.location_id)
        other = await f.member(database, stranger.location_id)
        url = f"/schedule/{world.location_id}/{m}/2027-01-04/2027-01-06"
        assert (await client.get(url)).status_code == 401
        assert (await client.get(url, headers=stranger.headers)).status_code == 403
        r = await client.get(
            f"/schedule/{world.location_id}/{other}/2027-01-04/2027-01-06", headers=world.headers
        )
        assert r.status_code == 404
        r = await client.get(
            f"/schedule/{world.location_id}/{m}/2027-01-06/2027-01-04", headers=world.headers
        )
        assert r.status_code == 422 and "end_date" in r.json()["meta"]["errors"]


class TestStaffSchedule:
    async def test_set_delete_and_list(
        self, client: httpx.AsyncClient, database: Database, world: Tenant, stranger: Tenant
    ) -> None:
        a = await f.member(database, world.location_id, "A")
        b = await f.member(database, world.location_id, "B")
        url = f"/company/{world.location_id}/staff/schedule"
        r = await client.put(
            url,
            json={
                "schedules_to_set": [
                    {
                        "team_member_id": a,
                        "dates": ["2027-01-04", "2027-01-05"],
                        "slots": [{"from": "10:00", "to": "19:00"}],
                    },
                    {
                        "team_member_id": b,
                        "dates": ["2027-01-04"],
                        "slots": [{"from": "09:00", "to": "12:00"}],
                    },
                ]
            },
            headers=world.headers,
        )
        assert r.status_code == 200, r.text
        assert r.json()["meta"] == {"count": 3}
        r = await client.put(
            url,
            json={"schedules_to_delete": [{"team_member_id": a, "dates": ["2027-01-05"]}]},
            headers=world.headers,
        )
        # The answer covers the modified members between the first and last modified date.
        assert r.json()["meta"] == {"count": 0}
        await f.record(
            database,
            world.location_id,
            b,
            datetime(2027, 1, 4, 10, tzinfo=ZoneInfo("America/New_York")),
        )
        r = await client.get(
            url,
            params={
                "start_date": "2027-01-01",
                "end_date": "2027-01-31",
                "staff_ids[]": b,
                "include[]": "busy_intervals",
            },
            headers=world.headers,
        )
        (item,) = r.json()["data"]
        assert item["staff_id"] == b and item["slots"] == [{"from": "09:00", "to": "12:00"}]
        assert (
            item["busy_intervals"][0]["from"] == "10:00:00"
            and item["busy_intervals"][0]["to"] == "11:00:00"
        )
        # Another location's member cannot be scheduled here.
        other = await f.member(database, stranger.location_id)
        r = await client.put(
            url,
            json={
                "schedules_to_set": [
                    {
                        "team_member_id": other,
                        "dates": ["2027-01-04"],
                        "slots": [{"from": "10:00", "to": "11:00"}],
                    }
                ]
            },
            headers=world.headers,
        )
        assert r.status_code == 404
        r = await client.put(
            url,
            json={
                "schedules_to_set": [
                    {
                        "team_member_id": a,
                        "dates": ["2027-01-04"],
                        "slots": [{"from": "10:00", "to": "25:00"}],
                    }
                ]
            },
            headers=world.headers,
        )
        assert (
            r.status_code == 422 and "schedules_to_set[0].slots[0].to" in r.json()["meta"]["errors"]
        )


class TestCalendar:
    async def test_dates_seances_and_resources(
        self, client: httpx.AsyncClient, database: Database, world: Tenant
    ) -> None:
        m = await f.member(database, world.location_id)
        from datetime import date

        await f.schedule(
            database,
            world.location_id,
            m,
            [date(2027, 1, 4), date(2027, 2, 8)],
            [("10:00", "12:00")],
        )
        r = await client.get(
            f"/timetable/dates/{world.location_id}/2027-01-15?staff_id={m}", headers=world.headers
        )
        assert r.json()["data"] == ["2027-01-04T00:00:00-05:00", "2027-02-08T00:00:00-05:00"]
        await f.record(
            database,
            world.location_id,
            m,
            datetime(2027, 1, 4, 10, 30, tzinfo=ZoneInfo("America/New_York")),
            30,
        )
        r = await client.get(
            f"/timetable/seances/{world.location_id}/{m}/2027-01-04", headers=world.headers
        )
        assert [(x["time"], x["is_free"]) for x in r.json()["data"]] == [
            ("10:00", True),
            ("10:15", True),
            ("10:30", False),
            ("10:45", False),
            ("11:00", True),
            ("11:15", True),
            ("11:30", True),
            ("11:45", True),
        ]
        s = await f.service(database, world.location_id, [m])
        await f.resource(database, world.location_id, s, instances=2)
        r = await client.get(f"/resources/{world.location_id}", headers=world.headers)
        assert r.json()["meta"] == {"count": 1}
        assert [i["title"] for i in r.json()["data"][0]["instances"]] == ["Room 0", "Room 1"]
