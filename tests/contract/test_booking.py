"""Our online-booking answers carry the fields of upstream's samples."""

from __future__ import annotations

import httpx

from parlour.db import Database
from tests.contract.samples import endpoint_example
from tests.fixtures import factories as f
from tests.fixtures.factories import Tenant


async def test_book_times_book_dates_book_services_match_samples(
    client: httpx.AsyncClient, database: Database, world: Tenant
) -> None:
    day = f.future_day(2)
    m = await f.member(database, world.location_id)
    s = await f.service(database, world.location_id, [m])
    await f.schedule(database, world.location_id, m, [day])
    h = world.partner_headers

    times = (await client.get(f"/book_times/{world.location_id}/{m}/{day}", headers=h)).json()
    sample = endpoint_example("online-booking/get_time_slots_for_booking.md")
    assert set(sample[0]) <= set(times["data"][0])

    dates = (await client.get(f"/book_dates/{world.location_id}", headers=h)).json()
    sample = endpoint_example("online-booking/get_dates_available_for_booking.md")
    assert set(sample) == set(dates["data"])
    assert str(day) in dates["data"]["booking_dates"]

    services = (await client.get(f"/book_services/{world.location_id}", headers=h)).json()
    sample = endpoint_example("online-booking/get_services_available_for_booking.md")
    assert set(sample) == set(services["data"])
    assert set(sample["services"][0]) <= set(services["data"]["services"][0])
    assert services["data"]["services"][0]["id"] == s

    staff = (await client.get(f"/book_staff/{world.location_id}", headers=h)).json()
    sample = endpoint_example("online-booking/get_team_members_available_for_booking.md")
    assert set(sample[0]) <= set(staff["data"][0])


async def test_book_record_answer_matches_sample(
    client: httpx.AsyncClient, database: Database, world: Tenant
) -> None:
    day = f.future_day(2)
    m = await f.member(database, world.location_id)
    s = await f.service(database, world.location_id, [m])
    await f.schedule(database, world.location_id, m, [day])
    r = await client.post(
        f"/book_record/{world.location_id}",
        json={
            "phone": "+13155550175",
            "fullname": "James Smith",
            "appointments": [
                {"id": 1, "services": [s], "staff_id": m, "datetime": f"{day}T10:00:00"}
            ],
        },
        headers=world.partner_headers,
    )
    assert r.status_code == 201
    sample = endpoint_example("online-booking/create_online_booking.md")
    assert set(sample[0]) == set(r.json()["data"][0])
