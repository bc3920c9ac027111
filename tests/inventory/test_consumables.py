"""Bills of materials and an appointment's consumables: written off when the visit is
completed, given back when removed or when the visit no longer is."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import httpx
import pytest
from sqlalchemy import select, update

from parlour.db import Database
from parlour.models import Membership, Record
from tests.booking.server import running_server
from tests.fixtures import factories as f
from tests.fixtures.factories import Tenant, assert_error, only_rights
from tests.inventory.test_router import operation, stock
from tests.products.ledger import Shop, make_category, make_product, open_shop


@pytest.fixture
async def shop(database: Database, client: httpx.AsyncClient, world: Tenant) -> Shop:
    return await open_shop(database, client, world)


async def _colouring(client: httpx.AsyncClient, shop: Shop, database: Database) -> dict[str, int]:
    """Hair dye (1 piece = 100 ml) with 2 pieces in the consumables storage, a colouring
    service whose bill of materials uses 20 ml, and a client's appointment for it."""
    cat = await make_category(client, shop, "Colour")
    dye = int((await make_product(client, shop, cat["id"], title="Dye", actual_cost=12))["good_id"])
    r = await operation(
        client,
        shop,
        3,
        [{"good_id": dye, "amount": 2}],
        storage_id=shop.storages["service"],
    )
    assert r.status_code == 200
    member = await f.member(database, shop.location_id)
    service = await f.service(database, shop.location_id, [member], title="Colouring")
    r = await client.post(
        f"/technological_cards/{shop.location_id}",
        json={
            "title": "Colouring",
            "service_id": service,
            "technological_card_items": [{"good_id": dye, "amount": 20}],
        },
        headers=shop.headers,
    )
    assert r.status_code == 201, r.text
    card = r.json()["data"]
    assert card["technological_card_items"][0]["storage_id"] == shop.storages["service"]
    assert card["technological_card_items"][0]["price"] == 2.4
    client_id = await f.make_client(database, shop.tenant, "+13155550101")
    record = await f.make_record(
        database,
        shop.tenant,
        staff_id=member,
        service_id=service,
        client_id=client_id,
        start=datetime(2031, 6, 2, 14, tzinfo=UTC),
        cost=120,
        attendance=0,
    )
    async with database.session() as s:
        visit = (await s.execute(select(Record.visit_id).where(Record.id == record))).scalar_one()
    return {
        "dye": dye,
        "member": member,
        "service": service,
        "record": record,
        "visit": int(visit),
        "card": card["id"],
    }


async def _complete(
    client: httpx.AsyncClient, shop: Shop, ids: dict[str, int], attendance: int
) -> None:
    r = await client.put(
        f"/visits/{ids['visit']}/{ids['record']}",
        json={"attendance": attendance, "comment": ""},
        headers=shop.headers,
    )
    assert r.status_code in (200, 201, 202), r.text


