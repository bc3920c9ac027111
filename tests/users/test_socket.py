"""Users & Permissions and notification settings over a real socket, against a server with
several worker processes (writes commit before their answer; races end in one row)."""

from __future__ import annotations

import asyncio
from pathlib import Path

import httpx

from parlour.db import Database
from tests.booking.server import running_server
from tests.fixtures.factories import Tenant
from tests.users.test_router import invite_and_accept


async def test_user_lifecycle_over_the_socket(
    database: Database, database_url: str, world: Tenant, tmp_path: Path
) -> None:
    loc = world.location_id
    with running_server(database_url, tmp_path, workers=2) as (base, _proc):
        async with httpx.AsyncClient(base_url=base, timeout=30) as http:
            # The same person invited four times at once: one pending user, one membership.
            body = {"invites": [{"name": "Race", "search": "race@salon.test"}]}
            answers = await asyncio.gather(
                *(
                    http.post(f"/user/invite/{loc}", json=body, headers=world.headers)
                    for _ in range(4)
                )
            )
            # The losers of the race to create the person get 409 (nothing saved), as every
            # write whose database rule fires after the service's checks.
            codes = sorted(r.status_code for r in answers)
            assert codes[0] == 202 and set(codes) <= {202, 409}, [r.text for r in answers]
            assert all(r.json()["success"] is (r.status_code == 202) for r in answers)
            users = (await http.get(f"/company/{loc}/users", headers=world.headers)).json()
            assert [u["email"] for u in users["data"]].count("race@salon.test") == 1

            user_id, headers = await invite_and_accept(http, world, "sock@salon.test")
            search = f"/company/{loc}/clients/search"
            assert (await http.post(search, json={}, headers=headers)).status_code == 403
            grant = {"user_permissions": [{"slug": "clients_access", "value": True}]}
            url = f"/company/{loc}/users/{user_id}/permissions"
            assert (await http.put(url, json=grant, headers=world.headers)).status_code == 200
            assert (await http.post(search, json={}, headers=headers)).status_code == 200

            second = (
                await http.post("/companies", json={"title": "Two"}, headers=world.headers)
            ).json()["data"]["id"]
            links = {"user_company_links": [{"company_id": second}]}
            copy = f"/company/{loc}/users/{user_id}/copy_to_companies"
            assert (await http.post(copy, json=links, headers=world.headers)).status_code == 200
            other = f"/company/{second}/clients/search"
            assert (await http.post(other, json={}, headers=headers)).status_code == 200
            remove = f"/company/{loc}/users/{user_id}/remove_from_companies"
            assert (await http.post(remove, json=links, headers=world.headers)).status_code == 200
            assert (await http.post(other, json={}, headers=headers)).status_code == 403

            settings = f"/notification_settings/{loc}/users/{user_id}"
            change = {
                "mode": "admin",
                "notification_types": [{"type": "record_delete_admin", "channels": {"push": 0}}],
            }
            r = await http.post(settings, json=change, headers=world.headers)
            assert r.status_code == 200
            got = (await http.get(settings, headers=world.headers)).json()["data"]
            flags = {t["type"]: t["channels"]["push"] for t in got["notification_types"]}
            assert flags["record_delete_admin"] == 0 and flags["record_move_admin"] == 1

            owner = f"/company/{loc}/users/{world.user.id}"
            assert (await http.delete(owner, headers=world.headers)).status_code == 422
            gone = f"/company/{loc}/users/{user_id}"
            assert (await http.delete(gone, headers=world.headers)).status_code == 204
            assert (await http.post(search, json={}, headers=headers)).status_code == 403
