"""Z-report queries, scoped to one location: the day's live finance lines, its non-cash sale
payments and its records."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from parlour.kit.repository import Scoped
from parlour.models import (
    Account,
    Client,
    FinanceTransaction,
    Record,
    SaleLoyaltyTransaction,
    TeamMember,
)
from parlour.sales import repository as sales_repo

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
    """The day's live records (of one team member when ``staff_id``), with their services."""
    return await sales_repo.records_between(session, location_id, start, end, staff_id)
