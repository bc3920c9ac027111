"""`parlour backup` / `parlour restore` round trip on the database the suite runs on (SQLite
online backup or pg_dump/pg_restore)."""

from __future__ import annotations

import asyncio
import json
import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.engine import make_url
from typer.testing import CliRunner

from parlour.cli import app
from parlour.db import Database
from parlour.models import Client, Location, Partner
from tests.fixtures.database import _pg_admin

runner = CliRunner()


@pytest.fixture
def fresh_url(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """An empty database of the suite's kind, used as PARLOUR_DATABASE_URL."""
    from parlour.config import get_settings

    base = os.environ.get("PARLOUR_TEST_DATABASE_URL")
    name = None
    if base:
        name = f"{make_url(base).database}_backup_{os.getpid()}"
        url = make_url(base).set(database=name).render_as_string(hide_password=False)
        asyncio.run(_pg_admin(base, f'DROP DATABASE IF EXISTS "{name}"'))
        asyncio.run(_pg_admin(base, f'CREATE DATABASE "{name}"'))
    else:
        url = f"sqlite+aiosqlite:///{tmp_path}/live.db"
    monkeypatch.setenv("PARLOUR_DATABASE_URL", url)
    monkeypatch.setenv("PARLOUR_DATA_DIR", str(tmp_path / "data"))
    get_settings.cache_clear()
    try:
        yield url
    finally:
        get_settings.cache_clear()
        if base and name:
            asyncio.run(_pg_admin(base, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


async def _counts(url: str) -> tuple[int, int, int, list[str]]:
    db = Database(url)
    try:
        async with db.session() as s:
            partners = (await s.execute(select(func.count(Partner.id)))).scalar_one()
            clients = (await s.execute(select(func.count(Client.id)))).scalar_one()
            locations = (await s.execute(select(func.count(Location.id)))).scalar_one()
            titles = list((await s.execute(select(Location.title).order_by(Location.id))).scalars())
            return int(partners), int(clients), int(locations), titles
    finally:
        await db.dispose()


def test_backup_restore_round_trip(fresh_url: str, tmp_path: Path) -> None:
    demo = runner.invoke(app, ["demo", "--json"])
    assert demo.exit_code == 0, demo.output
    json.loads(demo.stdout)
    before = asyncio.run(_counts(fresh_url))
    target = tmp_path / "backups" / "parlour.backup"
    made = runner.invoke(app, ["backup", str(target)])
    assert made.exit_code == 0, made.output
    assert target.stat().st_size > 0

    # Changes after the backup: another partner, another location.
    assert runner.invoke(app, ["partner", "create", "--name", "later"]).exit_code == 0
    assert runner.invoke(app, ["location", "create", "--title", "Later"]).exit_code == 0
    assert asyncio.run(_counts(fresh_url)) != before

    restored = runner.invoke(app, ["restore", "--yes", str(target)])
    assert restored.exit_code == 0, restored.output
    assert asyncio.run(_counts(fresh_url)) == before
    # The restored database is one the server accepts: migrations are current.
    assert runner.invoke(app, ["migrate"]).exit_code == 0


def test_restore_refuses_a_file_that_is_no_backup(fresh_url: str, tmp_path: Path) -> None:
    junk = tmp_path / "junk.backup"
    junk.write_bytes(b"this is not a backup")
    result = runner.invoke(app, ["restore", "--yes", str(junk)])
    assert result.exit_code == 1
    missing = runner.invoke(app, ["restore", "--yes", str(tmp_path / "nope")])
    assert missing.exit_code == 1 and "no backup file" in missing.output
