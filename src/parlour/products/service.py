"""Rules of the product catalog: the category tree, products, their stock, unit changes.

Goods answers keep the JSON types of upstream's goods samples: ids, prices and amounts are
numeric strings there (``"good_id": "123456"``, ``"cost": "100500"``), while the critical and
desired amounts are numbers (see src/parlour/contract/decisions.json).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime
from decimal import Decimal
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from parlour.auth.access import Access
from parlour.errors import Conflict, ValidationFailed
from parlour.kit.money import thousandths, wire
from parlour.kit.text import fold
from parlour.kit.timeutil import iso_compact, parse_datetime, zone
from parlour.models import (
    CertificateType,
    GoodsCategory,
    Location,
    MembershipType,
    Product,
    Unit,
)
from parlour.models.ledgers import SALE_UNIT, SERVICE_UNIT
from parlour.products import repository as repo
from parlour.products.schemas import CategoryWrite, ProductUpdate, ProductWrite, UnitCreate

RIGHT = "storages_access"
SEARCH_LIMIT = 100
NODE_PAGE_LIMIT = 1000


def numeric_text(value: Decimal | int) -> str:
    """A number as upstream's goods samples quote it: "100500", "12.5", "-1"."""
    number = wire(Decimal(value))
    return str(number)


# --- categories ---------------------------------------------------------------------------


def _category_search_text(title: str, article: str) -> str:
    return "\n".join(fold(p) for p in (title, article) if p)


def render_category(row: GoodsCategory) -> dict[str, Any]:
    return {"id": row.id, "title": row.title, "parent_category_id": row.parent_id or 0}


def render_category_short(row: GoodsCategory) -> dict[str, Any]:
    """The deprecated and by-ids reads: ``id`` quoted as in their samples."""
    return {"id": str(row.id), "title": row.title}


def category_node(row: GoodsCategory) -> dict[str, Any]:
    return {
        "parent_id": row.parent_id or 0,
        "item_id": 0,
        "category_id": row.id,
        "title": row.title,
        "is_chain": False,
        "is_category": True,
        "is_item": False,
    }


def product_node(row: Product) -> dict[str, Any]:
    return {
        "parent_id": row.category_id,
        "item_id": row.id,
        "category_id": 0,
        "title": row.title,
        "is_chain": False,
        "is_category": False,
        "is_item": True,
    }


async def _parent_of(
    session: AsyncSession, location: Location, parent_id: int | None, own_id: int | None
) -> int | None:
    if not parent_id:
        return None
    parents = await repo.parent_map(session, location.id)
    if parent_id not in parents:
        raise ValidationFailed.field("parent_category_id", "no such product category")
    # The new parent must not be the category itself or one of its descendants.
    node: int | None = parent_id
    while node is not None:
        if node == own_id:
            raise ValidationFailed.field(
                "parent_category_id", "a category cannot be placed inside itself"
            )
        node = parents.get(node)
    return parent_id


async def create_category(
    session: AsyncSession, location: Location, access: Access, body: CategoryWrite
) -> GoodsCategory:
    access.require(RIGHT)
    parent = await _parent_of(session, location, body.parent_category_id, None)
    row = GoodsCategory(
        location_id=location.id,
        parent_id=parent,
        title=body.title.strip(),
        article=body.article,
        comment=body.comment,
        search_text=_category_search_text(body.title, body.article),
    )
    session.add(row)
    await session.flush()
    return row


async def update_category(
    session: AsyncSession,
    location: Location,
    access: Access,
    category_id: int,
    body: CategoryWrite,
) -> GoodsCategory:
    access.require(RIGHT)
    row = await repo.CATEGORIES.load(session, location.id, category_id)
    row.parent_id = await _parent_of(session, location, body.parent_category_id, row.id)
    row.title = body.title.strip()
    row.article = body.article
    row.comment = body.comment
    row.search_text = _category_search_text(row.title, row.article)
    await session.flush()
    return row


async def delete_category(
    session: AsyncSession, location: Location, access: Access, category_id: int
) -> None:
    access.require(RIGHT)
    row = await repo.CATEGORIES.load(session, location.id, category_id)
    if await repo.category_has_content(session, location.id, row.id):
        raise Conflict("The category still holds categories or products.")
    row.deleted = True
    await session.flush()


