"""SIGKILL under concurrent write load loses no acknowledged write and leaves no partial
aggregate: the real server (two worker processes) takes appointments (record + visit +
services) and clients from several threads, its whole process group is killed mid-load, and
after a restart every write answered 2xx is there, checked straight in the database and over
HTTP."""

from __future__ import annotations

import asyncio
import os
import signal
import threading
import time
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import httpx
from sqlalchemy import func, select

from parlour.db import Database
from parlour.models import Client, Record, RecordService, Visit
from tests.booking.server import running_server
from tests.fixtures import factories as f
from tests.fixtures.factories import Tenant

ROUNDS = 2
WRITERS = 4
PER_ROUND = 60  # acknowledged writes before the kill
MAX_LOAD_SECONDS = 20


def _phone(round_no: int, writer: int, n: int) -> str:
    """A valid, unique US number per round, writer and attempt."""
    area = ("315", "212", "312", "415", "617", "718")[writer]
    return f"+1{area}2{round_no}{n // 10_000}{n % 10_000:04d}"


class Load:
    """Writer threads that remember every write the server acknowledged."""

    def __init__(self, base: str, tenant: Tenant, members: list[int], service_id: int) -> None:
        self.base = base
        self.tenant = tenant
        self.members = members
        self.service_id = service_id
        self.records: list[int] = []
        self.clients: list[int] = []
        self.stop = threading.Event()
        self.lock = threading.Lock()
        self.unexpected: list[str] = []

    def run(self, round_no: int) -> list[threading.Thread]:
        threads = [
            threading.Thread(target=self._records, args=(round_no, n), daemon=True)
            for n in range(WRITERS - 1)
        ]
        threads.append(threading.Thread(target=self._clients, args=(round_no,), daemon=True))
        for t in threads:
            t.start()
        return threads

    def _records(self, round_no: int, writer: int) -> None:
        tz = ZoneInfo("America/New_York")
        start = datetime.combine(f.future_day(20), datetime.min.time(), tzinfo=tz)
        # Each writer books its own team member; each round moves to later days.
        at = start + timedelta(days=30 * round_no)
        with httpx.Client(base_url=self.base, headers=self.tenant.headers, timeout=10) as http:
            n = 0
            while not self.stop.is_set():
                body = {
                    "staff_id": self.members[writer],
                    "services": [{"id": self.service_id}],
                    "client": {"phone": _phone(round_no, writer, n), "name": f"W{n}"},
                    "datetime": (at + timedelta(hours=n)).isoformat(),
                    "seance_length": 3600,
                    "save_if_busy": True,
                }
                n += 1
                try:
                    answer = http.post(f"/records/{self.tenant.location_id}", json=body)
                except httpx.HTTPError:
                    continue  # the server is gone (or restarting): unacknowledged
                if answer.status_code == 201:
                    with self.lock:
                        self.records.append(answer.json()["data"][0]["id"])
                elif answer.status_code < 500:
                    self.unexpected.append(answer.text[:200])

    def _clients(self, round_no: int) -> None:
        with httpx.Client(base_url=self.base, headers=self.tenant.headers, timeout=10) as http:
            n = 0
            while not self.stop.is_set():
                body = {"name": f"Kill {round_no}-{n}", "phone": _phone(round_no, WRITERS, n)}
                n += 1
                try:
                    answer = http.post(f"/clients/{self.tenant.location_id}", json=body)
                except httpx.HTTPError:
                    continue
                if answer.status_code == 201:
                    with self.lock:
                        self.clients.append(answer.json()["data"]["id"])
                elif answer.status_code < 500:
                    self.unexpected.append(answer.text[:200])


async def test_sigkill_under_load_loses_no_acknowledged_write(
    database: Database, database_url: str, world: Tenant, tmp_path: Path
) -> None:
    members = [await f.member(database, world.location_id, f"M{n}") for n in range(WRITERS - 1)]
    service_id = await f.service(database, world.location_id, members)
    load = Load("", world, members, service_id)

    unreadable: list[int] = []
    for round_no in range(ROUNDS):
        with running_server(database_url, tmp_path, workers=2) as (base, proc):
            if round_no:
                # Restarted after the kill: the last writes acknowledged before it are served.
                async with httpx.AsyncClient(
                    base_url=base, headers=world.headers, timeout=30
                ) as http:
                    for r in load.records[-10:]:
                        if (await http.get(f"/record/{world.location_id}/{r}")).status_code != 200:
                            unreadable.append(r)
            load.base = base
            load.stop.clear()
            threads = load.run(round_no)
            # Kill mid-load: once this round has enough acknowledged writes of both kinds (or
            # time is up). Counting both: on SQLite the record writers can take the write
            # lock far more often than the one client writer.
            wanted = len(load.records) + len(load.clients) + PER_ROUND
            wanted_clients = len(load.clients) + PER_ROUND // 10
            deadline = time.monotonic() + MAX_LOAD_SECONDS
            while time.monotonic() < deadline:
                total = len(load.records) + len(load.clients)
                if total >= wanted and len(load.clients) >= wanted_clients:
                    break
                await asyncio.sleep(0.02)
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
            load.stop.set()
            for t in threads:
                t.join(timeout=20)

    acknowledged = len(load.records) + len(load.clients)
    assert load.unexpected == []
    assert len(load.records) >= 20 and len(load.clients) >= 10, (load.records, load.clients)

    # Straight in the database.
    async with database.session() as session:
        stored_records = set(
            (await session.execute(select(Record.id).where(Record.deleted.is_(False)))).scalars()
        )
        stored_clients = set((await session.execute(select(Client.id))).scalars())
        lost = [r for r in load.records if r not in stored_records] + [
            c for c in load.clients if c not in stored_clients
        ]
        # No partial aggregate: every record that exists (acknowledged or not) has its visit
        # and its service line.
        without_visit = (
            await session.execute(
                select(func.count(Record.id))
                .outerjoin(Visit, Visit.id == Record.visit_id)
                .where(Visit.id.is_(None))
            )
        ).scalar_one()
        without_services = (
            await session.execute(
                select(func.count(Record.id)).where(
                    ~select(RecordService.id).where(RecordService.record_id == Record.id).exists()
                )
            )
        ).scalar_one()
        without_client = (
            await session.execute(
                select(func.count(Record.id))
                .outerjoin(Client, Client.id == Record.client_id)
                .where(Client.id.is_(None))
            )
        ).scalar_one()

    partial = without_visit + without_services + without_client
    print(
        f"SIGKILL runs: {ROUNDS}, acknowledged writes: {acknowledged}, lost: {len(lost)}, "
        f"partial aggregates: {partial}"
    )
    assert lost == []
    assert partial == 0
    assert unreadable == []
