"""Service catalog and team members: categories, services, positions, members, their links."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, Float, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from parlour.kit.timeutil import utcnow
from parlour.models.base import Base, IdType, fk, id_column


class ServiceCategory(Base):
    __tablename__ = "service_category"

    id: Mapped[int] = id_column()
    location_id: Mapped[int] = fk("location.id")
    title: Mapped[str] = mapped_column(String(255))
    api_id: Mapped[str] = mapped_column(String(255), default="")
    weight: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class Service(Base):
    __tablename__ = "service"

    id: Mapped[int] = id_column()
    location_id: Mapped[int] = fk("location.id")
    category_id: Mapped[int | None] = mapped_column(
        IdType, ForeignKey("service_category.id", ondelete="RESTRICT"), nullable=True, index=True
    )
    title: Mapped[str] = mapped_column(String(255))
    booking_title: Mapped[str] = mapped_column(String(255), default="")
    comment: Mapped[str] = mapped_column(Text, default="")
    price_min: Mapped[float] = mapped_column(Float, default=0.0)
    price_max: Mapped[float] = mapped_column(Float, default=0.0)
    discount: Mapped[float] = mapped_column(Float, default=0.0)
    # Seconds. The default length of the service; a team member link may override it.
    duration: Mapped[int] = mapped_column(Integer, default=3600)
    technical_break_duration: Mapped[int] = mapped_column(Integer, default=0)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    is_online: Mapped[bool] = mapped_column(Boolean, default=True)
    weight: Mapped[int] = mapped_column(Integer, default=0)
    api_id: Mapped[str] = mapped_column(String(255), default="")
    deleted: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class Position(Base):
    __tablename__ = "position"

    id: Mapped[int] = id_column()
    location_id: Mapped[int] = fk("location.id")
    title: Mapped[str] = mapped_column(String(255))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class TeamMember(Base):
    """A member of staff ("staff"/"master" upstream). Fired or deleted members stay in the table
    so that their past appointments keep resolving."""

    __tablename__ = "team_member"

    id: Mapped[int] = id_column()
    location_id: Mapped[int] = fk("location.id")
    name: Mapped[str] = mapped_column(String(255))
    specialization: Mapped[str] = mapped_column(String(255), default="")
    position_id: Mapped[int | None] = mapped_column(
        IdType, ForeignKey("position.id", ondelete="SET NULL"), nullable=True, index=True
    )
    avatar: Mapped[str] = mapped_column(String(1024), default="")
    information: Mapped[str] = mapped_column(Text, default="")
    rating: Mapped[float] = mapped_column(Float, default=0.0)
    bookable: Mapped[bool] = mapped_column(Boolean, default=True)
    fired: Mapped[bool] = mapped_column(Boolean, default=False)
    hidden: Mapped[bool] = mapped_column(Boolean, default=False)
    deleted: Mapped[bool] = mapped_column(Boolean, default=False)
    weight: Mapped[int] = mapped_column(Integer, default=0)
    api_id: Mapped[str] = mapped_column(String(255), default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class ServiceTeamMember(Base):
    """A team member provides a service, with their own length (seconds) and optional price."""

    __tablename__ = "service_team_member"
    __table_args__ = (UniqueConstraint("service_id", "team_member_id"),)

    id: Mapped[int] = id_column()
    location_id: Mapped[int] = fk("location.id")
    service_id: Mapped[int] = fk("service.id")
    team_member_id: Mapped[int] = fk("team_member.id")
    length: Mapped[int] = mapped_column(Integer, default=3600)
    price: Mapped[float | None] = mapped_column(Float, nullable=True)
    technological_card_id: Mapped[int | None] = mapped_column(Integer, nullable=True)
    api_id: Mapped[str] = mapped_column(String(255), default="")
    is_online: Mapped[bool] = mapped_column(Boolean, default=True)
    is_offline_records_allowed: Mapped[bool] = mapped_column(Boolean, default=True)
