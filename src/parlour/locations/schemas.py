"""Location ("company") payloads, field for field as upstream sends them."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field, field_validator

from parlour.kit.ids import MAX_ID
from parlour.kit.schema import ParlourModel
from parlour.kit.timeutil import zone


class Social(BaseModel):
    model_config = ConfigDict(extra="forbid")

    facebook: str = ""
    instagram: str = ""
    telegram: str = ""
    whatsapp: str = ""
    viber: str = ""
    vk: str = ""


class SocialIn(ParlourModel):
    facebook: str | None = None
    instagram: str | None = None
    telegram: str | None = None
    whatsapp: str | None = None
    viber: str | None = None
    vk: str | None = None


class ChainRef(BaseModel):
    model_config = ConfigDict(extra="forbid")

    id: int
    title: str


class BookformRef(BaseModel):
    model_config = ConfigDict(extra="forbid")

    id: int
    title: str
    is_default: int
    url: str


class PaymentPolicy(BaseModel):
    model_config = ConfigDict(extra="forbid")

    type: str


class LocationRead(BaseModel):
    """Every field GET /companies and GET /company/{id} can send.

    Fields that upstream sends only on request (next_slot with forBooking, groups with
    show_groups, bookforms with showBookforms, online_sales_form_url with bookform_id, access
    with my) are left unset otherwise and dropped from the output.
    """

    model_config = ConfigDict(extra="forbid")

    id: int
    title: str
    public_title: str | None = None
    short_descr: str | None = None
    logo: str | None = None
    active: int | None = None
    phone: str | None = None
    phones: list[str] | None = None
    email: str | None = None
    country_id: int
    country: str
    city_id: int
    city: str
    timezone: int | float | None = None
    timezone_name: str
    address: str
    zip: str | None = None
    coordinate_lat: float
    coordinate_lon: float
    schedule: str | None = None
    social: Social | None = None
    site: str | None = None
    business_type_id: int | None = None
    description: str | None = None
    phone_confirmation: bool
    active_staff_count: int | None = None
    next_slot: str | None = None
    app_ios: str | None = None
    app_android: str | None = None
    currency_short_title: str | None = None
    reminds_sms_disabled: bool | None = None
    reminds_sms_default: int | None = None
    group_priority: int | None = None
    bookform_group_priority: int | None = None
    push_notification_phone_confirm: int | bool | None = None
    main_group_id: int | None = None
    # Upstream: the chain object, or an empty array when the location has no main chain.
    main_group: ChainRef | list[Any] | None = None
    groups: dict[str, ChainRef] | list[Any] | None = None
    bookforms: list[BookformRef] | None = None
    online_sales_form_url: str | None = None
    photos: list[str] | None = None
    company_photos: list[str] | None = None
    booking_widget_promo: dict[str, Any] | None = None
    payment_policy: PaymentPolicy | None = None
    access: dict[str, Any] | None = None
    # Only with include=...: the location's team members and positions (as GET /staff and
    # the positions list answer them); accounts, storages and expenses are always empty
    # because Parlour keeps no finance or stock data yet.
    staff: list[dict[str, Any]] | None = None
    positions: list[dict[str, Any]] | None = None
    accounts: list[Any] | None = None
    storages: list[Any] | None = None
    expenses: list[Any] | None = None


class LocationCreate(ParlourModel):
    title: str = Field(min_length=1, max_length=255)
    country_id: int = Field(default=0, ge=0, le=2**31 - 1)
    country: str = Field(default="", max_length=255)
    city_id: int = Field(default=0, ge=0, le=2**31 - 1)
    city: str = Field(default="", max_length=255)
    address: str = Field(default="", max_length=1024)
    zip: str = Field(default="", max_length=32)
    site: str = Field(default="", max_length=1024)
    coordinate_lat: float = Field(default=0.0, ge=-90, le=90)
    # Upstream's create page spells the longitude "coordinate_lot"; both spellings are read.
    coordinate_lon: float = Field(default=0.0, ge=-180, le=180)
    coordinate_lot: float | None = Field(default=None, ge=-180, le=180)
    business_type_id: int = Field(default=0, ge=0, le=2**31 - 1)
    short_descr: str = Field(default="", max_length=255)
    description: str = ""
    phone: str = Field(default="", max_length=64)
    phones: list[str] = Field(default_factory=list, max_length=20)
    email: str = Field(default="", max_length=255)
    social: SocialIn | None = None
    # Not in upstream's create page: Parlour needs the IANA zone to place every appointment.
    timezone_name: str | None = None
    main_group_id: int | None = Field(default=None, ge=1, le=MAX_ID)

    @field_validator("timezone_name")
    @classmethod
    def _zone(cls, value: str | None) -> str | None:
        if value is not None:
            zone(value)  # ValueError -> a field error naming timezone_name
        return value


class LocationUpdate(ParlourModel):
    """PUT /company/{id}: every field optional, only sent fields change."""

    title: str | None = Field(default=None, min_length=1, max_length=255)
    public_title: str | None = Field(default=None, max_length=255)
    country_id: int | None = Field(default=None, ge=0, le=2**31 - 1)
    country: str | None = Field(default=None, max_length=255)
    city_id: int | None = Field(default=None, ge=0, le=2**31 - 1)
    city: str | None = Field(default=None, max_length=255)
    address: str | None = Field(default=None, max_length=1024)
    zip: str | None = Field(default=None, max_length=32)
    phone: str | None = Field(default=None, max_length=64)
    phones: list[str] | None = Field(default=None, max_length=20)
    email: str | None = Field(default=None, max_length=255)
    social: SocialIn | None = None
    site: str | None = Field(default=None, max_length=1024)
    coordinate_lat: float | None = Field(default=None, ge=-90, le=90)
    coordinate_lon: float | None = Field(default=None, ge=-180, le=180)
    description: str | None = None
    business_type_id: int | None = Field(default=None, ge=0, le=2**31 - 1)
    short_descr: str | None = Field(default=None, max_length=255)
    timezone_name: str | None = None
    phone_confirmation: bool | None = None
    group_priority: int | None = Field(default=None, ge=0, le=2**31 - 1)
    push_notification_phone_confirm: bool | None = None
    currency_short_title: str | None = Field(default=None, max_length=16)

    @field_validator("timezone_name")
    @classmethod
    def _zone(cls, value: str | None) -> str | None:
        if value is not None:
            zone(value)  # ValueError -> a field error naming timezone_name
        return value
