"""Salary request bodies. Upstream's salary operations only read; these are the bodies of
Parlour's extension routes (schemes, their assignment, payroll calculations)."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from parlour.kit.ids import Id, IdOrZero
from parlour.kit.money import Money
from parlour.kit.schema import ParlourModel


class RuleIn(ParlourModel):
    """One rule: what it applies to (target id 0 of "service"/"good": every service/product),
    a percent of the cost or of the net cost, or a fixed sum per unit."""

    target_type: Literal["service", "category", "good"]
    target_id: IdOrZero = 0
    type_slug: Literal["percent", "fixed"] = "percent"
    value: Money
    base: Literal["cost", "net_cost"] = "cost"


class SchemeWrite(ParlourModel):
    title: str = Field(min_length=1, max_length=255)
    rules: list[RuleIn] = Field(min_length=1, max_length=200)


class AssignmentIn(ParlourModel):
    salary_scheme_id: Id
    date_start: str = Field(min_length=1, max_length=32)
    date_end: str | None = Field(default=None, max_length=32)


class CalculationIn(ParlourModel):
    date_from: str = Field(min_length=1, max_length=32)
    date_to: str = Field(min_length=1, max_length=32)
    comment: str = Field(default="", max_length=10_000)
