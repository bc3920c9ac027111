"""Inventory queries, scoped to one location: storages, suppliers, documents, goods
transactions, bills of materials and appointment consumables."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from sqlalchemy import ColumnElement, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from parlour.errors import (
    DocumentNotFound,
    GoodsTransactionNotFound,
    RecordNotFound,
    StorageNotFound,
    TechnologicalCardNotFound,
)
from parlour.kit.repository import Scoped
from parlour.models import (
    GoodsTransaction,
    Location,
    Record,
    RecordConsumable,
    RecordService,
    RecordServiceCard,
    ServiceTeamMember,
    Storage,
    StorageDocument,
    Supplier,
    TechnologicalCard,
    TechnologicalCardItem,
)
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


CARDS = Scoped(TechnologicalCard, not_found=TechnologicalCardNotFound)
CARD_ITEMS = Scoped(TechnologicalCardItem, order_by=(TechnologicalCardItem.id,))
RECORDS = Scoped(Record, not_found=RecordNotFound)
RECORD_CARDS = Scoped(RecordServiceCard)
CONSUMABLES = Scoped(RecordConsumable, order_by=(RecordConsumable.id,))


async def card_items(
    session: AsyncSession, location_id: int, card_ids: Iterable[int]
) -> dict[int, list[TechnologicalCardItem]]:
    ids = sorted(set(card_ids))
    out: dict[int, list[TechnologicalCardItem]] = {i: [] for i in ids}
    if not ids:
        return out
    for item in await CARD_ITEMS.all(
        session, location_id, TechnologicalCardItem.technological_card_id.in_(ids)
    ):
        out[item.technological_card_id].append(item)
    return out


async def record_service_ids(session: AsyncSession, record_id: int) -> list[int]:
    """The services of an appointment, in its order."""
    stmt = (
        select(RecordService.service_id)
        .where(RecordService.record_id == record_id)
        .order_by(RecordService.id)
    )
    return list(dict.fromkeys(int(s) for s in (await session.execute(stmt)).scalars()))


async def default_card(
    session: AsyncSession, location_id: int, member_id: int, service_id: int
) -> TechnologicalCard | None:
    """The team member's card for the service (their link's), else the service's own."""
    stmt = select(ServiceTeamMember.technological_card_id).where(
        ServiceTeamMember.location_id == location_id,
        ServiceTeamMember.service_id == service_id,
        ServiceTeamMember.team_member_id == member_id,
    )
    linked = (await session.execute(stmt)).scalar_one_or_none()
    if linked:
        card = await CARDS.get(session, location_id, int(linked))
        if card is not None:
            return card
    found = await CARDS.all(session, location_id, TechnologicalCard.service_id == service_id)
    return found[0] if found else None


async def record_card(
    session: AsyncSession, location_id: int, record_id: int, service_id: int
) -> RecordServiceCard | None:
    stmt = RECORD_CARDS.select(
        location_id,
        RecordServiceCard.record_id == record_id,
        RecordServiceCard.service_id == service_id,
    )
    return (await session.execute(stmt)).scalar_one_or_none()


async def consumables_of(
    session: AsyncSession, location_id: int, record_id: int, service_id: int
) -> list[RecordConsumable]:
    return await CONSUMABLES.all(
        session,
        location_id,
        RecordConsumable.record_id == record_id,
        RecordConsumable.service_id == service_id,
    )
