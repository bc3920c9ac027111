"""Inventory request bodies: storages and suppliers (Parlour extensions), documents, goods
transactions, inventory operations and consumables (upstream field names)."""

from __future__ import annotations

from decimal import Decimal

from pydantic import Field

from parlour.kit.ids import Id, IdOrZero
from parlour.kit.money import Money, Percent, Quantity
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


class DocumentWrite(ParlourModel):
    # 1 goods sale, 2 services, 3 receipt, 4 write-off, 5 transfer, 6 inventory count, 7 visit,
    # 8 consumables, 9 deposit top-up (upstream's document-type table).
    type_id: int = Field(ge=1, le=9)
    comment: str = Field(default="", max_length=10_000)
    storage_id: Id
    create_date: str | None = Field(default=None, max_length=64)
    master_id: IdOrZero = 0


class LineFields(ParlourModel):
    good_id: Id
    # Positive as sent; stored with the sign of the document type (a sale of 1 is -1).
    amount: Quantity
    cost_per_unit: Money = Decimal(0)
    # Percent.
    discount: Percent = Decimal(0)
    # The line's total; computed from cost_per_unit, amount and discount when not sent.
    cost: Money | None = None
    # 1: the amount is in the product's sale unit, 2: in its service (write-off) unit.
    operation_unit_type: int = Field(default=1, ge=1, le=2)
    master_id: IdOrZero = 0
    client_id: IdOrZero = 0
    supplier_id: IdOrZero = 0
    record_id: IdOrZero = 0
    service_id: IdOrZero = 0
    comment: str = Field(default="", max_length=10_000)


class LineWrite(LineFields):
    document_id: Id


class OperationCreate(ParlourModel):
    """A document and its goods lines in one request. Upstream's pages name the lines
    ``goods_transactions`` and ``transactions``; both are read."""

    type_id: int = Field(ge=1, le=9)
    comment: str = Field(default="", max_length=10_000)
    create_date: str | None = Field(default=None, max_length=64)
    master_id: IdOrZero = 0
    storage_id: Id
    goods_transactions: list[LineFields] | None = Field(default=None, max_length=500)
    transactions: list[LineFields] | None = Field(default=None, max_length=500)
    # Paid on this account: a finance line per goods line (sales: income, receipts: expense).
    paid: bool = False
    account_id: IdOrZero = 0
    client_id: IdOrZero = 0
    # Transfers: the storage the goods go to.
    target_storage_id: IdOrZero = 0

    def lines(self) -> list[LineFields]:
        return list(self.goods_transactions or self.transactions or [])
