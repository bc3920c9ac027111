"""A location that confirms phones takes an online booking only with the code sent to that
phone (GET /booking/user/phone_confirmation): missing, wrong or reused codes are upstream's 432
and write nothing; the right code books once."""

from __future__ import annotations

import httpx
from sqlalchemy import func, select, update

from parlour.db import Database
from parlour.models import Location, Record
from tests.fixtures import factories as f
from tests.fixtures.factories import Tenant

PHONE = "+13155550175"


async def _code(client: httpx.AsyncClient, t: Tenant) -> str:
    r = await client.get(
        "/booking/user/phone_confirmation",
        params={"company_id": t.location_id, "phone": PHONE},
        headers=t.partner_headers,
    )
    assert r.status_code == 202, r.text
    outbox = await client.get(f"/company/{t.location_id}/outbox", headers=t.headers)
    sent = [m for m in outbox.json()["data"] if m["kind"] == "phone_confirmation"]
    code: str = sent[-1]["payload"]["code"]
    return code


async def _records(database: Database) -> int:
    async with database.session() as s:
        return int(await s.scalar(select(func.count(Record.id))) or 0)


async def test_book_record_needs_the_phone_code(
    client: httpx.AsyncClient, database: Database, world: Tenant
) -> None:
    day = f.future_day()
    m = await f.member(database, world.location_id)
    s = await f.service(database, world.location_id, [m], length=3600)
    await f.schedule(database, world.location_id, m, [day], [("09:00", "12:00")])
    async with database.session(write=True) as session:
        await session.execute(
            update(Location).where(Location.id == world.location_id).values(phone_confirmation=True)
        )
    url = f"/book_record/{world.location_id}"
    body: dict[str, object] = {
        "phone": PHONE,
        "fullname": "James Smith",
        "appointments": [{"id": 1, "services": [s], "staff_id": m, "datetime": f"{day}T09:00"}],
    }
    for code in (None, ""):
        sent = {**body, **({} if code is None else {"code": code})}
        r = await client.post(url, json=sent, headers=world.partner_headers)
        assert r.status_code == 422 and r.json()["errors"]["code"] == 432, r.text
        assert "code" in r.json()["meta"]["errors"]
    assert await _records(database) == 0
    code = await _code(client, world)
    wrong = "1111" if code != "1111" else "2222"
    r = await client.post(url, json={**body, "code": wrong}, headers=world.partner_headers)
    assert r.status_code == 422 and r.json()["errors"]["code"] == 432
    r = await client.post(url, json={**body, "code": code}, headers=world.partner_headers)
    assert r.status_code == 201, r.text
    assert await _records(database) == 1
    # A used code does not book again.
    later = {**body, "code": code}
    later["appointments"] = [{"id": 1, "services": [s], "staff_id": m, "datetime": f"{day}T11:00"}]
    r = await client.post(url, json=later, headers=world.partner_headers)
    assert r.status_code == 422 and r.json()["errors"]["code"] == 432
    assert await _records(database) == 1
