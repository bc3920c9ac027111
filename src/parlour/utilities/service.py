"""Utilities: phone validation and the location's licence."""

from __future__ import annotations

from typing import Any

from parlour.kit.phones import parse_phone
from parlour.models import Location

# A self-hosted Parlour licence does not expire; upstream writes dates as dd.mm.yyyy.
NEVER = "31.12.9999"
LICENCE_NAME = "Parlour self-hosted"


def validate_phone(phone: str) -> dict[str, bool]:
    """The same rule every Parlour phone field uses (``kit.phones``)."""
    return {"is_valid": parse_phone(phone) is not None}


def licence(location: Location) -> dict[str, Any]:
    return {
        "id": location.id,
        "salon_id": location.id,
        "staff_limit": 0,  # no limit
        "deactivation_date": NEVER,
        "start_date": location.created_at.strftime("%d.%m.%Y"),
        "name": LICENCE_NAME,
        "active": 1,
        "options": [],
    }
