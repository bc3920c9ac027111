"""Membership writes against a running server with two worker processes: the type and
membership operations answer what the database holds, and two locations of one chain using
the same membership at once never take more visits than it holds."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
from sqlalchemy import func, select

from parlour.db import Database
from parlour.models import ClientMembership, MembershipType, MembershipUse
from tests.booking.server import running_server
from tests.fixtures.factories import Salon, make_salon
from tests.memberships.helpers import make_type, sell_membership, type_body, use_body
from tests.sales.checkout import sell, sister

PER_LOCATION = 4


async def test_two_locations_never_take_more_than_it_holds(
    database: Database, database_url: str, salon: Salon, tmp_path: Path
) -> None:
    a = salon.tenant
    second = await make_salon(database, await sister(database, a))
    b = second.tenant
    with running_server(database_url, tmp_path, workers=2) as (base, _proc):
        limits = httpx.Limits(max_connections=2 * PER_LOCATION)
        async with httpx.AsyncClient(base_url=base, timeout=60, limits=limits) as http:
            here = await sell(http, database, salon)
            there = await sell(http, database, second)
            kind = await make_type(
                http,
                a,
                {salon.service_id: 1, second.service_id: 1},
                is_united_balance=True,
                united_balance_services_count=2,
            )
            types = f"/chain/{a.chain.id}/loyalty/abonement_types"
            r = await http.put(
                f"{types}/{kind['id']}",
                json=type_body({})
                | {
                    "title": "Two cuts",
                    "is_united_balance": True,
                    "united_balance_services_count": 1,
                },
                headers=a.headers,
            )
            assert r.status_code == 200, r.text
            clone = (await http.post(f"{types}/{kind['id']}/clone", headers=a.headers)).json()
            spare = clone["data"]["id"]
            r = await http.patch(
                f"{types}/{spare}/archive", json={"is_archived": True}, headers=a.headers
            )
            assert r.json()["data"]["is_archived"] is True
            assert (await http.delete(f"{types}/{spare}", headers=a.headers)).status_code == 204
            r = await http.post(f"{types}/{spare}/restore", headers=a.headers)
            assert r.status_code == 200, r.text

            m = await sell_membership(http, a, kind["id"], here.client_id)
            assert m["united_balance_services_count"] == 1
            one = f"/chain/{a.chain.id}/loyalty/abonements/{m['id']}"
            till = (datetime.now(UTC).date() + timedelta(days=3)).isoformat()
            assert (
                await http.post(one + "/freeze", json={"freeze_till": till}, headers=a.headers)
            ).status_code == 200
            assert (await http.post(one + "/unfreeze", headers=a.headers)).status_code == 200
            r = await http.post(
                one + "/set_period", json={"period": 2, "period_unit_id": 3}, headers=a.headers
            )
            assert r.status_code == 200, r.text

            async def use(n: int) -> httpx.Response:
                t, visit = (a, here) if n % 2 else (b, there)
                url = f"/company/{t.location_id}/sale/{visit.document_id}/payment"
                return await http.post(url, json=use_body(m), headers=t.headers)

            answers = await asyncio.gather(*(use(n) for n in range(2 * PER_LOCATION)))
            won = [r for r in answers if r.status_code == 200]
            lost = [r for r in answers if r.status_code != 200]
            assert len(won) == 1, [r.text for r in answers][:3]
            assert all(r.status_code == 422 and r.json()["success"] is False for r in lost)

            # The chain tops it up to one visit again: the other location uses it.
            r = await http.post(
                one + "/set_balance", json={"united_balance_services_count": 1}, headers=a.headers
            )
            assert r.json()["data"][0]["united_balance_services_count"] == 1
            again = await asyncio.gather(*(use(n) for n in range(2 * PER_LOCATION)))
            assert sum(r.status_code == 200 for r in again) == 1

    async with database.session() as session:
        row = await session.get(ClientMembership, m["id"])
        assert row is not None and row.united_count == 0 and row.status_id == 2
        uses = await session.scalar(
            select(func.count())
            .select_from(MembershipUse)
            .where(MembershipUse.membership_id == row.id, MembershipUse.deleted.is_(False))
        )
        assert uses == 2
        kept = await session.get(MembershipType, spare)
        assert kept is not None and not kept.deleted and kept.archived
