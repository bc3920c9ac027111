"""Availability search over the database: the glue between stored schedules/records and the
pure engine in ``availability.py``."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from parlour.models import Location


async def next_slot(session: AsyncSession, location: Location) -> datetime | None:
    """The first bookable moment at the location (any team member, any service)."""
    return None