async def list_categories(
    session: AsyncSession, location: Location, access: Access, parent_id: int
) -> list[GoodsCategory]:
    """``parent_id`` 0: every category of the location; else the categories right under it."""
    access.require(RIGHT)
    if parent_id == 0:
        return await repo.CATEGORIES.all(session, location.id)
    await repo.CATEGORIES.load(session, location.id, parent_id)
    return await repo.child_categories(session, location.id, parent_id)


async def child_categories(
    session: AsyncSession, location: Location, access: Access, parent_id: int
) -> list[GoodsCategory]:
    """The deprecated read: the categories right under ``parent_id`` (0: the roots)."""
    access.require(RIGHT)
    if parent_id:
        await repo.CATEGORIES.load(session, location.id, parent_id)
    return await repo.child_categories(session, location.id, parent_id or None)


async def categories_by_ids(
    session: AsyncSession, location: Location, access: Access, ids: Sequence[int]
) -> list[GoodsCategory]:
    access.require(RIGHT)
    found = await repo.CATEGORIES.by_ids(session, location.id, ids)
    return [found[i] for i in dict.fromkeys(ids) if i in found]


async def node(
    session: AsyncSession,
    location: Location,
    access: Access,
    category_id: int,
    page: int,
    count: int,
) -> dict[str, Any]:
    """A category and one page of its children: categories first, then products."""
    access.require(RIGHT)
    row = await repo.CATEGORIES.load(session, location.id, category_id)
    children = [category_node(c) for c in await repo.child_categories(session, location.id, row.id)]
    children += [product_node(p) for p in await repo.products_in(session, location.id, row.id)]
    start = (page - 1) * count
    return {
        **category_node(row),
        "children": children[start : start + count],
        "children_count": len(children),
    }


async def search(
    session: AsyncSession, location: Location, access: Access, term: str | None, limit: int
) -> list[dict[str, Any]]:
    """Without a term: the root categories. With one: matching categories first, then
    matching products, ``limit`` in all."""
    access.require(RIGHT)
    text = fold(term.strip()) if term else ""
    if not text:
        return [category_node(c) for c in await repo.child_categories(session, location.id, None)]
    found = [
        category_node(c) for c in await repo.search_categories(session, location.id, text, limit)
    ]
    if len(found) < limit:
        products = await repo.search_products(session, location.id, text, limit - len(found))
        found += [product_node(p) for p in products]
    return found


# --- products -----------------------------------------------------------------------------


def _product_search_text(title: str, article: str, barcode: str) -> str:
    return "\n".join(fold(p) for p in (title, article, barcode) if p)


# What a goods item that sells no membership or certificate answers in the loyalty fields.
NO_LOYALTY = {
    "loyalty_abonement_type_id": 0,
    "loyalty_certificate_type_id": 0,
    "loyalty_allow_empty_code": 1,
}


async def loyalty_fields(
    session: AsyncSession, rows: Iterable[Product]
) -> dict[int, dict[str, Any]]:
    """The loyalty fields of every answer that renders a goods item (the products' own, the
    goods lines', the inventory's): which membership type or gift certificate type the item
    sells, and whether that type sells without a code. Only such items are keyed; the others
    answer ``NO_LOYALTY``."""
    items = [p for p in rows if not p.counts_stock]
    certificates, memberships = await repo.loyalty_types(
        session,
        [p.loyalty_certificate_type_id for p in items if p.loyalty_certificate_type_id],
        [p.loyalty_abonement_type_id for p in items if p.loyalty_abonement_type_id],
    )
    out: dict[int, dict[str, Any]] = {}
    for p in items:
        kind: CertificateType | MembershipType | None = (
            certificates.get(p.loyalty_certificate_type_id)
            if p.loyalty_certificate_type_id
            else memberships.get(p.loyalty_abonement_type_id or 0)
        )
        out[p.id] = {
            "loyalty_abonement_type_id": p.loyalty_abonement_type_id or 0,
            "loyalty_certificate_type_id": p.loyalty_certificate_type_id or 0,
            "loyalty_allow_empty_code": int(kind.is_allow_empty_code) if kind else 1,
        }
    return out


