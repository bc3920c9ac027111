"""Bills of materials ("technological cards") and the consumables of appointments.

A service of an appointment uses the bill of materials of its team member's link, else the
service's own card, until someone sets its consumables or removes its card. When the visit is
completed (attendance 1) the consumables are written off: a consumables document (type 8) with
one goods line per consumable, in service units, from its storage. Leaving "completed", or
removing the consumables, gives them back (the lines are deleted softly).
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from parlour.auth.access import Access
from parlour.errors import ValidationFailed
from parlour.inventory import repository as repo
from parlour.inventory import service as inventory_service
from parlour.inventory.schemas import CardCreate, CardItemIn, ConsumableIn
from parlour.kit.money import cents, wire
from parlour.kit.timeutil import utcnow
from parlour.models import (
    GoodsTransaction,
    Location,
    Product,
    Record,
    RecordConsumable,
    RecordServiceCard,
    StorageDocument,
    TechnologicalCard,
    TechnologicalCardItem,
    Unit,
)
from parlour.models.ledgers import CONSUMABLES, SERVICE_UNIT
from parlour.products import repository as products_repo
from parlour.services import repository as services_repo
from parlour.team_members import repository as members_repo

RIGHT = "storages_access"
COMPLETED = 1


# --- rendering -----------------------------------------------------------------------------


async def _products(
    session: AsyncSession, location_id: int, good_ids: set[int]
) -> tuple[dict[int, Product], dict[int, Unit]]:
    products = await products_repo.PRODUCTS.by_ids(
        session, location_id, good_ids, with_deleted=True
    )
    units = await products_repo.UNITS.by_ids(
        session, location_id, {p.service_unit_id for p in products.values()}
    )
    return products, units


def _price(product: Product | None, amount: Decimal) -> Decimal:
    """The cost price of ``amount`` service units."""
    if product is None:
        return Decimal(0)
    return cents(product.actual_cost / (product.unit_equals or Decimal(1)) * amount)


def _good(product: Product | None, units: dict[int, Unit]) -> dict[str, Any]:
    unit = units.get(product.service_unit_id) if product else None
    return {
        "id": product.id if product else 0,
        "title": product.title if product else "",
        "unit": unit.short_title if unit else "",
    }


async def render_cards(
    session: AsyncSession, location: Location, cards: Sequence[TechnologicalCard]
) -> list[dict[str, Any]]:
    items = await repo.card_items(session, location.id, [c.id for c in cards])
    products, units = await _products(
        session, location.id, {i.good_id for rows in items.values() for i in rows}
    )
    out = []
    for card in cards:
        rows = []
        for item in items.get(card.id, []):
            product = products.get(item.good_id)
            good = _good(product, units)
            rows.append(
                {
                    "id": item.id,
                    "technological_card_id": card.id,
                    "good_id": item.good_id,
                    "storage_id": item.storage_id,
                    "amount": wire(item.amount),
                    "price": wire(_price(product, item.amount)),
                    "title": good["title"],
                    "unit": good["unit"],
                    "good": good,
                }
            )
        out.append(
            {
                "id": card.id,
                "title": card.title,
                "service_id": card.service_id or 0,
                "technological_card_items": rows,
            }
        )
    return out


async def _render_entry(
    session: AsyncSession,
    location: Location,
    record: Record,
    service_id: int,
    card: TechnologicalCard | None,
    consumables: Sequence[RecordConsumable],
) -> dict[str, Any]:
    products, units = await _products(session, location.id, {c.good_id for c in consumables})
    return {
        "record_id": record.id,
        "service_id": service_id,
        "technological_cards": await render_cards(session, location, [card] if card else []),
        "consumables": [
            {
                "record_id": record.id,
                "service_id": service_id,
                "good_id": c.good_id,
                "storage_id": c.storage_id,
                "amount": wire(c.amount),
                "price": wire(_price(products.get(c.good_id), c.amount)),
                "goods_transaction_id": c.goods_transaction_id or 0,
                "good": _good(products.get(c.good_id), units),
            }
            for c in consumables
        ],
    }


# --- bills of materials --------------------------------------------------------------------


async def _consumables_storage(session: AsyncSession, location_id: int) -> int:
    storages = await repo.STORAGES.all(session, location_id)
    chosen = next((s for s in storages if s.for_service), storages[0] if storages else None)
    if chosen is None:
        raise ValidationFailed.field("storage_id", "the location has no storage")
    return chosen.id


async def _check_items(
    session: AsyncSession,
    location: Location,
    items: Sequence[CardItemIn | ConsumableIn],
    field: str,
) -> list[tuple[int, int, Decimal]]:
    """(good_id, storage_id, amount) of each item, checked; storage 0: the consumables one."""
    out = []
    for index, item in enumerate(items):
        where = f"{field}[{index}]."
        product = await products_repo.PRODUCTS.get(session, location.id, item.good_id)
        if product is None:
            raise ValidationFailed.field(f"{where}good_id", "no such product")
        if not product.counts_stock:
            raise ValidationFailed.field(f"{where}good_id", inventory_service.RIGHT_ITEM)
        storage = item.storage_id or await _consumables_storage(session, location.id)
        if await repo.STORAGES.get(session, location.id, storage) is None:
            raise ValidationFailed.field(f"{where}storage_id", "no such storage")
        if item.amount <= 0:
            raise ValidationFailed.field(f"{where}amount", "must be greater than 0")
        out.append((item.good_id, storage, item.amount))
    return out


async def list_cards(
    session: AsyncSession, location: Location, access: Access
) -> list[dict[str, Any]]:
    access.require(RIGHT)
    return await render_cards(session, location, await repo.CARDS.all(session, location.id))


async def create_card(
    session: AsyncSession, location: Location, access: Access, body: CardCreate
) -> TechnologicalCard:
    access.require(RIGHT)
    if (
        body.service_id
        and await services_repo.SERVICES.get(session, location.id, body.service_id) is None
    ):
        raise ValidationFailed.field("service_id", "no such service")
    items = await _check_items(
        session, location, body.technological_card_items, "technological_card_items"
    )
    card = TechnologicalCard(
        location_id=location.id, title=body.title.strip(), service_id=body.service_id or None
    )
    session.add(card)
    await session.flush()
    for good_id, storage_id, amount in items:
        session.add(
            TechnologicalCardItem(
                location_id=location.id,
                technological_card_id=card.id,
                good_id=good_id,
                storage_id=storage_id,
                amount=amount,
            )
        )
    await session.flush()
    return card


async def default_card(
    session: AsyncSession, location: Location, access: Access, member_id: int, service_id: int
) -> dict[str, Any]:
    access.require(RIGHT)
    await members_repo.MEMBERS.load(session, location.id, member_id)
    await services_repo.SERVICES.load(session, location.id, service_id)
    card = await repo.default_card(session, location.id, member_id, service_id)
    if card is None:
        raise repo.CARDS.not_found()
    return (await render_cards(session, location, [card]))[0]


# --- an appointment's consumables ----------------------------------------------------------


async def _state(
    session: AsyncSession, location: Location, record: Record, service_id: int
) -> tuple[RecordServiceCard | None, TechnologicalCard | None, list[RecordConsumable]]:
    """The service's card and consumables: as set, or the default card's items (not yet
    stored)."""
    chosen = await repo.record_card(session, location.id, record.id, service_id)
    stored = await repo.consumables_of(session, location.id, record.id, service_id)
    if chosen is not None:
        card = (
            await repo.CARDS.get(session, location.id, chosen.technological_card_id)
            if chosen.technological_card_id
            else None
        )
        return chosen, card, stored
    card = await repo.default_card(session, location.id, record.staff_id, service_id)
    if stored or card is None:
        return None, card, stored
    items = (await repo.card_items(session, location.id, [card.id]))[card.id]
    derived = [
        RecordConsumable(
            location_id=location.id,
            record_id=record.id,
            service_id=service_id,
            good_id=i.good_id,
            storage_id=i.storage_id,
            amount=i.amount,
        )
        for i in items
    ]
    return None, card, derived


async def _settle(
    session: AsyncSession, location: Location, record: Record, service_id: int
) -> tuple[RecordServiceCard, TechnologicalCard | None, list[RecordConsumable]]:
    """Store the service's card and consumables as they stand now."""
    chosen, card, rows = await _state(session, location, record, service_id)
    if chosen is None:
        chosen = RecordServiceCard(
            location_id=location.id,
            record_id=record.id,
            service_id=service_id,
            technological_card_id=card.id if card else None,
        )
        session.add(chosen)
    for row in rows:
        if row.id is None:
            session.add(row)
    await session.flush()
    return chosen, card, rows


