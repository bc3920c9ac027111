"""Inventory request bodies: storages and suppliers (Parlour extensions), documents, goods
transactions, inventory operations and consumables (upstream field names)."""

from __future__ import annotations

from pydantic import Field

from parlour.kit.schema import ParlourModel


class StorageCreate(ParlourModel):
    title: str = Field(min_length=1, max_length=255)
    # Upstream's sample names the flag ``for_service``, its field list ``for_services``.
    for_service: bool = False
    for_services: bool | None = None
    for_sale: bool = False
    comment: str = Field(default="", max_length=10_000)
    weight: int = Field(default=0, ge=0, le=1_000_000)


class SupplierCreate(ParlourModel):
    title: str = Field(min_length=1, max_length=255)
    phone: str = Field(default="", max_length=64)
    email: str = Field(default="", max_length=255)
    comment: str = Field(default="", max_length=10_000)
