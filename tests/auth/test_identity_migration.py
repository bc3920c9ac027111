"""Migration 0009 turns each membership's nine flat rights into the full permission map of its
role (owner by default), keeping what the old flags refused, and back again."""

from __future__ import annotations

import asyncio
import json
from datetime import UTC, datetime
from typing import Any

from alembic import command
from sqlalchemy import text

from parlour.db import Database
from parlour.migrate import alembic_config
from parlour.models import Location
from tests.kit.test_money_migration import empty_url  # noqa: F401  (fixture)

OLD = {
    "settings_access": True,
    "clients_access": False,
    "timetable_access": True,
    "records_access": True,
    "finances_access": False,
    "storages_access": True,
    "users_access": True,
    "custom_fields_access": True,
    "online_booking_access": True,
    "payment_policy_update_access": True,
}


async def _arrange(url: str) -> None:
    db = Database(url)
    try:
        async with db.session(write=True) as s:
            location = Location(title="Old", timezone_name="UTC", social={}, phones=[], photos=[])
            s.add(location)
            await s.flush()
            now = datetime.now(UTC)
            user_id = await s.scalar(
                text(
                    "INSERT INTO app_user (name, login, email, phone, avatar, password_hash,"
                    " token_hash, is_approved, is_email_confirmed, created_at) VALUES"
                    " ('Old', 'old@salon.test', 'old@salon.test', NULL, '', 'x', 'digest',"
                    " true, false, :now) RETURNING id"
                ),
                {"now": now},
            )
            await s.execute(
                text(
                    "INSERT INTO membership (user_id, location_id, role, rights, created_at)"
                    " VALUES (:u, :l, 'owner', :rights, :now)"
                ),
                {"u": user_id, "l": location.id, "rights": json.dumps(OLD), "now": now},
            )
    finally:
        await db.dispose()


async def _column(url: str, name: str) -> dict[str, Any]:
    db = Database(url)
    try:
        async with db.session() as s:
            value = await s.scalar(text(f"SELECT {name} FROM membership"))
    finally:
        await db.dispose()
    return json.loads(value) if isinstance(value, str) else dict(value)


def test_flags_become_permissions_and_back(empty_url: str) -> None:  # noqa: F811
    config = alembic_config(empty_url)
    command.upgrade(config, "0008")
    asyncio.run(_arrange(empty_url))
    command.upgrade(config, "0009")
    values = asyncio.run(_column(empty_url, "permissions"))
    assert values["settings_access"] is True and values["master_create"] is True
    assert values["clients_access"] is False and values["client_phones_access"] is False
    assert values["finances_access"] is False and values["finances_last_days_count"] == 0
    assert values["record_form_access"] is True and values["storages_last_days_count"] == -1
    assert values["payment_policy_update_access"] is True
    assert values["billing_access"] is True  # the owner's role default
    command.downgrade(config, "0011")
    back = asyncio.run(_column(empty_url, "rights"))
    assert back == OLD
    command.upgrade(config, "head")
