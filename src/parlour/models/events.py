"""Group events ("activity" upstream), their duplication strategies, and tags (labels).

An event occupies its team member and resource instances the way an appointment does: it holds
one *hold record* (``Record.event_hold``), a row of the record table that the no-overlap rule of
migration 0001 covers and that record lists leave out. Seats are ordinary records with
``activity_id`` set; they share the event's member and time, so they are stored outside the
member rule (``exclusive = false``) and the hold speaks for them.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Boolean, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from parlour.kit.timeutil import utcnow
from parlour.models.base import Base, JSONType, fk, id_column


class Event(Base):
    __tablename__ = "activity"
    __table_args__ = (Index("ix_activity_location_start", "location_id", "start_at"),)

    id: Mapped[int] = id_column()
    location_id: Mapped[int] = fk("location.id", index=False)
    service_id: Mapped[int] = fk("service.id", ondelete="RESTRICT")
    staff_id: Mapped[int] = fk("team_member.id", ondelete="RESTRICT")
    start_at: Mapped[datetime]
    end_at: Mapped[datetime]
    length: Mapped[int] = mapped_column(Integer)  # seconds
    capacity: Mapped[int] = mapped_column(Integer)
    color: Mapped[str] = mapped_column(String(32), default="")
    font_color: Mapped[str] = mapped_column(String(32), default="")
    instructions: Mapped[str] = mapped_column(Text, default="")
    stream_link: Mapped[str] = mapped_column(String(1024), default="")
    comment: Mapped[str] = mapped_column(Text, default="")
    notified: Mapped[bool] = mapped_column(Boolean, default=False)
    # The instances the event was given (it holds them through its hold record unless it was
    # saved over a busy time with ``force``).
    resource_instance_ids: Mapped[list[Any]] = mapped_column(JSONType, default=list)
    # Tag ids (entity 3, or common ones).
    label_ids: Mapped[list[Any]] = mapped_column(JSONType, default=list)
    deleted: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class DuplicationStrategy(Base):
    """A named set of repeat parameters for duplicating events."""

    __tablename__ = "activity_duplication_strategy"

    id: Mapped[int] = id_column()
    location_id: Mapped[int] = fk("location.id")
    title: Mapped[str] = mapped_column(String(255))
    repeat_mode_id: Mapped[int] = mapped_column(Integer)
    days: Mapped[list[Any]] = mapped_column(JSONType, default=list)
    interval: Mapped[int] = mapped_column(Integer, default=0)
    content_type: Mapped[int] = mapped_column(Integer, default=1)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class Tag(Base):
    """A label of a location: entity 0 common, 1 client, 2 record, 3 event."""

    __tablename__ = "tag"

    id: Mapped[int] = id_column()
    location_id: Mapped[int] = fk("location.id")
    entity: Mapped[int] = mapped_column(Integer)
    title: Mapped[str] = mapped_column(String(255))
    color: Mapped[str] = mapped_column(String(32), default="")
    icon: Mapped[str] = mapped_column(String(64), default="")
    deleted: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
