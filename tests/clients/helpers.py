"""Factories for client tests: team members, services and records straight through the ORM."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from parlour.db import Database
from parlour.models import Client, Record, RecordService, Service, TeamMember, Visit
from tests.fixtures.factories import Tenant

T0 = datetime(2026, 3, 2, 15, 0, tzinfo=UTC)


async def make_staff_and_service(db: Database, tenant: Tenant) -> tuple[int, int]:
    async with db.session(write=True) as s:
        member = TeamMember(location_id=tenant.location_id, name="Ann")
        service = Service(location_id=tenant.location_id, title="Cut", price_min=50)
        s.add_all([member, service])
        await s.flush()
        return member.id, service.id


async def make_client(db: Database, tenant: Tenant, phone: str, name: str = "C") -> int:
    async with db.session(write=True) as s:
        c = Client(location_id=tenant.location_id, phone=phone, name=name, custom_fields={})
        s.add(c)
        await s.flush()
        return c.id


async def make_record(
    db: Database,
    tenant: Tenant,
    *,
    staff_id: int,
    service_id: int,
    client_id: int,
    start: datetime,
    cost: float,
    attendance: int = 1,
    with_visit: bool = True,
) -> int:
    async with db.session(write=True) as s:
        visit_id = None
        if with_visit:
            v = Visit(
                location_id=tenant.location_id,
                client_id=client_id,
                visit_date=start.date(),
                attendance=attendance,
            )
            s.add(v)
            await s.flush()
            visit_id = v.id
        r = Record(
            location_id=tenant.location_id,
            staff_id=staff_id,
            client_id=client_id,
            visit_id=visit_id,
            start_at=start,
            end_at=start + timedelta(hours=1),
            seance_length=3600,
            attendance=attendance,
            custom_fields={},
        )
        r.services.append(
            RecordService(service_id=service_id, first_cost=cost, cost=cost, amount=1)
        )
        s.add(r)
        await s.flush()
        return r.id
