"""Loyalty program statistics over HTTP: participants, returns and income from the program's
loyalty ledger lines and the sales ledger."""

from __future__ import annotations

from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any

import httpx

from parlour.db import Database
from parlour.models import LoyaltyTransaction
from parlour.models.loyalty import TX_PROGRAM_ACCRUAL, TX_PROGRAM_DISCOUNT
from tests.analytics.week import PHONES, Week, make_week
from tests.fixtures.factories import Salon, assert_error
from tests.loyalty.helpers import card_type, issue, program_body

BASE = "/company/{loc}/analytics/loyalty_programs/"


async def _program(http: httpx.AsyncClient, w: Week) -> tuple[int, int]:
    t = w.salon.tenant
    kind = await card_type(http, t)
    card = await issue(http, t, kind["id"], phone=PHONES[3])
    r = await http.post(
        f"/chain/{t.chain.id}/loyalty/programs",
        json=program_body(t, [kind["id"]]),
        headers=t.headers,
    )
    assert r.status_code in (200, 201), r.text
    return int(r.json()["id"]), int(card["id"])


async def _line(
    database: Database,
    w: Week,
    program_id: int,
    at: datetime,
    *,
    visit_id: int | None = None,
    card_id: int | None = None,
    amount: int = 10,
    reverses_id: int | None = None,
) -> int:
    async with database.session(write=True) as session:
        line = LoyaltyTransaction(
            chain_id=w.salon.tenant.chain.id,
            location_id=w.salon.location_id,
            type_id=TX_PROGRAM_ACCRUAL if card_id else TX_PROGRAM_DISCOUNT,
            amount=Decimal(amount),
            card_id=card_id,
            program_id=program_id,
            visit_id=visit_id,
            reverses_id=reverses_id,
            created_at=at,
        )
        session.add(line)
        await session.flush()
        return line.id


async def _get(http: httpx.AsyncClient, w: Week, what: str, program_id: int) -> Any:
    r = await http.get(
        BASE.format(loc=w.salon.location_id) + what,
        params={**w.period, "loyalty_program_id": program_id},
        headers=w.salon.headers,
    )
    assert r.status_code == 200, r.text
    return r.json()


async def test_program_statistics_follow_the_ledgers(
    client: httpx.AsyncClient, database: Database, salon: Salon
) -> None:
    w = await make_week(client, database, salon)
    program_id, card_id = await _program(client, w)
    rec = w.records
    # Client 1 used the program at their first visit and came back the next day (new,
    # returned); client 2 used it the week before and again this week, nothing since (old,
    # lost); client 3's card earned points after the no-show, nothing since (new, lost);
    # client 4's line was reversed (no participant).
    await _line(database, w, program_id, w.at(-2, 11), visit_id=rec["r1"]["visit_id"])
    await _line(database, w, program_id, w.at(-6, 11), visit_id=rec["p1"]["visit_id"])
    await _line(database, w, program_id, w.at(-1, 11), visit_id=rec["r2"]["visit_id"])
    await _line(database, w, program_id, w.at(-2, 15), card_id=card_id)
    undone = await _line(database, w, program_id, w.at(2, 11), visit_id=rec["r5"]["visit_id"])
    await _line(
        database, w, program_id, w.at(2, 12), visit_id=rec["r5"]["visit_id"], reverses_id=undone
    )

    body = await _get(client, w, "visits", program_id)
    assert body["meta"] == []
    stats = body["data"]["client_stats"]
    assert stats["new"] == {
        "all_count": 2,
        "lost_count": 1,
        "returned_count": 1,
        "returned_percent": 50,
    }
    assert stats["old"] == {
        "all_count": 1,
        "lost_count": 1,
        "returned_count": 0,
        "returned_percent": 0,
    }
    assert stats["total"] == {
        "all_count": 3,
        "lost_count": 2,
        "returned_count": 1,
        "returned_percent": 33.3,
    }
    days = {d["date"]: d for d in body["data"]["visits_stats_by_day"]}
    assert len(days) == 7
    two_ago = (w.today - timedelta(days=2)).isoformat()
    yesterday = (w.today - timedelta(days=1)).isoformat()
    assert days[two_ago] == {"date": two_ago, "new_count": 2, "old_count": 0}
    assert days[yesterday] == {"date": yesterday, "new_count": 0, "old_count": 1}
    assert sum(d["new_count"] + d["old_count"] for d in days.values()) == 3

    income = (await _get(client, w, "income", program_id))["data"]
    # Client 1 paid 500 + 200 (the return visit); client 2 paid 300 + 1300.
    assert income["income_stats"] == {
        "new": {"all_sum": 700, "returned_sum": 200},
        "old": {"all_sum": 1600, "returned_sum": 0},
        "total": {"all_sum": 2300, "returned_sum": 200},
    }
    assert income["currency"]["symbol"] == "$"
    by_day = income["income_stats_by_day"]
    assert sum(d["new_sum"] for d in by_day) == 700
    assert sum(d["old_sum"] for d in by_day) == 1600

    staff = await _get(client, w, "staff", program_id)
    assert staff["meta"] == {"count": 1}
    (alex,) = staff["data"]
    assert alex["staff"] == {"id": salon.member_id, "name": "Alex Taylor"}
    assert alex["client_stats"] == {
        "all_count": 2,
        "lost_count": 1,
        "returned_count": 1,
        "returned_percent": 50,
    }


async def test_unknown_or_foreign_program_is_not_found(
    client: httpx.AsyncClient, database: Database, salon: Salon, far_salon: Salon
) -> None:
    t = far_salon.tenant
    kind = await card_type(client, t)
    r = await client.post(
        f"/chain/{t.chain.id}/loyalty/programs",
        json=program_body(t, [kind["id"]]),
        headers=t.headers,
    )
    foreign = r.json()["id"]
    loc = salon.location_id
    period = {"date_from": "2026-01-01", "date_to": "2026-01-07"}
    for what in ("visits", "income", "staff"):
        url = BASE.format(loc=loc) + what
        r = await client.get(
            url, params={**period, "loyalty_program_id": foreign}, headers=salon.headers
        )
        assert_error(r, 404)
        r = await client.get(url, params=period, headers=salon.headers)
        assert_error(r, 422)


async def test_a_program_nobody_used_is_all_zero(
    client: httpx.AsyncClient, database: Database, salon: Salon
) -> None:
    w = await make_week(client, database, salon)
    program_id, _ = await _program(client, w)
    data = (await _get(client, w, "visits", program_id))["data"]
    zero = {"all_count": 0, "lost_count": 0, "returned_count": 0, "returned_percent": 0}
    assert data["client_stats"] == {"new": zero, "old": zero, "total": zero}
    income = (await _get(client, w, "income", program_id))["data"]["income_stats"]
    assert income["total"] == {"all_sum": 0, "returned_sum": 0}
    staff = await _get(client, w, "staff", program_id)
    assert staff == {"success": True, "data": [], "meta": {"count": 0}}
