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


def test_partner_and_user_create(env: Path) -> None:
    partner = runner.invoke(app, ["partner", "create", "--name", "widget"])
    assert partner.exit_code == 0, partner.output
    assert len(partner.output.strip()) == 32
    demo = json.loads(runner.invoke(app, ["demo", "--json"]).output)
    user = runner.invoke(
        app,
        [
            "user",
            "create",
            "--login",
            "ann@example.com",
            "--password",
            "pw-12345",
            "--location",
            str(demo["location_id"]),
        ],
    )
    assert user.exit_code == 0, user.output
    token = user.output.strip()
    dup = runner.invoke(
        app, ["user", "create", "--login", "ann@example.com", "--password", "pw-12345"]
    )
    assert dup.exit_code == 1 and "already exists" in dup.output
    changed = runner.invoke(
        app, ["user", "password", "--login", "ann@example.com", "--password", "pw-67890"]
    )
    assert changed.exit_code == 0 and changed.output.strip() != token
    missing = runner.invoke(
        app, ["user", "password", "--login", "nobody@example.com", "--password", "x1234"]
    )
    assert missing.exit_code == 1
