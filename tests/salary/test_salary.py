"""Salary over HTTP (in process): schemes and their checks, assignments, the rights that open
the salary operations, the demo seed and the ``parlour salary`` commands."""

from __future__ import annotations

import asyncio
from datetime import timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest
from typer.testing import CliRunner

from parlour.cli import app
from parlour.db import Database
from parlour.models import Location, ScheduleDay
from parlour.salary.demo import seed_demo
from tests.fixtures.factories import Salon, Tenant, assert_error
from tests.salary.helpers import SCHEME, limited_user, paid_month, today_of


async def _scheme(
    client: httpx.AsyncClient, tenant: Tenant, body: dict[str, object]
) -> httpx.Response:
    return await client.post(
        f"/company/{tenant.location_id}/salary/schemes", json=body, headers=tenant.headers
    )


class TestSchemes:
    async def test_created_listed_and_changed(
        self, client: httpx.AsyncClient, salon: Salon
    ) -> None:
        t = salon.tenant
        r = await _scheme(client, t, SCHEME)
        assert r.status_code == 201, r.text
        made = r.json()["data"]
        assert made["title"] == SCHEME["title"]
        assert made["rules"][0] == {
            "target_type": "service",
            "target_id": 0,
            "type_slug": "percent",
            "value": 20,
            "base": "net_cost",
        }
        fixed = {
            "title": "Fixed",
            "rules": [
                {
                    "target_type": "service",
                    "target_id": salon.service_id,
                    "type_slug": "fixed",
                    "value": 12.5,
                }
            ],
        }
        r = await client.put(
            f"/company/{t.location_id}/salary/schemes/{made['id']}", json=fixed, headers=t.headers
        )
        assert r.status_code == 200 and r.json()["data"]["rules"][0]["value"] == 12.5
        r = await client.get(f"/company/{t.location_id}/salary/schemes", headers=t.headers)
        assert [s["title"] for s in r.json()["data"]] == ["Fixed"]
        assert r.json()["meta"] == {"count": 1}

    @pytest.mark.parametrize(
        ("rule", "field"),
        [
            ({"target_type": "service", "target_id": 99999, "value": 1}, "rules"),
            ({"target_type": "category", "target_id": 0, "value": 1}, "rules.0.target_id"),
            ({"target_type": "good", "value": 101}, "rules.0.value"),
            ({"target_type": "record", "value": 1}, None),
            ({"target_type": "good", "value": -1}, None),
        ],
    )
    async def test_bad_rules_are_refused(
        self, client: httpx.AsyncClient, world: Tenant, rule: dict[str, object], field: str | None
    ) -> None:
        r = await _scheme(client, world, {"title": "Bad", "rules": [rule]})
        assert_error(r, 422, field)
        r = await client.get(f"/company/{world.location_id}/salary/schemes", headers=world.headers)
        assert r.json()["data"] == []

    async def test_unknown_scheme_is_404(self, client: httpx.AsyncClient, world: Tenant) -> None:
        r = await client.put(
            f"/company/{world.location_id}/salary/schemes/999", json=SCHEME, headers=world.headers
        )
        assert_error(r, 404)


class TestAssignments:
    async def test_open_and_bounded(self, client: httpx.AsyncClient, salon: Salon) -> None:
        t, a = salon.tenant, salon.member_id
        scheme = (await _scheme(client, t, SCHEME)).json()["data"]
        url = f"/company/{t.location_id}/salary/staff/{a}/salary_schemes"
        r = await client.post(
            url,
            json={
                "salary_scheme_id": scheme["id"],
                "date_start": "2030-01-01",
                "date_end": "2030-01-31",
            },
            headers=t.headers,
        )
        assert r.status_code == 201, r.text
        # New York midnight, in the sample's form.
        assert r.json()["data"]["date_start"] == "2030-01-01T00:00:00.000-05:00"
        assert r.json()["data"]["date_end"] == "2030-01-31T00:00:00.000-05:00"
        r = await client.post(
            url,
            json={"salary_scheme_id": scheme["id"], "date_start": "2030-02-01"},
            headers=t.headers,
        )
        listed = (await client.get(url, headers=t.headers)).json()
        assert listed["meta"] == {"count": 2} and "date_end" not in listed["data"][1]
        r = await client.get(
            f"/company/{t.location_id}/salary/calculation/staff/{a}/salary_schemes_count",
            headers=t.headers,
        )
        assert r.json()["data"] == {"staff_id": a, "salary_schemes_count": 1}

    @pytest.mark.parametrize(
        ("body", "field"),
        [
            ({"salary_scheme_id": 999, "date_start": "2030-01-01"}, "salary_scheme_id"),
            ({"salary_scheme_id": 0, "date_start": "2030-01-01"}, None),
            ({"date_start": "01.01.2030"}, "date_start"),
            ({"date_start": "2030-02-01", "date_end": "2030-01-01"}, "date_end"),
        ],
    )
    async def test_bad_assignments_are_refused(
        self, client: httpx.AsyncClient, salon: Salon, body: dict[str, object], field: str | None
    ) -> None:
        t = salon.tenant
        scheme = (await _scheme(client, t, SCHEME)).json()["data"]
        body = {"salary_scheme_id": scheme["id"], **body}
        url = f"/company/{t.location_id}/salary/staff/{salon.member_id}/salary_schemes"
        assert_error(await client.post(url, json=body, headers=t.headers), 422, field)

    async def test_unknown_member_is_404(self, client: httpx.AsyncClient, world: Tenant) -> None:
        r = await client.get(
            f"/company/{world.location_id}/salary/staff/999/salary_schemes", headers=world.headers
        )
        assert_error(r, 404)


