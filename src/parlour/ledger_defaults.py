"""What every location starts with: upstream's system expense items (shared by all
locations), and a location's own default units, storages and cash desks.

Migration 0011 seeds them for the locations that existed before it; ``seed_location`` gives
them to each new location (the B2B create, the CLI, the demo).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

# Upstream's system expense items: the same ids in every location.
SYSTEM_EXPENSES: tuple[tuple[int, str], ...] = (
    (1, "Materials"),
    (2, "Goods purchase"),
    (3, "Salary"),
    (4, "Taxes"),
    (5, "Provision of services"),
    (6, "Membership sale"),
    (7, "Goods sale"),
    (8, "Other income"),
    (9, "Other expenses"),
    (10, "Account top-up"),
    (11, "Acquiring fee"),
)
EXPENSE_MATERIALS = 1
EXPENSE_GOODS_PURCHASE = 2
EXPENSE_SALARY = 3
EXPENSE_SERVICES = 5
EXPENSE_GOODS_SALE = 7
EXPENSE_DEPOSIT_TOP_UP = 10
# The highest id a system item may take; a location's own items come after.
LAST_SYSTEM_EXPENSE = 100

UNITS = (("Piece", "pcs"), ("Millilitre", "ml"), ("Gram", "g"))
# (title, for_service, for_sale, comment)
STORAGES = (
    ("Shop", False, True, "Products for sale"),
    ("Consumables", True, False, "Written off for services"),
)
# (title, type: 0 cash / 1 non-cash, is_default, comment)
ACCOUNTS = (
    ("Cash desk", 0, True, "Cash payments"),
    ("Card account", 1, False, "Card and other non-cash payments"),
)


def system_expense_rows(now: datetime) -> list[dict[str, Any]]:
    """Upstream's system expense items as rows (no location: every location sees them)."""
    return [
        {"id": i, "location_id": None, "title": t, "created_at": now} for i, t in SYSTEM_EXPENSES
    ]


def default_rows(location_id: int, now: datetime) -> dict[str, list[dict[str, Any]]]:
    """The default rows of one location, as plain column values (for the migration)."""
    return {
        "unit": [
            {"location_id": location_id, "title": t, "short_title": s, "created_at": now}
            for t, s in UNITS
        ],
        "storage": [
            {
                "location_id": location_id,
                "title": t,
                "for_service": service,
                "for_sale": sale,
                "comment": comment,
                "weight": weight,
                "deleted": False,
                "created_at": now,
            }
            for weight, (t, service, sale, comment) in enumerate(STORAGES)
        ],
        "account": [
            {
                "location_id": location_id,
                "title": t,
                "type": kind,
                "is_default": default,
                "comment": comment,
                "weight": weight,
                "deleted": False,
                "created_at": now,
            }
            for weight, (t, kind, default, comment) in enumerate(ACCOUNTS)
        ],
    }


async def seed_location(session: AsyncSession, location_id: int) -> None:
    """Give a new location its default units, storages and accounts."""
    # Imported here: migration 0011 reads this module's constants without the current models.
    from parlour.models import Account, Storage, Unit

    for title, short in UNITS:
        session.add(Unit(location_id=location_id, title=title, short_title=short))
    for weight, (title, service, sale, comment) in enumerate(STORAGES):
        session.add(
            Storage(
                location_id=location_id,
                title=title,
                for_service=service,
                for_sale=sale,
                comment=comment,
                weight=weight,
            )
        )
    for weight, (title, kind, default, comment) in enumerate(ACCOUNTS):
        session.add(
            Account(
                location_id=location_id,
                title=title,
                type=kind,
                is_default=default,
                comment=comment,
                weight=weight,
            )
        )
    await session.flush()
