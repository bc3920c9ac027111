"""Gift certificates, held by a chain: certificate types (a denomination with its rules) and
the certificates sold to a phone.

A type is sold as a product: each location it is valid in has its own goods item
(``CertificateTypeLocation.product_id``), kept in step with the type. A certificate's
``balance`` is stored so that one locked row decides every payment (``certificates.service``
reads it ``FOR UPDATE``; SQLite's write transaction serialises writers), and a CHECK keeps it
from going below zero.
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from sqlalchemy import Boolean, CheckConstraint, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from parlour.kit.timeutil import utcnow
from parlour.models.base import Base, JSONType, MoneyType, fk, id_column

# Restriction of what a certificate pays for (the type tables of upstream, decisions.json).
ITEMS_ANY = 0
ITEMS_ANY_SERVICES = 1
ITEMS_ANY_GOODS = 2
ITEMS_SOME_SERVICES = 3
ITEMS_SOME_SERVICES_ANY_GOODS = 4

# Expiry of a type: none, one fixed date, a period from the sale.
EXPIRES_NEVER = 0
EXPIRES_ON_DATE = 1
EXPIRES_AFTER_PERIOD = 2

# A certificate's status (upstream's ids; "used" is Parlour's, decisions.json).
STATUS_ISSUED = 1
STATUS_ACTIVATED = 2
STATUS_EXPIRED = 3
STATUS_USED = 4


class CertificateType(Base):
    """A kind of gift certificate a chain sells: its face value and its rules."""

    __tablename__ = "certificate_type"

    id: Mapped[int] = id_column()
    chain_id: Mapped[int] = fk("chain.id")
    title: Mapped[str] = mapped_column(String(255))
    balance: Mapped[Decimal] = mapped_column(MoneyType)
    is_multi: Mapped[bool] = mapped_column(Boolean, default=True)
    item_type_id: Mapped[int] = mapped_column(Integer, default=ITEMS_ANY)
    # Services (or service categories) a "some services" type pays for.
    service_ids: Mapped[list[int]] = mapped_column(JSONType, default=list)
    category_id: Mapped[int | None] = mapped_column(Integer, nullable=True)
    expiration_type_id: Mapped[int] = mapped_column(Integer, default=EXPIRES_NEVER)
    expiration_date: Mapped[datetime | None] = mapped_column(nullable=True)
    expiration_timeout: Mapped[int] = mapped_column(Integer, default=0)
    expiration_timeout_unit_id: Mapped[int] = mapped_column(Integer, default=0)
    balance_edit_type_id: Mapped[int] = mapped_column(Integer, default=1)
    is_allow_empty_code: Mapped[bool] = mapped_column(Boolean, default=False)
    weight: Mapped[int] = mapped_column(Integer, default=1)
    online_sale_is_enabled: Mapped[bool] = mapped_column(Boolean, default=False)
    online_sale_title: Mapped[str] = mapped_column(String(255), default="")
    online_sale_description: Mapped[str] = mapped_column(Text, default="")
    online_sale_price: Mapped[Decimal] = mapped_column(MoneyType, default=Decimal(0))
    deleted: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class CertificateTypeLocation(Base):
    """A location a type is valid in, and the goods item it is sold as there."""

    __tablename__ = "certificate_type_location"
    __table_args__ = (Index("ix_certificate_type_location_pair", "type_id", "location_id"),)

    id: Mapped[int] = id_column()
    type_id: Mapped[int] = fk("certificate_type.id", index=False)
    location_id: Mapped[int] = fk("location.id")
    product_id: Mapped[int] = fk("product.id", ondelete="RESTRICT")


class Certificate(Base):
    """A certificate sold to a phone; valid in the locations of its type."""

    __tablename__ = "certificate"
    __table_args__ = (
        CheckConstraint("balance >= 0", name="balance_not_negative"),
        Index("ix_certificate_chain_phone", "chain_id", "phone"),
        Index("ix_certificate_chain_number", "chain_id", "number"),
    )

    id: Mapped[int] = id_column()
    chain_id: Mapped[int] = fk("chain.id", index=False)
    type_id: Mapped[int] = fk("certificate_type.id", ondelete="RESTRICT")
    # The location that sold it, and the goods sale document of the sale.
    location_id: Mapped[int | None] = fk("location.id", nullable=True, ondelete="SET NULL")
    document_id: Mapped[int | None] = fk(
        "storage_document.id", nullable=True, ondelete="SET NULL", index=False
    )
    client_id: Mapped[int | None] = fk("client.id", nullable=True, ondelete="SET NULL")
    # The code ("" when the type allows a sale without one).
    number: Mapped[str] = mapped_column(String(64), default="")
    phone: Mapped[str] = mapped_column(String(32))
    default_balance: Mapped[Decimal] = mapped_column(MoneyType)
    balance: Mapped[Decimal] = mapped_column(MoneyType)
    # Issued, activated or used; "expired" is read from ``expiration_date``.
    status_id: Mapped[int] = mapped_column(Integer, default=STATUS_ACTIVATED)
    expiration_date: Mapped[datetime | None] = mapped_column(nullable=True)
    deleted: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
