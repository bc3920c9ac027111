"""What the calling user may do at one location: the object rights are checked on.

Every B2B operation names the one right that opens it, on its route:
``dependencies=[needs("clients_access")]`` (``parlour.deps``). That gate builds an
:class:`Access` from the membership the path's location dependency verified and calls
:meth:`Access.require` before any object in the path is loaded, so a user without the right
learns nothing (not even whether a record id exists). The served OpenAPI shows the right as
``x-parlour-right`` and ``tests/tenancy/test_rights.py`` proves it for every operation.

Services receive the same ``Access`` (``AccessDep``) for the finer rights an operation needs
beyond its area (deleting a paid record, changing a payment policy, a "last N days" window):
``access.require("delete_paid_records_access")``, ``access.window(...)``. Nothing here imports
FastAPI or ``deps.py``, so a service can be called (and tested) without a request.

The rights are upstream's permission slugs (:mod:`parlour.auth.permissions`), held as one flat
map per membership.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from parlour.auth.permissions import OWNER, complete, kind, role_defaults
from parlour.errors import AccessDenied
from parlour.models import Membership

# Every right Parlour knows, with the owner's value (adding one: a line in permissions.GROUPS).
RIGHTS: Mapping[str, Any] = OWNER

# A location's owner holds these from the start (the boolean rights the owner role grants).
OWNER_RIGHTS: dict[str, bool] = {
    slug: True for slug, value in role_defaults("owner").items() if value is True
}


def check_right(right: str) -> str:
    """``right`` if it is a known boolean right (a typo must not read as "denied")."""
    if right not in RIGHTS:
        raise ValueError(f"unknown right {right!r}")
    if kind(right) is not bool:
        raise ValueError(f"{right!r} is a limit, not a right; use Access.window/limit")
    return right


@dataclass(frozen=True, slots=True)
class Access:
    """The rights of one user at one location."""

    user_id: int
    location_id: int
    rights: Mapping[str, Any] = field(default_factory=dict)
    role: str = "worker"

    @classmethod
    def of(cls, membership: Membership) -> Access:
        return cls(
            membership.user_id,
            membership.location_id,
            # Stored values over the role's defaults: a permission added to the catalog later
            # reaches existing members with their role's default.
            complete(membership.permissions or {}, membership.role),
            membership.role,
        )

    def has(self, right: str) -> bool:
        return self.rights.get(check_right(right)) is True

    def require(self, right: str) -> None:
        """Raise ``AccessDenied`` (403) unless the user holds ``right``."""
        if not self.has(right):
            raise AccessDenied()

    def window(self, slug: str) -> int | None:
        """A "last N days" limit: ``None`` for all time, else N (0: today only)."""
        if slug not in RIGHTS or kind(slug) is not int or not slug.endswith("last_days_count"):
            raise ValueError(f"{slug!r} is not a day window")
        value = int(self.rights.get(slug, 0) or 0)
        if slug == "last_days_count":  # the calendar's own window: 0 is unlimited
            return None if value <= 0 else value
        return None if value < 0 else value
