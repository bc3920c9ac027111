"""Workers as processes: the server's own worker (SQLite) or `parlour worker` (PostgreSQL)
delivering an API change, a worker killed mid-delivery, and two workers on PostgreSQL each
attempt being sent exactly once."""

from __future__ import annotations

import asyncio
from collections import Counter
from pathlib import Path

import httpx
import pytest
from sqlalchemy import select

from parlour.db import Database
from parlour.models import DeliveryAttempt, HookDelivery
from tests.booking.server import running_server
from tests.fixtures.factories import Salon, Tenant
from tests.webhooks.peers import FAST, received, running_receiver, start_worker, stop, wait_for
from tests.webhooks.test_events import ALL_ON, hook_on


def _is_pg(url: str) -> bool:
    return url.startswith("postgresql")


async def _states(database: Database) -> Counter[str]:
    async with database.session() as s:
        rows = (await s.execute(select(HookDelivery.state))).scalars()
        return Counter(rows)


def test_a_record_created_through_the_api_reaches_the_receiver(
    salon: Salon, database_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for key, value in FAST.items():
        monkeypatch.setenv(key, value)
    log = tmp_path / "r.jsonl"
    with (
        running_receiver(log) as (receiver, _r),
        running_server(database_url, tmp_path, workers=1) as (base, _proc),
        httpx.Client(base_url=base, headers=salon.headers, timeout=30) as http,
    ):
        worker = start_worker(database_url) if _is_pg(database_url) else None
        try:
            body = {**ALL_ON, "urls": [f"{receiver}/ok"]}
            r = http.post(f"/hooks_settings/{salon.location_id}", json=body)
            assert r.status_code == 201, r.text
            r = http.post(f"/records/{salon.location_id}", json=salon.body())
            assert r.status_code == 201, r.text
            record = r.json()["data"][0]
            got = wait_for(
                lambda: [g for g in received(log) if g["body"]["resource"] == "record"],
                timeout=10,
            )
            body = got[0]["body"]
            assert body["company_id"] == salon.location_id
            assert (body["resource_id"], body["status"]) == (record["id"], "create")
            assert body["data"]["id"] == record["id"]
            assert set(body["data"]) == set(record)
            # The client the record created is an event of its own.
            assert any(g["body"]["resource"] == "client" for g in received(log))
        finally:
            if worker is not None:
                stop(worker)


async def test_killing_a_worker_mid_delivery_loses_nothing(
    client: httpx.AsyncClient, world: Tenant, database: Database, database_url: str, tmp_path: Path
) -> None:
    log = tmp_path / "r.jsonl"
    with running_receiver(log) as (receiver, _r):
        await hook_on(client, world, urls=[f"{receiver}/hang1"])
        r = await client.post(
            f"/clients/{world.location_id}",
            json={"name": "Ann", "phone": "13155550100"},
            headers=world.headers,
        )
        assert r.status_code == 201
        first = start_worker(database_url, PARLOUR_WEBHOOK_TIMEOUT="30")
        try:
            await asyncio.to_thread(
                wait_for, lambda: any(g.get("arrived") for g in received(log)), 20
            )
            first.kill()  # SIGKILL mid-delivery: no attempt recorded, the lease stays
            first.wait()
        finally:
            stop(first)
        assert (await _states(database)) == Counter({"pending": 1})
        second = start_worker(database_url)
        try:
            await asyncio.to_thread(
                wait_for, lambda: any(g.get("status") == 200 for g in received(log)), 30
            )

            async def sent() -> bool:
                return (await _states(database)) == Counter({"sent": 1})

            for _ in range(100):
                if await sent():
                    break
                await asyncio.sleep(0.1)
            assert await sent()
        finally:
            stop(second)
        async with database.session() as s:
            attempts = (await s.execute(select(DeliveryAttempt))).scalars().all()
        assert [(a.number, a.status_code) for a in attempts] == [(1, 200)]


async def test_two_workers_on_postgresql_send_each_attempt_once(
    client: httpx.AsyncClient, world: Tenant, database: Database, database_url: str, tmp_path: Path
) -> None:
    if not _is_pg(database_url):
        pytest.skip("SKIP LOCKED claims: PostgreSQL")
    log = tmp_path / "r.jsonl"
    events = 40
    with running_receiver(log) as (receiver, _r):
        await hook_on(client, world, urls=[f"{receiver}/ok", f"{receiver}/fail1"])
        for i in range(events):
            r = await client.post(
                f"/clients/{world.location_id}",
                json={"name": f"C{i}", "phone": f"1315555{i:04d}"},
                headers=world.headers,
            )
            assert r.status_code == 201, r.text
        workers = [start_worker(database_url), start_worker(database_url)]
        try:
            for _ in range(600):
                if (await _states(database)) == Counter({"sent": 2 * events}):
                    break
                await asyncio.sleep(0.1)
        finally:
            for w in workers:
                stop(w)
        assert (await _states(database)) == Counter({"sent": 2 * events})
        got = received(log)
        per_id = Counter((g["path"], g["id"]) for g in got if "status" in g)
        assert len(per_id) == 2 * events
        assert all(n == (1 if path == "/ok" else 2) for (path, _id), n in per_id.items())
        async with database.session() as s:
            rows = (await s.execute(select(DeliveryAttempt))).scalars().all()
        # Every attempt that reached the receiver is logged with its answer, once.
        answered = [a for a in rows if a.status_code is not None]
        assert len(answered) == len(got) == 3 * events, [a.error for a in rows if not a.ok]
        assert sum(1 for a in rows if a.ok) == 2 * events
