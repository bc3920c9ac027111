"""Services section: categories, services, team member links."""

from __future__ import annotations

import httpx

from tests.fixtures.factories import Tenant, assert_error, make_category, make_member, make_service


class TestServiceCategories:
    async def test_create_get_update(self, client: httpx.AsyncClient, world: Tenant) -> None:
        anna = await make_member(client, world)
        cat = await make_category(
            client,
            world,
            title="Haircut very feminine",
            api_id="adw322",
            weight=111,
            staff=[anna["id"]],
        )
        assert cat["title"] == "Haircut very feminine" and cat["staff"] == [anna["id"]]
        assert cat["salon_service_id"] == cat["id"] and cat["weight"] == 111
        loc = world.location_id
        r = await client.get(f"/service_category/{loc}/{cat['id']}", headers=world.partner_headers)
        assert r.status_code == 200 and r.json()["data"] == cat and r.json()["meta"] == []
        r = await client.put(
            f"/service_category/{loc}/{cat['id']}", json={"weight": 5}, headers=world.headers
        )
        assert r.status_code == 200 and r.json()["data"]["weight"] == 5
        assert r.json()["data"]["title"] == "Haircut very feminine"

    async def test_create_validates_title_and_staff(
        self, client: httpx.AsyncClient, world: Tenant, stranger: Tenant
    ) -> None:
        loc = world.location_id
        r = await client.post(
            f"/service_categories/{loc}", json={"title": ""}, headers=world.headers
        )
        assert_error(r, 422, "title")
        theirs = await make_member(client, stranger)
        r = await client.post(
            f"/service_categories/{loc}",
            json={"title": "X", "staff": [theirs["id"]]},
            headers=world.headers,
        )
        assert_error(r, 422, "staff")
        r = await client.get(f"/company/{loc}/service_categories", headers=world.headers)
        assert r.json()["data"] == []

    async def test_lists_and_staff_filter(self, client: httpx.AsyncClient, world: Tenant) -> None:
        anna = await make_member(client, world)
        hair = await make_category(client, world, title="Hair", weight=2)
        nails = await make_category(client, world, title="Nails", weight=1)
        await make_service(
            client, world, category_id=nails["id"], staff=[{"id": anna["id"], "seance_length": 900}]
        )
        loc = world.location_id
        r = await client.get(f"/company/{loc}/service_categories", headers=world.headers)
        body = r.json()
        assert [c["id"] for c in body["data"]] == [hair["id"], nails["id"]]
        assert body["meta"] == {"total_count": 2}
        r = await client.get(
            f"/company/{loc}/service_categories/{nails['id']}", headers=world.headers
        )
        assert [c["staff"] for c in r.json()["data"]] == [[anna["id"]]]
        r = await client.get(
            f"/company/{loc}/service_categories",
            params={"staff_id": anna["id"]},
            headers=world.headers,
        )
        assert [c["id"] for c in r.json()["data"]] == [nails["id"]]
        r = await client.get(
            f"/service_categories/{loc}/{hair['id']}", headers=world.partner_headers
        )
        assert r.status_code == 200 and r.json()["meta"] == []
        assert [c["id"] for c in r.json()["data"]] == [hair["id"]]

    async def test_delete_refused_while_holding_services(
        self, client: httpx.AsyncClient, world: Tenant
    ) -> None:
        cat = await make_category(client, world)
        svc = await make_service(client, world, category_id=cat["id"])
        loc = world.location_id
        r = await client.delete(f"/service_category/{loc}/{cat['id']}", headers=world.headers)
        assert_error(r, 409)
        assert "holds services" in r.json()["meta"]["message"]
        r = await client.delete(f"/services/{loc}/{svc['id']}", headers=world.headers)
        assert r.status_code == 204
        r = await client.delete(f"/service_category/{loc}/{cat['id']}", headers=world.headers)
        assert r.status_code == 204
        r = await client.get(f"/service_category/{loc}/{cat['id']}", headers=world.headers)
        assert_error(r, 404)

    async def test_tenant_isolation(
        self, client: httpx.AsyncClient, world: Tenant, stranger: Tenant
    ) -> None:
        cat = await make_category(client, world)
        loc = world.location_id
        r = await client.get(f"/service_category/{loc}/{cat['id']}", headers=stranger.headers)
        assert_error(r, 403)
        r = await client.put(
            f"/service_category/{stranger.location_id}/{cat['id']}",
            json={"title": "Mine"},
            headers=stranger.headers,
        )
        assert_error(r, 404)
        r = await client.delete(f"/service_category/{loc}/{cat['id']}", headers=stranger.headers)
        assert_error(r, 403)
        r = await client.get(f"/company/{loc}/service_categories/{cat['id']}")
        assert_error(r, 401)
        r = await client.post(
            f"/service_categories/{loc}", json={"title": "X"}, headers=world.partner_headers
        )
        assert_error(r, 401)


