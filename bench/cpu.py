"""CPU cost per request, in process: the figure a shared, noisy machine cannot blur much.

    .venv/bin/python bench/cpu.py --db sqlite --appointments 20000

Builds the dataset of ``availability.py``, then sends each scenario's requests to the app
through an in-process ASGI transport, one at a time, twice (the first round warms up, the
second is measured), and reports per request: the process CPU
time (``time.process_time``, client side included, so the figure is an upper bound) and the
number of SQL statements sent. The trivial route is the ceiling: ``health ms / scenario ms``
is the share of the trivial route's throughput a scenario can reach on the same cores.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import httpx  # noqa: E402
from availability import (  # noqa: E402
    Dataset,
    _prepare_user,
    drop_database,
    fresh_database,
    generate,
    requests_of,
    summarize,
)
from sqlalchemy import event  # noqa: E402

from parlour.cli import run_migrations  # noqa: E402
from parlour.config import Settings  # noqa: E402
from parlour.db import Database  # noqa: E402
from parlour.main import create_app  # noqa: E402

KEYS = [
    ("health (ceiling)", "health"),
    ("book_times", "book_times"),
    ("book_dates 31d any", "book_dates"),
    ("timetable/seances", "seances"),
    ("GET record", "record"),
    ("GET client", "client"),
    ("GET company", "company"),
    ("records of a day", "records_day"),
    ("book_record", "book_record"),
]


async def measure(
    url: str,
    data: Dataset,
    rounds: int,
    profile: Path | None = None,
    tag: str = "",
    only: set[str] | None = None,
) -> list[tuple[str, float, float, int]]:
    tmp = Path(tempfile.mkdtemp(prefix="parlour-cpu-"))
    settings = Settings(
        database_url=url, data_dir=tmp, files_dir=tmp / "files", log_level="warning"
    )
    db = Database(url)
    statements = 0

    def count(*_args: Any) -> None:
        nonlocal statements
        statements += 1

    engines = [db.engine.sync_engine]
    if db.read_engine is not None:
        engines.append(db.read_engine.sync_engine)
    for engine in engines:
        event.listen(engine, "before_cursor_execute", count)
    app = create_app(settings, database=db)
    reqs = requests_of(data, rounds * 2)
    out = []
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://bench") as http:

        async def send(r: Any) -> int:
            response = await http.request(r.method, r.path, headers=r.headers, content=r.body)
            return response.status_code

        for label, key in KEYS:
            if only and key not in only and key != "health":
                continue
            items = reqs[key]
            for r in items[:rounds] if len(items) > 1 else items * 20:
                await send(r)  # warm: caches filled, statements prepared
            # Steady state: the timed requests are the warm-up's again (a long-running server
            # has seen every member-day and service set before), except book_record, whose
            # bookings must be new ones.
            if key == "book_record":
                todo = items[rounds : rounds * 2]
            else:
                todo = items[:rounds] if len(items) > 1 else items * rounds
            spy = None
            if profile is not None and key != "health":
                # py-spy samples this very process while the timed loop runs.
                spy = subprocess.Popen(  # noqa: ASYNC220 (a bench: blocking is fine)
                    [
                        str(Path(sys.executable).parent / "py-spy"),
                        "record",
                        "--nonblocking",
                        "-r",
                        "250",
                        "-f",
                        "raw",
                        "-o",
                        str(profile / f"{tag}-{key}-0.txt"),
                        "-p",
                        str(os.getpid()),
                    ],
                    stdout=subprocess.DEVNULL,
                    stderr=subprocess.DEVNULL,
                )
                await asyncio.sleep(1.0)  # attached
            statements = 0
            statuses: dict[int, int] = {}
            cpu0, wall0 = time.process_time(), time.perf_counter()
            for r in todo:
                code = await send(r)
                statuses[code] = statuses.get(code, 0) + 1
            cpu = (time.process_time() - cpu0) / len(todo) * 1000
            wall = (time.perf_counter() - wall0) / len(todo) * 1000
            if spy is not None and profile is not None:
                spy.send_signal(signal.SIGINT)
                spy.wait()
                summarize(profile, f"{tag}-{key}", marker="measure")
            out.append((label, cpu, wall, statements // len(todo)))
            print(
                f"  {label}: {cpu:.2f} ms CPU, {statements / len(todo):.1f} statements {statuses}"
            )
    await db.dispose()
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--db", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--appointments", type=int, default=20_000)
    parser.add_argument("--rounds", type=int, default=150)
    parser.add_argument("--label", default="")
    parser.add_argument("--out", default="")
    parser.add_argument("--profile", default="", help="directory: py-spy each scenario there")
    parser.add_argument("--only", default="", help="comma-separated scenario keys (health kept)")
    args = parser.parse_args()
    only = {x for x in args.only.split(",") if x} or None
    os.environ.setdefault("PARLOUR_SECRET_KEY", "bench-secret")
    url = fresh_database(args.db, "cpu")
    try:
        run_migrations(url)
        data = asyncio.run(generate(url, args.appointments))
        _prepare_user(url, data)
        profile = Path(args.profile) if args.profile else None
        if profile is not None:
            profile.mkdir(parents=True, exist_ok=True)
        tag = f"{args.db}{args.label.replace(' ', '-')}"
        rows = asyncio.run(measure(url, data, args.rounds, profile, tag, only))
    finally:
        drop_database(url)
    ceiling = rows[0][1]
    lines = [
        f"### {args.db}{args.label}: CPU per request, in process, "
        f"{args.appointments:,} appointments",
        "",
        "| scenario | CPU ms / request | % of trivial route | SQL statements / request |",
        "| --- | ---: | ---: | ---: |",
    ]
    for label, cpu, _wall, n in rows:
        lines.append(f"| {label} | {cpu:.2f} | {100 * ceiling / cpu:.1f}% | {n} |")
    text = "\n".join(lines)
    print("\n" + text)
    if args.out:
        with open(args.out, "a") as fh:
            fh.write(text + "\n\n")


if __name__ == "__main__":
    main()
