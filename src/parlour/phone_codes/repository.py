"""Queries of the verification codes (phones are global: a code names no location)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from parlour.models import VerificationCode


async def recent_codes(
    session: AsyncSession, phone: str, since: datetime
) -> tuple[int, datetime | None]:
    """How many codes the phone got since ``since``, and when the last one was made."""
    stmt = select(func.count(VerificationCode.id), func.max(VerificationCode.created_at)).where(
        VerificationCode.phone == phone, VerificationCode.created_at > since
    )
    count, last = (await session.execute(stmt)).one()
    return int(count or 0), last


async def latest_open_code(session: AsyncSession, phone: str) -> VerificationCode | None:
    stmt = (
        select(VerificationCode)
        .where(VerificationCode.phone == phone, VerificationCode.used_at.is_(None))
        .order_by(VerificationCode.id.desc())
        .limit(1)
    )
    return (await session.execute(stmt)).scalar_one_or_none()
