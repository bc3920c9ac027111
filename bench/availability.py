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
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from datetime import time as dtime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import insert, text
from sqlalchemy.engine import make_url

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import wrkdrive  # noqa: E402
from tests.booking.server import running_server  # noqa: E402
from wrkdrive import Req, WrkResult  # noqa: E402

from parlour.auth import service as auth_service  # noqa: E402
from parlour.cli import run_migrations  # noqa: E402
from parlour.db import Database  # noqa: E402
from parlour.models import (  # noqa: E402
    BookingSettings,
    Client,
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
        self.clients: list[int] = []
        self.records: list[int] = []


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
                # Each record against the latest end among the member's earlier records
                # (one sort, not a self-join: 10^6 rows take seconds).
                text(
                    "SELECT count(*) FROM (SELECT start_at, max(end_at) OVER ("
                    "PARTITION BY staff_id ORDER BY start_at, id "
                    "ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS prev_end "
                    "FROM record WHERE exclusive AND NOT deleted) t WHERE prev_end > start_at"
                )
            )
            return int(result.scalar() or 0)
    finally:
        await db.dispose()


# --------------------------------------------------------------------------------------------
# Load driver: wrk (see wrkdrive.py), the same app's /health as the ceiling in the same run
# --------------------------------------------------------------------------------------------


