"""Appointments through HTTP: records, partner list, visits, receipt, comments."""

from __future__ import annotations

import io
import re
from datetime import timedelta
from typing import Any

import httpx
import pytest
from pypdf import PdfReader

from parlour.db import Database
from parlour.ledger_defaults import seed_location
from parlour.models import Tag
from tests.fixtures.factories import DAY, Salon, Tenant


async def create(http: httpx.AsyncClient, salon: Salon, /, **changes: Any) -> dict[str, Any]:
    r = await http.post(
        f"/records/{salon.location_id}", json=salon.body(**changes), headers=salon.headers
    )
    assert r.status_code == 201, r.text
    data: list[dict[str, Any]] = r.json()["data"]
    assert len(data) == 1
    return data[0]


async def total(client: httpx.AsyncClient, salon: Salon, **params: Any) -> int:
    r = await client.get(f"/records/{salon.location_id}", params=params, headers=salon.headers)
    assert r.status_code == 200, r.text
    value: int = r.json()["meta"]["total_count"]
    return value


class TestCreateRecord:
    async def test_creates_with_every_upstream_field(
        self, client: httpx.AsyncClient, salon: Salon, database: Database
    ) -> None:
        async with database.session(write=True) as s:
            tag = Tag(location_id=salon.location_id, entity=2, title="Lock", color="#ff2828")
            s.add(tag)
            await s.flush()
            tag_id = tag.id
        rec = await create(
            client,
            salon,
            services=[{"id": salon.service_id}, {"id": salon.second_service_id, "discount": 10}],
            custom_fields={"allergy": "latex"},
            technical_break_duration=600,
            api_id="777",
            custom_color="f44336",
            record_labels=[str(tag_id)],
            sms_remain_hours=5,
            attendance=2,
        )
        assert rec["company_id"] == salon.location_id and rec["staff_id"] == salon.member_id
        assert rec["datetime"] == f"{DAY.isoformat()}T10:00:00-04:00" == rec["date"]
        assert rec["seance_length"] == rec["length"] == 3600
        assert rec["technical_break_duration"] == 600
        compact = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d-0[45]00$")
        assert compact.match(rec["create_date"]) and compact.match(rec["last_change_date"])
        assert rec["attendance"] == 2 and rec["visit_attendance"] == 2
        assert rec["confirmed"] == 1 and rec["deleted"] is False and rec["online"] is False
        assert rec["comment"] == "first visit" and rec["api_id"] == "777"
        assert rec["custom_color"] == "f44336" and rec["custom_font_color"] == "#ffffff"
        assert rec["record_labels"] == [
            {"id": tag_id, "title": "Lock", "color": "#ff2828", "icon": "", "font_color": "#ffffff"}
        ]
        assert rec["custom_fields"] == {"allergy": "latex"}
        assert rec["sms_remain_hours"] == 5
        assert rec["visit_id"] > 0 and rec["documents"][0]["visit_id"] == rec["visit_id"]
        cut, color = rec["services"]
        assert (cut["id"], cut["title"], cut["first_cost"], cut["cost"]) == (
            salon.service_id,
            "Haircut",
            100,
            100,
        )
        # The member's own price (250) with a 10% discount.
        assert (color["first_cost"], color["discount"], color["cost"], color["cost_to_pay"]) == (
            250,
            10,
            225,
            225,
        )
        assert rec["staff"]["name"] == "Alex Taylor"
        assert rec["client"]["phone"] == "+13155550175" and rec["client"]["name"] == "James Smith"
        for key in ("consumables", "finance_transactions", "goods_transactions"):
            assert rec[key] == []

    async def test_client_matched_by_phone_and_day_shares_a_visit(
        self, client: httpx.AsyncClient, salon: Salon
    ) -> None:
        first = await create(client, salon)
        second = await create(
            client,
            salon,
            staff_id=salon.other_member_id,
            client={"phone": "1 315 555 0175", "name": "Other name"},
        )
        assert second["client"]["id"] == first["client"]["id"]
        assert second["visit_id"] == first["visit_id"]
        later = await create(client, salon, datetime=f"{DAY + timedelta(days=1)}T10:00:00")
        assert later["visit_id"] != first["visit_id"]

    @pytest.mark.parametrize(
        ("changes", "field"),
        [
            ({"staff_id": None}, "staff_id"),
            ({"services": []}, "services"),
            ({"client": None}, "client"),
            ({"datetime": None}, "datetime"),
            ({"seance_length": None}, "seance_length"),
            ({"staff_id": 999999}, "staff_id"),
            ({"services": [{"id": 999999}]}, "services"),
            ({"attendance": 3}, "attendance"),
            ({"technical_break_duration": 301}, "technical_break_duration"),
            ({"technical_break_duration": 3900}, "technical_break_duration"),
            # "vip" is a client field, not a record field
            ({"custom_fields": {"vip": 1}}, "custom_fields.vip"),
            ({"custom_fields": {"allergy": {"kind": "latex"}}}, "custom_fields.allergy"),
            ({"client": {"phone": "12"}}, "client.phone"),
            ({"datetime": "next tuesday"}, "datetime"),
            ({"activity_id": 5}, "activity_id"),
        ],
    )
    async def test_invalid_body_is_422_naming_the_field(
        self, client: httpx.AsyncClient, salon: Salon, changes: dict[str, Any], field: str
    ) -> None:
        body = salon.body(**changes)
        body = {k: v for k, v in body.items() if v is not None}
        r = await client.post(f"/records/{salon.location_id}", json=body, headers=salon.headers)
        assert r.status_code == 422, r.text
        assert r.json()["success"] is False
        assert field in r.json()["meta"]["errors"]
        assert await total(client, salon) == 0

    async def test_member_must_provide_the_service(
        self, client: httpx.AsyncClient, salon: Salon
    ) -> None:
        r = await client.post(
            f"/records/{salon.location_id}",
            json=salon.body(services=[{"id": salon.unlinked_service_id}]),
            headers=salon.headers,
        )
        assert r.status_code == 422 and "services" in r.json()["meta"]["errors"]

    async def test_busy_slot_is_refused_unless_save_if_busy(
        self, client: httpx.AsyncClient, salon: Salon
    ) -> None:
        await create(client, salon)
        body = salon.body(datetime=f"{DAY}T10:30:00", client={"phone": "+13155550176"})
        r = await client.post(f"/records/{salon.location_id}", json=body, headers=salon.headers)
        assert r.status_code == 422 and r.json()["errors"]["code"] == 433
        assert await total(client, salon) == 1
        body["save_if_busy"] = True
        r = await client.post(f"/records/{salon.location_id}", json=body, headers=salon.headers)
        assert r.status_code == 201
        # Back to back is not an overlap.
        await create(client, salon, datetime=f"{DAY}T11:00:00")

    async def test_non_working_time_is_refused_unless_save_if_busy(
        self, client: httpx.AsyncClient, salon: Salon
    ) -> None:
        for when in (f"{DAY}T17:30:00", f"{DAY}T07:00:00", f"{DAY + timedelta(days=20)}T10:00:00"):
            body = salon.body(datetime=when)
            r = await client.post(f"/records/{salon.location_id}", json=body, headers=salon.headers)
            assert r.status_code == 422, when
        body = salon.body(datetime=f"{DAY}T17:30:00", save_if_busy=True)
        r = await client.post(f"/records/{salon.location_id}", json=body, headers=salon.headers)
        assert r.status_code == 201

    async def test_offset_in_datetime_is_respected(
        self, client: httpx.AsyncClient, salon: Salon
    ) -> None:
        rec = await create(client, salon, datetime=f"{DAY}T14:00:00Z")
        assert rec["datetime"] == f"{DAY}T10:00:00-04:00"

    async def test_non_member_is_403_and_no_token_401(
        self, client: httpx.AsyncClient, salon: Salon, stranger: Tenant
    ) -> None:
        url = f"/records/{salon.location_id}"
        r = await client.post(url, json=salon.body(), headers=stranger.headers)
        assert r.status_code == 403
        r = await client.post(url, json=salon.body())
        assert r.status_code == 401
        assert await total(client, salon) == 0


