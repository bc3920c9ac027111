"""Loyalty in a visit over HTTP: cashback accrued when a visit is paid, card withdrawals capped
by the balance and cancelled, discount programs (accumulative ones switching rule), referrals,
the card and program payment methods, and the visit's loyalty transactions."""

from __future__ import annotations

import httpx
from sqlalchemy import func, select

from parlour.auth import service as auth_service
from parlour.db import Database
from parlour.models import LoyaltyCard, LoyaltyTransaction, LoyaltyVisit
from tests.fixtures.factories import Salon, Tenant, assert_error
from tests.loyalty.helpers import PHONE, card_type, issue
from tests.loyalty.visit_helpers import (
    balance,
    owed,
    pay,
    program,
    referral_program,
    state,
    visit,
)

V = "/visit/loyalty"


async def test_cashback_on_payment_then_a_capped_withdrawal_and_its_cancel(
    client: httpx.AsyncClient, database: Database, salon: Salon
) -> None:
    t = salon.tenant
    h, loc, chain = t.headers, t.location_id, t.chain.id
    kind = await card_type(client, t)
    cashback = await program(client, t, kind["id"], "cashback_static_paid", [(0, 5)])
    card = await issue(client, t, kind["id"])

    first = await visit(client, database, salon)
    # Half paid: nothing yet; paid in full: 5% of 1000.
    await pay(client, t, first, 400)
    assert await balance(client, t, card["id"]) == 0
    await pay(client, t, first, 600, "card")
    assert await balance(client, t, card["id"]) == 50

    # Visible by phone, by client id and through the client's own account.
    r = await client.get(f"/loyalty/client_cards/{first.client_id}", headers=h)
    mine = next(c for c in r.json() if c["id"] == card["id"])
    assert (mine["balance"], mine["paid_amount"], mine["visits_count"]) == (50, 1000, 1)
    async with database.session(write=True) as session:
        user = await auth_service.create_user(session, login=PHONE, password="s3cret-pass")
        token = auth_service.token_of(user)
    own = {"Authorization": f"Bearer {t.partner_token}, User {token}"}
    r = await client.get(f"/user/loyalty_cards/{chain}", headers=own)
    assert [(c["id"], c["balance"]) for c in r.json()] == [(card["id"], 50)]

    r = await client.get(f"{V}/transactions/{first.visit_id}", headers=h)
    assert r.status_code == 200, r.text
    [accrual] = r.json()
    assert (accrual["type_id"], accrual["amount"], accrual["card_id"]) == (2, 50, card["id"])
    assert accrual["program"]["id"] == cashback["id"] and accrual["program"]["loyalty_type_id"] == 5

    # Another visit: a withdrawal of 80 from a card with 50 takes only 50.
    second = await visit(client, database, salon, day=1)
    r = await client.post(
        f"{V}/apply_card_withdrawal/{loc}/{card['id']}", json=second.body(amount=80), headers=h
    )
    assert r.status_code == 200, r.text
    details = r.json()
    assert "success" not in details
    [line] = details["loyalty_transactions"]
    assert (line["type_id"], line["amount"], line["card_id"]) == (3, 50, card["id"])
    assert line["is_loyalty_withdraw"] is True and line["item_record_id"] == second.record_id
    assert await balance(client, t, card["id"]) == 0
    assert owed(await state(client, t, second)) == 950
    r = await client.get(f"{V}/transactions/{second.visit_id}", headers=h)
    assert [(x["type_id"], x["amount"]) for x in r.json()] == [(3, 50)]

    # Its cancel gives the 50 back and the visit owes 1000 again.
    r = await client.post(
        f"{V}/cancel_card_withdrawal/{loc}/{card['id']}", json=second.body(), headers=h
    )
    assert r.status_code == 200, r.text
    assert r.json()["loyalty_transactions"] == []
    assert await balance(client, t, card["id"]) == 50
    assert owed(await state(client, t, second)) == 1000
    # Nothing to withdraw: 0 writes nothing.
    r = await client.post(
        f"{V}/apply_card_withdrawal/{loc}/{card['id']}", json=second.body(amount=0), headers=h
    )
    assert r.status_code == 200 and r.json()["loyalty_transactions"] == []

    # The card as a payment method of checkout: offered up to its balance, strict when paid.
    sale = await state(client, t, second)
    offer = next(m for m in sale["payment_methods"] if m["slug"] == "loyalty_card")
    assert offer["is_applicable"] and offer["applicable_amount"] == 50
    assert offer["loyalty_card"]["number"] == "0090909"
    method = {"slug": "loyalty_card", "loyalty_card_id": card["id"]}
    r = await client.post(
        second.sale + "/payment", json={"payment": {"method": method, "amount": 60}}, headers=h
    )
    assert_error(r, 422)
    r = await client.post(
        second.sale + "/payment", json={"payment": {"method": method, "amount": 30}}, headers=h
    )
    assert r.status_code == 200, r.text
    [paid] = r.json()["data"]["state"]["loyalty_transactions"]
    assert (paid["type_id"], paid["amount"], paid["loyalty_card_id"]) == (3, 30, card["id"])
    assert await balance(client, t, card["id"]) == 20
    # Deleting that payment gives the points back.
    r = await client.delete(second.sale + f"/payment/loyalty_transaction/{paid['id']}", headers=h)
    assert r.status_code == 200, r.text
    assert await balance(client, t, card["id"]) == 50

    # Paying visit two in full accrues its own 5%; deleting a payment takes it back.
    after = await pay(client, t, second, 1000)
    assert await balance(client, t, card["id"]) == 100
    line_id = after["state"]["payment_transactions"][0]["id"]
    r = await client.delete(second.sale + f"/payment/payment_transaction/{line_id}", headers=h)
    assert r.status_code == 200, r.text
    assert await balance(client, t, card["id"]) == 50
    async with database.session() as session:
        row = await session.get(LoyaltyCard, card["id"])
        assert row is not None and row.visits_count == 1
        counted = await session.scalar(
            select(func.count()).select_from(LoyaltyVisit).where(LoyaltyVisit.card_id == row.id)
        )
        assert counted == 1
        total = await session.scalar(
            select(func.sum(LoyaltyTransaction.amount)).where(LoyaltyTransaction.card_id == row.id)
        )
        assert total == row.balance


