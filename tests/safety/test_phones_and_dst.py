"""Phones as people write them (the location's country is the default region) and wall-clock
times that do not exist (spring-forward gaps) or occur twice (autumn), through HTTP in New York
and London."""

from __future__ import annotations

import httpx

from parlour.db import Database
from tests.fixtures import factories as f
from tests.fixtures.factories import Tenant


class TestPhones:
    async def test_a_national_number_reads_in_the_locations_country(
        self, client: httpx.AsyncClient, world: Tenant
    ) -> None:
        loc = world.location_id
        made = await client.post(
            f"/clients/{loc}",
            json={"name": "Nat", "phone": "(315) 555-0103"},
            headers=world.headers,
        )
        assert made.status_code == 201, made.text
        assert made.json()["data"]["phone"] == "+13155550103"
        for written in ("315-555-0103", "+1 (315) 555 0103", "13155550103", "(315) 555-0103"):
            found = await client.get(
                f"/clients/{loc}", params={"phone": written}, headers=world.headers
            )
            assert [c["id"] for c in found.json()["data"]] == [made.json()["data"]["id"]], written

    async def test_london_numbers_and_a_reserved_range(
        self, client: httpx.AsyncClient, stranger: Tenant
    ) -> None:
        loc = stranger.location_id
        cases = {
            "020 7946 0018": "+442079460018",
            "01632 960001": "+441632960001",  # reserved for drama: possible, not "valid"
            "+44 1632 960002": "+441632960002",
        }
        for written, stored in cases.items():
            made = await client.post(
                f"/clients/{loc}", json={"name": "Brit", "phone": written}, headers=stranger.headers
            )
            assert made.status_code == 201, made.text
            assert made.json()["data"]["phone"] == stored
        found = await client.get(
            f"/clients/{loc}", params={"phone": "020 7946 0018"}, headers=stranger.headers
        )
        assert [c["phone"] for c in found.json()["data"]] == ["+442079460018"]

    async def test_impossible_numbers_are_refused(
        self, client: httpx.AsyncClient, world: Tenant
    ) -> None:
        for written in ("12", "555-01", "+1 315 555 01034444"):
            answer = await client.post(
                f"/clients/{world.location_id}",
                json={"name": "No", "phone": written},
                headers=world.headers,
            )
            assert answer.status_code == 422, written
            assert answer.json()["meta"]["errors"]["phone"]

    async def test_online_booking_reads_the_phone_in_the_locations_country(
        self, client: httpx.AsyncClient, database: Database, world: Tenant
    ) -> None:
        day = f.future_day(4)
        m = await f.member(database, world.location_id)
        s = await f.service(database, world.location_id, [m])
        await f.schedule(database, world.location_id, m, [day])
        answer = await client.post(
            f"/book_record/{world.location_id}",
            json={
                "phone": "(315) 555-0104",
                "fullname": "Widget User",
                "appointments": [
                    {"id": 1, "services": [s], "staff_id": m, "datetime": f"{day}T10:00:00"}
                ],
            },
            headers=world.partner_headers,
        )
        assert answer.status_code == 201, answer.text
        found = await client.get(
            f"/clients/{world.location_id}", params={"phone": "3155550104"}, headers=world.headers
        )
        assert [c["phone"] for c in found.json()["data"]] == ["+13155550104"]


async def _record(
    client: httpx.AsyncClient, database: Database, tenant: Tenant, at: str
) -> httpx.Response:
    m = await f.member(database, tenant.location_id)
    s = await f.service(database, tenant.location_id, [m])
    return await client.post(
        f"/records/{tenant.location_id}",
        json={
            "staff_id": m,
            "services": [{"id": s}],
            "client": {"phone": "+13155550160", "name": "Clock"},
            "datetime": at,
            "seance_length": 3600,
            "save_if_busy": True,
        },
        headers=tenant.headers,
    )


GAPS = {
    "world": ["2027-03-14T02:30:00", "2027-03-14 02:00", "2027-03-14T02:30:00-05:00"],
    "stranger": ["2027-03-28T01:30:00", "2027-03-28T01:00", "2027-03-28T01:59:00+00:00"],
}
ELSEWHERE = {"world": "2027-03-14T02:30:00Z", "stranger": "2027-03-28T01:30:00+02:00"}
FOLDS = {
    "world": ("2027-11-07T01:30:00", "2027-11-07T01:30:00-04:00"),
    "stranger": ("2027-10-31T01:30:00", "2027-10-31T01:30:00+01:00"),
}


class TestWallClock:
    async def test_a_time_in_the_spring_gap_is_refused(
        self, client: httpx.AsyncClient, database: Database, world: Tenant, stranger: Tenant
    ) -> None:
        for who, tenant in (("world", world), ("stranger", stranger)):
            for at in GAPS[who]:
                answer = await _record(client, database, tenant, at)
                assert answer.status_code == 422, (at, answer.text)
                assert "does not exist" in answer.json()["meta"]["errors"]["datetime"][0]
            # The same wall clock with an offset the zone never uses there is an exact instant
            # from elsewhere: accepted.
            fine = await _record(client, database, tenant, ELSEWHERE[who])
            assert fine.status_code == 201, fine.text

    async def test_an_ambiguous_autumn_time_is_its_first_occurrence(
        self, client: httpx.AsyncClient, database: Database, world: Tenant, stranger: Tenant
    ) -> None:
        for who, tenant in (("world", world), ("stranger", stranger)):
            wall, expected = FOLDS[who]
            answer = await _record(client, database, tenant, wall)
            assert answer.status_code == 201, answer.text
            assert answer.json()["data"][0]["datetime"] == expected

    async def test_public_operations_refuse_the_gap_too(
        self, client: httpx.AsyncClient, database: Database, world: Tenant
    ) -> None:
        m = await f.member(database, world.location_id)
        s = await f.service(database, world.location_id, [m])
        booking = await client.post(
            f"/book_record/{world.location_id}",
            json={
                "phone": "+13155550161",
                "fullname": "Gap",
                "appointments": [
                    {"id": 1, "services": [s], "staff_id": m, "datetime": "2027-03-14T02:30:00"}
                ],
            },
            headers=world.partner_headers,
        )
        assert booking.status_code == 422, booking.text
        assert "does not exist" in booking.text
        for operation in ("book_staff", "book_services"):
            answer = await client.get(
                f"/{operation}/{world.location_id}",
                params={"datetime": "2027-03-14T02:30:00"},
                headers=world.partner_headers,
            )
            assert answer.status_code == 422, (operation, answer.text)
