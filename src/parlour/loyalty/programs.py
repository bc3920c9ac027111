"""Chain loyalty programs: create, read, update, delete; the programs active in a location; the
chain's loyalty ledger."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from parlour.errors import ValidationFailed
from parlour.kit.money import HUNDRED
from parlour.kit.pagination import Page
from parlour.loyalty import repository as repo
from parlour.loyalty.schemas import ProgramWrite
from parlour.loyalty.service import render_rule
from parlour.loyalty.types import (
    GOOD_ITEM_TYPE_IDS,
    PROGRAM_TYPES,
    TRANSACTION_TITLES,
    VALUE_UNIT_IDS,
)
from parlour.models import (
    Chain,
    GoodsCategory,
    Location,
    LoyaltyProgram,
    LoyaltyProgramRule,
    LoyaltyTransaction,
    Product,
    SaleLoyaltyTransaction,
    Service,
    ServiceCategory,
)
from parlour.models.loyalty import (
    TX_CARD_WITHDRAWAL,
    TX_CERTIFICATE_WITHDRAWAL,
    TX_MANUAL_WITHDRAWAL,
    TX_POINTS_EXPIRED,
    TX_PROGRAM_DISCOUNT,
)

TRANSACTIONS_PAGE = 50
TRANSACTIONS_MAX = 1000


def _history_date(value: datetime | date | None) -> str:
    if value is None:
        return ""
    return value.isoformat()


async def _checked(session: AsyncSession, chain: Chain, body: ProgramWrite) -> dict[str, Any]:
    """The body's references, each one checked against the chain."""
    kind = PROGRAM_TYPES[body.type]
    locations = {loc.id for loc in await repo.locations_of_chain(session, chain.id)}
    unknown = sorted(set(body.company_ids) - locations)
    if unknown:
        raise ValidationFailed.field("company_ids", f"not a location of the chain: {unknown[0]}")
    types = await repo.CARD_TYPES.by_ids(session, chain.id, body.loyalty_card_type_ids)
    missing = sorted(set(body.loyalty_card_type_ids) - set(types))
    if missing:
        raise ValidationFailed.field("loyalty_card_type_ids", f"no card type {missing[0]}")
    if kind.is_static and len(body.rules) != 1:
        raise ValidationFailed.field("rules", "a static program has exactly one rule")
    if body.value_unit == "percent" and any(r.value > HUNDRED for r in body.rules):
        raise ValidationFailed.field("rules", "a percent value is at most 100")
    ids = sorted(locations)
    services: list[int] = []
    goods: list[int] = []
    good_categories: list[int] = []
    if body.service_item_type == "custom_allowed":
        found = {
            s.id for s in await repo.items_by_ids(session, Service, body.allowed_service_ids, ids)
        }
        found |= {
            c.id
            for c in await repo.items_by_ids(
                session, ServiceCategory, body.allowed_service_ids, ids
            )
        }
        lost = sorted(set(body.allowed_service_ids) - found)
        if lost or not body.allowed_service_ids:
            raise ValidationFailed.field(
                "allowed_service_ids", f"name services of the chain ({lost[0] if lost else 'none'})"
            )
        services = list(body.allowed_service_ids)
    if body.good_item_type == "custom_allowed":
        found_goods = {
            p.id for p in await repo.items_by_ids(session, Product, body.allowed_good_ids, ids)
        }
        found_cats = {
            c.id
            for c in await repo.items_by_ids(
                session, GoodsCategory, body.allowed_good_category_ids, ids
            )
        }
        lost = sorted(
            (set(body.allowed_good_ids) - found_goods)
            | (set(body.allowed_good_category_ids) - found_cats)
        )
        if lost or not (found_goods or found_cats):
            raise ValidationFailed.field(
                "allowed_good_ids", f"name goods of the chain ({lost[0] if lost else 'none'})"
            )
        goods = list(body.allowed_good_ids)
        good_categories = list(body.allowed_good_category_ids)
    return {
        "title": body.title.strip(),
        "type": body.type,
        "service_item_type": body.service_item_type,
        "good_item_type": body.good_item_type,
        "value_unit": body.value_unit,
        "usage_limit": body.usage_limit,
        "visit_multiplicity": body.visit_multiplicity,
        "sold_items_multiplicity": body.sold_items_multiplicity,
        "expiration_timeout": body.expiration_timeout,
        "expiration_timeout_unit": body.expiration_timeout_unit,
        "expiration_notification_timeout": body.expiration_notification_timeout,
        "params_source_type": body.params_source_type,
        "history_start_date": _history_date(body.history_start_date),
        "card_type_ids": list(body.loyalty_card_type_ids),
        "location_ids": list(body.company_ids),
        "service_ids": services,
        "good_ids": goods,
        "good_category_ids": good_categories,
    }