async def test_accumulative_discount_switches_rule_when_paid_history_crosses(
    client: httpx.AsyncClient, database: Database, salon: Salon
) -> None:
    t = salon.tenant
    h, loc = t.headers, t.location_id
    kind = await card_type(client, t)
    discount = await program(
        client, t, kind["id"], "discount_accumulative_paid", [(0, 2.5), (900, 7.5)]
    )
    card = await issue(client, t, kind["id"])
    url = f"{V}/apply_discount_program/{loc}/{card['id']}/{discount['id']}"
    cancel = f"{V}/cancel_discount_program/{loc}/{card['id']}/{discount['id']}"

    first = await visit(client, database, salon)
    r = await client.post(url, json=first.body(), headers=h)
    assert r.status_code == 200, r.text
    [line] = r.json()["loyalty_transactions"]
    assert (line["type_id"], line["amount"], line["is_discount"]) == (1, 25, True)
    assert (line["program_id"], line["card_id"]) == (discount["id"], card["id"])
    assert owed(await state(client, t, first)) == 975
    sale = await state(client, t, first)
    assert sale["state"]["items"][0]["cost_to_pay_total"] == 975
    # Cancel restores the cost; applying twice keeps one discount.
    r = await client.post(cancel, json=first.body(), headers=h)
    assert r.status_code == 200 and r.json()["loyalty_transactions"] == []
    assert (await state(client, t, first))["state"]["items"][0]["cost_to_pay_total"] == 1000
    await client.post(url, json=first.body(), headers=h)
    r = await client.post(url, json=first.body(), headers=h)
    assert [x["amount"] for x in r.json()["loyalty_transactions"]] == [25]
    await pay(client, t, first, 975)
    # The record counts as paid in full: its discount covers the rest.
    r = await client.get(f"/record/{loc}/{first.record_id}", headers=h)
    assert r.json()["data"]["paid_full"] == 1

    # 975 paid crosses 900: the next visit takes 7.5%.
    second = await visit(client, database, salon, day=1)
    sale = await state(client, t, second)
    offer = next(m for m in sale["payment_methods"] if m["slug"] == "loyalty_program")
    assert (offer["applicable_amount"], offer["applicable_value"]) == (75, 7.5)
    assert offer["loyalty_program"]["type_id"] == 3
    r = await client.post(url, json=second.body(), headers=h)
    assert [x["amount"] for x in r.json()["loyalty_transactions"]] == [75]
    r = await client.get(f"{V}/transactions/{second.visit_id}", headers=h)
    [shown] = r.json()
    assert shown["program"]["title"] == "discount_accumulative_paid"

    # The program as a payment method: the same discount, once.
    await client.post(cancel, json=second.body(), headers=h)
    method = {
        "slug": "loyalty_program",
        "loyalty_card_id": card["id"],
        "loyalty_program_id": discount["id"],
    }
    r = await client.post(
        second.sale + "/payment", json={"payment": {"method": method, "amount": 80}}, headers=h
    )
    assert_error(r, 422, "payment.amount")
    r = await client.post(
        second.sale + "/payment", json={"payment": {"method": method, "amount": 75}}, headers=h
    )
    assert r.status_code == 200, r.text
    assert owed(r.json()["data"]) == 925
    r = await client.post(
        second.sale + "/payment", json={"payment": {"method": method, "amount": 1}}, headers=h
    )
    assert_error(r, 422, "payment.method.loyalty_program_id")
    [line] = (await state(client, t, second))["state"]["loyalty_transactions"]
    r = await client.delete(second.sale + f"/payment/loyalty_transaction/{line['id']}", headers=h)
    assert r.status_code == 200 and owed(r.json()["data"]) == 1000


