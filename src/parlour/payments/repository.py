"""Payments queries, scoped to one location: accounts, expense items (the system items are
shared by every location), finance transactions and balances."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from sqlalchemy import ColumnElement, func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from parlour.errors import (
    AccountNotFound,
    ExpenseNotFound,
    FinanceTransactionNotFound,
    SupplierNotFound,
)
from parlour.kit.money import cents
from parlour.kit.repository import Scoped
from parlour.models import Account, Expense, FinanceTransaction, StorageDocument, Supplier
from parlour.models.base import MoneyType

# Suppliers are named by goods lines and finance lines alike; inventory reads them here.
SUPPLIERS = Scoped(Supplier, not_found=SupplierNotFound)
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


LINES = Scoped(
    FinanceTransaction,
    not_found=FinanceTransactionNotFound,
    order_by=(FinanceTransaction.date.desc(), FinanceTransaction.id.desc()),
)


@dataclass(frozen=True, slots=True)
class LineFilters:
    account_id: int | None = None
    supplier_id: int | None = None
    client_id: int | None = None
    user_id: int | None = None
    master_id: int | None = None
    expense_id: int | None = None
    document_id: int | None = None
    record_id: int | None = None
    visit_id: int | None = None
    start: datetime | None = None
    end: datetime | None = None
    # 0: any, 1: positive amounts, 2: negative amounts.
    balance_is: int = 0
    deleted: bool = False


def _conditions(f: LineFilters) -> list[ColumnElement[bool]]:
    conds: list[ColumnElement[bool]] = [FinanceTransaction.deleted.is_(f.deleted)]
    for column, value in (
        (FinanceTransaction.account_id, f.account_id),
        (FinanceTransaction.supplier_id, f.supplier_id),
        (FinanceTransaction.client_id, f.client_id),
        (FinanceTransaction.user_id, f.user_id),
        (FinanceTransaction.master_id, f.master_id),
        (FinanceTransaction.expense_id, f.expense_id),
        (FinanceTransaction.document_id, f.document_id),
        (FinanceTransaction.record_id, f.record_id),
        (FinanceTransaction.visit_id, f.visit_id),
    ):
        if value:
            conds.append(column == value)
    if f.start is not None:
        conds.append(FinanceTransaction.date >= f.start)
    if f.end is not None:
        conds.append(FinanceTransaction.date < f.end)
    if f.balance_is == 1:
        conds.append(FinanceTransaction.amount > 0)
    elif f.balance_is == 2:
        conds.append(FinanceTransaction.amount < 0)
    return conds


async def list_lines(
    session: AsyncSession, location_id: int, f: LineFilters, *, offset: int, limit: int
) -> tuple[list[FinanceTransaction], int]:
    stmt = LINES.select(location_id, *_conditions(f), with_deleted=True)
    return await LINES.paginate(session, stmt, offset=offset, limit=limit)


async def all_lines(
    session: AsyncSession, location_id: int, f: LineFilters
) -> list[FinanceTransaction]:
    return await LINES.all(session, location_id, *_conditions(f), with_deleted=True)


async def document_location(session: AsyncSession, document_id: int) -> int | None:
    """The location of a live stock document (its finance lines are read by document id)."""
    stmt = select(StorageDocument.location_id).where(
        StorageDocument.id == document_id, StorageDocument.deleted.is_(False)
    )
    found = (await session.execute(stmt)).scalar_one_or_none()
    return int(found) if found is not None else None


async def soft_delete_lines(
    session: AsyncSession,
    location_id: int,
    *,
    document_id: int | None = None,
    goods_transaction_ids: Iterable[int] = (),
) -> None:
    """Delete (softly) the live finance lines of a document or of some goods lines."""
    conds: list[ColumnElement[bool]] = []
    if document_id is not None:
        conds.append(FinanceTransaction.document_id == document_id)
    ids = sorted(set(goods_transaction_ids))
    if ids:
        conds.append(FinanceTransaction.goods_transaction_id.in_(ids))
    if not conds:
        return
    for row in await LINES.all(session, location_id, or_(*conds)):
        row.deleted = True


async def lines_for_goods(
    session: AsyncSession, location_id: int, goods_transaction_id: int
) -> list[FinanceTransaction]:
    """The live finance lines paid for one goods line."""
    return await LINES.all(
        session, location_id, FinanceTransaction.goods_transaction_id == goods_transaction_id
    )
