"""Demo memberships: a "10 visits" type in each chain of the location, covering the location's
first service (valid a month, freezable for up to 14 days), sold as a goods item."""

from __future__ import annotations

from decimal import Decimal

from sqlalchemy.ext.asyncio import AsyncSession

from parlour.memberships import repository as repo
from parlour.memberships import service
from parlour.memberships.schemas import TypeWrite
from parlour.models import Location


async def seed_demo(session: AsyncSession, location: Location) -> None:
    first = await repo.first_service(session, location.id)
    if first is None:
        return
    body = TypeWrite(
        title="10 visits",
        cost=Decimal(4500),
        period=1,
        period_unit_id=3,
        allow_freeze=True,
        freeze_limit=14,
        services={str(first.id): 10},
    )
    for chain_id in await repo.chain_ids_of(session, location.id):
        chain = await repo.chain(session, chain_id)
        if chain is not None:
            await service.create_type(session, chain, body)