async def test_referral_discount_and_reward(
    client: httpx.AsyncClient, database: Database, salon: Salon
) -> None:
    t = salon.tenant
    h, loc, chain = t.headers, t.location_id, t.chain.id
    kind = await card_type(client, t)
    program_id = await referral_program(client, t, kind["id"], reward=100, invited_percent=10)
    inviter = await issue(client, t, kind["id"], number="inviter", phone="+13155550111")
    sold = await visit(client, database, salon)
    sale = await state(client, t, sold)
    offer = next(m for m in sale["payment_methods"] if m["slug"] == "referral_loyalty_program")
    assert offer["is_applicable"] is False

    url = f"{V}/apply_referral_program/{loc}/{chain}"
    r = await client.post(url, json=sold.body(referrer_phone=PHONE), headers=h)
    assert_error(r, 422, "referrer_phone")
    r = await client.post(url, json=sold.body(referrer_phone="13155550111"), headers=h)
    assert r.status_code == 200, r.text
    [line] = r.json()["loyalty_transactions"]
    assert (line["type_id"], line["amount"], line["program_id"]) == (1, 100, program_id)
    await pay(client, t, sold, 900)
    assert await balance(client, t, inviter["id"], phone="+13155550111") == 100
    r = await client.get(f"{V}/transactions/{sold.visit_id}", headers=h)
    assert [(x["type_id"], x["amount"], x["card_id"]) for x in r.json()] == [
        (1, 100, 0),
        (4, 100, inviter["id"]),
    ]
    assert r.json()[1]["program"]["loyalty_type_id"] == 6

    # The referral discount as a payment method, on another visit.
    other = await visit(client, database, salon, day=1)
    r = await client.post(url, json=other.body(referrer_phone="+13155550111"), headers=h)
    [line] = r.json()["loyalty_transactions"]
    r = await client.delete(other.sale + f"/payment/loyalty_transaction/{line['id']}", headers=h)
    assert r.status_code == 200
    offer = next(
        m
        for m in (await state(client, t, other))["payment_methods"]
        if m["slug"] == "referral_loyalty_program"
    )
    assert offer["applicable_amount"] == 100 and offer["loyalty_program_id"] == program_id
    method = {"slug": "referral_loyalty_program"}
    r = await client.post(
        other.sale + "/payment", json={"payment": {"method": method, "amount": 100}}, headers=h
    )
    assert r.status_code == 200, r.text
    assert owed(r.json()["data"]) == 900


