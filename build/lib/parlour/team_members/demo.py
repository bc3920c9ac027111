"""Demo team: positions, three team members and their links to the demo services.

Runs after ``parlour.services.demo`` (see ``parlour.demo.seed_sections``), so the services
exist and the links are made here.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from parlour.models import Location, Position, Service, ServiceTeamMember, TeamMember

# (name, specialization, position, services they provide, their own length factor)
TEAM = (
    ("Anna Miller", "Hair stylist", "Senior stylist", ("Women's haircut", "Hair colouring"), 1.0),
    ("Ben Carter", "Barber", "Stylist", ("Men's haircut", "Women's haircut"), 1.0),
    ("Chloe Davis", "Nail technician", "Nail technician", ("Manicure", "Pedicure"), 0.75),
)


async def seed_demo(session: AsyncSession, location: Location) -> None:
    positions: dict[str, Position] = {}
    for title in dict.fromkeys(t[2] for t in TEAM):
        positions[title] = Position(
            location_id=location.id,
            chain_id=location.main_group_id,
            title=title,
            rules_required_fields=[],
        )
        session.add(positions[title])
    await session.flush()
    services = {
        s.title: s
        for s in (
            await session.execute(
                select(Service).where(
                    Service.location_id == location.id, Service.deleted.is_(False)
                )
            )
        ).scalars()
    }
    for weight, (name, specialization, position, provided, factor) in enumerate(reversed(TEAM)):
        member = TeamMember(
            location_id=location.id,
            name=name,
            specialization=specialization,
            position_id=positions[position].id,
            information=f"{name} is part of the Parlour demo team.",
            rating=4.8,
            weight=weight,
        )
        session.add(member)
        await session.flush()
        for title in provided:
            service = services.get(title)
            if service is None:
                continue
            # A member's own length, rounded to 5 minutes and kept within upstream's limits.
            length = max(300, min(86100, round(service.duration * factor / 300) * 300))
            session.add(
                ServiceTeamMember(
                    location_id=location.id,
                    service_id=service.id,
                    team_member_id=member.id,
                    length=length,
                )
            )
    await session.flush()