class TestChainCategories:
    async def test_bare_array_with_services(self, client: httpx.AsyncClient, world: Tenant) -> None:
        cat = await make_category(client, world)
        svc = await make_service(client, world, category_id=cat["id"])
        url = f"/chain/{world.chain.id}/service_categories"
        r = await client.get(url, headers=world.partner_headers)
        assert r.status_code == 200 and r.json() == [{"id": cat["id"], "title": "Hair"}]
        r = await client.get(url, params={"include": "services"}, headers=world.headers)
        assert r.json() == [
            {"id": cat["id"], "title": "Hair", "services": [{"id": svc["id"], "title": "Haircut"}]}
        ]

    async def test_errors(self, client: httpx.AsyncClient, world: Tenant, stranger: Tenant) -> None:
        url = f"/chain/{world.chain.id}/service_categories"
        assert_error(await client.get(url), 401)
        assert_error(await client.get(url, headers=stranger.headers), 403)
        assert_error(await client.get(url, params={"include": "x"}, headers=world.headers), 422)
        assert_error(
            await client.get("/chain/999999/service_categories", headers=world.headers), 404
        )


class TestServices:
    async def test_create_with_every_field(self, client: httpx.AsyncClient, world: Tenant) -> None:
        anna = await make_member(client, world)
        cat = await make_category(client, world)
        svc = await make_service(
            client,
            world,
            title="Men's haircut",
            category_id=cat["id"],
            price_min=1300,
            price_max=1300,
            duration=3600,
            discount=0,
            comment="",
            weight=6,
            active=1,
            api_id="00000000042",
            technical_break_duration=600,
            is_need_limit_date=True,
            date_from="2022-09-19",
            date_to="2022-09-21",
            staff=[{"id": anna["id"], "seance_length": 2700}],
            translations=[{"language_id": 2, "translation": "Haarschnitt"}],
        )
        assert svc["title"] == "Men's haircut" and svc["category_id"] == cat["id"]
        assert svc["price_min"] == 1300 and svc["active"] == 1 and svc["is_online"] is True
        assert svc["technical_break_duration"] == 600
        assert svc["dates"] == ["2022-09-19", "2022-09-20", "2022-09-21"]
        assert svc["staff"] == [
            {"id": anna["id"], "seance_length": 2700, "technological_card_id": None, "price": None}
        ]
        assert svc["translations"] == [{"language_id": 2, "translation": "Haarschnitt"}]

    async def test_create_validation_writes_nothing(
        self, client: httpx.AsyncClient, world: Tenant, stranger: Tenant
    ) -> None:
        loc = world.location_id
        theirs = await make_member(client, stranger)
        other_cat = await make_category(client, stranger)
        cases = [
            ({"price_min": 1}, "title"),
            ({"title": "A", "price_min": -1}, "price_min"),
            ({"title": "A", "duration": 10}, "duration"),
            ({"title": "A", "technical_break_duration": 100}, "technical_break_duration"),
            ({"title": "A", "discount": 101}, "discount"),
            ({"title": "A", "category_id": other_cat["id"]}, "category_id"),
            ({"title": "A", "staff": [{"id": theirs["id"], "seance_length": 600}]}, "staff"),
            ({"title": "A", "staff": [{"id": 1, "seance_length": 100}]}, "staff.0.seance_length"),
            ({"title": "A", "date_from": "2022-13-01"}, "date_from"),
        ]
        for body, field in cases:
            r = await client.post(f"/services/{loc}", json=body, headers=world.headers)
            assert_error(r, 422, field)
        r = await client.get(f"/services/{loc}", headers=world.headers)
        assert r.json()["data"] == []

    async def test_lists_and_filters(self, client: httpx.AsyncClient, world: Tenant) -> None:
        anna = await make_member(client, world)
        cat = await make_category(client, world)
        a = await make_service(client, world, title="A", weight=2, category_id=cat["id"])
        b = await make_service(
            client, world, title="B", weight=1, staff=[{"id": anna["id"], "seance_length": 900}]
        )
        loc = world.location_id
        r = await client.get(f"/services/{loc}", headers=world.partner_headers)
        assert [s["id"] for s in r.json()["data"]] == [a["id"], b["id"]]
        assert r.json()["meta"] == []
        r = await client.get(
            f"/services/{loc}", params={"staff_id": anna["id"]}, headers=world.headers
        )
        assert [s["id"] for s in r.json()["data"]] == [b["id"]]
        r = await client.get(
            f"/services/{loc}", params={"category_id": cat["id"]}, headers=world.headers
        )
        assert [s["id"] for s in r.json()["data"]] == [a["id"]]
        r = await client.get(f"/company/{loc}/services/{b['id']}", headers=world.headers)
        assert r.json()["meta"] == {"total_count": 1} and r.json()["data"][0]["id"] == b["id"]
        r = await client.get(f"/company/{loc}/services", headers=world.headers)
        assert r.json()["meta"] == {"total_count": 2}
        r = await client.get(f"/services/{loc}/{a['id']}", headers=world.partner_headers)
        assert r.json()["data"]["id"] == a["id"]
        r = await client.get(
            f"/services/{loc}", params={"category_id": 999999}, headers=world.headers
        )
        assert_error(r, 404)

    async def test_put_and_patch(self, client: httpx.AsyncClient, world: Tenant) -> None:
        anna = await make_member(client, world)
        ben = await make_member(client, world, name="Ben")
        svc = await make_service(client, world, staff=[{"id": anna["id"], "seance_length": 900}])
        loc = world.location_id
        r = await client.patch(
            f"/services/{loc}/{svc['id']}",
            json={"price_min": 40, "booking_title": "Cut", "is_multi": False, "step": 300},
            headers=world.headers,
        )
        data = r.json()["data"]
        assert r.status_code == 200 and data["price_min"] == 40 and data["booking_title"] == "Cut"
        assert data["title"] == "Haircut" and len(data["staff"]) == 1
        r = await client.put(
            f"/services/{loc}/{svc['id']}",
            json={"title": "Cut", "active": 0, "staff": [{"id": ben["id"], "seance_length": 1200}]},
            headers=world.headers,
        )
        data = r.json()["data"]
        assert data["active"] == 0 and data["is_online"] is False
        assert [s["id"] for s in data["staff"]] == [ben["id"]]
        r = await client.patch(
            f"/services/{loc}/{svc['id']}",
            json={"seance_search_start": 5000, "seance_search_finish": 100},
            headers=world.headers,
        )
        assert_error(r, 422)

    async def test_delete_and_isolation(
        self, client: httpx.AsyncClient, world: Tenant, stranger: Tenant
    ) -> None:
        svc = await make_service(client, world)
        loc = world.location_id
        for method in ("patch", "put"):
            r = await client.request(
                method,
                f"/services/{stranger.location_id}/{svc['id']}",
                json={"title": "x"},
                headers=stranger.headers,
            )
            assert_error(r, 404)
        r = await client.get(f"/company/{loc}/services/{svc['id']}", headers=stranger.headers)
        assert_error(r, 403)
        assert_error(await client.delete(f"/services/{loc}/{svc['id']}"), 401)
        r = await client.delete(f"/services/{loc}/{svc['id']}", headers=world.headers)
        assert r.status_code == 204 and r.content == b""
        r = await client.get(f"/services/{loc}/{svc['id']}", headers=world.headers)
        assert_error(r, 404)


