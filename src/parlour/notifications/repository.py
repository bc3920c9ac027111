"""SQL for notification settings: the users of a location with their memberships."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy.ext.asyncio import AsyncSession

from parlour.locations import repository as locations_repo
from parlour.models import Membership, User
from parlour.users import repository as users_repo


async def recipients(session: AsyncSession, location_id: int) -> Sequence[tuple[Membership, User]]:
    """The approved users of the location, who may be told about its records."""
    return await users_repo.members(session, location_id, approved=True)


async def location_title(session: AsyncSession, location_id: int) -> str:
    location = await locations_repo.get_location(session, location_id)
    return location.title if location is not None else ""
