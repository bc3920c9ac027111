"""Inventory rules: storages and suppliers, documents and their goods lines, inventory
operations (a document, its goods lines and, when paid, its finance lines in one
transaction), bills of materials and consumables."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from parlour.auth import repository as auth_repo
from parlour.auth.access import Access
from parlour.clients import repository as clients_repo
from parlour.errors import Conflict, ValidationFailed
from parlour.inventory import repository as repo
from parlour.inventory.schemas import (
    DocumentWrite,
    LineFields,
    LineWrite,
    OperationCreate,
    StorageCreate,
    SupplierCreate,
)
from parlour.kit.money import cents, wire
from parlour.kit.timeutil import iso, iso_compact, local_day_bounds, parse_datetime, utcnow, zone
from parlour.ledger_defaults import EXPENSE_GOODS_PURCHASE, EXPENSE_GOODS_SALE
from parlour.models import (
    Client,
    GoodsCategory,
    GoodsTransaction,
    Location,
    Product,
    Service,
    Storage,
    StorageDocument,
    Supplier,
    TeamMember,
    Unit,
)
from parlour.models.ledgers import (
    CONSUMABLES,
    DEPOSIT_TOP_UP,
    GOODS_SALE,
    INVENTORY_COUNT,
    RECEIPT,
    SALE_UNIT,
    SERVICES_SALE,
    TRANSFER,
    VISIT,
    WRITE_OFF,
)
from parlour.payments import repository as payments_repo
from parlour.payments import service as payments_service
from parlour.products import repository as products_repo
from parlour.products import service as products_service
from parlour.services import repository as services_repo
from parlour.team_members import repository as members_repo

RIGHT = "storages_access"
# The expense item of a paid operation's finance lines.
PAID_EXPENSE = {GOODS_SALE: EXPENSE_GOODS_SALE, RECEIPT: EXPENSE_GOODS_PURCHASE}

# What follows a change of a goods sale document here (a paid sale operation, a line added,
# changed or deleted, the document deleted), in the same transaction: checkout, which builds on
# this section and so cannot be imported by it, registers its settle hooks (loyalty's cashback
# follows the sale). Called with the document's id; the document may be deleted.
SaleHook = Callable[[AsyncSession, Location, int], Awaitable[None]]
SALE_CHANGED: list[SaleHook] = []


def on_sale_changed(hook: SaleHook) -> None:
    if hook not in SALE_CHANGED:
        SALE_CHANGED.append(hook)


async def _sale_changed(
    session: AsyncSession, location: Location, type_id: int, document_id: int | None
) -> None:
    if type_id != GOODS_SALE or not document_id:
        return
    await session.flush()
    for hook in SALE_CHANGED:
        await hook(session, location, document_id)


# --- storages and suppliers -----------------------------------------------------------------


def render_storage(row: Storage) -> dict[str, Any]:
    return {
        "id": row.id,
        "title": row.title,
        "for_service": int(row.for_service),
        "for_sale": int(row.for_sale),
        "comment": row.comment,
        "weight": row.weight,
    }


async def list_storages(session: AsyncSession, location: Location, access: Access) -> list[Storage]:
    access.require(RIGHT)
    return await repo.list_storages(session, location.id)


async def create_storage(
    session: AsyncSession, location: Location, access: Access, body: StorageCreate
) -> Storage:
    access.require(RIGHT)
    row = Storage(
        location_id=location.id,
        title=body.title.strip(),
        for_service=body.for_service if body.for_services is None else body.for_services,
        for_sale=body.for_sale,
        comment=body.comment,
        weight=body.weight,
    )
    session.add(row)
    await session.flush()
    return row


def render_supplier(row: Supplier) -> dict[str, Any]:
    return {
        "id": row.id,
        "title": row.title,
        "phone": row.phone,
        "email": row.email,
        "comment": row.comment,
    }


async def list_suppliers(
    session: AsyncSession, location: Location, access: Access
) -> list[Supplier]:
    access.require(RIGHT)
    return await repo.list_suppliers(session, location.id)


async def create_supplier(
    session: AsyncSession, location: Location, access: Access, body: SupplierCreate
) -> Supplier:
    access.require(RIGHT)
    row = Supplier(
        location_id=location.id,
        title=body.title.strip(),
        phone=body.phone,
        email=body.email,
        comment=body.comment,
    )
    session.add(row)
    await session.flush()
    return row


# --- documents and goods lines ------------------------------------------------------------------

TYPE_TITLES = {
    GOODS_SALE: "Sale of goods",
    SERVICES_SALE: "Provision of services",
    RECEIPT: "Receipt of goods",
    WRITE_OFF: "Write-off of goods",
    TRANSFER: "Transfer of goods",
    INVENTORY_COUNT: "Inventory",
    VISIT: "Visit",
    CONSUMABLES: "Consumables write-off",
    DEPOSIT_TOP_UP: "Deposit top-up",
}
# Goods leave the storage in these documents (their lines are stored negative) ...
OUTGOING = {GOODS_SALE, WRITE_OFF, TRANSFER, VISIT, CONSUMABLES}
# ... and arrive in these; an inventory count stores each line's sign as sent.
INCOMING = {RECEIPT}
# Documents without goods lines.
NO_GOODS = {SERVICES_SALE, DEPOSIT_TOP_UP}


def signed(type_id: int, amount: Decimal) -> Decimal:
    """A line's stored amount: a sale of 1 is -1, a receipt of 10 is +10."""
    if type_id in OUTGOING:
        return -abs(amount)
    if type_id in INCOMING:
        return abs(amount)
    return amount