def rss_mb(pid: int) -> dict[int, float]:
    """Resident memory of the server process and its workers, in MB."""
    out: dict[int, float] = {}
    for p in [pid, *worker_pids(pid)]:
        try:
            for line in Path(f"/proc/{p}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    out[p] = int(line.split()[1]) / 1024
        except OSError:
            continue
    return out


def worker_pids(pid: int) -> list[int]:
    try:
        return [int(c) for c in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except OSError:
        return []


def future_workday(data: Dataset, rng: random.Random) -> date:
    while True:
        d = data.today + timedelta(days=rng.randint(1, 150))
        if d.weekday() != 6:
            return d


def requests_of(data: Dataset, count: int = 2000) -> dict[str, list[Req]]:
    """The scenarios' request lists (wrk sends each list round and round)."""
    rng = random.Random(11)
    loc = data.location_id
    api = "/api/v1"
    partner = {"Authorization": f"Bearer {data.token}", "Accept": "application/vnd.api.v2+json"}
    user = {**partner, **data.user_headers}
    out: dict[str, list[Req]] = {"health": [Req(f"{api}/health", headers=partner)]}

    def times() -> Req:
        sid = rng.choice(data.services)
        mid = rng.choice(data.links[sid])
        day = future_workday(data, rng)
        return Req(f"{api}/book_times/{loc}/{mid}/{day}?service_ids[]={sid}", headers=partner)

    def dates() -> Req:
        sid = rng.choice(data.services)
        first = data.today + timedelta(days=rng.randint(1, 120))
        last = first + timedelta(days=30)
        return Req(
            f"{api}/book_dates/{loc}?service_ids[]={sid}&staff_id=0"
            f"&date_from={first}&date_to={last}",
            headers=partner,
        )

    def seances() -> Req:
        mid = rng.choice(data.members)
        return Req(f"{api}/timetable/seances/{loc}/{mid}/{future_workday(data, rng)}", headers=user)

    def record() -> Req:
        return Req(f"{api}/record/{loc}/{rng.choice(data.records)}", headers=user)

    def client() -> Req:
        return Req(f"{api}/client/{loc}/{rng.choice(data.clients)}", headers=user)

    def day_records() -> Req:
        day = future_workday(data, rng)
        mid = rng.choice(data.members)
        return Req(
            f"{api}/records/{loc}?start_date={day}&end_date={day}&team_member_id={mid}",
            headers=user,
        )

    def book(n: int) -> Req:
        sid = rng.choice(data.services)
        mid = rng.choice(data.links[sid])
        day = future_workday(data, rng)
        at = datetime.combine(
            day, dtime(rng.randint(9, 19), rng.choice([0, 15, 30, 45])), tzinfo=ZoneInfo(TZ)
        )
        body = {
            "phone": f"+1315555{n % 10000:04d}",
            "fullname": f"Bench {n}",
            "appointments": [
                {"id": 1, "services": [sid], "staff_id": mid, "datetime": at.isoformat()}
            ],
        }
        return Req(
            f"{api}/book_record/{loc}",
            method="POST",
            headers={**partner, "Content-Type": "application/json"},
            body=json.dumps(body),
        )

    out["book_times"] = [times() for _ in range(count)]
    out["book_dates"] = [dates() for _ in range(count)]
    out["seances"] = [seances() for _ in range(count)]
    # The scaling check's datasets have no bench user: no record or client reads there.
    out["record"] = [record() for _ in range(count)] if data.records else []
    out["client"] = [client() for _ in range(count)] if data.records else []
    out["company"] = [Req(f"{api}/company/{loc}", headers=partner)]
    out["records_day"] = [day_records() for _ in range(count)]
    out["book_record"] = [book(n) for n in range(count * 10)]
    return out


# (label, request list, connections, seconds factor)
SCENARIOS: list[tuple[str, str, int, float]] = [
    ("health (ceiling)", "health", 16, 1.0),
    ("book_times", "book_times", 16, 1.0),
    ("book_times, 1 conn", "book_times", 1, 0.5),
    ("book_dates 31d any", "book_dates", 16, 1.0),
    ("timetable/seances", "seances", 16, 1.0),
    ("GET record", "record", 16, 1.0),
    ("GET client", "client", 16, 1.0),
    ("GET company", "company", 16, 1.0),
    ("records of a day", "records_day", 16, 1.0),
    ("book_record x64", "book_record", 64, 1.0),
]


def scenarios(
    wrk: str,
    base: str,
    data: Dataset,
    seconds: float,
    pid: int,
    *,
    only: set[str] | None = None,
    profile_dir: Path | None = None,
    tag: str = "",
) -> tuple[list[WrkResult], dict[int, float]]:
    reqs = requests_of(data)
    peak: dict[int, float] = {}

    def sample() -> None:
        for p, mb in rss_mb(pid).items():
            peak[p] = max(peak.get(p, 0.0), mb)

    # Warm every worker (started, caches filled, statements prepared) before measuring.
    wrkdrive.run(wrk, base, "warmup", reqs["health"], connections=16, seconds=2)
    wrkdrive.run(wrk, base, "warmup", reqs["book_times"], connections=16, seconds=2)
    wrkdrive.run(wrk, base, "warmup", reqs["seances"], connections=16, seconds=1)
    time.sleep(1)
    results = []
    for label, key, conns, factor in SCENARIOS:
        if only and key not in only and key != "health":
            continue
        sample()
        spies = []
        if profile_dir is not None and key != "health":
            for w in worker_pids(pid):
                out = profile_dir / f"{tag}-{key}-{w}.txt"
                spies.append(
                    subprocess.Popen(
                        [
                            str(Path(sys.executable).parent / "py-spy"),
                            "record",
                            "--nonblocking",
                            "-r",
                            "200",
                            "-d",
                            str(max(1, round(seconds * factor))),
                            "-f",
                            "raw",
                            "-o",
                            str(out),
                            "-p",
                            str(w),
                        ],
                        stdout=subprocess.DEVNULL,
                        stderr=subprocess.DEVNULL,
                    )
                )
        results.append(
            wrkdrive.run(wrk, base, label, reqs[key], connections=conns, seconds=seconds * factor)
        )
        for spy in spies:
            spy.wait()
        if spies and profile_dir is not None:
            summarize(profile_dir, f"{tag}-{key}")
        sample()
    # The ceiling once more at the end: the table's ratios use the better of the two, so a
    # slow moment of the machine at the start does not flatter the other figures.
    again = wrkdrive.run(
        wrk, base, "health (ceiling, again)", reqs["health"], connections=16, seconds=seconds
    )
    if again.rps > results[0].rps:
        results[0] = again
    return results, peak


def summarize(profile_dir: Path, stem: str, top: int = 30, marker: str = "run_asgi") -> None:
    """Merge the workers' collapsed stacks into one text: among the samples taken while a
    request was being handled, the functions with the largest share (inclusive, then self).
    Frames every request passes through (the middleware chain) are left out of the list."""
    inclusive: dict[str, int] = {}
    own: dict[str, int] = {}
    total = 0
    for part in sorted(profile_dir.glob(f"{stem}-*.txt")):
        for line in part.read_text().splitlines():
            stack, _, n = line.rpartition(" ")
            if not stack or not n.isdigit() or marker not in stack:
                continue
            count = int(n)
            frames = [f for f in stack.split(";") if not f.startswith("process ")]
            total += count
            for frame in set(frames):
                inclusive[frame] = inclusive.get(frame, 0) + count
            own[frames[-1]] = own.get(frames[-1], 0) + count
        if not os.environ.get("PARLOUR_PROFILE_RAW"):  # keep the collapsed stacks
            part.unlink()
    lines = [f"# {stem}: {total} samples inside request handling", "", "## inclusive", ""]
    ranked = [kv for kv in sorted(inclusive.items(), key=lambda kv: -kv[1]) if kv[1] < 0.97 * total]
    for frame, n in ranked[:top]:
        lines.append(f"{100 * n / max(total, 1):5.1f}%  {frame}")
    lines += ["", "## self", ""]
    for frame, n in sorted(own.items(), key=lambda kv: -kv[1])[:top]:
        lines.append(f"{100 * n / max(total, 1):5.1f}%  {frame}")
    (profile_dir / f"{stem}.top.txt").write_text("\n".join(lines) + "\n")


def _prepare_user(url: str, data: Dataset) -> None:
    """A member user of the location (for the B2B reads), 200 clients, and record ids."""

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
                clients = [
                    Client(
                        location_id=data.location_id, name=f"Client {i}", phone=f"+1315666{i:04d}"
                    )
                    for i in range(200)
                ]
                s.add_all(clients)
                await s.flush()
                data.clients = [c.id for c in clients]
            async with db.engine.connect() as conn:
                rows = await conn.execute(text("SELECT id FROM record ORDER BY id LIMIT 5000"))
                data.records = [r[0] for r in rows]
        finally:
            await db.dispose()

    asyncio.run(go())


def print_table(
    kind: str,
    appointments: int,
    results: list[WrkResult],
    peak: dict[int, float],
    doubles: int,
    label: str = "",
) -> str:
    ceiling = results[0].rps or float("nan")  # a ceiling that answered nothing: no ratio
    out = [
        f"### {kind}{label}: {appointments:,} appointments, {WORKERS} workers, "
        f"wrk -t1, {SECONDS:g}s per scenario",
        "",
        "| scenario | conns | requests | req/s | % of ceiling | p50 ms | p99 ms | statuses |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |",
    ]
    conns = {name: c for name, _key, c, _f in SCENARIOS}
    for r in results:
        statuses = dict(sorted(r.statuses.items()))
        if r.socket_errors:
            statuses[0] = r.socket_errors  # socket errors (timeouts, resets)
        out.append(
            f"| {r.name} | {conns.get(r.name, '')} | {r.requests} | {r.rps:.0f} | "
            f"{100 * r.rps / ceiling:.1f}% | {r.p50:.1f} | {r.p99:.1f} | {statuses} |"
        )
    out.append("")
    out.append(f"double bookings after the run: {doubles}")
    out.append(
        "peak RSS per server process (MB): "
        + ", ".join(f"{p}: {mb:.0f}" for p, mb in sorted(peak.items()))
    )
    text_ = "\n".join(out)
    print("\n" + text_, flush=True)
    return text_


def times_p50(wrk: str, base: str, data: Dataset, seconds: float) -> float:
    reqs = requests_of(data, 500)["book_times"]
    wrkdrive.run(wrk, base, "warmup", reqs, connections=1, seconds=1)
    return wrkdrive.run(wrk, base, "times", reqs, connections=1, seconds=seconds).p50


WORKERS = 2
SECONDS = 10.0


def main() -> None:
    global WORKERS, SECONDS
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument("--db", choices=["sqlite", "postgres", "both"], default="both")
    parser.add_argument("--appointments", type=int, default=100_000)
    parser.add_argument("--seconds", type=float, default=10.0, help="per scenario")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--only", default="", help="comma-separated scenario keys (health kept)")
    parser.add_argument("--profile", default="", help="directory: py-spy each scenario there")
    parser.add_argument("--label", default="", help="printed after the database name")
    parser.add_argument("--out", default="", help="append the tables to this file")
    parser.add_argument(
        "--scale",
        default="10000,1000000",
        help="two appointment counts for the book_times scaling check ('' to skip)",
    )
    args = parser.parse_args()
    WORKERS, SECONDS = args.workers, args.seconds
    wrk = wrkdrive.find_wrk()
    only = {x for x in args.only.split(",") if x} or None
    profile_dir = Path(args.profile) if args.profile else None
    if profile_dir is not None:
        profile_dir.mkdir(parents=True, exist_ok=True)
    kinds = ["sqlite", "postgres"] if args.db == "both" else [args.db]
    os.environ.setdefault("PARLOUR_SECRET_KEY", "bench-secret")
    os.environ.setdefault("PARLOUR_LOG_LEVEL", "warning")  # no access log line per request
    report: list[str] = []
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
                results, peak = scenarios(
                    wrk,
                    base,
                    data,
                    args.seconds,
                    proc.pid,
                    only=only,
                    profile_dir=profile_dir,
                    tag=f"{kind}{args.label.replace(' ', '')}",
                )
            report.append(
                print_table(
                    kind,
                    args.appointments,
                    results,
                    peak,
                    asyncio.run(double_bookings(url)),
                    args.label,
                )
            )
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
                        p50s.append(times_p50(wrk, base, data, min(args.seconds, 5)))
                    line = (
                        f"[{kind}] book_times p50 (1 conn) at {size:,} appointments: "
                        f"{p50s[-1]:.2f} ms (generated in {gen:.0f}s)"
                    )
                    print(line, flush=True)
                    report.append(line)
                finally:
                    drop_database(url)
            line = f"[{kind}] book_times slowdown {small:,} -> {big:,}: {p50s[1] / p50s[0]:.2f}x"
            print(line, flush=True)
            report.append(line)
    if args.out:
        with open(args.out, "a") as fh:
            fh.write("\n\n".join(report) + "\n\n")


if __name__ == "__main__":
    try:
        main()
    except KeyboardInterrupt:  # pragma: no cover
        subprocess.run(["true"])
