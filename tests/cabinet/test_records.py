"""A client books online, signs in by SMS code, sees and cancels the booking; the time is
free again; after a password change the old token is refused."""

from __future__ import annotations

import httpx
from sqlalchemy import update

from parlour.db import Database
from parlour.models import BookingSettings
from tests.cabinet.test_router import _code, _user_headers
from tests.fixtures import factories as f
from tests.fixtures.factories import Tenant, assert_error
from tests.online_booking.test_router import _booking, _setup

PHONE = "+13155550177"


async def _book(client: httpx.AsyncClient, t: Tenant, member: int, service: int, at: str) -> dict:
    body = {"phone": PHONE, "fullname": "Kim", "appointments": [_booking(member, service, at)]}
    r = await client.post(f"/book_record/{t.location_id}", json=body, headers=t.partner_headers)
    assert r.status_code == 201, r.text
    item: dict = r.json()["data"][0]
    return item


async def _times(
    client: httpx.AsyncClient, t: Tenant, member: int, service: int, day: str
) -> list[str]:
    r = await client.get(
        f"/book_times/{t.location_id}/{member}/{day}",
        params={"service_ids[]": service},
        headers=t.partner_headers,
    )
    return [x["time"] for x in r.json()["data"]]


async def test_client_sees_and_cancels_their_booking(
    client: httpx.AsyncClient, database: Database, world: Tenant
) -> None:
    day = f.future_day()
    member, service = await _setup(database, world, day)
    booked = await _book(client, world, member, service, f"{day}T09:00:00")
    assert "09:00" not in await _times(client, world, member, service, str(day))

    code = await _code(client, world, PHONE)
    r = await client.post(
        "/booking/auth", json={"phone": PHONE, "code": code}, headers=world.partner_headers
    )
    token = r.json()["data"]["user_token"]
    headers = _user_headers(world, token)
    url = f"/user/records/{booked['record_id']}/{'x' * 32}"
    r = await client.get(url, headers=headers)
    assert r.status_code == 200, r.text
    (item,) = r.json()["data"]
    assert item["id"] == booked["record_id"] and item["online"] is True
    assert item["company"]["id"] == world.location_id and item["deleted"] is False
    # Without the client's token only the right hash shows it.
    assert_error(await client.get(url, headers=world.partner_headers), 404)
    by_hash = f"/user/records/{booked['record_id']}/{booked['record_hash']}"
    assert (await client.get(by_hash, headers=world.partner_headers)).status_code == 200

    r = await client.delete(url, headers=headers)
    assert r.status_code == 200, r.text
    assert "09:00" in await _times(client, world, member, service, str(day))
    assert_error(await client.delete(url, headers=headers), 404)

    r = await client.put(
        "/booking/user/password", json={"new_password": "kim-pass-1"}, headers=headers
    )
    assert r.status_code == 200
    assert (await client.get(url, headers=headers)).status_code == 401


async def test_cancelling_obeys_the_location(
    client: httpx.AsyncClient, database: Database, world: Tenant
) -> None:
    day = f.future_day()
    member, service = await _setup(database, world, day)
    booked = await _book(client, world, member, service, f"{day}T10:00:00")
    url = f"/user/records/{booked['record_id']}/{booked['record_hash']}"
    async with database.session(write=True) as s:
        s.add(BookingSettings(location_id=world.location_id, allow_delete_record=False))
    assert (await client.delete(url, headers=world.partner_headers)).status_code == 403
    async with database.session(write=True) as s:
        await s.execute(
            update(BookingSettings).values(
                allow_delete_record=True, allow_delete_record_delay_step=400 * 24 * 3600
            )
        )
    assert_error(await client.delete(url, headers=world.partner_headers), 422, "record_id")
    async with database.session(write=True) as s:
        await s.execute(update(BookingSettings).values(allow_delete_record_delay_step=0))
    assert (await client.delete(url, headers=world.partner_headers)).status_code == 200
