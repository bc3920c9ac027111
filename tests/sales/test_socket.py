"""Checkout against running server processes: every write path once over a real socket, and
two locations spending one deposit at once through several workers (never more than it
holds)."""

from __future__ import annotations

import asyncio
from decimal import Decimal
from pathlib import Path

import httpx
from sqlalchemy import func, select

from parlour.db import Database
from parlour.models import Deposit, DepositTransaction
from tests.booking.server import running_server
from tests.fixtures.factories import Salon, make_salon
from tests.sales.checkout import balances, open_deposit, sell, sister


async def test_checkout_writes_and_concurrent_deposit_spending(
    client: httpx.AsyncClient,
    database: Database,
    database_url: str,
    salon: Salon,
    tmp_path: Path,
) -> None:
    here = await sell(client, database, salon)
    second = await make_salon(database, await sister(database, salon.tenant))
    there = await sell(client, database, second)
    a, b = salon.tenant, second.tenant
    deposit = await open_deposit(client, a, here.client_id)
    with running_server(database_url, tmp_path, workers=2) as (base, _proc):
        async with httpx.AsyncClient(base_url=base, timeout=60) as http:
            r = await http.post(
                f"/deposits_operations/{a.location_id}",
                json={
                    "client_id": here.client_id,
                    "deposit_id": deposit,
                    "amount": 1000,
                    "account_id": here.accounts["cash"],
                },
                headers=a.headers,
            )
            assert r.status_code == 200, r.text

            async def spend(loc: int, document_id: int, headers: dict[str, str]) -> httpx.Response:
                return await http.post(
                    f"/company/{loc}/sale/{document_id}/payment",
                    json={
                        "payment": {
                            "method": {"slug": "deposit", "deposit_id": deposit},
                            "amount": 300,
                        }
                    },
                    headers=headers,
                )

            answers = await asyncio.gather(
                *(spend(a.location_id, here.document_id, a.headers) for _ in range(5)),
                *(spend(b.location_id, there.document_id, b.headers) for _ in range(5)),
            )
            codes = sorted(x.status_code for x in answers)
            assert codes == [200] * 3 + [422] * 7, [x.text for x in answers]

            # The other write paths once each.
            sale = f"/company/{b.location_id}/sale/{there.document_id}"
            state = (await http.get(sale, headers=b.headers)).json()["data"]["state"]
            if state["loyalty_transactions"]:
                r = await http.delete(
                    sale + f"/payment/loyalty_transaction/{state['loyalty_transactions'][0]['id']}",
                    headers=b.headers,
                )
                assert r.status_code == 200, r.text
            r = await http.post(
                sale + "/payment",
                json={
                    "payment": {
                        "method": {"slug": "account", "account_id": there.accounts["card"]},
                        "amount": 20,
                    }
                },
                headers=b.headers,
            )
            assert r.status_code == 200, r.text
            line = r.json()["data"]["state"]["payment_transactions"][0]
            r = await http.delete(
                sale + f"/payment/payment_transaction/{line['id']}", headers=b.headers
            )
            assert r.status_code == 200, r.text
            r = await http.put(
                f"/visits/{there.visit_id}/{there.record_id}",
                json={"attendance": 1, "comment": "", "fast_payment": 1},
                headers=b.headers,
            )
            assert r.status_code == 200, r.text
            assert r.json()["data"]["records"][0]["paid_full"] == 1
    async with database.session() as s:
        row = (await s.execute(select(Deposit).where(Deposit.id == deposit))).scalar_one()
        moved = await s.execute(
            select(func.sum(DepositTransaction.amount)).where(
                DepositTransaction.deposit_id == deposit, DepositTransaction.deleted.is_(False)
            )
        )
        total = Decimal(moved.scalar_one())
    assert row.balance >= 0
    assert row.balance == total
    assert (await balances(client, b))["card"] == 0
