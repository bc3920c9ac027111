"""A 2xx write is visible to the very next request: the real server (two worker processes)
over a socket, each write followed at once by a read on a fresh connection (any worker)."""

from __future__ import annotations

from pathlib import Path

import httpx

from parlour.db import Database
from tests.booking.server import running_server
from tests.fixtures.factories import Tenant

ITERATIONS = 100  # each: create, update, delete, and a read after every one of them


async def test_every_acknowledged_write_is_visible_to_the_next_request(
    database: Database, database_url: str, world: Tenant, tmp_path: Path
) -> None:
    loc = world.location_id
    checked = 0
    misses: list[str] = []
    with running_server(database_url, tmp_path, workers=2) as (base, _proc):
        async with (
            httpx.AsyncClient(base_url=base, headers=world.headers, timeout=30) as writer,
            # No keep-alive: every read opens a new connection, so any worker may answer it.
            httpx.AsyncClient(
                base_url=base,
                headers=world.headers,
                timeout=30,
                limits=httpx.Limits(max_keepalive_connections=0),
            ) as reader,
        ):
            for n in range(ITERATIONS):
                created = await writer.post(
                    f"/clients/{loc}", json={"name": f"Visible {n}", "phone": f"+1315555{n:04d}"}
                )
                assert created.status_code == 201, created.text
                client_id = created.json()["data"]["id"]
                read = await reader.get(f"/client/{loc}/{client_id}")
                checked += 1
                if read.status_code != 200:
                    misses.append(f"create {client_id}: {read.status_code}")

                updated = await writer.put(
                    f"/client/{loc}/{client_id}",
                    json={"name": f"Renamed {n}", "phone": f"+1315555{n:04d}"},
                )
                assert updated.status_code == 200, updated.text
                read = await reader.get(f"/client/{loc}/{client_id}")
                checked += 1
                if read.status_code != 200 or read.json()["data"]["name"] != f"Renamed {n}":
                    misses.append(f"update {client_id}: {read.status_code} {read.text[:80]}")

                deleted = await writer.delete(f"/client/{loc}/{client_id}")
                assert deleted.status_code == 204, deleted.text
                read = await reader.get(f"/client/{loc}/{client_id}")
                checked += 1
                if read.status_code != 404:
                    misses.append(f"delete {client_id}: {read.status_code}")

    print(f"writes checked right after their answer: {checked}, misses: {len(misses)}")
    assert checked == 3 * ITERATIONS
    assert misses == []