class TestLinks:
    async def test_create_update_delete(self, client: httpx.AsyncClient, world: Tenant) -> None:
        anna = await make_member(client, world)
        svc = await make_service(client, world)
        base = f"/company/{world.location_id}/services/{svc['id']}/staff"
        r = await client.post(
            base,
            json={"master_id": anna["id"], "seance_length": 3600, "technological_card_id": 123},
            headers=world.headers,
        )
        assert r.status_code == 201, r.text
        assert r.json() == {
            "success": True,
            "data": {
                "service_id": svc["id"],
                "master_id": anna["id"],
                "length": 3600,
                "technological_card_id": 123,
                "api_id": "",
                "is_online": True,
                "is_offline_records_allowed": True,
                "price": None,
            },
            "meta": {},
        }
        r = await client.put(
            f"{base}/{anna['id']}", json={"seance_length": 1800}, headers=world.headers
        )
        assert r.status_code == 200 and r.json()["data"]["length"] == 1800
        assert r.json()["data"]["technological_card_id"] == 123
        r = await client.delete(f"{base}/{anna['id']}", headers=world.headers)
        assert r.status_code == 200 and r.json() == {"success": True, "data": None, "meta": {}}
        assert_error(await client.delete(f"{base}/{anna['id']}", headers=world.headers), 404)

    async def test_validation_writes_nothing(
        self, client: httpx.AsyncClient, world: Tenant, stranger: Tenant
    ) -> None:
        anna = await make_member(client, world)
        theirs = await make_member(client, stranger)
        svc = await make_service(client, world)
        base = f"/company/{world.location_id}/services/{svc['id']}/staff"
        for length in (299, 86101):
            r = await client.post(
                base, json={"master_id": anna["id"], "seance_length": length}, headers=world.headers
            )
            assert_error(r, 422, "seance_length")
        for member_id in (theirs["id"], 999999):
            r = await client.post(
                base, json={"master_id": member_id, "seance_length": 600}, headers=world.headers
            )
            assert_error(r, 422, "master_id")
        r = await client.get(f"/services/{world.location_id}/{svc['id']}", headers=world.headers)
        assert r.json()["data"]["staff"] == []
        ok_body = {"master_id": anna["id"], "seance_length": 300}
        assert (await client.post(base, json=ok_body, headers=world.headers)).status_code == 201
        assert_error(await client.post(base, json=ok_body, headers=world.headers), 422, "master_id")
        r = await client.put(
            f"{base}/{anna['id']}", json={"seance_length": 90000}, headers=world.headers
        )
        assert_error(r, 422, "seance_length")

    async def test_isolation(
        self, client: httpx.AsyncClient, world: Tenant, stranger: Tenant
    ) -> None:
        anna = await make_member(client, world)
        svc = await make_service(client, world)
        body = {"master_id": anna["id"], "seance_length": 600}
        r = await client.post(
            f"/company/{stranger.location_id}/services/{svc['id']}/staff",
            json=body,
            headers=stranger.headers,
        )
        assert_error(r, 404)
        r = await client.post(
            f"/company/{world.location_id}/services/{svc['id']}/staff",
            json=body,
            headers=stranger.headers,
        )
        assert_error(r, 403)
        r = await client.post(f"/company/{world.location_id}/services/{svc['id']}/staff", json=body)
        assert_error(r, 401)

    async def test_bulk_links(
        self, client: httpx.AsyncClient, world: Tenant, stranger: Tenant
    ) -> None:
        anna = await make_member(client, world)
        ben = await make_member(client, world, name="Ben")
        svc = await make_service(client, world, staff=[{"id": anna["id"], "seance_length": 900}])
        url = f"/company/{world.location_id}/services/links"
        body = {
            "service_id": svc["id"],
            "team_member_settings": [
                {
                    "team_member_id": ben["id"],
                    "tech_card_id": 7,
                    "hours": 1,
                    "minutes": 45,
                    "price": {"min": 999.99, "max": None},
                },
            ],
            "resource_ids": [62173],
            "translations": [{"language_id": 2, "translation": "Massage"}],
        }
        r = await client.post(url, json=body, headers=world.headers)
        assert r.status_code == 200, r.text
        data = r.json()["data"]
        assert data["staff"] == [
            {
                "id": ben["id"],
                "seance_length": 6300,
                "technological_card_id": 7,
                "price": {"min": 999.99, "max": None},
            }
        ]
        assert data["resources"] == [62173]
        assert data["translations"] == [{"language_id": 2, "translation": "Massage"}]
        bad = dict(body, team_member_settings=[{"team_member_id": anna["id"], "minutes": 2}])
        assert_error(await client.post(url, json=bad, headers=world.headers), 422)
        theirs = await make_member(client, stranger)
        bad = dict(body, team_member_settings=[{"team_member_id": theirs["id"], "hours": 1}])
        r = await client.post(url, json=bad, headers=world.headers)
        assert_error(r, 422, "team_member_settings.0.team_member_id")
        r = await client.get(f"/services/{world.location_id}/{svc['id']}", headers=world.headers)
        assert [s["id"] for s in r.json()["data"]["staff"]] == [ben["id"]]
        r = await client.post(
            f"/company/{stranger.location_id}/services/links", json=body, headers=stranger.headers
        )
        assert_error(r, 404)
