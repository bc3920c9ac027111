"""SQL for a location's users: memberships joined to their users, and invitations."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from parlour.errors import UserNotFound
from parlour.kit.repository import Scoped
from parlour.models import Invitation, Membership, User

MEMBERSHIPS = Scoped(Membership, order_by=(Membership.id,), not_found=UserNotFound)
INVITATIONS = Scoped(Invitation, order_by=(Invitation.id,))


async def members(
    session: AsyncSession, location_id: int, *, approved: bool | None = None
) -> Sequence[tuple[Membership, User]]:
    stmt = (
        select(Membership, User)
        .join(User, User.id == Membership.user_id)
        .where(Membership.location_id == location_id)
        .order_by(Membership.id)
    )
    if approved is not None:
        stmt = stmt.where(Membership.is_approved.is_(approved))
    return [(m, u) for m, u in (await session.execute(stmt)).all()]


async def member(session: AsyncSession, location_id: int, user_id: int) -> Membership | None:
    stmt = MEMBERSHIPS.select(location_id).where(Membership.user_id == user_id)
    return (await session.execute(stmt)).scalar_one_or_none()


async def load_member(session: AsyncSession, location_id: int, user_id: int) -> Membership:
    """The membership of ``user_id`` at the location, or ``UserNotFound``."""
    found = await member(session, location_id, user_id)
    if found is None:
        raise UserNotFound()
    return found


async def invitation_by_token_hash(session: AsyncSession, digest: str) -> Invitation | None:
    stmt = select(Invitation).where(Invitation.token_hash == digest)
    return (await session.execute(stmt)).scalar_one_or_none()


async def pending_invitations(
    session: AsyncSession, location_id: int, user_id: int
) -> Sequence[Invitation]:
    stmt = INVITATIONS.select(location_id).where(
        Invitation.user_id == user_id, Invitation.accepted_at.is_(None)
    )
    return (await session.execute(stmt)).scalars().all()
