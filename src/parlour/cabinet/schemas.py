"""Client account payloads (public online-booking API)."""

from __future__ import annotations

from pydantic import Field

from parlour.kit.schema import ParlourModel


class BookingAuth(ParlourModel):
    """Login and password, or phone and the SMS code."""

    login: str | None = Field(default=None, max_length=255)
    password: str | None = Field(default=None, max_length=255)
    phone: str | None = Field(default=None, max_length=64)
    code: str | None = Field(default=None, max_length=16)


class PhoneCodeAuth(ParlourModel):
    phone: str = Field(max_length=64)
    code: str = Field(max_length=16)


class BookingUserUpdate(ParlourModel):
    name: str | None = Field(default=None, max_length=255)
    email: str | None = Field(default=None, max_length=255)
    phone: str | None = Field(default=None, max_length=64)
    confirmation_code: str | None = Field(default=None, max_length=16)


class PasswordChange(ParlourModel):
    old_password: str | None = Field(default=None, max_length=255)
    new_password: str = Field(min_length=4, max_length=255)
