"""Making and deleting payroll calculations over a real socket: the rights that open them (the
right for every member or for the user's one member, each with its "not only today" right), and
deleting a calculation while no payout has reached it (payouts settle the oldest first)."""

from __future__ import annotations

import asyncio
from datetime import timedelta
from pathlib import Path

import httpx

from parlour.db import Database
from tests.booking.server import running_server
from tests.fixtures.factories import Salon, assert_error
from tests.salary.helpers import assign_scheme, paid_month, today_of, user_with

CREATE = "finances_payroll_calculation_create_access"
CREATE_ANY_DAY = "finances_payroll_calculation_create_not_limitation_today_access"
OWN = "finances_payroll_calculation_create_by_master_access"
OWN_ANY_DAY = "calculation_create_by_master_not_limitation_today_access"


async def test_the_calculation_rights(
    database: Database, database_url: str, salon: Salon, tmp_path: Path
) -> None:
    t, a, b = salon.tenant, salon.member_id, salon.other_member_id
    base = f"/company/{t.location_id}/salary/payroll/staff"
    with running_server(database_url, tmp_path, workers=2) as (url, _proc):
        async with httpx.AsyncClient(base_url=url, timeout=60) as http:
            month = await paid_month(http, database, salon)
            await assign_scheme(http, salon, a, month.start)
            span = {"date_from": month.start.isoformat(), "date_to": month.end.isoformat()}
            today = today_of(t).isoformat()
            now = {"date_from": today, "date_to": today}

            async def post(member: int, body: dict[str, str], h: dict[str, str]) -> httpx.Response:
                return await http.post(f"{base}/{member}/calculation", json=body, headers=h)

            nobody = await user_with(
                database, t, "nobody@salon.test", "finances_salary_calc_access"
            )
            assert_error(await post(a, span, nobody), 403)
            # The member-only right without a member to be limited to opens nothing.
            loose = await user_with(database, t, "loose@salon.test", OWN, OWN_ANY_DAY)
            assert_error(await post(a, span, loose), 403)

            # Every member, today only: another period is refused, today passes the rights
            # (nothing was earned today: 422).
            today_only = await user_with(database, t, "today@salon.test", CREATE)
            assert_error(await post(a, span, today_only), 403)
            assert_error(await post(a, now, today_only), 422, "date_from")

            # Every member the user's payroll access opens: a user limited to B cannot make A's.
            limited = await user_with(
                database, t, "limited@salon.test", CREATE, CREATE_ANY_DAY, member_id=b
            )
            assert_error(await post(a, span, limited), 403)

            # The member-only right: B's calculations and nothing of A.
            own = await user_with(database, t, "own@salon.test", OWN, OWN_ANY_DAY, member_id=b)
            assert_error(await post(a, span, own), 403)
            r = await post(b, span, own)
            assert r.status_code == 201, r.text
            b_calc = r.json()["data"]
            assert b_calc["staff_id"] == b and b_calc["amount"] == 0  # B has no scheme
            own_today = await user_with(database, t, "owntoday@salon.test", OWN, member_id=b)
            assert_error(await post(b, span, own_today), 403)
            assert_error(await post(b, now, own_today), 422, "date_from")

            # The full right makes A's month; deleting follows the same rights.
            full = await user_with(database, t, "full@salon.test", CREATE, CREATE_ANY_DAY)
            r = await post(a, span, full)
            assert r.status_code == 201, r.text
            a_calc = r.json()["data"]
            assert a_calc["amount"] == 98

            async def delete(member: int, calc: int, h: dict[str, str]) -> httpx.Response:
                return await http.delete(f"{base}/{member}/calculation/{calc}", headers=h)

            assert_error(await delete(a, a_calc["id"], nobody), 403)
            assert_error(await delete(a, a_calc["id"], own), 403)
            assert_error(await delete(a, a_calc["id"], today_only), 403)  # not today's period
            assert_error(await delete(b, b_calc["id"], own_today), 403)
            assert (await delete(b, b_calc["id"], own)).status_code == 204
            assert (await delete(a, a_calc["id"], full)).status_code == 204
            r = await http.get(f"{base}/{a}/calculation", params=span, headers=t.headers)
            assert r.json()["data"] == []


