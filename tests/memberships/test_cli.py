"""The membership commands and the demo's membership type: a type made from the command line
gets its goods item, and a membership sold there is a goods sale of it to the client."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import select
from typer.testing import CliRunner

from parlour.cli import app

runner = CliRunner()


@pytest.fixture
def env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    from parlour.config import get_settings

    monkeypatch.setenv("PARLOUR_DATABASE_URL", f"sqlite+aiosqlite:///{tmp_path}/cli.db")
    monkeypatch.setenv("PARLOUR_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.delenv("PARLOUR_SECRET_KEY", raising=False)
    get_settings.cache_clear()
    yield tmp_path
    get_settings.cache_clear()


def test_demo_type_and_the_commands(env: Path) -> None:
    from parlour.config import get_settings
    from parlour.db import Database
    from parlour.models import Client, ClientMembership, GoodsTransaction, MembershipType, Service

    info = json.loads(runner.invoke(app, ["demo", "--json"]).output)
    loc, chain = info["location_id"], info["chain_id"]

    async def read() -> tuple[list[str], int, int]:
        db = Database(get_settings().database_url)
        try:
            async with db.session() as s:
                titles = list((await s.execute(select(MembershipType.title))).scalars())
                service = (await s.execute(select(Service.id).limit(1))).scalar_one()
                client = (
                    await s.execute(select(Client.id).where(Client.phone != "").limit(1))
                ).scalar_one()
                return titles, service, client
        finally:
            await db.dispose()

    titles, service_id, client_id = asyncio.run(read())
    assert titles == ["10 visits"]

    missing = runner.invoke(
        app, ["memberships", "type", "--chain", "999", "--title", "X", "--service", "1:2"]
    )
    assert missing.exit_code == 1 and "no chain" in missing.output
    bad = runner.invoke(
        app, ["memberships", "type", "--chain", str(chain), "--title", "X", "--service", "one"]
    )
    assert bad.exit_code == 1
    made = runner.invoke(
        app,
        [
            "memberships",
            "type",
            "--chain",
            str(chain),
            "--title",
            "Five cuts",
            "--service",
            f"{service_id}:5",
            "--cost",
            "2000",
            "--period",
            "2",
        ],
    )
    assert made.exit_code == 0, made.output
    type_id = int(made.output.strip())
    sold = runner.invoke(
        app,
        [
            "memberships",
            "sell",
            "--location",
            str(loc),
            "--type",
            str(type_id),
            "--client",
            str(client_id),
        ],
    )
    assert sold.exit_code == 0, sold.output
    membership_id, code, document_id = sold.output.split()

    async def check() -> None:
        db = Database(get_settings().database_url)
        try:
            async with db.session() as s:
                row = await s.get(ClientMembership, int(membership_id))
                assert row is not None and row.number == code and len(code) == 12
                assert row.links == [{"kind": "service", "id": service_id, "count": 5}]
                line = (
                    await s.execute(
                        select(GoodsTransaction).where(
                            GoodsTransaction.document_id == int(document_id)
                        )
                    )
                ).scalar_one()
                assert line.client_id == client_id and line.cost == 2000
        finally:
            await db.dispose()

    asyncio.run(check())
