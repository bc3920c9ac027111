"""Upstream's program types: the name the chain API speaks (``discount_static``) and the number
cards and ledgers carry (``loyalty_type_id``). The numbers 1, 3, 6, 7, 8 and 13 are pinned by
reference samples; the others follow the order of upstream's list (decisions.json)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class ProgramType:
    id: int
    name: str
    title: str
    is_discount: bool
    is_cashback: bool
    is_static: bool
    is_accumulative: bool
    # Referral programs are applied through their own operation, not created by type name.
    creatable: bool = True

    def render(self) -> dict[str, object]:
        return {
            "id": self.id,
            "title": self.title,
            "is_discount": self.is_discount,
            "is_cashback": self.is_cashback,
            "is_static": self.is_static,
            "is_accumulative": self.is_accumulative,
        }


_ALL = (
    ProgramType(1, "discount_static", "Static discount", True, False, True, False),
    ProgramType(
        2, "discount_accumulative_visits", "Cumulative discount (visits)", True, False, False, True
    ),
    ProgramType(
        3, "discount_accumulative_paid", "Cumulative discount (paid)", True, False, False, True
    ),
    ProgramType(
        4, "discount_accumulative_sold", "Cumulative discount (sold)", True, False, False, True
    ),
    ProgramType(5, "cashback_static_paid", "Static cashback (paid)", False, True, True, False),
    ProgramType(6, "referral", "Referral program", False, True, True, False, creatable=False),
    ProgramType(
        7, "cashback_accumulative_paid", "Cumulative cashback (paid)", False, True, False, True
    ),
    ProgramType(
        8, "cashback_accumulative_sold", "Cumulative cashback (sold)", False, True, False, True
    ),
    ProgramType(9, "cashback_static_sold", "Static cashback (sold)", False, True, True, False),
    ProgramType(
        10,
        "cashback_accumulative_paid_visits",
        "Cumulative cashback by visits (paid)",
        False,
        True,
        False,
        True,
    ),
    ProgramType(
        11,
        "cashback_accumulative_sold_visits",
        "Cumulative cashback by visits (sold)",
        False,
        True,
        False,
        True,
    ),
    ProgramType(12, "cashback_paid_visits", "Cashback by visits (paid)", False, True, False, False),
    ProgramType(
        13,
        "package_discount",
        "Discount for a given number of accumulated services",
        True,
        False,
        False,
        False,
    ),
    ProgramType(14, "cashback_sold_visits", "Cashback by visits (sold)", False, True, False, False),
)

PROGRAM_TYPES: dict[str, ProgramType] = {t.name: t for t in _ALL}
PROGRAM_TYPES_BY_ID: dict[int, ProgramType] = {t.id: t for t in _ALL}

# value_unit_id of a program: 1 percent, 2 a fixed amount.
VALUE_UNIT_IDS = {"percent": 1, "amount": 2}
# item_type_id of a program: how it treats goods (0 not at all, 1 every good, 2 some goods).
GOOD_ITEM_TYPE_IDS = {"not_allowed": 0, "any_allowed": 1, "custom_allowed": 2}

# Ledger line types (upstream's 1-11) and their titles.
TRANSACTION_TITLES = {
    1: "Promotion discount",
    2: "Loyalty program accrual",
    3: "Loyalty card withdrawal",
    4: "Referral program accrual",
    5: "Manual replenishment",
    6: "Manual withdrawal",
    7: "Overdue points withdrawal",
    8: "Withdrawal from the gift card",
    9: "Use of the membership",
    10: "Recalculation of the cost of the membership",
    11: "Withdrawal from the personal account",
}
