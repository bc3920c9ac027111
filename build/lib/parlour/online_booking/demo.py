"""Demo data: a default booking widget and online-booking settings."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from parlour.booking import search
from parlour.models import BookingForm, Location


async def seed_demo(session: AsyncSession, location: Location) -> None:
    settings = await search.settings_of(session, location.id)
    if settings.id is None:
        settings.seance_delay_step = 60
        settings.booking_horizon_days = 60
        settings.privacy_policy = "We use your name and phone number only to manage your booking."
        session.add(settings)
    has_form = (
        await session.execute(
            select(BookingForm.id).where(BookingForm.location_id == location.id).limit(1)
        )
    ).first()
    if has_form is None:
        session.add(
            BookingForm(
                location_id=location.id,
                title="Book online",
                is_default=True,
                weight=0,
                settings={"theme": "light", "language": "en-US"},
            )
        )
    await session.flush()