def _type(type_id: int) -> dict[str, Any]:
    return {"id": type_id, "title": TYPE_TITLES.get(type_id, "")}


def _offset_hours(location: Location) -> float | int:
    offset = datetime.now(zone(location.timezone_name)).utcoffset()
    hours = (offset.total_seconds() if offset else 0) / 3600
    return int(hours) if hours == int(hours) else hours


def company_card(location: Location) -> dict[str, Any]:
    """The location as stock documents embed it."""
    return _company(location)


def _company(location: Location) -> dict[str, Any]:
    return {
        "id": location.id,
        "title": location.title,
        "country_id": location.country_id,
        "city_id": location.city_id,
        "timezone": _offset_hours(location),
        "address": location.address,
        "coordinate_lat": f"{location.coordinate_lat:.6f}",
        "coordinate_lon": f"{location.coordinate_lon:.6f}",
        "logo": location.logo,
        "zip": location.zip,
        "phones": list(location.phones or []),
        "site": location.site,
    }


async def render_document(
    session: AsyncSession, location: Location, row: StorageDocument
) -> dict[str, Any]:
    tz = zone(location.timezone_name)
    storage = await repo.STORAGES.get(session, location.id, row.storage_id, with_deleted=True)
    user = await auth_repo.user(session, row.user_id) if row.user_id else None
    return {
        "id": row.id,
        "type_id": row.type_id,
        "type": _type(row.type_id),
        "storage_id": row.storage_id,
        "user_id": row.user_id or 0,
        "company_id": row.location_id,
        "number": row.number,
        "comment": row.comment,
        "create_date": iso(row.create_date, tz),
        "master_id": row.master_id or 0,
        "record_id": row.record_id or 0,
        "visit_id": row.visit_id or 0,
        "storage": {"id": row.storage_id, "title": storage.title if storage else ""},
        "company": _company(location),
        "user": {"id": str(user.id), "name": user.name, "phone": user.phone or ""} if user else [],
    }


@dataclass(slots=True)
class LineRefs:
    products: dict[int, Product]
    categories: dict[int, GoodsCategory]
    units: dict[int, Unit]
    storages: dict[int, Storage]
    stock: dict[int, dict[int, Decimal]]
    clients: dict[int, Client]
    members: dict[int, TeamMember]
    suppliers: dict[int, Supplier]
    services: dict[int, Service]
    loyalty: dict[int, dict[str, Any]]


