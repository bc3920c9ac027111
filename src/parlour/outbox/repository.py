"""SQL for the outbox."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from parlour.kit.repository import Scoped
from parlour.models import OutboxMessage

MESSAGES = Scoped(OutboxMessage, order_by=(OutboxMessage.id,))


async def of_location(
    session: AsyncSession, location_id: int, *, after_id: int = 0, limit: int = 100
) -> Sequence[OutboxMessage]:
    stmt = MESSAGES.select(location_id).where(OutboxMessage.id > after_id).limit(limit)
    return (await session.execute(stmt)).scalars().all()


async def every(
    session: AsyncSession, *, after_id: int = 0, limit: int = 100, unsent: bool = False
) -> Sequence[OutboxMessage]:
    """Every location's messages and those of no location (the operator's view)."""
    stmt = select(OutboxMessage).where(OutboxMessage.id > after_id)
    if unsent:
        stmt = stmt.where(OutboxMessage.sent_at.is_(None))
    stmt = stmt.order_by(OutboxMessage.id).limit(limit)
    return (await session.execute(stmt)).scalars().all()
