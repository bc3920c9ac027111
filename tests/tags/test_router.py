"""Tags over HTTP: the four /labels operations, the legacy client-tag routes, and clients,
records and events showing real tags (title, colour, icon) instead of bare ids."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from sqlalchemy import update

from parlour.db import Database
from parlour.models import Membership
from tests.fixtures.factories import DAY, Salon, Tenant, assert_error, only_rights


async def make_tag(http: httpx.AsyncClient, tenant: Tenant, **fields: Any) -> dict[str, Any]:
    body = {"title": "VIP", "color": "#ff2828", "entity": 1, "icon": "star", **fields}
    r = await http.post(f"/labels/{tenant.location_id}", json=body, headers=tenant.headers)
    assert r.status_code == 200, r.text
    data: dict[str, Any] = r.json()["data"]
    return data


class TestTags:
    async def test_create_list_update_delete(
        self, client: httpx.AsyncClient, world: Tenant
    ) -> None:
        loc = world.location_id
        made = await make_tag(client, world)
        assert made == {
            "id": made["id"],
            "salon_id": loc,
            "title": "VIP",
            "color": "#ff2828",
            "entity": 1,
            "icon": "star",
        }
        await make_tag(client, world, title="Lock", entity=2, icon="lock")
        r = await client.get(f"/labels/{loc}/1", headers=world.headers)
        # A bare array, as upstream's sample shows.
        assert r.json() == [
            {
                "id": made["id"],
                "salon_id": loc,
                "title": "VIP",
                "color": "#ff2828",
                "icon": "star",
                "entity": 1,
                "deleted": 0,
                "not_editable": 0,
            }
        ]
        r = await client.put(
            f"/labels/{loc}/{made['id']}", json={"title": "Gold"}, headers=world.headers
        )
        assert r.status_code == 202 and r.json()["meta"] == {"message": "Accepted"}
        (row,) = (await client.get(f"/labels/{loc}/1", headers=world.headers)).json()
        assert row["title"] == "Gold" and row["color"] == "#ff2828"
        r = await client.delete(f"/labels/{loc}/{made['id']}", headers=world.headers)
        assert r.status_code == 200 and r.json()["success"] is True
        assert (await client.get(f"/labels/{loc}/1", headers=world.headers)).json() == []
        assert_error(await client.delete(f"/labels/{loc}/{made['id']}", headers=world.headers), 404)

    async def test_query_string_form_of_create(
        self, client: httpx.AsyncClient, world: Tenant
    ) -> None:
        r = await client.post(
            f"/labels/{world.location_id}",
            params={"title": "Blue", "color": "#0000ff", "entity": 2},
            headers=world.headers,
        )
        assert r.status_code == 200, r.text
        assert r.json()["data"]["entity"] == 2 and r.json()["data"]["title"] == "Blue"

    @pytest.mark.parametrize(
        "body", [{"title": ""}, {"title": "x", "color": "red"}, {"title": "x", "entity": 7}]
    )
    async def test_bad_input_is_422(
        self, client: httpx.AsyncClient, world: Tenant, body: dict[str, Any]
    ) -> None:
        r = await client.post(f"/labels/{world.location_id}", json=body, headers=world.headers)
        assert_error(r, 422)

    async def test_client_tag_routes(self, client: httpx.AsyncClient, world: Tenant) -> None:
        loc = world.location_id
        r = await client.post(
            f"/labels/{loc}/clients/create",
            json={"title": "Regular", "color": "#1f1038"},
            headers=world.headers,
        )
        assert r.status_code == 200 and r.json()["data"]["entity"] == 1
        await make_tag(client, world, title="Everyone", entity=0)
        await make_tag(client, world, title="Record only", entity=2)
        r = await client.get(f"/labels/{loc}/clients", headers=world.headers)
        assert [t["title"] for t in r.json()["data"]] == ["Regular", "Everyone"]
        assert r.json()["meta"]["total_count"] == 2

    async def test_another_locations_tag_is_404_and_rights_are_checked(
        self, client: httpx.AsyncClient, world: Tenant, stranger: Tenant, database: Database
    ) -> None:
        theirs = await make_tag(client, stranger)
        r = await client.put(
            f"/labels/{world.location_id}/{theirs['id']}",
            json={"title": "x"},
            headers=world.headers,
        )
        assert_error(r, 404)
        mine = await make_tag(client, world)
        async with database.session(write=True) as s:
            await s.execute(
                update(Membership)
                .where(Membership.user_id == world.user.id)
                .values(permissions=only_rights("timetable_access"))
            )
        loc = world.location_id
        for method, path, body in [
            ("POST", f"/labels/{loc}", {"title": "x"}),
            ("PUT", f"/labels/{loc}/{mine['id']}", {"title": "x"}),
            ("DELETE", f"/labels/{loc}/{mine['id']}", None),
            ("POST", f"/labels/{loc}/clients/create", {"title": "x"}),
        ]:
            r = await client.request(method, path, json=body, headers=world.headers)
            assert_error(r, 403)


class TestTagsOnOtherThings:
    async def test_clients_show_their_tags(self, client: httpx.AsyncClient, world: Tenant) -> None:
        vip = await make_tag(client, world)
        everyone = await make_tag(client, world, title="All", entity=0, color="#00ff00")
        loc = world.location_id
        r = await client.post(
            f"/clients/{loc}",
            json={"name": "Jo", "phone": "+13155550190", "labels": [vip["id"], everyone["id"]]},
            headers=world.headers,
        )
        assert r.status_code == 201, r.text
        cats = r.json()["data"]["categories"]
        assert [(c["id"], c["title"], c["color"]) for c in cats] == [
            (vip["id"], "VIP", "#ff2828"),
            (everyone["id"], "All", "#00ff00"),
        ]
        record_tag = await make_tag(client, world, entity=2)
        for bad in ([record_tag["id"]], [999_999]):
            r = await client.post(
                f"/clients/{loc}",
                json={"name": "Jo", "phone": "+13155550191", "labels": bad},
                headers=world.headers,
            )
            assert_error(r, 422)

    async def test_records_show_their_tags(self, client: httpx.AsyncClient, salon: Salon) -> None:
        tag = await make_tag(client, salon.tenant, title="Lock", entity=2, icon="lock")
        r = await client.post(
            f"/records/{salon.location_id}",
            json=salon.body(record_labels=[str(tag["id"])]),
            headers=salon.headers,
        )
        assert r.status_code == 201, r.text
        (label,) = r.json()["data"][0]["record_labels"]
        assert label == {
            "id": tag["id"],
            "title": "Lock",
            "color": "#ff2828",
            "icon": "lock",
            "font_color": "#ffffff",
        }
        client_tag = await make_tag(client, salon.tenant, entity=1)
        r = await client.post(
            f"/records/{salon.location_id}",
            json=salon.body(
                record_labels=[client_tag["id"]], datetime=f"{DAY.isoformat()}T14:00:00"
            ),
            headers=salon.headers,
        )
        assert_error(r, 422)

    async def test_events_show_their_tags(self, client: httpx.AsyncClient, salon: Salon) -> None:
        tag = await make_tag(client, salon.tenant, title="Beginners", entity=3, icon="leaf")
        body = {
            "date": f"{DAY.isoformat()} 12:00",
            "service_id": salon.service_id,
            "staff_id": salon.member_id,
            "capacity": 5,
            "label_ids": [tag["id"]],
        }
        r = await client.post(f"/activity/{salon.location_id}", json=body, headers=salon.headers)
        assert r.status_code == 200, r.text
        assert r.json()["data"]["labels"] == [
            {
                "id": tag["id"],
                "title": "Beginners",
                "color": "#ff2828",
                "icon": "leaf",
                "font_color": "#ffffff",
            }
        ]
        client_tag = await make_tag(client, salon.tenant, entity=1)
        r = await client.post(
            f"/activity/{salon.location_id}",
            json={**body, "label_ids": [client_tag["id"]], "date": f"{DAY.isoformat()} 15:00"},
            headers=salon.headers,
        )
        assert_error(r, 422)