class TestGetRecord:
    async def test_reads_one(self, client: httpx.AsyncClient, salon: Salon) -> None:
        rec = await create(client, salon)
        r = await client.get(
            f"/record/{salon.location_id}/{rec['id']}",
            params={"include_consumables": 1, "include_finance_transactions": 1},
            headers=salon.headers,
        )
        assert r.status_code == 200 and r.json()["meta"] == []
        assert r.json()["data"] == rec

    async def test_another_locations_record_is_404(
        self, client: httpx.AsyncClient, salon: Salon, far_salon: Salon
    ) -> None:
        theirs = await create(client, far_salon)
        r = await client.get(f"/record/{salon.location_id}/{theirs['id']}", headers=salon.headers)
        assert r.status_code == 404
        assert "James" not in r.text

    async def test_non_member_is_403(
        self, client: httpx.AsyncClient, salon: Salon, stranger: Tenant
    ) -> None:
        rec = await create(client, salon)
        r = await client.get(f"/record/{salon.location_id}/{rec['id']}", headers=stranger.headers)
        assert r.status_code == 403


class TestUpdateRecord:
    async def test_full_replace(self, client: httpx.AsyncClient, salon: Salon) -> None:
        rec = await create(client, salon, api_id="x")
        body = salon.body(
            staff_id=salon.other_member_id, datetime=f"{DAY}T15:00:00", seance_length=1800
        )
        r = await client.put(
            f"/record/{salon.location_id}/{rec['id']}", json=body, headers=salon.headers
        )
        assert r.status_code == 201, r.text
        data = r.json()["data"]
        assert data["staff_id"] == salon.other_member_id and data["seance_length"] == 1800
        assert data["datetime"] == f"{DAY}T15:00:00-04:00"
        assert data["api_id"] == "" and data["visit_id"] == rec["visit_id"]

    @pytest.mark.parametrize(
        "missing", ["staff_id", "services", "client", "datetime", "seance_length"]
    )
    async def test_missing_required_field_is_422(
        self, client: httpx.AsyncClient, salon: Salon, missing: str
    ) -> None:
        rec = await create(client, salon)
        body = salon.body(comment="changed")
        del body[missing]
        r = await client.put(
            f"/record/{salon.location_id}/{rec['id']}", json=body, headers=salon.headers
        )
        assert r.status_code == 422 and missing in r.json()["meta"]["errors"]
        again = await client.get(f"/record/{salon.location_id}/{rec['id']}", headers=salon.headers)
        assert again.json()["data"]["comment"] == "first visit"

    async def test_moving_onto_a_busy_time_is_refused(
        self, client: httpx.AsyncClient, salon: Salon
    ) -> None:
        await create(client, salon)
        other = await create(client, salon, datetime=f"{DAY}T12:00:00")
        r = await client.put(
            f"/record/{salon.location_id}/{other['id']}",
            json=salon.body(datetime=f"{DAY}T10:30:00"),
            headers=salon.headers,
        )
        assert r.status_code == 422
        # Keeping its own time is not a conflict with itself.
        r = await client.put(
            f"/record/{salon.location_id}/{other['id']}",
            json=salon.body(datetime=f"{DAY}T12:00:00"),
            headers=salon.headers,
        )
        assert r.status_code == 201

    async def test_other_location_404_and_non_member_403(
        self, client: httpx.AsyncClient, salon: Salon, far_salon: Salon, stranger: Tenant
    ) -> None:
        theirs = await create(client, far_salon)
        r = await client.put(
            f"/record/{salon.location_id}/{theirs['id']}", json=salon.body(), headers=salon.headers
        )
        assert r.status_code == 404
        mine = await create(client, salon)
        r = await client.put(
            f"/record/{salon.location_id}/{mine['id']}", json=salon.body(), headers=stranger.headers
        )
        assert r.status_code == 403


