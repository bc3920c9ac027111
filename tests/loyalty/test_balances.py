"""The balance function checkout's payment methods will call: a capped withdrawal takes what
the card holds, its reversal gives it back once, and nothing goes below zero."""

from __future__ import annotations

from decimal import Decimal

import pytest

from parlour.db import Database
from parlour.errors import Conflict, InsufficientBalance, LoyaltyCardNotFound
from parlour.loyalty import balances
from parlour.models import LoyaltyCard, LoyaltyCardType
from parlour.models.loyalty import TX_CARD_WITHDRAWAL, TX_PROGRAM_ACCRUAL
from tests.fixtures.factories import Tenant


async def _card(database: Database, world: Tenant) -> int:
    async with database.session(write=True) as session:
        kind = LoyaltyCardType(chain_id=world.chain.id, title="Cashback")
        session.add(kind)
        await session.flush()
        card = LoyaltyCard(chain_id=world.chain.id, type_id=kind.id, number="1", phone="+1")
        session.add(card)
        await session.flush()
        return card.id


async def _balance(database: Database, card_id: int) -> Decimal:
    async with database.session() as session:
        card = await session.get(LoyaltyCard, card_id)
        assert card is not None
        return card.balance


async def test_withdraw_up_to_and_reverse(database: Database, world: Tenant) -> None:
    chain = [world.chain.id]
    card_id = await _card(database, world)
    async with database.session(write=True) as session:
        await balances.move(
            session,
            chain_ids=chain,
            card_id=card_id,
            amount=Decimal(50),
            type_id=TX_PROGRAM_ACCRUAL,
            location_id=world.location_id,
        )
    async with database.session(write=True) as session:
        with pytest.raises(InsufficientBalance):
            await balances.move(
                session, chain_ids=chain, card_id=card_id, amount=Decimal(-80), type_id=3
            )
    async with database.session(write=True) as session:
        taken = await balances.move(
            session,
            chain_ids=chain,
            card_id=card_id,
            amount=Decimal(-80),
            type_id=TX_CARD_WITHDRAWAL,
            up_to=True,
        )
        line_id = taken.transaction.id
    assert taken.amount == Decimal("-50.00") and await _balance(database, card_id) == 0
    async with database.session(write=True) as session:
        back = await balances.reverse(session, chain_id=world.chain.id, transaction_id=line_id)
    assert back.amount == Decimal("50.00") and await _balance(database, card_id) == 50
    async with database.session(write=True) as session:
        with pytest.raises(Conflict):
            await balances.reverse(session, chain_id=world.chain.id, transaction_id=line_id)
    async with database.session(write=True) as session:
        with pytest.raises(LoyaltyCardNotFound):
            await balances.move(
                session,
                chain_ids=[world.chain.id + 1],
                card_id=card_id,
                amount=Decimal(1),
                type_id=5,
            )
    assert await _balance(database, card_id) == 50
