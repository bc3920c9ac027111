"""Working schedules of team members and online-booking forms."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import Boolean, Date, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from parlour.kit.timeutil import utcnow
from parlour.models.base import Base, JSONType, fk, id_column


class ScheduleDay(Base):
    """One working day of a team member: wall-clock slots in the location's zone.

    ``slots`` is a list of ``{"from": "HH:MM", "to": "HH:MM"}`` ("24:00" allowed as an end).
    A day without a row is a day off.
    """

    __tablename__ = "schedule_day"
    __table_args__ = (
        UniqueConstraint("team_member_id", "day_date"),
        # book_dates over a month for "any member" reads every member's days in one range scan.
        Index("ix_schedule_day_location_date", "location_id", "day_date"),
    )

    id: Mapped[int] = id_column()
    location_id: Mapped[int] = fk("location.id")
    team_member_id: Mapped[int] = fk("team_member.id", index=False)
    day_date: Mapped[date] = mapped_column(Date)
    slots: Mapped[list[dict[str, Any]]] = mapped_column(JSONType, default=list)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class BookingForm(Base):
    """An online-booking widget ("bookform") of a location."""

    __tablename__ = "booking_form"

    id: Mapped[int] = id_column()
    location_id: Mapped[int] = fk("location.id")
    title: Mapped[str] = mapped_column(String(255))
    is_default: Mapped[bool] = mapped_column(Boolean, default=False)
    weight: Mapped[int] = mapped_column(Integer, default=0)
    settings: Mapped[dict[str, Any]] = mapped_column(JSONType, default=dict)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class BookingSettings(Base):
    """A location's appointment-calendar and online-booking settings (one row per location;
    a location without a row uses the column defaults)."""

    __tablename__ = "booking_settings"

    id: Mapped[int] = id_column()
    location_id: Mapped[int] = fk("location.id", index=False)
    # GET/PATCH /company/{id}/settings/online
    confirm_number: Mapped[bool] = mapped_column(Boolean, default=False)
    any_master: Mapped[bool] = mapped_column(Boolean, default=True)
    # Minutes between "now" and the nearest bookable session (minimum notice).
    seance_delay_step: Mapped[int] = mapped_column(Integer, default=0)
    activity_online_record_clients_count_max: Mapped[int] = mapped_column(Integer, default=1)
    # Seconds between two offered start times.
    timeslot_step: Mapped[int] = mapped_column(Integer, default=900)
    # How many days ahead clients may book.
    booking_horizon_days: Mapped[int] = mapped_column(Integer, default=365)
    privacy_policy: Mapped[str] = mapped_column(Text, default="")
    # May clients cancel or move their own appointments (the cabinet), and until how many
    # seconds before the start.
    allow_delete_record: Mapped[bool] = mapped_column(Boolean, default=True)
    allow_delete_record_delay_step: Mapped[int] = mapped_column(Integer, default=0)
    allow_change_record: Mapped[bool] = mapped_column(Boolean, default=True)
    allow_change_record_delay_step: Mapped[int] = mapped_column(Integer, default=0)
    # GET/PATCH /company/{id}/settings/timetable
    record_type: Mapped[int] = mapped_column(Integer, default=0)
    activity_record_clients_count_max: Mapped[int] = mapped_column(Integer, default=1)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    __table_args__ = (UniqueConstraint("location_id"),)
