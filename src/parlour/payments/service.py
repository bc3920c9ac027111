"""Payments rules: accounts (cash desks), expense items, finance transactions and balances."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from parlour.auth.access import Access
from parlour.clients import repository as clients_repo
from parlour.errors import ExpenseNotFound, ValidationFailed
from parlour.kit.money import ZERO, cents, wire
from parlour.kit.timeutil import iso, iso_compact, local_day_bounds, parse_datetime, utcnow, zone
from parlour.models import (
    Account,
    Client,
    Expense,
    FinanceTransaction,
    Location,
    Supplier,
    TeamMember,
)
from parlour.payments import repository as repo
from parlour.payments.schemas import AccountCreate, ExpenseCreate, FinanceWrite
from parlour.team_members import repository as members_repo

RIGHT = "finances_access"


# --- accounts and expense items -------------------------------------------------------------


async def render_accounts(
    session: AsyncSession, location: Location, rows: list[Account]
) -> list[dict[str, Any]]:
    totals = await repo.balances(session, location.id, [a.id for a in rows])
    return [
        {
            "id": a.id,
            "title": a.title,
            "type": a.type,
            "comment": a.comment,
            "is_cash": a.type == 0,
            "is_default": a.is_default,
            "balance": wire(totals.get(a.id, ZERO)),
        }
        for a in rows
    ]


async def list_accounts(session: AsyncSession, location: Location, access: Access) -> list[Account]:
    access.require(RIGHT)
    return await repo.ACCOUNTS.all(session, location.id)


async def create_account(
    session: AsyncSession, location: Location, access: Access, body: AccountCreate
) -> Account:
    access.require(RIGHT)
    if body.is_default:
        for other in await repo.ACCOUNTS.all(session, location.id):
            other.is_default = False
    row = Account(
        location_id=location.id,
        title=body.title.strip(),
        type=body.type,
        comment=body.comment,
        is_default=body.is_default,
        weight=body.weight,
    )
    session.add(row)
    await session.flush()
    return row


def render_expense(row: Expense) -> dict[str, Any]:
    return {"id": row.id, "title": row.title, "is_system": row.location_id is None}


async def list_expenses(session: AsyncSession, location: Location, access: Access) -> list[Expense]:
    access.require(RIGHT)
    return await repo.list_expenses(session, location.id)


async def create_expense(
    session: AsyncSession, location: Location, access: Access, body: ExpenseCreate
) -> Expense:
    access.require(RIGHT)
    row = Expense(location_id=location.id, title=body.title.strip())
    session.add(row)
    await session.flush()
    return row


# --- finance transactions -------------------------------------------------------------------


@dataclass(slots=True)
class Refs:
    """What finance lines name, loaded once for a batch of lines."""

    accounts: dict[int, Account]
    expenses: dict[int, Expense]
    clients: dict[int, Client]
    members: dict[int, TeamMember]
    suppliers: dict[int, Supplier]


async def load_refs(
    session: AsyncSession, location_id: int, rows: Sequence[FinanceTransaction]
) -> Refs:
    def ids(attr: str) -> set[int]:
        return {v for r in rows if (v := getattr(r, attr))}

    return Refs(
        accounts=await repo.ACCOUNTS.by_ids(
            session, location_id, ids("account_id"), with_deleted=True
        ),
        expenses=await repo.expenses_by_ids(session, location_id, ids("expense_id")),
        clients=await clients_repo.CLIENTS.by_ids(session, location_id, ids("client_id")),
        members=await members_repo.MEMBERS.by_ids(
            session, location_id, ids("master_id"), with_deleted=True
        ),
        suppliers=await repo.SUPPLIERS.by_ids(
            session, location_id, ids("supplier_id"), with_deleted=True
        ),
    )


def render_line(row: FinanceTransaction, refs: Refs, location: Location) -> dict[str, Any]:
    """One finance line with every field its several upstream samples show. A reference that
    is not set is ``[]``, as upstream's samples send it."""
    tz = zone(location.timezone_name)
    account = refs.accounts.get(row.account_id)
    expense = refs.expenses.get(row.expense_id)
    client = refs.clients.get(row.client_id) if row.client_id else None
    member = refs.members.get(row.master_id) if row.master_id else None
    supplier = refs.suppliers.get(row.supplier_id) if row.supplier_id else None
    return {
        "id": row.id,
        "document_id": row.document_id or 0,
        "date": iso(row.date, tz),
        "type_id": row.expense_id,
        "expense_id": row.expense_id,
        "account_id": row.account_id,
        "amount": wire(row.amount),
        "client_id": row.client_id or 0,
        "master_id": row.master_id or 0,
        "supplier_id": row.supplier_id or 0,
        "comment": row.comment,
        "item_id": row.sold_item_id or 0,
        "target_type_id": 0,
        "record_id": row.record_id or 0,
        "visit_id": row.visit_id or 0,
        "goods_transaction_id": row.goods_transaction_id or 0,
        "sold_item_id": row.sold_item_id or 0,
        "sold_item_type": row.sold_item_type,
        "last_change_date": iso_compact(row.updated_at, tz),
        "deleted": row.deleted,
        "expense": {"id": row.expense_id, "title": expense.title if expense else ""},
        "account": {
            "id": row.account_id,
            "title": account.title if account else "",
            "type": account.type if account else 0,
            "type_id": account.type if account else 0,
            "is_cash": bool(account and account.type == 0),
            "is_default": bool(account and account.is_default),
            "comment": account.comment if account else "",
            "company_id": row.location_id,
        },
        "client": {
            "id": client.id,
            "name": client.name,
            "phone": client.phone or "",
            "email": client.email,
        }
        if client
        else [],
        "master": {"id": member.id, "name": member.name, "title": member.name} if member else [],
        "supplier": {"id": supplier.id, "title": supplier.title} if supplier else [],
    }


