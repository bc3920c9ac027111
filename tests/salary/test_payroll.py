"""Payroll over a real socket: a team member on "services 20% of net cost, goods 5%" is owed
exactly that for a month of paid visits (discounts, a gift-certificate payment and goods
included); a payroll calculation freezes it, a payout (a finance line of expense item 3)
settles the balance, a later change of the scheme shows as a discrepancy, and another member's
user is refused the "own" forms."""

from __future__ import annotations

import asyncio
from pathlib import Path

import httpx
from sqlalchemy import func, select

from parlour.db import Database
from parlour.models import PayrollCalculation
from tests.booking.server import running_server
from tests.fixtures.factories import Salon, assert_error
from tests.salary.helpers import SCHEME, limited_user, paid_month, today_of


async def test_a_month_of_paid_visits_is_owed_then_settled(
    database: Database, database_url: str, salon: Salon, tmp_path: Path
) -> None:
    loc, h = salon.location_id, salon.headers
    a, b = salon.member_id, salon.other_member_id
    base = f"/company/{loc}/salary"
    with running_server(database_url, tmp_path, workers=2) as (url, _proc):
        async with httpx.AsyncClient(base_url=url, timeout=60) as http:
            month = await paid_month(http, database, salon)
            span = {"date_from": month.start.isoformat(), "date_to": month.end.isoformat()}

            r = await http.post(f"{base}/schemes", json=SCHEME, headers=h)
            assert r.status_code == 201, r.text
            scheme = r.json()["data"]
            r = await http.post(
                f"{base}/staff/{a}/salary_schemes",
                json={"salary_scheme_id": scheme["id"], "date_start": month.start.isoformat()},
                headers=h,
            )
            assert r.status_code == 201, r.text
            assert r.json()["data"]["salary_scheme"] == {
                "id": scheme["id"],
                "title": scheme["title"],
            }
            assert "date_end" not in r.json()["data"]

            r = await http.get(f"{base}/period/staff/{a}", params=span, headers=h)
            assert r.status_code == 200, r.text
            period = r.json()["data"]
            # Services at net cost: 100 + 225 (10% client discount) + 120 (own 20% discount;
            # the certificate's 50 is a payment, not a discount) = 445; the product 200 less the
            # client's 10% = 180. Salary: 20% of 445 + 5% of 180 = 89 + 9. Working days and
            # hours are the schedule's: every day of the month, 09:00-18:00.
            month_days = (month.end - month.start).days + 1
            assert period == {
                "working_days_count": month_days,
                "working_hours_count": 9 * month_days,
                "group_services_count": 0,
                "services_count": 3,
                "services_sum": "445",
                "goods_sales_count": 1,
                "goods_sales_sum": "180",
                "total_sum": "625",
                "salary": "98",
                "currency": {"symbol": "$"},
            }
            r = await http.get(f"{base}/period/staff/daily/{a}", params=span, headers=h)
            days = r.json()["data"]["period_calculation_daily"]
            # One entry per working day of the schedule, earned on or not.
            assert r.json()["meta"] == {"count": month_days} and len(days) == month_days
            earned = [d for d in days if d["period_calculation"]["salary"] != "0"]
            assert [d["period_calculation"]["salary"] for d in earned] == ["20", "54", "24"]
            assert {
                (
                    d["period_calculation"]["working_days_count"],
                    d["period_calculation"]["working_hours_count"],
                )
                for d in days
            } == {(1, 9)}
            r = await http.get(f"{base}/calculation/staff/{a}/salary_schemes_count", headers=h)
            assert r.json()["data"] == {"staff_id": a, "salary_schemes_count": 1}

            # Nothing is accrued before a calculation; then it is, and a payout settles it.
            today = today_of(salon.tenant).isoformat()
            now = {"date_from": today, "date_to": today}
            r = await http.get(f"{base}/calculation/staff/{a}", params=now, headers=h)
            assert r.json()["data"]["total_sum"] == {"income": "0", "expense": "0", "balance": "0"}

            r = await http.post(
                f"{base}/payroll/staff/{a}/calculation", json={**span, "comment": "May"}, headers=h
            )
            assert r.status_code == 201, r.text
            calc = r.json()["data"]
            assert calc["amount"] == 98 and calc["status"] == "confirmed"
            assert calc["date_create"] == today and calc["comment"] == "May"
            items = {i["record_id"]: i for i in calc["salary_items"]}
            assert set(items) == set(month.records)
            third = items[month.records[2]]
            assert third["cost"] == "150" and third["salary_sum"] == "24"
            assert third["paid"] == {
                "money_sum": "70",
                "discount_sum": "30",
                "bonus_sum": "0",
                "certificate_sum": "50",
                "abonement_sum": "0",
                "deposit_sum": "0",
            }
            assert third["targets"][0]["net_cost"] == "120"
            assert third["targets"][0]["salary_calculation"]["type_slug"] == "percent"
            second = items[month.records[1]]
            assert sorted(t["target_type_slug"] for t in second["targets"]) == ["good", "service"]
            assert second["paid"]["discount_sum"] == "45" and second["paid"]["money_sum"] == "405"
            assert all(
                i["salary_discrepancy"]["difference_sum"] == "0" for i in calc["salary_items"]
            )

            # What was calculated is not calculated twice.
            r = await http.post(f"{base}/payroll/staff/{a}/calculation", json=span, headers=h)
            assert_error(r, 422, "date_from")
            r = await http.get(f"{base}/payroll/staff/{a}/calculation", params=span, headers=h)
            assert [c["id"] for c in r.json()["data"]] == [calc["id"]]

            r = await http.get(f"{base}/calculation/staff/{a}", params=now, headers=h)
            assert r.json()["data"]["total_sum"] == {
                "income": "98",
                "expense": "0",
                "balance": "98",
            }
            r = await http.post(
                f"/finance_transactions/{loc}",
                json={"expense_id": 3, "account_id": month.cash, "amount": -98, "master_id": a},
                headers=h,
            )
            assert r.status_code in (200, 201), r.text
            r = await http.get(f"{base}/calculation/staff/{a}", params=now, headers=h)
            assert r.json()["data"]["total_sum"] == {
                "income": "98",
                "expense": "98",
                "balance": "0",
            }
            r = await http.get(f"{base}/calculation/staff/daily/{a}", params=now, headers=h)
            assert r.json()["data"]["payroll_daily"] == [
                {"date": today, "payroll_sum": {"income": "98", "expense": "98", "balance": "0"}}
            ]

            # A changed scheme: the calculation keeps its sums and shows the difference.
            raised = {**SCHEME, "rules": [{**SCHEME["rules"][0], "value": 30}, SCHEME["rules"][1]]}
            r = await http.put(f"{base}/schemes/{scheme['id']}", json=raised, headers=h)
            assert r.status_code == 200, r.text
            r = await http.get(f"{base}/payroll/staff/{a}/calculation/{calc['id']}", headers=h)
            detail = r.json()["data"]
            assert detail["amount"] == 98
            gap = {i["record_id"]: i["salary_discrepancy"] for i in detail["salary_items"]}
            assert gap[month.records[0]] == {
                "reason": "updated_rule",
                "actual_sum": "30",
                "difference_sum": "10",
            }
            r = await http.get(f"{base}/period/staff/{a}", params=span, headers=h)
            assert r.json()["data"]["salary"] == "142.5"

            # The "own" forms: B's user sees B and nothing of A.
            mine = await limited_user(database, salon.tenant, "b@salon.test", b)
            for path, params in (
                (f"{base}/staff/{a}/calculation", span),
                (f"{base}/staff/{a}/period", span),
                (f"{base}/staff/{a}/salary_schemes", None),
            ):
                assert_error(await http.get(path, params=params, headers=mine), 403)
            r = await http.get(f"{base}/staff/{b}/period", params=span, headers=mine)
            assert r.status_code == 200 and r.json()["data"]["salary"] == "0"
            r = await http.get(f"{base}/staff/{b}/calculation", params=span, headers=mine)
            assert r.json()["data"]["total_sum"]["balance"] == "0"
            r = await http.get(f"{base}/staff/{b}/salary_schemes", headers=mine)
            assert r.status_code == 200 and r.json()["data"] == []
            # The owner-level forms need their own right.
            assert_error(await http.get(f"{base}/period/staff/{b}", params=span, headers=mine), 403)


