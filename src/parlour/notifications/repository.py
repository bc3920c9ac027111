"""SQL for notification settings: the users of a location with their memberships."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy.ext.asyncio import AsyncSession

from parlour.models import Location, Membership, User
from parlour.users import repository as users_repo


async def recipients(session: AsyncSession, location_id: int) -> Sequence[tuple[Membership, User]]:
    """The approved users of the location, who may be told about its records."""
    return await users_repo.members(session, location_id, approved=True)


async def location_title(session: AsyncSession, location_id: int) -> str:
    # The request has loaded the location already, as a rule: then no statement is sent.
    location = await session.get(Location, location_id)
    return location.title if location is not None and not location.deleted else ""