async def _line_refs(
    session: AsyncSession, location_id: int, rows: Sequence[GoodsTransaction]
) -> LineRefs:
    def ids(attr: str) -> set[int]:
        return {v for r in rows if (v := getattr(r, attr))}

    products = await products_repo.PRODUCTS.by_ids(
        session, location_id, ids("good_id"), with_deleted=True
    )
    plist = list(products.values())
    return LineRefs(
        products=products,
        categories=await products_repo.CATEGORIES.by_ids(
            session, location_id, {p.category_id for p in plist}, with_deleted=True
        ),
        units=await products_repo.UNITS.by_ids(
            session, location_id, {u for p in plist for u in (p.sale_unit_id, p.service_unit_id)}
        ),
        storages=await repo.STORAGES.by_ids(
            session, location_id, ids("storage_id"), with_deleted=True
        ),
        stock=await products_repo.stock(session, location_id, plist),
        clients=await clients_repo.CLIENTS.by_ids(session, location_id, ids("client_id")),
        members=await members_repo.MEMBERS.by_ids(
            session, location_id, ids("master_id"), with_deleted=True
        ),
        suppliers=await payments_repo.SUPPLIERS.by_ids(
            session, location_id, ids("supplier_id"), with_deleted=True
        ),
        services=await services_repo.SERVICES.by_ids(
            session, location_id, ids("service_id"), with_deleted=True
        ),
        loyalty=await products_service.loyalty_fields(session, plist),
    )


def _unit(row: Unit | None) -> dict[str, Any]:
    if row is None:
        return {"id": 0, "title": "", "short_title": ""}
    return {"id": row.id, "title": row.title, "short_title": row.short_title}


def _good(p: Product | None, refs: LineRefs, location: Location) -> dict[str, Any]:
    """The product inside a goods line: the goods object with JSON numbers, as the goods
    transaction samples show it."""
    if p is None:
        return {"id": 0, "title": ""}
    tz = zone(location.timezone_name)
    sale, service = refs.units.get(p.sale_unit_id), refs.units.get(p.service_unit_id)
    category = refs.categories.get(p.category_id)
    unit_cost = (p.actual_cost / (p.unit_equals or Decimal(1))).quantize(Decimal("0.01"))
    return {
        "id": p.id,
        "good_id": p.id,
        "title": p.title,
        "value": p.title,
        "label": f"{p.title} ({p.article})" if p.article else p.title,
        "article": p.article,
        "barcode": p.barcode,
        "category": category.title if category else "",
        "category_id": p.category_id,
        "salon_id": p.location_id,
        "unit": sale.short_title if sale else "",
        "cost": wire(p.cost),
        "unit_id": p.sale_unit_id,
        "unit_short_title": sale.short_title if sale else "",
        "service_unit_id": p.service_unit_id,
        "service_unit_short_title": service.short_title if service else "",
        "actual_cost": wire(p.actual_cost),
        "unit_actual_cost": wire(unit_cost),
        "unit_actual_cost_format": f"{wire(unit_cost)} {location.currency_short_title}",
        "unit_equals": wire(p.unit_equals),
        **refs.loyalty.get(p.id, products_service.NO_LOYALTY),
        "actual_amounts": [
            {"storage_id": storage, "amount": wire(amount)}
            for storage, amount in sorted(refs.stock.get(p.id, {}).items())
        ],
        "last_change_date": iso_compact(p.updated_at, tz),
    }


