"""Payments request bodies: accounts and expense items (Parlour extensions), finance
transactions (upstream field names)."""

from __future__ import annotations

from pydantic import Field

from parlour.kit.schema import ParlourModel


class AccountCreate(ParlourModel):
    title: str = Field(min_length=1, max_length=255)
    # 0: cash, 1: non-cash.
    type: int = Field(default=0, ge=0, le=1)
    comment: str = Field(default="", max_length=10_000)
    is_default: bool = False
    weight: int = Field(default=0, ge=0, le=1_000_000)


class ExpenseCreate(ParlourModel):
    title: str = Field(min_length=1, max_length=255)
