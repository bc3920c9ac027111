"""The public online-booking API and its settings, through HTTP."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import httpx
from sqlalchemy import func, select

from parlour.db import Database
from parlour.models import Client, Record, ResourceOccupancy
from tests.fixtures import factories as f
from tests.fixtures.factories import Tenant

NY = ZoneInfo("America/New_York")


async def _setup(db: Database, t: Tenant, day: date) -> tuple[int, int]:
    m = await f.member(db, t.location_id)
    s = await f.service(db, t.location_id, [m], length=3600)
    await f.schedule(db, t.location_id, m, [day], [("09:00", "12:00"), ("13:00", "15:00")])
    return m, s


def _booking(staff: int, svc: int, at: str, ref: int = 1) -> dict[str, object]:
    return {"id": ref, "services": [svc], "staff_id": staff, "datetime": at}


class TestBookTimes:
    async def test_free_times_skip_breaks_and_records(
        self, client: httpx.AsyncClient, database: Database, world: Tenant
    ) -> None:
        day = f.future_day()
        m, s = await _setup(database, world, day)
        busy = datetime.combine(day, datetime.min.time().replace(hour=10), tzinfo=NY)
        await f.record(database, world.location_id, m, busy, 60)
        r = await client.get(
            f"/book_times/{world.location_id}/{m}/{day}",
            params={"service_ids[]": s},
            headers=world.partner_headers,
        )
        assert r.status_code == 200, r.text
        data = r.json()["data"]
        times = [x["time"] for x in data]
        # 09:00 fits (ends 10:00); 09:15..10:45 overlap the 10:00 record; 11:00 ends at 12:00.
        assert times[:2] == ["09:00", "11:00"]
        assert "12:00" not in times and "13:00" in times and "14:00" in times
        assert "14:15" not in times
        assert data[0]["seance_length"] == 3600
        assert data[0]["datetime"].startswith(f"{day}T09:00:00-0")

    async def test_any_member_and_disabled_any_member(
        self, client: httpx.AsyncClient, database: Database, world: Tenant
    ) -> None:
        day = f.future_day()
        await _setup(database, world, day)
        url = f"/book_times/{world.location_id}/0/{day}"
        r = await client.get(url, headers=world.partner_headers)
        assert len(r.json()["data"]) > 0
        await f.settings(database, world.location_id, any_master=False)
        r = await client.get(url, headers=world.partner_headers)
        assert r.json()["data"] == []

    async def test_step_and_notice_settings_are_honoured(
        self, client: httpx.AsyncClient, database: Database, world: Tenant
    ) -> None:
        day = f.future_day()
        m, s = await _setup(database, world, day)
        await f.settings(database, world.location_id, timeslot_step=3600)
        r = await client.get(
            f"/book_times/{world.location_id}/{m}/{day}?service_ids[]={s}",
            headers=world.partner_headers,
        )
        assert [x["time"] for x in r.json()["data"]] == [
            "09:00",
            "10:00",
            "11:00",
            "13:00",
            "14:00",
        ]

    async def test_horizon_hides_far_days(
        self, client: httpx.AsyncClient, database: Database, world: Tenant
    ) -> None:
        day = f.future_day(20)
        m, s = await _setup(database, world, day)
        await f.settings(database, world.location_id, booking_horizon_days=5)
        r = await client.get(
            f"/book_times/{world.location_id}/{m}/{day}", headers=world.partner_headers
        )
        assert r.json()["data"] == []

    async def test_errors(
        self, client: httpx.AsyncClient, database: Database, world: Tenant, stranger: Tenant
    ) -> None:
        day = f.future_day()
        m, _ = await _setup(database, world, day)
        url = f"/book_times/{world.location_id}/{m}/{day}"
        assert (await client.get(url)).status_code == 401
        r = await client.get(
            f"/book_times/{world.location_id}/{m}/2026-13-01", headers=world.partner_headers
        )
        assert r.status_code == 422 and "date" in r.json()["meta"]["errors"]
        r = await client.get(url + "?service_ids[]=abc", headers=world.partner_headers)
        assert r.status_code == 422
        r = await client.get(f"/book_times/999999/{m}/{day}", headers=world.partner_headers)
        assert r.status_code == 404
        # A user token of another tenant cannot read this location.
        r = await client.get(url, headers=stranger.headers)
        assert r.status_code == 403
        # Another location's member has no times here.
        other = await f.member(database, stranger.location_id)
        r = await client.get(
            f"/book_times/{world.location_id}/{other}/{day}", headers=world.partner_headers
        )
        assert r.json()["data"] == []


class TestBookDates:
    async def test_working_and_bookable_dates(
        self, client: httpx.AsyncClient, database: Database, world: Tenant
    ) -> None:
        d1, d2 = f.future_day(5), f.future_day(6)
        m = await f.member(database, world.location_id)
        s = await f.service(database, world.location_id, [m], length=3600)
        await f.schedule(database, world.location_id, m, [d1, d2], [("09:00", "10:00")])
        await f.record(
            database,
            world.location_id,
            m,
            datetime.combine(d2, datetime.min.time().replace(hour=9), tzinfo=NY),
        )
        r = await client.get(
            f"/book_dates/{world.location_id}",
            params={
                "service_ids[]": s,
                "date_from": str(d1),
                "date_to": str(d2 + timedelta(days=3)),
            },
            headers=world.partner_headers,
        )
        data = r.json()["data"]
        assert data["working_dates"] == [str(d1), str(d2)]
        assert data["booking_dates"] == [str(d1)]
        assert data["booking_days"] == {str(d1.month): [d1.day]}

    async def test_any_member_beyond_the_first_batch_counts(
        self, client: httpx.AsyncClient, database: Database, world: Tenant
    ) -> None:
        # Members are asked in batches of 8: the only free member here is the eleventh.
        day = f.future_day(5)
        members = [await f.member(database, world.location_id, f"M{n}") for n in range(11)]
        s = await f.service(database, world.location_id, members, length=3600)
        at = datetime.combine(day, datetime.min.time().replace(hour=9), tzinfo=NY)
        for m in members:
            await f.schedule(database, world.location_id, m, [day], [("09:00", "10:00")])
        for m in members[:10]:
            await f.record(database, world.location_id, m, at)
        params = {"service_ids[]": s, "staff_id": 0, "date_from": str(day), "date_to": str(day)}
        r = await client.get(
            f"/book_dates/{world.location_id}", params=params, headers=world.partner_headers
        )
        assert r.json()["data"]["booking_dates"] == [str(day)]
        await f.record(database, world.location_id, members[10], at)
        r = await client.get(
            f"/book_dates/{world.location_id}", params=params, headers=world.partner_headers
        )
        assert r.json()["data"]["working_dates"] == [str(day)]
        assert r.json()["data"]["booking_dates"] == []

    async def test_bad_range(self, client: httpx.AsyncClient, world: Tenant) -> None:
        r = await client.get(
            f"/book_dates/{world.location_id}?date_from=2026-05-02&date_to=2026-05-01",
            headers=world.partner_headers,
        )
        assert r.status_code == 422 and "date_to" in r.json()["meta"]["errors"]


class TestBookRecord:
    async def test_books_and_reuses_client(
        self, client: httpx.AsyncClient, database: Database, world: Tenant
    ) -> None:
        day = f.future_day()
        m, s = await _setup(database, world, day)
        body = {
            "phone": "+1 315 555 0175",
            "fullname": "James Smith",
            "email": "j@example.com",
            "appointments": [_booking(m, s, f"{day}T09:00:00", 7)],
        }
        r = await client.post(
            f"/book_record/{world.location_id}", json=body, headers=world.partner_headers
        )
        assert r.status_code == 201, r.text
        (item,) = r.json()["data"]
        assert item["id"] == 7 and item["record_id"] and len(item["record_hash"]) == 32
        body["appointments"] = [_booking(m, s, f"{day}T11:00:00")]
        r = await client.post(
            f"/book_record/{world.location_id}", json=body, headers=world.partner_headers
        )
        assert r.status_code == 201
        async with database.session() as session:
            clients = (await session.execute(select(Client))).scalars().all()
            assert [c.phone for c in clients] == ["+13155550175"]
            rec = await session.get(Record, item["record_id"])
            assert rec is not None and rec.online and rec.seance_length == 3600
            assert rec.end_at - rec.start_at == timedelta(hours=1)
            assert rec.visit_id is not None
        got = await client.get(
            f"/book_record/{world.location_id}/{item['record_id']}/{item['record_hash']}",
            headers=world.partner_headers,
        )
        assert got.status_code == 200 and got.json()["data"]["staff_id"] == m
        bad = await client.get(
            f"/book_record/{world.location_id}/{item['record_id']}/nothash",
            headers=world.partner_headers,
        )
        assert bad.status_code == 404

    async def test_taken_slot_is_433_and_nothing_is_written(
        self, client: httpx.AsyncClient, database: Database, world: Tenant
    ) -> None:
        day = f.future_day()
        m, s = await _setup(database, world, day)
        await f.record(
            database,
            world.location_id,
            m,
            datetime.combine(day, datetime.min.time().replace(hour=11), tzinfo=NY),
        )
        body = {
            "phone": "+13155550175",
            "fullname": "James",
            "appointments": [
                _booking(m, s, f"{day}T09:00:00", 1),
                _booking(m, s, f"{day}T11:00:00", 2),
            ],
        }
        r = await client.post(
            f"/book_record/{world.location_id}", json=body, headers=world.partner_headers
        )
        assert r.status_code == 422
        assert r.json()["errors"]["code"] == 433
        assert r.json()["meta"]["errors"][0]["id"] == 2
        async with database.session() as session:
            assert (await session.execute(select(func.count(Record.id)))).scalar() == 1
            assert (await session.execute(select(func.count(Client.id)))).scalar() == 0

    async def test_overlap_inside_request_is_437(
        self, client: httpx.AsyncClient, database: Database, world: Tenant
    ) -> None:
        day = f.future_day()
        m, s = await _setup(database, world, day)
        r = await client.post(
            f"/book_check/{world.location_id}",
            json={
                "appointments": [
                    _booking(m, s, f"{day}T09:00:00", 1),
                    _booking(m, s, f"{day}T09:30:00", 2),
                ]
            },
            headers=world.partner_headers,
        )
        assert r.status_code == 422 and r.json()["meta"]["errors"][0]["code"] == 437

    async def test_any_member_is_chosen_and_436_when_none(
        self, client: httpx.AsyncClient, database: Database, world: Tenant
    ) -> None:
        day = f.future_day()
        m, s = await _setup(database, world, day)
        body = {
            "phone": "+13155550175",
            "fullname": "J",
            "appointments": [_booking(0, s, f"{day}T09:00:00")],
        }
        r = await client.post(
            f"/book_record/{world.location_id}", json=body, headers=world.partner_headers
        )
        assert r.status_code == 201
        r = await client.post(
            f"/book_record/{world.location_id}", json=body, headers=world.partner_headers
        )
        assert r.status_code == 422 and r.json()["errors"]["code"] == 436

    async def test_validation_codes(
        self, client: httpx.AsyncClient, database: Database, world: Tenant
    ) -> None:
        day = f.future_day()
        m, s = await _setup(database, world, day)
        url = f"/book_record/{world.location_id}"
        appt = [_booking(m, s, f"{day}T09:00:00")]
        r = await client.post(
            url,
            json={"phone": "123", "fullname": "J", "appointments": appt},
            headers=world.partner_headers,
        )
        assert r.status_code == 422 and r.json()["errors"]["code"] == 431
        r = await client.post(
            url,
            json={"phone": "+13155550175", "fullname": " ", "appointments": appt},
            headers=world.partner_headers,
        )
        assert r.status_code == 422 and r.json()["errors"]["code"] == 435
        r = await client.post(
            url,
            json={
                "phone": "+13155550175",
                "fullname": "J",
                "appointments": [_booking(m, 999999, f"{day}T09:00:00")],
            },
            headers=world.partner_headers,
        )
        assert r.status_code == 422 and r.json()["errors"]["code"] == 438
        r = await client.post(
            url,
            json={"phone": "+13155550175", "fullname": "J", "appointments": []},
            headers=world.partner_headers,
        )
        assert r.status_code == 422
        r = await client.post(
            url, content=b"{", headers={**world.partner_headers, "Content-Type": "application/json"}
        )
        assert r.status_code == 400
        r = await client.post(
            url,
            json={
                "phone": "+13155550175",
                "fullname": "J",
                "appointments": [_booking(m, s, "not a date")],
            },
            headers=world.partner_headers,
        )
        assert r.status_code == 422 and "appointments[0].datetime" in r.json()["meta"]["errors"]
        async with database.session() as session:
            assert (await session.execute(select(func.count(Record.id)))).scalar() == 0

    async def test_book_check_ok(
        self, client: httpx.AsyncClient, database: Database, world: Tenant
    ) -> None:
        day = f.future_day()
        m, s = await _setup(database, world, day)
        r = await client.post(
            f"/book_check/{world.location_id}",
            json={"appointments": [_booking(m, s, f"{day}T09:00:00")]},
            headers=world.partner_headers,
        )
        assert r.status_code == 201 and r.json() == {
            "success": True,
            "data": None,
            "meta": {"message": "Created"},
        }

    async def test_resource_instance_is_never_double_booked(
        self, client: httpx.AsyncClient, database: Database, world: Tenant
    ) -> None:
        day = f.future_day()
        m1, s = await _setup(database, world, day)
        m2 = await f.member(database, world.location_id, "Bob")
        await f.schedule(database, world.location_id, m2, [day])
        from parlour.models import ServiceTeamMember

        async with database.session(write=True) as session:
            session.add(
                ServiceTeamMember(
                    location_id=world.location_id, service_id=s, team_member_id=m2, length=3600
                )
            )
        await f.resource(database, world.location_id, s, instances=1)
        body = {
            "phone": "+13155550175",
            "fullname": "J",
            "appointments": [_booking(m1, s, f"{day}T09:00:00")],
        }
        r = await client.post(
            f"/book_record/{world.location_id}", json=body, headers=world.partner_headers
        )
        assert r.status_code == 201, r.text
        times = await client.get(
            f"/book_times/{world.location_id}/{m2}/{day}?service_ids[]={s}",
            headers=world.partner_headers,
        )
        assert "09:00" not in [x["time"] for x in times.json()["data"]]
        body["appointments"] = [_booking(m2, s, f"{day}T09:00:00")]
        r = await client.post(
            f"/book_record/{world.location_id}", json=body, headers=world.partner_headers
        )
        assert r.status_code == 422 and r.json()["errors"]["code"] == 433
        async with database.session() as session:
            assert (await session.execute(select(func.count(ResourceOccupancy.id)))).scalar() == 1

    async def test_move_booking(
        self, client: httpx.AsyncClient, database: Database, world: Tenant
    ) -> None:
        day = f.future_day()
        m, s = await _setup(database, world, day)
        body = {
            "phone": "+13155550175",
            "fullname": "J",
            "appointments": [_booking(m, s, f"{day}T09:00:00")],
        }
        r = await client.post(
            f"/book_record/{world.location_id}", json=body, headers=world.partner_headers
        )
        item = r.json()["data"][0]
        r = await client.put(
            f"/book_record/{world.location_id}/{item['record_id']}",
            json={"datetime": f"{day}T09:30:00", "record_hash": item["record_hash"]},
            headers=world.partner_headers,
        )
        assert r.status_code == 200, r.text
        assert "T09:30:00" in r.json()["data"]["datetime"]
        r = await client.put(
            f"/book_record/{world.location_id}/{item['record_id']}",
            json={"datetime": f"{day}T12:00:00", "record_hash": item["record_hash"]},
            headers=world.partner_headers,
        )
        assert r.status_code == 422 and r.json()["errors"]["code"] == 433


class TestCatalogue:
    async def test_services_staff_seances(
        self, client: httpx.AsyncClient, database: Database, world: Tenant
    ) -> None:
        day = f.future_day(1)
        m, s = await _setup(database, world, day)
        hidden = await f.service(database, world.location_id, [m], title="Offline", is_online=False)
        r = await client.get(f"/book_services/{world.location_id}", headers=world.partner_headers)
        ids = [x["id"] for x in r.json()["data"]["services"]]
        assert ids == [s] and hidden not in ids
        r = await client.get(
            f"/book_staff/{world.location_id}?service_ids[]={s}", headers=world.partner_headers
        )
        (staff,) = r.json()["data"]
        assert staff["id"] == m and staff["seance_date"] == str(day) and staff["bookable"]
        r = await client.get(
            f"/book_staff_seances/{world.location_id}/{m}", headers=world.partner_headers
        )
        assert r.json()["data"]["seance_date"] == str(day)
        assert r.json()["data"]["seances"][0]["time"] == "09:00"


class TestSettingsAndForms:
    async def test_online_settings(
        self, client: httpx.AsyncClient, world: Tenant, stranger: Tenant
    ) -> None:
        url = f"/company/{world.location_id}/settings/online"
        r = await client.get(url, headers=world.headers)
        assert r.json()["data"]["any_master"] is True
        r = await client.patch(
            url, json={"seance_delay_step": 90, "any_master": False}, headers=world.headers
        )
        assert r.status_code == 200 and r.json()["data"]["seance_delay_step"] == 90
        r = await client.patch(url, json={"seance_delay_step": 31}, headers=world.headers)
        assert r.status_code == 422 and "seance_delay_step" in r.json()["meta"]["errors"]
        assert (await client.get(url, headers=stranger.headers)).status_code == 403
        assert (await client.get(url, headers=world.partner_headers)).status_code == 401
        cabinet = {"allow_delete_record": False, "allow_change_record_delay_step": 7200}
        r = await client.patch(url, json=cabinet, headers=world.headers)
        assert r.status_code == 200, r.text
        data = (await client.get(url, headers=world.headers)).json()["data"]
        assert data["allow_delete_record"] is False and data["allow_change_record"] is True
        assert data["allow_change_record_delay_step"] == 7200
        r = await client.patch(
            url, json={"allow_delete_record_delay_step": -1}, headers=world.headers
        )
        assert r.status_code == 422
        r = await client.get(
            f"/company/{world.location_id}/settings/timeslots", headers=world.headers
        )
        assert r.json()["data"]["delay"] == 5400
        r = await client.patch(
            f"/company/{world.location_id}/settings/timetable",
            json={"record_type": 1},
            headers=world.headers,
        )
        assert r.json()["data"] == {"record_type": 1, "activity_record_clients_count_max": 1}
        r = await client.patch(
            f"/company/{world.location_id}/settings/timetable",
            json={"record_type": 5},
            headers=world.headers,
        )
        assert r.status_code == 422

    async def test_booking_forms(
        self, client: httpx.AsyncClient, world: Tenant, stranger: Tenant
    ) -> None:
        base = f"/company/{world.location_id}/booking_forms"
        r = await client.post(
            base, json={"title": "Main", "is_default": True}, headers=world.headers
        )
        assert r.status_code == 201
        form = r.json()["data"]
        r = await client.post(base, json={"title": ""}, headers=world.headers)
        assert r.status_code == 422 and "title" in r.json()["meta"]["errors"]
        r = await client.patch(
            f"{base}/{form['id']}", json={"title": "Renamed"}, headers=world.headers
        )
        assert r.json()["data"]["title"] == "Renamed"
        assert (await client.get(base, headers=world.headers)).json()["meta"] == {
            "total_count": 1,
            "count": 1,
        }
        r = await client.get(f"/bookform/{form['id']}", headers=world.partner_headers)
        assert r.json()["data"]["company_id"] == world.location_id
        other = f"/company/{stranger.location_id}/booking_forms/{form['id']}"
        assert (await client.get(other, headers=stranger.headers)).status_code == 404
        assert (
            await client.delete(f"{base}/{form['id']}", headers=world.headers)
        ).status_code == 200
        assert (await client.get(f"{base}/{form['id']}", headers=world.headers)).status_code == 404

    async def test_i18n_and_privacy(self, client: httpx.AsyncClient, world: Tenant) -> None:
        r = await client.get("/i18n/en-US", headers=world.partner_headers)
        assert r.json()["data"]["book"]
        assert (await client.get("/i18n/xx", headers=world.partner_headers)).status_code == 404
        await client.patch(
            f"/company/{world.location_id}/settings/online",
            json={"privacy_policy": "We keep data safe."},
            headers=world.headers,
        )
        r = await client.get(f"/privacy_policy/{world.location_id}", headers=world.partner_headers)
        assert r.json()["data"] == {"has_custom_policy": True, "text": "We keep data safe."}
