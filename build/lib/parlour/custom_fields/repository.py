"""Custom field queries, always scoped to one location and category."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from parlour.models import CustomField, Location, LocationChain


async def list_fields(
    session: AsyncSession, location_id: int, category: str
) -> Sequence[CustomField]:
    stmt = (
        select(CustomField)
        .where(CustomField.location_id == location_id, CustomField.category == category)
        .order_by(CustomField.weight, CustomField.id)
    )
    return (await session.execute(stmt)).scalars().all()


async def get(
    session: AsyncSession, location_id: int, category: str, field_id: int
) -> CustomField | None:
    stmt = select(CustomField).where(
        CustomField.id == field_id,
        CustomField.location_id == location_id,
        CustomField.category == category,
    )
    return (await session.execute(stmt)).scalar_one_or_none()


async def by_code(
    session: AsyncSession, location_id: int, category: str, code: str
) -> CustomField | None:
    stmt = select(CustomField).where(
        CustomField.location_id == location_id,
        CustomField.category == category,
        CustomField.code == code,
    )
    return (await session.execute(stmt)).scalar_one_or_none()


async def location_in_chain(session: AsyncSession, location: Location) -> bool:
    if location.main_group_id:
        return True
    stmt = select(LocationChain.id).where(LocationChain.location_id == location.id).limit(1)
    return (await session.execute(stmt)).first() is not None
