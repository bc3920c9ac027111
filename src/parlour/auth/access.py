"""What the calling user may do at one location: the object services check rights on.

The web layer builds an :class:`Access` from the membership that ``LocationDep`` verified and
hands it to the service; the service asks ``access.require("clients_access")``. Nothing here
imports FastAPI or ``deps.py``, so a service can be called (and tested) without a request.

Rights are flat, named as upstream names its user permissions, and held per membership. Adding
a right is one line in :data:`RIGHTS`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from parlour.errors import AccessDenied
from parlour.models import Membership

# Every right Parlour knows, and whether a location's owner holds it from the start.
RIGHTS: dict[str, bool] = {
    "settings_access": True,
    "clients_access": True,
    "timetable_access": True,
    "records_access": True,
    "finances_access": True,
    "storages_access": True,
    "users_access": True,
    "custom_fields_access": True,
    "online_booking_access": True,
    # Changing a member's payment-policy flag; granted explicitly, as upstream does.
    "payment_policy_update_access": False,
}

OWNER_RIGHTS: dict[str, bool] = {name: True for name, owner in RIGHTS.items() if owner}


@dataclass(frozen=True, slots=True)
class Access:
    """The rights of one user at one location."""

    user_id: int
    location_id: int
    rights: Mapping[str, Any] = field(default_factory=dict)

    @classmethod
    def of(cls, membership: Membership) -> Access:
        return cls(membership.user_id, membership.location_id, dict(membership.rights or {}))

    def has(self, right: str) -> bool:
        if right not in RIGHTS:
            raise ValueError(f"unknown right {right!r}")  # a typo must not read as "denied"
        return bool(self.rights.get(right, False))

    def require(self, right: str) -> None:
        """Raise ``AccessDenied`` (403) unless the user holds ``right``."""
        if not self.has(right):
            raise AccessDenied()
