"""Webhook delivery benchmark: record changes through the API to receipt at a local receiver.

    .venv/bin/python bench/webhooks.py                   # PostgreSQL, 2 workers, 280 records
    .venv/bin/python bench/webhooks.py --records 200 --workers 4 --clients 16

Starts the real server (uvicorn, 2 processes), a receiver process (tests/webhooks/receiver.py)
and N `parlour worker` processes on a fresh PostgreSQL database, turns webhooks on for
records, then creates records through POST /records from concurrent clients. Each record's
latency runs from the moment its 201 answer arrived (the change committed) to the moment the
receiver got its event; throughput is events received per second over the run. Prints a table.
Not part of the test suite.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta
from pathlib import Path
from typing import Any

import httpx
from sqlalchemy.engine import make_url

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.booking.server import running_server  # noqa: E402
from tests.fixtures.factories import DAY, make_salon, make_tenant  # noqa: E402
from tests.webhooks.peers import received, running_receiver, start_worker, stop  # noqa: E402

from parlour.cli import run_migrations  # noqa: E402
from parlour.db import Database  # noqa: E402

PG = os.environ.get(
    "PARLOUR_BENCH_PG", "postgresql+asyncpg://postgres@127.0.0.1:5432/parlour_bench_webhooks"
)


async def _fresh_database(url: str) -> None:
    import asyncpg

    u = make_url(url)
    admin = await asyncpg.connect(
        host=u.host, port=u.port or 5432, user=u.username, password=u.password, database="postgres"
    )
    try:
        await admin.execute(f'DROP DATABASE IF EXISTS "{u.database}" WITH (FORCE)')
        await admin.execute(f'CREATE DATABASE "{u.database}"')
    finally:
        await admin.close()


async def _setup(url: str) -> Any:
    await _fresh_database(url)
    await asyncio.to_thread(run_migrations, url)
    db = Database(url)
    try:
        tenant = await make_tenant(db, login="bench@salon.test")
        return await make_salon(db, tenant)
    finally:
        await db.dispose()


def _pct(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def run(records: int, workers: int, clients: int) -> dict[str, Any]:
    salon = asyncio.run(_setup(PG))
    env = {
        "PARLOUR_DELIVERY_POLL": "0.05",
        "PARLOUR_LOG_LEVEL": "warning",
        "PARLOUR_WEBHOOK_BACKOFF": "[1, 5]",
    }
    os.environ.update(env)
    tmp = Path(tempfile.mkdtemp(prefix="parlour-bench-hooks-"))
    log = tmp / "received.jsonl"
    with (
        running_receiver(log) as (receiver, _r),
        running_server(PG, tmp, workers=2) as (base, _proc),
    ):
        procs: list[subprocess.Popen[bytes]] = [start_worker(PG, **env) for _ in range(workers)]
        try:
            with httpx.Client(base_url=base, headers=salon.headers, timeout=30) as http:
                r = http.post(
                    f"/hooks_settings/{salon.location_id}",
                    json={"urls": [f"{receiver}/ok"], "active": 1, "record": 1, "self_sending": 1},
                )
                assert r.status_code == 201, r.text
            answered: dict[int, float] = {}

            def create(i: int) -> None:
                # The salon's members work 09:00-18:00 on DAY-1..DAY+2: 15-minute visits.
                member = salon.member_id if i % 2 == 0 else salon.other_member_id
                j = i // 2
                day = DAY + timedelta(days=j // 36 - 1)
                minute = 9 * 60 + (j % 36) * 15
                body = salon.body(
                    staff_id=member,
                    datetime=f"{day.isoformat()}T{minute // 60:02d}:{minute % 60:02d}:00",
                    seance_length=900,
                    client={"phone": f"+1315555{i % 10000:04d}", "name": f"C{i}"},
                )
                with httpx.Client(base_url=base, headers=salon.headers, timeout=30) as http:
                    r = http.post(f"/records/{salon.location_id}", json=body)
                    assert r.status_code == 201, r.text
                    answered[r.json()["data"][0]["id"]] = time.time()

            started = time.time()
            with ThreadPoolExecutor(clients) as pool:
                list(pool.map(create, range(records)))
            deadline = time.time() + 120
            while time.time() < deadline:
                got = [g for g in received(log) if g.get("status") == 200]
                if len({g["body"]["resource_id"] for g in got}) >= records:
                    break
                time.sleep(0.2)
        finally:
            for p in procs:
                stop(p)
    got = [g for g in received(log) if g.get("status") == 200]
    first_at: dict[int, float] = {}
    for g in got:
        first_at.setdefault(g["body"]["resource_id"], g["at"])
    latencies = [(first_at[rid] - t) * 1000 for rid, t in answered.items() if rid in first_at]
    span = max(first_at.values()) - started
    return {
        "records": records,
        "received": len(first_at),
        "workers": workers,
        "events_per_s": len(first_at) / span,
        "p50_ms": statistics.median(latencies),
        "p99_ms": _pct(latencies, 99),
        "max_ms": max(latencies),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=280, help="at most 288")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--clients", type=int, default=8)
    args = parser.parse_args()
    result = run(args.records, args.workers, args.clients)
    print("| records | received | workers | events/s | p50 ms | p99 ms | max ms |")
    print("|---|---|---|---|---|---|---|")
    print(
        f"| {result['records']} | {result['received']} | {result['workers']} | "
        f"{result['events_per_s']:.1f} | {result['p50_ms']:.0f} | {result['p99_ms']:.0f} | "
        f"{result['max_ms']:.0f} |"
    )


if __name__ == "__main__":
    main()
