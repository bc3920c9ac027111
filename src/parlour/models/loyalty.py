"""Loyalty, held by a chain: card types, cards issued to a phone, programs (discounts and
cashback) with their rules, and the ledger of loyalty transactions.

A card's ``balance`` is stored (not summed) so that one locked row decides every withdrawal:
``loyalty.balances`` reads it ``FOR UPDATE`` (SQLite: the request's ``BEGIN IMMEDIATE``), and
a CHECK keeps it from ever going below zero. Each change of a balance writes one
``LoyaltyTransaction`` in the same database transaction.
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import Boolean, CheckConstraint, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from parlour.kit.timeutil import utcnow
from parlour.models.base import Base, JSONType, MoneyType, fk, id_column

# Transaction types (upstream's list, 1-11).
TX_PROGRAM_DISCOUNT = 1
TX_PROGRAM_ACCRUAL = 2
TX_CARD_WITHDRAWAL = 3
TX_REFERRAL_ACCRUAL = 4
TX_MANUAL_DEPOSIT = 5
TX_MANUAL_WITHDRAWAL = 6
TX_POINTS_EXPIRED = 7
TX_CERTIFICATE_WITHDRAWAL = 8
TX_MEMBERSHIP_USE = 9
TX_MEMBERSHIP_RECALCULATION = 10
TX_ACCOUNT_WITHDRAWAL = 11


class LoyaltyCardType(Base):
    """A kind of card a chain issues ("Cashback", "Gold"); programs name the types they serve."""

    __tablename__ = "loyalty_card_type"

    id: Mapped[int] = id_column()
    chain_id: Mapped[int] = fk("chain.id")
    title: Mapped[str] = mapped_column(String(255))
    deleted: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class LoyaltyCard(Base):
    """A card issued to a phone in a chain. One live card per type and phone; numbers are
    unique among a chain's live cards."""

    __tablename__ = "loyalty_card"
    __table_args__ = (
        CheckConstraint("balance >= 0", name="balance_not_negative"),
        Index("ix_loyalty_card_chain_phone", "chain_id", "phone"),
        Index("ix_loyalty_card_chain_number", "chain_id", "number"),
    )

    id: Mapped[int] = id_column()
    chain_id: Mapped[int] = fk("chain.id", index=False)
    type_id: Mapped[int] = fk("loyalty_card_type.id", ondelete="RESTRICT")
    # The location that issued it (it is valid in every location of the chain).
    location_id: Mapped[int | None] = fk("location.id", nullable=True, ondelete="SET NULL")
    number: Mapped[str] = mapped_column(String(64))
    phone: Mapped[str] = mapped_column(String(32))
    balance: Mapped[Decimal] = mapped_column(MoneyType, default=Decimal(0))
    paid_amount: Mapped[Decimal] = mapped_column(MoneyType, default=Decimal(0))
    sold_amount: Mapped[Decimal] = mapped_column(MoneyType, default=Decimal(0))
    visits_count: Mapped[int] = mapped_column(Integer, default=0)
    deleted: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class LoyaltyProgram(Base):
    """A chain's promotion: a discount or a cashback of one of upstream's types, valid for
    some card types in some locations, on some services and goods."""

    __tablename__ = "loyalty_program"

    id: Mapped[int] = id_column()
    chain_id: Mapped[int] = fk("chain.id")
    title: Mapped[str] = mapped_column(String(255))
    type: Mapped[str] = mapped_column(String(64))
    service_item_type: Mapped[str] = mapped_column(String(32), default="any_allowed")
    good_item_type: Mapped[str] = mapped_column(String(32), default="any_allowed")
    value_unit: Mapped[str] = mapped_column(String(16), default="percent")
    usage_limit: Mapped[int] = mapped_column(Integer, default=0)
    visit_multiplicity: Mapped[int] = mapped_column(Integer, default=0)
    sold_items_multiplicity: Mapped[int] = mapped_column(Integer, default=0)
    expiration_timeout: Mapped[int] = mapped_column(Integer, default=0)
    expiration_timeout_unit: Mapped[str] = mapped_column(String(16), default="day")
    expiration_notification_timeout: Mapped[int] = mapped_column(Integer, default=0)
    params_source_type: Mapped[str] = mapped_column(String(32), default="loyalty_card")
    history_start_date: Mapped[str] = mapped_column(String(64), default="")
    # Ids the program is limited to (JSON lists of ids).
    card_type_ids: Mapped[list[int]] = mapped_column(JSONType, default=list)
    location_ids: Mapped[list[int]] = mapped_column(JSONType, default=list)
    service_ids: Mapped[list[int]] = mapped_column(JSONType, default=list)
    good_ids: Mapped[list[int]] = mapped_column(JSONType, default=list)
    good_category_ids: Mapped[list[int]] = mapped_column(JSONType, default=list)
    deleted: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class LoyaltyProgramRule(Base):
    """One step of a program: from ``parameter`` (visits, amount) on, the ``value``."""

    __tablename__ = "loyalty_program_rule"

    id: Mapped[int] = id_column()
    program_id: Mapped[int] = fk("loyalty_program.id")
    parameter: Mapped[Decimal] = mapped_column(MoneyType, default=Decimal(0))
    value: Mapped[Decimal] = mapped_column(MoneyType, default=Decimal(0))
    service_id: Mapped[int] = mapped_column(Integer, default=0)


