"""Service catalog and team members: categories, services, positions, members, their links."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import Boolean, Date, Float, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from parlour.kit.timeutil import utcnow
from parlour.models.base import Base, IdType, JSONType, MoneyType, fk, id_column


class ServiceCategory(Base):
    __tablename__ = "service_category"

    id: Mapped[int] = id_column()
    location_id: Mapped[int] = fk("location.id")
    title: Mapped[str] = mapped_column(String(255))
    api_id: Mapped[str] = mapped_column(String(255), default="")
    weight: Mapped[int] = mapped_column(Integer, default=0)
    # Team members named on the category itself (upstream's "staff" field on write); the read
    # side adds the members linked to the category's services.
    staff_ids: Mapped[list[int]] = mapped_column(JSONType, default=list)
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
    price_min: Mapped[Decimal] = mapped_column(MoneyType, default=Decimal(0))
    price_max: Mapped[Decimal] = mapped_column(MoneyType, default=Decimal(0))
    discount: Mapped[Decimal] = mapped_column(MoneyType, default=Decimal(0))
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
    print_title: Mapped[str] = mapped_column(String(255), default="")
    # false: individual appointments; true: a group event service.
    is_multi: Mapped[bool] = mapped_column(Boolean, default=False)
    tax_variant: Mapped[int] = mapped_column(Integer, default=0)
    vat_id: Mapped[int] = mapped_column(Integer, default=0)
    service_type: Mapped[int] = mapped_column(Integer, default=1)
    capacity: Mapped[int] = mapped_column(Integer, default=0)
    # Online booking window: only between date_from and date_to when is_need_limit_date.
    is_need_limit_date: Mapped[bool] = mapped_column(Boolean, default=False)
    date_from: Mapped[date | None] = mapped_column(Date, nullable=True)
    date_to: Mapped[date | None] = mapped_column(Date, nullable=True)
    # Seconds from midnight / slot steps in seconds, as upstream sends them.
    seance_search_start: Mapped[int] = mapped_column(Integer, default=0)
    seance_search_finish: Mapped[int] = mapped_column(Integer, default=86400)
    step: Mapped[int] = mapped_column(Integer, default=0)
    seance_search_step: Mapped[int] = mapped_column(Integer, default=0)
    repeat_visit_days_step: Mapped[int | None] = mapped_column(Integer, nullable=True)
    schedule_template_type: Mapped[int] = mapped_column(Integer, default=0)
    prepaid: Mapped[str] = mapped_column(String(16), default="forbidden")
    price_prepaid_amount: Mapped[Decimal] = mapped_column(MoneyType, default=Decimal(0))
    price_prepaid_percent: Mapped[Decimal] = mapped_column(MoneyType, default=Decimal(100))
    # [{"language_id": 2, "translation": "Massage"}, ...]
    translations: Mapped[list[dict[str, object]]] = mapped_column(JSONType, default=list)
    resource_ids: Mapped[list[int]] = mapped_column(JSONType, default=list)


class Position(Base):
    __tablename__ = "position"

    id: Mapped[int] = id_column()
    location_id: Mapped[int] = fk("location.id")
    title: Mapped[str] = mapped_column(String(255))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    # Upstream creates positions as chain entities linked to the creating location.
    chain_id: Mapped[int | None] = mapped_column(
        IdType, ForeignKey("chain.id", ondelete="SET NULL"), nullable=True, index=True
    )
    description: Mapped[str] = mapped_column(Text, default="")
    services_binding_type: Mapped[int] = mapped_column(Integer, default=0)
    rules_required_fields: Mapped[list[str]] = mapped_column(JSONType, default=list)
    only_chain_appointment: Mapped[bool] = mapped_column(Boolean, default=False)


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
    avatar_big: Mapped[str] = mapped_column(String(1024), default="")
    user_id: Mapped[int | None] = mapped_column(
        IdType, ForeignKey("app_user.id", ondelete="SET NULL"), nullable=True, index=True
    )
    show_rating: Mapped[bool] = mapped_column(Boolean, default=False)
    votes_count: Mapped[int] = mapped_column(Integer, default=0)
    comments_count: Mapped[int] = mapped_column(Integer, default=0)
    # Access to the appointment calendar: a member without it gets no working hours.
    has_access_timetable: Mapped[bool] = mapped_column(Boolean, default=True)
    is_paid_staff: Mapped[bool] = mapped_column(Boolean, default=True)
    is_included_in_payment_policy: Mapped[bool] = mapped_column(Boolean, default=True)
    prepaid: Mapped[str] = mapped_column(String(16), default="forbidden")


class ServiceTeamMember(Base):
    """A team member provides a service, with their own length (seconds) and optional price."""

    __tablename__ = "service_team_member"
    __table_args__ = (UniqueConstraint("service_id", "team_member_id"),)

    id: Mapped[int] = id_column()
    location_id: Mapped[int] = fk("location.id")
    service_id: Mapped[int] = fk("service.id")
    team_member_id: Mapped[int] = fk("team_member.id")
    length: Mapped[int] = mapped_column(Integer, default=3600)
    # The member's own price: ``price`` is the "from" price, ``price_max`` the "to" price
    # (null for a fixed price). Both null: the service's own prices apply.
    price: Mapped[Decimal | None] = mapped_column(MoneyType, nullable=True)
    price_max: Mapped[Decimal | None] = mapped_column(MoneyType, nullable=True)
    technological_card_id: Mapped[int | None] = mapped_column(Integer, nullable=True)
    api_id: Mapped[str] = mapped_column(String(255), default="")
    is_online: Mapped[bool] = mapped_column(Boolean, default=True)
    is_offline_records_allowed: Mapped[bool] = mapped_column(Boolean, default=True)
