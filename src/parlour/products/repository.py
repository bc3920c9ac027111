"""Product and product-category queries, scoped to one location; stock read from the goods
ledger."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import datetime
from decimal import Decimal

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from parlour.errors import GoodsCategoryNotFound, ProductNotFound, UnitNotFound
from parlour.kit.money import thousandths
from parlour.kit.repository import Scoped
from parlour.models import (
    CertificateType,
    GoodsCategory,
    GoodsTransaction,
    MembershipType,
    Product,
    Unit,
)
from parlour.models.base import QuantityType
from parlour.models.ledgers import SERVICE_UNIT

CATEGORIES = Scoped(GoodsCategory, not_found=GoodsCategoryNotFound)
PRODUCTS = Scoped(Product, not_found=ProductNotFound)
UNITS = Scoped(Unit, not_found=UnitNotFound)


async def list_products(
    session: AsyncSession,
    location_id: int,
    *,
    term: str | None,
    category_id: int | None,
    changed_after: datetime | None,
    changed_before: datetime | None,
    offset: int,
    limit: int,
) -> tuple[list[Product], int]:
    conds = []
    if term:
        conds.append(Product.search_text.contains(term, autoescape=True))
    if category_id is not None:
        conds.append(Product.category_id == category_id)
    if changed_after is not None:
        conds.append(Product.updated_at >= changed_after)
    if changed_before is not None:
        conds.append(Product.updated_at <= changed_before)
    stmt = PRODUCTS.select(location_id, *conds)
    return await PRODUCTS.paginate(session, stmt, offset=offset, limit=limit)


async def child_categories(
    session: AsyncSession, location_id: int, parent_id: int | None
) -> list[GoodsCategory]:
    """The categories right under ``parent_id`` (the roots when None)."""
    cond = (
        GoodsCategory.parent_id.is_(None)
        if parent_id is None
        else GoodsCategory.parent_id == parent_id
    )
    return await CATEGORIES.all(session, location_id, cond)


async def products_in(session: AsyncSession, location_id: int, category_id: int) -> list[Product]:
    return await PRODUCTS.all(session, location_id, Product.category_id == category_id)


async def search_categories(
    session: AsyncSession, location_id: int, term: str, limit: int
) -> list[GoodsCategory]:
    stmt = CATEGORIES.select(location_id, GoodsCategory.search_text.contains(term, autoescape=True))
    stmt = stmt.order_by(GoodsCategory.id).limit(limit)
    return list((await session.execute(stmt)).scalars())


async def search_products(
    session: AsyncSession, location_id: int, term: str, limit: int
) -> list[Product]:
    stmt = PRODUCTS.select(location_id, Product.search_text.contains(term, autoescape=True))
    stmt = stmt.order_by(Product.id).limit(limit)
    return list((await session.execute(stmt)).scalars())


async def category_has_content(session: AsyncSession, location_id: int, category_id: int) -> bool:
    """Whether a category still holds categories or live products."""
    children = await CATEGORIES.count(session, location_id, GoodsCategory.parent_id == category_id)
    products = await PRODUCTS.count(session, location_id, Product.category_id == category_id)
    return children + products > 0


async def parent_map(session: AsyncSession, location_id: int) -> dict[int, int | None]:
    """Every category of the location and its parent (for cycle checks)."""
    stmt = select(GoodsCategory.id, GoodsCategory.parent_id).where(
        GoodsCategory.location_id == location_id, GoodsCategory.deleted.is_(False)
    )
    return {row.id: row.parent_id for row in (await session.execute(stmt)).all()}


async def loyalty_types(
    session: AsyncSession, certificate_type_ids: Iterable[int], membership_type_ids: Iterable[int]
) -> tuple[dict[int, CertificateType], dict[int, MembershipType]]:
    """The gift certificate and membership types goods items sell, deleted ones included
    (chain tables: the ids come from the location's own products)."""
    certificates: dict[int, CertificateType] = {}
    memberships: dict[int, MembershipType] = {}
    wanted = sorted(set(certificate_type_ids))
    if wanted:
        stmt = select(CertificateType).where(CertificateType.id.in_(wanted))
        certificates = {k.id: k for k in (await session.execute(stmt)).scalars()}
    wanted = sorted(set(membership_type_ids))
    if wanted:
        stmt2 = select(MembershipType).where(MembershipType.id.in_(wanted))
        memberships = {k.id: k for k in (await session.execute(stmt2)).scalars()}
    return certificates, memberships


async def stock(
    session: AsyncSession, location_id: int, products: Iterable[Product]
) -> dict[int, dict[int, Decimal]]:
    """Stock per product and storage, in the product's sale unit: the sum of its live signed
    goods transactions (amounts in service units are divided by ``unit_equals``). A goods
    item that sells a membership or a gift certificate has no stock (``counts_stock``)."""
    by_id = {p.id: p for p in products if p.counts_stock}
    if not by_id:
        return {}
    total = func.sum(GoodsTransaction.amount, type_=QuantityType)
    stmt = (
        select(
            GoodsTransaction.good_id,
            GoodsTransaction.storage_id,
            GoodsTransaction.operation_unit_type,
            total,
        )
        .where(
            GoodsTransaction.location_id == location_id,
            GoodsTransaction.good_id.in_(sorted(by_id)),
            GoodsTransaction.deleted.is_(False),
        )
        .group_by(
            GoodsTransaction.good_id,
            GoodsTransaction.storage_id,
            GoodsTransaction.operation_unit_type,
        )
    )
    out: dict[int, dict[int, Decimal]] = defaultdict(lambda: defaultdict(Decimal))
    for good_id, storage_id, unit_type, amount in (await session.execute(stmt)).all():
        amount = thousandths(Decimal(amount or 0))
        if unit_type == SERVICE_UNIT:
            equals = by_id[good_id].unit_equals or Decimal(1)
            amount = amount / equals
        out[good_id][storage_id] += amount
    return {
        good: {storage: thousandths(v) for storage, v in per.items()} for good, per in out.items()
    }


async def movement_types(session: AsyncSession, location_id: int, product_id: int) -> set[int]:
    """The document types of the product's live goods transactions."""
    stmt = (
        select(GoodsTransaction.type_id)
        .where(
            GoodsTransaction.location_id == location_id,
            GoodsTransaction.good_id == product_id,
            GoodsTransaction.deleted.is_(False),
        )
        .distinct()
    )
    return {int(t) for t in (await session.execute(stmt)).scalars()}


async def movements(
    session: AsyncSession, location_id: int, product_id: int
) -> list[GoodsTransaction]:
    stmt = select(GoodsTransaction).where(
        GoodsTransaction.location_id == location_id,
        GoodsTransaction.good_id == product_id,
        GoodsTransaction.deleted.is_(False),
    )
    return list((await session.execute(stmt)).scalars())