async def render_lines(
    session: AsyncSession, location: Location, rows: Sequence[FinanceTransaction]
) -> list[dict[str, Any]]:
    refs = await load_refs(session, location.id, rows)
    return [render_line(r, refs, location) for r in rows]


async def _check_refs(
    session: AsyncSession,
    location: Location,
    *,
    account_id: int,
    expense_id: int,
    client_id: int = 0,
    master_id: int = 0,
    supplier_id: int = 0,
) -> None:
    if await repo.ACCOUNTS.get(session, location.id, account_id) is None:
        raise ValidationFailed.field("account_id", "no such account")
    try:
        await repo.load_expense(session, location.id, expense_id)
    except ExpenseNotFound:
        raise ValidationFailed.field("expense_id", "no such expense item") from None
    for field, scoped, value in (
        ("client_id", clients_repo.CLIENTS, client_id),
        ("master_id", members_repo.MEMBERS, master_id),
        ("supplier_id", repo.SUPPLIERS, supplier_id),
    ):
        if value and await scoped.get(session, location.id, value) is None:
            raise ValidationFailed.field(field, "not found in this location")


async def add_line(
    session: AsyncSession,
    location: Location,
    *,
    account_id: int,
    expense_id: int,
    amount: Decimal,
    date: datetime,
    user_id: int | None,
    client_id: int = 0,
    master_id: int = 0,
    supplier_id: int = 0,
    document_id: int | None = None,
    goods_transaction_id: int | None = None,
    record_id: int = 0,
    visit_id: int = 0,
    sold_item_type: str = "",
    sold_item_id: int | None = None,
    comment: str = "",
) -> FinanceTransaction:
    """Write one finance line (the checked references are the caller's)."""
    await _check_refs(
        session,
        location,
        account_id=account_id,
        expense_id=expense_id,
        client_id=client_id,
        master_id=master_id,
        supplier_id=supplier_id,
    )
    row = FinanceTransaction(
        location_id=location.id,
        document_id=document_id,
        expense_id=expense_id,
        account_id=account_id,
        amount=cents(amount),
        client_id=client_id or None,
        master_id=master_id or None,
        supplier_id=supplier_id or None,
        user_id=user_id,
        record_id=record_id or None,
        visit_id=visit_id or None,
        goods_transaction_id=goods_transaction_id,
        sold_item_type=sold_item_type,
        sold_item_id=sold_item_id,
        comment=comment,
        date=date,
    )
    session.add(row)
    await session.flush()
    return row


