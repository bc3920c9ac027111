"""Sales queries, scoped to one location: the sale document, what it sells (a visit's
services and goods, or a goods sale's lines) and what paid for it (finance lines and the
non-cash payment lines)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from decimal import Decimal

from sqlalchemy import ColumnElement, bindparam, func, select, union_all
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import selectinload

from parlour.errors import DocumentNotFound, LoyaltyTransactionNotFound
from parlour.kit.repository import Scoped
from parlour.models import (
    Client,
    FinanceTransaction,
    GoodsTransaction,
    Record,
    SaleLoyaltyTransaction,
    Service,
    StorageDocument,
    Visit,
)
from parlour.models.base import MoneyType
from parlour.models.ledgers import VISIT

DOCUMENTS = Scoped(StorageDocument, not_found=DocumentNotFound)
LOYALTY = Scoped(
    SaleLoyaltyTransaction,
    not_found=LoyaltyTransactionNotFound,
    order_by=(SaleLoyaltyTransaction.id,),
)
FINANCE = Scoped(FinanceTransaction, order_by=(FinanceTransaction.id,))
VISITS = Scoped(Visit)
CLIENTS = Scoped(Client)
SERVICES = Scoped(Service)
GOODS = Scoped(GoodsTransaction, order_by=(GoodsTransaction.id,))


async def visit_document(
    session: AsyncSession, location_id: int, visit_id: int
) -> StorageDocument | None:
    rows = await DOCUMENTS.all(
        session,
        location_id,
        StorageDocument.visit_id == visit_id,
        StorageDocument.type_id == VISIT,
        order_by=(StorageDocument.id,),
    )
    return rows[0] if rows else None


async def visit_documents(
    session: AsyncSession, location_ids: Iterable[int], visit_ids: Iterable[int]
) -> dict[int, StorageDocument]:
    wanted = sorted(set(visit_ids))
    if not wanted:
        return {}
    rows = await DOCUMENTS.all(
        session,
        sorted(set(location_ids)),
        StorageDocument.visit_id.in_(wanted),
        StorageDocument.type_id == VISIT,
        order_by=(StorageDocument.id.desc(),),
    )
    return {r.visit_id: r for r in rows if r.visit_id is not None}


async def visit_records(session: AsyncSession, location_id: int, visit_id: int) -> list[Record]:
    stmt = (
        select(Record)
        .where(
            Record.location_id == location_id,
            Record.visit_id == visit_id,
            Record.deleted.is_(False),
            Record.event_hold.is_(False),
        )
        .options(selectinload(Record.services))
        .order_by(Record.start_at, Record.id)
    )
    return list((await session.execute(stmt)).scalars())


async def document_goods(
    session: AsyncSession, location_id: int, document_id: int
) -> list[GoodsTransaction]:
    return await GOODS.all(session, location_id, GoodsTransaction.document_id == document_id)


async def finance_of(
    session: AsyncSession, location_id: int, document_id: int
) -> list[FinanceTransaction]:
    return await FINANCE.all(session, location_id, FinanceTransaction.document_id == document_id)


async def loyalty_of(
    session: AsyncSession, location_id: int, document_id: int
) -> list[SaleLoyaltyTransaction]:
    return await LOYALTY.all(
        session, location_id, SaleLoyaltyTransaction.document_id == document_id
    )


# What was paid per record: live finance lines of a sale (income, naming the record) and live
# non-cash payment lines, in one statement built once.
_PAID = union_all(
    select(
        FinanceTransaction.record_id.label("record_id"),
        func.sum(FinanceTransaction.amount, type_=MoneyType).label("total"),
    )
    .where(
        FinanceTransaction.location_id.in_(bindparam("scope", expanding=True)),
        FinanceTransaction.record_id.in_(bindparam("ids", expanding=True)),
        FinanceTransaction.deleted.is_(False),
        FinanceTransaction.sold_item_type.in_(("service", "good")),
    )
    .group_by(FinanceTransaction.record_id),
    select(
        SaleLoyaltyTransaction.record_id,
        func.sum(SaleLoyaltyTransaction.amount, type_=MoneyType),
    )
    .where(
        SaleLoyaltyTransaction.location_id.in_(bindparam("scope", expanding=True)),
        SaleLoyaltyTransaction.record_id.in_(bindparam("ids", expanding=True)),
        SaleLoyaltyTransaction.deleted.is_(False),
    )
    .group_by(SaleLoyaltyTransaction.record_id),
)


async def paid_by_record(
    session: AsyncSession, location_ids: Iterable[int], record_ids: Iterable[int]
) -> dict[int, Decimal]:
    """What was paid for each record's items: live finance lines of a sale (income, naming
    the record) plus live non-cash payment lines."""
    ids = sorted(set(record_ids))
    out: dict[int, Decimal] = {}
    if not ids:
        return out
    params = {"scope": sorted(set(location_ids)), "ids": ids}
    for record_id, total in (await session.execute(_PAID, params)).all():
        if record_id is not None:
            out[record_id] = out.get(record_id, Decimal(0)) + Decimal(total or 0)
    return out


async def day_finance(
    session: AsyncSession, location_id: int, start: datetime, end: datetime
) -> list[FinanceTransaction]:
    return await FINANCE.all(
        session,
        location_id,
        FinanceTransaction.date >= start,
        FinanceTransaction.date < end,
    )


async def records_between(
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
    return list((await session.execute(stmt.order_by(Record.start_at, Record.id))).scalars())


async def lock_document(session: AsyncSession, location_id: int, document_id: int) -> None:
    """Queue this transaction behind any other one changing the payments of the same sale
    document, until it ends: what the sale still owes is then read after theirs (PostgreSQL:
    a row lock that leaves inserts referencing the document free; SQLite's ``BEGIN
    IMMEDIATE`` already lets one writer in at a time)."""
    await session.execute(
        select(StorageDocument.id)
        .where(StorageDocument.location_id == location_id, StorageDocument.id == document_id)
        .with_for_update(key_share=True)
    )
