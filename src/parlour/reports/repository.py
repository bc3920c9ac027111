"""Z-report queries, scoped to one location: the day's live finance lines, its non-cash sale
payments and its records."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ColumnElement, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import selectinload

from parlour.kit.repository import Scoped
from parlour.models import (
    Account,
    Client,
    FinanceTransaction,
    Record,
    SaleLoyaltyTransaction,
    TeamMember,
)

LINES = Scoped(FinanceTransaction, order_by=(FinanceTransaction.date, FinanceTransaction.id))
LOYALTY = Scoped(SaleLoyaltyTransaction, order_by=(SaleLoyaltyTransaction.id,))
ACCOUNTS = Scoped(Account)
CLIENTS = Scoped(Client)
MEMBERS = Scoped(TeamMember)


async def income(
    session: AsyncSession, location_id: int, start: datetime, end: datetime
) -> list[FinanceTransaction]:
    """The day's live income lines (positive amounts)."""
    return await LINES.all(
        session,
        location_id,
        FinanceTransaction.date >= start,
        FinanceTransaction.date < end,
        FinanceTransaction.amount > 0,
    )


async def loyalty(
    session: AsyncSession, location_id: int, start: datetime, end: datetime
) -> list[SaleLoyaltyTransaction]:
    return await LOYALTY.all(
        session,
        location_id,
        SaleLoyaltyTransaction.created_at >= start,
        SaleLoyaltyTransaction.created_at < end,
    )


async def records(
    session: AsyncSession, location_id: int, start: datetime, end: datetime, staff_id: int | None
) -> list[Record]:
    conds: list[ColumnElement[bool]] = [
        Record.location_id == location_id,
        Record.deleted.is_(False),
        Record.event_hold.is_(False),
        Record.start_at >= start,
        Record.start_at < end,
    ]
    if staff_id:
        conds.append(Record.staff_id == staff_id)
    stmt = select(Record).where(*conds).options(selectinload(Record.services))
    return list((await session.execute(stmt)).scalars())
