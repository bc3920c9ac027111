"""Payments rules: accounts (cash desks), expense items, finance transactions and balances."""

from __future__ import annotations

from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from parlour.auth.access import Access
from parlour.kit.money import ZERO, wire
from parlour.models import Account, Expense, Location
from parlour.payments import repository as repo
from parlour.payments.schemas import AccountCreate, ExpenseCreate

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
