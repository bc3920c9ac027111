"""Payments queries, scoped to one location: accounts, expense items (the system items are
shared by every location), finance transactions and balances."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal

from sqlalchemy import ColumnElement, func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from parlour.errors import AccountNotFound, ExpenseNotFound
from parlour.kit.money import cents
from parlour.kit.repository import Scoped
from parlour.models import Account, Expense, FinanceTransaction
from parlour.models.base import MoneyType

ACCOUNTS = Scoped(Account, not_found=AccountNotFound, order_by=(Account.weight, Account.id))


def _expenses_of(location_id: int) -> ColumnElement[bool]:
    return or_(Expense.location_id == location_id, Expense.location_id.is_(None))


async def list_expenses(session: AsyncSession, location_id: int) -> list[Expense]:
    stmt = select(Expense).where(_expenses_of(location_id)).order_by(Expense.id)
    return list((await session.execute(stmt)).scalars())


async def load_expense(session: AsyncSession, location_id: int, expense_id: int) -> Expense:
    """A system item or one of the location's own, or ``ExpenseNotFound``."""
    stmt = select(Expense).where(Expense.id == expense_id, _expenses_of(location_id))
    row = (await session.execute(stmt)).scalar_one_or_none()
    if row is None:
        raise ExpenseNotFound()
    return row


async def expenses_by_ids(
    session: AsyncSession, location_id: int, ids: Iterable[int]
) -> dict[int, Expense]:
    wanted = sorted(set(ids))
    if not wanted:
        return {}
    stmt = select(Expense).where(Expense.id.in_(wanted), _expenses_of(location_id))
    return {row.id: row for row in (await session.execute(stmt)).scalars()}


async def balances(
    session: AsyncSession, location_id: int, account_ids: Iterable[int]
) -> dict[int, Decimal]:
    """Each account's balance: the sum of its live finance transactions."""
    wanted = sorted(set(account_ids))
    if not wanted:
        return {}
    stmt = (
        select(
            FinanceTransaction.account_id,
            func.sum(FinanceTransaction.amount, type_=MoneyType),
        )
        .where(
            FinanceTransaction.location_id == location_id,
            FinanceTransaction.account_id.in_(wanted),
            FinanceTransaction.deleted.is_(False),
        )
        .group_by(FinanceTransaction.account_id)
    )
    out = {account: cents(Decimal(0)) for account in wanted}
    for account, total in (await session.execute(stmt)).all():
        out[account] = cents(Decimal(total or 0))
    return out
