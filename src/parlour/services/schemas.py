"""Service category, service and team member link payloads."""

from __future__ import annotations

from typing import Annotated, Self

from pydantic import Field, field_validator, model_validator

from parlour.kit.ids import MAX_ID, Id
from parlour.kit.money import Money, Percent
from parlour.kit.schema import ParlourModel
from parlour.kit.timeutil import BoundedDate

# A team member's length for a service: 5 minutes to 23 h 55 min (upstream's limits).
SeanceLength = Annotated[int, Field(ge=300, le=86100)]
Price = Annotated[Money, Field(le=1_000_000_000)]
DaySeconds = Annotated[int, Field(ge=0, le=86400)]
Title = Annotated[str, Field(min_length=1, max_length=255)]
Text255 = Annotated[str, Field(max_length=255)]


class CategoryCreate(ParlourModel):
    title: Title
    api_id: Text255 = ""
    weight: int = Field(default=0, ge=-(2**31), le=2**31 - 1)
    staff: list[Id] = Field(default_factory=list, max_length=1000)


class CategoryUpdate(ParlourModel):
    """PUT /service_category: only sent fields change."""

    title: Title | None = None
    api_id: Text255 | None = None
    weight: int | None = Field(default=None, ge=-(2**31), le=2**31 - 1)
    staff: list[Id] | None = Field(default=None, max_length=1000)


class StaffLength(ParlourModel):
    """One entry of a service's ``staff`` list."""

    id: Id
    seance_length: SeanceLength = 3600
    technological_card_id: int | None = Field(default=None, ge=0, le=MAX_ID)


class Translation(ParlourModel):
    language_id: Id
    translation: str = Field(max_length=255)


class ServiceFields(ParlourModel):
    """Every writable field of a service; all optional (PATCH and PUT change what is sent)."""

    title: Title | None = None
    booking_title: Text255 | None = None
    print_title: Text255 | None = None
    category_id: Id | None = None
    price_min: Price | None = None
    price_max: Price | None = None
    duration: SeanceLength | None = None
    # null: the location's default break, which Parlour keeps as no break.
    technical_break_duration: int | None = Field(default=None, ge=0, le=3600)
    discount: Percent | None = None
    comment: str | None = Field(default=None, max_length=10000)
    weight: int | None = Field(default=None, ge=-(2**31), le=2**31 - 1)
    active: bool | None = None
    api_id: Text255 | None = None
    is_multi: bool | None = None
    tax_variant: int | None = Field(default=None, ge=0, le=2**31 - 1)
    vat_id: int | None = Field(default=None, ge=0, le=2**31 - 1)
    is_need_limit_date: bool | None = None
    date_from: BoundedDate | None = None
    date_to: BoundedDate | None = None
    seance_search_start: DaySeconds | None = None
    seance_search_finish: DaySeconds | None = None
    step: DaySeconds | None = None
    seance_search_step: DaySeconds | None = None
    capacity: int | None = Field(default=None, ge=0, le=100_000)
    staff: list[StaffLength] | None = Field(default=None, max_length=1000)
    translations: list[Translation] | None = Field(default=None, max_length=100)

    @field_validator("technical_break_duration")
    @classmethod
    def _five_minute_steps(cls, value: int | None) -> int | None:
        if value is not None and value % 300:
            raise ValueError("must be a multiple of 300 seconds")
        return value

    @field_validator("staff")
    @classmethod
    def _distinct_members(cls, value: list[StaffLength] | None) -> list[StaffLength] | None:
        if value is not None and len({s.id for s in value}) != len(value):
            raise ValueError("a team member is listed twice")
        return value

    @model_validator(mode="after")
    def _ranges(self) -> Self:
        if self.date_from and self.date_to and self.date_to < self.date_from:
            raise ValueError("date_to is before date_from")
        if (
            self.seance_search_start is not None
            and self.seance_search_finish is not None
            and self.seance_search_finish < self.seance_search_start
        ):
            raise ValueError("seance_search_finish is before seance_search_start")
        return self


class ServiceCreate(ServiceFields):
    title: Title


class LinkCreate(ParlourModel):
    """POST /company/{location_id}/services/{service_id}/staff."""

    master_id: Id
    seance_length: SeanceLength
    technological_card_id: int | None = Field(default=None, ge=0, le=MAX_ID)


class LinkUpdate(ParlourModel):
    seance_length: SeanceLength
    technological_card_id: int | None = Field(default=None, ge=0, le=MAX_ID)


class LinkPrice(ParlourModel):
    min: Price
    # null: a fixed price.
    max: Price | None = None

    @model_validator(mode="after")
    def _order(self) -> Self:
        if self.max is not None and self.max < self.min:
            raise ValueError("max is below min")
        return self


class MemberSetting(ParlourModel):
    team_member_id: Id
    tech_card_id: int | None = Field(default=None, ge=0, le=MAX_ID)
    hours: int = Field(default=0, ge=0, le=23)
    minutes: int = Field(default=0, ge=0, le=59)
    price: LinkPrice | None = None

    @property
    def length(self) -> int:
        return self.hours * 3600 + self.minutes * 60

    @model_validator(mode="after")
    def _length(self) -> Self:
        if not 300 <= self.length <= 86100:
            raise ValueError("hours and minutes must make 5 minutes to 23 h 55 min")
        return self


class ServiceLinks(ParlourModel):
    """POST /company/{location_id}/services/links: the service's members, resources and
    translations, each replaced as a whole when sent."""

    service_id: Id
    team_member_settings: list[MemberSetting] = Field(max_length=1000)
    resource_ids: list[Id] | None = Field(default=None, max_length=1000)
    translations: list[Translation] | None = Field(default=None, max_length=100)

    @field_validator("team_member_settings")
    @classmethod
    def _distinct(cls, value: list[MemberSetting]) -> list[MemberSetting]:
        if len({s.team_member_id for s in value}) != len(value):
            raise ValueError("a team member is listed twice")
        return value
