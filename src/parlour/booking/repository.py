"""Statements of the booking write path that belong to no other section."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from parlour.models import Location


async def hold_for_bookings(session: AsyncSession, location_id: int) -> None:
    """Queue this transaction behind any other one writing appointments of the location, until
    it ends (PostgreSQL: a row lock on the location; SQLite's ``BEGIN IMMEDIATE`` already lets
    one writer in at a time).

    Call it before checking for overlaps: the check then sees every booking committed before,
    and concurrent bookings never meet inside the exclusion constraint, where PostgreSQL
    resolves them only by deadlock detection (a second per pair, 500s before retries).
    ``FOR NO KEY UPDATE`` leaves rows that merely reference the location free to be written.
    """
    await session.execute(
        select(Location.id).where(Location.id == location_id).with_for_update(key_share=True)
    )
