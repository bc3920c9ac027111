"""Factories for appointment tests: catalog rows, schedules and custom fields straight through
the ORM (the services, team-member and client APIs are built elsewhere)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

import pytest

from parlour.db import Database
from parlour.models import CustomField, ScheduleDay, Service, ServiceTeamMember, TeamMember
from tests.fixtures.factories import Tenant

# A Monday far enough ahead; New York is at -04:00 then (daylight time).
DAY = date(2031, 6, 2)


@dataclass
class Salon:
    tenant: Tenant
    member_id: int
    other_member_id: int
    service_id: int
    second_service_id: int
    unlinked_service_id: int

    @property
    def location_id(self) -> int:
        return self.tenant.location_id

    @property
    def headers(self) -> dict[str, str]:
        return self.tenant.headers

    def body(self, **changes: Any) -> dict[str, Any]:
        """A valid POST /records body: 10:00 on DAY for one hour, one service."""
        body: dict[str, Any] = {
            "staff_id": self.member_id,
            "services": [{"id": self.service_id}],
            "client": {"phone": "+13155550175", "name": "James Smith", "email": "j@example.com"},
            "datetime": f"{DAY.isoformat()}T10:00:00",
            "seance_length": 3600,
            "comment": "first visit",
        }
        body.update(changes)
        return body


async def make_salon(db: Database, tenant: Tenant) -> Salon:
    async with db.session(write=True) as session:
        loc = tenant.location_id
        member = TeamMember(location_id=loc, name="Alex Taylor", specialization="stylist")
        other = TeamMember(location_id=loc, name="Sam Carter", specialization="barber")
        cut = Service(location_id=loc, title="Haircut", price_min=100, price_max=150)
        color = Service(location_id=loc, title="Coloring", price_min=200, price_max=300)
        lonely = Service(location_id=loc, title="Massage", price_min=50, price_max=50)
        session.add_all([member, other, cut, color, lonely])
        await session.flush()
        session.add_all(
            [
                ServiceTeamMember(location_id=loc, service_id=cut.id, team_member_id=member.id),
                ServiceTeamMember(
                    location_id=loc, service_id=color.id, team_member_id=member.id, price=250
                ),
                ServiceTeamMember(location_id=loc, service_id=cut.id, team_member_id=other.id),
            ]
        )
        for offset in range(-1, 3):
            for who in (member, other):
                session.add(
                    ScheduleDay(
                        location_id=loc,
                        team_member_id=who.id,
                        day_date=DAY + timedelta(days=offset),
                        slots=[{"from": "09:00", "to": "18:00"}],
                    )
                )
        session.add(
            CustomField(location_id=loc, category="record", code="allergy", title="Allergy")
        )
        session.add(CustomField(location_id=loc, category="client", code="vip", title="VIP"))
        return Salon(tenant, member.id, other.id, cut.id, color.id, lonely.id)


@pytest.fixture
async def salon(database: Database, world: Tenant) -> Salon:
    return await make_salon(database, world)


@pytest.fixture
async def far_salon(database: Database, stranger: Tenant) -> Salon:
    return await make_salon(database, stranger)