class TestDeleteRecord:
    async def test_soft_delete_frees_the_time(
        self, client: httpx.AsyncClient, salon: Salon
    ) -> None:
        rec = await create(client, salon)
        url = f"/record/{salon.location_id}/{rec['id']}"
        r = await client.delete(url, headers=salon.headers)
        assert r.status_code == 204
        assert await total(client, salon) == 0
        assert await total(client, salon, with_deleted=1) == 1
        # Gone for every single-item verb; only lists with with_deleted=1 show it.
        assert (await client.get(url, headers=salon.headers)).status_code == 404
        assert (await client.put(url, json=salon.body(), headers=salon.headers)).status_code == 404
        assert (await client.delete(url, headers=salon.headers)).status_code == 404
        await create(client, salon)  # the slot is free again

    async def test_other_location_404_and_non_member_403(
        self, client: httpx.AsyncClient, salon: Salon, far_salon: Salon, stranger: Tenant
    ) -> None:
        theirs = await create(client, far_salon)
        r = await client.delete(
            f"/record/{salon.location_id}/{theirs['id']}", headers=salon.headers
        )
        assert r.status_code == 404
        mine = await create(client, salon)
        r = await client.delete(
            f"/record/{salon.location_id}/{mine['id']}", headers=stranger.headers
        )
        assert r.status_code == 403
        assert await total(client, far_salon) == 1 and await total(client, salon) == 1