async def _write_rules(session: AsyncSession, program: LoyaltyProgram, body: ProgramWrite) -> None:
    for rule in body.rules:
        session.add(
            LoyaltyProgramRule(
                program_id=program.id,
                parameter=rule.parameter,
                value=rule.value,
                service_id=rule.service_id,
            )
        )
    await session.flush()


def _render_location(loc: Location) -> dict[str, Any]:
    return {
        "id": loc.id,
        "title": loc.title,
        "country": loc.country,
        "country_id": loc.country_id,
        "city": loc.city,
        "city_id": loc.city_id,
        "phone": loc.phone,
        "timezone": loc.timezone_name,
        "address": loc.address,
        "coordinate_lat": f"{loc.coordinate_lat:.6f}",
        "coordinate_lng": loc.coordinate_lon,
    }


async def render(session: AsyncSession, program: LoyaltyProgram) -> dict[str, Any]:
    rules = (await repo.rules_of(session, [program.id]))[program.id]
    card_types = await repo.CARD_TYPES.by_ids(session, program.chain_id, program.card_type_ids)
    locations = await repo.locations_of_chain(session, program.chain_id)
    chain_location_ids = [loc.id for loc in locations]
    items: list[dict[str, Any]] = []
    for model, ids, is_service, is_category in (
        (ServiceCategory, program.service_ids, True, True),
        (Service, program.service_ids, True, False),
        (GoodsCategory, program.good_category_ids, False, True),
        (Product, program.good_ids, False, False),
    ):
        for row in await repo.items_by_ids(session, model, ids, chain_location_ids):
            items.append(
                {
                    "id": row.id,
                    "title": row.title,
                    "is_service": is_service,
                    "is_category": is_category,
                }
            )
    return {
        **_flat(program),
        "history_start_date": program.history_start_date,
        "loyalty_card_types": [
            {"id": t.id, "title": t.title} for t in sorted(card_types.values(), key=lambda t: t.id)
        ],
        "rules": [render_rule(r, program) for r in rules],
        "companies": [_render_location(loc) for loc in locations if loc.id in program.location_ids],
        "applicable_items": items,
    }


def _flat(program: LoyaltyProgram) -> dict[str, Any]:
    return {
        "id": program.id,
        "title": program.title,
        "type": program.type,
        "service_item_type": program.service_item_type,
        "good_item_type": program.good_item_type,
        "value_unit": program.value_unit,
        "usage_limit": program.usage_limit,
        "visit_multiplicity": program.visit_multiplicity,
        "sold_items_multiplicity": program.sold_items_multiplicity,
        "expiration_timeout": program.expiration_timeout,
        "expiration_timeout_unit": program.expiration_timeout_unit,
        "expiration_notification_timeout": program.expiration_notification_timeout,
        "params_source_type": program.params_source_type,
        # Parlour keeps no loyalty notification templates yet (decisions.json).
        "on_changed_notification_template_id": 0,
        "on_expiration_notification_template_id": 0,
    }


async def create(session: AsyncSession, chain: Chain, body: ProgramWrite) -> dict[str, Any]:
    program = LoyaltyProgram(chain_id=chain.id, **await _checked(session, chain, body))
    session.add(program)
    await session.flush()
    await _write_rules(session, program, body)
    return await render(session, program)


async def read(session: AsyncSession, chain: Chain, program_id: int) -> dict[str, Any]:
    return await render(session, await repo.PROGRAMS.load(session, chain.id, program_id))


async def update(
    session: AsyncSession, chain: Chain, program_id: int, body: ProgramWrite
) -> dict[str, Any]:
    program = await repo.PROGRAMS.load(session, chain.id, program_id)
    for name, value in (await _checked(session, chain, body)).items():
        setattr(program, name, value)
    await repo.delete_rules(session, program.id)
    await session.flush()
    await _write_rules(session, program, body)
    return await render(session, program)


