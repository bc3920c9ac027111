"""Sale payment bodies, named as upstream names them."""

from __future__ import annotations

from typing import Annotated

from pydantic import ConfigDict, Field

from parlour.kit.ids import IdOrZero
from parlour.kit.money import Money
from parlour.kit.schema import ParlourModel


class MethodIn(ParlourModel):
    # A loyalty method names its own entity (loyalty_card_id, ...): kept for its handler.
    model_config = ConfigDict(extra="allow")

    slug: Annotated[str, Field(min_length=1, max_length=64)]
    account_id: IdOrZero = 0
    deposit_id: IdOrZero = 0


class PaymentIn(ParlourModel):
    method: MethodIn
    # Required by the cash desk and deposits; a membership's use pays a whole service item
    # and is sent without it (upstream's sample).
    amount: Annotated[Money, Field(gt=0)] | None = None
    # A gift card's or membership's code (loyalty methods).
    number: Annotated[str, Field(max_length=255)] | None = None


class PaymentBody(ParlourModel):
    payment: PaymentIn
