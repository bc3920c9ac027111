"""Two payments of one sale at once through several server workers: what the sale owes is
read after the other payment has committed, so the sale is never paid twice over."""

from __future__ import annotations

import asyncio
from decimal import Decimal
from pathlib import Path

import httpx
from sqlalchemy import func, select

from parlour.db import Database
from parlour.models import FinanceTransaction
from tests.booking.server import running_server
from tests.fixtures.factories import Salon
from tests.sales.checkout import sell

RACERS = 6


async def test_racing_payments_of_one_sale_never_overpay_it(
    client: httpx.AsyncClient,
    database: Database,
    database_url: str,
    salon: Salon,
    tmp_path: Path,
) -> None:
    sold = await sell(client, database, salon)  # owes 450 + 1170 = 1620
    t = salon.tenant
    sale = f"/company/{t.location_id}/sale/{sold.document_id}"
    with running_server(database_url, tmp_path, workers=2) as (base, _proc):
        limits = httpx.Limits(max_connections=RACERS)
        async with httpx.AsyncClient(base_url=base, timeout=60, limits=limits) as http:

            async def pay() -> httpx.Response:
                return await http.post(
                    sale + "/payment",
                    json={
                        "payment": {
                            "method": {"slug": "account", "account_id": sold.accounts["cash"]},
                            "amount": 1000,
                        }
                    },
                    headers=t.headers,
                )

            answers = await asyncio.gather(*(pay() for _ in range(RACERS)))
            codes = sorted(a.status_code for a in answers)
            assert codes == [200] + [422] * (RACERS - 1), [a.text for a in answers]
            state = (await http.get(sale, headers=t.headers)).json()["data"]["state"]
    async with database.session() as session:
        paid = await session.scalar(
            select(func.sum(FinanceTransaction.amount)).where(
                FinanceTransaction.document_id == sold.document_id,
                FinanceTransaction.deleted.is_(False),
            )
        )
    assert Decimal(paid) == Decimal(1000)
    assert sum(p["amount"] for p in state["payment_transactions"]) == 1000