async def test_refusals(
    client: httpx.AsyncClient, database: Database, salon: Salon, stranger: Tenant
) -> None:
    t = salon.tenant
    h, loc, chain = t.headers, t.location_id, t.chain.id
    kind = await card_type(client, t)
    cashback = await program(client, t, kind["id"], "cashback_static_sold", [(0, 5)])
    card = await issue(client, t, kind["id"])
    foreign = await issue(client, t, kind["id"], number="other", phone="+13155550122")
    sold = await visit(client, database, salon)
    withdraw = f"{V}/apply_card_withdrawal/{loc}"
    r = await client.post(f"{withdraw}/{foreign['id']}", json=sold.body(amount=5), headers=h)
    assert_error(r, 422, "card_id")
    r = await client.post(f"{withdraw}/999999", json=sold.body(amount=5), headers=h)
    assert_error(r, 404)
    r = await client.post(
        f"{withdraw}/{card['id']}", json={"visit_id": 999999, "amount": 5}, headers=h
    )
    assert_error(r, 422, "visit_id")
    r = await client.post(f"{withdraw}/{card['id']}", json={"amount": 5}, headers=h)
    assert_error(r, 422, "visit_id")
    r = await client.post(f"{withdraw}/{card['id']}", json=sold.body(amount=-5), headers=h)
    assert_error(r, 422, "amount")
    r = await client.post(
        f"{V}/apply_discount_program/{loc}/{card['id']}/{cashback['id']}",
        json=sold.body(),
        headers=h,
    )
    assert_error(r, 422, "program_id")
    r = await client.post(
        f"{V}/apply_referral_program/{loc}/{chain}",
        json=sold.body(referrer_phone="+13155550122"),
        headers=h,
    )
    assert_error(r, 422, "chain_id")
    r = await client.post(
        f"{V}/apply_referral_program/{loc}/{chain + 999}",
        json=sold.body(referrer_phone="+13155550122"),
        headers=h,
    )
    assert_error(r, 404)
    r = await client.get(f"{V}/transactions/999999", headers=h)
    assert_error(r, 404)
    r = await client.get(f"{V}/transactions/{sold.visit_id}", headers=stranger.headers)
    assert_error(r, 403)
    referrals = f"/chain/{chain}/loyalty/referral_programs"
    good = {"title": "Invite", "inviter_value": 10, "company_ids": [loc]}
    r = await client.post(referrals, json={**good, "company_ids": [loc + 999]}, headers=h)
    assert_error(r, 422, "company_ids")
    r = await client.post(referrals, json={**good, "loyalty_card_type_ids": [999999]}, headers=h)
    assert_error(r, 422, "loyalty_card_type_ids")
    r = await client.post(
        referrals, json={**good, "value_unit": "percent", "inviter_value": 101}, headers=h
    )
    assert_error(r, 422, "inviter_value")
    r = await client.post(referrals, json={**good, "inviter_value": 0}, headers=h)
    assert_error(r, 422, "inviter_value")
    # A "sold" cashback accrues on what was sold once the visit is paid.
    await pay(client, t, sold, 1000)
    assert await balance(client, t, card["id"]) == 50


async def test_history_sources_start_date_and_accumulative_cashback(
    client: httpx.AsyncClient, database: Database, salon: Salon
) -> None:
    t = salon.tenant
    h, loc = t.headers, t.location_id
    gold = await card_type(client, t, "Gold")
    other = await card_type(client, t, "Other")
    visits = [(0, 1), (1, 5)]
    chain_wide = await program(
        client, t, gold["id"], "discount_accumulative_visits", visits, params_source_type="chain"
    )
    later = await program(
        client,
        t,
        gold["id"],
        "discount_accumulative_visits",
        visits,
        params_source_type="chain",
        history_start_date="2100-01-01",
    )
    here_only = await program(
        client,
        t,
        gold["id"],
        "discount_accumulative_visits",
        visits,
        params_source_type="active_companies",
    )
    cashback = await program(
        client, t, gold["id"], "cashback_accumulative_paid", [(0, 0), (500, 10)]
    )
    card = await issue(client, t, gold["id"])
    await issue(client, t, other["id"], number="second")

    first = await visit(client, database, salon)
    await pay(client, t, first, 1000)
    # The first visit had no history: the cumulative cashback's first step gives nothing.
    assert await balance(client, t, card["id"]) == 0

    second = await visit(client, database, salon, day=1)
    sale = await state(client, t, second)
    values = {
        m["loyalty_program_id"]: m["applicable_value"]
        for m in sale["payment_methods"]
        if m["slug"] == "loyalty_program"
    }
    # One counted visit (counted once though the phone holds two cards) reaches 5%, unless
    # the program counts from a later start date.
    assert values == {chain_wide["id"]: 5, later["id"]: 1, here_only["id"]: 5}
    r = await client.post(
        f"{V}/apply_discount_program/{loc}/{card['id']}/{chain_wide['id']}",
        json=second.body(),
        headers=h,
    )
    assert [x["amount"] for x in r.json()["loyalty_transactions"]] == [50]
    await pay(client, t, second, 950)
    # 1000 paid before reaches the 10% step: 10% of the 950 paid now.
    assert await balance(client, t, card["id"]) == 95
    r = await client.get(f"{V}/transactions/{second.visit_id}", headers=h)
    assert [(x["type_id"], x["amount"], x["program_id"]) for x in r.json()] == [
        (1, 50, chain_wide["id"]),
        (2, 95, cashback["id"]),
    ]
