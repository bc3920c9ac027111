"""Migration 0007 turns FLOAT amounts into NUMERIC(14, 2) without losing rows or values, on the
backend under test (a fresh database of its own, migrated up to the revision before 0007)."""

from __future__ import annotations

import asyncio
import os
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from alembic import command
from alembic.script import ScriptDirectory
from sqlalchemy import bindparam, func, select, text
from sqlalchemy.engine import make_url

from parlour.cache import store as cache
from parlour.db import Database
from parlour.migrate import alembic_config as _alembic_config
from parlour.models import (
    Client,
    Location,
    Record,
    RecordService,
    Service,
    ServiceTeamMember,
    TeamMember,
)
from parlour.models.base import UTCDateTime
from tests.fixtures.database import _pg_admin, _worker


@pytest.fixture
def empty_url(tmp_path: Path) -> Iterator[str]:
    base = os.environ.get("PARLOUR_TEST_DATABASE_URL")
    if not base:
        yield f"sqlite+aiosqlite:///{tmp_path}/money.db"
        return
    u = make_url(base)
    name = f"{u.database or 'parlour_test'}_money_{_worker()}_{os.getpid()}"
    asyncio.run(_pg_admin(base, f'DROP DATABASE IF EXISTS "{name}"'))
    asyncio.run(_pg_admin(base, f'CREATE DATABASE "{name}"'))
    try:
        yield u.set(database=name).render_as_string(hide_password=False)
    finally:
        asyncio.run(_pg_admin(base, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


def test_amounts_survive_the_migration(empty_url: str) -> None:
    config = _alembic_config(empty_url)
    before = ScriptDirectory.from_config(config).get_revision("0007").down_revision
    assert isinstance(before, str)
    command.upgrade(config, before)
    ids = asyncio.run(_arrange(empty_url))
    command.upgrade(config, "0007")
    asyncio.run(_check(empty_url, ids))
    # And back: the downgrade keeps the values too.
    command.downgrade(config, before)
    command.upgrade(config, "head")
    asyncio.run(_check(empty_url, ids))


async def _arrange(url: str) -> dict[str, int]:
    db = Database(url)
    try:
        async with db.session(write=True) as s:
            # The schema of 0006 has no cache counters to bump (cache/store.py).
            cache.untracked(s)
            # A location without users: memberships change shape after 0007 (0009).
            location = Location(title="Money", timezone_name="UTC", social={}, phones=[], photos=[])
            s.add(location)
            await s.flush()
            loc = location.id
            member = TeamMember(location_id=loc, name="Ann")
            service = Service(location_id=loc, title="Cut")
            s.add_all([member, service])
            await s.flush()
            # Written in SQL with this revision's columns only: the model also has columns
            # that later migrations add (client.search_name, 0008).
            client_id = await s.scalar(
                text(
                    "INSERT INTO client (location_id, name, surname, patronymic, phone, email,"
                    " sex_id, importance_id, discount, card, comment, sms_check, sms_not, spent,"
                    " balance, custom_fields, created_at, updated_at) VALUES (:loc, '', '', '',"
                    " '+13155550175', '', 0, 0, 0, '', '', false, false, 0, 0, '{}', :now, :now)"
                    " RETURNING id"
                ),
                {"loc": loc, "now": datetime.now(UTC)},
            )
            s.add(
                ServiceTeamMember(location_id=loc, service_id=service.id, team_member_id=member.id)
            )
            start = datetime(2030, 1, 7, 15, tzinfo=UTC)
            # In SQL too: the record model has columns of later migrations (0010).
            record_id = await s.scalar(
                text(
                    "INSERT INTO record (location_id, staff_id, client_id, start_at, end_at,"
                    " seance_length, technical_break_duration, attendance, confirmed, comment,"
                    " api_id, custom_color, online, sms_remain_hours, email_remain_hours,"
                    " custom_fields, record_labels, record_hash, exclusive, deleted, created_at,"
                    " updated_at) VALUES (:loc, :member, :client, :start, :end, 3600, 0, 0, true,"
                    " '', '', '', false, 0, 0, '{}', '[]', '', true, false, :start, :start)"
                    " RETURNING id"
                ).bindparams(
                    bindparam("start", type_=UTCDateTime()), bindparam("end", type_=UTCDateTime())
                ),
                {
                    "loc": loc,
                    "member": member.id,
                    "client": client_id,
                    "start": start,
                    "end": start + timedelta(hours=1),
                },
            )
            s.add(RecordService(record_id=record_id, service_id=service.id, amount=1))
            await s.flush()
            ids = {"service": service.id, "client": client_id, "member": member.id}
        # The old columns are FLOAT: write float arithmetic's results straight in SQL.
        async with db.engine.begin() as conn:
            await conn.execute(
                text(
                    "UPDATE service SET price_min = 0.1 + 0.2, price_max = 1234567890.125, "
                    "discount = 33.333, price_prepaid_amount = 12.5, price_prepaid_percent = 100 "
                    "WHERE id = :id"
                ),
                {"id": ids["service"]},
            )
            await conn.execute(
                text("UPDATE service_team_member SET price = 19.99, price_max = NULL"),
            )
            await conn.execute(
                text("UPDATE client SET spent = 71842, balance = -200.5, discount = 10"),
            )
            await conn.execute(text("UPDATE record_service SET first_cost = 0.1, cost = 12.345"))
        return ids
    finally:
        await db.dispose()


async def _check(url: str, ids: dict[str, int]) -> None:
    db = Database(url)
    try:
        async with db.session() as s:
            service = await s.get(Service, ids["service"])
            client = (
                await s.execute(
                    select(Client.spent, Client.balance, Client.discount).where(
                        Client.id == ids["client"]
                    )
                )
            ).one()
            link = (await s.execute(select(ServiceTeamMember))).scalar_one()
            assert service is not None and client is not None
            assert service.price_min == Decimal("0.30")
            assert service.price_max == Decimal("1234567890.13")  # half up, to the cent
            assert service.discount == Decimal("33.33")
            assert service.price_prepaid_amount == Decimal("12.50")
            assert service.price_prepaid_percent == Decimal("100")
            assert isinstance(service.price_min, Decimal)
            assert link.price == Decimal("19.99") and link.price_max is None
            assert (client.spent, client.balance, client.discount) == (
                Decimal("71842"),
                Decimal("-200.50"),
                Decimal("10"),
            )
            # Nothing that hangs off the rebuilt tables went away.
            assert await s.scalar(select(func.count()).select_from(ServiceTeamMember)) == 1
            assert await s.scalar(select(func.count()).select_from(Record)) == 1
            line = (await s.execute(select(RecordService))).scalar_one()
            assert (line.first_cost, line.cost) == (Decimal("0.10"), Decimal("12.35"))
    finally:
        await db.dispose()
