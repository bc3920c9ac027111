"""Custom (additional) field definitions of a location, per category (record, client, ...)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Boolean, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from parlour.kit.timeutil import utcnow
from parlour.models.base import Base, JSONType, fk, id_column


class CustomField(Base):
    """Values live on the owning rows (``Record.custom_fields``, ...) keyed by ``code``."""

    __tablename__ = "custom_field"
    __table_args__ = (UniqueConstraint("location_id", "category", "code"),)

    id: Mapped[int] = id_column()
    location_id: Mapped[int] = fk("location.id")
    category: Mapped[str] = mapped_column(String(32))  # "record", "client", ...
    code: Mapped[str] = mapped_column(String(64))
    title: Mapped[str] = mapped_column(String(255))
    type: Mapped[str] = mapped_column(String(32), default="text")  # text, number, select, date...
    values: Mapped[list[Any]] = mapped_column(JSONType, default=list)
    user_can_edit: Mapped[bool] = mapped_column(Boolean, default=True)
    show_in_ui: Mapped[bool] = mapped_column(Boolean, default=True)
    weight: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
