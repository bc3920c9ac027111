"""Product and product-category request bodies (upstream field names)."""

from __future__ import annotations

from decimal import Decimal
from typing import Literal

from pydantic import Field

from parlour.kit.ids import Id, IdOrZero
from parlour.kit.money import Money, Quantity
from parlour.kit.schema import ParlourModel


class CategoryWrite(ParlourModel):
    title: str = Field(min_length=1, max_length=255)
    # 0 or null: a root category.
    parent_category_id: IdOrZero | None = None
    article: str = Field(default="", max_length=255)
    comment: str = Field(default="", max_length=10_000)


class CorrectionRule(ParlourModel):
    """How stored amounts of one document type follow a unit change: ``base_unit`` names the
    unit whose quantities stay as they are."""

    type: int = Field(ge=1, le=9)
    base_unit: Literal["sale", "service"]


class ProductWrite(ParlourModel):
    title: str = Field(min_length=1, max_length=255)
    print_title: str = Field(default="", max_length=255)
    article: str = Field(default="", max_length=255)
    barcode: str = Field(default="", max_length=255)
    category_id: Id
    cost: Money = Decimal(0)
    actual_cost: Money = Decimal(0)
    sale_unit_id: Id
    service_unit_id: Id
    unit_equals: Quantity = Decimal(1)
    critical_amount: Quantity = Decimal(0)
    desired_amount: Quantity = Decimal(0)
    netto: Quantity = Decimal(0)
    brutto: Quantity = Decimal(0)
    comment: str = Field(default="", max_length=10_000)
    tax_variant: int = Field(default=0, ge=0, le=1000)
    vat_id: int = Field(default=0, ge=0, le=1000)


class ProductUpdate(ProductWrite):
    correction_rules: list[CorrectionRule] | None = None


class UnitCreate(ParlourModel):
    title: str = Field(min_length=1, max_length=255)
    short_title: str = Field(default="", max_length=32)
