"""Loyalty statements. Everything here is chain data (``scope="chain_id"``): a location reaches
it through the chains it belongs to."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from parlour.errors import (
    LoyaltyCardNotFound,
    LoyaltyCardTypeNotFound,
    LoyaltyProgramNotFound,
    LoyaltyTransactionNotFound,
)
from parlour.kit.repository import Scoped, paginate
from parlour.models import (
    Client,
    Location,
    LocationChain,
    LoyaltyCard,
    LoyaltyCardType,
    LoyaltyProgram,
    LoyaltyProgramRule,
    LoyaltyReferral,
    LoyaltyTransaction,
    LoyaltyVisit,
    Product,
    SaleLoyaltyTransaction,
)

CARD_TYPES = Scoped(LoyaltyCardType, scope="chain_id", not_found=LoyaltyCardTypeNotFound)
CARDS = Scoped(LoyaltyCard, scope="chain_id", not_found=LoyaltyCardNotFound)
PROGRAMS = Scoped(LoyaltyProgram, scope="chain_id", not_found=LoyaltyProgramNotFound)
TRANSACTIONS = Scoped(LoyaltyTransaction, scope="chain_id", not_found=LoyaltyTransactionNotFound)


async def chain_ids_of(session: AsyncSession, location_id: int) -> list[int]:
    stmt = select(LocationChain.chain_id).where(LocationChain.location_id == location_id)
    return sorted((await session.execute(stmt)).scalars())


async def locations_of_chain(session: AsyncSession, chain_id: int) -> list[Location]:
    stmt = (
        select(Location)
        .join(LocationChain, LocationChain.location_id == Location.id)
        .where(LocationChain.chain_id == chain_id, Location.deleted.is_(False))
        .order_by(Location.id)
    )
    return list((await session.execute(stmt)).scalars())


async def lock_card(session: AsyncSession, chain_ids: Sequence[int], card_id: int) -> LoyaltyCard:
    """The live card, its row locked until the transaction ends (PostgreSQL ``FOR UPDATE``;
    SQLite's write transaction already holds the database's one write lock)."""
    stmt = CARDS.select(chain_ids, LoyaltyCard.id == card_id).with_for_update()
    card = (await session.execute(stmt)).scalar_one_or_none()
    if card is None:
        raise LoyaltyCardNotFound()
    return card


async def lock_transaction(
    session: AsyncSession, chain_id: int, transaction_id: int
) -> LoyaltyTransaction:
    stmt = TRANSACTIONS.select(chain_id, LoyaltyTransaction.id == transaction_id)
    row = (await session.execute(stmt.with_for_update())).scalar_one_or_none()
    if row is None:
        raise LoyaltyTransactionNotFound()
    return row


async def reversal_of(session: AsyncSession, transaction_id: int) -> LoyaltyTransaction | None:
    stmt = select(LoyaltyTransaction).where(LoyaltyTransaction.reverses_id == transaction_id)
    return (await session.execute(stmt)).scalars().first()


async def cards_by_phone(
    session: AsyncSession, chain_ids: Sequence[int], phone: str
) -> list[LoyaltyCard]:
    return await CARDS.all(session, chain_ids, LoyaltyCard.phone == phone)


async def number_taken(session: AsyncSession, chain_id: int, number: str) -> bool:
    return await CARDS.count(session, chain_id, LoyaltyCard.number == number) > 0


async def client_anywhere(session: AsyncSession, client_id: int) -> Client | None:
    """A client by id alone (the path names no location; the caller's membership of the
    client's location is checked by the route)."""
    stmt = select(Client).where(Client.id == client_id)
    return (await session.execute(stmt)).scalar_one_or_none()


async def rules_of(
    session: AsyncSession, program_ids: Sequence[int]
) -> dict[int, list[LoyaltyProgramRule]]:
    out: dict[int, list[LoyaltyProgramRule]] = {pid: [] for pid in program_ids}
    if not program_ids:
        return out
    stmt = (
        select(LoyaltyProgramRule)
        .where(LoyaltyProgramRule.program_id.in_(list(program_ids)))
        .order_by(LoyaltyProgramRule.parameter, LoyaltyProgramRule.id)
    )
    for rule in (await session.execute(stmt)).scalars():
        out[rule.program_id].append(rule)
    return out


async def delete_rules(session: AsyncSession, program_id: int) -> None:
    stmt = select(LoyaltyProgramRule).where(LoyaltyProgramRule.program_id == program_id)
    for rule in (await session.execute(stmt)).scalars():
        await session.delete(rule)


async def page_of_transactions(
    session: AsyncSession,
    chain_id: int,
    *,
    after: datetime,
    before: datetime,
    types: Sequence[int],
    location_ids: Sequence[int],
    visit_ids: Sequence[int],
    offset: int,
    limit: int,
) -> tuple[list[LoyaltyTransaction], int]:
    stmt = TRANSACTIONS.select(
        chain_id,
        LoyaltyTransaction.created_at >= after,
        LoyaltyTransaction.created_at < before,
    )
    if types:
        stmt = stmt.where(LoyaltyTransaction.type_id.in_(list(types)))
    if location_ids:
        stmt = stmt.where(LoyaltyTransaction.location_id.in_(list(location_ids)))
    if visit_ids:
        stmt = stmt.where(LoyaltyTransaction.visit_id.in_(list(visit_ids)))
    return await paginate(
        session, stmt, offset=offset, limit=limit, order_by=(LoyaltyTransaction.id,)
    )


async def items_by_ids(
    session: AsyncSession, model: Any, ids: Sequence[int], location_ids: Sequence[int]
) -> list[Any]:
    """Live rows of a location table (services, categories, goods) among ``ids`` in any of
    ``location_ids``."""
    if not ids or not location_ids:
        return []
    stmt = select(model).where(model.id.in_(list(ids)), model.location_id.in_(list(location_ids)))
    deleted = getattr(model, "deleted", None)
    if deleted is not None:
        stmt = stmt.where(deleted.is_(False))
    return list((await session.execute(stmt.order_by(model.id))).scalars())


async def products_exists(session: AsyncSession, location_id: int, product_id: int) -> bool:
    stmt = select(Product.id).where(
        Product.id == product_id, Product.location_id == location_id, Product.deleted.is_(False)
    )
    return (await session.execute(stmt)).scalar_one_or_none() is not None


# --- loyalty in a visit ------------------------------------------------------------------------

VISITS_COUNTED = Scoped(LoyaltyVisit, scope="chain_id")
REFERRALS = Scoped(LoyaltyReferral, scope="location_id")


async def counted_sale(
    session: AsyncSession, *, visit_id: int | None, document_id: int
) -> list[LoyaltyVisit]:
    """The cards a sale was counted for (its cashback accrued): a visit's by the visit, a goods
    sale's by its document."""
    key = (
        LoyaltyVisit.visit_id == visit_id
        if visit_id is not None
        else (LoyaltyVisit.document_id == document_id) & LoyaltyVisit.visit_id.is_(None)
    )
    stmt = select(LoyaltyVisit).where(key).order_by(LoyaltyVisit.id)
    return list((await session.execute(stmt)).scalars())


async def history(
    session: AsyncSession,
    chain_id: int,
    *,
    card_id: int | None,
    phone: str,
    location_ids: Sequence[int] | None,
    since: datetime | None,
) -> list[LoyaltyVisit]:
    """The counted visits of one card, or of a phone in the chain (in some locations)."""
    stmt = VISITS_COUNTED.select(chain_id)
    if card_id is not None:
        stmt = stmt.where(LoyaltyVisit.card_id == card_id)
    else:
        stmt = stmt.where(LoyaltyVisit.phone == phone)
    if location_ids is not None:
        stmt = stmt.where(LoyaltyVisit.location_id.in_(list(location_ids)))
    if since is not None:
        stmt = stmt.where(LoyaltyVisit.created_at >= since)
    return list((await session.execute(stmt.order_by(LoyaltyVisit.id))).scalars())


async def visit_accruals(
    session: AsyncSession,
    chain_ids: Sequence[int],
    visit_id: int | None,
    types: Sequence[int],
    *,
    document_id: int | None = None,
) -> list[LoyaltyTransaction]:
    """The live ledger lines of those types written for a visit (without one: for a goods
    sale's document): neither a reversal nor reversed."""
    key = (
        LoyaltyTransaction.visit_id == visit_id
        if visit_id is not None
        else (LoyaltyTransaction.document_id == document_id) & LoyaltyTransaction.visit_id.is_(None)
    )
    rows = await TRANSACTIONS.all(
        session,
        chain_ids,
        key,
        LoyaltyTransaction.type_id.in_(list(types)),
        order_by=(LoyaltyTransaction.id,),
    )
    undone = {r.reverses_id for r in rows if r.reverses_id is not None}
    return [r for r in rows if r.reverses_id is None and r.id not in undone]


async def referrals_of(
    session: AsyncSession, location_id: int, visit_id: int
) -> list[LoyaltyReferral]:
    return await REFERRALS.all(
        session, location_id, LoyaltyReferral.visit_id == visit_id, order_by=(LoyaltyReferral.id,)
    )


async def programs_by_ids(
    session: AsyncSession, chain_ids: Sequence[int], ids: Sequence[int]
) -> dict[int, LoyaltyProgram]:
    if not ids or not chain_ids:
        return {}
    rows = await PROGRAMS.all(
        session, chain_ids, LoyaltyProgram.id.in_(sorted(set(ids))), with_deleted=True
    )
    return {p.id: p for p in rows}


async def referral_programs(session: AsyncSession, chain_id: int) -> list[LoyaltyProgram]:
    return await PROGRAMS.all(
        session, chain_id, LoyaltyProgram.type == "referral", order_by=(LoyaltyProgram.id,)
    )


async def package_uses(
    session: AsyncSession, card_id: int, program_id: int, *, other_than: int
) -> int:
    """The sales (other than document ``other_than``) holding a live discount of the program
    for the card: each used one package."""
    stmt = select(func.count(func.distinct(SaleLoyaltyTransaction.document_id))).where(
        SaleLoyaltyTransaction.card_id == card_id,
        SaleLoyaltyTransaction.program_id == program_id,
        SaleLoyaltyTransaction.type_id == 1,
        SaleLoyaltyTransaction.deleted.is_(False),
        SaleLoyaltyTransaction.document_id != other_than,
    )
    return int((await session.execute(stmt)).scalar_one())


async def sale_lines_of(
    session: AsyncSession, transaction_ids: Sequence[int]
) -> dict[int, SaleLoyaltyTransaction]:
    """The sale lines written with these ledger lines (a discount, a card payment), by ledger
    id (the ledger lines were read in the caller's chain, so their ids are the scope)."""
    if not transaction_ids:
        return {}
    stmt = select(SaleLoyaltyTransaction).where(
        SaleLoyaltyTransaction.loyalty_transaction_id.in_(sorted(set(transaction_ids)))
    )
    return {
        x.loyalty_transaction_id: x
        for x in (await session.execute(stmt)).scalars()
        if x.loyalty_transaction_id is not None
    }