async def delete(session: AsyncSession, chain: Chain, program_id: int) -> None:
    program = await repo.PROGRAMS.load(session, chain.id, program_id)
    program.deleted = True
    await session.flush()


async def active_in(
    session: AsyncSession, location: Location, type_name: str | None
) -> list[dict[str, Any]]:
    """The programs of the location's chains that name the location."""
    if type_name is not None and type_name not in PROGRAM_TYPES:
        raise ValidationFailed.field("type", "not a program type")
    chain_ids = await repo.chain_ids_of(session, location.id)
    programs = [
        p
        for p in await repo.PROGRAMS.all(session, chain_ids)
        if location.id in p.location_ids and (type_name is None or p.type == type_name)
    ]
    return [
        {
            **_flat(p),
            "loyalty_type_id": PROGRAM_TYPES[p.type].id,
            "item_type_id": GOOD_ITEM_TYPE_IDS[p.good_item_type],
            "value_unit_id": VALUE_UNIT_IDS[p.value_unit],
            "group_id": p.chain_id,
            # Per-client counters: a list without a client has none.
            "current_package_progress": 0,
            "allowed_usages_amount": 0,
        }
        for p in programs
    ]


# --- the ledger -------------------------------------------------------------------------------

_WITHDRAW_TYPES = {TX_CARD_WITHDRAWAL, TX_MANUAL_WITHDRAWAL, TX_POINTS_EXPIRED}


def render_transaction(
    line: LoyaltyTransaction, sold: SaleLoyaltyTransaction | None = None
) -> dict[str, Any]:
    """A ledger line; one written with a sale's line (a discount, a card payment) names the
    sale's item as the visit's loyalty lines do."""
    item: dict[str, Any] = {
        "item_id": 0,
        "item_type_id": 0,
        "item_record_id": 0,
        "goods_transaction_id": 0,
        "services_transaction_id": 0,
    }
    if sold is not None:
        good = sold.sale_item_type == "good"
        item = {
            "item_id": sold.sale_item_id,
            "item_type_id": 2 if good else 1,
            "item_record_id": sold.record_id or 0,
            "goods_transaction_id": sold.sale_item_id if good else 0,
            "services_transaction_id": 0 if good else sold.sale_item_id,
        }
    return {
        "id": line.id,
        "visit_id": line.visit_id or 0,
        "status_id": 1,
        "amount": line.amount,
        "type_id": line.type_id,
        "card_id": line.card_id or 0,
        "program_id": line.program_id or 0,
        "certificate_id": line.certificate_id or 0,
        "abonement_id": line.abonement_id or 0,
        "salon_group_id": line.chain_id,
        **item,
        "is_discount": line.type_id == TX_PROGRAM_DISCOUNT,
        "is_loyalty_withdraw": line.type_id in _WITHDRAW_TYPES
        or line.type_id == TX_CERTIFICATE_WITHDRAWAL,
        "type": {"id": line.type_id, "title": TRANSACTION_TITLES.get(line.type_id, "")},
    }


async def transactions(
    session: AsyncSession,
    chain: Chain,
    *,
    after: date,
    before: date,
    types: Sequence[int],
    location_ids: Sequence[int],
    visit_ids: Sequence[int],
    page: Page,
) -> tuple[list[dict[str, Any]], int]:
    if before < after:
        raise ValidationFailed.field("created_before", "before created_after")
    bad = sorted(set(types) - set(TRANSACTION_TITLES))
    if bad:
        raise ValidationFailed.field("types", f"not a transaction type: {bad[0]}")
    rows, total = await repo.page_of_transactions(
        session,
        chain.id,
        after=datetime.combine(after, time.min, UTC),
        before=datetime.combine(before, time.min, UTC) + timedelta(days=1),
        types=types,
        location_ids=location_ids,
        visit_ids=visit_ids,
        offset=page.offset,
        limit=page.limit,
    )
    sold = await repo.sale_lines_of(session, [r.id for r in rows])
    return [render_transaction(r, sold.get(r.id)) for r in rows], total
