"""Resources constrain B2B records: a record holds one instance of every resource its services
need, another record cannot take it at an overlapping time (whoever the team member), moving or
deleting the record moves or frees the hold, and the resources set through the API are the
ones the availability engine reads."""

from __future__ import annotations

from typing import Any

import httpx
from sqlalchemy import select

from parlour.db import Database
from parlour.models import ResourceOccupancy
from tests.fixtures import factories as f
from tests.fixtures.factories import DAY, Salon


async def _post(http: httpx.AsyncClient, salon: Salon, **changes: Any) -> httpx.Response:
    return await http.post(
        f"/records/{salon.location_id}", json=salon.body(**changes), headers=salon.headers
    )


async def _holds(database: Database, record_id: int) -> list[tuple[int, str]]:
    async with database.session() as session:
        rows = await session.execute(
            select(ResourceOccupancy.instance_id, ResourceOccupancy.start_at).where(
                ResourceOccupancy.record_id == record_id, ResourceOccupancy.deleted.is_(False)
            )
        )
        return [(i, s.isoformat()) for i, s in rows]


class TestRecordsTakeResources:
    async def test_second_member_cannot_take_the_only_room(
        self, client: httpx.AsyncClient, database: Database, salon: Salon
    ) -> None:
        _, (room,) = await f.resource(database, salon.location_id, salon.service_id)
        first = await _post(client, salon)
        assert first.status_code == 201, first.text
        assert [i for i, _ in await _holds(database, first.json()["data"][0]["id"])] == [room]
        second = await _post(
            client,
            salon,
            staff_id=salon.other_member_id,
            datetime=f"{DAY.isoformat()}T10:30:00",
            client={"phone": "+13155550176", "name": "Other"},
        )
        assert second.status_code == 422 and second.json()["errors"]["code"] == 433

    async def test_a_second_instance_is_used(
        self, client: httpx.AsyncClient, database: Database, salon: Salon
    ) -> None:
        _, rooms = await f.resource(database, salon.location_id, salon.service_id, instances=2)
        a = await _post(client, salon)
        b = await _post(
            client,
            salon,
            staff_id=salon.other_member_id,
            client={"phone": "+13155550176", "name": "Other"},
        )
        assert a.status_code == b.status_code == 201, b.text
        held = await _holds(database, a.json()["data"][0]["id"])
        held += await _holds(database, b.json()["data"][0]["id"])
        assert sorted(i for i, _ in held) == sorted(rooms)

    async def test_save_if_busy_books_without_the_room(
        self, client: httpx.AsyncClient, database: Database, salon: Salon
    ) -> None:
        await f.resource(database, salon.location_id, salon.service_id)
        assert (await _post(client, salon)).status_code == 201
        forced = await _post(
            client,
            salon,
            staff_id=salon.other_member_id,
            save_if_busy=True,
            client={"phone": "+13155550176", "name": "Other"},
        )
        assert forced.status_code == 201, forced.text
        assert await _holds(database, forced.json()["data"][0]["id"]) == []

    async def test_delete_frees_and_update_moves_the_room(
        self, client: httpx.AsyncClient, database: Database, salon: Salon
    ) -> None:
        await f.resource(database, salon.location_id, salon.service_id)
        record = (await _post(client, salon)).json()["data"][0]
        url = f"/record/{salon.location_id}/{record['id']}"
        moved = await client.put(
            url, json=salon.body(datetime=f"{DAY.isoformat()}T13:00:00"), headers=salon.headers
        )
        assert moved.status_code == 201, moved.text
        ((_, start),) = await _holds(database, record["id"])
        assert start.startswith(f"{DAY.isoformat()}T17:00")  # 13:00 New York is 17:00 UTC
        other = {"phone": "+13155550176", "name": "Other"}
        # 10:00 is free again for the other member; 13:00 is not.
        assert (
            await _post(client, salon, staff_id=salon.other_member_id, client=other)
        ).status_code == 201
        busy = await _post(
            client,
            salon,
            staff_id=salon.other_member_id,
            datetime=f"{DAY.isoformat()}T13:00:00",
            client=other,
        )
        assert busy.status_code == 422
        assert (await client.delete(url, headers=salon.headers)).status_code == 204
        assert await _holds(database, record["id"]) == []
        again = await _post(
            client,
            salon,
            staff_id=salon.other_member_id,
            datetime=f"{DAY.isoformat()}T13:00:00",
            client=other,
        )
        assert again.status_code == 201, again.text


class TestResourcesSetThroughTheApi:
    async def test_links_resource_ids_are_what_the_engine_reads(
        self, client: httpx.AsyncClient, database: Database, salon: Salon
    ) -> None:
        # A room that the service does not need yet.
        resource_id, _ = await f.resource(database, salon.location_id, salon.second_service_id)
        r = await client.post(
            f"/company/{salon.location_id}/services/links",
            json={
                "service_id": salon.service_id,
                "team_member_settings": [
                    {"team_member_id": salon.member_id, "hours": 1, "minutes": 0},
                    {"team_member_id": salon.other_member_id, "hours": 1, "minutes": 0},
                ],
                "resource_ids": [resource_id],
            },
            headers=salon.headers,
        )
        assert r.status_code == 200, r.text
        assert (await _post(client, salon)).status_code == 201
        busy = await _post(
            client,
            salon,
            staff_id=salon.other_member_id,
            client={"phone": "+13155550176", "name": "Other"},
        )
        assert busy.status_code == 422 and busy.json()["errors"]["code"] == 433