class TestRights:
    async def test_a_limited_user_sees_only_their_member(
        self, client: httpx.AsyncClient, database: Database, salon: Salon
    ) -> None:
        t, a, b = salon.tenant, salon.member_id, salon.other_member_id
        base = f"/company/{t.location_id}/salary"
        mine = await limited_user(
            database,
            t,
            "limited@salon.test",
            b,
            "finances_salary_calc_access",
            "finances_salary_not_limitation_today_access",
        )
        span = {"date_from": "2030-01-01", "date_to": "2030-01-31"}
        for form in (
            "period/staff/{}",
            "period/staff/daily/{}",
            "calculation/staff/{}",
            "calculation/staff/daily/{}",
            "payroll/staff/{}/calculation",
            "staff/{}/period",
            "staff/{}/calculation",
        ):
            r = await client.get(f"{base}/{form.format(a)}", params=span, headers=mine)
            assert_error(r, 403)
            r = await client.get(f"{base}/{form.format(b)}", params=span, headers=mine)
            assert r.status_code == 200, r.text
        assert_error(
            await client.get(f"{base}/calculation/staff/{a}/salary_schemes_count", headers=mine),
            403,
        )

    async def test_without_the_any_day_right_only_today(
        self, client: httpx.AsyncClient, database: Database, salon: Salon
    ) -> None:
        t, b = salon.tenant, salon.other_member_id
        async with database.session(write=True) as session:
            from sqlalchemy import update

            from parlour.auth import service as auth_service
            from parlour.models import Membership
            from tests.fixtures.factories import only_rights

            user = await auth_service.create_user(
                session, login="today@salon.test", password="s3cret-pass", name="T"
            )
            await auth_service.grant(session, user, t.location, role="worker")
            token = auth_service.token_of(user)
            await session.execute(
                update(Membership)
                .where(Membership.user_id == user.id)
                .values(permissions=only_rights("finances_salary_access_master_checkbox"))
            )
        h = {"Authorization": f"Bearer {t.partner_token}, User {token}"}
        today = today_of(t).isoformat()
        url = f"/company/{t.location_id}/salary/staff/{b}/period"
        r = await client.get(url, params={"date_from": today, "date_to": today}, headers=h)
        assert r.status_code == 200, r.text
        r = await client.get(url, params={"date_from": "2026-01-01", "date_to": today}, headers=h)
        assert_error(r, 403)

    async def test_bad_periods_are_422(self, client: httpx.AsyncClient, salon: Salon) -> None:
        t = salon.tenant
        url = f"/company/{t.location_id}/salary/period/staff/{salon.member_id}"
        for params, field in (
            ({"date_from": "2030-02-01", "date_to": "2030-01-01"}, "date_to"),
            ({"date_from": "x", "date_to": "2030-01-01"}, "date_from"),
            ({"date_from": "2020-01-01", "date_to": "2030-01-01"}, "date_to"),
        ):
            assert_error(await client.get(url, params=params, headers=t.headers), 422, field)
        assert_error(await client.get(url, headers=t.headers), 422)


