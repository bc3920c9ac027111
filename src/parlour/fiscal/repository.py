"""Fiscal queries: a location's provider settings and its receipts (kkm transactions)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from sqlalchemy import ColumnElement, select
from sqlalchemy.ext.asyncio import AsyncSession

from parlour.kit.repository import Scoped, paginate
from parlour.models import KkmSettings, KkmTransaction

SETTINGS = Scoped(KkmSettings)
RECEIPTS = Scoped(
    KkmTransaction, order_by=(KkmTransaction.print_date.desc(), KkmTransaction.id.desc())
)


async def settings(session: AsyncSession, location_id: int) -> KkmSettings | None:
    rows = await SETTINGS.all(session, location_id, order_by=(KkmSettings.id,))
    return rows[0] if rows else None


async def of_documents(
    session: AsyncSession, location_ids: Iterable[int], document_ids: Iterable[int]
) -> list[KkmTransaction]:
    wanted = sorted(set(document_ids))
    if not wanted:
        return []
    return await RECEIPTS.all(
        session,
        sorted(set(location_ids)),
        KkmTransaction.document_id.in_(wanted),
        order_by=(KkmTransaction.id,),
    )


async def page(
    session: AsyncSession,
    location_id: int,
    *,
    type_id: int | None,
    status_id: int | None,
    start: datetime | None,
    end: datetime | None,
    offset: int,
    limit: int,
) -> tuple[list[KkmTransaction], int]:
    conds: list[ColumnElement[bool]] = []
    if type_id is not None:
        conds.append(KkmTransaction.type_id == type_id)
    if status_id is not None:
        conds.append(KkmTransaction.status_id == status_id)
    if start is not None:
        conds.append(KkmTransaction.print_date >= start)
    if end is not None:
        conds.append(KkmTransaction.print_date < end)
    stmt = RECEIPTS.select(location_id, *conds)
    return await paginate(session, stmt, offset=offset, limit=limit, order_by=RECEIPTS.order_by)


async def by_uid(session: AsyncSession, uid: str) -> KkmTransaction | None:
    """The receipt the provider's callback names (its id is the credential: no location)."""
    stmt = select(KkmTransaction).where(KkmTransaction.uid == uid).with_for_update()
    return (await session.execute(stmt)).scalar_one_or_none()
