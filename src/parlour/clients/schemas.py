"""Client request and response shapes.

Upstream names some fields twice: the newer pages say ``gender_id``/``middle_name``/``labels``
where the legacy docs and the blueprint say ``sex_id``/``patronymic``/``categories``. Requests
accept either name; responses carry both spellings of the gender pair.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import AliasChoices, BaseModel, Field

from parlour.kit.ids import MAX_ID
from parlour.kit.money import MoneyOut, Percent, PercentOut, SignedMoney
from parlour.kit.schema import ParlourModel


class ClientWrite(ParlourModel):
    """Body of POST /clients, PUT /client and each row of the bulk create."""

    name: str | None = Field(default=None, max_length=255)
    phone: str | int | None = None
    surname: str | None = Field(default=None, max_length=255)
    patronymic: str | None = Field(
        default=None, max_length=255, validation_alias=AliasChoices("patronymic", "middle_name")
    )
    email: str | None = Field(default=None, max_length=255)
    sex_id: int | None = Field(
        default=None, ge=0, le=2, validation_alias=AliasChoices("sex_id", "gender_id")
    )
    importance_id: int | None = Field(default=None, ge=0, le=3)
    discount: Percent | None = None
    card: str | int | None = None
    # "yyyy-mm-dd" per the docs; the samples also show a unix timestamp.
    birth_date: str | int | None = None
    comment: str | None = Field(default=None, max_length=65535)
    spent: SignedMoney | None = None
    balance: SignedMoney | None = None
    sms_check: bool | None = None
    sms_not: bool | None = None
    categories: list[int] | None = Field(
        default=None, validation_alias=AliasChoices("categories", "labels")
    )
    custom_fields: dict[str, Any] | None = None


class Category(BaseModel):
    id: int
    title: str = ""
    color: str = ""


class ClientRead(BaseModel):
    id: int
    name: str
    surname: str
    patronymic: str
    phone: str
    email: str
    categories: list[Category]
    sex_id: int
    sex: str
    gender_id: int
    gender: str
    discount: PercentOut
    importance_id: int
    importance: str
    card: str
    birth_date: str | None
    comment: str
    sms_check: int
    sms_not: int
    spent: MoneyOut
    paid: MoneyOut
    balance: MoneyOut
    visits: int
    first_visit_date: str | None
    last_visit_date: str | None
    last_change_date: str | None
    custom_fields: dict[str, Any]


class FilterState(BaseModel):
    type: str
    state: dict[str, Any] = Field(default_factory=dict)


class ClientSearch(ParlourModel):
    page: int | None = Field(default=None, ge=1, le=1_000_000)
    # Upstream: at most 200, 25 when not sent.
    page_size: int | None = Field(default=None, ge=1, le=200)
    fields: list[str] | None = None
    order_by: str | None = None
    order_by_direction: str | None = None
    operation: str | None = None
    filters: list[FilterState] = Field(default_factory=list)


class CommentCreate(ParlourModel):
    text: str = Field(min_length=1, max_length=65535)


class VisitSearch(ParlourModel):
    client_id: int | None = Field(default=None, ge=1, le=MAX_ID)
    client_phone: str | int | None = None
    # Called "from"/"to" on the wire.
    date_from: str | None = Field(default=None, alias="from")
    date_to: str | None = Field(default=None, alias="to")
    payment_statuses: list[Literal["not_paid", "paid_not_full", "paid_full", "paid_over"]] = Field(
        default_factory=list
    )
    attendance: Literal[-1, 0, 1, 2] | None = None
