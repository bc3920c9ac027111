"""A package discount (upstream's "discount for a given number of accumulated services"): its
threshold counts the units of its services the client paid for, sold_items_multiplicity of
them open one package, and a sale holding the discount uses it up."""

from __future__ import annotations

import httpx

from parlour.db import Database
from tests.fixtures.factories import Salon
from tests.loyalty.helpers import card_type, issue
from tests.loyalty.visit_helpers import pay, program, state, visit

V = "/visit/loyalty"


def _offer(sale: dict[str, object], program_id: int) -> tuple[object, object]:
    methods = sale["payment_methods"]
    assert isinstance(methods, list)
    found = next(m for m in methods if m.get("loyalty_program_id") == program_id)
    return found["applicable_value"], found["applicable_amount"]


async def test_package_opens_after_paid_services_and_is_used_up(
    client: httpx.AsyncClient, database: Database, salon: Salon
) -> None:
    t = salon.tenant
    h, loc = t.headers, t.location_id
    kind = await card_type(client, t)
    package = await program(
        client,
        t,
        kind["id"],
        "package_discount",
        [(0, 50)],
        sold_items_multiplicity=2,
    )
    # The rule naming the visit's service wins over the general one.
    named = await program(
        client,
        t,
        kind["id"],
        "package_discount",
        [(0, 50, 0), (0, 20, salon.service_id)],
        sold_items_multiplicity=1,
    )
    card = await issue(client, t, kind["id"])

    first = await visit(client, database, salon, day=-1)
    assert _offer(await state(client, t, first), package["id"]) == (0, 0)
    await pay(client, t, first, 1000)
    second = await visit(client, database, salon)
    # One paid service of two: not yet; the one-service package is open (20% on its service).
    assert _offer(await state(client, t, second), package["id"]) == (0, 0)
    assert _offer(await state(client, t, second), named["id"]) == (50, 200)
    await pay(client, t, second, 1000)

    third = await visit(client, database, salon, day=1)
    assert _offer(await state(client, t, third), package["id"]) == (50, 500)
    url = f"{V}/apply_discount_program/{loc}/{card['id']}/{package['id']}"
    r = await client.post(url, json=third.body(), headers=h)
    assert r.status_code == 200, r.text
    assert [x["amount"] for x in r.json()["loyalty_transactions"]] == [500]
    # Applying again on the same sale keeps its one package.
    r = await client.post(url, json=third.body(), headers=h)
    assert [x["amount"] for x in r.json()["loyalty_transactions"]] == [500]
    await pay(client, t, third, 500)

    # Three services paid, one package of two used: one more service to go.
    fourth = await visit(client, database, salon, day=2)
    assert _offer(await state(client, t, fourth), package["id"]) == (0, 0)
    r = await client.post(url, json=fourth.body(), headers=h)
    assert r.status_code == 200 and r.json()["loyalty_transactions"] == []
