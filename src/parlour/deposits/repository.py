"""Deposit queries, scoped to a chain: types, client accounts, their ledger. A balance changes
only through ``change_balance``: one conditional UPDATE, so two locations spending the same
deposit at once never take more than it holds (the database serialises the two updates)."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal

from sqlalchemy import ColumnElement, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from parlour.errors import DepositNotFound, DepositTypeNotFound
from parlour.kit.repository import Scoped, paginate
from parlour.models import (
    BookingSettings,
    Chain,
    Client,
    Deposit,
    DepositTransaction,
    DepositType,
    User,
)

TYPES = Scoped(DepositType, not_found=DepositTypeNotFound, scope="chain_id")
DEPOSITS = Scoped(Deposit, not_found=DepositNotFound, scope="chain_id")
HISTORY = Scoped(
    DepositTransaction,
    scope="chain_id",
    order_by=(DepositTransaction.created_at.desc(), DepositTransaction.id.desc()),
)


async def of_phone(session: AsyncSession, chain_id: int, phone: str) -> list[Deposit]:
    return await DEPOSITS.all(session, chain_id, Deposit.phone == phone)


async def page(
    session: AsyncSession,
    chain_id: int,
    *,
    balance_from: Decimal | None,
    balance_to: Decimal | None,
    offset: int,
    limit: int,
) -> tuple[list[Deposit], int]:
    conds: list[ColumnElement[bool]] = []
    if balance_from is not None:
        conds.append(Deposit.balance >= balance_from)
    if balance_to is not None:
        conds.append(Deposit.balance <= balance_to)
    stmt = DEPOSITS.select(chain_id, *conds)
    return await paginate(session, stmt, offset=offset, limit=limit, order_by=(Deposit.id,))


async def types_by_ids(
    session: AsyncSession, chain_id: int, ids: Iterable[int]
) -> dict[int, DepositType]:
    return await TYPES.by_ids(session, chain_id, ids, with_deleted=True)


async def change_balance(
    session: AsyncSession, chain_id: int, deposit_id: int, amount: Decimal
) -> bool:
    """Add ``amount`` (negative: take) to a live, unblocked deposit's balance; False when the
    deposit would go below zero (nothing changes then)."""
    stmt = (
        update(Deposit)
        .where(
            Deposit.id == deposit_id,
            Deposit.chain_id == chain_id,
            Deposit.deleted.is_(False),
            Deposit.blocked.is_(False),
            Deposit.balance + amount >= 0,
        )
        .values(balance=Deposit.balance + amount)
        .execution_options(synchronize_session=False)
    )
    result = await session.execute(stmt)
    return bool(getattr(result, "rowcount", 0))


async def history(
    session: AsyncSession, chain_id: int, deposit_id: int
) -> list[DepositTransaction]:
    return await HISTORY.all(session, chain_id, DepositTransaction.deposit_id == deposit_id)


async def owners(session: AsyncSession, client_ids: Iterable[int]) -> dict[int, Client]:
    """The client cards deposits were opened for (each in some location of the chain)."""
    wanted = sorted(set(client_ids))
    if not wanted:
        return {}
    stmt = select(Client).where(Client.id.in_(wanted))
    return {c.id: c for c in (await session.execute(stmt)).scalars()}


async def chain(session: AsyncSession, chain_id: int) -> Chain | None:
    return await session.get(Chain, chain_id) if chain_id else None


async def online_settings(session: AsyncSession, location_id: int) -> BookingSettings | None:
    stmt = select(BookingSettings).where(BookingSettings.location_id == location_id)
    return (await session.execute(stmt)).scalars().first()


async def user(session: AsyncSession, user_id: int) -> User | None:
    return await session.get(User, user_id)
