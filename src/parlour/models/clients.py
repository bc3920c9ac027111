"""Clients of a location (the CRM side): the card, its labels, comments and files."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import (
    Boolean,
    Date,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from parlour.kit.timeutil import utcnow
from parlour.models.base import Base, IdType, JSONType, MoneyType, fk, id_column


class Client(Base):
    __tablename__ = "client"
    # One location never holds two clients with one phone (phones are stored in E.164).
    __table_args__ = (UniqueConstraint("location_id", "phone"),)

    id: Mapped[int] = id_column()
    location_id: Mapped[int] = fk("location.id")
    name: Mapped[str] = mapped_column(String(255), default="")
    surname: Mapped[str] = mapped_column(String(255), default="")
    patronymic: Mapped[str] = mapped_column(String(255), default="")
    phone: Mapped[str | None] = mapped_column(String(32), nullable=True)
    email: Mapped[str] = mapped_column(String(255), default="")
    sex_id: Mapped[int] = mapped_column(Integer, default=0)
    birth_date: Mapped[date | None] = mapped_column(Date, nullable=True)
    importance_id: Mapped[int] = mapped_column(Integer, default=0)
    discount: Mapped[Decimal] = mapped_column(MoneyType, default=Decimal(0))
    card: Mapped[str] = mapped_column(String(255), default="")
    comment: Mapped[str] = mapped_column(Text, default="")
    sms_check: Mapped[bool] = mapped_column(Boolean, default=False)
    sms_not: Mapped[bool] = mapped_column(Boolean, default=False)
    # What the client had spent before being entered here, and their account balance; the
    # amounts earned through records are added on top when a card is read.
    spent: Mapped[Decimal] = mapped_column(MoneyType, default=Decimal(0))
    balance: Mapped[Decimal] = mapped_column(MoneyType, default=Decimal(0))
    # Values of the location's client custom fields, keyed by field code.
    custom_fields: Mapped[dict[str, Any]] = mapped_column(JSONType, default=dict)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class ClientLabel(Base):
    """A client's category (label) id. Labels live in a link table so search can filter on
    them with plain SQL on both backends."""

    __tablename__ = "client_label"
    __table_args__ = (UniqueConstraint("client_id", "label_id"),)

    id: Mapped[int] = id_column()
    client_id: Mapped[int] = fk("client.id")
    label_id: Mapped[int] = mapped_column(IdType, index=True)


class ClientFile(Base):
    """A file attached to a client; the bytes live on disk under ``Settings.files_dir``."""

    __tablename__ = "client_file"

    id: Mapped[int] = id_column()
    location_id: Mapped[int] = fk("location.id")
    client_id: Mapped[int] = fk("client.id")
    user_id: Mapped[int | None] = mapped_column(
        IdType, ForeignKey("app_user.id", ondelete="SET NULL"), nullable=True, index=True
    )
    name: Mapped[str] = mapped_column(String(255))
    description: Mapped[str] = mapped_column(Text, default="")
    mime: Mapped[str] = mapped_column(String(255), default="application/octet-stream")
    size: Mapped[int] = mapped_column(Integer, default=0)
    storage_key: Mapped[str] = mapped_column(String(255))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class ClientComment(Base):
    """A note on a client card. Uploading a file also leaves a ``file`` entry here."""

    __tablename__ = "client_comment"

    id: Mapped[int] = id_column()
    location_id: Mapped[int] = fk("location.id")
    client_id: Mapped[int] = fk("client.id")
    user_id: Mapped[int | None] = mapped_column(
        IdType, ForeignKey("app_user.id", ondelete="SET NULL"), nullable=True, index=True
    )
    file_id: Mapped[int | None] = mapped_column(
        IdType, ForeignKey("client_file.id", ondelete="SET NULL"), nullable=True, index=True
    )
    type: Mapped[str] = mapped_column(String(32), default="default")
    text: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
