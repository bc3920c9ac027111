"""A yoga studio: a teacher who gives a group class (capacity 3) and a personal session, a room
resource with one instance, all on DAY (a Monday far ahead, New York at -04:00)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import httpx
import pytest

from parlour.db import Database
from parlour.models import (
    Resource,
    ResourceInstance,
    ScheduleDay,
    Service,
    ServiceTeamMember,
    TeamMember,
)
from tests.fixtures.factories import DAY, Tenant


@dataclass
class Studio:
    tenant: Tenant
    teacher_id: int
    other_id: int
    class_id: int  # group service, capacity 3
    personal_id: int
    room_id: int  # resource
    instance_id: int

    @property
    def location_id(self) -> int:
        return self.tenant.location_id

    @property
    def headers(self) -> dict[str, str]:
        return self.tenant.headers

    def event(self, **changes: Any) -> dict[str, Any]:
        body: dict[str, Any] = {
            "date": f"{DAY.isoformat()} 10:00",
            "service_id": self.class_id,
            "staff_id": self.teacher_id,
            "capacity": 3,
            "resource_instance_ids": [self.instance_id],
            "force": False,
        }
        body.update(changes)
        return body

    def record(self, **changes: Any) -> dict[str, Any]:
        body: dict[str, Any] = {
            "staff_id": self.teacher_id,
            "services": [{"id": self.personal_id}],
            "client": {"phone": "+13155550175", "name": "James Smith"},
            "datetime": f"{DAY.isoformat()}T10:30:00",
            "seance_length": 3600,
        }
        body.update(changes)
        return body


async def make_studio(db: Database, tenant: Tenant) -> Studio:
    async with db.session(write=True) as s:
        loc = tenant.location_id
        teacher = TeamMember(location_id=loc, name="Maya Lin", specialization="yoga")
        other = TeamMember(location_id=loc, name="Omar Haddad", specialization="pilates")
        yoga = Service(
            location_id=loc, title="Morning Yoga", price_min=20, price_max=20, capacity=12
        )
        personal = Service(location_id=loc, title="Private session", price_min=80, price_max=80)
        room = Resource(location_id=loc, title="Studio room")
        s.add_all([teacher, other, yoga, personal, room])
        await s.flush()
        instance = ResourceInstance(location_id=loc, resource_id=room.id, title="Room A")
        s.add(instance)
        yoga.resource_ids = [room.id]
        for member in (teacher, other):
            for svc in (yoga, personal):
                s.add(
                    ServiceTeamMember(
                        location_id=loc, service_id=svc.id, team_member_id=member.id, length=3600
                    )
                )
            for offset in range(-1, 60):
                s.add(
                    ScheduleDay(
                        location_id=loc,
                        team_member_id=member.id,
                        day_date=DAY + timedelta(days=offset),
                        slots=[{"from": "08:00", "to": "20:00"}],
                    )
                )
        await s.flush()
        return Studio(tenant, teacher.id, other.id, yoga.id, personal.id, room.id, instance.id)


@pytest.fixture
async def studio(database: Database, world: Tenant) -> Studio:
    return await make_studio(database, world)


async def create_event(http: httpx.AsyncClient, studio: Studio, **changes: Any) -> dict[str, Any]:
    r = await http.post(
        f"/activity/{studio.location_id}", json=studio.event(**changes), headers=studio.headers
    )
    assert r.status_code == 200, r.text
    data: dict[str, Any] = r.json()["data"]
    return data


def book_body(n: int, **changes: Any) -> dict[str, Any]:
    body: dict[str, Any] = {"fullname": f"Client {n}", "phone": f"+1315555{n:04d}"}
    body.update(changes)
    return body