class TestConsumables:
    async def test_colouring_writes_off_20_ml_and_gives_it_back(
        self, client: httpx.AsyncClient, shop: Shop, database: Database
    ) -> None:
        loc, h = shop.location_id, shop.headers
        ids = await _colouring(client, shop, database)
        consumables_storage = shop.storages["service"]
        r = await client.get(
            f"/technological_cards/record_consumables/{loc}/{ids['record']}", headers=h
        )
        [entry] = r.json()["data"]
        assert entry["technological_cards"][0]["id"] == ids["card"]
        assert [
            (c["good_id"], c["amount"], c["goods_transaction_id"]) for c in entry["consumables"]
        ] == [(ids["dye"], 20, 0)]
        assert await stock(client, shop, ids["dye"]) == {consumables_storage: "2"}

        await _complete(client, shop, ids, 1)
        assert await stock(client, shop, ids["dye"]) == {consumables_storage: "1.8"}
        r = await client.get(
            f"/technological_cards/record_consumables/{loc}/{ids['record']}", headers=h
        )
        written = r.json()["data"][0]["consumables"][0]
        assert written["goods_transaction_id"] > 0
        line = await client.get(
            f"/storage_operations/goods_transactions/{loc}/{written['goods_transaction_id']}",
            headers=h,
        )
        assert line.json()["data"]["type_id"] == 8 and line.json()["data"]["amount"] == -20
        assert line.json()["data"]["operation_unit_type"] == 2
        # Completing again writes nothing more.
        await _complete(client, shop, ids, 1)
        assert await stock(client, shop, ids["dye"]) == {consumables_storage: "1.8"}

        # Changing the amounts of a completed visit changes the write-off.
        r = await client.put(
            f"/technological_cards/record_consumables/consumables/{loc}/{ids['record']}/{ids['service']}",
            json={"consumables": [{"good_id": ids["dye"], "amount": 50, "storage_id": 0}]},
            headers=h,
        )
        assert r.status_code == 200, r.text
        assert r.json()["data"][0]["consumables"][0]["amount"] == 50
        assert await stock(client, shop, ids["dye"]) == {consumables_storage: "1.5"}

        # Removing the consumables gives them back.
        r = await client.delete(
            f"/technological_cards/record_consumables/technological_cards/{loc}/{ids['record']}/{ids['service']}",
            params={"delete_consumables": 1},
            headers=h,
        )
        assert r.status_code == 200
        assert r.json()["data"] == [
            {
                "record_id": ids["record"],
                "service_id": ids["service"],
                "technological_cards": [],
                "consumables": [],
            }
        ]
        assert await stock(client, shop, ids["dye"]) == {consumables_storage: "2"}
        # Removed stays removed: completing again writes nothing.
        await _complete(client, shop, ids, 1)
        assert await stock(client, shop, ids["dye"]) == {consumables_storage: "2"}

    async def test_leaving_completed_gives_back_and_unlink_keeps_consumables(
        self, client: httpx.AsyncClient, shop: Shop, database: Database
    ) -> None:
        loc, h = shop.location_id, shop.headers
        ids = await _colouring(client, shop, database)
        await _complete(client, shop, ids, 1)
        assert await stock(client, shop, ids["dye"]) == {shop.storages["service"]: "1.8"}
        await _complete(client, shop, ids, 2)
        assert await stock(client, shop, ids["dye"]) == {shop.storages["service"]: "2"}
        r = await client.delete(
            f"/technological_cards/record_consumables/technological_cards/{loc}/{ids['record']}/{ids['service']}",
            headers=h,
        )
        entry = r.json()["data"][0]
        assert entry["technological_cards"] == [] and entry["consumables"][0]["amount"] == 20
        await _complete(client, shop, ids, 1)
        assert await stock(client, shop, ids["dye"]) == {shop.storages["service"]: "1.8"}

    async def test_reads_and_bad_input(
        self, client: httpx.AsyncClient, shop: Shop, database: Database
    ) -> None:
        loc, h = shop.location_id, shop.headers
        ids = await _colouring(client, shop, database)
        r = await client.get(f"/technological_cards/{loc}", headers=h)
        assert [c["title"] for c in r.json()["data"]] == ["Colouring"]
        base = f"/technological_cards/default_for_staff_and_service/{loc}/{ids['member']}"
        r = await client.get(f"{base}/{ids['service']}", headers=h)
        assert r.json()["data"]["id"] == ids["card"]
        other = await f.service(database, loc, [ids["member"]], title="Cut")
        assert_error(await client.get(f"{base}/{other}", headers=h), 404)
        for body, field in (
            (
                {"title": "X", "technological_card_items": [{"good_id": 999999, "amount": 1}]},
                "technological_card_items[0].good_id",
            ),
            (
                {"title": "X", "technological_card_items": [{"good_id": ids["dye"], "amount": 0}]},
                "technological_card_items[0].amount",
            ),
            ({"title": "X", "technological_card_items": []}, None),
            (
                {
                    "title": "X",
                    "service_id": 999999,
                    "technological_card_items": [{"good_id": ids["dye"], "amount": 1}],
                },
                "service_id",
            ),
        ):
            r = await client.post(f"/technological_cards/{loc}", json=body, headers=h)
            assert_error(r, 422, field)
        url = f"/technological_cards/record_consumables/consumables/{loc}/{ids['record']}/{other}"
        assert_error(await client.put(url, json={"consumables": []}, headers=h), 404)