class LoyaltyTransaction(Base):
    """One line of the chain's loyalty ledger: a signed amount on a card (or, later, a
    certificate or membership), written with the balance change it records."""

    __tablename__ = "loyalty_transaction"
    __table_args__ = (
        Index("ix_loyalty_transaction_chain_created", "chain_id", "created_at"),
        Index("ix_loyalty_transaction_document", "document_id"),
    )

    id: Mapped[int] = id_column()
    chain_id: Mapped[int] = fk("chain.id", index=False)
    location_id: Mapped[int | None] = fk("location.id", nullable=True, ondelete="SET NULL")
    type_id: Mapped[int] = mapped_column(Integer)
    amount: Mapped[Decimal] = mapped_column(MoneyType)
    card_id: Mapped[int | None] = fk("loyalty_card.id", nullable=True)
    # A gift certificate's balance change (type 8 and its give-back).
    certificate_id: Mapped[int | None] = fk(
        "certificate.id", nullable=True, ondelete="SET NULL", index=False
    )
    program_id: Mapped[int | None] = mapped_column(Integer, nullable=True)
    visit_id: Mapped[int | None] = mapped_column(Integer, nullable=True)
    # The sale document the line was written for: a goods sale's cashback (no visit), a
    # program's discount (then ``sale_loyalty_transaction.loyalty_transaction_id`` names it).
    document_id: Mapped[int | None] = mapped_column(Integer, nullable=True)
    title: Mapped[str] = mapped_column(Text, default="")
    user_id: Mapped[int | None] = mapped_column(Integer, nullable=True)
    # A reversal (a cancelled withdrawal) points at what it reverses.
    reverses_id: Mapped[int | None] = mapped_column(Integer, nullable=True)
    # A membership's use (type 9): the membership it took a visit from.
    abonement_id: Mapped[int | None] = mapped_column(Integer, nullable=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class LoyaltyVisit(Base):
    """A sale counted in a card's history once it was fully paid: what was paid in money, what
    was sold and which services (``services``: service id -> units, what a package discount
    counts), from which the accumulative programs pick their rule. One row per sale and card:
    a visit's (``visit_id``) or a goods sale's (``visit_id`` NULL, ``document_id`` set; it
    counts money, not a visit); it is also the mark that the sale's cashback was accrued."""

    __tablename__ = "loyalty_visit"
    __table_args__ = (
        Index("ix_loyalty_visit_card", "card_id", "visit_id", unique=True),
        Index("ix_loyalty_visit_chain_phone", "chain_id", "phone"),
    )

    id: Mapped[int] = id_column()
    chain_id: Mapped[int] = fk("chain.id", index=False)
    location_id: Mapped[int] = fk("location.id")
    card_id: Mapped[int] = fk("loyalty_card.id", index=False)
    visit_id: Mapped[int | None] = mapped_column(Integer, nullable=True)
    document_id: Mapped[int | None] = mapped_column(Integer, nullable=True, index=True)
    phone: Mapped[str] = mapped_column(String(32))
    paid: Mapped[Decimal] = mapped_column(MoneyType, default=Decimal(0))
    sold: Mapped[Decimal] = mapped_column(MoneyType, default=Decimal(0))
    services: Mapped[dict[str, Any] | None] = mapped_column(JSONType, nullable=True, default=dict)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class LoyaltyReferral(Base):
    """A referral applied to a visit: the chain's referral program and the inviter's card,
    which earns the program's reward when the visit is paid."""

    __tablename__ = "loyalty_referral"

    id: Mapped[int] = id_column()
    chain_id: Mapped[int] = fk("chain.id", index=False)
    location_id: Mapped[int] = fk("location.id")
    visit_id: Mapped[int] = mapped_column(Integer, index=True)
    program_id: Mapped[int] = fk("loyalty_program.id", index=False)
    card_id: Mapped[int] = fk("loyalty_card.id", index=False)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