async def render_products(
    session: AsyncSession, location: Location, rows: Sequence[Product]
) -> list[dict[str, Any]]:
    units = await repo.UNITS.by_ids(
        session, location.id, {u for p in rows for u in (p.sale_unit_id, p.service_unit_id)}
    )
    levels = await repo.stock(session, location.id, rows)
    loyalty = await loyalty_fields(session, rows)
    tz = zone(location.timezone_name)
    return [
        _render_product(p, units, levels.get(p.id, {}), loyalty.get(p.id, NO_LOYALTY), location, tz)
        for p in rows
    ]


def _render_product(
    p: Product,
    units: dict[int, Unit],
    levels: dict[int, Decimal],
    loyalty: dict[str, Any],
    location: Location,
    tz: Any,
) -> dict[str, Any]:
    sale = units.get(p.sale_unit_id)
    service = units.get(p.service_unit_id)
    equals = p.unit_equals or Decimal(1)
    unit_cost = (p.actual_cost / equals).quantize(Decimal("0.01"))
    return {
        "title": p.title,
        "value": p.title,
        "label": f"{p.title} ({p.article})" if p.article else p.title,
        "good_id": str(p.id),
        "cost": numeric_text(p.cost),
        "unit_id": str(p.sale_unit_id),
        "unit_short_title": sale.short_title if sale else "",
        "service_unit_id": str(p.service_unit_id),
        "service_unit_short_title": service.short_title if service else "",
        "actual_cost": numeric_text(p.actual_cost),
        "unit_actual_cost": numeric_text(unit_cost),
        "unit_actual_cost_format": f"{numeric_text(unit_cost)} {location.currency_short_title}",
        "unit_equals": numeric_text(p.unit_equals),
        "barcode": p.barcode,
        "article": p.article,
        "print_title": p.print_title,
        "category_id": p.category_id,
        "comment": p.comment,
        "tax_variant": p.tax_variant,
        "vat_id": p.vat_id,
        "netto": wire(p.netto),
        "brutto": wire(p.brutto),
        **loyalty,
        "critical_amount": wire(p.critical_amount),
        "desired_amount": wire(p.desired_amount),
        "actual_amounts": [
            {"storage_id": str(storage), "amount": numeric_text(amount)}
            for storage, amount in sorted(levels.items())
        ],
        "last_change_date": iso_compact(p.updated_at, tz),
    }


async def _check_refs(session: AsyncSession, location: Location, body: ProductWrite) -> None:
    if await repo.CATEGORIES.get(session, location.id, body.category_id) is None:
        raise ValidationFailed.field("category_id", "no such product category")
    for field in ("sale_unit_id", "service_unit_id"):
        if await repo.UNITS.get(session, location.id, getattr(body, field)) is None:
            raise ValidationFailed.field(field, "no such unit")
    if body.unit_equals <= 0:
        raise ValidationFailed.field("unit_equals", "must be greater than 0")
    for field in ("critical_amount", "desired_amount", "netto", "brutto"):
        if getattr(body, field) < 0:
            raise ValidationFailed.field(field, "must not be negative")


def _apply(row: Product, body: ProductWrite) -> None:
    row.title = body.title.strip()
    row.print_title = body.print_title
    row.article = body.article
    row.barcode = body.barcode
    row.category_id = body.category_id
    row.cost = body.cost
    row.actual_cost = body.actual_cost
    row.sale_unit_id = body.sale_unit_id
    row.service_unit_id = body.service_unit_id
    row.unit_equals = body.unit_equals
    row.critical_amount = body.critical_amount
    row.desired_amount = body.desired_amount
    row.netto = body.netto
    row.brutto = body.brutto
    row.comment = body.comment
    row.tax_variant = body.tax_variant
    row.vat_id = body.vat_id
    row.search_text = _product_search_text(row.title, row.article, row.barcode)


async def create_product(
    session: AsyncSession, location: Location, access: Access, body: ProductWrite
) -> Product:
    access.require(RIGHT)
    await _check_refs(session, location, body)
    row = Product(location_id=location.id)
    _apply(row, body)
    session.add(row)
    await session.flush()
    return row


async def get_product(
    session: AsyncSession, location: Location, access: Access, product_id: int
) -> Product:
    access.require(RIGHT)
    return await repo.PRODUCTS.load(session, location.id, product_id)


