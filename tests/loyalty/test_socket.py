"""Loyalty writes against a running server with several worker processes: what the answers
say is what the database holds, and concurrent withdrawals from one card through the location
and the chain never take more than it holds."""

from __future__ import annotations

import asyncio
from decimal import Decimal
from pathlib import Path

import httpx
from sqlalchemy import func, select

from parlour.db import Database
from parlour.models import LoyaltyCard, LoyaltyProgram, LoyaltyTransaction
from tests.booking.server import running_server
from tests.fixtures.factories import Tenant
from tests.loyalty.helpers import card_type, issue, program_body

CONCURRENT = 24


async def test_concurrent_withdrawals_never_overdraw(
    database: Database, database_url: str, world: Tenant, tmp_path: Path
) -> None:
    h, loc, chain = world.headers, world.location_id, world.chain.id
    with running_server(database_url, tmp_path, workers=3) as (base, _proc):
        limits = httpx.Limits(max_connections=CONCURRENT)
        async with httpx.AsyncClient(base_url=base, timeout=60, limits=limits) as http:
            kind = await card_type(http, world)
            program = await http.post(
                f"/chain/{chain}/loyalty/programs",
                json=program_body(world, [kind["id"]]),
                headers=h,
            )
            assert program.status_code == 200, program.text
            r = await http.put(
                f"/chain/{chain}/loyalty/programs/{program.json()['id']}",
                json=program_body(world, [kind["id"]], title="Renamed"),
                headers=h,
            )
            assert r.status_code == 200
            card = await issue(http, world, kind["id"])
            r = await http.post(
                f"/chain/{chain}/loyalty/cards/{card['id']}/manual_transaction",
                json={"amount": 100},
                headers=h,
            )
            assert r.json()["data"]["balance"] == 100

            async def withdraw(n: int) -> httpx.Response:
                url = (
                    f"/company/{loc}/loyalty/cards/{card['id']}/manual_transaction"
                    if n % 2
                    else f"/chain/{chain}/loyalty/cards/{card['id']}/manual_transaction"
                )
                return await http.post(url, json={"amount": -30}, headers=h)

            answers = await asyncio.gather(*(withdraw(n) for n in range(CONCURRENT)))
            spare = await issue(http, world, kind["id"], number="spare", phone="+13155550199")
            assert (
                await http.delete(f"/loyalty/cards/{loc}/{spare['id']}", headers=h)
            ).status_code == 204

    won = [r for r in answers if r.status_code == 200]
    lost = [r for r in answers if r.status_code != 200]
    assert len(won) == 3, [r.text for r in answers][:5]
    assert all(r.status_code == 422 and r.json()["success"] is False for r in lost)
    assert sorted(r.json()["data"]["balance"] for r in won) == [10, 40, 70]
    async with database.session() as session:
        row = await session.get(LoyaltyCard, card["id"])
        assert row is not None and row.balance == Decimal("10.00")
        total = await session.scalar(
            select(func.sum(LoyaltyTransaction.amount)).where(LoyaltyTransaction.card_id == row.id)
        )
        assert total == Decimal("10.00")
        gone = await session.get(LoyaltyCard, spare["id"])
        assert gone is not None and gone.deleted
        saved = await session.get(LoyaltyProgram, program.json()["id"])
        assert saved is not None and saved.title == "Renamed"
