"""Online-booking payloads: settings, booking widgets and the public book_* operations."""

from __future__ import annotations

from typing import Any

from pydantic import Field, field_validator

from parlour.kit.ids import MAX_ID, is_id
from parlour.kit.schema import ParlourModel


class OnlineSettingsUpdate(ParlourModel):
    """PATCH /company/{id}/settings/online. Upstream lists the first four fields; the rest are
    Parlour's own knobs: the slot grid, booking horizon, privacy policy, and what a client may
    do with a booking from the personal cabinet."""

    confirm_number: bool | None = None
    any_master: bool | None = None
    # Upstream: minutes, 0..1380 in steps of 30.
    seance_delay_step: int | None = Field(default=None, ge=0, le=1380, multiple_of=30)
    activity_online_record_clients_count_max: int | None = Field(default=None, ge=1, le=255)
    timeslot_step: int | None = Field(default=None, ge=300, le=86400, multiple_of=300)
    booking_horizon_days: int | None = Field(default=None, ge=1, le=3660)
    privacy_policy: str | None = Field(default=None, max_length=65535)
    # Whether a client may cancel or move an online booking from the personal cabinet, and
    # until how many seconds before its start.
    allow_delete_record: bool | None = None
    allow_delete_record_delay_step: int | None = Field(default=None, ge=0, le=30 * 86400)
    allow_change_record: bool | None = None
    allow_change_record_delay_step: int | None = Field(default=None, ge=0, le=30 * 86400)


class TimetableSettingsUpdate(ParlourModel):
    record_type: int | None = Field(default=None, ge=0, le=2)
    activity_record_clients_count_max: int | None = Field(default=None, ge=1, le=255)


class BookingFormCreate(ParlourModel):
    title: str = Field(min_length=1, max_length=255)
    is_default: bool = False
    weight: int = Field(default=0, ge=-(2**31), le=2**31 - 1)
    settings: dict[str, Any] = Field(default_factory=dict)


class BookingFormUpdate(ParlourModel):
    title: str | None = Field(default=None, min_length=1, max_length=255)
    is_default: bool | None = None
    weight: int | None = Field(default=None, ge=-(2**31), le=2**31 - 1)
    settings: dict[str, Any] | None = None


class AppointmentIn(ParlourModel):
    id: int = Field(ge=0, le=MAX_ID)
    services: list[int] = Field(default_factory=list, max_length=50)
    staff_id: int = Field(ge=0, le=MAX_ID)
    datetime: str = Field(min_length=1, max_length=64)
    custom_fields: dict[str, Any] = Field(default_factory=dict)

    @field_validator("services")
    @classmethod
    def _ids(cls, value: list[int]) -> list[int]:
        if not all(is_id(v) for v in value):
            raise ValueError("service ids must be positive")
        return value


class BookCheck(ParlourModel):
    appointments: list[AppointmentIn] = Field(min_length=1, max_length=20)


class BookRecordCreate(ParlourModel):
    phone: str = Field(default="", max_length=64)
    fullname: str = Field(default="", max_length=255)
    email: str = Field(default="", max_length=255)
    code: str | int | None = None
    comment: str = Field(default="", max_length=10000)
    type: str = Field(default="", max_length=64)
    notify_by_sms: int = Field(default=0, ge=0, le=10000)
    notify_by_email: int = Field(default=0, ge=0, le=10000)
    api_id: str | int = ""
    appointments: list[AppointmentIn] = Field(min_length=1, max_length=20)


class BookRecordMove(ParlourModel):
    datetime: str = Field(min_length=1, max_length=64)
    record_hash: str | None = Field(default=None, max_length=64)
    comment: str | None = Field(default=None, max_length=10000)
