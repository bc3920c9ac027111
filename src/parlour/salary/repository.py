"""Salary queries, scoped to a location: schemes and their rules, assignments, payroll
calculations, and what the ledgers hold for one team member (records the client came to, goods
sales, salary payouts)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import selectinload

from parlour.errors import PayrollCalculationNotFound, SalarySchemeNotFound
from parlour.kit.repository import Scoped
from parlour.ledger_defaults import EXPENSE_SALARY
from parlour.models import (
    FinanceTransaction,
    GoodsTransaction,
    PayrollCalculation,
    Record,
    SalaryScheme,
    SalarySchemeAssignment,
    SalarySchemeRule,
    StorageDocument,
    TeamMember,
)
from parlour.models.ledgers import GOODS_SALE

SCHEMES = Scoped(SalaryScheme, not_found=SalarySchemeNotFound)
RULES = Scoped(SalarySchemeRule)
ASSIGNMENTS = Scoped(
    SalarySchemeAssignment,
    order_by=(SalarySchemeAssignment.date_start, SalarySchemeAssignment.id),
)
CALCULATIONS = Scoped(PayrollCalculation, not_found=PayrollCalculationNotFound)
PAYOUTS = Scoped(FinanceTransaction, order_by=(FinanceTransaction.date, FinanceTransaction.id))


async def rules_of(
    session: AsyncSession, location_id: int, scheme_ids: Iterable[int]
) -> dict[int, list[SalarySchemeRule]]:
    wanted = sorted(set(scheme_ids))
    out: dict[int, list[SalarySchemeRule]] = defaultdict(list)
    if not wanted:
        return out
    for rule in await RULES.all(session, location_id, SalarySchemeRule.scheme_id.in_(wanted)):
        out[rule.scheme_id].append(rule)
    return out


async def drop_rules(session: AsyncSession, location_id: int, scheme_id: int) -> None:
    for rule in await RULES.all(session, location_id, SalarySchemeRule.scheme_id == scheme_id):
        await session.delete(rule)
    await session.flush()


async def assignments_of(
    session: AsyncSession, location_id: int, team_member_id: int
) -> list[SalarySchemeAssignment]:
    return await ASSIGNMENTS.all(
        session, location_id, SalarySchemeAssignment.team_member_id == team_member_id
    )


async def calculations_of(
    session: AsyncSession, location_id: int, team_member_id: int
) -> list[PayrollCalculation]:
    return await CALCULATIONS.all(
        session, location_id, PayrollCalculation.team_member_id == team_member_id
    )


async def payouts_of(
    session: AsyncSession, location_id: int, team_member_id: int
) -> list[FinanceTransaction]:
    """The live salary lines (expense item 3) naming the team member."""
    return await PAYOUTS.all(
        session,
        location_id,
        FinanceTransaction.expense_id == EXPENSE_SALARY,
        FinanceTransaction.master_id == team_member_id,
    )


async def came_records(
    session: AsyncSession, location_id: int, team_member_id: int, start: datetime, end: datetime
) -> list[Record]:
    """The team member's live records in ``[start, end)`` the client came to (attendance 1),
    with their services."""
    stmt = (
        select(Record)
        .where(
            Record.location_id == location_id,
            Record.staff_id == team_member_id,
            Record.deleted.is_(False),
            Record.event_hold.is_(False),
            Record.attendance == 1,
            Record.start_at >= start,
            Record.start_at < end,
        )
        .options(selectinload(Record.services))
        .order_by(Record.start_at, Record.id)
    )
    return list((await session.execute(stmt)).scalars())


async def goods_sale_documents(
    session: AsyncSession, location_id: int, team_member_id: int, start: datetime, end: datetime
) -> list[StorageDocument]:
    """Live goods-sale documents dated in ``[start, end)`` with a line sold by the member."""
    sold = select(GoodsTransaction.document_id).where(
        GoodsTransaction.location_id == location_id,
        GoodsTransaction.master_id == team_member_id,
        GoodsTransaction.deleted.is_(False),
    )
    stmt = (
        select(StorageDocument)
        .where(
            StorageDocument.location_id == location_id,
            StorageDocument.type_id == GOODS_SALE,
            StorageDocument.deleted.is_(False),
            StorageDocument.create_date >= start,
            StorageDocument.create_date < end,
            StorageDocument.id.in_(sold),
        )
        .order_by(StorageDocument.create_date, StorageDocument.id)
    )
    return list((await session.execute(stmt)).scalars())


async def lock_member(session: AsyncSession, location_id: int, team_member_id: int) -> None:
    """Hold the team member's row until the transaction ends, so two payroll calculations of
    one member are made one after the other (SQLite: the write transaction already is)."""
    stmt = (
        select(TeamMember.id)
        .where(TeamMember.location_id == location_id, TeamMember.id == team_member_id)
        .with_for_update()
    )
    await session.execute(stmt)
