"""Demo clients for ``parlour demo``."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from parlour.clients import lookup
from parlour.models import Location

DEMO_CLIENTS = (
    ("+13155550175", "James Smith", "james@example.com"),
    ("+13155550176", "Taylor Reed", "taylor@example.com"),
    ("+13155550177", "Morgan Lee", ""),
)


async def seed_demo(session: AsyncSession, location: Location) -> None:
    # find_or_create keeps a second run from adding duplicates.
    for phone, name, email in DEMO_CLIENTS:
        await lookup.find_or_create(session, location, phone=phone, name=name, email=email)
