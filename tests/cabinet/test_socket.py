"""The client cabinet over a real socket (two worker processes): code, sign-in, cancel,
review, password change; a code asked for by several requests at once is rate-limited."""

from __future__ import annotations

import asyncio
from pathlib import Path

import httpx

from parlour.db import Database
from tests.booking.server import running_server
from tests.cabinet.test_records import PHONE, _book
from tests.cabinet.test_router import _code, _user_headers
from tests.fixtures import factories as f
from tests.fixtures.factories import Tenant
from tests.online_booking.test_router import _setup


async def test_cabinet_over_the_socket(
    database: Database, database_url: str, world: Tenant, tmp_path: Path
) -> None:
    day = f.future_day()
    member, service = await _setup(database, world, day)
    with running_server(database_url, tmp_path, workers=2) as (base, _proc):
        async with httpx.AsyncClient(base_url=base, timeout=30) as http:
            booked = await _book(http, world, member, service, f"{day}T09:00:00")
            code = await _code(http, world, PHONE)
            # More codes at once: the rate limit answers 429 (or 409 for a lost race).
            params = {"company_id": world.location_id, "phone": PHONE}
            again = await asyncio.gather(
                *(
                    http.get(
                        "/booking/user/phone_confirmation",
                        params=params,
                        headers=world.partner_headers,
                    )
                    for _ in range(3)
                )
            )
            assert {r.status_code for r in again} <= {429, 409}
            r = await http.post(
                "/booking/auth", json={"phone": PHONE, "code": code}, headers=world.partner_headers
            )
            assert r.status_code == 201, r.text
            headers = _user_headers(world, r.json()["data"]["user_token"])
            mine = f"/user/records/{booked['record_id']}/{'x' * 32}"
            assert len((await http.get(mine, headers=headers)).json()["data"]) == 1
            review = f"/master_record_review/{booked['record_hash']}"
            r = await http.post(review, json={"rating": 5}, headers=world.partner_headers)
            assert r.status_code == 200
            assert (await http.delete(mine, headers=headers)).status_code == 200
            r = await http.put(
                "/booking/user/password", json={"new_password": "sock-pass"}, headers=headers
            )
            assert r.status_code == 200
            assert (await http.get("/booking/user/data", headers=headers)).status_code == 401