async def test_consumable_writes_over_a_socket(
    database: Database, database_url: str, world: Tenant, tmp_path: Path
) -> None:
    with running_server(database_url, tmp_path, workers=1) as (base, _proc):
        async with httpx.AsyncClient(base_url=base, timeout=30) as http:
            shop = await open_shop(database, http, world)
            ids = await _colouring(http, shop, database)
            await _complete(http, shop, ids, 1)
            assert await stock(http, shop, ids["dye"]) == {shop.storages["service"]: "1.8"}
            tail = f"{shop.location_id}/{ids['record']}/{ids['service']}"
            r = await http.put(
                f"/technological_cards/record_consumables/consumables/{tail}",
                json={"consumables": [{"good_id": ids["dye"], "amount": 10}]},
                headers=shop.headers,
            )
            assert r.status_code == 200
            assert await stock(http, shop, ids["dye"]) == {shop.storages["service"]: "1.9"}
            r = await http.delete(
                f"/technological_cards/record_consumables/technological_cards/{tail}",
                params={"delete_consumables": 1},
                headers=shop.headers,
            )
            assert r.status_code == 200
            assert await stock(http, shop, ids["dye"]) == {shop.storages["service"]: "2"}


async def test_bills_of_materials_need_the_storages_right(
    client: httpx.AsyncClient, shop: Shop, database: Database
) -> None:
    loc = shop.location_id
    async with database.session(write=True) as s:
        await s.execute(
            update(Membership)
            .where(Membership.user_id == shop.tenant.user.id)
            .values(permissions=only_rights("finances_access"))
        )
    for method, url in (
        ("GET", f"/technological_cards/{loc}"),
        ("POST", f"/technological_cards/{loc}"),
        ("GET", f"/technological_cards/default_for_staff_and_service/{loc}/1/1"),
        ("GET", f"/technological_cards/record_consumables/{loc}/1"),
        ("PUT", f"/technological_cards/record_consumables/consumables/{loc}/1/1"),
        ("DELETE", f"/technological_cards/record_consumables/technological_cards/{loc}/1/1"),
    ):
        body = {"title": "X", "technological_card_items": [{"good_id": 1, "amount": 1}]}
        r = await client.request(
            method,
            url,
            json={**body, "consumables": []} if method in ("POST", "PUT") else None,
            headers=shop.headers,
        )
        assert_error(r, 403)


async def test_visit_details_show_the_visits_payments(
    client: httpx.AsyncClient, shop: Shop, database: Database
) -> None:
    loc, h = shop.location_id, shop.headers
    ids = await _colouring(client, shop, database)
    url = f"/visit/details/{loc}/{ids['record']}/{ids['visit']}"
    assert (await client.get(url, headers=h)).json()["data"]["payment_transactions"] == []
    paid = []
    for link in ({"record_id": ids["record"]}, {"visit_id": ids["visit"]}):
        r = await client.post(
            f"/finance_transactions/{loc}",
            json={"expense_id": 5, "amount": 60, "account_id": shop.accounts["card"], **link},
            headers=h,
        )
        paid.append(r.json()["data"]["id"])
    await client.post(
        f"/finance_transactions/{loc}",
        json={"expense_id": 8, "amount": 5, "account_id": shop.accounts["cash"]},
        headers=h,
    )
    details = (await client.get(url, headers=h)).json()["data"]
    assert [p["id"] for p in details["payment_transactions"]] == paid
    assert details["payment_transactions"][0]["amount"] == 60
