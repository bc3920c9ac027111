"""Appointments ("records" upstream), their services, and visits.

No two exclusive, live records of one team member overlap in time. The database enforces it
(see migration 0001): an exclusion constraint on PostgreSQL, triggers on SQLite. Records saved
with ``save_if_busy`` are stored with ``exclusive = false`` and stay outside the rule.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import Boolean, Date, ForeignKey, Index, Integer, String, Text, false
from sqlalchemy.orm import Mapped, mapped_column, relationship

from parlour.kit.timeutil import utcnow
from parlour.models.base import Base, IdType, JSONType, MoneyType, fk, id_column

# The name that both backends put in the error raised on an overlap (constraint / trigger).
OVERLAP_MARKER = "record_no_overlap"

# Where a record was made (``Record.source``): a user of the location (B2B API, calendar), the
# location's booking widget (Parlour's web pages), a partner's integration through the public
# booking API, or the client's own account.
SOURCE_ADMIN = "admin"
SOURCE_WIDGET = "widget"
SOURCE_API = "api"
SOURCE_CABINET = "cabinet"
SOURCES = (SOURCE_ADMIN, SOURCE_WIDGET, SOURCE_API, SOURCE_CABINET)


class Visit(Base):
    """A client's appointments at one location on one local day."""

    __tablename__ = "visit"

    id: Mapped[int] = id_column()
    location_id: Mapped[int] = fk("location.id")
    client_id: Mapped[int | None] = mapped_column(
        IdType, ForeignKey("client.id", ondelete="SET NULL"), nullable=True, index=True
    )
    visit_date: Mapped[date] = mapped_column(Date)
    attendance: Mapped[int] = mapped_column(Integer, default=0)
    comment: Mapped[str] = mapped_column(Text, default="")
    # Products sold or written off during the visit (PUT /visits/{visit_id}/{record_id}); each
    # item carries the record_id it was entered with. Kept as JSON until an inventory section
    # brings its own tables.
    goods_transactions: Mapped[list[dict[str, Any]]] = mapped_column(JSONType, default=list)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class Record(Base):
    __tablename__ = "record"
    __table_args__ = (
        Index("ix_record_staff_start", "staff_id", "start_at"),
        Index("ix_record_location_start", "location_id", "start_at"),
        Index("ix_record_location_updated", "location_id", "updated_at"),
    )

    id: Mapped[int] = id_column()
    location_id: Mapped[int] = fk("location.id", index=False)
    staff_id: Mapped[int] = fk("team_member.id", ondelete="RESTRICT", index=False)
    client_id: Mapped[int | None] = mapped_column(
        IdType, ForeignKey("client.id", ondelete="SET NULL"), nullable=True, index=True
    )
    visit_id: Mapped[int | None] = mapped_column(
        IdType, ForeignKey("visit.id", ondelete="SET NULL"), nullable=True, index=True
    )
    # The occupied interval [start_at, end_at): end_at = start_at + seance_length, which
    # already includes the technical break.
    start_at: Mapped[datetime]
    end_at: Mapped[datetime]
    seance_length: Mapped[int] = mapped_column(Integer)
    technical_break_duration: Mapped[int] = mapped_column(Integer, default=0)
    attendance: Mapped[int] = mapped_column(Integer, default=0)
    confirmed: Mapped[bool] = mapped_column(Boolean, default=True)
    comment: Mapped[str] = mapped_column(Text, default="")
    api_id: Mapped[str] = mapped_column(String(255), default="")
    custom_color: Mapped[str] = mapped_column(String(32), default="")
    online: Mapped[bool] = mapped_column(Boolean, default=False)
    # One of SOURCES; set once, when the record is made (appointments/writing.py).
    source: Mapped[str] = mapped_column(String(16), default=SOURCE_ADMIN, server_default="admin")
    sms_remain_hours: Mapped[int] = mapped_column(Integer, default=0)
    email_remain_hours: Mapped[int] = mapped_column(Integer, default=0)
    custom_fields: Mapped[dict[str, Any]] = mapped_column(JSONType, default=dict)
    # Ids of the appointment categories ("record labels") the record is tagged with.
    record_labels: Mapped[list[Any]] = mapped_column(JSONType, default=list)
    # The user who made the record (null for online bookings made by clients).
    created_user_id: Mapped[int | None] = mapped_column(IdType, nullable=True)
    # The secret that lets a client read or move their own online booking.
    record_hash: Mapped[str] = mapped_column(String(64), default="")
    exclusive: Mapped[bool] = mapped_column(Boolean, default=True)
    # The group event this record is a seat in (or, with ``event_hold``, the event's own hold
    # of its member and resources; see models/events.py). No foreign key: the column was added
    # with a plain ALTER TABLE so that SQLite keeps the record table's triggers.
    activity_id: Mapped[int | None] = mapped_column(IdType, nullable=True, index=True)
    event_hold: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    # Seats the record takes in its event (1 for a plain appointment).
    clients_count: Mapped[int] = mapped_column(Integer, default=1, server_default="1")
    deleted: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    services: Mapped[list[RecordService]] = relationship(
        back_populates="record",
        lazy="raise",
        cascade="all, delete-orphan",
        order_by="RecordService.id",
    )


class RecordService(Base):
    """A service inside a record, with the price it was booked at."""

    __tablename__ = "record_service"

    id: Mapped[int] = id_column()
    record_id: Mapped[int] = fk("record.id")
    service_id: Mapped[int] = fk("service.id", ondelete="RESTRICT")
    amount: Mapped[int] = mapped_column(Integer, default=1)
    first_cost: Mapped[Decimal] = mapped_column(MoneyType, default=Decimal(0))
    discount: Mapped[Decimal] = mapped_column(MoneyType, default=Decimal(0))
    cost: Mapped[Decimal] = mapped_column(MoneyType, default=Decimal(0))

    record: Mapped[Record] = relationship(back_populates="services", lazy="raise")


class Comment(Base):
    """A review left for a location (team_member_id null) or one of its team members."""

    __tablename__ = "comment"
    __table_args__ = (Index("ix_comment_location_created", "location_id", "created_at"),)

    id: Mapped[int] = id_column()
    location_id: Mapped[int] = fk("location.id", index=False)
    team_member_id: Mapped[int | None] = mapped_column(
        IdType, ForeignKey("team_member.id", ondelete="SET NULL"), nullable=True, index=True
    )
    # The record after which the review was asked for (0/None when left directly).
    record_id: Mapped[int | None] = mapped_column(IdType, nullable=True)
    user_id: Mapped[int | None] = mapped_column(
        IdType, ForeignKey("app_user.id", ondelete="SET NULL"), nullable=True, index=True
    )
    user_name: Mapped[str] = mapped_column(String(255), default="")
    text: Mapped[str] = mapped_column(Text, default="")
    rating: Mapped[int] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
