"""Event schedules and client series over HTTP: series materialised across a DST change,
hand changes kept unless force, client series checked date by date, deletes that keep the
past."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import httpx
import pytest
from sqlalchemy import update

from parlour.db import Database
from parlour.kit.timeutil import utcnow
from parlour.models import Membership
from tests.events.conftest import Studio, book_body, create_event
from tests.fixtures.factories import Tenant, assert_error, only_rights

# New York leaves daylight time on Sunday 2031-11-02.
MONDAY = date(2031, 10, 13)


def base(studio: Studio) -> str:
    return f"/company/{studio.location_id}/schedules"


def series(studio: Studio, day: str, **changes: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "day_of_week": day,
        "events_master_id": studio.teacher_id,
        "events_time": "10:00:00",
        "events_duration": 3600,
        "events_capacity": 3,
    }
    body.update(changes)
    return body


async def make_schedule(
    client: httpx.AsyncClient, studio: Studio, *, first: date = MONDAY, weeks: int = 6, **ev: Any
) -> tuple[dict[str, Any], dict[str, Any]]:
    event = await create_event(
        client, studio, date=f"{first.isoformat()} 10:00", resource_instance_ids=[], **ev
    )
    r = await client.post(
        base(studio),
        json={
            "original_entity_type": "activity",
            "original_entity_id": event["id"],
            "date_end": (first + timedelta(days=7 * weeks - 4)).isoformat(),
            "days": [series(studio, "mon"), series(studio, "thu")],
        },
        headers=studio.headers,
    )
    assert r.status_code == 201, r.text
    return event, r.json()["data"]


def dates(day: dict[str, Any]) -> list[str]:
    return [e["event_datetime"] for e in day["events"]]


class TestSchedules:
    async def test_monday_and_thursday_over_six_weeks_across_dst(
        self, client: httpx.AsyncClient, studio: Studio
    ) -> None:
        event, schedule = await make_schedule(client, studio)
        assert schedule["date_start"] == MONDAY.isoformat()
        assert schedule["original_entity_id"] == event["id"]
        mon, thu = schedule["days"]
        every = dates(mon) + dates(thu)
        assert len(every) == 12
        assert all(e["event_entity_id"] for d in (mon, thu) for e in d["events"])
        assert dates(mon) == [
            "2031-10-13T10:00:00-04:00",
            "2031-10-20T10:00:00-04:00",
            "2031-10-27T10:00:00-04:00",
            "2031-11-03T10:00:00-05:00",
            "2031-11-10T10:00:00-05:00",
            "2031-11-17T10:00:00-05:00",
        ]
        assert dates(thu)[-1] == "2031-11-20T10:00:00-05:00"
        assert mon["events"][0]["event_entity_id"] == event["id"]
        assert mon["events"][0]["event_status"] == "stable"
        assert {e["event_status"] for e in mon["events"][1:] + thu["events"]} == {"created"}
        # The events exist as events, at the local time.
        window = {"from": MONDAY.isoformat(), "till": "2031-11-30"}
        r = await client.get(
            f"/activity/{studio.location_id}/search", params=window, headers=studio.headers
        )
        assert [e["date"] for e in r.json()["data"]] == sorted(every)
        found = await client.get(
            f"{base(studio)}/search/activity/{thu['events'][2]['event_entity_id']}",
            headers=studio.headers,
        )
        assert found.status_code == 200 and found.json()["data"]["id"] == schedule["id"]

    async def test_a_busy_date_fails_alone(self, client: httpx.AsyncClient, studio: Studio) -> None:
        blocker = await client.post(
            f"/records/{studio.location_id}",
            # Outside the member's working days: saved on purpose (still exclusive).
            json=studio.record(datetime="2031-10-16T10:30:00", save_if_busy=True),
            headers=studio.headers,
        )
        assert blocker.status_code == 201
        _, schedule = await make_schedule(client, studio, weeks=2)
        thu = schedule["days"][1]
        assert [e["event_status"] for e in thu["events"]] == ["failed", "created"]
        assert thu["events"][0]["event_entity_id"] is None
        assert "busy" in thu["events"][0]["failure_reason"]

    async def test_records_cannot_be_scheduled(
        self, client: httpx.AsyncClient, studio: Studio
    ) -> None:
        r = await client.post(
            base(studio),
            json={
                "original_entity_type": "record",
                "original_entity_id": 1,
                "date_end": "2031-12-01",
                "days": [series(studio, "mon")],
            },
            headers=studio.headers,
        )
        assert_error(r, 422)
        r = await client.get(f"{base(studio)}/search/record/1", headers=studio.headers)
        assert_error(r, 422)

    @pytest.mark.parametrize(
        "changes",
        [
            {"date_end": "2031-10-01"},
            {"date_end": "2033-01-01"},
            {"days": []},
            {"days": [{"day_of_week": "xyz"}]},
        ],
    )
    async def test_bad_input_is_422(
        self, client: httpx.AsyncClient, studio: Studio, changes: dict[str, Any]
    ) -> None:
        event = await create_event(client, studio, date=f"{MONDAY.isoformat()} 10:00")
        body = {
            "original_entity_type": "activity",
            "original_entity_id": event["id"],
            "date_end": "2031-11-01",
            "days": [series(studio, "mon")],
            **changes,
        }
        r = await client.post(base(studio), json=body, headers=studio.headers)
        assert_error(r, 422)

    async def test_a_hand_moved_event_survives_an_edit_unless_force(
        self, client: httpx.AsyncClient, studio: Studio
    ) -> None:
        _, schedule = await make_schedule(client, studio, weeks=3)
        mon = schedule["days"][0]
        moved_id = mon["events"][1]["event_entity_id"]
        r = await client.put(
            f"/activity/{studio.location_id}/{moved_id}",
            json=studio.event(date="2031-10-20 16:00", resource_instance_ids=[]),
            headers=studio.headers,
        )
        assert r.status_code == 200, r.text
        url = f"{base(studio)}/{schedule['id']}/days/{mon['id']}"
        listed = (await client.get(f"{url}/events", headers=studio.headers)).json()["data"]
        assert listed[1]["event_status"] == "changed"
        assert listed[1]["is_entity_datetime_changed"] is True
        r = await client.patch(url, json={"events_time": "09:00:00"}, headers=studio.headers)
        assert r.status_code == 200, r.text
        events = r.json()["data"]["events"]
        assert [e["event_status"] for e in events] == ["stable", "changed", "stable"]
        assert events[1]["entity_datetime"] == "2031-10-20T16:00:00-04:00"
        assert events[2]["entity_datetime"] == "2031-10-27T09:00:00-04:00"
        r = await client.patch(
            url, json={"events_time": "09:00:00", "force": True}, headers=studio.headers
        )
        events = r.json()["data"]["events"]
        assert events[1]["event_status"] == "changed_by_force"
        assert events[1]["entity_datetime"] == "2031-10-20T09:00:00-04:00"
        read = await client.get(
            f"/activity/{studio.location_id}/{moved_id}", headers=studio.headers
        )
        assert read.json()["data"]["date"] == "2031-10-20T09:00:00-04:00"

    async def test_end_date_moves_and_days_come_and_go(
        self, client: httpx.AsyncClient, studio: Studio
    ) -> None:
        _, schedule = await make_schedule(client, studio, weeks=2)
        url = f"{base(studio)}/{schedule['id']}"
        r = await client.patch(url, json={"date_end": "2031-11-06"}, headers=studio.headers)
        assert r.status_code == 200, r.text
        assert [len(d["events"]) for d in r.json()["data"]["days"]] == [4, 4]
        r = await client.patch(url, json={"date_end": "2031-10-21"}, headers=studio.headers)
        statuses = [[e["event_status"] for e in d["events"]] for d in r.json()["data"]["days"]]
        assert statuses == [
            ["stable", "created", "deleted", "deleted"],
            ["created", "deleted", "deleted", "deleted"],
        ]
        r = await client.post(
            f"{url}/days", json=series(studio, "sat", events_time="08:00"), headers=studio.headers
        )
        assert r.status_code == 201, r.text
        sat = r.json()["data"]
        assert [e["event_datetime"] for e in sat["events"]] == ["2031-10-18T08:00:00-04:00"]
        dup = await client.post(f"{url}/days", json=series(studio, "sat"), headers=studio.headers)
        assert_error(dup, 422)
        r = await client.delete(f"{url}/days/{sat['id']}", headers=studio.headers)
        assert r.status_code == 204
        gone = sat["events"][0]["event_entity_id"]
        r = await client.get(f"/activity/{studio.location_id}/{gone}", headers=studio.headers)
        assert_error(r, 404)
        r = await client.get(f"{url}/days/{sat['id']}/events", headers=studio.headers)
        assert_error(r, 404)

    async def test_delete_keeps_the_past(self, client: httpx.AsyncClient, studio: Studio) -> None:
        past = utcnow().date() - timedelta(days=7)
        monday = past - timedelta(days=past.weekday())
        event, schedule = await make_schedule(client, studio, first=monday, weeks=3, force=True)
        future = [
            e["event_entity_id"]
            for d in schedule["days"]
            for e in d["events"]
            if e["event_entity_id"]
        ]
        future.remove(event["id"])
        assert future
        seat = await client.post(
            f"/activity/{studio.location_id}/{future[0]}/book",
            json=book_body(1),
            headers=studio.tenant.partner_headers,
        )
        assert seat.status_code == 200, seat.text
        r = await client.delete(f"{base(studio)}/{schedule['id']}", headers=studio.headers)
        assert r.status_code == 204
        kept = await client.get(
            f"/activity/{studio.location_id}/{event['id']}", headers=studio.headers
        )
        assert kept.status_code == 200
        for eid in future:
            r = await client.get(f"/activity/{studio.location_id}/{eid}", headers=studio.headers)
            assert_error(r, 404)
        r = await client.get(
            f"/record/{studio.location_id}/{seat.json()['data']['id']}", headers=studio.headers
        )
        assert_error(r, 404)
        r = await client.patch(
            f"{base(studio)}/{schedule['id']}",
            json={"date_end": "2031-01-01"},
            headers=studio.headers,
        )
        assert_error(r, 404)

    async def test_without_the_right_is_403(
        self, client: httpx.AsyncClient, studio: Studio, database: Database, world: Tenant
    ) -> None:
        _, schedule = await make_schedule(client, studio, weeks=1)
        async with database.session(write=True) as s:
            await s.execute(
                update(Membership)
                .where(Membership.user_id == world.user.id)
                .values(permissions=only_rights("clients_access"))
            )
        url = f"{base(studio)}/{schedule['id']}"
        day = schedule["days"][0]["id"]
        for method, path, body in [
            ("PATCH", url, {"date_end": "2031-11-01"}),
            ("DELETE", url, None),
            ("POST", f"{url}/days", series(studio, "sun")),
            ("PATCH", f"{url}/days/{day}", {"events_capacity": 5}),
            ("DELETE", f"{url}/days/{day}", None),
            ("POST", f"{url}/client_schedules", {"client_id": 1, "schedule_days_ids": [day]}),
        ]:
            r = await client.request(method, path, json=body, headers=studio.headers)
            assert_error(r, 403)


async def new_client(client: httpx.AsyncClient, studio: Studio, phone: str) -> int:
    r = await client.post(
        f"/clients/{studio.location_id}",
        json={"name": "Series client", "phone": phone},
        headers=studio.headers,
    )
    assert r.status_code == 201, r.text
    cid: int = r.json()["data"]["id"]
    return cid


class TestClientSeries:
    async def test_a_full_thursday_is_skipped_and_the_rest_booked(
        self, client: httpx.AsyncClient, studio: Studio
    ) -> None:
        _, schedule = await make_schedule(client, studio, weeks=3)
        mon, thu = schedule["days"]
        full_thursday = thu["events"][1]["event_entity_id"]
        for n in range(3):
            r = await client.post(
                f"/activity/{studio.location_id}/{full_thursday}/book",
                json=book_body(n),
                headers=studio.tenant.partner_headers,
            )
            assert r.status_code == 200, r.text
        cid = await new_client(client, studio, "+13155550150")
        url = f"{base(studio)}/{schedule['id']}/client_schedules"
        r = await client.post(
            url,
            json={"client_id": cid, "schedule_days_ids": [mon["id"], thu["id"]]},
            headers=studio.headers,
        )
        assert r.status_code == 201, r.text
        data = r.json()["data"]
        got = {d["day_of_week"]: [e["event_status"] for e in d["events"]] for d in data["days"]}
        assert got == {"mon": ["created"] * 3, "thu": ["created", "failed", "created"]}
        failed = data["days"][1]["events"][1]
        assert failed["event_entity_id"] == full_thursday and "seats" in failed["failure_reason"]
        assert data["final_day"] == "2031-10-30"
        listed = await client.get(
            f"/records/{studio.location_id}", params={"client_id": cid}, headers=studio.headers
        )
        assert len(listed.json()["data"]) == 5

        # Detach Thursday: its future seats go, Monday's stay.
        r = await client.patch(
            f"{url}/{data['id']}", json={"schedule_days_ids": [mon["id"]]}, headers=studio.headers
        )
        assert r.status_code == 200, r.text
        listed = await client.get(
            f"/records/{studio.location_id}", params={"client_id": cid}, headers=studio.headers
        )
        assert len(listed.json()["data"]) == 3
        # And back: Thursday's free dates are booked again, the full one fails again.
        r = await client.patch(
            f"{url}/{data['id']}",
            json={"schedule_days_ids": [mon["id"], thu["id"]]},
            headers=studio.headers,
        )
        thursday = [e["event_status"] for e in r.json()["data"]["days"][1]["events"]]
        assert thursday.count("created") == 2 and "failed" in thursday
        r = await client.delete(f"{url}/{data['id']}", headers=studio.headers)
        assert r.status_code == 204
        listed = await client.get(
            f"/records/{studio.location_id}", params={"client_id": cid}, headers=studio.headers
        )
        assert listed.json()["data"] == []

    async def test_a_busy_client_date_fails_alone(
        self, client: httpx.AsyncClient, studio: Studio
    ) -> None:
        _, schedule = await make_schedule(client, studio, weeks=2)
        mon = schedule["days"][0]
        cid = await new_client(client, studio, "+13155550151")
        busy = await client.post(
            f"/records/{studio.location_id}",
            json=studio.record(
                staff_id=studio.other_id,
                client={"phone": "+13155550151"},
                datetime="2031-10-20T10:30:00",
                save_if_busy=True,
            ),
            headers=studio.headers,
        )
        assert busy.status_code == 201, busy.text
        r = await client.post(
            f"{base(studio)}/{schedule['id']}/client_schedules",
            json={"client_id": cid, "schedule_days_ids": [mon["id"]]},
            headers=studio.headers,
        )
        assert r.status_code == 201, r.text
        assert [e["event_status"] for e in r.json()["data"]["days"][0]["events"]] == [
            "created",
            "failed",
        ]

    async def test_unknown_client_or_day_is_422(
        self, client: httpx.AsyncClient, studio: Studio
    ) -> None:
        _, schedule = await make_schedule(client, studio, weeks=1)
        url = f"{base(studio)}/{schedule['id']}/client_schedules"
        day = schedule["days"][0]["id"]
        r = await client.post(
            url, json={"client_id": 999_999, "schedule_days_ids": [day]}, headers=studio.headers
        )
        assert_error(r, 422)
        cid = await new_client(client, studio, "+13155550152")
        r = await client.post(
            url, json={"client_id": cid, "schedule_days_ids": [999_999]}, headers=studio.headers
        )
        assert_error(r, 422)
