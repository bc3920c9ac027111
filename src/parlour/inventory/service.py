"""Inventory rules: storages and suppliers, documents and their goods lines, inventory
operations (a document, its goods lines and, when paid, its finance lines in one
transaction), bills of materials and consumables."""

from __future__ import annotations

from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from parlour.auth.access import Access
from parlour.inventory import repository as repo
from parlour.inventory.schemas import StorageCreate, SupplierCreate
from parlour.models import Location, Storage, Supplier

RIGHT = "storages_access"


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