async def _give_back(
    session: AsyncSession, location: Location, rows: Sequence[RecordConsumable]
) -> None:
    """Delete (softly) the write-off lines of ``rows``: their stock comes back."""
    ids = [r.goods_transaction_id for r in rows if r.goods_transaction_id]
    for line in (await repo.LINES.by_ids(session, location.id, ids)).values():
        line.deleted = True
    for row in rows:
        row.goods_transaction_id = None


async def _write_off(
    session: AsyncSession,
    location: Location,
    record: Record,
    chosen: RecordServiceCard,
    rows: Sequence[RecordConsumable],
    user_id: int | None,
) -> None:
    """Goods lines for the consumables not yet written off, in the service's write-off
    document (made on first use)."""
    pending = [r for r in rows if not r.goods_transaction_id]
    if not pending:
        return
    await repo.hold_ledger(session, location.id)
    document = (
        await repo.DOCUMENTS.get(session, location.id, chosen.document_id)
        if chosen.document_id
        else None
    )
    now = utcnow()
    if document is None:
        document = StorageDocument(
            location_id=location.id,
            type_id=CONSUMABLES,
            storage_id=pending[0].storage_id,
            number=await repo.next_document_number(session, location.id),
            user_id=user_id,
            master_id=record.staff_id,
            record_id=record.id,
            visit_id=record.visit_id,
            comment="Consumables",
            create_date=now,
        )
        session.add(document)
        await session.flush()
        chosen.document_id = document.id
    for row in pending:
        line = GoodsTransaction(
            location_id=location.id,
            document_id=document.id,
            type_id=CONSUMABLES,
            good_id=row.good_id,
            storage_id=row.storage_id,
            amount=-row.amount,
            operation_unit_type=SERVICE_UNIT,
            master_id=record.staff_id,
            client_id=record.client_id,
            record_id=record.id,
            service_id=row.service_id,
            user_id=user_id,
            create_date=now,
        )
        session.add(line)
        await session.flush()
        row.goods_transaction_id = line.id
    await session.flush()


