"""Chain loyalty programs through HTTP: create, read, update, delete, the location search, and
bad bodies refused without a write."""

from __future__ import annotations

import httpx

from tests.fixtures.factories import Tenant, assert_error, make_category, make_service
from tests.loyalty.helpers import card_type, program_body


async def test_program_lifecycle(client: httpx.AsyncClient, world: Tenant) -> None:
    h, chain, loc = world.headers, world.chain.id, world.location_id
    kind = await card_type(client, world)
    cat = await make_category(client, world, title="Hair")
    svc = await make_service(client, world, title="Cut", category_id=cat["id"])
    body = program_body(
        world,
        [kind["id"]],
        service_item_type="custom_allowed",
        allowed_service_ids=[cat["id"], svc["id"]],
    )
    r = await client.post(f"/chain/{chain}/loyalty/programs", json=body, headers=h)
    assert r.status_code == 200, r.text
    created = r.json()
    pid = created["id"]
    assert created["type"] == "discount_accumulative_paid"
    assert created["loyalty_card_types"] == [{"id": kind["id"], "title": kind["title"]}]
    assert [(x["parameter"], x["value"], x["loyalty_type_id"]) for x in created["rules"]] == [
        (10, 2.5, 3),
        (30, 7.5, 3),
    ]
    assert [c["id"] for c in created["companies"]] == [loc]
    assert {(i["id"], i["is_category"]) for i in created["applicable_items"]} == {
        (cat["id"], True),
        (svc["id"], False),
    }
    assert created["history_start_date"].startswith("2025-09-21T23:00:00")

    r = await client.get(f"/chain/{chain}/loyalty/programs/{pid}", headers=h)
    assert r.json() == created

    update = program_body(
        world,
        [kind["id"]],
        title="Five percent",
        type="discount_static",
        value_unit="percent",
        rules=[{"value": 5}],
    )
    r = await client.put(f"/chain/{chain}/loyalty/programs/{pid}", json=update, headers=h)
    assert r.status_code == 200, r.text
    assert r.json()["title"] == "Five percent" and len(r.json()["rules"]) == 1
    assert r.json()["applicable_items"] == []

    r = await client.get(f"/company/{loc}/loyalty/programs/search", headers=h)
    found = r.json()["data"]
    assert [(p["id"], p["loyalty_type_id"], p["value_unit_id"]) for p in found] == [(pid, 1, 1)]
    r = await client.get(
        f"/company/{loc}/loyalty/programs/search",
        params={"type": "cashback_static_paid"},
        headers=h,
    )
    assert r.json()["data"] == []
    r = await client.get(f"/company/{loc}/loyalty/programs/search", params={"type": "x"}, headers=h)
    assert_error(r, 422, "type")

    # The card shows the program's value (a static one has its rule's value).
    r = await client.post(
        f"/loyalty/cards/{loc}",
        json={"loyalty_card_number": 5, "loyalty_card_type_id": kind["id"], "phone": 13155550175},
        headers=h,
    )
    assert r.json()["programs"][0]["value"] == 5 and r.json()["number"] == "5"

    assert (
        await client.delete(f"/chain/{chain}/loyalty/programs/{pid}", headers=h)
    ).status_code == 204
    assert_error(await client.get(f"/chain/{chain}/loyalty/programs/{pid}", headers=h), 404)
    r = await client.get(f"/company/{loc}/loyalty/programs/search", headers=h)
    assert r.json()["data"] == [] and r.json()["meta"]["count"] == 0


async def test_bad_programs_are_refused(
    client: httpx.AsyncClient, world: Tenant, stranger: Tenant
) -> None:
    h, chain = world.headers, world.chain.id
    kind = await card_type(client, world)
    url = f"/chain/{chain}/loyalty/programs"
    cases = [
        (program_body(world, [kind["id"]], type="discount_static"), "rules"),
        (program_body(world, [kind["id"]], type="referral"), "type"),
        (program_body(world, [kind["id"]], type="nope"), "type"),
        (program_body(world, [kind["id"]], company_ids=[stranger.location_id]), "company_ids"),
        (program_body(world, [kind["id"] + 1000]), "loyalty_card_type_ids"),
        (
            program_body(world, [kind["id"]], service_item_type="custom_allowed"),
            "allowed_service_ids",
        ),
        (
            program_body(world, [kind["id"]], rules=[{"value": 101}], type="discount_static"),
            "rules",
        ),
        (program_body(world, [kind["id"]], rules=[]), "rules"),
    ]
    for body, field in cases:
        assert_error(await client.post(url, json=body, headers=h), 422, field)
    r = await client.get(f"/company/{world.location_id}/loyalty/programs/search", headers=h)
    assert r.json()["data"] == []
    assert_error(await client.get(f"{url}/1", headers=stranger.headers), 403)