async def update_product(
    session: AsyncSession,
    location: Location,
    access: Access,
    product_id: int,
    body: ProductUpdate,
) -> Product:
    """A unit change of a product with movements needs a correction rule for each document
    type among them (409 otherwise); the rules say which unit's quantities stay fixed."""
    access.require(RIGHT)
    row = await repo.PRODUCTS.load(session, location.id, product_id)
    await _check_refs(session, location, body)
    units_change = (
        row.sale_unit_id != body.sale_unit_id
        or row.service_unit_id != body.service_unit_id
        or row.unit_equals != body.unit_equals
    )
    if units_change:
        await _correct_units(session, location, row, body)
    _apply(row, body)
    await session.flush()
    return row


async def _correct_units(
    session: AsyncSession, location: Location, row: Product, body: ProductUpdate
) -> None:
    types = await repo.movement_types(session, location.id, row.id)
    if not types:
        return
    rules = {r.type: r.base_unit for r in body.correction_rules or []}
    missing = sorted(types - set(rules))
    if missing:
        raise Conflict(
            "The product has inventory operations: changing its units needs correction_rules "
            f"for document types {', '.join(map(str, missing))}.",
            errors={"correction_rules": [f"missing types {missing}"]},
        )
    old, new = row.unit_equals or Decimal(1), body.unit_equals
    if old == new:
        return
    for line in await repo.movements(session, location.id, row.id):
        base = rules[line.type_id]
        if base == "sale" and line.operation_unit_type == SERVICE_UNIT:
            line.amount = thousandths(line.amount / old * new)
        elif base == "service" and line.operation_unit_type == SALE_UNIT:
            line.amount = thousandths(line.amount * old / new)


async def delete_product(
    session: AsyncSession, location: Location, access: Access, product_id: int
) -> None:
    """Soft: the product's ledger lines keep naming it. The goods item of a live membership
    type or gift certificate type goes only with its type (409): the type would otherwise
    sell an item that is gone."""
    access.require(RIGHT)
    row = await repo.PRODUCTS.load(session, location.id, product_id)
    if not row.counts_stock:
        certificates, memberships = await repo.loyalty_types(
            session,
            [row.loyalty_certificate_type_id or 0],
            [row.loyalty_abonement_type_id or 0],
        )
        certificate = certificates.get(row.loyalty_certificate_type_id or 0)
        membership = memberships.get(row.loyalty_abonement_type_id or 0)
        if certificate is not None and not certificate.deleted:
            raise Conflict(
                f"The goods item sells gift certificate type {certificate.id}; delete the "
                "type (or take this location off it) instead.",
                errors={"good_id": ["the goods item of a live certificate type"]},
            )
        if membership is not None and not membership.deleted:
            raise Conflict(
                f"The goods item sells membership type {membership.id}; delete the type instead.",
                errors={"good_id": ["the goods item of a live membership type"]},
            )
    row.deleted = True
    await session.flush()


async def list_products(
    session: AsyncSession,
    location: Location,
    access: Access,
    *,
    term: str | None,
    category_id: int | None,
    changed_after: str | None,
    changed_before: str | None,
    offset: int,
    limit: int,
) -> tuple[list[Product], int]:
    access.require(RIGHT)
    tz = zone(location.timezone_name)
    after: datetime | None = (
        parse_datetime(changed_after, tz, "changed_after") if changed_after else None
    )
    before: datetime | None = (
        parse_datetime(changed_before, tz, "changed_before") if changed_before else None
    )
    text = fold(term.strip()) if term and term.strip() else None
    return await repo.list_products(
        session,
        location.id,
        term=text,
        category_id=category_id,
        changed_after=after,
        changed_before=before,
        offset=offset,
        limit=limit,
    )


# --- units ------------------------------------------------------------------------------------


def render_unit(row: Unit) -> dict[str, Any]:
    return {"id": row.id, "title": row.title, "short_title": row.short_title}


async def list_units(session: AsyncSession, location: Location, access: Access) -> list[Unit]:
    access.require(RIGHT)
    return await repo.UNITS.all(session, location.id)


async def create_unit(
    session: AsyncSession, location: Location, access: Access, body: UnitCreate
) -> Unit:
    access.require(RIGHT)
    row = Unit(location_id=location.id, title=body.title.strip(), short_title=body.short_title)
    session.add(row)
    await session.flush()
    return row