def render_line(row: GoodsTransaction, refs: LineRefs, location: Location) -> dict[str, Any]:
    """A goods line with every field its upstream samples show; numbers are JSON numbers. A
    reference that is not set is ``[]``, as upstream's samples send it."""
    tz = zone(location.timezone_name)
    product = refs.products.get(row.good_id)
    unit = None
    if product is not None:
        unit_id = (
            product.sale_unit_id
            if row.operation_unit_type == SALE_UNIT
            else product.service_unit_id
        )
        unit = refs.units.get(unit_id)
    storage = refs.storages.get(row.storage_id)
    client = refs.clients.get(row.client_id) if row.client_id else None
    member = refs.members.get(row.master_id) if row.master_id else None
    supplier = refs.suppliers.get(row.supplier_id) if row.supplier_id else None
    return {
        "id": row.id,
        "document_id": row.document_id,
        "type_id": row.type_id,
        "type": _type(row.type_id),
        "company_id": row.location_id,
        "good_id": row.good_id,
        "amount": wire(row.amount),
        "cost_per_unit": wire(row.cost_per_unit),
        "discount": wire(row.discount),
        "cost": wire(row.cost),
        "unit_id": unit.id if unit else 0,
        "operation_unit_type": row.operation_unit_type,
        "storage_id": row.storage_id,
        "supplier_id": row.supplier_id or 0,
        "client_id": row.client_id or 0,
        "master_id": row.master_id or 0,
        "record_id": row.record_id or 0,
        "service_id": row.service_id or 0,
        "user_id": row.user_id or 0,
        "create_date": iso(row.create_date, tz),
        "last_change_date": iso_compact(row.updated_at, tz),
        "comment": row.comment,
        "deleted": row.deleted,
        "pkg_amount": 0,
        "good": _good(product, refs, location),
        "storage": {"id": row.storage_id, "title": storage.title if storage else ""},
        "unit": _unit(unit),
        "sale_unit": _unit(refs.units.get(product.sale_unit_id)) if product else None,
        "service_unit": _unit(refs.units.get(product.service_unit_id)) if product else None,
        "supplier": {"id": supplier.id, "title": supplier.title} if supplier else [],
        "client": {"id": client.id, "name": client.name, "phone": client.phone or ""}
        if client
        else [],
        "master": {"id": str(member.id), "name": member.name, "title": member.name}
        if member
        else [],
    }


def render_search_line(row: GoodsTransaction, refs: LineRefs, location: Location) -> dict[str, Any]:
    """A line of the transactions search: its sample names the type by title and adds the
    service and the client (as ``clients``)."""
    line = render_line(row, refs, location)
    service = refs.services.get(row.service_id) if row.service_id else None
    return {
        **line,
        "type": TYPE_TITLES.get(row.type_id, ""),
        "service": {"id": service.id, "title": service.title} if service else [],
        "clients": line["client"],
    }


async def render_lines(
    session: AsyncSession,
    location: Location,
    rows: Sequence[GoodsTransaction],
    *,
    search: bool = False,
) -> list[dict[str, Any]]:
    refs = await _line_refs(session, location.id, rows)
    draw = render_search_line if search else render_line
    return [draw(r, refs, location) for r in rows]


def _when(location: Location, value: str | None, field: str = "create_date") -> datetime:
    if not value:
        return utcnow()
    return parse_datetime(value, zone(location.timezone_name), field)


async def _storage(
    session: AsyncSession, location: Location, storage_id: int, field: str
) -> Storage:
    storage = await repo.STORAGES.get(session, location.id, storage_id)
    if storage is None:
        raise ValidationFailed.field(field, "no such storage")
    return storage


async def _new_document(
    session: AsyncSession,
    location: Location,
    access: Access,
    *,
    type_id: int,
    storage_id: int,
    comment: str,
    create_date: datetime,
    master_id: int = 0,
    record_id: int | None = None,
    visit_id: int | None = None,
) -> StorageDocument:
    await repo.hold_ledger(session, location.id)
    row = StorageDocument(
        location_id=location.id,
        type_id=type_id,
        storage_id=storage_id,
        number=await repo.next_document_number(session, location.id),
        user_id=access.user_id,
        master_id=master_id or None,
        record_id=record_id,
        visit_id=visit_id,
        comment=comment,
        create_date=create_date,
    )
    session.add(row)
    await session.flush()
    return row


