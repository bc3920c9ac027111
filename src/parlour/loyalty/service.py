"""Loyalty cards: card types, issuing and removing cards, reading them by client, phone or the
client's own account, and manual deposits and withdrawals.

A card belongs to a chain and is valid in each of the chain's locations; a location reaches the
cards and types of every chain it belongs to.
"""

from __future__ import annotations

import secrets
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from parlour.errors import ChainNotFound, ProductNotFound, ValidationFailed
from parlour.kit.money import ZERO
from parlour.kit.phones import normalize_phone
from parlour.locations import repository as locations_repo
from parlour.loyalty import balances
from parlour.loyalty import repository as repo
from parlour.loyalty.schemas import CardIssue, CardTypeCreate, ManualTransaction
from parlour.loyalty.types import GOOD_ITEM_TYPE_IDS, PROGRAM_TYPES, VALUE_UNIT_IDS
from parlour.models import (
    Chain,
    Client,
    Location,
    LoyaltyCard,
    LoyaltyCardType,
    LoyaltyProgram,
    LoyaltyProgramRule,
    User,
)
from parlour.models.loyalty import TX_MANUAL_DEPOSIT, TX_MANUAL_WITHDRAWAL

RIGHT = "loyalty_access"
MANUAL_RIGHT = "loyalty_cards_manual_transactions_access"


# --- rendering -------------------------------------------------------------------------------


def render_rule(rule: LoyaltyProgramRule, program: LoyaltyProgram) -> dict[str, Any]:
    return {
        "id": rule.id,
        "loyalty_program_id": program.id,
        "loyalty_type_id": PROGRAM_TYPES[program.type].id,
        "value": rule.value,
        "parameter": rule.parameter,
        "service_id": rule.service_id,
    }


def program_value(program: LoyaltyProgram, rules: Sequence[LoyaltyProgramRule]) -> Decimal:
    """A static program's one value; a program with steps has none of its own (0)."""
    kind = PROGRAM_TYPES[program.type]
    return rules[0].value if kind.is_static and rules else ZERO


def render_card_program(
    program: LoyaltyProgram, rules: Sequence[LoyaltyProgramRule]
) -> dict[str, Any]:
    kind = PROGRAM_TYPES[program.type]
    return {
        "id": program.id,
        "title": program.title,
        "value": program_value(program, rules),
        "loyalty_type_id": kind.id,
        "item_type_id": GOOD_ITEM_TYPE_IDS[program.good_item_type],
        "value_unit_id": VALUE_UNIT_IDS[program.value_unit],
        "group_id": program.chain_id,
        "loyalty_type": kind.render(),
        "rules": [render_rule(r, program) for r in rules],
    }


def render_card_brief(card: LoyaltyCard) -> dict[str, Any]:
    """The card's own fields (the manual transaction answer)."""
    return {
        "id": card.id,
        "balance": card.balance,
        "points": 0,
        "paid_amount": card.paid_amount,
        "sold_amount": card.sold_amount,
        "visits_count": card.visits_count,
        "number": card.number,
        "type_id": card.type_id,
        "salon_group_id": card.chain_id,
        # Parlour sets no withdrawal cap on cards: 0 is upstream's "no limit".
        "max_discount_percent": 0,
        "max_discount_amount": 0,
    }


async def render_cards(
    session: AsyncSession, cards: Sequence[LoyaltyCard], location_id: int | None
) -> list[dict[str, Any]]:
    """Cards with their type, chain and the programs of their type (those active in
    ``location_id`` when one is given)."""
    if not cards:
        return []
    chain_ids = sorted({c.chain_id for c in cards})
    chains = await locations_repo.chains_by_id(session, chain_ids)
    types: dict[int, LoyaltyCardType] = {}
    programs: list[LoyaltyProgram] = []
    for chain_id in chain_ids:
        types.update(await repo.CARD_TYPES.by_ids(session, chain_id, {c.type_id for c in cards}))
    programs = await repo.PROGRAMS.all(session, chain_ids)
    if location_id is not None:
        programs = [p for p in programs if location_id in p.location_ids]
    rules = await repo.rules_of(session, [p.id for p in programs])
    out = []
    for card in cards:
        chain = chains.get(card.chain_id)
        kind = types.get(card.type_id)
        out.append(
            {
                **{k: v for k, v in render_card_brief(card).items() if "max_discount" not in k},
                "type": {
                    "id": card.type_id,
                    "title": kind.title if kind else "",
                    "salon_group_id": card.chain_id,
                },
                "salon_group": {"id": card.chain_id, "title": chain.title if chain else ""},
                "programs": [
                    render_card_program(p, rules[p.id])
                    for p in programs
                    if p.chain_id == card.chain_id and card.type_id in p.card_type_ids
                ],
            }
        )
    return out


def render_type(kind: LoyaltyCardType, chain: Chain | None) -> dict[str, Any]:
    return {
        "id": kind.id,
        "title": kind.title,
        "salon_group_id": kind.chain_id,
        "salon_group": {"id": kind.chain_id, "title": chain.title if chain else ""},
    }


async def _render_types(session: AsyncSession, kinds: Sequence[LoyaltyCardType]) -> list[Any]:
    chains = await locations_repo.chains_by_id(session, sorted({k.chain_id for k in kinds}))
    return [render_type(k, chains.get(k.chain_id)) for k in kinds]


# --- card types ------------------------------------------------------------------------------


