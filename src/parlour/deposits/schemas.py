"""Deposit request bodies: the top-up (upstream's fields) and Parlour's extension bodies."""

from __future__ import annotations

from pydantic import Field

from parlour.kit.ids import Id, IdOrZero
from parlour.kit.money import Money
from parlour.kit.schema import ParlourModel


class TopUp(ParlourModel):
    client_id: Id
    deposit_id: Id
    amount: Money = Field(gt=0)
    master_id: IdOrZero = 0
    account_id: Id


class DepositTypeCreate(ParlourModel):
    title: str = Field(min_length=1, max_length=255)


class DepositOpen(ParlourModel):
    deposit_type_id: Id
