"""Event schedules: a series of group events repeating on weekdays until an end date, and
client series (a client's seats in every future event of chosen series days).

``EventSchedule`` is based on one original event; each ``EventScheduleDay`` is one weekday's
series (member, local time, duration, capacity, tags, instances); each ``ScheduledEvent`` is one
date of a series with the event it made (or the reason it could not). A ``ClientSchedule`` holds
the client's seats as ``ClientScheduleSeat`` rows, one per scheduled event.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import Boolean, Date, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from parlour.kit.timeutil import utcnow
from parlour.models.base import Base, IdType, JSONType, fk, id_column


class EventSchedule(Base):
    __tablename__ = "event_schedule"

    id: Mapped[int] = id_column()
    location_id: Mapped[int] = fk("location.id")
    original_entity_type: Mapped[str] = mapped_column(String(16))
    original_entity_id: Mapped[int] = mapped_column(IdType, index=True)
    service_id: Mapped[int] = fk("service.id", ondelete="RESTRICT")
    date_start: Mapped[date] = mapped_column(Date)
    date_end: Mapped[date] = mapped_column(Date)
    deleted: Mapped[bool] = mapped_column(Boolean, default=False)
    deleted_at: Mapped[datetime | None] = mapped_column(nullable=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class EventScheduleDay(Base):
    __tablename__ = "event_schedule_day"

    id: Mapped[int] = id_column()
    location_id: Mapped[int] = fk("location.id")
    schedule_id: Mapped[int] = fk("event_schedule.id")
    day_of_week: Mapped[str] = mapped_column(String(3))  # mon ... sun
    events_time: Mapped[str] = mapped_column(String(8))  # local HH:MM:SS
    events_duration: Mapped[int] = mapped_column(Integer)  # seconds
    events_master_id: Mapped[int] = fk("team_member.id", ondelete="RESTRICT")
    events_capacity: Mapped[int] = mapped_column(Integer)
    label_ids: Mapped[list[Any]] = mapped_column(JSONType, default=list)
    resource_instance_ids: Mapped[list[Any]] = mapped_column(JSONType, default=list)
    deleted: Mapped[bool] = mapped_column(Boolean, default=False)
    deleted_at: Mapped[datetime | None] = mapped_column(nullable=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class ScheduledEvent(Base):
    """One date of a series: ``event_at`` is where the series puts it (UTC of the local wall
    time), ``event_id`` the event it made. ``status``: created, stable, changed,
    changed_by_force, deleted or failed (``reason`` says why)."""

    __tablename__ = "scheduled_event"
    __table_args__ = (Index("ix_scheduled_event_day_date", "day_id", "event_date"),)

    id: Mapped[int] = id_column()
    location_id: Mapped[int] = fk("location.id")
    day_id: Mapped[int] = fk("event_schedule_day.id", index=False)
    event_date: Mapped[date] = mapped_column(Date)
    event_at: Mapped[datetime]
    event_id: Mapped[int | None] = mapped_column(
        IdType, ForeignKey("activity.id", ondelete="SET NULL"), nullable=True, index=True
    )
    status: Mapped[str] = mapped_column(String(32))
    reason: Mapped[str] = mapped_column(Text, default="")
    deleted: Mapped[bool] = mapped_column(Boolean, default=False)
    deleted_at: Mapped[datetime | None] = mapped_column(nullable=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class ClientSchedule(Base):
    __tablename__ = "client_schedule"

    id: Mapped[int] = id_column()
    location_id: Mapped[int] = fk("location.id")
    schedule_id: Mapped[int] = fk("event_schedule.id")
    client_id: Mapped[int] = fk("client.id")
    comer_id: Mapped[int | None] = mapped_column(IdType, nullable=True)
    day_ids: Mapped[list[Any]] = mapped_column(JSONType, default=list)
    deleted: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class ClientScheduleSeat(Base):
    """The client's seat in one scheduled event: ``created`` (``record_id`` set), ``failed``
    (``reason``: full, overlap, no event) or ``deleted``."""

    __tablename__ = "client_schedule_seat"

    id: Mapped[int] = id_column()
    location_id: Mapped[int] = fk("location.id")
    client_schedule_id: Mapped[int] = fk("client_schedule.id")
    scheduled_event_id: Mapped[int] = fk("scheduled_event.id")
    record_id: Mapped[int | None] = mapped_column(IdType, nullable=True)
    status: Mapped[str] = mapped_column(String(16))
    reason: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