class TestListRecords:
    async def test_filters_and_meta(self, client: httpx.AsyncClient, salon: Salon) -> None:
        a = await create(client, salon)
        b = await create(
            client, salon, staff_id=salon.other_member_id, client={"phone": "+13155550111"}
        )
        c = await create(client, salon, datetime=f"{DAY + timedelta(days=1)}T10:00:00")
        url = f"/records/{salon.location_id}"

        async def ids(**params: Any) -> list[int]:
            r = await client.get(url, params=params, headers=salon.headers)
            assert r.status_code == 200, r.text
            return [x["id"] for x in r.json()["data"]]

        assert await ids() == [a["id"], b["id"], c["id"]]
        assert await ids(staff_id=salon.other_member_id) == [b["id"]]
        assert await ids(team_member_id=salon.member_id) == [a["id"], c["id"]]
        assert await ids(client_id=b["client"]["id"]) == [b["id"]]
        assert await ids(start_date=str(DAY + timedelta(days=1))) == [c["id"]]
        assert await ids(end_date=str(DAY)) == [a["id"], b["id"]]
        assert await ids(c_start_date="2000-01-01", c_end_date="2000-01-02") == []
        assert len(await ids(c_start_date="2000-01-01")) == 3
        assert await ids(changed_before="2000-01-01T00:00:00") == []
        r = await client.get(url, params={"page": 2, "count": 2}, headers=salon.headers)
        assert r.json()["meta"] == {"page": 2, "total_count": 3, "count": 1}
        assert [x["id"] for x in r.json()["data"]] == [c["id"]]

    @pytest.mark.parametrize(
        "params", [{"start_date": "21/01/2026"}, {"changed_after": "yesterday"}, {"count": 0}]
    )
    async def test_bad_filter_is_422(
        self, client: httpx.AsyncClient, salon: Salon, params: dict[str, Any]
    ) -> None:
        r = await client.get(f"/records/{salon.location_id}", params=params, headers=salon.headers)
        assert r.status_code == 422
        assert r.json()["success"] is False

    async def test_non_member_403_no_token_401(
        self, client: httpx.AsyncClient, salon: Salon, stranger: Tenant
    ) -> None:
        await create(client, salon)
        r = await client.get(f"/records/{salon.location_id}", headers=stranger.headers)
        assert r.status_code == 403 and "James" not in r.text
        assert (await client.get(f"/records/{salon.location_id}")).status_code == 401