async def follow_attendance(
    session: AsyncSession, location: Location, record: Record, user_id: int | None
) -> None:
    """Write the consumables off when the appointment is completed; give them back when it
    no longer is. Called by the appointment writes after they set the attendance."""
    await session.flush()
    for service_id in await repo.record_service_ids(session, record.id):
        if record.attendance == COMPLETED and not record.deleted:
            chosen, _card, rows = await _settle(session, location, record, service_id)
            await _write_off(session, location, record, chosen, rows, user_id)
        else:
            await _give_back(
                session,
                location,
                await repo.consumables_of(session, location.id, record.id, service_id),
            )
    await session.flush()


async def _record_and_service(
    session: AsyncSession, location: Location, record_id: int, service_id: int
) -> Record:
    record = await repo.RECORDS.load(session, location.id, record_id)
    if service_id not in await repo.record_service_ids(session, record.id):
        raise services_repo.SERVICES.not_found("The appointment has no such service.")
    return record


async def record_consumables(
    session: AsyncSession, location: Location, access: Access, record_id: int
) -> list[dict[str, Any]]:
    access.require(RIGHT)
    record = await repo.RECORDS.load(session, location.id, record_id)
    out = []
    for service_id in await repo.record_service_ids(session, record.id):
        _chosen, card, rows = await _state(session, location, record, service_id)
        out.append(await _render_entry(session, location, record, service_id, card, rows))
    return out


async def set_consumables(
    session: AsyncSession,
    location: Location,
    access: Access,
    record_id: int,
    service_id: int,
    items: Sequence[ConsumableIn],
) -> list[dict[str, Any]]:
    """Replace the service's consumables; a completed appointment's write-off follows."""
    access.require(RIGHT)
    record = await _record_and_service(session, location, record_id, service_id)
    checked = await _check_items(session, location, items, "consumables")
    chosen, card, rows = await _settle(session, location, record, service_id)
    await _give_back(session, location, rows)
    for row in rows:
        await session.delete(row)
    fresh = [
        RecordConsumable(
            location_id=location.id,
            record_id=record.id,
            service_id=service_id,
            good_id=good_id,
            storage_id=storage_id,
            amount=amount,
        )
        for good_id, storage_id, amount in checked
    ]
    session.add_all(fresh)
    await session.flush()
    if record.attendance == COMPLETED:
        await _write_off(session, location, record, chosen, fresh, access.user_id)
    return [await _render_entry(session, location, record, service_id, card, fresh)]


async def unlink(
    session: AsyncSession,
    location: Location,
    access: Access,
    record_id: int,
    service_id: int,
    delete_consumables: bool,
) -> list[dict[str, Any]]:
    """Take the card off the service; with ``delete_consumables`` its consumables go too
    (written-off ones come back to their storage)."""
    access.require(RIGHT)
    record = await _record_and_service(session, location, record_id, service_id)
    chosen, _card, rows = await _settle(session, location, record, service_id)
    chosen.technological_card_id = None
    if delete_consumables:
        await _give_back(session, location, rows)
        for row in rows:
            await session.delete(row)
        rows = []
    await session.flush()
    return [await _render_entry(session, location, record, service_id, None, rows)]
