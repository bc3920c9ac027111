"""Delivery to a real receiver process: retries on the backoff schedule with a log of every
attempt, Standard Webhooks signatures, replay, the test event, timeouts, order per entity and
the automatic disabling of an endpoint that keeps failing."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy import select

from parlour.config import Settings
from parlour.db import Database
from parlour.models import HookEndpoint, OutboxMessage
from parlour.webhooks.worker import Worker
from tests.fixtures.factories import Tenant
from tests.webhooks.peers import received, running_receiver
from tests.webhooks.test_events import hook_on


@pytest.fixture
async def worker(database: Database, database_url: str) -> AsyncIterator[Worker]:
    settings = Settings(
        database_url=database_url,
        webhook_backoff=[0.3, 0.3, 0.3, 0.3],
        webhook_timeout=1.5,
        delivery_poll=0.1,
        delivery_lease=4,
        webhook_disable_after=3600,
    )
    w = Worker(database, settings)
    stop = asyncio.Event()
    task = asyncio.create_task(w.run(stop))
    yield w
    stop.set()
    await asyncio.wait_for(task, 10)


async def until(check: Callable[[], Any], within: float = 20.0) -> Any:
    loop = asyncio.get_running_loop()
    deadline = loop.time() + within
    while True:
        value = await check() if asyncio.iscoroutinefunction(check) else check()
        if value:
            return value
        assert loop.time() < deadline, "timed out"
        await asyncio.sleep(0.1)


async def new_client(http: httpx.AsyncClient, t: Tenant, phone: str = "13155550100") -> int:
    r = await http.post(
        f"/clients/{t.location_id}", json={"name": "Ann", "phone": phone}, headers=t.headers
    )
    assert r.status_code == 201, r.text
    return int(r.json()["data"]["id"])


async def log_of(http: httpx.AsyncClient, t: Tenant, **params: Any) -> list[dict[str, Any]]:
    r = await http.get(
        f"/company/{t.location_id}/hooks/deliveries", params=params, headers=t.headers
    )
    assert r.status_code == 200, r.text
    data: list[dict[str, Any]] = r.json()["data"]
    return data


async def endpoint_ids(http: httpx.AsyncClient, t: Tenant) -> list[int]:
    r = await http.get(f"/company/{t.location_id}/hooks/endpoints", headers=t.headers)
    return [e["id"] for e in r.json()["data"] if not e["removed"]]


async def test_failing_three_times_then_recovering_gets_four_attempts(
    client: httpx.AsyncClient, world: Tenant, worker: Worker, tmp_path: Path
) -> None:
    log = tmp_path / "r.jsonl"
    with running_receiver(log) as (base, _proc):
        await hook_on(client, world, urls=[f"{base}/fail3"])
        client_id = await new_client(client, world)

        async def sent() -> bool:
            rows = await log_of(client, world)
            return bool(rows) and rows[0]["state"] == "sent"

        await until(sent)
        rows = await log_of(client, world)
        attempts = rows[0]["attempts"]
        assert [a["status_code"] for a in attempts] == [500, 500, 500, 200]
        assert [a["number"] for a in attempts] == [1, 2, 3, 4]
        assert all(a["latency_ms"] >= 0 for a in attempts)
        got = received(log)
        assert len(got) == 4 and len({g["id"] for g in got}) == 1
        body = got[-1]["body"]
        assert set(body) == {"company_id", "resource", "resource_id", "status", "data"}
        assert body["company_id"] == world.location_id
        assert (body["resource"], body["resource_id"], body["status"]) == (
            "client",
            client_id,
            "create",
        )
        assert body["data"]["id"] == client_id and got[-1]["verified"] is None


async def test_signed_deliveries_verify_with_the_library(
    client: httpx.AsyncClient, world: Tenant, worker: Worker, tmp_path: Path
) -> None:
    log, secret_file = tmp_path / "r.jsonl", tmp_path / "secret"
    with running_receiver(log, secret_file=secret_file) as (base, _proc):
        await hook_on(client, world, urls=[f"{base}/ok"], active=0)
        [endpoint_id] = await endpoint_ids(client, world)
        r = await client.put(
            f"/company/{world.location_id}/hooks/endpoints/{endpoint_id}",
            json={"signing": True},
            headers=world.headers,
        )
        assert r.status_code == 200, r.text
        secret = r.json()["data"]["secret"]
        assert secret.startswith("whsec_") and r.json()["data"]["signing"] is True
        secret_file.write_text(secret)
        await hook_on(client, world, urls=[f"{base}/ok"])
        await new_client(client, world)
        await until(lambda: received(log))
        [got] = received(log)
        assert got["verified"] is True and got["status"] == 200

        # A rotated secret: the receiver still holding the old one refuses the next event.
        r = await client.put(
            f"/company/{world.location_id}/hooks/endpoints/{endpoint_id}",
            json={"rotate_secret": True},
            headers=world.headers,
        )
        assert r.json()["data"]["secret"] not in (secret, None)
        await new_client(client, world, phone="13155550101")
        await until(lambda: len(received(log)) == 2)
        assert received(log)[1]["verified"] is False


async def test_replay_resends_one_event_and_test_event_arrives(
    client: httpx.AsyncClient, world: Tenant, worker: Worker, tmp_path: Path
) -> None:
    log = tmp_path / "r.jsonl"
    with running_receiver(log) as (base, _proc):
        await hook_on(client, world, urls=[f"{base}/ok"])
        await new_client(client, world)
        await until(lambda: len(received(log)) == 1)
        r = await client.get(f"/company/{world.location_id}/hooks/events", headers=world.headers)
        [ev] = r.json()["data"]
        r = await client.post(
            f"/company/{world.location_id}/hooks/events/{ev['id']}/replay", headers=world.headers
        )
        assert r.status_code == 201, r.text
        assert r.json()["data"] == {"events": 1, "deliveries": 1}
        await until(lambda: len(received(log)) == 2)
        first, again = received(log)
        assert first["body"] == again["body"] and first["id"] == again["id"] == f"evt_{ev['id']}"
        rows = await log_of(client, world, event_id=ev["id"])
        assert [d["replay"] for d in rows] == [False, True]

        r = await client.post(
            f"/company/{world.location_id}/hooks/replay",
            json={"start": "2000-01-01T00:00:00Z", "end": "2100-01-01T00:00:00Z"},
            headers=world.headers,
        )
        assert r.status_code == 201 and r.json()["data"]["events"] == 1
        await until(lambda: len(received(log)) == 3)

        r = await client.post(f"/company/{world.location_id}/hooks/test", headers=world.headers)
        assert r.status_code == 201, r.text
        await until(lambda: len(received(log)) == 4)
        assert received(log)[-1]["body"]["resource"] == "test"


async def test_slow_receiver_times_out_and_order_per_entity_holds(
    client: httpx.AsyncClient, world: Tenant, worker: Worker, tmp_path: Path
) -> None:
    log = tmp_path / "r.jsonl"
    with running_receiver(log) as (base, _proc):
        await hook_on(client, world, urls=[f"{base}/fail1"])
        client_id = await new_client(client, world)
        for name in ("B", "C"):
            r = await client.put(
                f"/client/{world.location_id}/{client_id}",
                json={"name": name, "phone": "13155550100"},
                headers=world.headers,
            )
            assert r.status_code == 200
        await until(lambda: sum(1 for g in received(log) if g["status"] == 200) == 3)
        ok = [g["body"] for g in received(log) if g["status"] == 200]
        assert [b["status"] for b in ok] == ["create", "update", "update"]
        assert [b["data"]["name"] for b in ok] == ["Ann", "B", "C"]

        await hook_on(client, world, urls=[f"{base}/slow"])
        await new_client(client, world, phone="13155550101")

        async def timed_out() -> bool:
            rows = await log_of(client, world)
            return any(a["error"] == "timeout" for d in rows for a in d["attempts"])

        await until(timed_out)


async def test_an_endpoint_failing_for_too_long_is_disabled_and_the_owner_told(
    client: httpx.AsyncClient, world: Tenant, worker: Worker, database: Database, tmp_path: Path
) -> None:
    worker.settings = worker.settings.model_copy(update={"webhook_disable_after": 0.5})
    log = tmp_path / "r.jsonl"
    with running_receiver(log) as (base, _proc):
        await hook_on(client, world, urls=[f"{base}/down"])
        await new_client(client, world)

        async def disabled() -> bool:
            async with database.session() as s:
                e = (await s.execute(select(HookEndpoint))).scalar_one()
                return not e.enabled and e.disabled_at is not None

        await until(disabled)
        async with database.session() as s:
            kinds = [m.kind for m in (await s.execute(select(OutboxMessage))).scalars()]
        assert "webhook_disabled" in kinds
        rows = await log_of(client, world)
        assert rows[0]["state"] == "pending"
        # Enabled again, the receiver back: the pending delivery goes out.
        [endpoint_id] = await endpoint_ids(client, world)
        await hook_on(client, world, urls=[f"{base}/ok"])
        r = await client.put(
            f"/company/{world.location_id}/hooks/endpoints/{endpoint_id}",
            json={"enabled": True},
            headers=world.headers,
        )
        assert r.status_code == 200
