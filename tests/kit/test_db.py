"""Sessions: reads and writes, the SQLite inline read path, the partner-token cache."""

from __future__ import annotations

import httpx
import pytest
from sqlalchemy import select, text, update
from sqlalchemy.exc import OperationalError

from parlour.cache import store as cache
from parlour.db import Database
from parlour.models import Chain, Partner
from tests.fixtures.factories import Tenant


async def test_read_session_sees_committed_writes(database: Database) -> None:
    async with database.session(write=True) as s:
        s.add(Chain(title="seen"))
    async with database.session() as s:
        titles = (await s.execute(select(Chain.title))).scalars().all()
    assert "seen" in titles


async def test_sqlite_read_sessions_cannot_write(database: Database) -> None:
    if database.dialect != "sqlite":
        pytest.skip("the inline read-only engine exists for SQLite only")
    assert database.read_engine is not None
    with pytest.raises(OperationalError):
        async with database.session() as s:
            await s.execute(
                text("INSERT INTO chain (title, created_at) VALUES ('x', '2026-01-01')")
            )
    async with database.session() as s:
        assert (await s.execute(select(Chain).where(Chain.title == "x"))).first() is None


async def test_deactivated_partner_is_refused_at_once(
    client: httpx.AsyncClient, database: Database, world: Tenant
) -> None:
    url = f"/company/{world.location_id}"
    assert (await client.get(url, headers=world.partner_headers)).status_code == 200
    assert (await client.get(url, headers=world.partner_headers)).status_code == 200  # cached
    async with database.session(write=True) as s:
        await s.execute(update(Partner).values(active=False))
    # The change bumped the identities' counter: the very next request reads the row again.
    assert (await client.get(url, headers=world.partner_headers)).status_code == 401


async def test_unknown_tokens_are_not_cached(client: httpx.AsyncClient, world: Tenant) -> None:
    cache.forget()
    for n in range(5):
        r = await client.get(
            f"/company/{world.location_id}", headers={"Authorization": f"Bearer junk-{n}"}
        )
        assert r.status_code == 401
    assert not cache._identities.partners
