"""Group events over HTTP (in-process): create/read/update/delete, the overlap rule shared
with appointments, seats (B2B records and the public booking), search and duplication."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import httpx
import pytest
from sqlalchemy import select, update

from parlour.db import Database
from parlour.events.service import repeat_dates
from parlour.kit.timeutil import utcnow
from parlour.models import Location, Membership, Record
from tests.events.conftest import Studio, book_body, create_event
from tests.fixtures.factories import DAY, Tenant, assert_error, only_rights


def url(studio: Studio, *parts: object) -> str:
    return "/".join([f"/activity/{studio.location_id}", *map(str, parts)])


class TestCreateEvent:
    async def test_creates_with_upstream_fields(
        self, client: httpx.AsyncClient, studio: Studio
    ) -> None:
        data = await create_event(client, studio)
        assert data["salon_id"] == data["company_id"] == studio.location_id
        assert data["date"] == f"{DAY.isoformat()}T10:00:00-04:00"
        assert data["length"] == 3600 and data["capacity"] == 3 and data["records_count"] == 0
        assert data["service"] == {
            **data["service"],
            "id": studio.class_id,
            "title": "Morning Yoga",
        }
        assert data["staff"]["id"] == studio.teacher_id and data["staff"]["name"] == "Maya Lin"
        assert data["resource_instances"] == [
            {"id": studio.instance_id, "title": "Room A", "resource_id": studio.room_id}
        ]
        r = await client.get(url(studio, data["id"]), headers=studio.headers)
        assert r.status_code == 200 and r.json()["data"] == data

    async def test_iso_date_with_offset_is_read_as_given(
        self, client: httpx.AsyncClient, studio: Studio
    ) -> None:
        data = await create_event(client, studio, date=f"{DAY.isoformat()}T16:00:00+02:00")
        assert data["date"] == f"{DAY.isoformat()}T10:00:00-04:00"

    async def test_a_busy_member_is_409_naming_the_time_unless_force(
        self, client: httpx.AsyncClient, studio: Studio
    ) -> None:
        r = await client.post(
            f"/records/{studio.location_id}",
            json=studio.record(datetime=f"{DAY.isoformat()}T10:30:00"),
            headers=studio.headers,
        )
        assert r.status_code == 201, r.text
        r = await client.post(
            url(studio), json=studio.event(resource_instance_ids=[]), headers=studio.headers
        )
        assert_error(r, 409)
        assert "10:30:00-04:00" in r.json()["meta"]["message"]
        assert "11:30:00-04:00" in r.json()["meta"]["message"]
        forced = await create_event(client, studio, resource_instance_ids=[], force=True)
        assert forced["id"]

    async def test_a_busy_instance_is_409(self, client: httpx.AsyncClient, studio: Studio) -> None:
        await create_event(client, studio)
        r = await client.post(
            url(studio),
            json=studio.event(staff_id=studio.other_id, date=f"{DAY.isoformat()} 10:30"),
            headers=studio.headers,
        )
        assert_error(r, 409)
        assert "resource_instance_ids" in r.json()["meta"]["errors"]

    async def test_a_personal_appointment_over_the_class_is_refused_without_force(
        self, client: httpx.AsyncClient, studio: Studio
    ) -> None:
        await create_event(client, studio)
        r = await client.post(
            f"/records/{studio.location_id}", json=studio.record(), headers=studio.headers
        )
        assert_error(r, 422)
        assert r.json()["errors"]["code"] == 433
        r = await client.post(
            f"/records/{studio.location_id}",
            json=studio.record(save_if_busy=True),
            headers=studio.headers,
        )
        assert r.status_code == 201, r.text

    async def test_the_hold_is_not_an_appointment(
        self, client: httpx.AsyncClient, studio: Studio, database: Database
    ) -> None:
        event = await create_event(client, studio)
        async with database.session() as s:
            hold = (
                await s.execute(select(Record).where(Record.activity_id == event["id"]))
            ).scalar_one()
        assert hold.event_hold and hold.exclusive
        listed = await client.get(f"/records/{studio.location_id}", headers=studio.headers)
        assert listed.json()["data"] == []
        r = await client.get(f"/record/{studio.location_id}/{hold.id}", headers=studio.headers)
        assert_error(r, 404)

    @pytest.mark.parametrize(
        "changes",
        [
            {"capacity": 0},
            {"date": "tomorrow"},
            {"staff_id": 999_999},
            {"service_id": 999_999},
            {"resource_instance_ids": [999_999]},
            {"length": 10},
        ],
    )
    async def test_bad_input_is_422(
        self, client: httpx.AsyncClient, studio: Studio, changes: dict[str, Any]
    ) -> None:
        r = await client.post(url(studio), json=studio.event(**changes), headers=studio.headers)
        assert_error(r, 422)

    async def test_without_the_right_is_403(
        self, client: httpx.AsyncClient, studio: Studio, database: Database, world: Tenant
    ) -> None:
        event = await create_event(client, studio)
        async with database.session(write=True) as s:
            await s.execute(
                update(Membership)
                .where(Membership.user_id == world.user.id)
                .values(permissions=only_rights("clients_access"))
            )
        for method, path, body in [
            ("POST", url(studio), studio.event()),
            ("PUT", url(studio, event["id"]), studio.event()),
            ("DELETE", url(studio, event["id"]), None),
            ("POST", url(studio, event["id"], "duplicate"), {"dates": ["2031-06-03"]}),
            ("POST", url(studio, "duplication_strategy"), {"title": "x", "repeat_mode_id": 1}),
        ]:
            r = await client.request(method, path, json=body, headers=studio.headers)
            assert_error(r, 403)


class TestUpdateAndDeleteEvent:
    async def test_moving_takes_the_seats_along(
        self, client: httpx.AsyncClient, studio: Studio
    ) -> None:
        event = await create_event(client, studio)
        r = await client.post(
            url(studio, event["id"], "book"),
            json=book_body(1),
            headers=studio.tenant.partner_headers,
        )
        assert r.status_code == 200, r.text
        seat_id = r.json()["data"]["id"]
        r = await client.put(
            url(studio, event["id"]),
            json=studio.event(date=f"{DAY.isoformat()} 15:00", staff_id=studio.other_id),
            headers=studio.headers,
        )
        assert r.status_code == 200, r.text
        assert r.json()["data"]["records_count"] == 1
        seat = (
            await client.get(f"/record/{studio.location_id}/{seat_id}", headers=studio.headers)
        ).json()["data"]
        assert seat["datetime"] == f"{DAY.isoformat()}T15:00:00-04:00"
        assert seat["staff_id"] == studio.other_id and seat["activity_id"] == event["id"]
        # The teacher is free at 10:00 again; the other member is not at 15:00.
        ok = await client.post(
            f"/records/{studio.location_id}",
            json=studio.record(datetime=f"{DAY.isoformat()}T10:00:00"),
            headers=studio.headers,
        )
        assert ok.status_code == 201, ok.text
        busy = await client.post(
            f"/records/{studio.location_id}",
            json=studio.record(staff_id=studio.other_id, datetime=f"{DAY.isoformat()}T15:00:00"),
            headers=studio.headers,
        )
        assert_error(busy, 422)

    async def test_capacity_below_the_seats_taken_is_422(
        self, client: httpx.AsyncClient, studio: Studio
    ) -> None:
        event = await create_event(client, studio)
        for n in range(2):
            r = await client.post(
                url(studio, event["id"], "book"),
                json=book_body(n),
                headers=studio.tenant.partner_headers,
            )
            assert r.status_code == 200, r.text
        r = await client.put(
            url(studio, event["id"]), json=studio.event(capacity=1), headers=studio.headers
        )
        assert_error(r, 422)
        assert "capacity" in r.json()["meta"]["errors"]

    async def test_delete_frees_the_member_and_removes_the_seats(
        self, client: httpx.AsyncClient, studio: Studio
    ) -> None:
        event = await create_event(client, studio)
        r = await client.post(
            url(studio, event["id"], "book"),
            json=book_body(1),
            headers=studio.tenant.partner_headers,
        )
        seat_id = r.json()["data"]["id"]
        r = await client.delete(url(studio, event["id"]), headers=studio.headers)
        assert r.status_code == 202 and r.json()["meta"] == {"message": "Accepted"}
        assert_error(await client.get(url(studio, event["id"]), headers=studio.headers), 404)
        gone = await client.get(f"/record/{studio.location_id}/{seat_id}", headers=studio.headers)
        assert_error(gone, 404)
        r = await client.post(
            f"/records/{studio.location_id}", json=studio.record(), headers=studio.headers
        )
        assert r.status_code == 201, r.text

    async def test_another_locations_event_is_404(
        self, client: httpx.AsyncClient, studio: Studio, stranger: Tenant, database: Database
    ) -> None:
        from tests.events.conftest import make_studio

        far = await make_studio(database, stranger)
        theirs = await create_event(client, far)
        r = await client.get(url(studio, theirs["id"]), headers=studio.headers)
        assert_error(r, 404)


class TestSeats:
    async def test_three_public_seats_fill_the_class_and_the_fourth_is_refused(
        self, client: httpx.AsyncClient, studio: Studio
    ) -> None:
        event = await create_event(client, studio)
        for n in range(3):
            r = await client.post(
                url(studio, event["id"], "book"),
                json=book_body(n),
                headers=studio.tenant.partner_headers,
            )
            assert r.status_code == 200, r.text
            data = r.json()["data"]
            assert data["id"] and len(data["hash"]) == 32
        r = await client.post(
            url(studio, event["id"], "book"),
            json=book_body(3),
            headers=studio.tenant.partner_headers,
        )
        assert_error(r, 422)
        assert r.json()["errors"]["code"] == 433
        read = await client.get(url(studio, event["id"]), headers=studio.headers)
        assert read.json()["data"]["records_count"] == 3

    async def test_a_b2b_record_takes_member_time_and_length_from_the_event(
        self, client: httpx.AsyncClient, studio: Studio
    ) -> None:
        event = await create_event(client, studio, capacity=2)
        body = studio.record(
            activity_id=event["id"],
            staff_id=studio.other_id,
            datetime=f"{DAY.isoformat()}T18:00:00",
            seance_length=600,
            clients_count=2,
        )
        r = await client.post(f"/records/{studio.location_id}", json=body, headers=studio.headers)
        assert r.status_code == 201, r.text
        seat = r.json()["data"][0]
        assert seat["activity_id"] == event["id"] and seat["clients_count"] == 2
        assert seat["staff_id"] == studio.teacher_id and seat["seance_length"] == 3600
        assert seat["datetime"] == f"{DAY.isoformat()}T10:00:00-04:00"
        assert [s["id"] for s in seat["services"]] == [studio.class_id]
        assert seat["services"][0]["cost"] == 20
        listed = await client.get(f"/records/{studio.location_id}", headers=studio.headers)
        assert [r["id"] for r in listed.json()["data"]] == [seat["id"]]
        full = await client.post(
            f"/records/{studio.location_id}",
            json=studio.record(activity_id=event["id"]),
            headers=studio.headers,
        )
        assert_error(full, 422)
        # Deleting the seat record frees its seats.
        r = await client.delete(
            f"/record/{studio.location_id}/{seat['id']}", headers=studio.headers
        )
        assert r.status_code == 204
        again = await client.post(
            f"/records/{studio.location_id}",
            json=studio.record(activity_id=event["id"]),
            headers=studio.headers,
        )
        assert again.status_code == 201, again.text

    async def test_unknown_event_is_422(self, client: httpx.AsyncClient, studio: Studio) -> None:
        r = await client.post(
            f"/records/{studio.location_id}",
            json=studio.record(activity_id=999_999),
            headers=studio.headers,
        )
        assert_error(r, 422)

    @pytest.mark.parametrize(
        ("body", "code"),
        [
            ({"fullname": "", "phone": "+13155550100"}, 435),
            ({"fullname": "Ann", "phone": "12"}, 431),
            ({"fullname": "Ann", "phone": "+13155550100", "clients_count": 2}, 10),
        ],
    )
    async def test_public_booking_checks_name_phone_and_online_maximum(
        self, client: httpx.AsyncClient, studio: Studio, body: dict[str, Any], code: int
    ) -> None:
        event = await create_event(client, studio)
        r = await client.post(
            url(studio, event["id"], "book"), json=body, headers=studio.tenant.partner_headers
        )
        assert_error(r, 422)
        assert r.json()["errors"]["code"] == code

    async def test_a_code_is_required_when_the_location_confirms_phones(
        self, client: httpx.AsyncClient, studio: Studio, database: Database
    ) -> None:
        event = await create_event(client, studio)
        async with database.session(write=True) as s:
            await s.execute(
                update(Location)
                .where(Location.id == studio.location_id)
                .values(phone_confirmation=True)
            )
        r = await client.post(
            url(studio, event["id"], "book"),
            json=book_body(1),
            headers=studio.tenant.partner_headers,
        )
        assert_error(r, 422)
        assert "code" in r.json()["meta"]["errors"]
        wrong = await client.post(
            url(studio, event["id"], "book"),
            json={**book_body(1), "code": "0000"},
            headers=studio.tenant.partner_headers,
        )
        assert_error(wrong, 422)
        assert wrong.json()["errors"]["code"] == 432
        t = studio.tenant
        phone = book_body(1)["phone"]
        sent = await client.get(
            "/booking/user/phone_confirmation",
            params={"company_id": t.location_id, "phone": phone},
            headers=t.partner_headers,
        )
        assert sent.status_code == 202, sent.text
        outbox = await client.get(f"/company/{t.location_id}/outbox", headers=t.headers)
        code = [m for m in outbox.json()["data"] if m["kind"] == "phone_confirmation"][-1][
            "payload"
        ]["code"]
        ok = await client.post(
            url(studio, event["id"], "book"),
            json={**book_body(1), "code": code},
            headers=t.partner_headers,
        )
        assert ok.status_code in (200, 201), ok.text

    async def test_a_started_event_cannot_be_booked(
        self, client: httpx.AsyncClient, studio: Studio
    ) -> None:
        past = utcnow().date() - timedelta(days=2)
        event = await create_event(client, studio, date=f"{past.isoformat()} 10:00", force=True)
        r = await client.post(
            url(studio, event["id"], "book"),
            json=book_body(1),
            headers=studio.tenant.partner_headers,
        )
        assert_error(r, 422)


class TestSearch:
    async def _three(self, client: httpx.AsyncClient, studio: Studio) -> list[dict[str, Any]]:
        return [
            await create_event(client, studio),
            await create_event(
                client,
                studio,
                date=f"{(DAY + timedelta(days=2)).isoformat()} 09:00",
                staff_id=studio.other_id,
                resource_instance_ids=[],
            ),
            await create_event(
                client,
                studio,
                date=f"{(DAY + timedelta(days=9)).isoformat()} 09:00",
                resource_instance_ids=[],
            ),
        ]

    async def test_search_pages_and_filters_with_a_partner_token(
        self, client: httpx.AsyncClient, studio: Studio
    ) -> None:
        events = await self._three(client, studio)
        partner = studio.tenant.partner_headers
        window = {"from": DAY.isoformat(), "till": (DAY + timedelta(days=5)).isoformat()}
        r = await client.get(url(studio, "search"), params=window, headers=partner)
        assert r.status_code == 200, r.text
        assert [e["id"] for e in r.json()["data"]] == [events[0]["id"], events[1]["id"]]
        assert r.json()["meta"]["total_count"] == 2
        r = await client.get(
            url(studio, "search"),
            params={**window, "staff_ids[]": studio.other_id},
            headers=partner,
        )
        assert [e["id"] for e in r.json()["data"]] == [events[1]["id"]]
        r = await client.get(
            url(studio, "search"),
            params={**window, "resource_ids": studio.room_id},
            headers=partner,
        )
        assert [e["id"] for e in r.json()["data"]] == [events[0]["id"]]
        r = await client.get(
            url(studio, "search"), params={**window, "count": 1, "page": 2}, headers=partner
        )
        assert [e["id"] for e in r.json()["data"]] == [events[1]["id"]]
        bad = await client.get(
            url(studio, "search"), params={"from": "x", "till": "y"}, headers=partner
        )
        assert_error(bad, 422)

    async def test_dates_range_and_filters(self, client: httpx.AsyncClient, studio: Studio) -> None:
        await self._three(client, studio)
        partner = studio.tenant.partner_headers
        r = await client.get(
            url(studio, "search_dates"),
            params={"from": DAY.isoformat(), "till": (DAY + timedelta(days=30)).isoformat()},
            headers=partner,
        )
        assert r.json()["data"] == [
            DAY.isoformat(),
            (DAY + timedelta(days=2)).isoformat(),
            (DAY + timedelta(days=9)).isoformat(),
        ]
        r = await client.get(url(studio, "search_dates_range"), headers=partner)
        assert r.json()["data"] == {
            "min_date": DAY.isoformat(),
            "max_date": (DAY + timedelta(days=9)).isoformat(),
        }
        r = await client.get(
            url(studio, "filters"), params={"staff_ids": studio.other_id}, headers=partner
        )
        groups = {g["code"]: g["data"] for g in r.json()["data"]}
        assert {m["id"]: m["is_disabled"] for m in groups["staff"]} == {
            studio.teacher_id: False,
            studio.other_id: False,
        }
        # With the other member chosen, the room (used only by the teacher's class) is off.
        assert groups["resource"] == [
            {"id": studio.room_id, "title": "Studio room", "is_disabled": True}
        ]
        assert [s["id"] for s in groups["service"]] == [studio.class_id]

    async def test_group_services(self, client: httpx.AsyncClient, studio: Studio) -> None:
        partner = studio.tenant.partner_headers
        r = await client.get(url(studio, "services"), params={"term": "YOGA"}, headers=partner)
        (svc,) = r.json()["data"]
        assert svc["id"] == studio.class_id and svc["capacity"] == 12
        assert {m["id"] for m in svc["staff"]} == {studio.teacher_id, studio.other_id}
        assert svc["resources"] == [
            {"id": studio.room_id, "title": "Studio room", "salon_id": studio.location_id}
        ]
        r = await client.get(url(studio, "services"), params={"term": "private"}, headers=partner)
        assert r.json()["data"] == []


class TestDuplication:
    async def test_strategies_crud(self, client: httpx.AsyncClient, studio: Studio) -> None:
        body = {"title": "Mon+Thu", "repeat_mode_id": 5, "days": [4, 1], "interval": 2}
        r = await client.post(
            url(studio, "duplication_strategy"), json=body, headers=studio.headers
        )
        assert r.status_code == 200, r.text
        made = r.json()["data"]
        assert made["days"] == [1, 4] and made["repeat_mode"] == {"id": 5, "title": "Every week"}
        r = await client.post(
            url(studio, "duplication_strategy", made["id"]),
            json={**body, "title": "Daily", "repeat_mode_id": 1, "days": []},
            headers=studio.headers,
        )
        assert r.json()["data"]["repeat_mode"]["title"] == "Daily"
        listed = await client.get(url(studio, "duplication_strategy"), headers=studio.headers)
        assert [s["id"] for s in listed.json()["data"]] == [made["id"]]
        r = await client.delete(
            url(studio, "duplication_strategy", made["id"]), headers=studio.headers
        )
        assert r.status_code == 202
        r = await client.delete(
            url(studio, "duplication_strategy", made["id"]), headers=studio.headers
        )
        assert_error(r, 404)
        bad = await client.post(
            url(studio, "duplication_strategy"),
            json={"title": "x", "repeat_mode_id": 9},
            headers=studio.headers,
        )
        assert_error(bad, 422)

    def test_interval_counts_the_periods_skipped(self) -> None:
        """The reference: weekly on Monday and Thursday with interval 2 repeats every third
        week."""
        monday = date(2031, 6, 2)
        got = repeat_dates(monday, 5, [1, 4], 2, monday, None, 5)
        assert got == [
            date(2031, 6, 5),
            date(2031, 6, 23),
            date(2031, 6, 26),
            date(2031, 7, 14),
            date(2031, 7, 17),
        ]
        assert repeat_dates(monday, 1, [], 0, monday, monday + timedelta(days=3), None) == [
            date(2031, 6, 3),
            date(2031, 6, 4),
            date(2031, 6, 5),
        ]
        assert repeat_dates(monday, 4, [], 0, monday, None, 2) == [
            date(2031, 6, 3),
            date(2031, 6, 5),
        ]
        jan31 = date(2031, 1, 31)
        assert repeat_dates(jan31, 6, [], 0, jan31, date(2031, 6, 1), None) == [
            date(2031, 3, 31),
            date(2031, 5, 31),
        ]

    async def test_duplicate_by_dates_with_clients(
        self, client: httpx.AsyncClient, studio: Studio
    ) -> None:
        event = await create_event(client, studio)
        await client.post(
            url(studio, event["id"], "book"),
            json=book_body(1),
            headers=studio.tenant.partner_headers,
        )
        r = await client.post(
            url(studio, event["id"], "duplicate"),
            json={
                "dates": [
                    f"{(DAY + timedelta(days=1)).isoformat()}T12:30:00",
                    (DAY + timedelta(days=2)).isoformat(),
                ],
                "content_type": 2,
            },
            headers=studio.headers,
        )
        assert r.status_code == 200, r.text
        copies = r.json()["data"]
        assert [c["date"] for c in copies] == [
            f"{(DAY + timedelta(days=1)).isoformat()}T12:30:00-04:00",
            f"{(DAY + timedelta(days=2)).isoformat()}T10:00:00-04:00",
        ]
        assert [c["records_count"] for c in copies] == [1, 1]
        assert r.json()["meta"]["count"] == 2

    async def test_duplicate_by_strategy_and_by_parameters(
        self, client: httpx.AsyncClient, studio: Studio
    ) -> None:
        event = await create_event(client, studio, resource_instance_ids=[])
        made = (
            await client.post(
                url(studio, "duplication_strategy"),
                json={"title": "Tue Thu", "repeat_mode_id": 4},
                headers=studio.headers,
            )
        ).json()["data"]
        r = await client.post(
            url(studio, event["id"], "duplicate"),
            json={
                "duplication_strategy_id": made["id"],
                "from": DAY.isoformat(),
                "count": 3,
                "hours": 18,
            },
            headers=studio.headers,
        )
        assert r.status_code == 200, r.text
        assert [c["date"] for c in r.json()["data"]] == [
            f"{d.isoformat()}T18:00:00-04:00"
            for d in (DAY + timedelta(days=1), DAY + timedelta(days=3), DAY + timedelta(days=8))
        ]
        r = await client.post(
            url(studio, event["id"], "duplicate"),
            json={
                "repeat_mode_id": 1,
                "interval": 6,
                "from": DAY.isoformat(),
                "till": (DAY + timedelta(days=14)).isoformat(),
            },
            headers=studio.headers,
        )
        assert r.status_code == 200, r.text
        assert [c["date"][:10] for c in r.json()["data"]] == [
            (DAY + timedelta(days=7)).isoformat(),
            (DAY + timedelta(days=14)).isoformat(),
        ]

    async def test_a_busy_copy_is_409_and_nothing_is_written(
        self, client: httpx.AsyncClient, studio: Studio
    ) -> None:
        event = await create_event(client, studio)
        blocker = await client.post(
            f"/records/{studio.location_id}",
            json=studio.record(datetime=f"{(DAY + timedelta(days=2)).isoformat()}T10:00:00"),
            headers=studio.headers,
        )
        assert blocker.status_code == 201
        body = {
            "dates": [(DAY + timedelta(days=1)).isoformat(), (DAY + timedelta(days=2)).isoformat()]
        }
        r = await client.post(
            url(studio, event["id"], "duplicate"), json=body, headers=studio.headers
        )
        assert_error(r, 409)
        window = {"from": DAY.isoformat(), "till": (DAY + timedelta(days=5)).isoformat()}
        listed = await client.get(url(studio, "search"), params=window, headers=studio.headers)
        assert [e["id"] for e in listed.json()["data"]] == [event["id"]]
        r = await client.post(
            url(studio, event["id"], "duplicate"),
            json={**body, "force": True},
            headers=studio.headers,
        )
        assert r.status_code == 200 and len(r.json()["data"]) == 2

    async def test_no_form_is_422(self, client: httpx.AsyncClient, studio: Studio) -> None:
        event = await create_event(client, studio)
        for body in ({}, {"repeat_mode_id": 1}, {"repeat_mode_id": 1, "from": DAY.isoformat()}):
            r = await client.post(
                url(studio, event["id"], "duplicate"), json=body, headers=studio.headers
            )
            assert_error(r, 422)
