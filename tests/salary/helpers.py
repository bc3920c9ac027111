"""A month of paid visits for the salary tests: three visits of one team member, paid with
money, a client discount, a service's own discount, a product sold with a visit and a gift
certificate; plus a visit the client missed and a visit of another member (neither counts)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

import httpx
from sqlalchemy import update

from parlour.auth import service as auth_service
from parlour.db import Database
from parlour.models import Client, Membership, SaleLoyaltyTransaction, ScheduleDay
from parlour.models.loyalty import TX_CERTIFICATE_WITHDRAWAL
from tests.fixtures.factories import Salon, Tenant, only_rights
from tests.products.ledger import make_category, make_product, open_shop


def last_month(tenant: Tenant) -> tuple[date, date]:
    today = datetime.now(UTC).astimezone(ZoneInfo(tenant.location.timezone_name)).date()
    end = today.replace(day=1) - timedelta(days=1)
    return end.replace(day=1), end


def today_of(tenant: Tenant) -> date:
    return datetime.now(UTC).astimezone(ZoneInfo(tenant.location.timezone_name)).date()


@dataclass
class Month:
    start: date
    end: date
    cash: int
    records: list[int] = field(default_factory=list)
    product_id: int = 0


async def _record(
    http: httpx.AsyncClient,
    salon: Salon,
    day: date,
    services: list[dict[str, Any]],
    phone: str,
    *,
    staff_id: int | None = None,
) -> dict[str, Any]:
    body = salon.body(
        staff_id=staff_id or salon.member_id,
        services=services,
        client={"phone": phone, "name": "Client"},
        datetime=f"{day.isoformat()}T10:00:00",
    )
    r = await http.post(f"/records/{salon.location_id}", json=body, headers=salon.headers)
    assert r.status_code == 201, r.text
    record: dict[str, Any] = r.json()["data"][0]
    return record


async def _came(
    http: httpx.AsyncClient, salon: Salon, record: dict[str, Any], goods: list[dict[str, Any]]
) -> int:
    """Mark the client as come (with the goods sold); the visit's sale document id."""
    r = await http.put(
        f"/visits/{record['visit_id']}/{record['id']}",
        json={"attendance": 1, "comment": "", "goods_transactions": goods},
        headers=salon.headers,
    )
    assert r.status_code == 200, r.text
    r = await http.get(f"/record/{salon.location_id}/{record['id']}", headers=salon.headers)
    return int(r.json()["data"]["documents"][0]["id"])


async def _pay(
    http: httpx.AsyncClient, salon: Salon, document_id: int, account: int, amount: Any
) -> None:
    r = await http.post(
        f"/company/{salon.location_id}/sale/{document_id}/payment",
        json={"payment": {"method": {"slug": "account", "account_id": account}, "amount": amount}},
        headers=salon.headers,
    )
    assert r.status_code in (200, 201), r.text


async def paid_month(http: httpx.AsyncClient, database: Database, salon: Salon) -> Month:
    """Member A's month: earned 445 in services (net) and 180 in goods (net).

    1. Haircut 100, paid 100 in cash.
    2. Coloring 250 and a 200 product for a client with a 10% discount: 225 + 180, paid.
    3. Haircut 150 with its own 20% discount (120): 50 by gift certificate, 70 in cash.
    4. A visit the client did not come to, and a visit of member B: not A's earnings.
    """
    tenant = salon.tenant
    start, end = last_month(tenant)
    shop = await open_shop(database, http, tenant)
    category = await make_category(http, shop, "Care")
    product = await make_product(http, shop, category["id"], cost=200)
    month = Month(start, end, shop.accounts["cash"], product_id=int(product["good_id"]))
    cash = shop.accounts["cash"]
    async with database.session(write=True) as session:
        for n in range((end - start).days + 1):
            for who in (salon.member_id, salon.other_member_id):
                session.add(
                    ScheduleDay(
                        location_id=salon.location_id,
                        team_member_id=who,
                        day_date=start + timedelta(days=n),
                        slots=[{"from": "09:00", "to": "18:00"}],
                    )
                )

    one = await _record(
        http,
        salon,
        start + timedelta(days=2),
        [{"id": salon.service_id, "first_cost": 100}],
        "+13155550101",
    )
    doc = await _came(http, salon, one, [])
    await _pay(http, salon, doc, cash, 100)

    two = await _record(
        http,
        salon,
        start + timedelta(days=9),
        [{"id": salon.second_service_id, "first_cost": 250}],
        "+13155550102",
    )
    async with database.session(write=True) as session:
        await session.execute(
            update(Client).where(Client.id == two["client"]["id"]).values(discount=10)
        )
    goods = [
        {
            "good_id": product["good_id"],
            "title": "Serum",
            "amount": -1,
            "cost_per_unit": 200,
            "price": 200,
            "storage_id": shop.storages["sale"],
        }
    ]
    doc = await _came(http, salon, two, goods)
    await _pay(http, salon, doc, cash, 405)

    three = await _record(
        http,
        salon,
        start + timedelta(days=16),
        [{"id": salon.service_id, "first_cost": 150, "discount": 20}],
        "+13155550103",
    )
    doc = await _came(http, salon, three, [])
    sale = (
        await http.get(f"/company/{salon.location_id}/sale/{doc}", headers=salon.headers)
    ).json()["data"]
    item = next(i for i in sale["state"]["items"] if i["type"] == "service")
    # Gift-certificate payments are built by another section in parallel: the certificate's
    # payment line (loyalty transaction type 8) is written straight into the database here.
    async with database.session(write=True) as session:
        session.add(
            SaleLoyaltyTransaction(
                location_id=salon.location_id,
                document_id=doc,
                sale_item_type="service",
                sale_item_id=item["id"],
                record_id=three["id"],
                type_id=TX_CERTIFICATE_WITHDRAWAL,
                amount=Decimal(50),
            )
        )
    await _pay(http, salon, doc, cash, 70)

    await _record(
        http,
        salon,
        start + timedelta(days=20),
        [{"id": salon.service_id, "first_cost": 500}],
        "+13155550104",
    )  # the client never came
    other = await _record(
        http,
        salon,
        start + timedelta(days=5),
        [{"id": salon.service_id, "first_cost": 300}],
        "+13155550105",
        staff_id=salon.other_member_id,
    )
    await _pay(http, salon, await _came(http, salon, other, []), cash, 300)
    month.records = [one["id"], two["id"], three["id"]]
    return month