async def test_another_locations_calculation_is_404(
    client: httpx.AsyncClient, database: Database, salon: Salon
) -> None:
    t, a = salon.tenant, salon.member_id
    month = await paid_month(client, database, salon)
    scheme = (await _scheme(client, t, SCHEME)).json()["data"]
    await client.post(
        f"/company/{t.location_id}/salary/staff/{a}/salary_schemes",
        json={"salary_scheme_id": scheme["id"], "date_start": month.start.isoformat()},
        headers=t.headers,
    )
    span = {"date_from": month.start.isoformat(), "date_to": month.end.isoformat()}
    base = f"/company/{t.location_id}/salary/payroll/staff"
    calc = (await client.post(f"{base}/{a}/calculation", json=span, headers=t.headers)).json()[
        "data"
    ]
    # Another member's path does not open it.
    r = await client.get(
        f"{base}/{salon.other_member_id}/calculation/{calc['id']}", headers=t.headers
    )
    assert_error(r, 404)


async def test_demo_assigns_a_scheme_to_every_member(
    client: httpx.AsyncClient, database: Database, salon: Salon
) -> None:
    async with database.session(write=True) as session:
        location = await session.get(Location, salon.location_id)
        assert location is not None
        await seed_demo(session, location)
    t = salon.tenant
    for member in (salon.member_id, salon.other_member_id):
        r = await client.get(
            f"/company/{t.location_id}/salary/staff/{member}/salary_schemes", headers=t.headers
        )
        [entry] = r.json()["data"]
        assert entry["salary_scheme"]["title"] == "Services 20% of net cost, goods 5%"


