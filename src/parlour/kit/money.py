"""Exact money: ``Decimal`` in Python, ``NUMERIC(14, 2)`` in the database, JSON numbers on the
wire.

- In: a JSON number or a numeric string (``12.5``, ``"12.50"``); never a boolean, NaN or
  infinity. Floats are read through their shortest text form, so ``0.1`` is exactly 0.1.
  Amounts are rounded to the cent (half up) on the way in.
- Arithmetic: Decimal throughout; every result that is stored or shown is rounded once, with
  :func:`cents` (ROUND_HALF_UP to 0.01).
- Out: upstream sends amounts as JSON numbers, integral ones without a fraction (``1500``,
  ``12.5``, ``0.03``); :func:`wire` gives exactly that. A NUMERIC(14, 2) value has at most 14
  significant digits, which a double holds exactly enough for its shortest text form to be the
  same digits, so the JSON text never shows rounding artefacts.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Annotated, Any

from pydantic import BeforeValidator, Field, PlainSerializer

CENT = Decimal("0.01")
MILLI = Decimal("0.001")
ZERO = Decimal("0.00")
HUNDRED = Decimal(100)
# The largest amount a NUMERIC(14, 2) column holds.
MAX_AMOUNT = Decimal("999999999999.99")
# Quantities (goods) are NUMERIC(14, 3).
MAX_QUANTITY = Decimal("99999999999.999")


def to_decimal(value: Any) -> Decimal:
    """A finite Decimal from a number or a numeric string (ValueError otherwise)."""
    if isinstance(value, bool):
        raise ValueError("expected a number, got a boolean")
    if isinstance(value, Decimal):
        number = value
    elif isinstance(value, int):
        number = Decimal(value)
    elif isinstance(value, float):
        # repr gives the shortest text that reads back as this float: 0.1 -> "0.1".
        number = Decimal(repr(value))
    elif isinstance(value, str):
        text = value.strip()
        if not text or len(text) > 64:
            raise ValueError("expected a number")
        try:
            number = Decimal(text)
        except InvalidOperation:
            raise ValueError(f"expected a number, got {value[:32]!r}") from None
    else:
        raise ValueError("expected a number")
    if not number.is_finite():
        raise ValueError("expected a finite number")
    if abs(number.adjusted()) > 30:
        raise ValueError("number out of range")
    return number


def cents(value: Decimal | int) -> Decimal:
    """Rounded half up to the cent: the one rounding rule for amounts."""
    return Decimal(value).quantize(CENT, rounding=ROUND_HALF_UP)


def thousandths(value: Decimal | int) -> Decimal:
    """Rounded half up to 0.001: quantities."""
    return Decimal(value).quantize(MILLI, rounding=ROUND_HALF_UP)


def discounted(unit: Decimal, amount: Decimal | int, percent: Decimal) -> Decimal:
    """What ``amount`` units at ``unit`` cost after a ``percent`` discount, to the cent."""
    return cents(unit * Decimal(amount) * (HUNDRED - percent) / HUNDRED)


def wire(value: Decimal | int | float | None) -> int | float | None:
    """An amount as a JSON number: integral values as integers, others with their digits."""
    if value is None:
        return None
    if not isinstance(value, Decimal):
        value = to_decimal(value)
    if value == value.to_integral_value():
        return int(value)
    return float(value)


def _money_in(value: Any) -> Decimal:
    return cents(to_decimal(value))


def _quantity_in(value: Any) -> Decimal:
    return thousandths(to_decimal(value))


def _percent_in(value: Any) -> Decimal:
    return cents(to_decimal(value))


_out = PlainSerializer(wire, return_type=int | float | None, when_used="json")

# Request fields (dumped to JSON as numbers too, for bodies that are stored as sent).
Money = Annotated[Decimal, BeforeValidator(_money_in), Field(ge=0, le=MAX_AMOUNT), _out]
SignedMoney = Annotated[
    Decimal, BeforeValidator(_money_in), Field(ge=-MAX_AMOUNT, le=MAX_AMOUNT), _out
]
Percent = Annotated[Decimal, BeforeValidator(_percent_in), Field(ge=0, le=100), _out]
Quantity = Annotated[
    Decimal, BeforeValidator(_quantity_in), Field(ge=-MAX_QUANTITY, le=MAX_QUANTITY), _out
]

# Response fields: a Decimal that goes out as a JSON number.
MoneyOut = Annotated[Decimal, _out]
PercentOut = MoneyOut
QuantityOut = MoneyOut
