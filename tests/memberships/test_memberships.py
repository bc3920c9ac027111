"""Memberships: chain types and their products, selling one through a goods sale, using a
ten-visit membership at checkout (and giving the visit back), freezing within the type's
limit, the chain's balance and period changes, and the reads."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import httpx
from sqlalchemy import select, update

from parlour.db import Database
from parlour.memberships.service import NO_CODE_RIGHT as NO_CODE
from parlour.models import (
    ClientMembership,
    EventSchedule,
    EventScheduleDay,
    Membership,
    Product,
)
from tests.fixtures.factories import Salon, assert_error
from tests.memberships.helpers import PHONE, make_type, sell_membership, type_body, use_body
from tests.sales.checkout import sell


def _expiry(data: dict[str, object]) -> date:
    value = data["expiration_date"]
    assert isinstance(value, str)
    return date.fromisoformat(value)


class TestTypes:
    async def test_type_lifecycle_keeps_its_product(
        self, client: httpx.AsyncClient, database: Database, salon: Salon
    ) -> None:
        t = salon.tenant
        base = f"/chain/{t.chain.id}/loyalty/abonement_types"
        kind = await make_type(client, t, {salon.service_id: 10})
        assert kind["title"] == "Ten haircuts" and kind["cost"] == 3000
        assert kind["is_code_required"] is True
        [link] = kind["balance_container"]["links"]
        assert link["count"] == 10 and link["category"]["title"] == "Haircut"
        [good] = kind["good_ids"]
        async with database.session() as session:
            product = await session.get(Product, good)
            assert product is not None and product.title == "Ten haircuts"
            assert product.location_id == t.location_id and product.cost == 3000
        r = await client.get(f"/goods/{t.location_id}/{good}", headers=t.headers)
        assert r.status_code == 200, r.text
        listed = r.json()["data"]
        listed = listed[0] if isinstance(listed, list) else listed
        assert listed["loyalty_abonement_type_id"] == kind["id"]

        r = await client.put(
            f"{base}/{kind['id']}",
            json=type_body({}) | {"title": "Ten cuts", "cost": 2800, "services": []},
            headers=t.headers,
        )
        assert r.status_code == 200, r.text
        assert r.json()["data"]["services"] == {str(salon.service_id): 10}
        async with database.session() as session:
            product = await session.get(Product, good)
            assert product is not None and product.title == "Ten cuts" and product.cost == 2800

        r = await client.post(f"{base}/{kind['id']}/clone", headers=t.headers)
        assert r.status_code == 201 and r.json()["data"]["title"] == "Ten cuts (2)"
        clone = r.json()["data"]
        assert clone["good_ids"] != [good]
        r = await client.patch(
            f"{base}/{clone['id']}/archive", json={"is_archived": True}, headers=t.headers
        )
        assert r.json()["data"]["is_archived"] is True
        r = await client.get(
            f"/company/{t.location_id}/loyalty/abonement_types/search", headers=t.headers
        )
        assert [x["id"] for x in r.json()["data"]] == [kind["id"]]
        assert set(r.json()["data"][0]) >= {"allow_freeze", "freeze_limit", "salon_group_id"}
        r = await client.get(
            f"/company/{t.location_id}/loyalty/abonement_types/fetch",
            params={"ids[]": [kind["id"], clone["id"]]},
            headers=t.headers,
        )
        assert [x["id"] for x in r.json()["data"]] == [kind["id"]]

        assert (await client.delete(f"{base}/{kind['id']}", headers=t.headers)).status_code == 204
        assert_error(await client.get(f"{base}/{kind['id']}", headers=t.headers), 404)
        async with database.session() as session:
            product = await session.get(Product, good)
            assert product is not None and product.deleted
        r = await client.post(f"{base}/{kind['id']}/restore", headers=t.headers)
        assert r.status_code == 200 and r.json()["data"]["is_deleted"] is False
        r = await client.get(base, headers=t.headers)
        assert sorted(x["id"] for x in r.json()["data"]) == sorted([kind["id"], clone["id"]])

    async def test_bad_types_are_refused(self, client: httpx.AsyncClient, salon: Salon) -> None:
        t = salon.tenant
        base = f"/chain/{t.chain.id}/loyalty/abonement_types"
        for body, field in (
            (type_body({999999: 1}), "services"),
            (type_body({}), "services"),
            (type_body({}) | {"services": [salon.service_id]}, "services"),
            (type_body({salon.service_id: 1}, period_unit_id=0), "period_unit_id"),
            (type_body({salon.service_id: 1}, title=""), "title"),
        ):
            assert_error(await client.post(base, json=body, headers=t.headers), 422, field)


class TestUse:
    async def test_ten_visits_used_frozen_and_given_back(
        self, client: httpx.AsyncClient, database: Database, salon: Salon
    ) -> None:
        t = salon.tenant
        visit = await sell(client, database, salon)
        kind = await make_type(client, t, {salon.service_id: 10})
        m = await sell_membership(client, t, kind["id"], visit.client_id)
        assert m["status"]["id"] == 1 and len(m["number"]) == 12
        assert m["balance_container"]["links"][0]["count"] == 10
        expiry = _expiry(m)

        # The membership's goods sale is a sale checkout knows: 3000 less the 10% discount.
        r = await client.get(f"/company/{t.location_id}/sale/{m['document_id']}", headers=t.headers)
        assert r.status_code == 200, r.text
        [item] = r.json()["data"]["state"]["items"]
        assert item["type"] == "good" and item["cost_to_pay_total"] == 2700

        sale = f"/company/{t.location_id}/sale/{visit.document_id}"
        offers = (await client.get(sale, headers=t.headers)).json()["data"]["payment_methods"]
        offer = next(o for o in offers if o["slug"] == "loyalty_abonement")
        assert offer["is_applicable"] and offer["loyalty_abonement_id"] == m["id"]
        assert offer["applicable_amount"] == 450 and offer["applicable_count"] == 10

        # Without the right to pay with no code, a wrong code is refused; with the code one
        # visit pays the service in full.
        async with database.session(write=True) as session:
            await session.execute(
                update(Membership)
                .where(Membership.user_id == t.user.id)
                .values(permissions={NO_CODE: False})
            )
        bad = use_body(m)
        bad["payment"]["number"] = "nope"
        assert_error(await client.post(sale + "/payment", json=bad, headers=t.headers), 422)
        r = await client.post(sale + "/payment", json=use_body(m), headers=t.headers)
        assert r.status_code == 200, r.text
        [line] = r.json()["data"]["state"]["loyalty_transactions"]
        assert line["type_id"] == 9 and line["amount"] == 450
        r = await client.get(
            f"/chain/{t.chain.id}/loyalty/transactions",
            params={"created_after": "2000-01-01", "created_before": "2100-01-01", "types[]": 9},
            headers=t.headers,
        )
        [entry] = r.json()["data"]
        assert entry["abonement_id"] == m["id"] and entry["amount"] == -450
        # The cash desk still needs an amount.
        r = await client.post(
            sale + "/payment",
            json={"payment": {"method": {"slug": "account", "account_id": visit.accounts["cash"]}}},
            headers=t.headers,
        )
        assert_error(r, 422, "payment.amount")

        r = await client.get(
            "/loyalty/abonements",
            params={"company_id": t.location_id, "phone": PHONE.lstrip("+")},
            headers=t.headers,
        )
        assert r.status_code == 200, r.text
        [got] = r.json()["data"]
        assert got["balance_container"]["links"][0]["count"] == 9
        assert got["status"]["id"] == 2 and got["activated_date"]
        assert got["balance_string"] == "Haircut (x9)"

        # Nothing left to pay for the service: a second use is refused.
        assert_error(await client.post(sale + "/payment", json=use_body(m), headers=t.headers), 422)

        chain = f"/chain/{t.chain.id}/loyalty/abonements/{m['id']}"
        r = await client.post(
            chain + "/freeze",
            json={"freeze_till": (datetime.now(UTC).date() + timedelta(days=10)).isoformat()},
            headers=t.headers,
        )
        assert r.status_code == 200, r.text
        [frozen] = r.json()["data"]
        assert frozen["is_frozen"] and frozen["freeze_period"] == 10
        assert _expiry(frozen) == expiry + timedelta(days=10)
        r = await client.post(chain + "/unfreeze", headers=t.headers)
        [thawed] = r.json()["data"]
        assert not thawed["is_frozen"] and _expiry(thawed) == expiry + timedelta(days=10)
        r = await client.post(
            chain + "/freeze",
            json={"freeze_till": (datetime.now(UTC).date() + timedelta(days=20)).isoformat()},
            headers=t.headers,
        )
        assert_error(r, 422, "freeze_till")
        assert r.json()["success"] is False

        # Deleting the payment gives the visit back.
        r = await client.delete(
            sale + f"/payment/loyalty_transaction/{line['id']}", headers=t.headers
        )
        assert r.status_code == 200, r.text
        r = await client.get(f"/chain/{t.chain.id}/loyalty/abonements", headers=t.headers)
        [back] = r.json()["data"]
        assert back["balance_container"]["links"][0]["count"] == 10
        assert r.json()["meta"]["count"] == 1

    async def test_balance_period_and_refusals(
        self, client: httpx.AsyncClient, database: Database, salon: Salon
    ) -> None:
        t = salon.tenant
        visit = await sell(client, database, salon)
        kind = await make_type(
            client,
            t,
            {salon.second_service_id: 1},
            is_united_balance=True,
            united_balance_services_count=2,
            is_allow_empty_code=True,
            allow_freeze=False,
        )
        m = await sell_membership(client, t, kind["id"], visit.client_id)
        assert m["number"] == "" and m["united_balance_services_count"] == 2
        chain = f"/chain/{t.chain.id}/loyalty/abonements/{m['id']}"
        sale = f"/company/{t.location_id}/sale/{visit.document_id}"
        # It covers another service only.
        assert_error(await client.post(sale + "/payment", json=use_body(m), headers=t.headers), 422)
        r = await client.post(
            chain + "/freeze",
            json={"freeze_till": (datetime.now(UTC).date() + timedelta(days=3)).isoformat()},
            headers=t.headers,
        )
        assert_error(r, 422, "freeze_till")
        r = await client.post(
            chain + "/set_balance", json={"united_balance_services_count": 5}, headers=t.headers
        )
        assert r.status_code == 200, r.text
        assert r.json()["data"][0]["united_balance_services_count"] == 5
        assert_error(await client.post(chain + "/set_balance", json={}, headers=t.headers), 422)
        r = await client.post(
            chain + "/set_period", json={"period": 2, "period_unit_id": 1}, headers=t.headers
        )
        [changed] = r.json()["data"]
        assert changed["period"] == 2 and _expiry(changed) == datetime.now(UTC).date() + timedelta(
            days=2
        )
        assert_error(
            await client.post(
                chain + "/set_period", json={"period": 2, "period_unit_id": 9}, headers=t.headers
            ),
            422,
        )
        r = await client.post(
            f"/chain/{t.chain.id}/loyalty/abonements/99999/unfreeze", headers=t.headers
        )
        assert_error(r, 404)
        r = await client.get(
            f"/company/{t.location_id}/client/{visit.client_id}/loyalty/abonements/search_for_activity",
            headers=t.headers,
        )
        assert [x["id"] for x in r.json()["data"]] == [m["id"]]
        r = await client.get(
            f"/api/v1/company/{t.location_id}/client/{visit.client_id}/loyalty/abonements/"
            f"{m['id']}/check_for_activity",
            headers=t.headers,
        )
        assert r.status_code == 200, r.text
        assert r.json()["data"]["available_count"] == 5
        async with database.session() as session:
            goods = (await session.execute(select(Product.title))).scalars().all()
        assert "Ten haircuts" in goods


async def test_another_locations_user_reads_no_memberships(
    client: httpx.AsyncClient, database: Database, salon: Salon, far_salon: Salon
) -> None:
    t = salon.tenant
    visit = await sell(client, database, salon)
    kind = await make_type(client, t, {salon.service_id: 10})
    await sell_membership(client, t, kind["id"], visit.client_id)
    stranger = far_salon.tenant
    r = await client.get(
        "/loyalty/abonements",
        params={"company_id": t.location_id, "phone": PHONE},
        headers=stranger.headers,
    )
    assert_error(r, 403)
    r = await client.get(
        f"/chain/{t.chain.id}/loyalty/abonement_types/{kind['id']}", headers=stranger.headers
    )
    assert_error(r, 403)
    r = await client.get(
        f"/chain/{stranger.chain.id}/loyalty/abonement_types/{kind['id']}",
        headers=stranger.headers,
    )
    assert_error(r, 404)
    r = await client.get(
        "/loyalty/abonements",
        params={"company_id": stranger.location_id, "phone": PHONE},
        headers=stranger.headers,
    )
    assert r.status_code == 200 and r.json()["data"] == []


async def test_frozen_and_overdue_memberships_pay_nothing(
    client: httpx.AsyncClient, database: Database, salon: Salon
) -> None:
    t = salon.tenant
    visit = await sell(client, database, salon)
    kind = await make_type(client, t, {salon.service_id: 10})
    m = await sell_membership(client, t, kind["id"], visit.client_id)
    sale = f"/company/{t.location_id}/sale/{visit.document_id}"
    chain = f"/chain/{t.chain.id}/loyalty/abonements/{m['id']}"
    till = (datetime.now(UTC).date() + timedelta(days=5)).isoformat()
    assert (
        await client.post(chain + "/freeze", json={"freeze_till": till}, headers=t.headers)
    ).status_code == 200
    offers = (await client.get(sale, headers=t.headers)).json()["data"]["payment_methods"]
    offer = next(o for o in offers if o["slug"] == "loyalty_abonement")
    assert offer["is_applicable"] is False
    r = await client.post(sale + "/payment", json=use_body(m), headers=t.headers)
    assert_error(r, 422, "payment.method.loyalty_abonement_id")
    assert (await client.post(chain + "/unfreeze", headers=t.headers)).status_code == 200

    # Sold 40 days ago for a month (plus the 5 frozen days): overdue.
    async with database.session(write=True) as session:
        await session.execute(
            update(ClientMembership)
            .where(ClientMembership.id == m["id"])
            .values(created_at=datetime.now(UTC) - timedelta(days=40))
        )
    r = await client.get(f"/chain/{t.chain.id}/loyalty/abonements", headers=t.headers)
    [row] = r.json()["data"]
    assert row["status"] == {"id": 3, "title": "Overdue", "extended_title": "Overdue"}
    r = await client.post(sale + "/payment", json=use_body(m), headers=t.headers)
    assert_error(r, 422, "payment.method.loyalty_abonement_id")
    r = await client.post(chain + "/freeze", json={"freeze_till": till}, headers=t.headers)
    assert_error(r, 422, "freeze_till")


async def test_event_series_checks(
    client: httpx.AsyncClient, database: Database, salon: Salon
) -> None:
    t = salon.tenant
    visit = await sell(client, database, salon)
    kind = await make_type(client, t, {salon.service_id: 10})
    m = await sell_membership(client, t, kind["id"], visit.client_id)
    today = datetime.now(UTC).date()
    async with database.session(write=True) as session:
        ids = {}
        for name, service_id in (("cut", salon.service_id), ("colour", salon.second_service_id)):
            schedule = EventSchedule(
                location_id=t.location_id,
                original_entity_type="activity",
                original_entity_id=1,
                service_id=service_id,
                date_start=today,
                date_end=today + timedelta(days=100),
            )
            session.add(schedule)
            await session.flush()
            day = EventScheduleDay(
                location_id=t.location_id,
                schedule_id=schedule.id,
                day_of_week="mon",
                events_time="10:00:00",
                events_duration=3600,
                events_master_id=salon.member_id,
                events_capacity=5,
            )
            session.add(day)
            await session.flush()
            ids[name] = (schedule.id, day.id)
    base = f"/company/{t.location_id}/client/{visit.client_id}/loyalty/abonements"
    r = await client.get(
        base + "/search_for_activity", params={"schedule_id": ids["cut"][0]}, headers=t.headers
    )
    assert [x["id"] for x in r.json()["data"]] == [m["id"]]
    r = await client.get(
        base + "/search_for_activity", params={"schedule_id": ids["colour"][0]}, headers=t.headers
    )
    assert r.json()["data"] == []
    r = await client.get(
        f"{base}/{m['id']}/check_for_activity",
        params={
            "schedule_id": ids["cut"][0],
            "schedule_day_ids[]": [ids["cut"][1], ids["colour"][1]],
        },
        headers=t.headers,
    )
    data = r.json()["data"]
    assert data["available_count"] == 10 and data["is_available"] is True
    assert data["final_day"] == f"{m['expiration_date']} 23:59:59"
    assert data["schedule_days_ids"] == [ids["cut"][1]]
    r = await client.get(
        f"{base}/{m['id']}/check_for_activity",
        params={"schedule_id": ids["colour"][0]},
        headers=t.headers,
    )
    assert r.json()["data"]["available_count"] == 0
    r = await client.get(
        base + "/search_for_activity", params={"schedule_id": 999999}, headers=t.headers
    )
    assert_error(r, 422, "schedule_id")
    assert_error(await client.get(f"{base}/999999/check_for_activity", headers=t.headers), 404)
