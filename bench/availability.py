"""Availability benchmark: generate a salon's worth of data, start the real server (uvicorn,
several workers), drive it over loopback with concurrent clients, print a table.

    .venv/bin/python bench/availability.py                      # SQLite and PostgreSQL
    .venv/bin/python bench/availability.py --db sqlite --appointments 100000 --scale 10000,1000000

Dataset: one location, 50 team members working 09:00-21:00 six days a week, 200 services each
linked to 20 members, N appointments spread over +-6 months (1 h each, never overlapping), a
15-minute grid. The generator writes in bulk (executemany / COPY). On SQLite it lifts the
overlap triggers while loading (the generated data cannot overlap, and the run checks it
afterwards) because a per-row trigger probe would make the load quadratic.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable
from datetime import UTC, date, datetime, timedelta
from datetime import time as dtime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import insert, text
from sqlalchemy.engine import make_url

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from leanhttp import LeanClient, LeanResponse  # noqa: E402
from tests.booking.server import running_server  # noqa: E402

from parlour.auth import service as auth_service  # noqa: E402
from parlour.cli import run_migrations  # noqa: E402
from parlour.db import Database  # noqa: E402
from parlour.models import (  # noqa: E402
    BookingSettings,
    Location,
    Record,
    ScheduleDay,
    Service,
    ServiceTeamMember,
    TeamMember,
)

TZ = "America/New_York"
MEMBERS = 50
SERVICES = 200
LINKS_PER_SERVICE = 20
PG_BASE = os.environ.get(
    "PARLOUR_BENCH_PG", "postgresql+asyncpg://postgres@127.0.0.1:5432/parlour_bench"
)


# --------------------------------------------------------------------------------------------
# Dataset
# --------------------------------------------------------------------------------------------


class Dataset:
    def __init__(
        self,
        location_id: int,
        token: str,
        members: list[int],
        services: list[int],
        links: dict[int, list[int]],
        today: date,
    ) -> None:
        self.location_id = location_id
        self.token = token
        self.members = members
        self.services = services
        self.links = links  # service -> members
        self.today = today
        self.user_headers: dict[str, str] = {}


async def _pg_admin(url: str, sql: str) -> None:
    import asyncpg  # type: ignore[import-untyped]

    u = make_url(url)
    conn = await asyncpg.connect(
        host=u.host, port=u.port or 5432, user=u.username, password=u.password, database="postgres"
    )
    try:
        await conn.execute(sql)
    finally:
        await conn.close()


def fresh_database(kind: str, tag: str) -> str:
    if kind == "sqlite":
        path = Path(tempfile.mkdtemp(prefix="parlour-bench-")) / f"{tag}.db"
        return f"sqlite+aiosqlite:///{path}"
    u = make_url(PG_BASE)
    name = f"{u.database}_{tag}"
    asyncio.run(_pg_admin(PG_BASE, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    asyncio.run(_pg_admin(PG_BASE, f'CREATE DATABASE "{name}"'))
    return u.set(database=name).render_as_string(hide_password=False)


def drop_database(url: str) -> None:
    u = make_url(url)
    if u.get_backend_name() == "sqlite":
        for suffix in ("", "-wal", "-shm"):
            Path(f"{u.database}{suffix}").unlink(missing_ok=True)
    else:
        asyncio.run(_pg_admin(PG_BASE, f'DROP DATABASE IF EXISTS "{u.database}" WITH (FORCE)'))


def _appointments(
    members: list[int], days: list[date], count: int, tz: ZoneInfo, rng: random.Random
) -> list[tuple[int, datetime, datetime]]:
    """``count`` one-hour appointments on the working days, whole hours 09..20, never two of
    one member at once (distinct (member, day, hour) triples)."""
    capacity = len(members) * len(days) * 12
    if count > capacity:
        raise SystemExit(f"at most {capacity} one-hour appointments fit the schedule")
    chosen = rng.sample(range(capacity), count)
    out = []
    for n in chosen:
        member = members[n // (len(days) * 12)]
        day = days[(n // 12) % len(days)]
        hour = 9 + n % 12
        start = datetime.combine(day, dtime(hour), tzinfo=tz).astimezone(UTC)
        out.append((member, start, start + timedelta(hours=1)))
    return out


async def generate(url: str, appointments: int, seed: int = 7) -> Dataset:
    rng = random.Random(seed)
    tz = ZoneInfo(TZ)
    db = Database(url)
    try:
        async with db.session(write=True) as s:
            _, token = await auth_service.create_partner(s, "bench")
            loc = Location(title="Bench Salon", timezone_name=TZ, social={}, phones=[], photos=[])
            s.add(loc)
            await s.flush()
            location_id = loc.id
            s.add(
                BookingSettings(
                    location_id=location_id, timeslot_step=900, booking_horizon_days=200
                )
            )
            members = [
                TeamMember(location_id=location_id, name=f"Member {i}") for i in range(MEMBERS)
            ]
            s.add_all(members)
            services = [
                Service(
                    location_id=location_id,
                    title=f"Service {i}",
                    duration=3600,
                    price_min=10,
                    price_max=10,
                )
                for i in range(SERVICES)
            ]
            s.add_all(services)
            await s.flush()
            member_ids = [m.id for m in members]
            service_ids = [x.id for x in services]
        links: dict[int, list[int]] = {}
        link_rows = []
        for sid in service_ids:
            chosen = rng.sample(member_ids, LINKS_PER_SERVICE)
            links[sid] = chosen
            for mid in chosen:
                link_rows.append(
                    {
                        "location_id": location_id,
                        "service_id": sid,
                        "team_member_id": mid,
                        "length": 3600,
                        "is_online": True,
                        "is_offline_records_allowed": True,
                        "api_id": "",
                    }
                )
        today = datetime.now(tz).date()
        # +-6 months; a bigger table than that calendar can hold reaches further into the
        # past (history is what makes a real table grow; the searches look ahead).
        back = max(183, int(appointments / (MEMBERS * 12) * 7 / 6) + 7)
        days = [
            today + timedelta(days=d)
            for d in range(-back, 184)
            if (today + timedelta(days=d)).weekday() != 6
        ]
        slots = [{"from": "09:00", "to": "21:00"}]
        day_rows = [
            {"location_id": location_id, "team_member_id": m, "day_date": d, "slots": slots}
            for m in member_ids
            for d in days
        ]
        now = datetime.now(UTC)
        booked = _appointments(member_ids, days, appointments, tz, rng)
        record_rows = [
            {
                "location_id": location_id,
                "staff_id": m,
                "start_at": st,
                "end_at": en,
                "seance_length": 3600,
                "technical_break_duration": 0,
                "attendance": 0,
                "confirmed": True,
                "comment": "",
                "api_id": "",
                "custom_color": "",
                "online": False,
                "sms_remain_hours": 0,
                "email_remain_hours": 0,
                "custom_fields": {},
                "record_hash": "",
                "exclusive": True,
                "deleted": False,
                "created_at": now,
                "updated_at": now,
            }
            for m, st, en in booked
        ]
        async with db.engine.begin() as conn:
            await conn.execute(insert(ServiceTeamMember), link_rows)
            for i in range(0, len(day_rows), 20000):
                await conn.execute(
                    insert(ScheduleDay),
                    [{**r, "updated_at": now} for r in day_rows[i : i + 20000]],
                )
        await _load_records(db, record_rows)
        return Dataset(location_id, token, member_ids, service_ids, links, today)
    finally:
        await db.dispose()


async def _load_records(db: Database, rows: list[dict[str, Any]]) -> None:
    if db.dialect == "postgresql":
        columns = list(rows[0]) if rows else []
        async with db.engine.connect() as conn:
            raw = await conn.get_raw_connection()
            pg = raw.driver_connection
            assert pg is not None
            import json

            records = [
                tuple(json.dumps(r[c]) if c == "custom_fields" else r[c] for c in columns)
                for r in rows
            ]
            await pg.copy_records_to_table("record", records=records, columns=columns)
            await conn.commit()
        async with db.engine.begin() as conn:
            await conn.execute(text("ANALYZE"))
        return
    async with db.engine.begin() as conn:
        await conn.execute(text("DROP TRIGGER IF EXISTS record_no_overlap_insert"))
        for i in range(0, len(rows), 50000):
            await conn.execute(insert(Record), rows[i : i + 50000])
    # Put the guard back exactly as migration 0001 creates it.
    import importlib.util

    spec = importlib.util.spec_from_file_location(
        "foundation_migration",
        ROOT / "src" / "parlour" / "migrations" / "versions" / "0001_foundation.py",
    )
    assert spec is not None and spec.loader is not None
    m = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(m)
    async with db.engine.begin() as conn:
        await conn.exec_driver_sql(m.SQLITE_GUARD.format(op="insert", OP="INSERT"))
        await conn.exec_driver_sql("ANALYZE")


async def double_bookings(url: str) -> int:
    db = Database(url)
    try:
        async with db.engine.connect() as conn:
            result = await conn.execute(
                text(
                    "SELECT count(*) FROM record a JOIN record b ON a.staff_id = b.staff_id "
                    "AND a.id < b.id AND a.start_at < b.end_at AND b.start_at < a.end_at "
                    "WHERE a.exclusive AND b.exclusive AND NOT a.deleted AND NOT b.deleted"
                )
            )
            return int(result.scalar() or 0)
    finally:
        await db.dispose()


# --------------------------------------------------------------------------------------------
# Load driver
# --------------------------------------------------------------------------------------------


class Result:
    def __init__(self, name: str, latencies: list[float], elapsed: float, statuses: dict[int, int]):
        self.name = name
        self.latencies = sorted(latencies)
        self.elapsed = elapsed
        self.statuses = statuses

    @property
    def p50(self) -> float:
        return statistics.median(self.latencies) * 1000

    @property
    def p99(self) -> float:
        return self.latencies[min(len(self.latencies) - 1, int(len(self.latencies) * 0.99))] * 1000

    @property
    def rps(self) -> float:
        return len(self.latencies) / self.elapsed


async def drive(
    name: str,
    http: LeanClient,
    make: Callable[[int], Awaitable[LeanResponse]],
    total: int,
    concurrency: int,
) -> Result:
    latencies: list[float] = []
    statuses: dict[int, int] = {}
    counter = iter(range(total))

    async def worker() -> None:
        for n in counter:
            t0 = time.perf_counter()
            r = await make(n)
            latencies.append(time.perf_counter() - t0)
            statuses[r.status_code] = statuses.get(r.status_code, 0) + 1

    start = time.perf_counter()
    await asyncio.gather(*(worker() for _ in range(concurrency)))
    return Result(name, latencies, time.perf_counter() - start, statuses)


def rss_mb(pid: int) -> dict[int, float]:
    """Resident memory of the server process and its workers, in MB."""
    out: dict[int, float] = {}
    pids = [pid]
    try:
        children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
        pids += [int(c) for c in children]
    except OSError:
        pass
    for p in pids:
        try:
            for line in Path(f"/proc/{p}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    out[p] = int(line.split()[1]) / 1024
        except OSError:
            continue
    return out


async def scenarios(
    base: str, data: Dataset, requests: int, concurrency: int, pid: int
) -> tuple[list[Result], dict[int, float]]:
    headers = {"Authorization": f"Bearer {data.token}", "Accept": "application/vnd.api.v2+json"}
    rng = random.Random(11)
    loc = data.location_id
    peak: dict[int, float] = {}

    def sample() -> None:
        for p, mb in rss_mb(pid).items():
            peak[p] = max(peak.get(p, 0.0), mb)

    async with LeanClient(base, headers) as http:

        def future_workday() -> date:
            while True:
                d = data.today + timedelta(days=rng.randint(1, 150))
                if d.weekday() != 6:
                    return d

        def times(_n: int) -> Awaitable[LeanResponse]:
            sid = rng.choice(data.services)
            mid = rng.choice(data.links[sid])
            return http.get(
                f"/book_times/{loc}/{mid}/{future_workday()}", params={"service_ids[]": sid}
            )

        def dates(_n: int) -> Awaitable[LeanResponse]:
            sid = rng.choice(data.services)
            first = data.today + timedelta(days=rng.randint(1, 120))
            return http.get(
                f"/book_dates/{loc}",
                params={
                    "service_ids[]": sid,
                    "staff_id": 0,
                    "date_from": str(first),
                    "date_to": str(first + timedelta(days=30)),
                },
            )

        user_headers = data.user_headers

        def seances(_n: int) -> Awaitable[LeanResponse]:
            mid = rng.choice(data.members)
            return http.get(
                f"/timetable/seances/{loc}/{mid}/{future_workday()}", headers=user_headers
            )

        def health(_n: int) -> Awaitable[LeanResponse]:
            return http.get("/health")

        def book(n: int) -> Awaitable[LeanResponse]:
            sid = rng.choice(data.services)
            mid = rng.choice(data.links[sid])
            day = future_workday()
            at = datetime.combine(
                day, dtime(rng.randint(9, 19), rng.choice([0, 15, 30, 45])), tzinfo=ZoneInfo(TZ)
            )
            return http.post(
                f"/book_record/{loc}",
                json={
                    "phone": f"+1315555{n % 10000:04d}",
                    "fullname": f"Bench {n}",
                    "appointments": [
                        {"id": 1, "services": [sid], "staff_id": mid, "datetime": at.isoformat()}
                    ],
                },
            )

        results = []
        await drive("warmup", http, times, 200, concurrency)
        for name, make, total, conc in (
            ("health (ceiling)", health, requests, concurrency),
            ("health, 1 client", health, max(100, requests // 4), 1),
            ("book_times", times, requests, concurrency),
            ("book_times, 1 client", times, max(100, requests // 4), 1),
            ("book_dates 31d any", dates, max(50, requests // 10), concurrency),
            ("book_dates 31d any, 1 client", dates, max(30, requests // 20), 1),
            ("timetable/seances", seances, requests, concurrency),
            ("book_record x64", book, max(256, requests // 4), 64),
        ):
            sample()
            results.append(await drive(name, http, make, total, conc))
            sample()
    return results, peak


def _prepare_user(url: str, data: Dataset) -> None:
    async def go() -> None:
        db = Database(url)
        try:
            async with db.session(write=True) as s:
                user = await auth_service.create_user(
                    s, login="bench@parlour.local", password="bench-pass", name="Bench"
                )
                loc = await s.get(Location, data.location_id)
                assert loc is not None
                await auth_service.grant(s, user, loc)
                data.user_headers = {
                    "Authorization": f"Bearer {data.token}, User {auth_service.token_of(user)}"
                }
        finally:
            await db.dispose()

    asyncio.run(go())


def print_table(
    kind: str, appointments: int, results: list[Result], peak: dict[int, float], doubles: int
) -> None:
    ceiling = results[0].rps
    print(f"\n### {kind}: {appointments:,} appointments, server workers={WORKERS}")
    print("| scenario | requests | p50 ms | p99 ms | req/s | % of ceiling | statuses |")
    print("| --- | ---: | ---: | ---: | ---: | ---: | --- |")
    for r in results:
        print(
            f"| {r.name} | {len(r.latencies)} | {r.p50:.1f} | {r.p99:.1f} | {r.rps:.0f} | "
            f"{100 * r.rps / ceiling:.0f}% | {dict(sorted(r.statuses.items()))} |"
        )
    print(f"\ndouble bookings after the run: {doubles}")
    print(
        "peak RSS per server process (MB): "
        + ", ".join(f"{p}: {mb:.0f}" for p, mb in sorted(peak.items()))
    )


async def times_p50(base: str, data: Dataset, total: int) -> float:
    headers = {"Authorization": f"Bearer {data.token}"}
    rng = random.Random(5)
    async with LeanClient(base, headers) as http:

        def make(_n: int) -> Awaitable[LeanResponse]:
            sid = rng.choice(data.services)
            mid = rng.choice(data.links[sid])
            day = data.today + timedelta(days=rng.randint(1, 150))
            return http.get(
                f"/book_times/{data.location_id}/{mid}/{day}", params={"service_ids[]": sid}
            )

        await drive("warmup", http, make, 100, 1)
        return (await drive("times", http, make, total, 1)).p50


WORKERS = 2


def main() -> None:
    global WORKERS
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument("--db", choices=["sqlite", "postgres", "both"], default="both")
    parser.add_argument("--appointments", type=int, default=100_000)
    parser.add_argument("--requests", type=int, default=2000)
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument(
        "--scale",
        default="10000,1000000",
        help="two appointment counts for the book_times scaling check ('' to skip)",
    )
    args = parser.parse_args()
    WORKERS = args.workers
    kinds = ["sqlite", "postgres"] if args.db == "both" else [args.db]
    os.environ.setdefault("PARLOUR_SECRET_KEY", "bench-secret")
    for kind in kinds:
        url = fresh_database(kind, "main")
        try:
            run_migrations(url)
            t0 = time.perf_counter()
            data = asyncio.run(generate(url, args.appointments))
            print(
                f"[{kind}] generated {args.appointments:,} appointments in "
                f"{time.perf_counter() - t0:.1f}s",
                flush=True,
            )
            _prepare_user(url, data)
            with (
                tempfile.TemporaryDirectory() as tmp,
                running_server(url, Path(tmp), workers=WORKERS) as (base, proc),
            ):
                results, peak = asyncio.run(
                    scenarios(base, data, args.requests, args.concurrency, proc.pid)
                )
            print_table(kind, args.appointments, results, peak, asyncio.run(double_bookings(url)))
        finally:
            drop_database(url)
        if args.scale:
            small, big = (int(x) for x in args.scale.split(","))
            p50s = []
            for size in (small, big):
                url = fresh_database(kind, f"scale{size}")
                try:
                    run_migrations(url)
                    t0 = time.perf_counter()
                    data = asyncio.run(generate(url, size))
                    gen = time.perf_counter() - t0
                    with (
                        tempfile.TemporaryDirectory() as tmp,
                        running_server(url, Path(tmp), workers=1) as (base, _p),
                    ):
                        p50s.append(asyncio.run(times_p50(base, data, 500)))
                    print(
                        f"[{kind}] book_times p50 at {size:,} appointments: {p50s[-1]:.2f} ms "
                        f"(generated in {gen:.0f}s)",
                        flush=True,
                    )
                finally:
                    drop_database(url)
            print(f"[{kind}] book_times slowdown {small:,} -> {big:,}: {p50s[1] / p50s[0]:.2f}x")


if __name__ == "__main__":
    try:
        main()
    except KeyboardInterrupt:  # pragma: no cover
        subprocess.run(["true"])
