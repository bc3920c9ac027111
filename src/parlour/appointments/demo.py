"""Demo appointments: two bookings for the demo business, when its catalogue has a team
member who provides a service (seeded by the services / team-member demos)."""

from __future__ import annotations

from datetime import datetime, time, timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from parlour.appointments import repository as repo
from parlour.appointments import writing
from parlour.booking import reserve
from parlour.clients import lookup
from parlour.errors import SlotBusy
from parlour.kit.timeutil import utcnow, zone
from parlour.models import Location, Record


async def seed_demo(session: AsyncSession, location: Location) -> None:
    found = await repo.first_link(session, location.id)
    if found is None:
        return  # no catalogue: nothing to book
    link, service = found
    tz = zone(location.timezone_name)
    tomorrow = utcnow().astimezone(tz).date() + timedelta(days=1)
    client = await lookup.find_or_create(
        session, location, phone="+13155550199", name="Demo Client", email="client@parlour.local"
    )
    for hour in (10, 14):
        start = datetime.combine(tomorrow, time(hour), tzinfo=tz)
        end = start + timedelta(seconds=link.length)
        instances = await reserve.free_instances(session, location, [service], start, end)
        if instances is None:
            continue  # the room is taken: no demo booking then
        record = Record(comment="Booked by parlour demo")
        where = writing.Placement(
            staff_id=link.team_member_id,
            client_id=client.id,
            start=start,
            length=link.length,
            services=[writing.price(service, link)],
            instances=instances,
        )
        try:
            await writing.place(session, location, record, where)
        except SlotBusy:
            continue  # another demo already holds that time
    await session.flush()
