"""One week of a salon, made through the API: five appointments this week (three the client
came to, one no-show, one pending online booking) and two in the week before, paid through
the sales ledger (this week) and a finance line (the week before)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import httpx

from parlour.db import Database
from parlour.kit.timeutil import local_date, utcnow
from tests.fixtures import factories as f
from tests.fixtures.factories import Salon
from tests.products.ledger import Shop, make_category, make_product, open_shop

NY = ZoneInfo("America/New_York")
PHONES = {n: f"+1315555010{n}" for n in range(1, 6)}


@dataclass
class Week:
    salon: Salon
    shop: Shop
    today: date
    records: dict[str, dict[str, Any]] = field(default_factory=dict)

    @property
    def first(self) -> date:
        return self.today - timedelta(days=3)

    @property
    def last(self) -> date:
        return self.today + timedelta(days=3)

    @property
    def period(self) -> dict[str, str]:
        return {"date_from": self.first.isoformat(), "date_to": self.last.isoformat()}

    def at(self, days: int, hour: int) -> datetime:
        return datetime.combine(
            self.today + timedelta(days=days), datetime.min.time().replace(hour=hour), tzinfo=NY
        )


async def _record(
    http: httpx.AsyncClient,
    salon: Salon,
    *,
    staff_id: int,
    client: int,
    when: datetime,
    cost: int,
    attendance: int,
) -> dict[str, Any]:
    body = salon.body(
        staff_id=staff_id,
        services=[{"id": salon.service_id, "first_cost": cost, "cost": cost}],
        client={"phone": PHONES[client], "name": f"Client {client}"},
        datetime=when.replace(tzinfo=None).isoformat(),
        attendance=attendance,
    )
    r = await http.post(f"/records/{salon.location_id}", json=body, headers=salon.headers)
    assert r.status_code == 201, r.text
    data: dict[str, Any] = r.json()["data"][0]
    return data


async def pay(
    http: httpx.AsyncClient, w: Week, record: dict[str, Any], account: str, amount: int
) -> None:
    loc = w.salon.location_id
    r = await http.get(f"/record/{loc}/{record['id']}", headers=w.salon.headers)
    document_id = r.json()["data"]["documents"][0]["id"]
    r = await http.post(
        f"/company/{loc}/sale/{document_id}/payment",
        json={
            "payment": {
                "method": {"slug": "account", "account_id": w.shop.accounts[account]},
                "amount": amount,
            }
        },
        headers=w.salon.headers,
    )
    assert r.status_code == 200, r.text


async def make_week(http: httpx.AsyncClient, database: Database, salon: Salon) -> Week:
    shop = await open_shop(database, http, salon.tenant)
    w = Week(salon, shop, local_date(utcnow(), NY))
    loc, a, b = salon.location_id, salon.member_id, salon.other_member_id
    week_days = [w.first + timedelta(days=n) for n in range(7)]
    await f.schedule(database, loc, a, week_days)
    await f.schedule(database, loc, b, week_days)
    await f.schedule(database, loc, a, [w.today - timedelta(days=6), w.today - timedelta(days=8)])

    # The week before: client 2 came (paid through a finance line dated then), client 5
    # came and has not been seen since (lost).
    w.records["p1"] = await _record(
        http, salon, staff_id=a, client=2, when=w.at(-6, 10), cost=400, attendance=1
    )
    w.records["p2"] = await _record(
        http, salon, staff_id=a, client=5, when=w.at(-8, 11), cost=100, attendance=1
    )
    r = await http.post(
        f"/finance_transactions/{loc}",
        json={
            "expense_id": 5,
            "amount": 400,
            "account_id": shop.accounts["cash"],
            "client_id": w.records["p1"]["client"]["id"],
            "master_id": a,
            "date": w.at(-6, 11).strftime("%Y-%m-%d %H:%M:%S"),
        },
        headers=salon.headers,
    )
    assert r.status_code == 200, r.text

    # This week.
    w.records["r1"] = await _record(
        http, salon, staff_id=a, client=1, when=w.at(-2, 10), cost=500, attendance=1
    )
    w.records["r2"] = await _record(
        http, salon, staff_id=a, client=2, when=w.at(-1, 10), cost=300, attendance=1
    )
    w.records["r3"] = await _record(
        http, salon, staff_id=b, client=1, when=w.at(-1, 12), cost=200, attendance=1
    )
    w.records["r4"] = await _record(
        http, salon, staff_id=b, client=3, when=w.at(-2, 14), cost=150, attendance=-1
    )
    # A product sold in client 2's visit.
    category = await make_category(http, shop, "Care")
    product = await make_product(http, shop, category["id"], cost=1300)
    r2 = w.records["r2"]
    r = await http.put(
        f"/visits/{r2['visit_id']}/{r2['id']}",
        json={
            "attendance": 1,
            "comment": "",
            "goods_transactions": [
                {
                    "good_id": product["good_id"],
                    "title": "Serum",
                    "amount": -1,
                    "cost_per_unit": 1300,
                    "price": 1300,
                    "storage_id": shop.storages["sale"],
                }
            ],
        },
        headers=salon.headers,
    )
    assert r.status_code == 200, r.text
    await pay(http, w, w.records["r1"], "cash", 500)
    await pay(http, w, w.records["r2"], "card", 1600)
    await pay(http, w, w.records["r3"], "cash", 200)

    # The pending one: booked online by client 4 through a partner's integration.
    at = w.at(2, 10)
    r = await http.post(
        f"/book_record/{loc}",
        json={
            "phone": PHONES[4],
            "fullname": "Client 4",
            "appointments": [
                {
                    "id": 1,
                    "services": [salon.service_id],
                    "staff_id": b,
                    "datetime": at.replace(tzinfo=None).isoformat(),
                }
            ],
        },
        headers=salon.tenant.partner_headers,
    )
    assert r.status_code == 201, r.text
    made = r.json()["data"][0]
    r = await http.get(f"/record/{loc}/{made['record_id']}", headers=salon.headers)
    w.records["r5"] = r.json()["data"]
    return w
