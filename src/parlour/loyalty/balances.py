"""The one way a loyalty balance changes.

Checkout's payment methods (and the manual transactions here) call :func:`move` to deposit or
withdraw and :func:`reverse` to undo a line. Both lock the card's row first (PostgreSQL
``SELECT ... FOR UPDATE``; on SQLite the request's ``BEGIN IMMEDIATE`` already serialises
writers), read the balance under that lock, change it and write the ledger line in the caller's
transaction. They flush and never commit: the caller's request commits or rolls back the change
and its line together. So two locations withdrawing from one card at once queue on the row, and
the second sees what the first left; the ``balance >= 0`` CHECK is the last guard.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy.ext.asyncio import AsyncSession

from parlour.errors import Conflict, InsufficientBalance, ValidationFailed
from parlour.kit.money import ZERO, cents
from parlour.loyalty import repository as repo
from parlour.models import LoyaltyCard, LoyaltyTransaction


@dataclass(frozen=True, slots=True)
class Moved:
    card: LoyaltyCard
    transaction: LoyaltyTransaction
    # What actually moved (signed): less than asked when ``up_to`` capped a withdrawal.
    amount: Decimal


async def move(
    session: AsyncSession,
    *,
    chain_ids: Sequence[int],
    card_id: int,
    amount: Decimal,
    type_id: int,
    location_id: int | None = None,
    visit_id: int | None = None,
    program_id: int | None = None,
    title: str = "",
    user_id: int | None = None,
    up_to: bool = False,
    document_id: int | None = None,
) -> Moved:
    """Add ``amount`` (negative: withdraw) to the card, one of ``chain_ids``' live cards.

    A withdrawal larger than the balance raises :class:`InsufficientBalance` (422), unless
    ``up_to``: then it takes what the card holds (possibly nothing). Raises
    ``LoyaltyCardNotFound`` for an unknown card and ``ValidationFailed`` for a zero amount.
    """
    amount = cents(amount)
    if amount == ZERO:
        raise ValidationFailed.field("amount", "must not be zero")
    card = await repo.lock_card(session, chain_ids, card_id)
    if amount < ZERO and card.balance + amount < ZERO:
        if not up_to:
            raise InsufficientBalance(
                f"The card holds {card.balance}; {-amount} cannot be withdrawn."
            )
        amount = -card.balance
    card.balance = cents(card.balance + amount)
    line = LoyaltyTransaction(
        chain_id=card.chain_id,
        location_id=location_id,
        type_id=type_id,
        amount=amount,
        card_id=card.id,
        program_id=program_id,
        visit_id=visit_id,
        document_id=document_id,
        title=title,
        user_id=user_id,
    )
    session.add(line)
    await session.flush()
    return Moved(card, line, amount)


async def reverse(
    session: AsyncSession,
    *,
    chain_id: int,
    transaction_id: int,
    user_id: int | None = None,
) -> Moved:
    """Undo one ledger line (a cancelled withdrawal gives the points back, a cancelled deposit
    takes them out) with a line of the opposite amount pointing at it. A line is undone once
    (409 the second time); undoing a deposit that was already spent raises
    :class:`InsufficientBalance`."""
    original = await repo.lock_transaction(session, chain_id, transaction_id)
    if original.card_id is None:
        raise ValidationFailed.field("transaction_id", "not a card transaction")
    card = await repo.lock_card(session, [chain_id], original.card_id)
    if original.reverses_id is not None or await repo.reversal_of(session, original.id):
        raise Conflict("This loyalty transaction is already reversed.")
    amount = -original.amount
    if card.balance + amount < ZERO:
        raise InsufficientBalance(f"The card holds {card.balance}; the deposit is spent.")
    card.balance = cents(card.balance + amount)
    line = LoyaltyTransaction(
        chain_id=chain_id,
        location_id=original.location_id,
        type_id=original.type_id,
        amount=amount,
        card_id=card.id,
        program_id=original.program_id,
        visit_id=original.visit_id,
        document_id=original.document_id,
        title=original.title,
        user_id=user_id,
        reverses_id=original.id,
    )
    session.add(line)
    await session.flush()
    return Moved(card, line, amount)
