"""``parlour loyalty referral-program``: the chain's referral program from the command line."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from pathlib import Path

import pytest
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


def test_referral_program_command(env: Path) -> None:
    from parlour.config import get_settings
    from parlour.db import Database
    from parlour.models import Chain, Location, LocationChain, LoyaltyProgram

    assert runner.invoke(app, ["loyalty", "referral-program", "--help"]).exit_code == 0
    missing = runner.invoke(
        app, ["loyalty", "referral-program", "--chain", "999", "--location", "1", "--reward", "5"]
    )
    assert missing.exit_code == 1 and "no chain" in missing.output

    async def arrange() -> tuple[int, int]:
        db = Database(get_settings().database_url)
        try:
            async with db.session(write=True) as s:
                chain = Chain(title="Chain")
                s.add(chain)
                await s.flush()
                location = Location(
                    title="Salon", main_group_id=chain.id, social={}, phones=[], photos=[]
                )
                s.add(location)
                await s.flush()
                s.add(LocationChain(location_id=location.id, chain_id=chain.id))
                return int(chain.id), int(location.id)
        finally:
            await db.dispose()

    async def read(program_id: int) -> tuple[str, str] | None:
        db = Database(get_settings().database_url)
        try:
            async with db.session() as s:
                row = await s.get(LoyaltyProgram, program_id)
                return (row.type, row.title) if row else None
        finally:
            await db.dispose()

    runner.invoke(app, ["migrate"])
    chain_id, location_id = asyncio.run(arrange())
    args = ["loyalty", "referral-program", "--chain", str(chain_id), "--reward", "100"]
    made = runner.invoke(app, [*args, "--location", str(location_id), "--discount", "10"])
    assert made.exit_code == 0, made.output
    assert asyncio.run(read(int(made.stdout.strip()))) == ("referral", "Referral")
    wrong = runner.invoke(app, [*args, "--location", str(location_id + 99)])
    assert wrong.exit_code != 0 and "company_ids" in wrong.output
    bad = runner.invoke(app, [*args[:-1], "-5", "--location", str(location_id)])
    assert bad.exit_code == 1