class TestRoundTrip:
    async def test_create_read_edit_changed_after_delete(
        self, client: httpx.AsyncClient, salon: Salon
    ) -> None:
        rec = await create(client, salon)
        url = f"/record/{salon.location_id}/{rec['id']}"
        assert (await client.get(url, headers=salon.headers)).json()["data"]["id"] == rec["id"]
        mark = rec["last_change_date"]
        other = await create(client, salon, datetime=f"{DAY}T13:00:00")
        r = await client.put(url, json=salon.body(comment="edited"), headers=salon.headers)
        assert r.status_code == 201
        edited = r.json()["data"]
        assert edited["comment"] == "edited" and edited["last_change_date"] >= mark
        listed = await client.get(
            f"/records/{salon.location_id}",
            params={"changed_after": edited["last_change_date"]},
            headers=salon.headers,
        )
        found = [x["id"] for x in listed.json()["data"]]
        assert rec["id"] in found
        assert (await client.delete(url, headers=salon.headers)).status_code == 204
        left = await client.get(f"/records/{salon.location_id}", headers=salon.headers)
        assert [x["id"] for x in left.json()["data"]] == [other["id"]]


class TestPartnerRecords:
    async def test_lists_records_of_member_locations_only(
        self, client: httpx.AsyncClient, salon: Salon, far_salon: Salon
    ) -> None:
        mine = await create(client, salon)
        await create(client, far_salon)
        r = await client.get("/records/partner", headers=salon.headers)
        assert r.status_code == 200, r.text
        assert [x["id"] for x in r.json()["data"]] == [mine["id"]]
        assert r.json()["meta"] == {"page": 1, "total_count": 1, "count": 1}
        dotted = DAY.strftime("%d.%m.%Y")
        r = await client.get(
            "/records/partner",
            params={"salon_id": salon.location_id, "start_date": dotted, "end_date": dotted},
            headers=salon.headers,
        )
        assert [x["id"] for x in r.json()["data"]] == [mine["id"]]
        r = await client.get(
            "/records/partner",
            params={"start_date": "01.01.2000", "end_date": "02.01.2000"},
            headers=salon.headers,
        )
        assert r.json()["data"] == []

    async def test_other_salon_id_403_bad_date_422_no_user_401(
        self, client: httpx.AsyncClient, salon: Salon, far_salon: Salon
    ) -> None:
        r = await client.get(
            "/records/partner", params={"salon_id": far_salon.location_id}, headers=salon.headers
        )
        assert r.status_code == 403
        r = await client.get(
            "/records/partner", params={"start_date": "32.13.2020"}, headers=salon.headers
        )
        assert r.status_code == 422
        r = await client.get("/records/partner", headers=salon.tenant.partner_headers)
        assert r.status_code == 401


