"""Loyalty in a visit against a running server with two worker processes: every write path
once over a real socket, and two locations of the chain redeeming one card at once (the
visit's capped withdrawal in one, the strict card payment method in the other) never take
more than the card holds."""

from __future__ import annotations

import asyncio
from decimal import Decimal
from pathlib import Path

import httpx
from sqlalchemy import func, select

from parlour.db import Database
from parlour.models import LoyaltyCard, LoyaltyTransaction, SaleLoyaltyTransaction
from tests.booking.server import running_server
from tests.fixtures.factories import Salon, make_salon
from tests.loyalty.helpers import card_type, issue
from tests.loyalty.visit_helpers import program, referral_program, visit
from tests.sales.checkout import sister

EACH = 5


async def test_two_locations_redeem_one_card_at_once(
    client: httpx.AsyncClient,
    database: Database,
    database_url: str,
    salon: Salon,
    tmp_path: Path,
) -> None:
    a = salon.tenant
    second = await make_salon(database, await sister(database, a))
    b = second.tenant
    kind = await card_type(client, a)
    discount = await program(client, a, kind["id"], "discount_static", [(0, 10)])
    await program(
        client, a, kind["id"], "cashback_static_paid", [(0, 5)], company_ids=[b.location_id]
    )
    await referral_program(client, a, kind["id"], reward=20, invited_percent=0)
    card = await issue(client, a, kind["id"])
    inviter = await issue(client, a, kind["id"], number="inviter", phone="+13155550111")
    here = await visit(client, database, salon)
    there = await visit(client, database, second)
    spare = await visit(client, database, salon, day=1)
    r = await client.post(
        f"/chain/{a.chain.id}/loyalty/cards/{card['id']}/manual_transaction",
        json={"amount": 100},
        headers=a.headers,
    )
    assert r.status_code == 200, r.text

    with running_server(database_url, tmp_path, workers=2) as (base, _proc):
        async with httpx.AsyncClient(base_url=base, timeout=60) as http:

            async def capped() -> httpx.Response:
                return await http.post(
                    f"/visit/loyalty/apply_card_withdrawal/{a.location_id}/{card['id']}",
                    json=here.body(amount=30),
                    headers=a.headers,
                )

            async def strict() -> httpx.Response:
                method = {"slug": "loyalty_card", "loyalty_card_id": card["id"]}
                return await http.post(
                    there.sale + "/payment",
                    json={"payment": {"method": method, "amount": 30}},
                    headers=b.headers,
                )

            answers = await asyncio.gather(
                *(capped() for _ in range(EACH)), *(strict() for _ in range(EACH))
            )
            assert all(x.status_code in (200, 422) for x in answers), [x.text for x in answers]
            assert all(x.status_code == 200 for x in answers[:EACH])
            drained = await http.get(
                f"/loyalty/cards/+13155550175/{a.chain.id}/{a.location_id}", headers=a.headers
            )
            assert drained.json()[0]["balance"] == 0

            # The other write paths once each.
            loc = a.location_id
            r = await http.post(
                f"/visit/loyalty/cancel_card_withdrawal/{loc}/{card['id']}",
                json=here.body(),
                headers=a.headers,
            )
            assert r.status_code == 200 and r.json()["loyalty_transactions"] == []
            taken_back = await http.get(
                f"/loyalty/cards/+13155550175/{a.chain.id}/{loc}", headers=a.headers
            )
            url = f"/visit/loyalty/apply_discount_program/{loc}/{card['id']}/{discount['id']}"
            r = await http.post(url, json=spare.body(), headers=a.headers)
            assert [x["amount"] for x in r.json()["loyalty_transactions"]] == [100], r.text
            r = await http.post(
                url.replace("apply_", "cancel_"), json=spare.body(), headers=a.headers
            )
            assert r.status_code == 200 and r.json()["loyalty_transactions"] == []
            r = await http.post(
                f"/visit/loyalty/apply_referral_program/{loc}/{a.chain.id}",
                json=spare.body(referrer_phone="+13155550111"),
                headers=a.headers,
            )
            assert r.status_code == 200, r.text
            r = await http.post(
                spare.sale + "/payment",
                json={
                    "payment": {
                        "method": {"slug": "account", "account_id": spare.accounts["cash"]},
                        "amount": 1000,
                    }
                },
                headers=a.headers,
            )
            assert r.status_code == 200, r.text
            r = await http.get(f"/visit/loyalty/transactions/{spare.visit_id}", headers=a.headers)
            assert [(x["type_id"], x["amount"]) for x in r.json()] == [(4, 20)]

    strict_won = sum(1 for x in answers[EACH:] if x.status_code == 200)
    # Everything the card held went, to the strict payments first come and the capped rest.
    assert taken_back.json()[0]["balance"] == 100 - 30 * strict_won
    async with database.session() as session:
        row = await session.get(LoyaltyCard, card["id"])
        assert row is not None and row.balance == Decimal(100 - 30 * strict_won)
        ledger = await session.scalar(
            select(func.sum(LoyaltyTransaction.amount)).where(LoyaltyTransaction.card_id == row.id)
        )
        assert ledger == row.balance
        paid = await session.scalar(
            select(func.sum(SaleLoyaltyTransaction.amount)).where(
                SaleLoyaltyTransaction.card_id == row.id,
                SaleLoyaltyTransaction.type_id == 3,
                SaleLoyaltyTransaction.deleted.is_(False),
            )
        )
        # None when every strict payment lost the race (the capped ones drained the card).
        assert (paid or Decimal(0)) == Decimal(30 * strict_won)
        referred = await session.get(LoyaltyCard, inviter["id"])
        assert referred is not None and referred.balance == 20
