"""The two ledgers and what they count: products in a category tree, storages, units, goods
transactions grouped in documents (stock), cash desks, expense items and finance transactions
(money).

Stock is never stored: it is the sum of the signed live goods transactions of a product in a
storage (a sale of 1 is a line of -1). An account's balance is the sum of its live finance
transactions. Both ledgers use exact decimals (quantities NUMERIC(14, 3), money NUMERIC(14, 2)).
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from sqlalchemy import Boolean, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from parlour.kit.timeutil import utcnow
from parlour.models.base import Base, IdType, MoneyType, QuantityType, fk, id_column

# Document types (upstream's table; it wins over the per-page lists).
GOODS_SALE = 1
SERVICES_SALE = 2
RECEIPT = 3
WRITE_OFF = 4
TRANSFER = 5
INVENTORY_COUNT = 6
VISIT = 7
CONSUMABLES = 8
DEPOSIT_TOP_UP = 9

# operation_unit_type of a goods transaction: the amount is in the product's sale unit or in
# its service (write-off) unit.
SALE_UNIT = 1
SERVICE_UNIT = 2


class Unit(Base):
    """A unit of measure (piece, millilitre, gram)."""

    __tablename__ = "unit"

    id: Mapped[int] = id_column()
    location_id: Mapped[int] = fk("location.id")
    title: Mapped[str] = mapped_column(String(255))
    short_title: Mapped[str] = mapped_column(String(32), default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class Storage(Base):
    """A storage ("inventory" upstream): a shop shelf, a consumables cupboard."""

    __tablename__ = "storage"

    id: Mapped[int] = id_column()
    location_id: Mapped[int] = fk("location.id")
    title: Mapped[str] = mapped_column(String(255))
    # Consumables of services are written off from it.
    for_service: Mapped[bool] = mapped_column(Boolean, default=False)
    # The default storage for selling products.
    for_sale: Mapped[bool] = mapped_column(Boolean, default=False)
    comment: Mapped[str] = mapped_column(Text, default="")
    weight: Mapped[int] = mapped_column(Integer, default=0)
    deleted: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class Supplier(Base):
    __tablename__ = "supplier"

    id: Mapped[int] = id_column()
    location_id: Mapped[int] = fk("location.id")
    title: Mapped[str] = mapped_column(String(255))
    phone: Mapped[str] = mapped_column(String(64), default="")
    email: Mapped[str] = mapped_column(String(255), default="")
    comment: Mapped[str] = mapped_column(Text, default="")
    deleted: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class GoodsCategory(Base):
    """A node of the product category tree (``parent_id`` null: a root category). The API
    refuses to delete a category that holds live categories or products."""

    __tablename__ = "goods_category"

    id: Mapped[int] = id_column()
    location_id: Mapped[int] = fk("location.id")
    parent_id: Mapped[int | None] = mapped_column(
        IdType, ForeignKey("goods_category.id", ondelete="CASCADE"), nullable=True, index=True
    )
    title: Mapped[str] = mapped_column(String(255))
    article: Mapped[str] = mapped_column(String(255), default="")
    comment: Mapped[str] = mapped_column(Text, default="")
    # Title and article folded for search (kit/text.py), one per line.
    search_text: Mapped[str] = mapped_column(Text, default="")
    # Soft: deleted products still name their category.
    deleted: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class Product(Base):
    """A product ("good" upstream). Sold in its sale unit, written off for services in its
    service unit; ``unit_equals`` service units make one sale unit (1 piece = 100 ml)."""

    __tablename__ = "product"
    __table_args__ = (Index("ix_product_location_updated", "location_id", "updated_at"),)

    id: Mapped[int] = id_column()
    location_id: Mapped[int] = fk("location.id", index=False)
    category_id: Mapped[int] = fk("goods_category.id", ondelete="RESTRICT")
    title: Mapped[str] = mapped_column(String(255))
    print_title: Mapped[str] = mapped_column(String(255), default="")
    article: Mapped[str] = mapped_column(String(255), default="")
    barcode: Mapped[str] = mapped_column(String(255), default="")
    # Selling price and cost price of one sale unit.
    cost: Mapped[Decimal] = mapped_column(MoneyType, default=Decimal(0))
    actual_cost: Mapped[Decimal] = mapped_column(MoneyType, default=Decimal(0))
    sale_unit_id: Mapped[int] = fk("unit.id", ondelete="RESTRICT")
    service_unit_id: Mapped[int] = fk("unit.id", ondelete="RESTRICT")
    unit_equals: Mapped[Decimal] = mapped_column(QuantityType, default=Decimal(1))
    critical_amount: Mapped[Decimal] = mapped_column(QuantityType, default=Decimal(0))
    desired_amount: Mapped[Decimal] = mapped_column(QuantityType, default=Decimal(0))
    netto: Mapped[Decimal] = mapped_column(QuantityType, default=Decimal(0))
    brutto: Mapped[Decimal] = mapped_column(QuantityType, default=Decimal(0))
    comment: Mapped[str] = mapped_column(Text, default="")
    tax_variant: Mapped[int] = mapped_column(Integer, default=0)
    vat_id: Mapped[int] = mapped_column(Integer, default=0)
    # The membership type / gift certificate type it sells (a type's goods item), else None.
    loyalty_abonement_type_id: Mapped[int | None] = mapped_column(Integer, nullable=True)
    loyalty_certificate_type_id: Mapped[int | None] = mapped_column(Integer, nullable=True)
    # Title, article and barcode folded for search (kit/text.py), one per line.
    search_text: Mapped[str] = mapped_column(Text, default="")
    deleted: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    @property
    def counts_stock(self) -> bool:
        """False for a membership's or gift certificate's goods item: it stands for a right
        sold to a client, not for something on a shelf, so its sale lines move no stock
        (decisions.json)."""
        return not (self.loyalty_abonement_type_id or self.loyalty_certificate_type_id)


class StorageDocument(Base):
    """A document of the stock ledger: a sale, a receipt, a write-off ... Its goods lines and
    its finance lines point back to it."""

    __tablename__ = "storage_document"
    __table_args__ = (UniqueConstraint("location_id", "number"),)

    id: Mapped[int] = id_column()
    location_id: Mapped[int] = fk("location.id", index=False)
    type_id: Mapped[int] = mapped_column(Integer)
    storage_id: Mapped[int] = fk("storage.id", ondelete="RESTRICT")
    # The location's running document number.
    number: Mapped[int] = mapped_column(Integer)
    user_id: Mapped[int | None] = mapped_column(
        IdType, ForeignKey("app_user.id", ondelete="SET NULL"), nullable=True, index=True
    )
    master_id: Mapped[int | None] = mapped_column(IdType, nullable=True)
    record_id: Mapped[int | None] = mapped_column(IdType, nullable=True, index=True)
    visit_id: Mapped[int | None] = mapped_column(IdType, nullable=True, index=True)
    comment: Mapped[str] = mapped_column(Text, default="")
    create_date: Mapped[datetime]
    deleted: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class GoodsTransaction(Base):
    """One line of the stock ledger. ``amount`` is signed (a sale of 1 is -1) and counted in
    the unit ``operation_unit_type`` names."""

    __tablename__ = "goods_transaction"
    __table_args__ = (
        Index("ix_goods_transaction_stock", "location_id", "good_id", "storage_id"),
        Index("ix_goods_transaction_location_updated", "location_id", "updated_at"),
    )

    id: Mapped[int] = id_column()
    location_id: Mapped[int] = fk("location.id", index=False)
    document_id: Mapped[int] = fk("storage_document.id", ondelete="RESTRICT")
    type_id: Mapped[int] = mapped_column(Integer)
    good_id: Mapped[int] = fk("product.id", ondelete="RESTRICT", index=False)
    storage_id: Mapped[int] = fk("storage.id", ondelete="RESTRICT")
    amount: Mapped[Decimal] = mapped_column(QuantityType)
    operation_unit_type: Mapped[int] = mapped_column(Integer, default=SALE_UNIT)
    cost_per_unit: Mapped[Decimal] = mapped_column(MoneyType, default=Decimal(0))
    discount: Mapped[Decimal] = mapped_column(MoneyType, default=Decimal(0))
    cost: Mapped[Decimal] = mapped_column(MoneyType, default=Decimal(0))
    supplier_id: Mapped[int | None] = mapped_column(IdType, nullable=True)
    client_id: Mapped[int | None] = mapped_column(IdType, nullable=True)
    master_id: Mapped[int | None] = mapped_column(IdType, nullable=True)
    record_id: Mapped[int | None] = mapped_column(IdType, nullable=True, index=True)
    service_id: Mapped[int | None] = mapped_column(IdType, nullable=True)
    user_id: Mapped[int | None] = mapped_column(IdType, nullable=True)
    comment: Mapped[str] = mapped_column(Text, default="")
    create_date: Mapped[datetime]
    deleted: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class Account(Base):
    """A cash desk (``type`` 0) or a non-cash account (``type`` 1)."""

    __tablename__ = "account"

    id: Mapped[int] = id_column()
    location_id: Mapped[int] = fk("location.id")
    title: Mapped[str] = mapped_column(String(255))
    type: Mapped[int] = mapped_column(Integer, default=0)
    comment: Mapped[str] = mapped_column(Text, default="")
    is_default: Mapped[bool] = mapped_column(Boolean, default=False)
    weight: Mapped[int] = mapped_column(Integer, default=0)
    deleted: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class Expense(Base):
    """An expense (payment) item. Upstream's system items 1-11 have no location and exist in
    every location (seeded by migration 0011); a location adds its own."""

    __tablename__ = "expense"

    id: Mapped[int] = id_column()
    location_id: Mapped[int | None] = mapped_column(
        IdType, ForeignKey("location.id", ondelete="CASCADE"), nullable=True, index=True
    )
    title: Mapped[str] = mapped_column(String(255))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class FinanceTransaction(Base):
    """One line of the money ledger: signed (income positive, expense negative)."""

    __tablename__ = "finance_transaction"
    __table_args__ = (
        Index("ix_finance_transaction_location_date", "location_id", "date"),
        Index("ix_finance_transaction_location_updated", "location_id", "updated_at"),
    )

    id: Mapped[int] = id_column()
    location_id: Mapped[int] = fk("location.id", index=False)
    document_id: Mapped[int | None] = mapped_column(
        IdType, ForeignKey("storage_document.id", ondelete="RESTRICT"), nullable=True, index=True
    )
    expense_id: Mapped[int] = fk("expense.id", ondelete="RESTRICT")
    account_id: Mapped[int] = fk("account.id", ondelete="RESTRICT")
    amount: Mapped[Decimal] = mapped_column(MoneyType)
    client_id: Mapped[int | None] = mapped_column(IdType, nullable=True)
    master_id: Mapped[int | None] = mapped_column(IdType, nullable=True)
    supplier_id: Mapped[int | None] = mapped_column(IdType, nullable=True)
    user_id: Mapped[int | None] = mapped_column(IdType, nullable=True)
    record_id: Mapped[int | None] = mapped_column(IdType, nullable=True, index=True)
    visit_id: Mapped[int | None] = mapped_column(IdType, nullable=True, index=True)
    goods_transaction_id: Mapped[int | None] = mapped_column(IdType, nullable=True)
    # What was paid for: "good" (sold_item_id: the product), "service", or "".
    sold_item_type: Mapped[str] = mapped_column(String(32), default="")
    sold_item_id: Mapped[int | None] = mapped_column(IdType, nullable=True)
    comment: Mapped[str] = mapped_column(Text, default="")
    date: Mapped[datetime]
    deleted: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class TechnologicalCard(Base):
    """A bill of materials: what one service consumes. ``service_id`` makes it the service's
    default; a team member's link (``service_team_member.technological_card_id``) overrides."""

    __tablename__ = "technological_card"

    id: Mapped[int] = id_column()
    location_id: Mapped[int] = fk("location.id")
    title: Mapped[str] = mapped_column(String(255))
    service_id: Mapped[int | None] = mapped_column(
        IdType, ForeignKey("service.id", ondelete="SET NULL"), nullable=True, index=True
    )
    deleted: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class TechnologicalCardItem(Base):
    """A product and the amount (in its service unit) a bill of materials uses."""

    __tablename__ = "technological_card_item"

    id: Mapped[int] = id_column()
    location_id: Mapped[int] = fk("location.id")
    technological_card_id: Mapped[int] = fk("technological_card.id")
    good_id: Mapped[int] = fk("product.id", ondelete="RESTRICT")
    storage_id: Mapped[int] = fk("storage.id", ondelete="RESTRICT")
    amount: Mapped[Decimal] = mapped_column(QuantityType)


