"""The cash desk's own tables: client deposits (chain-wide personal accounts) and their
ledger, and the non-cash payments of a sale (deposit and loyalty lines).

A deposit's ``balance`` is kept on its row and changed only under that row's lock, together
with the deposit transaction that explains the change; the live transactions always sum to
``balance - initial_balance``.
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from sqlalchemy import Boolean, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from parlour.kit.timeutil import utcnow
from parlour.models.base import Base, IdType, MoneyType, fk, id_column


class DepositType(Base):
    """A kind of personal account of a chain ("Account type 1")."""

    __tablename__ = "deposit_type"

    id: Mapped[int] = id_column()
    chain_id: Mapped[int] = fk("chain.id")
    title: Mapped[str] = mapped_column(String(255))
    deleted: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class Deposit(Base):
    """A client's personal account in a chain: owned by the client's phone, so every location
    of the chain sees and spends the same balance."""

    __tablename__ = "deposit"
    __table_args__ = (Index("ix_deposit_chain_phone", "chain_id", "phone"),)

    id: Mapped[int] = id_column()
    chain_id: Mapped[int] = fk("chain.id", index=False)
    deposit_type_id: Mapped[int] = fk("deposit_type.id", ondelete="RESTRICT")
    phone: Mapped[str] = mapped_column(String(32))
    # The client card it was opened for (one location's card; the phone is the owner).
    client_id: Mapped[int | None] = mapped_column(
        IdType, ForeignKey("client.id", ondelete="SET NULL"), nullable=True
    )
    initial_balance: Mapped[Decimal] = mapped_column(MoneyType, default=Decimal(0))
    balance: Mapped[Decimal] = mapped_column(MoneyType, default=Decimal(0))
    blocked: Mapped[bool] = mapped_column(Boolean, default=False)
    deleted: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class DepositTransaction(Base):
    """One change of a deposit's balance: a top-up (positive) or a payment (negative)."""

    __tablename__ = "deposit_transaction"

    id: Mapped[int] = id_column()
    chain_id: Mapped[int] = fk("chain.id")
    location_id: Mapped[int] = fk("location.id")
    deposit_id: Mapped[int] = fk("deposit.id")
    document_id: Mapped[int | None] = mapped_column(
        IdType, ForeignKey("storage_document.id", ondelete="SET NULL"), nullable=True
    )
    master_id: Mapped[int | None] = mapped_column(IdType, nullable=True)
    user_id: Mapped[int | None] = mapped_column(IdType, nullable=True)
    amount: Mapped[Decimal] = mapped_column(MoneyType)
    comment: Mapped[str] = mapped_column(Text, default="")
    deleted: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class SaleLoyaltyTransaction(Base):
    """A payment of a sale's item by a non-cash method (``type_id`` 11: from a deposit, 3: from
    a loyalty card, 8: from a gift certificate, 9: a membership's visit) or a discount on it
    (``type_id`` 1: a loyalty program's; it lowers what the item costs rather than paying it)."""

    __tablename__ = "sale_loyalty_transaction"

    id: Mapped[int] = id_column()
    location_id: Mapped[int] = fk("location.id")
    document_id: Mapped[int] = fk("storage_document.id", ondelete="RESTRICT")
    sale_item_type: Mapped[str] = mapped_column(String(32))
    sale_item_id: Mapped[int] = mapped_column(IdType)
    record_id: Mapped[int | None] = mapped_column(IdType, nullable=True)
    type_id: Mapped[int] = mapped_column(Integer)
    amount: Mapped[Decimal] = mapped_column(MoneyType)
    deposit_transaction_id: Mapped[int | None] = mapped_column(
        IdType, ForeignKey("deposit_transaction.id", ondelete="SET NULL"), nullable=True
    )
    # The loyalty methods (loyalty/visits.py): the card and program a line came from and the
    # chain ledger line that moved the card's balance (or recorded the discount).
    card_id: Mapped[int | None] = mapped_column(IdType, nullable=True)
    program_id: Mapped[int | None] = mapped_column(IdType, nullable=True)
    loyalty_transaction_id: Mapped[int | None] = mapped_column(IdType, nullable=True)
    # The gift certificate a type-8 line was paid from.
    certificate_id: Mapped[int | None] = mapped_column(
        IdType, ForeignKey("certificate.id", ondelete="SET NULL"), nullable=True
    )
    # A membership's use (``type_id`` 9): the membership it took the visit from.
    abonement_id: Mapped[int | None] = mapped_column(IdType, nullable=True)
    deleted: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class KkmSettings(Base):
    """A location's fiscal provider: where Parlour posts its receipts, and its tax system."""

    __tablename__ = "kkm_settings"

    id: Mapped[int] = id_column()
    location_id: Mapped[int] = fk("location.id")
    url: Mapped[str] = mapped_column(String(1024))
    tax_system: Mapped[str] = mapped_column(String(32), default="ru_osn")
    print_receipt: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class KkmTransaction(Base):
    """A receipt sent to the fiscal provider: ``type_id`` 0 sale, 1 return; ``status_id`` 2
    sent, 1 printed, 3 refused by the provider, 0 provider not reached. ``uid`` is the
    receipt's id at the provider; its callback names it."""

    __tablename__ = "kkm_transaction"

    id: Mapped[int] = id_column()
    location_id: Mapped[int] = fk("location.id")
    document_id: Mapped[int] = fk("storage_document.id", ondelete="RESTRICT")
    type_id: Mapped[int] = mapped_column(Integer)
    status_id: Mapped[int] = mapped_column(Integer, default=2)
    sum: Mapped[Decimal] = mapped_column(MoneyType, default=Decimal(0))
    printed_count: Mapped[int] = mapped_column(Integer, default=0)
    user_id: Mapped[int | None] = mapped_column(IdType, nullable=True)
    uid: Mapped[str] = mapped_column(String(36), unique=True)
    message: Mapped[str] = mapped_column(Text, default="")
    print_date: Mapped[datetime] = mapped_column(default=utcnow)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