def _when(location: Location, value: str | None) -> datetime:
    if not value:
        return utcnow()
    return parse_datetime(value, zone(location.timezone_name), "date")


async def _check_links(session: AsyncSession, location: Location, body: FinanceWrite) -> None:
    if body.document_id and await repo.document_location(session, body.document_id) != location.id:
        raise ValidationFailed.field("document_id", "no such document")


async def create_line(
    session: AsyncSession, location: Location, access: Access, body: FinanceWrite
) -> FinanceTransaction:
    access.require(RIGHT)
    await _check_links(session, location, body)
    return await add_line(
        session,
        location,
        account_id=body.account_id,
        expense_id=body.expense_id,
        amount=body.amount,
        date=_when(location, body.date),
        user_id=access.user_id,
        client_id=body.client_id,
        master_id=body.master_id,
        supplier_id=body.supplier_id,
        document_id=body.document_id or None,
        record_id=body.record_id,
        visit_id=body.visit_id,
        comment=str(body.comment or ""),
    )


async def get_line(
    session: AsyncSession, location: Location, access: Access, line_id: int
) -> FinanceTransaction:
    access.require(RIGHT)
    return await repo.LINES.load(session, location.id, line_id)


async def update_line(
    session: AsyncSession, location: Location, access: Access, line_id: int, body: FinanceWrite
) -> FinanceTransaction:
    access.require(RIGHT)
    row = await repo.LINES.load(session, location.id, line_id)
    await _check_refs(
        session,
        location,
        account_id=body.account_id,
        expense_id=body.expense_id,
        client_id=body.client_id,
        master_id=body.master_id,
        supplier_id=body.supplier_id,
    )
    await _check_links(session, location, body)
    row.account_id = body.account_id
    row.expense_id = body.expense_id
    row.amount = body.amount
    row.client_id = body.client_id or None
    row.master_id = body.master_id or None
    row.supplier_id = body.supplier_id or None
    row.comment = str(body.comment or "")
    if body.date:
        row.date = _when(location, body.date)
    if body.record_id:
        row.record_id = body.record_id
    if body.visit_id:
        row.visit_id = body.visit_id
    if body.document_id:
        row.document_id = body.document_id
    await session.flush()
    return row


async def delete_line(
    session: AsyncSession, location: Location, access: Access, line_id: int
) -> None:
    """Soft: a deleted line leaves the balances and stays listed with ``deleted=1``."""
    access.require(RIGHT)
    row = await repo.LINES.load(session, location.id, line_id)
    row.deleted = True
    await session.flush()


async def list_lines(
    session: AsyncSession,
    location: Location,
    access: Access,
    filters: repo.LineFilters,
    *,
    offset: int,
    limit: int,
) -> tuple[list[FinanceTransaction], int]:
    access.require(RIGHT)
    return await repo.list_lines(session, location.id, filters, offset=offset, limit=limit)


async def lines_of(
    session: AsyncSession, location: Location, access: Access, filters: repo.LineFilters
) -> list[FinanceTransaction]:
    access.require(RIGHT)
    return await repo.all_lines(session, location.id, filters)


def day_bounds(
    location: Location, start: date | None, end: date | None
) -> tuple[datetime | None, datetime | None]:
    """The UTC bounds of the local days from ``start`` to ``end`` (both included)."""
    tz = zone(location.timezone_name)
    low = local_day_bounds(start, tz)[0] if start else None
    high = local_day_bounds(end, tz)[1] if end else None
    return low, high
