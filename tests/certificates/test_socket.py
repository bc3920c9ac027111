"""Gift certificates against a running server with two worker processes: every write path
once over a real socket, and two locations of one chain redeeming the same certificate at once
never take more than it holds."""

from __future__ import annotations

import asyncio
from decimal import Decimal
from pathlib import Path

import httpx
from sqlalchemy import func, select

from parlour.db import Database
from parlour.models import (
    Certificate,
    CertificateType,
    LoyaltyTransaction,
    SaleLoyaltyTransaction,
)
from tests.booking.server import running_server
from tests.certificates.helpers import pay_body, type_body, visit_sale
from tests.fixtures.factories import Salon, make_salon
from tests.sales.checkout import sister

PER_LOCATION = 5


async def test_concurrent_redemptions_never_overdraw(
    client: httpx.AsyncClient,
    database: Database,
    database_url: str,
    salon: Salon,
    tmp_path: Path,
) -> None:
    here = await visit_sale(client, database, salon)
    second = await make_salon(database, await sister(database, salon.tenant))
    there = await visit_sale(client, database, second)
    a, b = salon.tenant, second.tenant
    types = f"/chain/{a.chain.id}/loyalty/certificate_types"
    with running_server(database_url, tmp_path, workers=2) as (base, _proc):
        limits = httpx.Limits(max_connections=2 * PER_LOCATION)
        async with httpx.AsyncClient(base_url=base, timeout=60, limits=limits) as http:
            r = await http.post(types, json=type_body(item_type_id=0), headers=a.headers)
            assert r.status_code == 200, r.text
            kind = r.json()["data"]
            r = await http.put(
                types + f"/{kind['id']}",
                json=type_body(item_type_id=0, title="Any 3000"),
                headers=a.headers,
            )
            assert r.status_code == 200, r.text
            r = await http.post(types, json=type_body(title="Spare"), headers=a.headers)
            spare = r.json()["data"]
            r = await http.delete(types + f"/{spare['id']}", headers=a.headers)
            assert r.status_code == 200, r.text
            r = await http.post(
                f"/company/{a.location_id}/loyalty/certificates",
                json={"certificate_type_id": kind["id"], "client_id": here.client_id},
                headers=a.headers,
            )
            assert r.status_code == 201, r.text
            sold = r.json()["data"]

            async def redeem(loc: int, document_id: int, headers: dict[str, str]) -> httpx.Response:
                return await http.post(
                    f"/company/{loc}/sale/{document_id}/payment",
                    json=pay_body(sold["id"], 700),
                    headers=headers,
                )

            answers = await asyncio.gather(
                *(redeem(a.location_id, here.document_id, a.headers) for _ in range(PER_LOCATION)),
                *(redeem(b.location_id, there.document_id, b.headers) for _ in range(PER_LOCATION)),
            )
            codes = sorted(x.status_code for x in answers)
            assert codes == [200] * 4 + [422] * 6, [x.text for x in answers]
            assert all(x.json()["success"] is False for x in answers if x.status_code == 422)

            # Deleting one payment gives its 700 back.
            won = next(x for x in answers if x.status_code == 200)
            line = won.json()["data"]["state"]["loyalty_transactions"][-1]
            document_id = line["document_id"]
            loc = a.location_id if document_id == here.document_id else b.location_id
            headers = a.headers if loc == a.location_id else b.headers
            r = await http.delete(
                f"/company/{loc}/sale/{document_id}/payment/loyalty_transaction/{line['id']}",
                headers=headers,
            )
            assert r.status_code == 200, r.text

    async with database.session() as session:
        row = await session.get(Certificate, sold["id"])
        assert row is not None and row.balance == Decimal("900.00")
        spent = await session.scalar(
            select(func.sum(SaleLoyaltyTransaction.amount)).where(
                SaleLoyaltyTransaction.certificate_id == row.id,
                SaleLoyaltyTransaction.deleted.is_(False),
            )
        )
        assert spent == Decimal("2100.00")
        assert row.balance + spent == row.default_balance
        ledger = await session.scalar(
            select(func.sum(LoyaltyTransaction.amount)).where(
                LoyaltyTransaction.certificate_id == row.id
            )
        )
        assert ledger == row.balance - row.default_balance
        saved = await session.get(CertificateType, kind["id"])
        assert saved is not None and saved.title == "Any 3000"
        gone = await session.get(CertificateType, spare["id"])
        assert gone is not None and gone.deleted