def test_cli_scheme_assign_calculate_payout(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from parlour.config import get_settings

    monkeypatch.setenv("PARLOUR_DATABASE_URL", f"sqlite+aiosqlite:///{tmp_path}/cli.db")
    monkeypatch.setenv("PARLOUR_DATA_DIR", str(tmp_path / "data"))
    get_settings.cache_clear()
    runner = CliRunner()
    try:
        assert runner.invoke(app, ["migrate"]).exit_code == 0

        async def seed() -> tuple[int, int, int, list[int]]:
            from datetime import date
            from decimal import Decimal

            from parlour.ledger_defaults import seed_location
            from parlour.models import Account, PayrollCalculation, TeamMember

            db = Database(get_settings().database_url)
            try:
                async with db.session(write=True) as s:
                    loc = Location(
                        title="CLI", timezone_name="UTC", social={}, phones=[], photos=[]
                    )
                    s.add(loc)
                    await s.flush()
                    await seed_location(s, loc.id)
                    member = TeamMember(location_id=loc.id, name="Ann")
                    s.add(member)
                    await s.flush()
                    from sqlalchemy import select

                    cash = await s.scalar(select(Account.id).where(Account.location_id == loc.id))
                    calcs = [
                        PayrollCalculation(
                            location_id=loc.id,
                            team_member_id=member.id,
                            amount=Decimal(amount),
                            date_from=date(2030, 1, 1),
                            date_to=date(2030, 1, 31),
                            date_create=date(2030, 2, day),
                            items=[],
                        )
                        for day, amount in ((1, 30), (2, 40))
                    ]
                    s.add_all(calcs)
                    await s.flush()
                    return loc.id, member.id, int(cash or 0), [c.id for c in calcs]
            finally:
                await db.dispose()

        loc, member, cash, (older, newer) = asyncio.run(seed())
        common = ["--location", str(loc)]

        def uncalculate(calc: int) -> Any:
            return runner.invoke(
                app,
                [
                    "salary",
                    "delete-calculation",
                    *common,
                    "--team-member",
                    str(member),
                    "--calculation",
                    str(calc),
                ],
            )

        r = uncalculate(newer)
        assert r.exit_code == 0 and r.stdout.strip() == str(newer), r.output
        r = uncalculate(newer)
        assert r.exit_code == 1 and "not found" in r.output.lower()
        r = runner.invoke(
            app, ["salary", "scheme", *common, "--title", "S", "--services-percent", "20"]
        )
        assert r.exit_code == 0, r.output
        scheme = r.stdout.strip()
        r = runner.invoke(
            app,
            [
                "salary",
                "assign",
                *common,
                "--team-member",
                str(member),
                "--scheme",
                scheme,
                "--from",
                "2030-01-01",
            ],
        )
        assert r.exit_code == 0, r.output
        # Nothing earned: the calculation is refused in one line.
        r = runner.invoke(
            app,
            [
                "salary",
                "calculate",
                *common,
                "--team-member",
                str(member),
                "--from",
                "2030-01-01",
                "--to",
                "2030-01-31",
            ],
        )
        assert r.exit_code == 1 and "nothing earned" in r.output
        r = runner.invoke(
            app,
            [
                "salary",
                "payout",
                *common,
                "--team-member",
                str(member),
                "--amount",
                "50",
                "--account",
                str(cash),
            ],
        )
        assert r.exit_code == 0, r.output
        # The 50 paid out reaches the calculation of 30: it stays.
        r = uncalculate(older)
        assert r.exit_code == 1 and "paid out" in r.output
        r = runner.invoke(
            app, ["salary", "scheme", "--location", "999", "--title", "S", "--goods-percent", "5"]
        )
        assert r.exit_code == 1 and "no location" in r.output
    finally:
        get_settings.cache_clear()


async def test_a_goods_sale_counts_for_its_seller(
    client: httpx.AsyncClient, database: Database, salon: Salon
) -> None:
    from tests.products.ledger import make_category, make_product, open_shop

    t, a = salon.tenant, salon.member_id
    shop = await open_shop(database, client, t)
    product = await make_product(client, shop, (await make_category(client, shop, "Care"))["id"])
    day = today_of(t)
    r = await client.post(
        f"/storage_operations/operation/{t.location_id}",
        json={
            "type_id": 1,
            "storage_id": shop.storages["sale"],
            "create_date": f"{day.isoformat()} 12:00:00",
            "master_id": a,
            "transactions": [
                {
                    "good_id": product["good_id"],
                    "amount": 2,
                    "cost_per_unit": 100,
                    "discount": 10,
                    "master_id": a,
                }
            ],
            "paid": True,
            "account_id": shop.accounts["cash"],
        },
        headers=t.headers,
    )
    assert r.status_code == 200, r.text
    fixed = {
        "title": "3 a product",
        "rules": [{"target_type": "good", "target_id": 0, "type_slug": "fixed", "value": 3}],
    }
    scheme = (await _scheme(client, t, fixed)).json()["data"]
    base = f"/company/{t.location_id}/salary"
    await client.post(
        f"{base}/staff/{a}/salary_schemes",
        json={"salary_scheme_id": scheme["id"], "date_start": day.isoformat()},
        headers=t.headers,
    )
    span = {"date_from": day.isoformat(), "date_to": day.isoformat()}
    r = await client.get(f"{base}/period/staff/{a}", params=span, headers=t.headers)
    data = r.json()["data"]
    assert (data["goods_sales_count"], data["goods_sales_sum"], data["salary"]) == (2, "180", "6")
    assert data["working_days_count"] == 0
    r = await client.post(f"{base}/payroll/staff/{a}/calculation", json=span, headers=t.headers)
    [item] = r.json()["data"]["salary_items"]
    assert item["item_type_slug"] == "goods_sale" and item["record_id"] == 0
    assert item["paid"]["money_sum"] == "180" and item["paid"]["discount_sum"] == "20"
    assert item["targets"][0]["target_id"] == int(product["good_id"])
    r = await client.get(
        f"{base}/period/staff/{salon.other_member_id}", params=span, headers=t.headers
    )
    assert r.json()["data"]["salary"] == "0"


async def test_working_days_and_hours_are_the_schedules(
    client: httpx.AsyncClient, database: Database, salon: Salon
) -> None:
    """Days with working periods count, days off do not; hours are the periods' whole hours
    (summed over the period, then cut to whole hours), attended records or not."""
    t, a = salon.tenant, salon.member_id
    day = today_of(t)
    async with database.session(write=True) as session:
        for n, slots in (
            (0, [{"from": "09:00", "to": "12:30"}, {"from": "13:00", "to": "18:00"}]),
            (1, []),  # a day off stored without periods
            (3, [{"from": "20:00", "to": "24:00"}]),
        ):
            session.add(
                ScheduleDay(
                    location_id=t.location_id,
                    team_member_id=a,
                    day_date=day + timedelta(days=n),
                    slots=slots,
                )
            )
    base = f"/company/{t.location_id}/salary/period/staff"
    span = {"date_from": day.isoformat(), "date_to": (day + timedelta(days=5)).isoformat()}
    r = await client.get(f"{base}/{a}", params=span, headers=t.headers)
    data = r.json()["data"]
    # 8.5 + 4 hours on two working days.
    assert (data["working_days_count"], data["working_hours_count"]) == (2, 12)
    assert data["salary"] == "0" and data["services_count"] == 0
    r = await client.get(f"{base}/daily/{a}", params=span, headers=t.headers)
    days = {
        d["date"]: (
            d["period_calculation"]["working_days_count"],
            d["period_calculation"]["working_hours_count"],
        )
        for d in r.json()["data"]["period_calculation_daily"]
    }
    assert days == {day.isoformat(): (1, 8), (day + timedelta(days=3)).isoformat(): (1, 4)}
    r = await client.get(f"{base}/{salon.other_member_id}", params=span, headers=t.headers)
    assert r.json()["data"]["working_days_count"] == 0
