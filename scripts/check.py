"""Every check CI runs, in order: ruff, mypy (strict), alembic check on both databases,
docs/COVERAGE.md freshness, then the test suite on SQLite and on PostgreSQL.

The suite runs in parallel (pytest-xdist): PARLOUR_TEST_WORKERS processes, by default one per
CPU up to 4 (2 on a 2-core CI machine); each worker migrates and uses its own database (see
tests/fixtures/database.py). PARLOUR_TEST_WORKERS=0 runs serially.

PostgreSQL comes from PARLOUR_TEST_DATABASE_URL (default: the local server at
127.0.0.1:5432 as user postgres). If it cannot be reached the run fails; set
PARLOUR_SKIP_POSTGRES=1 to run SQLite only on a machine without PostgreSQL (CI never does).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PY = sys.executable
DEFAULT_PG = "postgresql+asyncpg://postgres@127.0.0.1:5432/parlour_test"


def run(title: str, cmd: list[str], env: dict[str, str] | None = None) -> None:
    print(f"\n=== {title}: {' '.join(cmd)}", flush=True)
    started = time.monotonic()
    result = subprocess.run(cmd, cwd=ROOT, env={**os.environ, **(env or {})}, check=False)
    elapsed = time.monotonic() - started
    if result.returncode != 0:
        print(f"=== FAILED: {title} (exit {result.returncode}, {elapsed:.0f} s)", flush=True)
        sys.exit(result.returncode)
    print(f"=== {title}: ok in {elapsed:.0f} s", flush=True)


def workers() -> int:
    configured = os.environ.get("PARLOUR_TEST_WORKERS", "").strip()
    if configured:
        return max(0, int(configured))
    return max(1, min(os.cpu_count() or 1, 4))


async def _pg(url: str, sql: list[str]) -> None:
    import asyncpg
    from sqlalchemy.engine import make_url

    u = make_url(url)
    conn = await asyncpg.connect(
        host=u.host or "127.0.0.1",
        port=u.port or 5432,
        user=u.username or "postgres",
        password=u.password,
        database="postgres",
        timeout=10,
    )
    try:
        for statement in sql:
            await conn.execute(statement)
    finally:
        await conn.close()


def postgres_url() -> str | None:
    url = os.environ.get("PARLOUR_TEST_DATABASE_URL", DEFAULT_PG)
    try:
        asyncio.run(_pg(url, ["SELECT 1"]))
    except Exception as exc:
        if os.environ.get("PARLOUR_SKIP_POSTGRES") == "1" and not os.environ.get(
            "PARLOUR_REQUIRE_POSTGRES"
        ):
            print(f"!!! PostgreSQL unreachable ({exc}); skipped because PARLOUR_SKIP_POSTGRES=1")
            return None
        print(f"!!! PostgreSQL at {url} is unreachable: {exc}", flush=True)
        sys.exit(3)
    return url


def alembic_check(url: str) -> None:
    env = {"PARLOUR_DATABASE_URL": url}
    run("alembic upgrade", [PY, "-m", "alembic", "upgrade", "head"], env)
    run("alembic check", [PY, "-m", "alembic", "check"], env)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--only", choices=["lint", "tests"], default=None)
    parser.add_argument("pytest_args", nargs="*")
    args = parser.parse_args()

    if args.only in (None, "lint"):
        run("ruff format", [PY, "-m", "ruff", "format", "--check", "src", "tests", "scripts"])
        run("ruff check", [PY, "-m", "ruff", "check", "src", "tests", "scripts", "migrations"])
        run("mypy --strict", [PY, "-m", "mypy"])
        run("endpoint coverage", [PY, "scripts/endpoint_coverage.py", "--check"])
    if args.only == "lint":
        return

    pg = postgres_url()
    with tempfile.TemporaryDirectory() as tmp:
        alembic_check(f"sqlite+aiosqlite:///{tmp}/alembic-check.db")
    if pg is not None:
        from sqlalchemy.engine import make_url

        name = f"parlour_alembic_check_{os.getpid()}"
        check_url = make_url(pg).set(database=name).render_as_string(hide_password=False)
        asyncio.run(_pg(pg, [f'DROP DATABASE IF EXISTS "{name}"', f'CREATE DATABASE "{name}"']))
        try:
            alembic_check(check_url)
        finally:
            asyncio.run(_pg(pg, [f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)']))

    pytest = [PY, "-m", "pytest", "-q", *args.pytest_args]
    n = workers()
    if n > 0 and not any(a.startswith(("-n", "--numprocesses")) for a in pytest):
        pytest[4:4] = ["-n", str(n)]
    run("tests on SQLite", pytest, {"PARLOUR_TEST_DATABASE_URL": ""})
    if pg is not None:
        run("tests on PostgreSQL", pytest, {"PARLOUR_TEST_DATABASE_URL": pg})
    print("\n=== all checks passed", flush=True)


if __name__ == "__main__":
    main()
