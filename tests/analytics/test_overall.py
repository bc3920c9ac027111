"""The location's key metrics and charts over HTTP: a week of five appointments against the
ledgers and the week before."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import httpx
from sqlalchemy import update

from parlour.db import Database
from parlour.models import TeamMember
from tests.analytics.week import Week, make_week
from tests.fixtures.factories import Salon, assert_error

BASE = "/company/{loc}/analytics/overall"


async def _get(http: httpx.AsyncClient, w: Week, tail: str = "", **params: Any) -> Any:
    url = BASE.format(loc=w.salon.location_id) + tail
    r = await http.get(url, params={**w.period, **params}, headers=w.salon.headers)
    assert r.status_code == 200, r.text
    return r.json()


async def test_week_against_ledgers_and_the_week_before(
    client: httpx.AsyncClient, database: Database, salon: Salon
) -> None:
    w = await make_week(client, database, salon)
    body = await _get(client, w)
    assert body["success"] is True and body["meta"] == []
    data = body["data"]

    # Income equals the ledger's income lines of the period.
    loc = w.salon.location_id
    r = await client.get(
        f"/transactions/{loc}",
        params={"start_date": w.first.isoformat(), "end_date": w.last.isoformat()},
        headers=w.salon.headers,
    )
    ledger = sum(x["amount"] for x in r.json()["data"] if x["amount"] > 0)
    assert ledger == 2300
    total = data["income_total_stats"]
    assert total["current_sum"] == "2300.00" and total["previous_sum"] == "400.00"
    assert total["change_percent"] == 475
    assert total["currency"]["symbol"] == "$"
    services = data["income_services_stats"]
    assert (services["current_sum"], services["previous_sum"]) == ("1000.00", "400.00")
    assert services["change_percent"] == 150
    goods = data["income_goods_stats"]
    assert (goods["current_sum"], goods["previous_sum"], goods["change_percent"]) == (
        "1300.00",
        "0.00",
        None,
    )
    average = data["income_average_stats"]  # three paid visits
    assert (average["current_sum"], average["previous_sum"]) == ("766.67", "400.00")
    assert average["change_percent"] == 92
    average = data["income_average_services_stats"]
    assert (average["current_sum"], average["change_percent"]) == ("333.33", -17)

    assert data["record_stats"] == {
        "current_completed_count": 3,
        "current_completed_percent": 60,
        "current_pending_count": 1,
        "current_pending_percent": 20,
        "current_canceled_count": 1,
        "current_canceled_percent": 20,
        "current_total_count": 5,
        "previous_total_count": 2,
        "change_percent": 150,
    }
    # 5 booked hours over 2 members x 7 days x 9 hours; the week before 2 over 2 x 9.
    assert data["fullness_stats"] == {
        "current_percent": 4.0,
        "previous_percent": 11.1,
        "change_percent": -64,
    }
    # Active: clients 1-4; new: 1, 3, 4; returning: 2; lost: 5 (of 5 clients).
    assert data["client_stats"] == {
        "total_count": 5,
        "new_count": 3,
        "new_percent": 75,
        "return_count": 1,
        "return_percent": 25,
        "active_count": 4,
        "lost_count": 1,
        "lost_percent": 20,
    }


async def test_charts_add_up_to_the_overall(
    client: httpx.AsyncClient, database: Database, salon: Salon
) -> None:
    w = await make_week(client, database, salon)
    overall = (await _get(client, w))["data"]
    days = [(w.first + timedelta(days=n)) for n in range(7)]

    (income,) = await _get(client, w, "/charts/income_daily")
    assert income["label"] == "Revenue" and len(income["data"]) == 7
    assert income["data"][0][0] == f"{days[0].isoformat()}T00:00:00.000-05:00" or income["data"][0][
        0
    ].startswith(f"{days[0].isoformat()}T00:00:00.000-0")
    assert (
        sum(v for _, v in income["data"])
        == 2300
        == float(overall["income_total_stats"]["current_sum"])
    )

    every, online, new = await _get(client, w, "/charts/records_daily")
    assert sum(v for _, v in every["data"]) == overall["record_stats"]["current_total_count"]
    assert sum(v for _, v in online["data"]) == 1
    assert sum(v for _, v in new["data"]) == 4  # clients 1 (twice), 3 and 4
    by_day = {d[0][:10]: d[1] for d in every["data"]}
    assert by_day[(w.today - timedelta(days=2)).isoformat()] == 2

    sources = await _get(client, w, "/charts/record_source")
    assert {s["label"]: s["data"] for s in sources} == {
        "Administrator": 4,
        "Widget": 0,
        "API": 1,
        "Client cabinet": 0,
    }
    statuses = await _get(client, w, "/charts/record_status")
    assert {s["label"]: s["data"] for s in statuses} == {
        "Customer expectation": 1,
        "The client came": 3,
        "Customer confirmed": 0,
        "Client didn't come": 1,
    }
    assert sum(s["data"] for s in statuses) == sum(s["data"] for s in sources) == 5

    (fullness,) = await _get(client, w, "/charts/fullness_daily")
    points = {d[0][:10]: d[1] for d in fullness["data"]}
    assert points[(w.today - timedelta(days=2)).isoformat()] == 11.1  # 2 h over 18 h
    assert points[(w.today + timedelta(days=2)).isoformat()] == 5.6  # 1 h over 18 h
    assert points[w.last.isoformat()] == 0
    # The days' booked minutes over the days' scheduled minutes give the overall figure.
    assert round(sum(points.values()) / 7, 1) == overall["fullness_stats"]["current_percent"]


async def test_filters_narrow_to_team_members(
    client: httpx.AsyncClient, database: Database, salon: Salon
) -> None:
    w = await make_week(client, database, salon)
    mine = (await _get(client, w, team_member_id=salon.member_id))["data"]
    assert mine["record_stats"]["current_total_count"] == 2
    assert mine["record_stats"]["previous_total_count"] == 2
    assert mine["income_total_stats"]["current_sum"] == "2100.00"  # 500 + 300 + 1300
    legacy = (await _get(client, w, staff_id=salon.member_id))["data"]
    assert legacy == mine
    other = await _get(client, w, "/charts/record_source", team_member_id=salon.other_member_id)
    assert sum(s["data"] for s in other) == 3

    r = await client.post(
        f"/company/{salon.location_id}/positions/quick",
        json={"title": "Barber"},
        headers=salon.headers,
    )
    position = r.json()["data"]["id"]
    async with database.session(write=True) as session:
        await session.execute(
            update(TeamMember)
            .where(TeamMember.id == salon.other_member_id)
            .values(position_id=position)
        )
    async with database.session(write=True) as session:
        await session.execute(
            update(TeamMember)
            .where(TeamMember.id == salon.member_id)
            .values(user_id=salon.tenant.user.id)
        )
    by_user = (await _get(client, w, user_id=salon.tenant.user.id))["data"]
    assert by_user == mine
    by_position = (await _get(client, w, position_id=position))["data"]
    assert by_position["record_stats"]["current_total_count"] == 3
    assert by_position["income_total_stats"]["current_sum"] == "200.00"
    nobody = (await _get(client, w, position_id=position, team_member_id=salon.member_id))["data"]
    assert nobody["record_stats"]["current_total_count"] == 0
    assert nobody["record_stats"]["current_completed_percent"] is None
    assert nobody["income_total_stats"]["change_percent"] == 0


async def test_bad_periods_are_refused(
    client: httpx.AsyncClient, database: Database, salon: Salon
) -> None:
    loc = salon.location_id
    url = BASE.format(loc=loc)
    h = salon.headers
    assert_error(await client.get(url, params={"date_from": "2026-01-01"}, headers=h), 422)
    bad = {"date_from": "2026-01-10", "date_to": "2026-01-01"}
    assert_error(await client.get(url, params=bad, headers=h), 422, "date_to")
    long = {"date_from": "2024-01-01", "date_to": "2026-01-01"}
    assert_error(await client.get(url, params=long, headers=h), 422, "date_to")
    junk = {"date_from": "soon", "date_to": "2026-01-01"}
    assert_error(await client.get(url, params=junk, headers=h), 422, "date_from")
    both = {"date_from": "2026-01-01", "date_to": "2026-01-02", "staff_id": 1, "team_member_id": 2}
    assert_error(await client.get(url, params=both, headers=h), 422, "team_member_id")
    r = await client.get(url + "/charts/record_status", params=bad, headers=h)
    assert_error(r, 422, "date_to")
