"""Clients: card CRUD, bulk, deprecated list, statistics, comments, files, visit history."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import httpx
import pytest

from parlour.db import Database
from parlour.models import Tag
from tests.fixtures.factories import T0, Tenant, make_client, make_record, make_staff_and_service

BODY = {
    "name": "James",
    "surname": "Smith",
    "middle_name": "Martel",
    "phone": "13155550179",
    "email": "j.smith@example.com",
    "gender_id": 1,
    "importance_id": 1,
    "discount": 15,
    "card": 555888666,
    "birth_date": "2000-03-03",
    "comment": "likes tea",
    "spent": 1000,
    "balance": -200,
    "sms_check": 1,
    "sms_not": 0,
    "labels": [101, 102],
}


@pytest.fixture(autouse=True)
async def client_tags(database: Database, world: Tenant) -> None:
    """The client tags BODY and the bulk rows name (labels are real tags of the location)."""
    async with database.session(write=True) as s:
        for tag_id in (5, 101, 102):
            s.add(Tag(id=tag_id, location_id=world.location_id, entity=1, title=f"Tag {tag_id}"))


async def _create(client: httpx.AsyncClient, tenant: Tenant, **over: object) -> dict[str, Any]:
    r = await client.post(
        f"/clients/{tenant.location_id}", json={**BODY, **over}, headers=tenant.headers
    )
    assert r.status_code == 201, r.text
    data: dict[str, Any] = r.json()["data"]
    return data


class TestCreateClient:
    async def test_created_with_e164_phone_and_all_fields(
        self, client: httpx.AsyncClient, world: Tenant
    ) -> None:
        r = await client.post(f"/clients/{world.location_id}", json=BODY, headers=world.headers)
        assert r.status_code == 201, r.text
        body = r.json()
        assert body["success"] is True and body["meta"] == []
        d = body["data"]
        assert d["phone"] == "+13155550179"
        assert d["patronymic"] == "Martel" and d["sex_id"] == 1 and d["sex"] == "Male"
        assert d["importance"] == "Bronze" and d["card"] == "555888666"
        assert d["birth_date"] == "2000-03-03"
        assert [c["id"] for c in d["categories"]] == [101, 102]
        assert d["spent"] == 1000 and d["balance"] == -200 and d["visits"] == 0
        assert d["sms_check"] == 1 and d["custom_fields"] == {}

    async def test_duplicate_phone_is_refused(
        self, client: httpx.AsyncClient, world: Tenant
    ) -> None:
        await _create(client, world)
        r = await client.post(
            f"/clients/{world.location_id}",
            json={**BODY, "phone": "+1 (315) 555-0179"},
            headers=world.headers,
        )
        assert r.status_code == 422
        assert "phone" in r.json()["meta"]["errors"]

    async def test_same_phone_in_another_location_is_fine(
        self, client: httpx.AsyncClient, world: Tenant, stranger: Tenant
    ) -> None:
        await _create(client, world)
        await _create(client, stranger, labels=[])

    async def test_validation_errors_write_nothing(
        self, client: httpx.AsyncClient, world: Tenant
    ) -> None:
        for over, field in (
            ({"phone": "12"}, "phone"),
            ({"phone": ""}, "phone"),
            ({"name": ""}, "name"),
            ({"birth_date": "03/03/2000"}, "birth_date"),
            ({"importance_id": 7}, "importance_id"),
        ):
            r = await client.post(
                f"/clients/{world.location_id}", json={**BODY, **over}, headers=world.headers
            )
            assert r.status_code == 422, (over, r.text)
            assert field in str(r.json()["meta"]["errors"])
        r = await client.get(f"/clients/{world.location_id}", headers=world.headers)
        assert r.json()["meta"]["total_count"] == 0

    async def test_auth_and_membership(
        self, client: httpx.AsyncClient, world: Tenant, stranger: Tenant
    ) -> None:
        r = await client.post(f"/clients/{world.location_id}", json=BODY)
        assert r.status_code == 401
        r = await client.post(f"/clients/{world.location_id}", json=BODY, headers=stranger.headers)
        assert r.status_code == 403


class TestGetUpdateDeleteClient:
    async def test_roundtrip(self, client: httpx.AsyncClient, world: Tenant) -> None:
        created = await _create(client, world)
        url = f"/client/{world.location_id}/{created['id']}"
        r = await client.get(url, headers=world.headers)
        assert r.status_code == 200 and r.json()["data"]["name"] == "James"
        r = await client.put(
            url, json={"name": "Jim", "phone": "+13155550180", "labels": []}, headers=world.headers
        )
        assert r.status_code == 200, r.text
        d = r.json()["data"]
        assert d["name"] == "Jim" and d["phone"] == "+13155550180"
        assert d["surname"] == "Smith" and d["categories"] == []
        r = await client.delete(url, headers=world.headers)
        assert r.status_code == 204 and r.content == b""
        assert (await client.get(url, headers=world.headers)).status_code == 404

    async def test_put_needs_name_and_phone(self, client: httpx.AsyncClient, world: Tenant) -> None:
        created = await _create(client, world)
        url = f"/client/{world.location_id}/{created['id']}"
        r = await client.put(url, json={"name": "X"}, headers=world.headers)
        assert r.status_code == 422
        assert (await client.get(url, headers=world.headers)).json()["data"]["name"] == "James"

    async def test_put_onto_taken_phone(self, client: httpx.AsyncClient, world: Tenant) -> None:
        a = await _create(client, world)
        await _create(client, world, phone="+13155550181")
        r = await client.put(
            f"/client/{world.location_id}/{a['id']}",
            json={"name": "A", "phone": "+13155550181"},
            headers=world.headers,
        )
        assert r.status_code == 422 and "phone" in r.json()["meta"]["errors"]

    async def test_other_locations_client_is_invisible(
        self, client: httpx.AsyncClient, world: Tenant, stranger: Tenant
    ) -> None:
        theirs = await _create(client, stranger, labels=[])
        url = f"/client/{world.location_id}/{theirs['id']}"
        assert (await client.get(url, headers=world.headers)).status_code == 404
        r = await client.put(url, json=BODY, headers=world.headers)
        assert r.status_code == 404
        assert (await client.delete(url, headers=world.headers)).status_code == 404
        r = await client.get(
            f"/client/{stranger.location_id}/{theirs['id']}", headers=world.headers
        )
        assert r.status_code == 403

    async def test_statistics_come_from_records(
        self, client: httpx.AsyncClient, world: Tenant, database: Database
    ) -> None:
        created = await _create(client, world, spent=0)
        staff, service = await make_staff_and_service(database, world)
        kw = {"staff_id": staff, "service_id": service, "client_id": created["id"]}
        await make_record(database, world, start=T0, cost=40, **kw)
        await make_record(database, world, start=T0 + timedelta(days=3), cost=60, **kw)
        await make_record(
            database,
            world,
            start=T0 + timedelta(days=9),
            cost=99,
            attendance=0,
            **kw,
        )
        r = await client.get(f"/client/{world.location_id}/{created['id']}", headers=world.headers)
        d = r.json()["data"]
        assert d["visits"] == 2 and d["spent"] == 100 and d["paid"] == 100
        assert d["first_visit_date"].startswith("2026-03-02T10:00:00")
        assert d["last_visit_date"].startswith("2026-03-05")


class TestBulk:
    async def test_saves_valid_rows_and_reports_the_rest(
        self, client: httpx.AsyncClient, world: Tenant
    ) -> None:
        rows = [
            {"name": "A", "phone": "+13155550190"},
            {"name": "B", "phone": "+13155550190"},
            {"phone": "+13155550191"},
            {"name": "C", "phone": "123"},
            {"name": "D"},
            "junk",
            {"name": "E", "phone": "+442071838750", "categories": [5]},
        ]
        r = await client.post(
            f"/clients/{world.location_id}/bulk", json=rows, headers=world.headers
        )
        assert r.status_code == 200, r.text
        data = r.json()["data"]
        assert [c["name"] for c in data["created"]] == ["A", "E"]
        assert len(data["errors"]) == 5
        assert "already exists" in data["errors"][0]["error"]
        assert data["errors"][1]["error"] == "Client name not specified"
        r = await client.get(f"/clients/{world.location_id}", headers=world.headers)
        assert r.json()["meta"]["total_count"] == 2

    async def test_body_must_be_a_list(self, client: httpx.AsyncClient, world: Tenant) -> None:
        r = await client.post(
            f"/clients/{world.location_id}/bulk", json={"name": "x"}, headers=world.headers
        )
        assert r.status_code == 422


class TestDeprecatedList:
    async def test_filters_and_paging(self, client: httpx.AsyncClient, world: Tenant) -> None:
        for i in range(5):
            await _create(
                client, world, name=f"Name{i}", phone=f"+1315555020{i}", email=f"p{i}@x.test"
            )
        url = f"/clients/{world.location_id}"
        r = await client.get(url, params={"count": 2, "page": 2}, headers=world.headers)
        body = r.json()
        assert body["meta"] == {"page": 2, "total_count": 5, "count": 2} and len(body["data"]) == 2
        r = await client.get(url, params={"fullname": "name3"}, headers=world.headers)
        assert [c["name"] for c in r.json()["data"]] == ["Name3"]
        r = await client.get(url, params={"phone": "5550204"}, headers=world.headers)
        assert [c["name"] for c in r.json()["data"]] == ["Name4"]
        r = await client.get(url, params={"email": "p1@"}, headers=world.headers)
        assert [c["name"] for c in r.json()["data"]] == ["Name1"]
        r = await client.get(url, params={"paid_min": 1}, headers=world.headers)
        assert r.json()["meta"]["total_count"] == 0
        r = await client.get(
            url, params={"changed_after": "2000-01-01T00:00:00"}, headers=world.headers
        )
        assert r.json()["meta"]["total_count"] == 5
        r = await client.get(url, params={"changed_after": "garbage"}, headers=world.headers)
        assert r.status_code == 422


class TestComments:
    async def test_add_list_delete(
        self, client: httpx.AsyncClient, world: Tenant, stranger: Tenant
    ) -> None:
        c = await _create(client, world)
        url = f"/clients/{world.location_id}/clients/{c['id']}/comments"
        r = await client.post(url, json={"text": "Prefers mornings"}, headers=world.headers)
        assert r.status_code == 201, r.text
        comment = r.json()["data"]
        assert comment["text"] == "Prefers mornings" and comment["type"] == "default"
        assert comment["user"]["id"] == world.user.id
        r = await client.post(url, json={"text": ""}, headers=world.headers)
        assert r.status_code == 422
        r = await client.get(url, headers=world.headers)
        assert r.json()["meta"] == {"total_count": 1, "count": 1}
        assert (await client.get(url, headers=stranger.headers)).status_code == 403
        r = await client.delete(f"{url}/{comment['id']}", headers=world.headers)
        assert r.status_code == 204
        r = await client.delete(f"{url}/{comment['id']}", headers=world.headers)
        assert r.status_code == 404
        assert (await client.get(url, headers=world.headers)).json()["data"] == []


class TestFiles:
    async def test_upload_list_download_delete(
        self, client: httpx.AsyncClient, world: Tenant, stranger: Tenant
    ) -> None:
        c = await _create(client, world)
        base = f"/company/{world.location_id}/clients/files/{c['id']}"
        r = await client.post(
            base,
            files={"file": ("notes.txt", b"hello file", "text/plain")},
            data={"description": "intake"},
            headers=world.headers,
        )
        assert r.status_code == 201, r.text
        f = r.json()["data"]
        assert f["name"] == "notes.txt" and f["extension"] == "txt" and f["size"] == "10 B"
        assert f["mime"] == "text/plain" and f["user_name"] == world.user.name
        r = await client.get(base, headers=world.headers)
        listed = r.json()
        assert listed["meta"] == {"total_count": 1, "count": 1}
        assert set(listed["data"][0]) >= {
            "id",
            "client_id",
            "name",
            "description",
            "date_create",
            "extension",
            "mime",
            "link",
            "user_name",
            "user_avatar",
            "size",
            "can_edit",
        }
        r = await client.get(f"{base}/{f['id']}", headers=world.headers)
        assert r.status_code == 200 and r.content == b"hello file"
        assert (await client.get(f"{base}/{f['id']}", headers=stranger.headers)).status_code == 403
        comments = await client.get(
            f"/clients/{world.location_id}/clients/{c['id']}/comments", headers=world.headers
        )
        assert comments.json()["data"][0]["type"] == "file"
        r = await client.delete(f"{base}/{f['id']}", headers=world.headers)
        assert r.status_code == 202 and r.json()["meta"] == {"message": "Accepted"}
        assert (await client.get(f"{base}/{f['id']}", headers=world.headers)).status_code == 404

    async def test_too_large_is_refused(self, client: httpx.AsyncClient, world: Tenant) -> None:
        c = await _create(client, world)
        base = f"/company/{world.location_id}/clients/files/{c['id']}"
        big = b"x" * (256 * 1024 + 1)
        r = await client.post(base, files={"file": ("big.bin", big)}, headers=world.headers)
        assert r.status_code == 413
        assert r.json()["success"] is False
        assert (await client.get(base, headers=world.headers)).json()["data"] == []


class TestVisitSearch:
    async def test_history_paged_by_day(
        self, client: httpx.AsyncClient, world: Tenant, database: Database
    ) -> None:
        cid = await make_client(database, world, "+13155550300", "V")
        staff, service = await make_staff_and_service(database, world)
        for day in range(30):
            await make_record(
                database,
                world,
                staff_id=staff,
                service_id=service,
                client_id=cid,
                start=T0 + timedelta(days=day),
                cost=10,
                attendance=1 if day % 2 else -1,
            )
        url = f"/company/{world.location_id}/clients/visits/search"
        body: dict[str, Any] = {
            "client_id": cid,
            "from": None,
            "to": None,
            "payment_statuses": [],
            "attendance": None,
        }
        r = await client.post(url, json=body, headers=world.headers)
        assert r.status_code == 200, r.text
        data, meta = r.json()["data"], r.json()["meta"]["dateCursor"]
        assert len(data["records"]) == 25 and data["goods_transactions"] == []
        assert meta["current"]["count"] == 25 and meta["next"]["count"] == 5
        assert meta["previous"]["count"] is None
        nxt = {**body, "from": meta["next"]["from"], "to": meta["next"]["to"]}
        r = await client.post(url, json=nxt, headers=world.headers)
        assert len(r.json()["data"]["records"]) == 5
        assert r.json()["meta"]["dateCursor"]["previous"]["count"] == 25
        paid = {**body, "payment_statuses": ["paid_full"]}
        r = await client.post(url, json=paid, headers=world.headers)
        recs = r.json()["data"]["records"]
        assert len(recs) == 15 and all(x["attendance"] == 1 for x in recs)
        r = await client.post(url, json={**body, "attendance": -1}, headers=world.headers)
        assert all(x["attendance"] == -1 for x in r.json()["data"]["records"])
        by_phone = {**body, "client_id": None, "client_phone": "13155550300"}
        r = await client.post(url, json=by_phone, headers=world.headers)
        assert len(r.json()["data"]["records"]) == 25

    async def test_errors(
        self, client: httpx.AsyncClient, world: Tenant, stranger: Tenant, database: Database
    ) -> None:
        url = f"/company/{world.location_id}/clients/visits/search"
        r = await client.post(url, json={"payment_statuses": []}, headers=world.headers)
        assert r.status_code == 422
        r = await client.post(
            url, json={"client_id": 1, "payment_statuses": ["bogus"]}, headers=world.headers
        )
        assert r.status_code == 422
        theirs = await make_client(database, stranger, "+13155550301")
        r = await client.post(url, json={"client_id": theirs}, headers=world.headers)
        assert r.status_code == 404