async def limited_user(
    database: Database, tenant: Tenant, login: str, member_id: int, *rights: str
) -> dict[str, str]:
    """A user whose payroll access is limited to ``member_id``; returns their headers."""
    async with database.session(write=True) as session:
        user = await auth_service.create_user(
            session, login=login, password="s3cret-pass", name=login
        )
        await auth_service.grant(session, user, tenant.location, role="worker")
        token = auth_service.token_of(user)
        values = only_rights(
            "finances_salary_access_master_checkbox",
            "finances_salary_master_not_limitation_today_access",
            *rights,
        ) | {"finances_salary_access_master_id": member_id}
        await session.execute(
            update(Membership).where(Membership.user_id == user.id).values(permissions=values)
        )
    return {
        "Authorization": f"Bearer {tenant.partner_token}, User {token}",
        "Accept": "application/vnd.api.v2+json",
    }


SCHEME = {
    "title": "Services 20% of net cost, goods 5%",
    "rules": [
        {
            "target_type": "service",
            "target_id": 0,
            "type_slug": "percent",
            "value": 20,
            "base": "net_cost",
        },
        {
            "target_type": "good",
            "target_id": 0,
            "type_slug": "percent",
            "value": 5,
            "base": "net_cost",
        },
    ],
}


async def user_with(
    database: Database, tenant: Tenant, login: str, *rights: str, member_id: int = 0
) -> dict[str, str]:
    """A user holding only ``rights``; with ``member_id``, their payroll access is limited to
    that team member (the checkbox and the id). Returns their headers."""
    values = only_rights(*rights)
    if member_id:
        values |= {
            "finances_salary_access_master_checkbox": True,
            "finances_salary_access_master_id": member_id,
        }
    async with database.session(write=True) as session:
        user = await auth_service.create_user(
            session, login=login, password="s3cret-pass", name=login
        )
        await auth_service.grant(session, user, tenant.location, role="worker")
        token = auth_service.token_of(user)
        await session.execute(
            update(Membership).where(Membership.user_id == user.id).values(permissions=values)
        )
    return {
        "Authorization": f"Bearer {tenant.partner_token}, User {token}",
        "Accept": "application/vnd.api.v2+json",
    }


async def assign_scheme(
    http: httpx.AsyncClient, salon: Salon, member_id: int, start: date
) -> dict[str, Any]:
    """SCHEME, created and assigned to the member from ``start`` on."""
    base = f"/company/{salon.location_id}/salary"
    r = await http.post(f"{base}/schemes", json=SCHEME, headers=salon.headers)
    assert r.status_code == 201, r.text
    scheme: dict[str, Any] = r.json()["data"]
    r = await http.post(
        f"{base}/staff/{member_id}/salary_schemes",
        json={"salary_scheme_id": scheme["id"], "date_start": start.isoformat()},
        headers=salon.headers,
    )
    assert r.status_code == 201, r.text
    return scheme