async def test_concurrent_calculations_freeze_a_month_once(
    database: Database, database_url: str, salon: Salon, tmp_path: Path
) -> None:
    loc, h, a = salon.location_id, salon.headers, salon.member_id
    base = f"/company/{loc}/salary"
    with running_server(database_url, tmp_path, workers=2) as (url, _proc):
        async with httpx.AsyncClient(base_url=url, timeout=60) as http:
            month = await paid_month(http, database, salon)
            span = {"date_from": month.start.isoformat(), "date_to": month.end.isoformat()}
            scheme = (await http.post(f"{base}/schemes", json=SCHEME, headers=h)).json()["data"]
            r = await http.post(
                f"{base}/staff/{a}/salary_schemes",
                json={"salary_scheme_id": scheme["id"], "date_start": month.start.isoformat()},
                headers=h,
            )
            assert r.status_code == 201
            answers = await asyncio.gather(
                *(
                    http.post(f"{base}/payroll/staff/{a}/calculation", json=span, headers=h)
                    for _ in range(6)
                )
            )
    assert sorted(r.status_code for r in answers) == [201] + [422] * 5, [r.text for r in answers]
    async with database.session() as session:
        total = await session.scalar(
            select(func.sum(PayrollCalculation.amount)).where(PayrollCalculation.location_id == loc)
        )
    assert total == 98