async def test_a_calculation_is_deleted_until_a_payout_reaches_it(
    database: Database, database_url: str, salon: Salon, tmp_path: Path
) -> None:
    t, h, a = salon.tenant, salon.headers, salon.member_id
    loc = t.location_id
    base = f"/company/{loc}/salary"
    with running_server(database_url, tmp_path, workers=2) as (url, _proc):
        async with httpx.AsyncClient(base_url=url, timeout=60) as http:
            month = await paid_month(http, database, salon)
            await assign_scheme(http, salon, a, month.start)
            payroll = f"{base}/payroll/staff/{a}/calculation"
            # The month in two calculations: the visits of days 2 and 9 (20 + 54), then day 16.
            split = month.start + timedelta(days=12)
            first = {"date_from": month.start.isoformat(), "date_to": split.isoformat()}
            rest = {
                "date_from": (split + timedelta(days=1)).isoformat(),
                "date_to": month.end.isoformat(),
            }
            span = {"date_from": month.start.isoformat(), "date_to": month.end.isoformat()}
            today = today_of(t).isoformat()
            now = {"date_from": today, "date_to": today}

            async def make(body: dict[str, str]) -> int:
                r = await http.post(payroll, json=body, headers=h)
                assert r.status_code == 201, r.text
                return int(r.json()["data"]["id"])

            async def settled() -> dict[str, str]:
                r = await http.get(f"{base}/calculation/staff/{a}", params=now, headers=h)
                total: dict[str, str] = r.json()["data"]["total_sum"]
                return total

            async def pay(amount: int) -> None:
                r = await http.post(
                    f"/finance_transactions/{loc}",
                    json={
                        "expense_id": 3,
                        "account_id": month.cash,
                        "amount": -amount,
                        "master_id": a,
                    },
                    headers=h,
                )
                assert r.status_code in (200, 201), r.text

            one, two = await make(first), await make(rest)
            assert (await settled())["income"] == "98"
            assert_error(await http.delete(f"{payroll}/99999999", headers=h), 404)
            # Another member's path does not reach it.
            other = f"{base}/payroll/staff/{salon.other_member_id}/calculation/{two}"
            assert_error(await http.delete(other, headers=h), 404)

            # Unpaid: deleted, no longer accrued, its visit can be calculated again.
            assert (await http.delete(f"{payroll}/{two}", headers=h)).status_code == 204
            assert await settled() == {"income": "74", "expense": "0", "balance": "74"}
            assert_error(await http.get(f"{payroll}/{two}", headers=h), 404)
            assert_error(await http.delete(f"{payroll}/{two}", headers=h), 404)
            r = await http.get(payroll, params=span, headers=h)
            assert [c["id"] for c in r.json()["data"]] == [one]
            two = await make(rest)

            # 74 paid out settles the first calculation: the second is still untouched.
            await pay(74)
            assert_error(await http.delete(f"{payroll}/{one}", headers=h), 409)
            assert (await http.delete(f"{payroll}/{two}", headers=h)).status_code == 204
            two = await make(rest)
            # One more reaches the second: neither can go now.
            await pay(1)
            assert_error(await http.delete(f"{payroll}/{two}", headers=h), 409)
            assert_error(await http.delete(f"{payroll}/{one}", headers=h), 409)
            assert await settled() == {"income": "98", "expense": "75", "balance": "23"}

            # Two deletes of one calculation at once: one deletes it, the other finds nothing.
            b = salon.other_member_id
            other_payroll = f"{base}/payroll/staff/{b}/calculation"
            r = await http.post(other_payroll, json=span, headers=h)
            assert r.status_code == 201, r.text
            b_calc = r.json()["data"]["id"]
            answers = await asyncio.gather(
                *(http.delete(f"{other_payroll}/{b_calc}", headers=h) for _ in range(4))
            )
            assert sorted(r.status_code for r in answers) == [204, 404, 404, 404], [
                r.text for r in answers
            ]