async def chain_card_types(session: AsyncSession, chain: Chain) -> list[dict[str, Any]]:
    kinds = await repo.CARD_TYPES.all(session, chain.id)
    return [{"id": k.id, "title": k.title} for k in kinds]


async def create_card_type(
    session: AsyncSession, chain: Chain, body: CardTypeCreate
) -> dict[str, Any]:
    kind = LoyaltyCardType(chain_id=chain.id, title=body.title.strip())
    if not kind.title:
        raise ValidationFailed.field("title", "the title is empty")
    session.add(kind)
    await session.flush()
    return render_type(kind, chain)


async def location_card_types(session: AsyncSession, location: Location) -> list[dict[str, Any]]:
    chain_ids = await repo.chain_ids_of(session, location.id)
    return await _render_types(session, await repo.CARD_TYPES.all(session, chain_ids))


async def card_types_for_phone(
    session: AsyncSession, location: Location, phone_raw: str
) -> list[dict[str, Any]]:
    """The location's card types of which the phone holds no live card yet."""
    phone = normalize_phone(phone_raw)
    chain_ids = await repo.chain_ids_of(session, location.id)
    held = {c.type_id for c in await repo.cards_by_phone(session, chain_ids, phone)}
    kinds = [k for k in await repo.CARD_TYPES.all(session, chain_ids) if k.id not in held]
    return await _render_types(session, kinds)


# --- cards -----------------------------------------------------------------------------------


async def issue_card(session: AsyncSession, location: Location, body: CardIssue) -> dict[str, Any]:
    phone = normalize_phone(str(body.phone))
    chain_ids = await repo.chain_ids_of(session, location.id)
    kinds = await repo.CARD_TYPES.all(
        session, chain_ids, LoyaltyCardType.id == body.loyalty_card_type_id
    )
    kind = kinds[0] if kinds else None
    if kind is None:
        raise ValidationFailed.field("loyalty_card_type_id", "no such card type in this location")
    number = str(body.loyalty_card_number)
    if await repo.number_taken(session, kind.chain_id, number):
        raise ValidationFailed.field("loyalty_card_number", "this number is already issued")
    if any(
        c.type_id == kind.id for c in await repo.cards_by_phone(session, [kind.chain_id], phone)
    ):
        raise ValidationFailed.field("loyalty_card_type_id", "this phone already holds the type")
    card = LoyaltyCard(
        chain_id=kind.chain_id,
        type_id=kind.id,
        location_id=location.id,
        number=number,
        phone=phone,
        balance=ZERO,
        paid_amount=ZERO,
        sold_amount=ZERO,
        visits_count=0,
    )
    session.add(card)
    await session.flush()
    return (await render_cards(session, [card], location.id))[0]


async def _location_card(session: AsyncSession, location: Location, card_id: int) -> LoyaltyCard:
    chain_ids = await repo.chain_ids_of(session, location.id)
    return await repo.lock_card(session, chain_ids, card_id)


async def delete_card(session: AsyncSession, location: Location, card_id: int) -> None:
    card = await _location_card(session, location, card_id)
    card.deleted = True
    await session.flush()


async def cards_by_phone(
    session: AsyncSession, location: Location, phone_raw: str, chain_id: int
) -> list[dict[str, Any]]:
    if chain_id not in await repo.chain_ids_of(session, location.id):
        raise ChainNotFound()
    phone = normalize_phone(phone_raw)
    cards = await repo.cards_by_phone(session, [chain_id], phone)
    return await render_cards(session, cards, location.id)


async def client_cards(
    session: AsyncSession, client: Client, location: Location
) -> list[dict[str, Any]]:
    if not client.phone:
        return []
    chain_ids = await repo.chain_ids_of(session, location.id)
    cards = await repo.cards_by_phone(session, chain_ids, client.phone)
    return await render_cards(session, cards, location.id)


async def user_cards(session: AsyncSession, user: User, chain_id: int) -> list[dict[str, Any]]:
    """The signed-in client's own cards in a chain (by the account's phone)."""
    await locations_repo.CHAINS.load(session, chain_id)
    if not user.phone:
        return []
    cards = await repo.cards_by_phone(session, [chain_id], user.phone)
    return await render_cards(session, cards, None)


async def manual_transaction(
    session: AsyncSession,
    chain_ids: Sequence[int],
    card_id: int,
    body: ManualTransaction,
    *,
    location_id: int | None,
    user: User,
) -> dict[str, Any]:
    kind = TX_MANUAL_DEPOSIT if body.amount > ZERO else TX_MANUAL_WITHDRAWAL
    moved = await balances.move(
        session,
        chain_ids=chain_ids,
        card_id=card_id,
        amount=body.amount,
        type_id=kind,
        location_id=location_id,
        title=body.title,
        user_id=user.id,
    )
    return render_card_brief(moved.card)


async def location_manual_transaction(
    session: AsyncSession, location: Location, card_id: int, body: ManualTransaction, user: User
) -> dict[str, Any]:
    chain_ids = await repo.chain_ids_of(session, location.id)
    return await manual_transaction(
        session, chain_ids, card_id, body, location_id=location.id, user=user
    )


# --- codes -----------------------------------------------------------------------------------


async def generate_code(session: AsyncSession, location: Location, product_id: int) -> str:
    """A fresh numeric code for a certificate or membership sold as this product."""
    if not await repo.products_exists(session, location.id, product_id):
        raise ProductNotFound()
    return str(secrets.randbelow(9 * 10**11) + 10**11)
