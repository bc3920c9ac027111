"""The parlour command, run the way a user runs it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from parlour.cli import app

runner = CliRunner()


@pytest.fixture
def env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    from parlour.config import get_settings

    monkeypatch.setenv("PARLOUR_DATABASE_URL", f"sqlite+aiosqlite:///{tmp_path}/cli.db")
    monkeypatch.setenv("PARLOUR_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.delenv("PARLOUR_SECRET_KEY", raising=False)
    get_settings.cache_clear()
    yield tmp_path
    get_settings.cache_clear()


@pytest.mark.parametrize(
    "args",
    [
        [],
        ["serve"],
        ["migrate"],
        ["demo"],
        ["partner", "create"],
        ["user", "create"],
        ["user", "password"],
        ["user", "list"],
        ["user", "revoke"],
        ["partner", "list"],
        ["partner", "revoke"],
        ["location", "create"],
        ["ledger"],
        ["ledger", "storage"],
        ["ledger", "account"],
        ["ledger", "unit"],
        ["ledger", "supplier"],
        ["ledger", "expense"],
        ["ledger", "defaults"],
        ["loyalty"],
        ["loyalty", "card-type"],
        ["loyalty", "certificate"],
        ["memberships"],
        ["memberships", "type"],
        ["memberships", "sell"],
        ["backup"],
        ["restore"],
        ["outbox"],
    ],
)
def test_every_command_has_help(args: list[str]) -> None:
    result = runner.invoke(app, [*args, "--help"])
    assert result.exit_code == 0, result.output
    assert "Usage" in result.output


def test_demo_json_and_idempotent(env: Path) -> None:
    first = runner.invoke(app, ["demo", "--json"])
    assert first.exit_code == 0, first.output
    info = json.loads(first.output)
    assert {"partner_token", "user_login", "user_password", "user_token", "location_id"} <= set(
        info
    )
    second = json.loads(runner.invoke(app, ["demo", "--json"]).output)
    assert second["location_id"] == info["location_id"]
    assert second["user_token"] == info["user_token"]  # same user, same password
    assert second["partner_token"] != info["partner_token"]
    assert (env / "data" / "secret.key").exists()
    # Without --json it names the two web pages.
    text = runner.invoke(app, ["demo", "--url", "http://127.0.0.1:8000"]).output
    assert "Staff calendar (sign in as demo@parlour.local): http://127.0.0.1:8000/app/" in text
    assert f"Booking widget: http://127.0.0.1:8000/bookform/{info['bookform_id']}" in text


def test_demo_finds_its_demo_after_a_rename(env: Path) -> None:
    import asyncio

    from sqlalchemy import func, select, update

    from parlour.db import Database
    from parlour.models import Location

    info = json.loads(runner.invoke(app, ["demo", "--json"]).output)
    url = f"sqlite+aiosqlite:///{env}/cli.db"

    async def rename_and_count(title: str | None) -> int:
        db = Database(url)
        try:
            async with db.session(write=True) as session:
                if title is not None:
                    await session.execute(update(Location).values(title=title))
                return int((await session.execute(select(func.count(Location.id)))).scalar_one())
        finally:
            await db.dispose()

    asyncio.run(rename_and_count("Parlour Uptown"))
    again = json.loads(runner.invoke(app, ["demo", "--json"]).output)
    assert again["location_id"] == info["location_id"]
    assert asyncio.run(rename_and_count(None)) == 1


def test_partner_and_user_create(env: Path) -> None:
    partner = runner.invoke(app, ["partner", "create", "--name", "widget"])
    assert partner.exit_code == 0, partner.output
    assert len(partner.output.strip()) == 32
    demo = json.loads(runner.invoke(app, ["demo", "--json"]).output)
    # The password comes from a prompt (asked twice), never from the command line.
    user = runner.invoke(
        app,
        ["user", "create", "--login", "ann@example.com", "--location", str(demo["location_id"])],
        input="pw-12345\npw-12345\n",
    )
    assert user.exit_code == 0, user.output
    token = user.stdout.strip().splitlines()[-1]
    assert "pw-12345" not in user.stdout
    dup = runner.invoke(
        app,
        ["user", "create", "--login", "ann@example.com", "--password-stdin"],
        input="pw-12345\n",
    )
    assert dup.exit_code == 1 and "already exists" in dup.output
    changed = runner.invoke(
        app,
        ["user", "password", "--login", "ann@example.com", "--password-stdin"],
        input="pw-67890\n",
    )
    assert changed.exit_code == 0 and changed.stdout.strip() != token
    missing = runner.invoke(
        app,
        ["user", "password", "--login", "nobody@example.com", "--password-stdin"],
        input="x1234\n",
    )
    assert missing.exit_code == 1
    argv = runner.invoke(app, ["user", "create", "--login", "b@example.com", "--password", "x"])
    assert argv.exit_code == 2  # no such option: passwords never travel in argv


def test_partner_list_and_revoke(env: Path) -> None:
    token = runner.invoke(app, ["partner", "create", "--name", "widget"]).stdout.strip()
    listed = runner.invoke(app, ["partner", "list"])
    assert listed.exit_code == 0, listed.output
    partner_id, state, _created, name = listed.stdout.strip().splitlines()[-1].split("\t")
    assert (state, name) == ("active", "widget")
    assert token not in listed.stdout
    assert runner.invoke(app, ["partner", "revoke", partner_id]).exit_code == 0
    assert "\trevoked\t" in runner.invoke(app, ["partner", "list"]).stdout
    missing = runner.invoke(app, ["partner", "revoke", "999"])
    assert missing.exit_code == 1 and "no partner 999" in missing.output


def test_user_list_revoke_and_password(env: Path) -> None:
    runner.invoke(app, ["demo", "--json"])
    created = runner.invoke(
        app, ["user", "create", "--login", "ann@example.com", "--password-stdin"], input="pw-1\n"
    )
    assert created.exit_code == 0, created.output
    listed = runner.invoke(app, ["user", "list"]).stdout
    assert "\tactive\tdemo@parlour.local\t" in listed and "locations:1" in listed
    assert "\tactive\tann@example.com\t" in listed
    assert runner.invoke(app, ["user", "revoke", "--login", "ann@example.com"]).exit_code == 0
    assert "\trevoked\tann@example.com\t" in runner.invoke(app, ["user", "list"]).stdout
    renewed = runner.invoke(
        app, ["user", "password", "--login", "ann@example.com", "--password-stdin"], input="pw-2\n"
    )
    assert renewed.exit_code == 0
    assert "\tactive\tann@example.com\t" in runner.invoke(app, ["user", "list"]).stdout


def test_location_create(env: Path) -> None:
    runner.invoke(
        app, ["user", "create", "--login", "ann@example.com", "--password-stdin"], input="pw-1\n"
    )
    made = runner.invoke(
        app,
        ["location", "create", "--title", "Салон Два", "--timezone", "Europe/Moscow"]
        + ["--owner", "ann@example.com"],
    )
    assert made.exit_code == 0, made.output
    location_id = made.stdout.strip()
    assert f"locations:{location_id}" in runner.invoke(app, ["user", "list"]).stdout
    bad = runner.invoke(app, ["location", "create", "--title", "X", "--timezone", "Mars/Base"])
    assert bad.exit_code == 1 and "unknown time zone" in bad.output
    nobody = runner.invoke(app, ["location", "create", "--title", "X", "--owner", "no@x.test"])
    assert nobody.exit_code == 1


def test_ledger_reference_data(env: Path) -> None:
    location_id = runner.invoke(app, ["location", "create", "--title", "Shop"]).stdout.strip()
    made = {}
    for kind, extra in (
        ("storage", ["--for-service"]),
        ("account", ["--non-cash"]),
        ("unit", ["--short", "l"]),
        ("supplier", []),
        ("expense", []),
    ):
        r = runner.invoke(
            app, ["ledger", kind, "--location", location_id, "--title", f"New {kind}", *extra]
        )
        assert r.exit_code == 0, r.output
        made[kind] = int(r.stdout.strip())
    assert made["expense"] > 11
    missing = runner.invoke(app, ["ledger", "unit", "--location", "999", "--title", "x"])
    assert missing.exit_code == 1 and "no location" in missing.output
    again = runner.invoke(app, ["ledger", "defaults", "--location", location_id])
    assert again.exit_code == 0, again.output

    import asyncio

    from sqlalchemy import func, select

    from parlour.config import get_settings
    from parlour.db import Database
    from parlour.models import Account, Storage

    async def count() -> tuple[int, int]:
        db = Database(get_settings().database_url)
        try:
            async with db.session() as s:
                where = Storage.location_id == int(location_id)
                storages = (await s.execute(select(func.count()).where(where))).scalar_one()
                accounts = (
                    await s.execute(
                        select(func.count()).where(Account.location_id == int(location_id))
                    )
                ).scalar_one()
                return int(storages), int(accounts)
        finally:
            await db.dispose()

    # The location's defaults (2 + 2) at creation, the CLI's own, and the defaults again.
    assert asyncio.run(count()) == (5, 5)


def test_loyalty_card_type(env: Path) -> None:
    missing = runner.invoke(app, ["loyalty", "card-type", "--chain", "999", "--title", "Gold"])
    assert missing.exit_code == 1 and "no chain" in missing.output

    import asyncio

    from parlour.config import get_settings
    from parlour.db import Database
    from parlour.models import Chain, LoyaltyCardType

    async def chain() -> int:
        db = Database(get_settings().database_url)
        try:
            async with db.session(write=True) as s:
                row = Chain(title="Chain")
                s.add(row)
                await s.flush()
                return int(row.id)
        finally:
            await db.dispose()

    async def title_of(type_id: int) -> str | None:
        db = Database(get_settings().database_url)
        try:
            async with db.session() as s:
                row = await s.get(LoyaltyCardType, type_id)
                return row.title if row else None
        finally:
            await db.dispose()

    runner.invoke(app, ["migrate"])
    chain_id = asyncio.run(chain())
    made = runner.invoke(app, ["loyalty", "card-type", "--chain", str(chain_id), "--title", "Gold"])
    assert made.exit_code == 0, made.output
    assert asyncio.run(title_of(int(made.stdout.strip()))) == "Gold"


@pytest.mark.parametrize(
    ("env_changes", "expected"),
    [
        ({"PARLOUR_DATABASE_URL": "nonsense"}, "is not a database URL"),
        ({"PARLOUR_DATABASE_URL": "mysql://x@localhost/db"}, "only sqlite"),
        (
            {"PARLOUR_DATABASE_URL": "postgresql+asyncpg://postgres@127.0.0.1:1/none"},
            "cannot use the database",
        ),
        ({"PARLOUR_DATA_DIR": "{tmp}/a-file/data"}, "is not writable"),
    ],
)
def test_startup_problems_are_one_line(
    tmp_path: Path, env_changes: dict[str, str], expected: str
) -> None:
    import os
    import subprocess
    import sys

    (tmp_path / "a-file").write_text("not a folder")
    env = {
        **os.environ,
        "PARLOUR_DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path}/x.db",
        "PARLOUR_DATA_DIR": str(tmp_path / "data"),
        "PARLOUR_FILES_DIR": str(tmp_path / "data" / "files"),
    }
    env.update({k: v.format(tmp=tmp_path) for k, v in env_changes.items()})
    for command in (["migrate"], ["serve", "--port", "1"]):
        result = subprocess.run(
            [sys.executable, "-m", "parlour", *command],
            env=env,
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
        assert result.returncode == 2, result
        lines = result.stderr.strip().splitlines()
        assert len(lines) == 1 and expected in lines[0], result.stderr
        assert "Traceback" not in result.stderr


def test_outbox_lists_what_the_demo_asked_to_send(env: Path) -> None:
    demo = json.loads(runner.invoke(app, ["demo", "--json"]).output)
    result = runner.invoke(app, ["outbox", "--location", str(demo["location_id"])])
    assert result.exit_code == 0, result.output
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert [m["kind"] for m in lines] == ["user_invitation"]
    assert lines[0]["recipient"] == "admin@parlour.example" and "/invite/" in lines[0]["body"]
    assert all(m["location_id"] == demo["location_id"] and m["sent_at"] is None for m in lines)
    after = runner.invoke(app, ["outbox", "--after", str(lines[-1]["id"]), "--unsent"])
    assert after.exit_code == 0 and after.stdout.strip() == ""
