"""Clients of a location (the CRM side)."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Boolean, Date, Float, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from parlour.kit.timeutil import utcnow
from parlour.models.base import Base, fk, id_column


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
    discount: Mapped[float] = mapped_column(Float, default=0.0)
    card: Mapped[str] = mapped_column(String(255), default="")
    comment: Mapped[str] = mapped_column(Text, default="")
    sms_check: Mapped[bool] = mapped_column(Boolean, default=False)
    sms_not: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
