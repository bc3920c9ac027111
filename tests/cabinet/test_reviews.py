"""Reviews: one per appointment; the stars move the team member's rating once."""

from __future__ import annotations

import httpx

from parlour.db import Database
from parlour.models import Review, TeamMember
from tests.cabinet.test_records import _book
from tests.fixtures import factories as f
from tests.fixtures.factories import Tenant, assert_error
from tests.online_booking.test_router import _setup


async def test_a_review_updates_the_rating_once(
    client: httpx.AsyncClient, database: Database, world: Tenant
) -> None:
    day = f.future_day()
    member, service = await _setup(database, world, day)
    first = await _book(client, world, member, service, f"{day}T09:00:00")
    second = await _book(client, world, member, service, f"{day}T11:00:00")
    url = f"/master_record_review/{first['record_hash']}"
    r = await client.get(url, headers=world.partner_headers)
    assert r.status_code == 200, r.text
    data = r.json()["data"]
    assert data["is_review_submitted"] is False and data["master"]["id"] == member

    body = {"rating": 4, "text": "Good", "tips_amount": 5.5}
    r = await client.post(url, json=body, headers=world.partner_headers)
    assert r.status_code == 200, r.text
    assert r.json()["data"] == {"charge": {"url": ""}}
    again = await client.post(url, json={"rating": 1}, headers=world.partner_headers)
    assert again.status_code == 409 and again.json()["success"] is False
    assert (await client.get(url, headers=world.partner_headers)).json()["data"][
        "is_review_submitted"
    ] is True

    other = f"/master_record_review/{second['record_hash']}"
    for bad in ({"rating": 0}, {"rating": 6}, {"rating": 3, "tips_amount": -1}, {}):
        assert_error(await client.post(other, json=bad, headers=world.partner_headers), 422)
    r = await client.post(other, json={"rating": 2}, headers=world.partner_headers)
    assert r.status_code == 200
    async with database.session() as s:
        row = await s.get(TeamMember, member)
        assert row is not None and (row.rating, row.votes_count, row.comments_count) == (3.0, 2, 1)
        reviews = (await s.execute(Review.__table__.select())).all()
        assert sorted(str(x.tips_amount) for x in reviews) == ["0.00", "5.50"]
    assert_error(
        await client.get("/master_record_review/unknown", headers=world.partner_headers), 404
    )
