"""Memberships ("abonements" upstream), held by a chain: membership types (what a membership
covers, for how long, whether it freezes), the memberships sold to a client's phone, and the
uses that took a visit from one.

A membership's balance is stored on its row (``links``: one entry per covered service or
category, or one ``united`` count) and changes only under that row's lock (PostgreSQL
``FOR UPDATE``; SQLite's write transaction), so two locations using one membership at once
queue on the row and the second sees what the first left.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import Boolean, CheckConstraint, Date, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from parlour.kit.timeutil import utcnow
from parlour.models.base import Base, IdType, JSONType, MoneyType, fk, id_column

# Status ids (upstream's membership status object).
STATUS_ISSUED = 1
STATUS_ACTIVATED = 2
STATUS_OVERDUE = 3

# Period units (upstream's period_unit_id).
UNIT_DAY = 1
UNIT_WEEK = 2
UNIT_MONTH = 3
UNIT_YEAR = 4


class MembershipType(Base):
    """A kind of membership a chain sells ("10 visits", "Monthly unlimited").

    ``services`` and ``service_categories`` map a service's (category's) id to the visits a
    membership of this type holds for it; with ``is_united_balance`` they only name what is
    covered and ``united_balance_services_count`` is the one shared count. ``product_ids``
    maps a location id to the goods item the type is sold as there."""

    __tablename__ = "membership_type"

    id: Mapped[int] = id_column()
    chain_id: Mapped[int] = fk("chain.id")
    title: Mapped[str] = mapped_column(String(255))
    cost: Mapped[Decimal] = mapped_column(MoneyType, default=Decimal(0))
    period: Mapped[int] = mapped_column(Integer, default=0)
    period_unit_id: Mapped[int] = mapped_column(Integer, default=0)
    allow_freeze: Mapped[bool] = mapped_column(Boolean, default=False)
    freeze_limit: Mapped[int] = mapped_column(Integer, default=0)
    is_allow_empty_code: Mapped[bool] = mapped_column(Boolean, default=False)
    is_united_balance: Mapped[bool] = mapped_column(Boolean, default=False)
    united_balance_services_count: Mapped[int] = mapped_column(Integer, default=0)
    services: Mapped[dict[str, Any]] = mapped_column(JSONType, default=dict)
    service_categories: Mapped[dict[str, Any]] = mapped_column(JSONType, default=dict)
    is_online_sale_enabled: Mapped[bool] = mapped_column(Boolean, default=False)
    online_sale_title: Mapped[str] = mapped_column(String(255), default="")
    online_sale_description: Mapped[str] = mapped_column(Text, default="")
    online_sale_price: Mapped[Decimal] = mapped_column(MoneyType, default=Decimal(0))
    product_ids: Mapped[dict[str, Any]] = mapped_column(JSONType, default=dict)
    archived: Mapped[bool] = mapped_column(Boolean, default=False)
    deleted: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class ClientMembership(Base):
    """A membership sold to a phone in a chain: valid in every location of the chain.

    ``links`` is the balance: ``[{"kind": "service"|"category", "id": n, "count": n}]`` for a
    separate balance, ``united_count`` for a united one. The period counts from the sale;
    ``freeze_days`` (every freeze so far) pushes the expiry on."""

    __tablename__ = "client_membership"
    __table_args__ = (
        CheckConstraint("united_count >= 0", name="united_count_not_negative"),
        Index("ix_client_membership_chain_phone", "chain_id", "phone"),
        Index("ix_client_membership_chain_number", "chain_id", "number"),
    )

    id: Mapped[int] = id_column()
    chain_id: Mapped[int] = fk("chain.id", index=False)
    type_id: Mapped[int] = fk("membership_type.id", ondelete="RESTRICT")
    # The location that sold it and the client card it was sold to (the phone is the owner).
    location_id: Mapped[int | None] = fk("location.id", nullable=True, ondelete="SET NULL")
    client_id: Mapped[int | None] = mapped_column(
        IdType, ForeignKey("client.id", ondelete="SET NULL"), nullable=True
    )
    # The goods sale document it was sold with.
    document_id: Mapped[int | None] = mapped_column(
        IdType, ForeignKey("storage_document.id", ondelete="SET NULL"), nullable=True
    )
    phone: Mapped[str] = mapped_column(String(32))
    number: Mapped[str] = mapped_column(String(64), default="")
    status_id: Mapped[int] = mapped_column(Integer, default=STATUS_ISSUED)
    is_united_balance: Mapped[bool] = mapped_column(Boolean, default=False)
    united_count: Mapped[int] = mapped_column(Integer, default=0)
    links: Mapped[list[Any]] = mapped_column(JSONType, default=list)
    period: Mapped[int] = mapped_column(Integer, default=0)
    period_unit_id: Mapped[int] = mapped_column(Integer, default=0)
    is_frozen: Mapped[bool] = mapped_column(Boolean, default=False)
    freeze_till: Mapped[date | None] = mapped_column(Date, nullable=True)
    freeze_days: Mapped[int] = mapped_column(Integer, default=0)
    cost: Mapped[Decimal] = mapped_column(MoneyType, default=Decimal(0))
    activated_at: Mapped[datetime | None] = mapped_column(nullable=True)
    deleted: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class MembershipUse(Base):
    """One visit taken from a membership to pay a sale's service item (undone with the
    payment line that recorded it)."""

    __tablename__ = "membership_use"

    id: Mapped[int] = id_column()
    chain_id: Mapped[int] = fk("chain.id")
    location_id: Mapped[int] = fk("location.id")
    membership_id: Mapped[int] = fk("client_membership.id")
    document_id: Mapped[int] = fk("storage_document.id", ondelete="RESTRICT")
    # The sale's payment line (sale_loyalty_transaction) that records the use.
    sale_line_id: Mapped[int | None] = mapped_column(IdType, nullable=True, index=True)
    service_id: Mapped[int] = mapped_column(IdType)
    # Which balance entry gave the visit: "united", or "service:<id>" / "category:<id>".
    link: Mapped[str] = mapped_column(String(64))
    deleted: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
