"""SQL for the web pages: the pages' own partner row."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from parlour.models import Partner


async def partner_by_token_hash(session: AsyncSession, digest: str) -> Partner | None:
    """Active or not: a revoked pages partner stays revoked (it is not created again)."""
    stmt = select(Partner).where(Partner.token_hash == digest)
    return (await session.execute(stmt)).scalar_one_or_none()