async def create_document(
    session: AsyncSession, location: Location, access: Access, body: DocumentWrite
) -> StorageDocument:
    access.require(RIGHT)
    await _storage(session, location, body.storage_id, "storage_id")
    await _check_people(session, location, master_id=body.master_id)
    return await _new_document(
        session,
        location,
        access,
        type_id=body.type_id,
        storage_id=body.storage_id,
        comment=body.comment,
        create_date=_when(location, body.create_date),
        master_id=body.master_id,
    )


async def get_document(
    session: AsyncSession, location: Location, access: Access, document_id: int
) -> StorageDocument:
    access.require(RIGHT)
    return await repo.DOCUMENTS.load(session, location.id, document_id)


async def update_document(
    session: AsyncSession,
    location: Location,
    access: Access,
    document_id: int,
    body: DocumentWrite,
) -> StorageDocument:
    """Its lines follow the document: its storage, its type and the sign that type gives."""
    access.require(RIGHT)
    row = await repo.DOCUMENTS.load(session, location.id, document_id)
    await _storage(session, location, body.storage_id, "storage_id")
    await _check_people(session, location, master_id=body.master_id)
    lines = await repo.document_lines(session, location.id, row.id)
    if lines and body.type_id in NO_GOODS:
        raise ValidationFailed.field("type_id", "this document type holds no goods lines")
    if body.type_id != row.type_id and await _sells_rights(session, location, lines):
        raise ValidationFailed.field("type_id", RIGHT_ITEM)
    if lines and (body.type_id == TRANSFER) != (row.type_id == TRANSFER):
        raise Conflict("A transfer's lines cannot become lines of another type, nor back.")
    await repo.hold_ledger(session, location.id)
    if row.type_id != TRANSFER:
        for line in lines:
            line.storage_id = body.storage_id
            line.type_id = body.type_id
            line.amount = signed(body.type_id, line.amount)
    row.type_id = body.type_id
    row.storage_id = body.storage_id
    row.comment = body.comment
    row.master_id = body.master_id or None
    if body.create_date:
        row.create_date = _when(location, body.create_date)
    await session.flush()
    return row


async def delete_document(
    session: AsyncSession, location: Location, access: Access, document_id: int
) -> None:
    """Soft, with its goods lines and its finance lines: stock and balances go back. The sale
    of a membership or certificate takes back what it sold, or is refused (its section
    decides)."""
    access.require(RIGHT)
    row = await repo.DOCUMENTS.load(session, location.id, document_id)
    await repo.hold_ledger(session, location.id)
    lines = await repo.document_lines(session, location.id, row.id)
    if await _sells_rights(session, location, lines):
        await _right_sale_deleted(session, location, row.id)
    for line in lines:
        line.deleted = True
    await payments_repo.soft_delete_lines(session, location.id, document_id=row.id)
    row.deleted = True
    await session.flush()
    await _sale_changed(session, location, row.type_id, row.id)


async def _check_people(
    session: AsyncSession,
    location: Location,
    *,
    master_id: int = 0,
    client_id: int = 0,
    supplier_id: int = 0,
) -> None:
    for field, scoped, value in (
        ("master_id", members_repo.MEMBERS, master_id),
        ("client_id", clients_repo.CLIENTS, client_id),
        ("supplier_id", payments_repo.SUPPLIERS, supplier_id),
    ):
        if value and await scoped.get(session, location.id, value) is None:
            raise ValidationFailed.field(field, "not found in this location")


# --- goods items that sell a right ------------------------------------------------------------
# A membership's or gift certificate's goods item (``Product.counts_stock`` false) is moved only
# by its own sale (memberships/, certificates/): the generic goods writes refuse it, and when
# that sale's goods line or document is deleted, the section that sold the right decides what
# becomes of it (it refuses with an error, or deletes what was sold) in the same transaction.

