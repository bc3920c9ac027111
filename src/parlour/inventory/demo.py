"""Demo products: a category tree with a shampoo for sale and a hair dye written off by the
millilitre, received into the location's default storages."""

from __future__ import annotations

from decimal import Decimal

from sqlalchemy.ext.asyncio import AsyncSession

from parlour.inventory import repository as repo
from parlour.kit.text import fold
from parlour.kit.timeutil import utcnow
from parlour.models import (
    GoodsCategory,
    GoodsTransaction,
    Location,
    Product,
    StorageDocument,
)
from parlour.models.ledgers import RECEIPT, SALE_UNIT
from parlour.products import repository as products_repo


async def seed_demo(session: AsyncSession, location: Location) -> None:
    units = {u.short_title: u for u in await products_repo.UNITS.all(session, location.id)}
    storages = await repo.STORAGES.all(session, location.id)
    if "pcs" not in units or "ml" not in units or not storages:
        return
    shop = next((s for s in storages if s.for_sale), storages[0])
    cupboard = next((s for s in storages if s.for_service), storages[0])
    hair = GoodsCategory(location_id=location.id, title="Hair care", search_text=fold("Hair care"))
    session.add(hair)
    await session.flush()
    colour = GoodsCategory(
        location_id=location.id, parent_id=hair.id, title="Colour", search_text=fold("Colour")
    )
    session.add(colour)
    await session.flush()
    shampoo = Product(
        location_id=location.id,
        category_id=hair.id,
        title="Repair shampoo",
        article="SH-250",
        barcode="4600000000017",
        cost=Decimal("18.50"),
        actual_cost=Decimal("9.00"),
        sale_unit_id=units["pcs"].id,
        service_unit_id=units["ml"].id,
        unit_equals=Decimal(250),
        search_text="\n".join(fold(t) for t in ("Repair shampoo", "SH-250", "4600000000017")),
    )
    dye = Product(
        location_id=location.id,
        category_id=colour.id,
        title="Hair dye, copper",
        article="DY-100",
        cost=Decimal("25.00"),
        actual_cost=Decimal("12.00"),
        sale_unit_id=units["pcs"].id,
        service_unit_id=units["ml"].id,
        unit_equals=Decimal(100),
        critical_amount=Decimal(2),
        search_text="\n".join(fold(t) for t in ("Hair dye, copper", "DY-100")),
    )
    session.add_all([shampoo, dye])
    await session.flush()
    now = utcnow()
    for number, (storage, product, amount, price) in enumerate(
        ((shop, shampoo, 12, Decimal("9.00")), (cupboard, dye, 10, Decimal("12.00"))), start=1
    ):
        document = StorageDocument(
            location_id=location.id,
            type_id=RECEIPT,
            storage_id=storage.id,
            number=number,
            comment="Opening stock",
            create_date=now,
        )
        session.add(document)
        await session.flush()
        session.add(
            GoodsTransaction(
                location_id=location.id,
                document_id=document.id,
                type_id=RECEIPT,
                good_id=product.id,
                storage_id=storage.id,
                amount=Decimal(amount),
                operation_unit_type=SALE_UNIT,
                cost_per_unit=price,
                cost=price * amount,
                create_date=now,
            )
        )
    await session.flush()
