"""Demo appointments: two bookings for the demo business, when its catalogue has a team
member who provides a service (seeded by the services / team-member demos)."""

from __future__ import annotations

from datetime import datetime, time, timedelta

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from parlour.appointments import occupancy
from parlour.clients import lookup
from parlour.errors import SlotBusy
from parlour.kit.timeutil import utcnow, zone
from parlour.models import Location, Record, RecordService, Service, ServiceTeamMember


async def seed_demo(session: AsyncSession, location: Location) -> None:
    row = (
        await session.execute(
            select(ServiceTeamMember, Service)
            .join(Service, Service.id == ServiceTeamMember.service_id)
            .where(ServiceTeamMember.location_id == location.id, Service.deleted.is_(False))
            .order_by(ServiceTeamMember.id)
            .limit(1)
        )
    ).first()
    if row is None:
        return  # no catalogue: nothing to book
    link, service = row
    tz = zone(location.timezone_name)
    tomorrow = utcnow().astimezone(tz).date() + timedelta(days=1)
    client = await lookup.find_or_create(
        session, location, phone="+13155550190", name="Demo Client", email="client@parlour.local"
    )
    price = link.price if link.price is not None else service.price_min
    # Late in the day, away from the times README.md books (10:00, 15:00) and from the
    # phones it uses, so the README's examples run as written on a fresh demo.
    for hour in (17, 18):
        start = datetime.combine(tomorrow, time(hour), tzinfo=tz)
        record = Record(
            location_id=location.id,
            staff_id=link.team_member_id,
            client_id=client.id,
            start_at=start,
            end_at=start + timedelta(seconds=link.length),
            seance_length=link.length,
            comment="Booked by parlour demo",
            services=[RecordService(service_id=service.id, first_cost=price, cost=price)],
        )
        session.add(record)
        try:
            await occupancy.flush_guarded(session)
        except SlotBusy:
            continue  # another demo already holds that time
        await occupancy.attach_visit(session, record, tomorrow)
    await session.flush()