RightSaleUndo = Callable[[AsyncSession, Location, int], Awaitable[None]]
_RIGHT_SALE_UNDO: list[RightSaleUndo] = []
RIGHT_ITEM = "a membership's or gift certificate's goods item moves only by its own sale"


def on_right_sale_deleted(undo: RightSaleUndo) -> None:
    """``undo(session, location, document_id)`` runs when the goods sale document that sold
    a right (or its line of the right's item) is deleted."""
    _RIGHT_SALE_UNDO.append(undo)


async def _right_sale_deleted(session: AsyncSession, location: Location, document_id: int) -> None:
    for undo in _RIGHT_SALE_UNDO:
        await undo(session, location, document_id)


async def _sells_rights(
    session: AsyncSession, location: Location, lines: Sequence[GoodsTransaction]
) -> bool:
    products = await products_repo.PRODUCTS.by_ids(
        session, location.id, {x.good_id for x in lines}, with_deleted=True
    )
    return any(not p.counts_stock for p in products.values())


def _line_cost(line: LineFields) -> Decimal:
    if line.cost is not None:
        return line.cost
    return cents(
        line.cost_per_unit * abs(line.amount) * (Decimal(100) - line.discount) / Decimal(100)
    )


async def _add_line(
    session: AsyncSession,
    location: Location,
    access: Access,
    document: StorageDocument,
    line: LineFields,
    *,
    storage_id: int | None = None,
    amount: Decimal | None = None,
    field: str = "",
) -> GoodsTransaction:
    if document.type_id in NO_GOODS:
        raise ValidationFailed.field("type_id", "this document type holds no goods lines")
    product = await products_repo.PRODUCTS.get(session, location.id, line.good_id)
    if product is None:
        raise ValidationFailed.field(f"{field}good_id", "no such product")
    if not product.counts_stock:
        raise ValidationFailed.field(f"{field}good_id", RIGHT_ITEM)
    await _check_people(
        session,
        location,
        master_id=line.master_id,
        client_id=line.client_id,
        supplier_id=line.supplier_id,
    )
    if line.amount == 0:
        raise ValidationFailed.field(f"{field}amount", "must not be 0")
    row = GoodsTransaction(
        location_id=location.id,
        document_id=document.id,
        type_id=document.type_id,
        good_id=line.good_id,
        storage_id=storage_id or document.storage_id,
        amount=amount if amount is not None else signed(document.type_id, line.amount),
        operation_unit_type=line.operation_unit_type,
        cost_per_unit=line.cost_per_unit,
        discount=line.discount,
        cost=_line_cost(line),
        supplier_id=line.supplier_id or None,
        client_id=line.client_id or None,
        master_id=line.master_id or document.master_id or None,
        record_id=line.record_id or document.record_id or None,
        service_id=line.service_id or None,
        user_id=access.user_id,
        comment=line.comment,
        create_date=document.create_date,
    )
    session.add(row)
    await session.flush()
    return row


async def create_line(
    session: AsyncSession, location: Location, access: Access, body: LineWrite
) -> GoodsTransaction:
    access.require(RIGHT)
    document = await repo.DOCUMENTS.get(session, location.id, body.document_id)
    if document is None:
        raise ValidationFailed.field("document_id", "no such document")
    if document.type_id == TRANSFER:
        raise ValidationFailed.field("document_id", "a transfer's lines come with its operation")
    await repo.hold_ledger(session, location.id)
    return await _add_line(session, location, access, document, body)


async def get_line(
    session: AsyncSession, location: Location, access: Access, line_id: int
) -> GoodsTransaction:
    access.require(RIGHT)
    return await repo.LINES.load(session, location.id, line_id)


