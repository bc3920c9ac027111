"""Custom field queries, always scoped to one location and category."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from parlour.errors import CustomFieldNotFound
from parlour.kit.repository import Scoped
from parlour.models import CustomField, Location, LocationChain

FIELDS = Scoped(
    CustomField, not_found=CustomFieldNotFound, order_by=(CustomField.weight, CustomField.id)
)


async def list_fields(
    session: AsyncSession, location_id: int, category: str
) -> Sequence[CustomField]:
    return await FIELDS.all(session, location_id, CustomField.category == category)


async def load(
    session: AsyncSession, location_id: int, category: str, field_id: int
) -> CustomField:
    """The field of that category, or ``CustomFieldNotFound``."""
    stmt = FIELDS.select(location_id, CustomField.id == field_id, CustomField.category == category)
    found = (await session.execute(stmt)).scalar_one_or_none()
    if found is None:
        raise CustomFieldNotFound()
    return found


async def by_code(
    session: AsyncSession, location_id: int, category: str, code: str
) -> CustomField | None:
    stmt = FIELDS.select(location_id, CustomField.category == category, CustomField.code == code)
    return (await session.execute(stmt)).scalar_one_or_none()


async def location_in_chain(session: AsyncSession, location: Location) -> bool:
    if location.main_group_id:
        return True
    stmt = select(LocationChain.id).where(LocationChain.location_id == location.id).limit(1)
    return (await session.execute(stmt)).first() is not None
