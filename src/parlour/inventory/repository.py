"""Inventory queries, scoped to one location: storages, suppliers, documents, goods
transactions, bills of materials and appointment consumables."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ColumnElement, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from parlour.errors import DocumentNotFound, GoodsTransactionNotFound, StorageNotFound
from parlour.kit.repository import Scoped
from parlour.models import GoodsTransaction, Location, Storage, StorageDocument, Supplier
from parlour.payments.repository import SUPPLIERS

STORAGES = Scoped(Storage, not_found=StorageNotFound, order_by=(Storage.weight, Storage.id))


async def list_storages(session: AsyncSession, location_id: int) -> list[Storage]:
    return await STORAGES.all(session, location_id)


async def list_suppliers(session: AsyncSession, location_id: int) -> list[Supplier]:
    return await SUPPLIERS.all(session, location_id)


DOCUMENTS = Scoped(StorageDocument, not_found=DocumentNotFound)
LINES = Scoped(
    GoodsTransaction,
    not_found=GoodsTransactionNotFound,
    order_by=(GoodsTransaction.create_date.desc(), GoodsTransaction.id.desc()),
)


async def hold_ledger(session: AsyncSession, location_id: int) -> None:
    """Queue this transaction behind any other one writing the location's stock ledger until
    it ends (PostgreSQL: a row lock on the location; SQLite lets one writer in at a time), so
    document numbers never collide and each write sees the lines committed before it."""
    await session.execute(
        select(Location.id).where(Location.id == location_id).with_for_update(key_share=True)
    )


async def next_document_number(session: AsyncSession, location_id: int) -> int:
    stmt = select(func.max(StorageDocument.number)).where(
        StorageDocument.location_id == location_id
    )
    return int((await session.execute(stmt)).scalar_one() or 0) + 1


async def document_lines(
    session: AsyncSession, location_id: int, document_id: int
) -> list[GoodsTransaction]:
    return await LINES.all(
        session,
        location_id,
        GoodsTransaction.document_id == document_id,
        order_by=(GoodsTransaction.id,),
    )


async def search_lines(
    session: AsyncSession,
    location_id: int,
    *,
    start: datetime | None,
    end: datetime | None,
    document_id: int | None,
    changed_after: datetime | None,
    changed_before: datetime | None,
    offset: int,
    limit: int,
) -> tuple[list[GoodsTransaction], int]:
    conds: list[ColumnElement[bool]] = []
    if start is not None:
        conds.append(GoodsTransaction.create_date >= start)
    if end is not None:
        conds.append(GoodsTransaction.create_date < end)
    if document_id:
        conds.append(GoodsTransaction.document_id == document_id)
    if changed_after is not None:
        conds.append(GoodsTransaction.updated_at >= changed_after)
    if changed_before is not None:
        conds.append(GoodsTransaction.updated_at <= changed_before)
    stmt = LINES.select(location_id, *conds)
    return await LINES.paginate(session, stmt, offset=offset, limit=limit)
