"""Chains ("groups" upstream) and locations ("companies" upstream)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Boolean, Float, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from parlour.kit.timeutil import utcnow
from parlour.models.base import Base, IdType, JSONType, fk, id_column


class Chain(Base):
    __tablename__ = "chain"

    id: Mapped[int] = id_column()
    title: Mapped[str] = mapped_column(String(255))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class Location(Base):
    __tablename__ = "location"

    id: Mapped[int] = id_column()
    title: Mapped[str] = mapped_column(String(255))
    public_title: Mapped[str] = mapped_column(String(255), default="")
    short_descr: Mapped[str] = mapped_column(String(255), default="")
    description: Mapped[str] = mapped_column(Text, default="")
    logo: Mapped[str] = mapped_column(String(1024), default="")
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    phone: Mapped[str] = mapped_column(String(64), default="")
    phones: Mapped[list[str]] = mapped_column(JSONType, default=list)
    email: Mapped[str] = mapped_column(String(255), default="")
    country_id: Mapped[int] = mapped_column(Integer, default=0)
    country: Mapped[str] = mapped_column(String(255), default="")
    city_id: Mapped[int] = mapped_column(Integer, default=0)
    city: Mapped[str] = mapped_column(String(255), default="")
    timezone_name: Mapped[str] = mapped_column(String(64), default="UTC")
    address: Mapped[str] = mapped_column(String(1024), default="")
    zip: Mapped[str] = mapped_column(String(32), default="")
    coordinate_lat: Mapped[float] = mapped_column(Float, default=0.0)
    coordinate_lon: Mapped[float] = mapped_column(Float, default=0.0)
    site: Mapped[str] = mapped_column(String(1024), default="")
    social: Mapped[dict[str, Any]] = mapped_column(JSONType, default=dict)
    business_type_id: Mapped[int] = mapped_column(Integer, default=0)
    business_group_id: Mapped[int] = mapped_column(Integer, default=0)
    schedule: Mapped[str] = mapped_column(String(1024), default="")
    phone_confirmation: Mapped[bool] = mapped_column(Boolean, default=False)
    push_notification_phone_confirm: Mapped[int] = mapped_column(Integer, default=0)
    group_priority: Mapped[int] = mapped_column(Integer, default=0)
    bookform_group_priority: Mapped[int] = mapped_column(Integer, default=0)
    currency_short_title: Mapped[str] = mapped_column(String(16), default="$")
    app_ios: Mapped[str] = mapped_column(String(1024), default="")
    app_android: Mapped[str] = mapped_column(String(1024), default="")
    reminds_sms_disabled: Mapped[bool] = mapped_column(Boolean, default=False)
    reminds_sms_default: Mapped[int] = mapped_column(Integer, default=1)
    photos: Mapped[list[str]] = mapped_column(JSONType, default=list)
    # "single" (individual appointments), "activity" (group events) or "mixed".
    record_type: Mapped[str] = mapped_column(String(16), default="single")
    payment_policy: Mapped[str] = mapped_column(String(32), default="none")
    online_sales_form_url: Mapped[str] = mapped_column(String(1024), default="")
    main_group_id: Mapped[int | None] = mapped_column(
        IdType, ForeignKey("chain.id", ondelete="SET NULL"), nullable=True, index=True
    )
    deleted: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    main_group: Mapped[Chain | None] = relationship(lazy="raise")
    chain_links: Mapped[list[LocationChain]] = relationship(
        back_populates="location", lazy="raise", cascade="all, delete-orphan"
    )


class LocationChain(Base):
    """A location may belong to several chains; one of them is its main chain."""

    __tablename__ = "location_chain"
    __table_args__ = (UniqueConstraint("location_id", "chain_id"),)

    id: Mapped[int] = id_column()
    location_id: Mapped[int] = fk("location.id")
    chain_id: Mapped[int] = fk("chain.id")

    location: Mapped[Location] = relationship(back_populates="chain_links", lazy="raise")
    chain: Mapped[Chain] = relationship(lazy="raise")