async def update_line(
    session: AsyncSession, location: Location, access: Access, line_id: int, body: LineWrite
) -> GoodsTransaction:
    """The line takes the new values; a finance line paid for it follows its new cost."""
    access.require(RIGHT)
    row = await repo.LINES.load(session, location.id, line_id)
    before = (row.type_id, row.document_id)
    document = await repo.DOCUMENTS.get(session, location.id, body.document_id)
    if document is None:
        raise ValidationFailed.field("document_id", "no such document")
    if TRANSFER in (document.type_id, row.type_id) and document.id != row.document_id:
        raise ValidationFailed.field("document_id", "a transfer's lines stay in it")
    product = await products_repo.PRODUCTS.get(session, location.id, body.good_id)
    if product is None:
        raise ValidationFailed.field("good_id", "no such product")
    if not product.counts_stock or await _sells_rights(session, location, [row]):
        raise ValidationFailed.field("good_id", RIGHT_ITEM)
    await _check_people(
        session,
        location,
        master_id=body.master_id,
        client_id=body.client_id,
        supplier_id=body.supplier_id,
    )
    if body.amount == 0:
        raise ValidationFailed.field("amount", "must not be 0")
    await repo.hold_ledger(session, location.id)
    if document.type_id != TRANSFER:
        row.storage_id = document.storage_id
        row.amount = signed(document.type_id, body.amount)
    else:
        row.amount = abs(body.amount) if row.amount > 0 else -abs(body.amount)
    row.document_id = document.id
    row.type_id = document.type_id
    row.good_id = body.good_id
    row.operation_unit_type = body.operation_unit_type
    row.cost_per_unit = body.cost_per_unit
    row.discount = body.discount
    row.cost = _line_cost(body)
    row.supplier_id = body.supplier_id or None
    row.client_id = body.client_id or None
    row.master_id = body.master_id or None
    row.record_id = body.record_id or None
    row.service_id = body.service_id or None
    row.comment = body.comment
    for paid in await payments_repo.lines_for_goods(session, location.id, row.id):
        paid.amount = row.cost if paid.amount >= 0 else -row.cost
    await session.flush()
    for type_id, document_id in dict.fromkeys([before, (row.type_id, row.document_id)]):
        await _sale_changed(session, location, type_id, document_id)
    return row


async def delete_line(
    session: AsyncSession, location: Location, access: Access, line_id: int
) -> None:
    """Soft, with the finance line paid for it (the line of a membership's or certificate's
    sale: as its document's deletion)."""
    access.require(RIGHT)
    row = await repo.LINES.load(session, location.id, line_id)
    await repo.hold_ledger(session, location.id)
    if await _sells_rights(session, location, [row]):
        await _right_sale_deleted(session, location, row.document_id)
    row.deleted = True
    await payments_repo.soft_delete_lines(session, location.id, goods_transaction_ids=[row.id])
    await session.flush()
    await _sale_changed(session, location, row.type_id, row.document_id)


async def document_lines(
    session: AsyncSession, location: Location, access: Access, document_id: int
) -> list[GoodsTransaction]:
    access.require(RIGHT)
    return await repo.document_lines(session, location.id, document_id)


async def search_lines(
    session: AsyncSession,
    location: Location,
    access: Access,
    *,
    start_date: date | None,
    end_date: date | None,
    document_id: int | None,
    changed_after: str | None,
    changed_before: str | None,
    offset: int,
    limit: int,
) -> tuple[list[GoodsTransaction], int]:
    access.require(RIGHT)
    tz = zone(location.timezone_name)
    return await repo.search_lines(
        session,
        location.id,
        start=local_day_bounds(start_date, tz)[0] if start_date else None,
        end=local_day_bounds(end_date, tz)[1] if end_date else None,
        document_id=document_id,
        changed_after=parse_datetime(changed_after, tz, "changed_after") if changed_after else None,
        changed_before=parse_datetime(changed_before, tz, "changed_before")
        if changed_before
        else None,
        offset=offset,
        limit=limit,
    )


# --- inventory operations -------------------------------------------------------------------


