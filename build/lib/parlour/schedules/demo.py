"""Demo data: working schedules for the demo team members over the next ~60 days."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from parlour.kit.timeutil import utcnow, zone
from parlour.models import Location, ScheduleDay, TeamMember

DAYS = 60
# Monday..Saturday 10:00-19:00 with a lunch break; Sundays off.
SLOTS: list[dict[str, Any]] = [{"from": "10:00", "to": "14:00"}, {"from": "15:00", "to": "19:00"}]


async def seed_demo(session: AsyncSession, location: Location) -> None:
    members = list(
        (
            await session.execute(
                select(TeamMember.id).where(
                    TeamMember.location_id == location.id, TeamMember.deleted.is_(False)
                )
            )
        ).scalars()
    )
    if not members:
        return
    today = utcnow().astimezone(zone(location.timezone_name)).date()
    rows = await session.execute(
        select(ScheduleDay.team_member_id, ScheduleDay.day_date).where(
            ScheduleDay.location_id == location.id, ScheduleDay.day_date >= today
        )
    )
    existing = {(m, d) for m, d in rows}
    for member_id in members:
        for n in range(DAYS):
            day = today + timedelta(days=n)
            if day.weekday() == 6 or (member_id, day) in existing:
                continue
            session.add(
                ScheduleDay(
                    location_id=location.id, team_member_id=member_id, day_date=day, slots=SLOTS
                )
            )
    await session.flush()
