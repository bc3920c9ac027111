"""Membership request bodies, named as upstream names them."""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated, Any

from pydantic import Field

from parlour.kit.ids import Id, IdOrZero
from parlour.kit.money import Money
from parlour.kit.schema import ParlourModel

Count = Annotated[int, Field(ge=0, le=1_000_000)]
# ``{"<service id>": <visits>}``; an empty list (or nothing) on an update keeps what is there.
Links = dict[str, Count] | list[Any] | None


class TypeWrite(ParlourModel):
    title: Annotated[str, Field(min_length=1, max_length=255)]
    cost: Money = Field(default=Decimal(0))
    period: Count = 0
    period_unit_id: Annotated[int, Field(ge=0, le=4)] = 0
    allow_freeze: bool = False
    freeze_limit: Count = 0
    is_allow_empty_code: bool = False
    is_united_balance: bool = False
    united_balance_services_count: Count = 0
    services: Links = None
    service_categories: Links = None
    is_online_sale_enabled: bool = False
    online_sale_title: Annotated[str, Field(max_length=255)] = ""
    online_sale_description: Annotated[str, Field(max_length=10_000)] = ""
    online_sale_price: Money = Field(default=Decimal(0))


class ArchiveBody(ParlourModel):
    is_archived: bool = True


class FreezeBody(ParlourModel):
    freeze_till: Annotated[str, Field(min_length=10, max_length=64)]


class ServiceBalance(ParlourModel):
    service_id: Id
    balance: Count


class BalanceBody(ParlourModel):
    united_balance_services_count: Count | None = None
    services_balance_count: list[ServiceBalance] | None = None


class PeriodBody(ParlourModel):
    period: Count
    period_unit_id: Annotated[int, Field(ge=1, le=4)]


class MembershipSell(ParlourModel):
    abonement_type_id: Id
    client_id: Id
    number: Annotated[str, Field(max_length=64)] | None = None
    master_id: IdOrZero = 0
