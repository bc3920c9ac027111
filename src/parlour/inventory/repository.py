"""Inventory queries, scoped to one location: storages, suppliers, documents, goods
transactions, bills of materials and appointment consumables."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from parlour.errors import StorageNotFound, SupplierNotFound
from parlour.kit.repository import Scoped
from parlour.models import Storage, Supplier

STORAGES = Scoped(Storage, not_found=StorageNotFound, order_by=(Storage.weight, Storage.id))
SUPPLIERS = Scoped(Supplier, not_found=SupplierNotFound)


async def list_storages(session: AsyncSession, location_id: int) -> list[Storage]:
    return await STORAGES.all(session, location_id)


async def list_suppliers(session: AsyncSession, location_id: int) -> list[Supplier]:
    return await SUPPLIERS.all(session, location_id)
