"""Invitations to manage a location, and the outbox of messages Parlour would send."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from parlour.kit.timeutil import utcnow
from parlour.models.base import Base, JSONType, MoneyType, fk, id_column


class Invitation(Base):
    """A link sent to a person (by e-mail or phone) to manage a location. Accepting it
    approves the membership it created; only the token's digest is kept."""

    __tablename__ = "invitation"

    id: Mapped[int] = id_column()
    location_id: Mapped[int] = fk("location.id")
    user_id: Mapped[int] = fk("app_user.id")
    invited_by_id: Mapped[int | None] = fk("app_user.id", nullable=True, ondelete="SET NULL")
    name: Mapped[str] = mapped_column(String(255), default="")
    search: Mapped[str] = mapped_column(String(255))
    position: Mapped[str] = mapped_column(String(255), default="")
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    accepted_at: Mapped[datetime | None] = mapped_column(nullable=True)


class OutboxMessage(Base):
    """A message a change asks to send (an invitation link, a verification code, a
    notification), written in the change's own transaction: a rolled-back change leaves none.
    Delivery reads the rows with ``sent_at`` unset."""

    __tablename__ = "outbox_message"
    __table_args__ = (Index("ix_outbox_message_location_id_id", "location_id", "id"),)

    id: Mapped[int] = id_column()
    location_id: Mapped[int | None] = fk("location.id", nullable=True, index=False)
    user_id: Mapped[int | None] = fk("app_user.id", nullable=True, ondelete="SET NULL")
    channel: Mapped[str] = mapped_column(String(16))  # email | sms | push
    recipient: Mapped[str] = mapped_column(String(255))
    kind: Mapped[str] = mapped_column(String(64))
    subject: Mapped[str] = mapped_column(String(255), default="")
    body: Mapped[str] = mapped_column(Text, default="")
    payload: Mapped[dict[str, Any]] = mapped_column(JSONType, default=dict)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    sent_at: Mapped[datetime | None] = mapped_column(nullable=True)
    # Delivery (webhooks/messages.py): tries so far, when the next may run, the worker's
    # lease while it sends, and the end of the schedule (failed_at) with the last error.
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_at: Mapped[datetime | None] = mapped_column(nullable=True)
    lease: Mapped[str | None] = mapped_column(String(32), nullable=True)
    lease_until: Mapped[datetime | None] = mapped_column(nullable=True)
    failed_at: Mapped[datetime | None] = mapped_column(nullable=True)
    last_error: Mapped[str] = mapped_column(String(255), default="")
    # The operator's id of an SMS, for its delivery-status callback.
    external_id: Mapped[str | None] = mapped_column(String(64), nullable=True)
    delivery_status: Mapped[str] = mapped_column(String(32), default="")


class VerificationCode(Base):
    """A code sent by SMS to prove a phone number (to sign in, or to change a phone). Only a
    digest is kept; it expires, allows a few attempts, and sending is rate-limited per phone."""

    __tablename__ = "verification_code"
    __table_args__ = (Index("ix_verification_code_phone_created", "phone", "created_at"),)

    id: Mapped[int] = id_column()
    phone: Mapped[str] = mapped_column(String(32))
    location_id: Mapped[int | None] = fk("location.id", nullable=True)
    chain_id: Mapped[int | None] = fk("chain.id", nullable=True)
    code_hash: Mapped[str] = mapped_column(String(64))
    attempts: Mapped[int] = mapped_column(default=0)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime]
    used_at: Mapped[datetime | None] = mapped_column(nullable=True)


class Review(Base):
    """A client's review of one appointment (one per record): stars for the team member,
    a text and the tip left."""

    __tablename__ = "review"
    __table_args__ = (UniqueConstraint("record_id"),)

    id: Mapped[int] = id_column()
    location_id: Mapped[int] = fk("location.id")
    record_id: Mapped[int] = fk("record.id", index=False)
    team_member_id: Mapped[int] = fk("team_member.id")
    rating: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(Text, default="")
    tips_amount: Mapped[Decimal] = mapped_column(MoneyType, default=Decimal(0))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
