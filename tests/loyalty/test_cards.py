"""Loyalty cards through HTTP: card types, issuing, the three ways to read a client's cards,
manual deposits and withdrawals (never below zero), the chain ledger, removal."""

from __future__ import annotations

from decimal import Decimal

import httpx
from sqlalchemy import select

from parlour.auth import service as auth_service
from parlour.db import Database
from parlour.models import LoyaltyCard, LoyaltyTransaction
from tests.fixtures.factories import Tenant, assert_error, make_client
from tests.loyalty.helpers import PHONE, card_type, issue, program_body


async def test_cards_from_issue_to_removal(
    client: httpx.AsyncClient, world: Tenant, database: Database
) -> None:
    h, loc, chain = world.headers, world.location_id, world.chain.id
    gold = await card_type(client, world, "Gold")
    silver = await card_type(client, world, "Silver")
    assert gold["salon_group"] == {"id": chain, "title": world.chain.title}
    r = await client.get(f"/chain/{chain}/loyalty/card_types", headers=h)
    assert r.json() == [
        {"id": gold["id"], "title": "Gold"},
        {"id": silver["id"], "title": "Silver"},
    ]
    r = await client.get(f"/loyalty/card_types/salon/{loc}", headers=h)
    assert [k["id"] for k in r.json()] == [gold["id"], silver["id"]]

    program = await client.post(
        f"/chain/{chain}/loyalty/programs", json=program_body(world, [gold["id"]]), headers=h
    )
    assert program.status_code == 200, program.text

    card = await issue(client, world, gold["id"], number="0090909", phone="13155550175")
    assert card["number"] == "0090909" and card["balance"] == 0 and card["type_id"] == gold["id"]
    assert [p["id"] for p in card["programs"]] == [program.json()["id"]]
    assert card["programs"][0]["loyalty_type_id"] == 3
    assert [r["value"] for r in card["programs"][0]["rules"]] == [2.5, 7.5]

    # The same number again, or the same type for the same phone: refused, nothing written.
    again = await client.post(
        f"/loyalty/cards/{loc}",
        json={
            "loyalty_card_number": "0090909",
            "loyalty_card_type_id": silver["id"],
            "phone": PHONE,
        },
        headers=h,
    )
    assert_error(again, 422, "loyalty_card_number")
    twice = await client.post(
        f"/loyalty/cards/{loc}",
        json={"loyalty_card_number": "77", "loyalty_card_type_id": gold["id"], "phone": PHONE},
        headers=h,
    )
    assert_error(twice, 422, "loyalty_card_type_id")
    r = await client.get(f"/loyalty/card_types/client/{loc}/13155550175", headers=h)
    assert [k["id"] for k in r.json()] == [silver["id"]]

    # Manual transactions: deposit, withdraw, never below zero.
    url = f"/company/{loc}/loyalty/cards/{card['id']}/manual_transaction"
    r = await client.post(url, json={"amount": 100.5, "title": "Welcome"}, headers=h)
    assert r.status_code == 200 and r.json()["data"]["balance"] == 100.5, r.text
    r = await client.post(url, json={"amount": "-30.5"}, headers=h)
    assert r.json()["data"]["balance"] == 70
    r = await client.post(url, json={"amount": -70.01}, headers=h)
    assert_error(r, 422)
    r = await client.post(url, json={"amount": 0}, headers=h)
    assert_error(r, 422, "amount")
    r = await client.post(
        f"/chain/{chain}/loyalty/cards/{card['id']}/manual_transaction",
        json={"amount": -20},
        headers=h,
    )
    assert r.status_code == 200 and r.json()["data"]["balance"] == 50

    # Read by phone, by client id, and by the client's own account.
    r = await client.get(f"/loyalty/cards/{PHONE}/{chain}/{loc}", headers=h)
    assert [(c["id"], c["balance"]) for c in r.json()] == [(card["id"], 50)]
    client_id = await make_client(database, world, PHONE)
    r = await client.get(f"/loyalty/client_cards/{client_id}", headers=h)
    assert [c["id"] for c in r.json()] == [card["id"]]
    async with database.session(write=True) as session:
        user = await auth_service.create_user(session, login=PHONE, password="s3cret-pass")
        token = auth_service.token_of(user)
    own = {"Authorization": f"Bearer {world.partner_token}, User {token}"}
    r = await client.get(f"/user/loyalty_cards/{chain}", headers=own)
    assert [(c["id"], c["balance"]) for c in r.json()] == [(card["id"], 50)]
    assert (await client.get(f"/user/loyalty_cards/{chain + 999}", headers=own)).status_code == 404

    # The ledger.
    r = await client.get(
        f"/chain/{chain}/loyalty/transactions",
        params={"created_after": "2000-01-01", "created_before": "2100-01-01"},
        headers=h,
    )
    lines = r.json()["data"]
    assert [(x["type_id"], x["amount"]) for x in lines] == [(5, 100.5), (6, -30.5), (6, -20)]
    r = await client.get(
        f"/chain/{chain}/loyalty/transactions",
        params={"created_after": "2000-01-01", "created_before": "2100-01-01", "types[]": 5},
        headers=h,
    )
    assert r.json()["meta"]["total_count"] == 1

    # Removal.
    r = await client.delete(f"/loyalty/cards/{loc}/{card['id']}", headers=h)
    assert r.status_code == 204
    r = await client.get(f"/loyalty/cards/{PHONE}/{chain}/{loc}", headers=h)
    assert r.json() == []
    assert (await client.delete(f"/loyalty/cards/{loc}/{card['id']}", headers=h)).status_code == 404
    async with database.session() as session:
        row = await session.get(LoyaltyCard, card["id"])
        assert row is not None and row.deleted and row.balance == Decimal("50.00")
        total = sum(
            (await session.execute(select(LoyaltyTransaction.amount))).scalars(), Decimal(0)
        )
        assert total == Decimal("50.00")


async def test_another_chains_card_is_not_found(
    client: httpx.AsyncClient, world: Tenant, stranger: Tenant
) -> None:
    theirs = await issue(client, stranger, (await card_type(client, stranger))["id"])
    r = await client.post(
        f"/company/{world.location_id}/loyalty/cards/{theirs['id']}/manual_transaction",
        json={"amount": 10},
        headers=world.headers,
    )
    assert_error(r, 404)
    r = await client.get(
        f"/loyalty/cards/{PHONE}/{stranger.chain.id}/{world.location_id}", headers=world.headers
    )
    assert_error(r, 404)
    r = await client.post(
        f"/loyalty/cards/{world.location_id}",
        json={
            "loyalty_card_number": "1",
            "loyalty_card_type_id": theirs["type_id"],
            "phone": PHONE,
        },
        headers=world.headers,
    )
    assert_error(r, 422, "loyalty_card_type_id")
