"""SMS and e-mail campaigns over a real socket: who is reached (filters, ids, opt-outs, other
locations), what lands in the outbox, and the refusals."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import httpx
from sqlalchemy import update

from parlour.db import Database
from parlour.models import Client
from tests.booking.server import running_server
from tests.fixtures.factories import Tenant, make_client


async def _clients(db: Database, world: Tenant) -> dict[str, int]:
    ids = {
        "ann": await make_client(db, world, "+13155550101", "Ann Lee"),
        "bob": await make_client(db, world, "+13155550102", "Bob Stone"),
        "out": await make_client(db, world, "+13155550103", "Opted Out"),
        "far": await make_client(db, world, "+14165550104", "Far Away"),
    }
    async with db.session(write=True) as session:
        await session.execute(update(Client).where(Client.id == ids["out"]).values(sms_not=True))
        for key in ("ann", "out", "far"):
            await session.execute(
                update(Client).where(Client.id == ids[key]).values(email=f"{key}@mail.test")
            )
    return ids


async def _campaign(http: httpx.AsyncClient, world: Tenant) -> list[dict[str, Any]]:
    r = await http.get(f"/company/{world.location_id}/outbox", headers=world.headers)
    return [m for m in r.json()["data"] if m["kind"] == "campaign"]


async def test_campaigns_over_the_socket(
    database: Database, database_url: str, world: Tenant, stranger: Tenant, tmp_path: Path
) -> None:
    ids = await _clients(database, world)
    foreign = await make_client(database, stranger, "+13155550199", "Stranger's")
    loc = world.location_id
    with running_server(database_url, tmp_path, workers=2) as (base, _proc):
        async with httpx.AsyncClient(base_url=base, timeout=30) as http:
            # By phone filter: the 315 numbers, less the one who opted out.
            r = await http.post(
                f"/sms/clients/by_filter/{loc}",
                params={"phone": "315555"},
                json={"text": "Spring offer"},
                headers=world.headers,
            )
            assert r.status_code == 201, r.text
            assert r.json() == {"success": True, "data": None, "meta": {"message": "Accepted"}}
            sent = await _campaign(http, world)
            assert sorted(m["recipient"] for m in sent) == ["+13155550101", "+13155550102"]
            assert all(m["channel"] == "sms" and m["body"] == "Spring offer" for m in sent)

            # By ids: another location's client and the opted-out one are not reached.
            r = await http.post(
                f"/sms/clients/by_id/{loc}",
                json={"client_ids": [ids["far"], ids["out"], foreign], "text": "Hi"},
                headers=world.headers,
            )
            assert r.status_code == 201
            sent = await _campaign(http, world)
            assert [m["recipient"] for m in sent if m["body"] == "Hi"] == ["+14165550104"]

            # E-mail with no filter: every client with an address who did not opt out.
            r = await http.post(
                f"/email/clients/by_filter/{loc}",
                json={"subject": "News", "text": "We moved"},
                headers=world.headers,
            )
            assert r.status_code == 201
            mails = [m for m in await _campaign(http, world) if m["channel"] == "email"]
            assert sorted(m["recipient"] for m in mails) == ["ann@mail.test", "far@mail.test"]
            assert all(m["subject"] == "News" for m in mails)
            r = await http.post(
                f"/email/clients/by_id/{loc}",
                json={"client_ids": [ids["bob"], ids["ann"]], "subject": "S", "text": "T"},
                headers=world.headers,
            )
            assert r.status_code == 201
            mails = [m for m in await _campaign(http, world) if m["subject"] == "S"]
            assert [m["recipient"] for m in mails] == ["ann@mail.test"]  # Bob has no e-mail

            # A name filter, and a phone filter without digits matches no one.
            before = len(await _campaign(http, world))
            r = await http.post(
                f"/sms/clients/by_filter/{loc}",
                params={"fullname": "bob"},
                json={"text": "Bob only"},
                headers=world.headers,
            )
            assert [
                m["recipient"] for m in await _campaign(http, world) if m["body"] == "Bob only"
            ] == ["+13155550102"]
            r = await http.post(
                f"/sms/clients/by_filter/{loc}",
                params={"phone": "abc"},
                json={"text": "Nobody"},
                headers=world.headers,
            )
            assert r.status_code == 201
            assert len(await _campaign(http, world)) == before + 1

            # Refusals write nothing: bad bodies, another location's user.
            for url, body in (
                (f"/sms/clients/by_id/{loc}", {"client_ids": [], "text": "x"}),
                (f"/sms/clients/by_id/{loc}", {"client_ids": [ids["ann"]], "text": "  "}),
                (f"/sms/clients/by_filter/{loc}", {}),
                (f"/email/clients/by_id/{loc}", {"client_ids": [ids["ann"]], "text": "x"}),
                (f"/email/clients/by_filter/{loc}", {"subject": "x"}),
            ):
                r = await http.post(url, json=body, headers=world.headers)
                assert r.status_code == 422 and r.json()["success"] is False, (url, r.text)
            r = await http.post(
                f"/sms/clients/by_filter/{loc}", json={"text": "x"}, headers=stranger.headers
            )
            assert r.status_code == 403
            assert len(await _campaign(http, world)) == before + 1