class TestVisits:
    async def test_get_visit_groups_the_days_records(
        self, client: httpx.AsyncClient, salon: Salon
    ) -> None:
        a = await create(client, salon)
        b = await create(client, salon, staff_id=salon.other_member_id, datetime=f"{DAY}T12:00:00")
        r = await client.get(f"/visits/{a['visit_id']}", headers=salon.headers)
        assert r.status_code == 200, r.text
        data = r.json()["data"]
        assert data["datetime"] == f"{DAY}T10:00:00-04:00" and data["attendance"] == 0
        assert [x["id"] for x in data["records"]] == [a["id"], b["id"]]

    async def test_visit_access(
        self, client: httpx.AsyncClient, salon: Salon, far_salon: Salon
    ) -> None:
        theirs = await create(client, far_salon)
        assert (
            await client.get(f"/visits/{theirs['visit_id']}", headers=salon.headers)
        ).status_code == 403
        assert (await client.get("/visits/999999", headers=salon.headers)).status_code == 404
        assert (await client.get(f"/visits/{theirs['visit_id']}")).status_code == 401

    async def test_details(self, client: httpx.AsyncClient, salon: Salon, far_salon: Salon) -> None:
        rec = await create(client, salon, services=[{"id": salon.service_id, "discount": 50}])
        url = f"/visit/details/{salon.location_id}/{rec['id']}/{rec['visit_id']}"
        r = await client.get(url, headers=salon.headers)
        assert r.status_code == 200, r.text
        data = r.json()["data"]
        assert data["payment_transactions"] == [] and data["loyalty_transactions"] == []
        item = data["items"][0]
        assert (item["item_title"], item["first_cost"], item["cost"], item["is_service"]) == (
            "Haircut",
            100,
            50,
            True,
        )
        r = await client.get(
            f"/visit/details/{salon.location_id}/{rec['id']}/{rec['visit_id'] + 99}",
            headers=salon.headers,
        )
        assert r.status_code == 404
        theirs = await create(client, far_salon)
        r = await client.get(
            f"/visit/details/{salon.location_id}/{theirs['id']}/{theirs['visit_id']}",
            headers=salon.headers,
        )
        assert r.status_code == 404

    async def test_edit_visit(
        self, client: httpx.AsyncClient, salon: Salon, database: Database
    ) -> None:
        # fast_payment pays the rest on the default cash desk: the location has its defaults.
        async with database.session(write=True) as session:
            await seed_location(session, salon.location_id)
        rec = await create(client, salon)
        body = {
            "attendance": 1,
            "comment": "came on time",
            "services": [{"id": salon.second_service_id, "first_cost": 300, "discount": 20}],
            "goods_transactions": [
                {
                    "good_id": 7,
                    "title": "Shampoo",
                    "amount": -1,
                    "cost_per_unit": 15,
                    "cost": 12,
                    "discount": 20,
                }
            ],
            "new_transactions": [],
            "fast_payment": 1,
        }
        url = f"/visits/{rec['visit_id']}/{rec['id']}"
        r = await client.put(url, json=body, headers=salon.headers)
        assert r.status_code == 200, r.text
        data = r.json()["data"]
        assert data["attendance"] == 1 and data["comment"] == "came on time"
        updated = data["records"][0]
        assert updated["attendance"] == 1 and updated["visit_attendance"] == 1
        assert updated["services"][0]["id"] == salon.second_service_id
        assert updated["services"][0]["cost"] == 240
        assert updated["goods_transactions"][0]["title"] == "Shampoo"
        assert updated["last_change_date"] >= rec["last_change_date"]
        assert updated["paid_full"] == 1 and updated["payment_status"] == 2

    @pytest.mark.parametrize(
        "body",
        [
            {"comment": "x"},
            {"attendance": 1},
            {"attendance": 5, "comment": "x"},
            {"attendance": 1, "comment": "x", "services": [{"id": 999999}]},
        ],
    )
    async def test_edit_visit_invalid_is_422(
        self, client: httpx.AsyncClient, salon: Salon, body: dict[str, Any]
    ) -> None:
        rec = await create(client, salon)
        r = await client.put(
            f"/visits/{rec['visit_id']}/{rec['id']}", json=body, headers=salon.headers
        )
        assert r.status_code == 422
        after = await client.get(f"/visits/{rec['visit_id']}", headers=salon.headers)
        assert after.json()["data"]["comment"] == ""

    async def test_edit_visit_access(
        self, client: httpx.AsyncClient, salon: Salon, far_salon: Salon
    ) -> None:
        rec = await create(client, salon)
        theirs = await create(client, far_salon)
        body = {"attendance": 1, "comment": "x"}
        r = await client.put(
            f"/visits/{theirs['visit_id']}/{theirs['id']}", json=body, headers=salon.headers
        )
        assert r.status_code == 403
        r = await client.put(
            f"/visits/{rec['visit_id']}/{theirs['id']}", json=body, headers=salon.headers
        )
        assert r.status_code == 404

    async def test_receipt_pdf(
        self, client: httpx.AsyncClient, salon: Salon, far_salon: Salon
    ) -> None:
        rec = await create(
            client,
            salon,
            services=[{"id": salon.service_id}, {"id": salon.second_service_id, "discount": 10}],
        )
        r = await client.get(f"/attendance/receipt_print/{rec['visit_id']}", headers=salon.headers)
        assert r.status_code == 200
        assert r.headers["content-type"] == "application/pdf"
        text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(r.content)).pages)
        for expected in (
            "Test Salon",
            "James Smith",
            "Haircut",
            "Coloring",
            "Total",
            "325.00",
            "25.00",
        ):
            assert expected in text, (expected, text)
        theirs = await create(client, far_salon)
        r = await client.get(
            f"/attendance/receipt_print/{theirs['visit_id']}", headers=salon.headers
        )
        assert r.status_code == 403
        assert (
            await client.get("/attendance/receipt_print/999999", headers=salon.headers)
        ).status_code == 404


