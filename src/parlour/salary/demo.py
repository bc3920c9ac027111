"""Demo salary: a "Services 20% of net cost, goods 5%" scheme, assigned to every team member
of the location from the first day of the current month (open-ended)."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal

from sqlalchemy.ext.asyncio import AsyncSession

from parlour.models import Location, SalaryScheme, SalarySchemeAssignment, SalarySchemeRule
from parlour.models.salary import BASE_NET_COST, PERCENT, TARGET_GOOD, TARGET_SERVICE
from parlour.team_members import repository as members_repo


async def seed_demo(session: AsyncSession, location: Location) -> None:
    scheme = SalaryScheme(location_id=location.id, title="Services 20% of net cost, goods 5%")
    session.add(scheme)
    await session.flush()
    for kind, value in ((TARGET_SERVICE, 20), (TARGET_GOOD, 5)):
        session.add(
            SalarySchemeRule(
                location_id=location.id,
                scheme_id=scheme.id,
                target_type=kind,
                target_id=0,
                type_slug=PERCENT,
                value=Decimal(value),
                base=BASE_NET_COST,
            )
        )
    first = datetime.now(UTC).date().replace(day=1)
    for member in await members_repo.MEMBERS.all(session, location.id):
        session.add(
            SalarySchemeAssignment(
                location_id=location.id,
                team_member_id=member.id,
                scheme_id=scheme.id,
                date_start=first,
            )
        )
    await session.flush()
