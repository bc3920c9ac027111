"""Team members' tip settings: listed for every member, switched on and off over a real
socket; unknown ids and other locations are refused."""

from __future__ import annotations

from pathlib import Path

import httpx

from parlour.db import Database
from tests.booking.server import running_server
from tests.fixtures.factories import Tenant, make_staff_and_service, member


async def test_tips_settings_over_the_socket(
    database: Database, database_url: str, world: Tenant, stranger: Tenant, tmp_path: Path
) -> None:
    first, _service = await make_staff_and_service(database, world)
    second = await member(database, world.location_id, name="Bea")
    loc = world.location_id
    with running_server(database_url, tmp_path, workers=2) as (base, _proc):
        async with httpx.AsyncClient(base_url=base, timeout=30) as http:
            url = f"/tips/{loc}/settings"
            listed = (await http.get(url, headers=world.headers)).json()
            assert listed["success"] is True
            rows = {row["staff_id"]: row for row in listed["data"]}
            assert set(rows) == {first, second}
            row = rows[second]
            assert (row["status"], row["status_title"], row["is_enabled"]) == (
                1,
                "new settings",
                False,
            )
            assert row["staff"]["name"] == "Bea" and len(row["hash"]) == 36
            assert row["landing_external"] == ""
            # Reading again keeps the same rows.
            again = (await http.get(url, headers=world.headers)).json()["data"]
            assert [r["id"] for r in again] == [r["id"] for r in listed["data"]]

            on = await http.get(f"{url}/{row['id']}/enable", headers=world.headers)
            assert on.status_code == 200, on.text
            body = on.json()
            assert body["meta"]["count"] == 2
            switched = {r["id"]: r for r in body["data"]}[row["id"]]
            assert (switched["is_enabled"], switched["status"]) == (True, 2)
            assert switched["invite_sms_sent"] is False and "employee" in switched["staff"]
            off = await http.post(f"{url}/{row['id']}/disable", headers=world.headers)
            switched = {r["id"]: r for r in off.json()["data"]}[row["id"]]
            assert (switched["is_enabled"], switched["status"]) == (False, 3)
            listed = (await http.get(url, headers=world.headers)).json()["data"]
            assert {r["id"]: r["status"] for r in listed}[row["id"]] == 3

            missing = await http.get(f"{url}/999999/enable", headers=world.headers)
            assert missing.status_code == 404 and missing.json()["success"] is False
            # Another location's settings id is not found through this location.
            await http.get(f"/tips/{stranger.location_id}/settings", headers=stranger.headers)
            r = await http.get(f"{url}/{row['id']}/enable", headers=stranger.headers)
            assert r.status_code == 403


async def test_the_landing_address_comes_from_the_settings(
    database: Database, world: Tenant, settings: object, client: httpx.AsyncClient
) -> None:
    await make_staff_and_service(database, world)
    old = settings.tips_landing_url  # type: ignore[attr-defined]
    settings.tips_landing_url = "https://tips.example/{location_id}/{hash}"  # type: ignore[attr-defined]
    try:
        data = await client.get(f"/tips/{world.location_id}/settings", headers=world.headers)
        row = data.json()["data"][0]
        assert row["landing_external"] == f"https://tips.example/{world.location_id}/{row['hash']}"
    finally:
        settings.tips_landing_url = old  # type: ignore[attr-defined]