class RecordServiceCard(Base):
    """The bill of materials one service of an appointment uses, once set or written off
    (``technological_card_id`` null: removed). Without a row the default card applies.
    ``document_id``: the consumables write-off of the completed visit."""

    __tablename__ = "record_service_card"
    __table_args__ = (UniqueConstraint("record_id", "service_id"),)

    id: Mapped[int] = id_column()
    location_id: Mapped[int] = fk("location.id")
    record_id: Mapped[int] = fk("record.id", index=False)
    service_id: Mapped[int] = fk("service.id", ondelete="RESTRICT")
    technological_card_id: Mapped[int | None] = mapped_column(IdType, nullable=True)
    document_id: Mapped[int | None] = mapped_column(
        IdType, ForeignKey("storage_document.id", ondelete="SET NULL"), nullable=True
    )


class RecordConsumable(Base):
    """A consumable of one service of an appointment (service units). When the visit is
    completed it is written off (``goods_transaction_id``); removing it gives it back."""

    __tablename__ = "record_consumable"

    id: Mapped[int] = id_column()
    location_id: Mapped[int] = fk("location.id")
    record_id: Mapped[int] = fk("record.id")
    service_id: Mapped[int] = fk("service.id", ondelete="RESTRICT")
    good_id: Mapped[int] = fk("product.id", ondelete="RESTRICT")
    storage_id: Mapped[int] = fk("storage.id", ondelete="RESTRICT")
    amount: Mapped[Decimal] = mapped_column(QuantityType)
    goods_transaction_id: Mapped[int | None] = mapped_column(
        IdType, ForeignKey("goods_transaction.id", ondelete="SET NULL"), nullable=True
    )
