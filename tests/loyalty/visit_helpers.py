"""Shared steps of the loyalty-in-a-visit tests: a visit of one service at a price, its sale,
paying it, and the card's balance as the API shows it."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import httpx

from parlour.db import Database
from tests.fixtures.factories import DAY, Salon, Tenant
from tests.loyalty.helpers import PHONE
from tests.products.ledger import open_shop


@dataclass
class Sold:
    location_id: int
    record_id: int
    visit_id: int
    document_id: int
    client_id: int
    accounts: dict[str, int]

    @property
    def sale(self) -> str:
        return f"/company/{self.location_id}/sale/{self.document_id}"

    def body(self, **extra: Any) -> dict[str, Any]:
        return {"record_id": self.record_id, "visit_id": self.visit_id, **extra}


async def visit(
    http: httpx.AsyncClient,
    database: Database,
    salon: Salon,
    *,
    cost: int = 1000,
    day: int = 0,
    phone: str = PHONE,
) -> Sold:
    """A record of one service at ``cost`` for the client of ``phone`` ``day`` days after DAY
    (records of one client on one day share a visit), and its sale."""
    shop = await open_shop(database, http, salon.tenant)
    body = salon.body(
        services=[{"id": salon.service_id, "first_cost": cost}],
        client={"phone": phone, "name": "Jane"},
        datetime=f"{(DAY + timedelta(days=day)).isoformat()}T10:00:00",
    )
    loc = salon.location_id
    r = await http.post(f"/records/{loc}", json=body, headers=salon.headers)
    assert r.status_code == 201, r.text
    record = r.json()["data"][0]
    r = await http.get(f"/record/{loc}/{record['id']}", headers=salon.headers)
    document_id = r.json()["data"]["documents"][0]["id"]
    return Sold(
        loc, record["id"], record["visit_id"], document_id, record["client"]["id"], shop.accounts
    )


async def pay(
    http: httpx.AsyncClient, t: Tenant, sold: Sold, amount: float, kind: str = "cash"
) -> dict[str, Any]:
    r = await http.post(
        sold.sale + "/payment",
        json={
            "payment": {
                "method": {"slug": "account", "account_id": sold.accounts[kind]},
                "amount": amount,
            }
        },
        headers=t.headers,
    )
    assert r.status_code == 200, r.text
    data: dict[str, Any] = r.json()["data"]
    return data


async def state(http: httpx.AsyncClient, t: Tenant, sold: Sold) -> dict[str, Any]:
    r = await http.get(sold.sale, headers=t.headers)
    assert r.status_code == 200, r.text
    data: dict[str, Any] = r.json()["data"]
    return data


def owed(data: dict[str, Any]) -> float:
    items = data["state"]["items"]
    paid = sum(x["amount"] for x in data["state"]["payment_transactions"]) + sum(
        x["amount"] for x in data["state"]["loyalty_transactions"] if x["type_id"] != 1
    )
    return float(sum(i["cost_to_pay_total"] for i in items) - paid)


async def balance(http: httpx.AsyncClient, t: Tenant, card_id: int, phone: str = PHONE) -> float:
    r = await http.get(f"/loyalty/cards/{phone}/{t.chain.id}/{t.location_id}", headers=t.headers)
    assert r.status_code == 200, r.text
    return float(next(c["balance"] for c in r.json() if c["id"] == card_id))


async def program(
    http: httpx.AsyncClient,
    t: Tenant,
    type_id: int,
    kind: str,
    rules: Sequence[tuple[float, ...]],
    **changes: Any,
) -> dict[str, Any]:
    body: dict[str, Any] = {
        "title": kind,
        "type": kind,
        "service_item_type": "any_allowed",
        "good_item_type": "any_allowed",
        "allowed_good_ids": {},
        "value_unit": "percent",
        "params_source_type": "loyalty_card",
        "loyalty_card_type_ids": [type_id],
        # A rule is (parameter, value) or (parameter, value, the service it names).
        "rules": [
            {"parameter": r[0], "value": r[1], "service_id": r[2] if len(r) > 2 else 0}
            for r in rules
        ],
        "company_ids": [t.location_id],
        **changes,
    }
    r = await http.post(f"/chain/{t.chain.id}/loyalty/programs", json=body, headers=t.headers)
    assert r.status_code == 200, r.text
    data: dict[str, Any] = r.json()
    return data


async def referral_program(
    http: httpx.AsyncClient, t: Tenant, type_id: int, reward: int, invited_percent: int
) -> int:
    """The chain's referral program (Parlour's extension route): the inviter earns
    ``reward``, the invited client gets ``invited_percent`` off."""
    r = await http.post(
        f"/chain/{t.chain.id}/loyalty/referral_programs",
        json={
            "title": "Invite a friend",
            "inviter_value": reward,
            "invited_discount_percent": invited_percent,
            "loyalty_card_type_ids": [type_id],
            "company_ids": [t.location_id],
        },
        headers=t.headers,
    )
    assert r.status_code == 200, r.text
    program_id: int = r.json()["id"]
    assert [x["value"] for x in r.json()["rules"]] == [reward, invited_percent]
    return program_id
