"""Rows for booking tests, created straight through the ORM."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from parlour.db import Database
from parlour.kit.timeutil import utcnow
from parlour.models import (
    BookingSettings,
    Record,
    Resource,
    ResourceInstance,
    ScheduleDay,
    Service,
    ServiceTeamMember,
    TeamMember,
)


async def member(db: Database, location_id: int, name: str = "Ann", **kw: object) -> int:
    async with db.session(write=True) as s:
        m = TeamMember(location_id=location_id, name=name, **kw)
        s.add(m)
        await s.flush()
        return m.id


async def service(
    db: Database,
    location_id: int,
    members: list[int],
    *,
    title: str = "Cut",
    length: int = 3600,
    price: float = 50.0,
    technical_break: int = 0,
    **kw: object,
) -> int:
    async with db.session(write=True) as s:
        svc = Service(
            location_id=location_id,
            title=title,
            duration=length,
            price_min=price,
            price_max=price,
            technical_break_duration=technical_break,
            **kw,
        )
        s.add(svc)
        await s.flush()
        for mid in members:
            s.add(
                ServiceTeamMember(
                    location_id=location_id, service_id=svc.id, team_member_id=mid, length=length
                )
            )
        return svc.id


async def schedule(
    db: Database,
    location_id: int,
    member_id: int,
    days: list[date],
    slots: list[tuple[str, str]] | None = None,
) -> None:
    slots = slots or [("09:00", "18:00")]
    async with db.session(write=True) as s:
        for d in days:
            s.add(
                ScheduleDay(
                    location_id=location_id,
                    team_member_id=member_id,
                    day_date=d,
                    slots=[{"from": a, "to": b} for a, b in slots],
                )
            )


async def record(
    db: Database, location_id: int, member_id: int, start: datetime, minutes: int = 60
) -> int:
    async with db.session(write=True) as s:
        r = Record(
            location_id=location_id,
            staff_id=member_id,
            start_at=start,
            end_at=start + timedelta(minutes=minutes),
            seance_length=minutes * 60,
        )
        s.add(r)
        await s.flush()
        return r.id


async def settings(db: Database, location_id: int, **kw: object) -> None:
    async with db.session(write=True) as s:
        s.add(BookingSettings(location_id=location_id, **kw))


async def resource(
    db: Database, location_id: int, service_id: int, instances: int = 1
) -> tuple[int, list[int]]:
    async with db.session(write=True) as s:
        res = Resource(location_id=location_id, title="Room")
        s.add(res)
        await s.flush()
        ids = []
        for n in range(instances):
            inst = ResourceInstance(location_id=location_id, resource_id=res.id, title=f"Room {n}")
            s.add(inst)
            await s.flush()
            ids.append(inst.id)
        svc = await s.get(Service, service_id)
        assert svc is not None
        svc.resource_ids = [*(svc.resource_ids or []), res.id]
        return res.id, ids


def future_day(days: int = 10) -> date:
    return (utcnow() + timedelta(days=days)).date()
