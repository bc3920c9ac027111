"""Loyalty request bodies (upstream field names)."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Annotated, Any, Literal

from pydantic import BeforeValidator, Field, field_validator

from parlour.kit.ids import Id, IdOrZero
from parlour.kit.money import Money, SignedMoney
from parlour.kit.schema import ParlourModel
from parlour.loyalty.types import PROGRAM_TYPES

ItemScope = Literal["any_allowed", "not_allowed", "custom_allowed"]


def _ids_in(value: Any) -> Any:
    # The reference's sample sends an empty object where it means "no ids".
    if value == {} or value is None:
        return []
    return value


IdList = Annotated[list[Id], BeforeValidator(_ids_in), Field(max_length=1000)]


def _text_id(value: Any) -> Any:
    # Numbers and numeric strings both arrive ("8230" and 8230).
    if isinstance(value, str) and value.strip().isdigit():
        return int(value.strip())
    return value


class CardTypeCreate(ParlourModel):
    title: str = Field(min_length=1, max_length=255)


class CardIssue(ParlourModel):
    loyalty_card_number: str | int = Field()
    loyalty_card_type_id: Annotated[Id, BeforeValidator(_text_id)]
    phone: str | int

    @field_validator("loyalty_card_number")
    @classmethod
    def _number(cls, value: str | int) -> str:
        text = str(value).strip()
        if not text or len(text) > 64 or isinstance(value, bool):
            raise ValueError("a card number of 1 to 64 characters")
        return text


class ManualTransaction(ParlourModel):
    amount: SignedMoney
    title: str = Field(default="", max_length=1000)


class RuleWrite(ParlourModel):
    parameter: Money = Decimal(0)
    value: Money = Decimal(0)
    service_id: IdOrZero = 0


class ProgramWrite(ParlourModel):
    title: str = Field(min_length=1, max_length=255)
    type: str
    service_item_type: ItemScope
    good_item_type: ItemScope
    value_unit: Literal["percent", "amount"]
    usage_limit: int = Field(default=0, ge=0, le=1_000_000)
    visit_multiplicity: int = Field(default=0, ge=0, le=1_000_000)
    sold_items_multiplicity: int = Field(default=0, ge=0, le=1_000_000)
    expiration_timeout: int = Field(default=0, ge=0, le=100_000)
    expiration_timeout_unit: Literal["day", "week", "month", "year"] = "day"
    expiration_notification_timeout: int = Field(default=0, ge=0, le=100_000)
    params_source_type: Literal["loyalty_card", "active_companies", "chain"] = "loyalty_card"
    history_start_date: datetime | date | None = None
    loyalty_card_type_ids: IdList = []
    rules: list[RuleWrite] = Field(min_length=1, max_length=100)
    company_ids: IdList = Field(min_length=1)
    allowed_service_ids: IdList = []
    allowed_good_ids: IdList = []
    allowed_good_category_ids: IdList = []

    @field_validator("type")
    @classmethod
    def _type(cls, value: str) -> str:
        if value not in PROGRAM_TYPES or not PROGRAM_TYPES[value].creatable:
            raise ValueError("not a program type: " + ", ".join(sorted(PROGRAM_TYPES)))
        return value


# --- loyalty in a visit ------------------------------------------------------------------------


class VisitLoyalty(ParlourModel):
    """The visit (and the record whose items go first) a loyalty operation applies to."""

    record_id: IdOrZero = 0
    visit_id: Id


class CardWithdrawal(VisitLoyalty):
    amount: Money


class ReferralApply(VisitLoyalty):
    referrer_phone: str | int

    @field_validator("referrer_phone")
    @classmethod
    def _phone(cls, value: str | int) -> str:
        text = str(value).strip()
        if not text or len(text) > 32 or isinstance(value, bool):
            raise ValueError("a phone number")
        return text


class ReferralProgramWrite(ParlourModel):
    """The chain's referral program (Parlour's extension): the inviter's reward, in
    ``value_unit``, and the invited client's discount in percent."""

    title: str = Field(min_length=1, max_length=255)
    value_unit: Literal["percent", "amount"] = "amount"
    inviter_value: Money = Field(gt=0)
    invited_discount_percent: Money = Field(default=Decimal(0), le=100)
    service_item_type: Literal["any_allowed", "not_allowed"] = "any_allowed"
    good_item_type: Literal["any_allowed", "not_allowed"] = "any_allowed"
    loyalty_card_type_ids: IdList = []
    company_ids: IdList = Field(min_length=1)
