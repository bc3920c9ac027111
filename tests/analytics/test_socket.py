"""Where records come from, against a running server with two workers: the B2B API, the
public booking API with a partner's token, with the booking widget's token and with a staff
user's token each store their source, and the record_source chart counts them."""

from __future__ import annotations

import asyncio
import os
from pathlib import Path

import httpx
from sqlalchemy import select

from parlour.auth import tokens
from parlour.db import Database
from parlour.models import Partner, Record
from tests.booking.server import running_server
from tests.fixtures import factories as f
from tests.fixtures.factories import Salon


async def test_each_creating_path_stores_its_source(
    database: Database, database_url: str, salon: Salon, tmp_path: Path
) -> None:
    loc = salon.location_id
    day = f.future_day()
    await f.schedule(database, loc, salon.member_id, [day])
    await f.schedule(database, loc, salon.other_member_id, [day])
    yoga = await f.service(database, loc, [salon.member_id], title="Yoga", capacity=8)
    # The web pages' partner, as the pages create it on their first answer.
    secret = os.environ.get("PARLOUR_SECRET_KEY", "test-secret").encode()
    pages = tokens.pages_partner_token(secret)
    async with database.session(write=True) as session:
        session.add(Partner(name="Parlour web pages", token_hash=tokens.digest(pages)))

    def booking(hour: int, phone: str) -> dict[str, object]:
        return {
            "phone": phone,
            "fullname": "Online Client",
            "appointments": [
                {
                    "id": 1,
                    "services": [salon.service_id],
                    "staff_id": salon.other_member_id,
                    "datetime": f"{day.isoformat()}T{hour:02d}:00:00",
                }
            ],
        }

    with running_server(database_url, tmp_path, workers=2) as (base, _proc):
        async with httpx.AsyncClient(base_url=base, timeout=60) as http:
            staff = http.post(
                f"/records/{loc}",
                json=salon.body(datetime=f"{day.isoformat()}T10:00:00"),
                headers=salon.headers,
            )
            partner = http.post(
                f"/book_record/{loc}",
                json=booking(9, "+13155550141"),
                headers=salon.tenant.partner_headers,
            )
            widget = http.post(
                f"/book_record/{loc}",
                json=booking(11, "+13155550142"),
                headers={"Authorization": f"Bearer {pages}"},
            )
            member = http.post(
                f"/book_record/{loc}", json=booking(13, "+13155550143"), headers=salon.headers
            )
            answers = await asyncio.gather(staff, partner, widget, member)
            assert [a.status_code for a in answers] == [201] * 4, [a.text for a in answers]
            ids = [answers[0].json()["data"][0]["id"]] + [
                a.json()["data"][0]["record_id"] for a in answers[1:]
            ]
            r = await http.get(
                f"/company/{loc}/analytics/overall/charts/record_source",
                params={"date_from": day.isoformat(), "date_to": day.isoformat()},
                headers=salon.headers,
            )
            assert r.status_code == 200, r.text
            assert {s["label"]: s["data"] for s in r.json()} == {
                "Administrator": 2,
                "Widget": 1,
                "API": 1,
                "Client cabinet": 0,
            }
            # Moving an online booking keeps where it came from.
            r = await http.put(
                f"/book_record/{loc}/{ids[2]}",
                json={"datetime": f"{day.isoformat()}T15:00:00"},
                headers=salon.headers,
            )
            assert r.status_code == 200, r.text

            # A seat in a group event booked through the widget.
            r = await http.post(
                f"/activity/{loc}",
                json={
                    "date": f"{day.isoformat()} 16:00",
                    "service_id": yoga,
                    "staff_id": salon.member_id,
                    "capacity": 4,
                    "force": False,
                },
                headers=salon.headers,
            )
            assert r.status_code in (200, 201), r.text
            r = await http.post(
                f"/activity/{loc}/{r.json()['data']['id']}/book",
                json={"fullname": "Yogi", "phone": "+13155550144"},
                headers={"Authorization": f"Bearer {pages}"},
            )
            assert r.status_code == 200, r.text
            ids.append(r.json()["data"]["id"])

    async with database.session() as session:
        rows = (await session.execute(select(Record).where(Record.id.in_(ids)))).scalars()
        source = {r.id: r.source for r in rows}
    assert [source[i] for i in ids] == ["admin", "api", "widget", "admin", "widget"]
