"""Gift certificate request bodies (upstream field names)."""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated, Any, Literal

from pydantic import BeforeValidator, Field, field_validator

from parlour.kit.ids import Id, IdOrZero
from parlour.kit.money import Money
from parlour.kit.schema import ParlourModel


def _ids_in(value: Any) -> Any:
    # An empty object arrives where "no ids" is meant (as in the loyalty samples).
    if value == {} or value is None:
        return []
    return value


IdList = Annotated[list[Id], BeforeValidator(_ids_in), Field(max_length=1000)]


class Expiration(ParlourModel):
    type_id: Literal[0, 1, 2]
    date: Annotated[str, Field(max_length=64)] | None = None
    timeout: int = Field(default=0, ge=0, le=100_000)
    timeout_unit_id: Literal[0, 1, 2, 3, 4] = 0


class OnlineSale(ParlourModel):
    is_enabled: bool
    title: str = Field(default="", max_length=255)
    description: str = Field(default="", max_length=10_000)
    price: Money = Decimal(0)


class CertificateTypeWrite(ParlourModel):
    """The whole type: PUT sends every field of the creation again."""

    title: str = Field(min_length=1, max_length=255)
    balance: Annotated[Money, Field(gt=0)]
    is_multi: bool
    item_type_id: Literal[0, 1, 2, 3, 4]
    is_allow_empty_code: bool
    balance_edit_type_id: Literal[1, 2]
    service_ids: IdList
    salon_ids: IdList
    expiration: Expiration
    online_sale: OnlineSale
    category_id: Id | None = None


def _code(value: Any) -> Any:
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    return value


class CertificateSale(ParlourModel):
    """Parlour's sale of a certificate to a client (``x-parlour``)."""

    certificate_type_id: Id
    client_id: IdOrZero = 0
    phone: str | int | None = None
    number: Annotated[str, BeforeValidator(_code), Field(max_length=64)] | None = None
    master_id: IdOrZero = 0

    @field_validator("number")
    @classmethod
    def _number(cls, value: str | None) -> str | None:
        if value is None:
            return None
        text = value.strip()
        if text and not text.isdigit():
            raise ValueError("a certificate code is digits")
        return text or None
