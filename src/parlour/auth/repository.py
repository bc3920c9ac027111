"""SQL for partners, users and memberships (identities belong to no location; a membership
ties a user to one)."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from parlour.models import Membership, Partner, User


async def user_by_email(session: AsyncSession, email: str) -> User | None:
    return (await session.execute(select(User).where(User.email == email))).scalar_one_or_none()


async def user_by_phone(session: AsyncSession, phone: str) -> User | None:
    return (await session.execute(select(User).where(User.phone == phone))).scalar_one_or_none()


async def user_by_token_hash(session: AsyncSession, digest: str) -> User | None:
    stmt = select(User).where(User.token_hash == digest)
    return (await session.execute(stmt)).scalar_one_or_none()


async def user(session: AsyncSession, user_id: int) -> User | None:
    return (await session.execute(select(User).where(User.id == user_id))).scalar_one_or_none()


async def active_partner_by_token_hash(session: AsyncSession, digest: str) -> Partner | None:
    stmt = select(Partner).where(Partner.token_hash == digest, Partner.active.is_(True))
    return (await session.execute(stmt)).scalar_one_or_none()


async def membership(session: AsyncSession, user_id: int, location_id: int) -> Membership | None:
    stmt = select(Membership).where(
        Membership.user_id == user_id, Membership.location_id == location_id
    )
    return (await session.execute(stmt)).scalar_one_or_none()