class TestComments:
    async def test_leave_and_filter(self, client: httpx.AsyncClient, salon: Salon) -> None:
        url = f"/comments/{salon.location_id}"
        r = await client.post(
            f"{url}/{salon.member_id}",
            json={"mark": 4, "name": "Victor", "text": "Fine!"},
            headers=salon.headers,
        )
        assert r.status_code == 201, r.text
        (made,) = r.json()["data"]
        assert (made["type"], made["master_id"], made["rating"], made["user_name"]) == (
            1,
            salon.member_id,
            4,
            "Victor",
        )
        await client.post(
            f"{url}/{salon.other_member_id}",
            json={"mark": 2, "name": "Ann", "text": "Meh"},
            headers=salon.headers,
        )

        async def texts(**params: Any) -> list[str]:
            got = await client.get(url, params=params, headers=salon.headers)
            assert got.status_code == 200, got.text
            return sorted(c["text"] for c in got.json()["data"])

        assert await texts() == ["Fine!", "Meh"]
        assert await texts(team_member_id=salon.member_id) == ["Fine!"]
        assert await texts(staff_id=salon.other_member_id) == ["Meh"]
        assert await texts(rating=2) == ["Meh"]
        assert await texts(start_date="2000-01-01", end_date="2000-01-31") == []
        assert await texts(start_date="2000-01-01") == ["Fine!", "Meh"]
        rec = await create(client, salon)
        assert rec["staff"]["rating"] == 4 and rec["staff"]["votes_count"] == 1

    @pytest.mark.parametrize(
        ("body", "field"),
        [
            ({"name": "V", "text": "t"}, "mark"),
            ({"mark": 6, "name": "V", "text": "t"}, "mark"),
            ({"mark": 0, "name": "V", "text": "t"}, "mark"),
            ({"mark": 3, "text": "t"}, "name"),
            ({"mark": 3, "name": "V"}, "text"),
        ],
    )
    async def test_invalid_comment_is_422(
        self, client: httpx.AsyncClient, salon: Salon, body: dict[str, Any], field: str
    ) -> None:
        r = await client.post(
            f"/comments/{salon.location_id}/{salon.member_id}", json=body, headers=salon.headers
        )
        assert r.status_code == 422 and field in r.json()["meta"]["errors"]
        got = await client.get(f"/comments/{salon.location_id}", headers=salon.headers)
        assert got.json()["data"] == []

    async def test_comment_access(
        self, client: httpx.AsyncClient, salon: Salon, far_salon: Salon
    ) -> None:
        body = {"mark": 5, "name": "V", "text": "t"}
        r = await client.post(
            f"/comments/{salon.location_id}/{far_salon.member_id}", json=body, headers=salon.headers
        )
        assert r.status_code == 404
        r = await client.post(
            f"/comments/{far_salon.location_id}/{far_salon.member_id}",
            json=body,
            headers=salon.headers,
        )
        assert r.status_code == 403
        assert (
            await client.get(f"/comments/{far_salon.location_id}", headers=salon.headers)
        ).status_code == 403
        assert (await client.get(f"/comments/{salon.location_id}")).status_code == 401
        r = await client.get(
            f"/comments/{salon.location_id}", params={"rating": 9}, headers=salon.headers
        )
        assert r.status_code == 422
