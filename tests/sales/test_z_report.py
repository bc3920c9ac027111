"""The Z-report: computed from the ledgers, its sums equal the day's payment lines."""

from __future__ import annotations

from typing import Any

import httpx

from parlour.db import Database
from tests.fixtures.factories import Salon, assert_error
from tests.sales.checkout import open_deposit, sell


def _sums(data: dict[str, Any]) -> tuple[float, float]:
    accounts = loyalty = 0.0
    for rows in data["z_data"].values():
        for row in rows:
            for master in row["masters"]:
                entries = master["service"] + master["good"] + [master["others"]]
                for entry in entries:
                    for t in entry["transactions"]:
                        accounts += t["accounts_amount"]
                        loyalty += t["loyalty_amount"]
    return round(accounts, 2), round(loyalty, 2)


async def test_z_report_adds_up(
    client: httpx.AsyncClient, database: Database, salon: Salon
) -> None:
    v = await sell(client, database, salon)
    h = salon.headers
    loc = v.location_id
    sale = f"/company/{loc}/sale/{v.document_id}/payment"

    async def pay(method: dict[str, Any], amount: float) -> None:
        r = await client.post(
            sale, json={"payment": {"method": method, "amount": amount}}, headers=h
        )
        assert r.status_code == 200, r.text

    deposit = await open_deposit(client, salon.tenant, v.client_id)
    r = await client.post(
        f"/deposits_operations/{loc}",
        json={
            "client_id": v.client_id,
            "deposit_id": deposit,
            "amount": 500,
            "account_id": v.accounts["cash"],
        },
        headers=h,
    )
    assert r.status_code == 200, r.text
    await pay({"slug": "account", "account_id": v.accounts["cash"]}, 1000)
    await pay({"slug": "deposit", "deposit_id": deposit}, 300)
    await pay({"slug": "account", "account_id": v.accounts["card"]}, 320)

    r = await client.get(f"/reports/z_report/{loc}", headers=h)
    assert r.status_code == 200, r.text
    data = r.json()["data"]
    lines = (await client.get(f"/transactions/{loc}", params={"balance_is": 1}, headers=h)).json()
    income = round(sum(x["amount"] for x in lines["data"]), 2)
    assert data["paids"]["total"]["accounts"] == income == 1820
    assert sum(a["amount"] for a in data["paids"]["accounts"]) == 1820
    assert data["paids"]["total"]["discount"] == 300
    assert _sums(data) == (1820, 300)
    stats = data["stats"]
    assert stats["targets_paid"] + stats["goods_paid"] == 1620
    assert stats["targets"] == 1 and stats["goods"] == 1 and stats["clients"] == 1

    r = await client.get(
        f"/reports/z_report/{loc}", params={"master_id": salon.member_id}, headers=h
    )
    mine = r.json()["data"]
    assert mine["paids"]["total"]["accounts"] == 1320 and _sums(mine) == (1320, 300)
    r = await client.get(
        f"/reports/z_report/{loc}", params={"team_member_id": salon.other_member_id}, headers=h
    )
    assert r.json()["data"]["paids"]["total"] == {"accounts": 0, "discount": 0}
    r = await client.get(
        f"/reports/z_report/{loc}",
        params={"master_id": salon.member_id, "team_member_id": salon.other_member_id},
        headers=h,
    )
    assert_error(r, 422, "team_member_id")
    r = await client.get(f"/reports/z_report/{loc}", params={"start_date": "2031-06-02"}, headers=h)
    day = r.json()["data"]
    assert day["stats"]["records"] == 1 and day["stats"]["visit_records"] == 1
    assert day["paids"]["total"]["accounts"] == 0
