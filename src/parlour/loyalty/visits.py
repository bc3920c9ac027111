"""Loyalty in a visit: discount programs, card withdrawals and referrals applied to a visit's
sale, the card and program payment methods of checkout, and the cashback a paid sale earns.

Everything a sale gets from loyalty is a line of that sale (``SaleLoyaltyTransaction``): a
program's discount (type 1) lowers what its item costs and is also a line of the chain's
ledger (no balance moves; lifting it writes the ledger line's reversal); a card withdrawal
(type 3) pays it from the card through :mod:`parlour.loyalty.balances` (the card's row
locked, so two locations spending one card at once never take more than it holds).
Cancelling deletes the sale's lines (and gives the points back).

When checkout leaves a sale fully paid (``sales.settle``, the same transaction) - a visit's,
or a goods sale of a client with a card - the sale is counted once in the history of each of
the client's cards (``LoyaltyVisit``: what was paid in money, what was sold and the services;
a goods sale counts money, not a visit) and each cashback program of the card accrues on the
items it covers (type 2); a referral applied to a visit rewards the inviter's card (type 4). A
change that leaves the sale owing takes the accruals back, or is refused when a card no longer
holds them (spent since). Accumulative programs pick their rule from the history counted
before the sale: the card's own, or the phone's in the program's locations or in the whole
chain, from the program's start date; a package discount counts the services paid for.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from decimal import Decimal
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from parlour.appointments import service as appointments
from parlour.appointments.schemas import VisitDetails
from parlour.auth.access import Access
from parlour.errors import ChainNotFound, InsufficientBalance, ValidationFailed
from parlour.kit.money import HUNDRED, ZERO, cents, wire
from parlour.kit.phones import normalize_phone
from parlour.locations import repository as locations_repo
from parlour.loyalty import balances
from parlour.loyalty import programs as chain_programs
from parlour.loyalty import repository as repo
from parlour.loyalty.schemas import (
    CardWithdrawal,
    ReferralApply,
    ReferralProgramWrite,
    VisitLoyalty,
)
from parlour.loyalty.types import (
    GOOD_ITEM_TYPE_IDS,
    PROGRAM_TYPES,
    TRANSACTION_TITLES,
    VALUE_UNIT_IDS,
)
from parlour.models import (
    Chain,
    Location,
    LoyaltyCard,
    LoyaltyProgram,
    LoyaltyProgramRule,
    LoyaltyReferral,
    LoyaltyTransaction,
    LoyaltyVisit,
    SaleLoyaltyTransaction,
    Service,
    Visit,
)
from parlour.models.loyalty import (
    TX_CARD_WITHDRAWAL,
    TX_PROGRAM_ACCRUAL,
    TX_PROGRAM_DISCOUNT,
    TX_REFERRAL_ACCRUAL,
)
from parlour.products import repository as products_repo
from parlour.sales import repository as sales_repo
from parlour.sales import service as sales
from parlour.sales.schemas import PaymentIn

RIGHT = "loyalty_access"
ACCRUALS = (TX_PROGRAM_ACCRUAL, TX_REFERRAL_ACCRUAL)
# A deposit's withdrawal pays in money too (what cumulative "paid" programs count).
MONEY_LINES = {sales.DEPOSIT_WITHDRAWAL}


# --- the visit's sale ------------------------------------------------------------------------


async def _sale(
    session: AsyncSession, location: Location, visit_id: int, user_id: int | None
) -> sales.Sale:
    visit = await sales_repo.VISITS.get(session, location.id, visit_id)
    if visit is None:
        raise ValidationFailed.field("visit_id", "no such visit at this location")
    document = await sales.ensure_visit_document(session, location, visit.id, user_id)
    return await sales.lock_sale(session, location, document.id)


async def _details(session: AsyncSession, location: Location, visit: Visit | None) -> VisitDetails:
    assert visit is not None
    return await appointments.visit_details(session, location, visit)


async def _client_card(
    session: AsyncSession, location: Location, sale: sales.Sale, card_id: int, field: str
) -> LoyaltyCard:
    """The card, locked, when it is one of the visit's client's cards in the location's
    chains (an unknown card is 404, another client's a field error)."""
    chain_ids = await repo.chain_ids_of(session, location.id)
    card = await repo.lock_card(session, chain_ids, card_id)
    if sale.client is None or not sale.client.phone or sale.client.phone != card.phone:
        raise ValidationFailed.field(field, "not a card of the visit's client")
    return card


async def _client_cards(
    session: AsyncSession, location: Location, sale: sales.Sale
) -> list[LoyaltyCard]:
    if sale.client is None or not sale.client.phone:
        return []
    chain_ids = await repo.chain_ids_of(session, location.id)
    return await repo.cards_by_phone(session, chain_ids, sale.client.phone)


def _live(sale: sales.Sale, type_id: int, card_id: int | None, program_id: int | None) -> list[Any]:
    return [
        x
        for x in sale.loyalty
        if x.type_id == type_id
        and (card_id is None or x.card_id == card_id)
        and (program_id is None or x.program_id == program_id)
    ]


async def _line(
    session: AsyncSession,
    location: Location,
    sale: sales.Sale,
    item: sales.Item,
    amount: Decimal,
    type_id: int,
    *,
    card_id: int | None,
    program_id: int | None,
    transaction_id: int | None = None,
) -> None:
    await sales.add_line(
        session,
        location,
        sale,
        item,
        type_id,
        amount,
        card_id=card_id,
        program_id=program_id,
        loyalty_transaction_id=transaction_id,
    )


# --- programs: eligible items, the rule that applies -------------------------------------------


def _since(program: LoyaltyProgram) -> datetime | None:
    text = (program.history_start_date or "").strip()
    if not text:
        return None
    try:
        found = datetime.fromisoformat(text)
    except ValueError:
        try:
            found = datetime.combine(date.fromisoformat(text), time.min)
        except ValueError:
            return None
    return found if found.tzinfo else found.replace(tzinfo=UTC)


def _measure(program: LoyaltyProgram) -> str:
    """What an accumulative program counts: visits, money paid, the amount sold, or (a package
    discount) the units of its services paid for."""
    name = program.type
    if name == "package_discount":
        return "services"
    if name.endswith("visits"):
        return "visits"
    return "paid" if "paid" in name else "sold"


async def history_value(
    session: AsyncSession, program: LoyaltyProgram, card: LoyaltyCard
) -> Decimal:
    """The client's history as the program counts it (visits, paid, sold or services)."""
    source = program.params_source_type
    rows = await repo.history(
        session,
        card.chain_id,
        card_id=card.id if source == "loyalty_card" else None,
        phone=card.phone,
        location_ids=program.location_ids if source == "active_companies" else None,
        since=_since(program),
    )
    # One sale counts once, however many of the phone's cards it was counted for.
    seen: dict[tuple[str, int], LoyaltyVisit] = {}
    for row in rows:
        key = ("visit", row.visit_id) if row.visit_id is not None else ("sale", row.document_id)
        seen.setdefault((key[0], key[1] or 0), row)
    measure = _measure(program)
    if measure == "visits":
        # A goods sale adds money to the history, not a visit.
        return Decimal(sum(1 for row in seen.values() if row.visit_id is not None))
    if measure == "services":
        return await _services_paid(session, program, card.chain_id, seen.values())
    return sum(((v.paid if measure == "paid" else v.sold) for v in seen.values()), start=ZERO)


async def _services_paid(
    session: AsyncSession, program: LoyaltyProgram, chain_id: int, rows: Iterable[LoyaltyVisit]
) -> Decimal:
    """The units of the program's services the counted sales paid for."""
    units: dict[int, Decimal] = {}
    for row in rows:
        for key, count in (row.services or {}).items():
            units[int(key)] = units.get(int(key), ZERO) + Decimal(str(count))
    scope = program.service_item_type
    if scope == "not_allowed":
        return ZERO
    if scope == "custom_allowed":
        locations = [loc.id for loc in await repo.locations_of_chain(session, chain_id)]
        categories = {
            s.id: s.category_id
            for s in await repo.items_by_ids(session, Service, sorted(units), locations)
        }
        named = set(program.service_ids)
        units = {k: v for k, v in units.items() if k in named or categories.get(k, -1) in named}
    return sum(units.values(), start=ZERO)


def _step(rules: Sequence[LoyaltyProgramRule], reached: Decimal) -> Decimal:
    value = ZERO
    for rule in sorted(rules, key=lambda r: r.parameter):
        if reached >= rule.parameter:
            value = rule.value
    return value


async def _package_open(
    session: AsyncSession,
    program: LoyaltyProgram,
    card: LoyaltyCard,
    rules: Sequence[LoyaltyProgramRule],
    document_id: int,
) -> bool:
    """A package discount applies when the services paid since the client last used one reach
    ``sold_items_multiplicity`` (each sale holding the program's discount used one package);
    without a multiplicity the rules' parameters are the thresholds."""
    paid = await history_value(session, program, card)
    size = program.sold_items_multiplicity
    if size <= 0:
        return any(paid >= r.parameter for r in rules)
    used = await repo.package_uses(session, card.id, program.id, other_than=document_id)
    return paid - used * size >= size


def _package_rule(
    rules: Sequence[LoyaltyProgramRule], item: sales.Item | None
) -> LoyaltyProgramRule | None:
    """A package's rule for an item: the one naming its service, else one naming none."""
    if item is not None and item.type == sales.SERVICE:
        named = next((r for r in rules if r.service_id and r.service_id == item.ref_id), None)
        if named is not None:
            return named
    return next((r for r in rules if not r.service_id), None)


async def program_value(
    session: AsyncSession,
    program: LoyaltyProgram,
    card: LoyaltyCard,
    document_id: int = 0,
) -> Decimal:
    """The program's value for this card now: a static program's one rule, an accumulative
    program's step the history has reached (0 below the first), a package discount's general
    rule once a package is complete (for sale ``document_id``)."""
    rules = (await repo.rules_of(session, [program.id]))[program.id]
    if not rules:
        return ZERO
    if program.type == "package_discount":
        general = [r for r in rules if not r.service_id] or rules
        if program.sold_items_multiplicity <= 0:
            return _step(general, await history_value(session, program, card))
        if not await _package_open(session, program, card, rules, document_id):
            return ZERO
        return general[0].value
    if PROGRAM_TYPES[program.type].is_static:
        return rules[0].value
    return _step(rules, await history_value(session, program, card))


async def _eligible(
    session: AsyncSession, location: Location, program: LoyaltyProgram, items: Sequence[sales.Item]
) -> list[sales.Item]:
    """The sale's items the program covers (services and goods as its item scopes say)."""
    services = await sales_repo.SERVICES.by_ids(
        session, location.id, {i.ref_id for i in items if i.type == sales.SERVICE}
    )
    goods = await products_repo.PRODUCTS.by_ids(
        session,
        location.id,
        {i.ref_id for i in items if i.type == sales.GOOD},
        with_deleted=True,
    )
    out = []
    for item in items:
        if item.type == sales.SERVICE:
            service = services.get(item.ref_id)
            scope = program.service_item_type
            named = item.ref_id in program.service_ids or (
                service is not None and service.category_id in program.service_ids
            )
        else:
            product = goods.get(item.ref_id)
            scope = program.good_item_type
            named = item.ref_id in program.good_ids or (
                product is not None and product.category_id in program.good_category_ids
            )
        if scope == "any_allowed" or (scope == "custom_allowed" and named):
            out.append(item)
    return out


def _portions(
    items: Sequence[sales.Item], value: Decimal, percent: bool, cap: Decimal | None = None
) -> list[tuple[sales.Item, Decimal]]:
    """A discount of ``value`` (percent of each item's unpaid part, or an amount spread over
    them in order), never more than an item still owes, nor than ``cap`` in all."""
    out: list[tuple[sales.Item, Decimal]] = []
    left = value if not percent else None
    total_left = cap
    for item in items:
        owed = item.remaining
        if owed <= 0:
            continue
        if percent:
            part = cents(owed * value / HUNDRED)
        else:
            assert left is not None
            part = min(left, owed)
            left -= part
        if total_left is not None:
            part = min(part, total_left)
            total_left -= part
        if part > 0:
            out.append((item, part))
    return out


def _usable(program: LoyaltyProgram, card: LoyaltyCard, location: Location) -> bool:
    return location.id in program.location_ids and card.type_id in program.card_type_ids


async def _discount_parts(
    session: AsyncSession,
    location: Location,
    sale: sales.Sale,
    program: LoyaltyProgram,
    card: LoyaltyCard,
    cap: Decimal | None = None,
) -> tuple[Decimal, list[tuple[sales.Item, Decimal]]]:
    value = await program_value(session, program, card, sale.document.id)
    percent = program.value_unit == "percent"
    items = await _eligible(session, location, program, sale.items)
    if program.type == "package_discount" and program.sold_items_multiplicity > 0:
        rules = (await repo.rules_of(session, [program.id]))[program.id]
        if not rules or not await _package_open(session, program, card, rules, sale.document.id):
            return ZERO, []
        # Each item takes the rule naming its service (or the general one).
        parts: list[tuple[sales.Item, Decimal]] = []
        left = cap
        for item in items:
            rule = _package_rule(rules, item)
            if rule is None or rule.value <= 0:
                continue
            for found, part in _portions([item], rule.value, percent, left):
                parts.append((found, part))
                if left is not None:
                    left -= part
        return value, parts
    if value <= 0:
        return value, []
    return value, _portions(items, value, percent, cap)


# --- operations ------------------------------------------------------------------------------


async def apply_discount(
    session: AsyncSession,
    location: Location,
    access: Access,
    card_id: int,
    program_id: int,
    body: VisitLoyalty,
) -> VisitDetails:
    """The program's discount on the visit's items (a second application replaces the
    first)."""
    sale = await _sale(session, location, body.visit_id, access.user_id)
    card = await _client_card(session, location, sale, card_id, "card_id")
    program = await repo.PROGRAMS.load(session, card.chain_id, program_id)
    if not PROGRAM_TYPES[program.type].is_discount or not _usable(program, card, location):
        raise ValidationFailed.field(
            "program_id", "not a discount program of this card at this location"
        )
    await _drop(session, location, _live(sale, TX_PROGRAM_DISCOUNT, card.id, program.id))
    sale = await sales.load_sale(session, location, sale.document.id)
    await _write_discount(session, location, sale, program, card)
    await sales.settle(session, location, sale.document.id)
    return await _details(session, location, sale.visit)


async def _write_discount(
    session: AsyncSession,
    location: Location,
    sale: sales.Sale,
    program: LoyaltyProgram,
    card: LoyaltyCard,
    cap: Decimal | None = None,
) -> Decimal:
    _value, parts = await _discount_parts(session, location, sale, program, card, cap)
    for item, part in parts:
        await _discount(session, location, sale, item, part, program, card.id)
    return sum((p for _i, p in parts), start=ZERO)


async def _discount(
    session: AsyncSession,
    location: Location,
    sale: sales.Sale,
    item: sales.Item,
    amount: Decimal,
    program: LoyaltyProgram,
    card_id: int | None,
) -> None:
    """A program's discount on one item: the sale's line (it lowers what the item costs) and
    the chain ledger's line of type 1 it is shown as (a positive amount; no balance moves)."""
    note = LoyaltyTransaction(
        chain_id=program.chain_id,
        location_id=location.id,
        type_id=TX_PROGRAM_DISCOUNT,
        amount=amount,
        card_id=card_id,
        program_id=program.id,
        visit_id=sale.visit.id if sale.visit else None,
        document_id=sale.document.id,
        title=program.title,
    )
    session.add(note)
    await session.flush()
    await _line(
        session,
        location,
        sale,
        item,
        amount,
        TX_PROGRAM_DISCOUNT,
        card_id=card_id,
        program_id=program.id,
        transaction_id=note.id,
    )


async def _lift(session: AsyncSession, location: Location, line: SaleLoyaltyTransaction) -> None:
    """A discount taken off: its ledger line is reversed by one of the opposite amount."""
    if line.type_id != TX_PROGRAM_DISCOUNT or not line.loyalty_transaction_id:
        return
    for chain_id in await repo.chain_ids_of(session, location.id):
        note = await repo.TRANSACTIONS.get(session, chain_id, line.loyalty_transaction_id)
        if note is None:
            continue
        if await repo.reversal_of(session, note.id) is None:
            session.add(
                LoyaltyTransaction(
                    chain_id=note.chain_id,
                    location_id=note.location_id,
                    type_id=note.type_id,
                    amount=-note.amount,
                    card_id=note.card_id,
                    program_id=note.program_id,
                    visit_id=note.visit_id,
                    document_id=note.document_id,
                    title=note.title,
                    reverses_id=note.id,
                )
            )
            await session.flush()
        return


async def _drop(
    session: AsyncSession, location: Location, lines: Sequence[SaleLoyaltyTransaction]
) -> None:
    """Discount lines taken off the sale (and out of the chain ledger)."""
    for line in lines:
        await _lift(session, location, line)
        line.deleted = True
    await session.flush()


async def cancel_discount(
    session: AsyncSession,
    location: Location,
    access: Access,
    card_id: int,
    program_id: int,
    body: VisitLoyalty,
) -> VisitDetails:
    sale = await _sale(session, location, body.visit_id, access.user_id)
    card = await _client_card(session, location, sale, card_id, "card_id")
    await repo.PROGRAMS.load(session, card.chain_id, program_id)
    await _drop(session, location, _live(sale, TX_PROGRAM_DISCOUNT, card.id, program_id))
    await sales.settle(session, location, sale.document.id)
    return await _details(session, location, sale.visit)


async def _withdraw(
    session: AsyncSession,
    location: Location,
    access: Access,
    sale: sales.Sale,
    card: LoyaltyCard,
    amount: Decimal,
    record_id: int | None,
) -> None:
    for item, part in sales.spread(sale, amount, record_id):
        moved = await balances.move(
            session,
            chain_ids=[card.chain_id],
            card_id=card.id,
            amount=-part,
            type_id=TX_CARD_WITHDRAWAL,
            location_id=location.id,
            visit_id=sale.visit.id if sale.visit else None,
            user_id=access.user_id,
        )
        await _line(
            session,
            location,
            sale,
            item,
            part,
            TX_CARD_WITHDRAWAL,
            card_id=card.id,
            program_id=None,
            transaction_id=moved.transaction.id,
        )


async def apply_withdrawal(
    session: AsyncSession, location: Location, access: Access, card_id: int, body: CardWithdrawal
) -> VisitDetails:
    """Pays the visit from the card: never more than the card holds nor than the visit still
    owes; 0 writes nothing."""
    sale = await _sale(session, location, body.visit_id, access.user_id)
    card = await _client_card(session, location, sale, card_id, "card_id")
    take = min(cents(body.amount), card.balance, sale.remaining)
    if take > 0:
        await _withdraw(session, location, access, sale, card, take, body.record_id or None)
        await sales.settle(session, location, sale.document.id)
    return await _details(session, location, sale.visit)


async def _give_back(session: AsyncSession, line: SaleLoyaltyTransaction, chain_id: int) -> None:
    if line.loyalty_transaction_id:
        await balances.reverse(
            session, chain_id=chain_id, transaction_id=line.loyalty_transaction_id
        )


async def cancel_withdrawal(
    session: AsyncSession, location: Location, access: Access, card_id: int, body: VisitLoyalty
) -> VisitDetails:
    sale = await _sale(session, location, body.visit_id, access.user_id)
    card = await _client_card(session, location, sale, card_id, "card_id")
    lines = _live(sale, TX_CARD_WITHDRAWAL, card.id, None)
    for line in lines:
        await _give_back(session, line, card.chain_id)
    await _drop(session, location, lines)
    await sales.settle(session, location, sale.document.id)
    return await _details(session, location, sale.visit)


async def _referral_discount(
    session: AsyncSession, location: Location, sale: sales.Sale, program: LoyaltyProgram
) -> list[tuple[sales.Item, Decimal]]:
    """The invited client's discount: the referral program's second rule, in percent."""
    rules = (await repo.rules_of(session, [program.id]))[program.id]
    if len(rules) < 2 or rules[1].value <= 0:
        return []
    items = await _eligible(session, location, program, sale.items)
    return _portions(items, rules[1].value, True)


async def apply_referral(
    session: AsyncSession, location: Location, access: Access, chain_id: int, body: ReferralApply
) -> VisitDetails:
    """Names the inviter of the visit's client: the inviter's card earns the chain's referral
    program's reward when the visit is paid; the invited client's discount (if the program
    has one) applies now."""
    if chain_id not in await repo.chain_ids_of(session, location.id):
        raise ChainNotFound()
    sale = await _sale(session, location, body.visit_id, access.user_id)
    programs = [
        p for p in await repo.referral_programs(session, chain_id) if location.id in p.location_ids
    ]
    if not programs:
        raise ValidationFailed.field("chain_id", "the chain has no referral program here")
    program = programs[0]
    phone = normalize_phone(str(body.referrer_phone), field="referrer_phone")
    if sale.client is not None and sale.client.phone == phone:
        raise ValidationFailed.field("referrer_phone", "a client cannot invite themselves")
    cards = [
        c
        for c in await repo.cards_by_phone(session, [chain_id], phone)
        if not program.card_type_ids or c.type_id in program.card_type_ids
    ]
    if not cards:
        raise ValidationFailed.field("referrer_phone", "the inviter has no card of the program")
    for old in await repo.referrals_of(session, location.id, sale.document.visit_id or 0):
        await session.delete(old)
    await _drop(session, location, _live(sale, TX_PROGRAM_DISCOUNT, None, program.id))
    session.add(
        LoyaltyReferral(
            chain_id=chain_id,
            location_id=location.id,
            visit_id=body.visit_id,
            program_id=program.id,
            card_id=cards[0].id,
        )
    )
    await session.flush()
    sale = await sales.load_sale(session, location, sale.document.id)
    for item, part in await _referral_discount(session, location, sale, program):
        await _discount(session, location, sale, item, part, program, None)
    await sales.settle(session, location, sale.document.id)
    return await _details(session, location, sale.visit)


async def create_referral_program(
    session: AsyncSession, chain: Chain, body: ReferralProgramWrite
) -> dict[str, Any]:
    """A referral program of the chain: its first rule is the inviter's reward, its second
    the invited client's discount (percent). Answered as a chain program."""
    locations = {loc.id for loc in await repo.locations_of_chain(session, chain.id)}
    unknown = sorted(set(body.company_ids) - locations)
    if unknown:
        raise ValidationFailed.field("company_ids", f"not a location of the chain: {unknown[0]}")
    kinds = await repo.CARD_TYPES.by_ids(session, chain.id, body.loyalty_card_type_ids)
    missing = sorted(set(body.loyalty_card_type_ids) - set(kinds))
    if missing:
        raise ValidationFailed.field("loyalty_card_type_ids", f"no card type {missing[0]}")
    if body.value_unit == "percent" and body.inviter_value > HUNDRED:
        raise ValidationFailed.field("inviter_value", "a percent value is at most 100")
    program = LoyaltyProgram(
        chain_id=chain.id,
        title=body.title.strip(),
        type="referral",
        service_item_type=body.service_item_type,
        good_item_type=body.good_item_type,
        value_unit=body.value_unit,
        card_type_ids=list(body.loyalty_card_type_ids),
        location_ids=list(body.company_ids),
    )
    session.add(program)
    await session.flush()
    session.add(LoyaltyProgramRule(program_id=program.id, parameter=ZERO, value=body.inviter_value))
    session.add(
        LoyaltyProgramRule(
            program_id=program.id, parameter=Decimal(1), value=body.invited_discount_percent
        )
    )
    await session.flush()
    return await chain_programs.render(session, program)


# --- the visit's loyalty transactions ---------------------------------------------------------


def _render_program(program: LoyaltyProgram | None, value: Decimal) -> dict[str, Any]:
    if program is None:
        return {
            "id": 0,
            "title": "",
            "value": 0,
            "loyalty_type_id": 0,
            "item_type_id": 0,
            "value_unit_id": 0,
            "group_id": 0,
        }
    return {
        "id": program.id,
        "title": program.title,
        "value": wire(value),
        "loyalty_type_id": PROGRAM_TYPES[program.type].id,
        "item_type_id": GOOD_ITEM_TYPE_IDS[program.good_item_type],
        "value_unit_id": VALUE_UNIT_IDS[program.value_unit],
        "group_id": program.chain_id,
    }


async def visit_transactions(
    session: AsyncSession, location: Location, visit: Visit
) -> list[dict[str, Any]]:
    """What loyalty did in the visit: its sale's discounts and card payments, then the
    accruals the paid visit earned."""
    chain_ids = await repo.chain_ids_of(session, location.id)
    document = await sales_repo.visit_document(session, location.id, visit.id)
    lines = await sales_repo.loyalty_of(session, location.id, document.id) if document else []
    rows = sales.render_visit_loyalty(location, lines)
    accruals = await repo.visit_accruals(session, chain_ids, visit.id, ACCRUALS)
    program_ids = [x.program_id for x in lines if x.program_id] + [
        a.program_id for a in accruals if a.program_id
    ]
    programs = await repo.programs_by_ids(session, chain_ids, program_ids)
    rules = await repo.rules_of(session, sorted(programs))
    out = []
    for row, line in zip(rows, lines, strict=True):
        program = programs.get(line.program_id or 0)
        out.append({**row, "program": _render_program(program, _shown(program, rules))})
    for a in accruals:
        program = programs.get(a.program_id or 0)
        out.append(
            {
                "id": a.id,
                "status_id": 1,
                "amount": wire(a.amount),
                "type_id": a.type_id,
                "program_id": a.program_id or 0,
                "card_id": a.card_id or 0,
                "salon_group_id": a.chain_id,
                "item_id": 0,
                "item_type_id": 0,
                "item_record_id": 0,
                "goods_transaction_id": 0,
                "is_discount": False,
                "is_loyalty_withdraw": False,
                "type": {"id": a.type_id, "title": TRANSACTION_TITLES.get(a.type_id, "")},
                "program": _render_program(program, _shown(program, rules)),
            }
        )
    return out


def _shown(program: LoyaltyProgram | None, rules: dict[int, list[LoyaltyProgramRule]]) -> Decimal:
    if program is None or not rules.get(program.id):
        return ZERO
    return rules[program.id][0].value


# --- cashback: the settle hook of checkout ---------------------------------------------------


@dataclass(slots=True)
class _Money:
    """What paid for each item in money (cash desk, card account, deposit)."""

    by_item: dict[tuple[str, int], Decimal]

    def of(self, items: Sequence[sales.Item]) -> Decimal:
        return sum((self.by_item.get((i.type, i.id), ZERO) for i in items), start=ZERO)


def _money(sale: sales.Sale) -> _Money:
    out: dict[tuple[str, int], Decimal] = {}
    loose = ZERO
    keyed = [(f.sold_item_type, f.sold_item_id, f.amount) for f in sale.finance] + [
        (x.sale_item_type, x.sale_item_id, x.amount)
        for x in sale.loyalty
        if x.type_id in MONEY_LINES
    ]
    for kind, item_id, amount in keyed:
        if item_id is not None and sale.item(kind, item_id) is not None:
            key = (kind, item_id)
            out[key] = out.get(key, ZERO) + amount
        else:
            loose += amount
    # Money naming no item of the sale (a paid goods operation names the product; a record's
    # service edited since) goes to the items in order, up to what each costs.
    for item in sale.items:
        if loose <= 0:
            break
        key = (item.type, item.id)
        part = min(loose, max(item.to_pay - out.get(key, ZERO), ZERO))
        if part > 0:
            out[key] = out.get(key, ZERO) + part
            loose -= part
    return _Money(out)


async def settle(session: AsyncSession, location: Location, sale: sales.Sale) -> None:
    """Checkout's hook after every change of a sale's payments: a sale now fully paid (a
    visit's, or a goods sale with a client) earns its cashback once; one that owes again gives
    it back."""
    chain_ids = await repo.chain_ids_of(session, location.id)
    if not chain_ids:
        return
    visit_id = sale.visit.id if sale.visit is not None else None
    document_id = sale.document.id
    counted = await repo.counted_sale(session, visit_id=visit_id, document_id=document_id)
    accrued = await repo.visit_accruals(
        session, chain_ids, visit_id, ACCRUALS, document_id=document_id
    )
    full = sale.remaining <= 0 and sale.paid > 0
    if full and not counted and not accrued:
        await _accrue(session, location, sale)
    elif not full and (counted or accrued):
        await _take_back(session, counted, accrued)


def _services(sale: sales.Sale) -> dict[str, Any]:
    """The units of each service the sale sold (what package discounts count)."""
    out: dict[str, Any] = {}
    for item in sale.items:
        if item.type == sales.SERVICE and item.ref_id:
            key = str(item.ref_id)
            out[key] = float(Decimal(str(out.get(key, 0))) + item.amount)
    return out


async def _accrue(session: AsyncSession, location: Location, sale: sales.Sale) -> None:
    visit_id = sale.visit.id if sale.visit is not None else None
    money = _money(sale)
    paid = money.of(sale.items)
    sold = sale.total
    for card in await _client_cards(session, location, sale):
        card = await repo.lock_card(session, [card.chain_id], card.id)
        for program in await repo.PROGRAMS.all(session, card.chain_id):
            kind = PROGRAM_TYPES[program.type]
            if not kind.is_cashback or program.type == "referral":
                continue
            if not _usable(program, card, location):
                continue
            value = await program_value(session, program, card)
            items = await _eligible(session, location, program, sale.items)
            # A "paid" program counts what was paid in money, a "sold" one what was sold.
            base = (
                money.of(items)
                if "paid" in program.type
                else sum((i.to_pay for i in items), start=ZERO)
            )
            amount = cents(base * value / HUNDRED) if program.value_unit == "percent" else value
            if value > 0 and base > 0 and amount > 0:
                await balances.move(
                    session,
                    chain_ids=[card.chain_id],
                    card_id=card.id,
                    amount=amount,
                    type_id=TX_PROGRAM_ACCRUAL,
                    location_id=location.id,
                    visit_id=visit_id,
                    document_id=sale.document.id,
                    program_id=program.id,
                    title=program.title,
                )
        session.add(
            LoyaltyVisit(
                chain_id=card.chain_id,
                location_id=location.id,
                card_id=card.id,
                visit_id=visit_id,
                document_id=sale.document.id,
                phone=card.phone,
                paid=paid,
                sold=sold,
                services=_services(sale),
            )
        )
        card.paid_amount = cents(card.paid_amount + paid)
        card.sold_amount = cents(card.sold_amount + sold)
        if visit_id is not None:
            card.visits_count += 1
        await session.flush()
    if visit_id is None:
        return
    for referral in await repo.referrals_of(session, location.id, visit_id):
        referral_program = await repo.PROGRAMS.get(session, referral.chain_id, referral.program_id)
        if referral_program is None:
            continue
        rules = (await repo.rules_of(session, [referral_program.id]))[referral_program.id]
        if not rules or rules[0].value <= 0:
            continue
        reward = (
            cents(paid * rules[0].value / HUNDRED)
            if referral_program.value_unit == "percent"
            else rules[0].value
        )
        if reward > 0:
            await balances.move(
                session,
                chain_ids=[referral.chain_id],
                card_id=referral.card_id,
                amount=reward,
                type_id=TX_REFERRAL_ACCRUAL,
                location_id=location.id,
                visit_id=visit_id,
                document_id=sale.document.id,
                program_id=referral_program.id,
                title=referral_program.title,
            )


async def _take_back(
    session: AsyncSession, counted: Sequence[LoyaltyVisit], accrued: Sequence[LoyaltyTransaction]
) -> None:
    """The sale owes again: its accruals leave the cards and the sale leaves the cards'
    history. A card that no longer holds an accrual in full (the points were spent since)
    refuses the change (422, nothing written): a balance never goes below zero, and taking
    back only part would let the sale, paid again, earn the same cashback twice."""
    for line in accrued:
        assert line.card_id is not None
        card = await repo.lock_card(session, [line.chain_id], line.card_id)
        if card.balance < line.amount:
            raise InsufficientBalance(
                f"The cashback this sale earned on card {card.number} ({wire(line.amount)}) is "
                f"spent: the card holds {wire(card.balance)}. Cancel what it paid for first."
            )
        await balances.reverse(session, chain_id=line.chain_id, transaction_id=line.id)
    for row in counted:
        card = await repo.lock_card(session, [row.chain_id], row.card_id)
        card.paid_amount = max(cents(card.paid_amount - row.paid), ZERO)
        card.sold_amount = max(cents(card.sold_amount - row.sold), ZERO)
        if row.visit_id is not None:
            card.visits_count = max(card.visits_count - 1, 0)
        await session.delete(row)
    await session.flush()


# --- checkout's payment methods ---------------------------------------------------------------


def _offer(slug: str, amount: Decimal, **extra: Any) -> dict[str, Any]:
    return {
        "slug": slug,
        "is_applicable": amount > 0,
        "applicable_amount": wire(max(amount, ZERO)),
        "applicable_count": 0,
        "applicable_value": 0,
        **extra,
    }


async def _card_refs(
    session: AsyncSession, cards: Sequence[LoyaltyCard]
) -> tuple[dict[int, Any], dict[int, Any]]:
    chain_ids = sorted({c.chain_id for c in cards})
    chains = await locations_repo.chains_by_id(session, chain_ids)
    kinds: dict[int, Any] = {}
    for chain_id in chain_ids:
        kinds.update(await repo.CARD_TYPES.by_ids(session, chain_id, {c.type_id for c in cards}))
    return chains, kinds


def _render_card(
    card: LoyaltyCard, chains: dict[int, Any], kinds: dict[int, Any]
) -> dict[str, Any]:
    kind = kinds.get(card.type_id)
    chain = chains.get(card.chain_id)
    return {
        "id": card.id,
        "type_id": card.type_id,
        "number": card.number,
        "balance": wire(card.balance),
        "type": {"id": card.type_id, "type": kind.title if kind else ""},
        "chain": {"id": card.chain_id, "title": chain.title if chain else ""},
    }


def _render_offer_program(program: LoyaltyProgram, chains: dict[int, Any]) -> dict[str, Any]:
    kind = PROGRAM_TYPES[program.type]
    chain = chains.get(program.chain_id)
    return {
        "id": program.id,
        "title": program.title,
        "type_id": kind.id,
        "is_value_percent": program.value_unit == "percent",
        "type": {"id": kind.id, "title": kind.title},
        "chain": {"id": program.chain_id, "title": chain.title if chain else ""},
    }


async def card_offers(
    session: AsyncSession, location: Location, sale: sales.Sale
) -> list[dict[str, Any]]:
    cards = await _client_cards(session, location, sale)
    if not cards:
        return [_offer("loyalty_card", ZERO)]
    chains, kinds = await _card_refs(session, cards)
    return [
        _offer(
            "loyalty_card",
            min(card.balance, sale.remaining),
            loyalty_card_id=card.id,
            loyalty_card=_render_card(card, chains, kinds),
        )
        for card in cards
    ]


async def program_offers(
    session: AsyncSession, location: Location, sale: sales.Sale
) -> list[dict[str, Any]]:
    cards = await _client_cards(session, location, sale)
    chains, kinds = await _card_refs(session, cards)
    out = []
    for card in cards:
        for program in await repo.PROGRAMS.all(session, card.chain_id):
            if not PROGRAM_TYPES[program.type].is_discount or not _usable(program, card, location):
                continue
            value, parts = await _discount_parts(session, location, sale, program, card)
            offer = _offer(
                "loyalty_program",
                sum((p for _i, p in parts), start=ZERO),
                loyalty_card_id=card.id,
                loyalty_program_id=program.id,
                loyalty_card=_render_card(card, chains, kinds),
                loyalty_program=_render_offer_program(program, chains),
            )
            offer["applicable_value"] = wire(value)
            out.append(offer)
    return out or [_offer("loyalty_program", ZERO)]


async def _visit_referral(
    session: AsyncSession, location: Location, sale: sales.Sale
) -> LoyaltyProgram | None:
    if sale.visit is None:
        return None
    referrals = await repo.referrals_of(session, location.id, sale.visit.id)
    if not referrals:
        return None
    return await repo.PROGRAMS.get(session, referrals[-1].chain_id, referrals[-1].program_id)


async def referral_offers(
    session: AsyncSession, location: Location, sale: sales.Sale
) -> list[dict[str, Any]]:
    program = await _visit_referral(session, location, sale)
    if program is None:
        return [_offer("referral_loyalty_program", ZERO)]
    chains = await locations_repo.chains_by_id(session, [program.chain_id])
    parts = await _referral_discount(session, location, sale, program)
    return [
        _offer(
            "referral_loyalty_program",
            sum((p for _i, p in parts), start=ZERO),
            loyalty_program_id=program.id,
            loyalty_program=_render_offer_program(program, chains),
        )
    ]


def _extra_id(body: PaymentIn, name: str) -> int:
    raw = (body.method.model_extra or {}).get(name)
    try:
        value = int(raw or 0)
    except (TypeError, ValueError):
        value = 0
    if value <= 0 or isinstance(raw, bool):
        raise ValidationFailed.field(f"payment.method.{name}", "required")
    return value


async def pay_by_card(
    session: AsyncSession,
    location: Location,
    access: Access,
    sale: sales.Sale,
    body: PaymentIn,
    record_id: int | None,
) -> None:
    field = "payment.method.loyalty_card_id"
    card = await _client_card(session, location, sale, _extra_id(body, "loyalty_card_id"), field)
    if cents(sales.amount_of(body)) > card.balance:
        raise InsufficientBalance(
            f"The card holds {card.balance}; {sales.amount_of(body)} cannot be paid."
        )
    await _withdraw(session, location, access, sale, card, cents(sales.amount_of(body)), record_id)


async def _pay_discount(
    session: AsyncSession,
    location: Location,
    sale: sales.Sale,
    parts: Sequence[tuple[sales.Item, Decimal]],
    amount: Decimal,
    *,
    card_id: int | None,
    program: LoyaltyProgram,
) -> None:
    if amount > sum((p for _i, p in parts), start=ZERO):
        raise ValidationFailed.field("payment.amount", "more than the program's discount")
    left = amount
    for item, part in parts:
        take = min(part, left)
        if take > 0:
            await _discount(session, location, sale, item, take, program, card_id)
            left -= take


async def pay_by_program(
    session: AsyncSession,
    location: Location,
    access: Access,
    sale: sales.Sale,
    body: PaymentIn,
    record_id: int | None,
) -> None:
    card = await _client_card(
        session,
        location,
        sale,
        _extra_id(body, "loyalty_card_id"),
        "payment.method.loyalty_card_id",
    )
    program_id = _extra_id(body, "loyalty_program_id")
    program = await repo.PROGRAMS.get(session, card.chain_id, program_id)
    if (
        program is None
        or not PROGRAM_TYPES[program.type].is_discount
        or not _usable(program, card, location)
    ):
        raise ValidationFailed.field(
            "payment.method.loyalty_program_id", "not a discount program of this card here"
        )
    if _live(sale, TX_PROGRAM_DISCOUNT, card.id, program.id):
        raise ValidationFailed.field("payment.method.loyalty_program_id", "already applied")
    _value, parts = await _discount_parts(session, location, sale, program, card)
    await _pay_discount(
        session,
        location,
        sale,
        parts,
        cents(sales.amount_of(body)),
        card_id=card.id,
        program=program,
    )


async def pay_by_referral(
    session: AsyncSession,
    location: Location,
    access: Access,
    sale: sales.Sale,
    body: PaymentIn,
    record_id: int | None,
) -> None:
    program = await _visit_referral(session, location, sale)
    if program is None:
        raise ValidationFailed.field("payment.method.slug", "no referral applied to this visit")
    if _live(sale, TX_PROGRAM_DISCOUNT, None, program.id):
        raise ValidationFailed.field("payment.method.slug", "already applied")
    parts = await _referral_discount(session, location, sale, program)
    await _pay_discount(
        session,
        location,
        sale,
        parts,
        cents(sales.amount_of(body)),
        card_id=None,
        program=program,
    )


async def undo_card_payment(
    session: AsyncSession, location: Location, line: SaleLoyaltyTransaction
) -> None:
    """A deleted card payment line gives its points back."""
    if not line.loyalty_transaction_id:
        return
    for chain_id in await repo.chain_ids_of(session, location.id):
        row = await repo.TRANSACTIONS.get(session, chain_id, line.loyalty_transaction_id)
        if row is not None:
            await balances.reverse(session, chain_id=chain_id, transaction_id=row.id)
            return


def install() -> None:
    """Plugs loyalty into checkout: the three methods, the undo of a card payment and of a
    discount, and the cashback hook. Idempotent (the registries are keyed)."""
    sales.register(sales.Method("loyalty_card", card_offers, pay_by_card))
    sales.register(sales.Method("loyalty_program", program_offers, pay_by_program))
    sales.register(sales.Method("referral_loyalty_program", referral_offers, pay_by_referral))
    sales.register_undo(TX_CARD_WITHDRAWAL, undo_card_payment)
    sales.register_undo(TX_PROGRAM_DISCOUNT, _lift)
    sales.on_settle(settle)


install()