async def create_operation(
    session: AsyncSession, location: Location, access: Access, body: OperationCreate
) -> tuple[StorageDocument, list[GoodsTransaction]]:
    """A document and its goods lines, and with ``paid`` a finance line per goods line on the
    account: all written in the request's one transaction, or nothing."""
    access.require(RIGHT)
    lines = body.lines()
    if not lines:
        raise ValidationFailed.field("goods_transactions", "at least one goods line is needed")
    if body.type_id in NO_GOODS:
        raise ValidationFailed.field("type_id", "this document type holds no goods lines")
    await _storage(session, location, body.storage_id, "storage_id")
    target = None
    if body.type_id == TRANSFER:
        if not body.target_storage_id or body.target_storage_id == body.storage_id:
            raise ValidationFailed.field(
                "target_storage_id", "a transfer needs another storage to move the goods to"
            )
        target = await _storage(session, location, body.target_storage_id, "target_storage_id")
    expense = None
    if body.paid:
        access.require(payments_service.RIGHT)
        expense = PAID_EXPENSE.get(body.type_id)
        if expense is None:
            raise ValidationFailed.field("paid", "only sales and receipts are paid")
        if (
            not body.account_id
            or await payments_repo.ACCOUNTS.get(session, location.id, body.account_id) is None
        ):
            raise ValidationFailed.field("account_id", "a paid operation needs an account")
    await _check_people(session, location, master_id=body.master_id, client_id=body.client_id)
    document = await _new_document(
        session,
        location,
        access,
        type_id=body.type_id,
        storage_id=body.storage_id,
        comment=body.comment,
        create_date=_when(location, body.create_date),
        master_id=body.master_id,
    )
    written: list[GoodsTransaction] = []
    for index, line in enumerate(lines):
        if body.client_id and not line.client_id:
            line = line.model_copy(update={"client_id": body.client_id})
        field = f"goods_transactions[{index}]."
        row = await _add_line(session, location, access, document, line, field=field)
        written.append(row)
        if target is not None:
            written.append(
                await _add_line(
                    session,
                    location,
                    access,
                    document,
                    line,
                    storage_id=target.id,
                    amount=abs(line.amount),
                    field=field,
                )
            )
        if expense is not None:
            sign = Decimal(1) if body.type_id == GOODS_SALE else Decimal(-1)
            await payments_service.add_line(
                session,
                location,
                account_id=body.account_id,
                expense_id=expense,
                amount=sign * row.cost,
                date=document.create_date,
                user_id=access.user_id,
                client_id=row.client_id or 0,
                master_id=row.master_id or 0,
                supplier_id=row.supplier_id or 0,
                document_id=document.id,
                goods_transaction_id=row.id,
                sold_item_type="good",
                sold_item_id=row.good_id,
                comment=row.comment,
            )
    await _sale_changed(session, location, document.type_id, document.id)
    return document, written


async def system_document(
    session: AsyncSession,
    location: Location,
    *,
    type_id: int,
    user_id: int | None,
    master_id: int = 0,
    record_id: int | None = None,
    visit_id: int | None = None,
    comment: str = "",
) -> StorageDocument:
    """A document Parlour opens itself (a visit's sale, a deposit top-up): in the location's
    sale storage (any storage if none is marked for sale; a location without storages gets
    its default shop first)."""
    storages = await repo.list_storages(session, location.id)
    storage = next((s for s in storages if s.for_sale), storages[0] if storages else None)
    if storage is None:
        storage = Storage(location_id=location.id, title="Shop", for_sale=True)
        session.add(storage)
        await session.flush()
    await repo.hold_ledger(session, location.id)
    row = StorageDocument(
        location_id=location.id,
        type_id=type_id,
        storage_id=storage.id,
        number=await repo.next_document_number(session, location.id),
        user_id=user_id,
        master_id=master_id or None,
        record_id=record_id,
        visit_id=visit_id,
        comment=comment,
        create_date=utcnow(),
    )
    session.add(row)
    await session.flush()
    return row
