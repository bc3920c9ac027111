"""Demo loyalty: a "Cashback" card type in each chain of the location, a 5% cashback program
for it there, and a referral program (an inviter earns 100, the invited client gets 10% off)."""

from __future__ import annotations

from decimal import Decimal

from sqlalchemy.ext.asyncio import AsyncSession

from parlour.loyalty import repository as repo
from parlour.models import Location, LoyaltyCardType, LoyaltyProgram, LoyaltyProgramRule


async def seed_demo(session: AsyncSession, location: Location) -> None:
    for chain_id in await repo.chain_ids_of(session, location.id):
        kind = LoyaltyCardType(chain_id=chain_id, title="Cashback")
        session.add(kind)
        await session.flush()
        program = LoyaltyProgram(
            chain_id=chain_id,
            title="5% back",
            type="cashback_static_paid",
            service_item_type="any_allowed",
            good_item_type="any_allowed",
            value_unit="percent",
            card_type_ids=[kind.id],
            location_ids=[location.id],
        )
        session.add(program)
        await session.flush()
        session.add(LoyaltyProgramRule(program_id=program.id, value=Decimal(5)))
        await session.flush()
        referral = LoyaltyProgram(
            chain_id=chain_id,
            title="Invite a friend",
            type="referral",
            value_unit="amount",
            card_type_ids=[kind.id],
            location_ids=[location.id],
        )
        session.add(referral)
        await session.flush()
        session.add(LoyaltyProgramRule(program_id=referral.id, value=Decimal(100)))
        session.add(
            LoyaltyProgramRule(program_id=referral.id, parameter=Decimal(1), value=Decimal(10))
        )
        await session.flush()
