"""Payments request bodies: accounts and expense items (Parlour extensions), finance
transactions (upstream field names)."""

from __future__ import annotations

from pydantic import Field

from parlour.kit.ids import Id, IdOrZero
from parlour.kit.money import SignedMoney
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


class FinanceWrite(ParlourModel):
    """A finance transaction. The amount is signed: income positive, expense negative."""

    expense_id: Id
    amount: SignedMoney
    account_id: Id
    client_id: IdOrZero = 0
    supplier_id: IdOrZero = 0
    master_id: IdOrZero = 0
    # Upstream's field list calls the comment a number; its samples send text.
    comment: str | int | None = Field(default="", union_mode="left_to_right")
    date: str | None = Field(default=None, max_length=64)
    # Parlour also links a payment to what it paid for (upstream fills these itself).
    record_id: IdOrZero = 0
    visit_id: IdOrZero = 0
    document_id: IdOrZero = 0
