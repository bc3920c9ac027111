"""Demo catalog: two categories and a handful of services for the demo location."""

from __future__ import annotations

from decimal import Decimal

from sqlalchemy.ext.asyncio import AsyncSession

from parlour.models import Location, Service, ServiceCategory

# (category, [(title, price_min, price_max, duration seconds)])
CATALOG = (
    (
        "Hair",
        [
            ("Women's haircut", Decimal(60), Decimal(90), 3600),
            ("Men's haircut", Decimal(35), Decimal(35), 1800),
            ("Hair colouring", Decimal(120), Decimal(180), 7200),
        ],
    ),
    (
        "Nails",
        [
            ("Manicure", Decimal(30), Decimal(30), 2700),
            ("Pedicure", Decimal(45), Decimal(45), 3600),
        ],
    ),
)


async def seed_demo(session: AsyncSession, location: Location) -> None:
    for weight, (category_title, services) in enumerate(reversed(CATALOG)):
        category = ServiceCategory(
            location_id=location.id, title=category_title, weight=weight, staff_ids=[]
        )
        session.add(category)
        await session.flush()
        for index, (title, low, high, seconds) in enumerate(services):
            session.add(
                Service(
                    location_id=location.id,
                    category_id=category.id,
                    title=title,
                    booking_title=title,
                    price_min=low,
                    price_max=high,
                    duration=seconds,
                    weight=len(services) - index,
                    translations=[],
                    resource_ids=[],
                )
            )
    await session.flush()
