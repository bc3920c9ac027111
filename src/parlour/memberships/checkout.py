"""The ``loyalty_abonement`` payment method of checkout: a membership pays one of a visit's
service items in full with one visit of its balance.

Registered with sales' method registry when this module is imported (the router imports it),
with the undo that gives the visit back when the payment line is deleted. The membership's row
is locked while its balance changes, so two locations using one membership at once queue on
it and never take more visits than it holds.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from parlour.auth.access import Access
from parlour.errors import InsufficientBalance, ValidationFailed
from parlour.kit.money import ZERO, wire
from parlour.locations import repository as locations_repo
from parlour.memberships import repository as repo
from parlour.memberships import service
from parlour.models import (
    ClientMembership,
    Location,
    LoyaltyTransaction,
    MembershipType,
    MembershipUse,
    SaleLoyaltyTransaction,
)
from parlour.models.loyalty import TX_MEMBERSHIP_USE
from parlour.models.membership import STATUS_OVERDUE
from parlour.sales import service as sales
from parlour.sales.schemas import PaymentIn

SLUG = "loyalty_abonement"
FIELD = "payment.method.loyalty_abonement_id"


def _empty() -> dict[str, Any]:
    return {
        "slug": SLUG,
        "is_applicable": False,
        "applicable_amount": 0,
        "applicable_count": 0,
        "applicable_value": 0,
    }


async def _coverage(
    session: AsyncSession, location: Location, sale: sales.Sale
) -> list[tuple[sales.Item, int, int | None]]:
    """The sale's unpaid service items with their service and its category."""
    items = [i for i in sale.items if i.type == sales.SERVICE and i.remaining > 0]
    services = await repo.sold_services(session, location.id, [i.id for i in items])
    out = []
    for item in items:
        found = services.get(item.id)
        if found is not None:
            out.append((item, found.id, found.category_id))
    return out


async def offers(
    session: AsyncSession, location: Location, sale: sales.Sale
) -> list[dict[str, Any]]:
    if sale.client is None or sale.visit is None or not sale.client.phone:
        return [_empty()]
    rows = await service.of_client(session, location, sale.client)
    if not rows:
        return [_empty()]
    kinds = {
        k.id: k
        for k in await repo.TYPES.all(
            session,
            sorted({r.chain_id for r in rows}),
            repo.TYPES.id_column.in_({r.type_id for r in rows}),
            with_deleted=True,
        )
    }
    coverage = await _coverage(session, location, sale)
    titles = await service.titles_for(
        session, sorted({r.chain_id for r in rows}), [e for r in rows for e in r.links]
    )
    out = []
    for m in rows:
        kind = kinds.get(m.type_id)
        if kind is None:
            continue
        item, count = _first_payable(m, kind, coverage)
        chain = await locations_repo.CHAINS.get(session, m.chain_id)
        out.append(
            {
                "slug": SLUG,
                "is_applicable": item is not None,
                "applicable_amount": wire(item.remaining if item else ZERO),
                "applicable_count": count,
                "applicable_value": 0,
                "loyalty_abonement_id": m.id,
                "loyalty_abonement": {
                    "id": m.id,
                    "is_united_balance": m.is_united_balance,
                    "united_balance": m.united_count,
                    "type": {
                        "id": kind.id,
                        "title": kind.title,
                        "is_code_required": not kind.is_allow_empty_code,
                    },
                    "chain": {"id": m.chain_id, "title": chain.title if chain else ""},
                    "balance_container": service.container(m.links, titles),
                },
            }
        )
    return out


def _first_payable(
    m: ClientMembership,
    kind: MembershipType,
    coverage: list[tuple[sales.Item, int, int | None]],
    record_id: int | None = None,
) -> tuple[sales.Item | None, int]:
    if not service.usable(m):
        return None, 0
    order = sorted(coverage, key=lambda c: 0 if record_id and c[0].record_id == record_id else 1)
    for item, service_id, category_id in order:
        if service.link_for(m, kind, service_id, category_id) is not None:
            return item, service.available(m, kind, service_id, category_id)
    return None, 0


async def pay(
    session: AsyncSession,
    location: Location,
    access: Access,
    sale: sales.Sale,
    body: PaymentIn,
    record_id: int | None,
) -> None:
    raw = (body.method.model_extra or {}).get("loyalty_abonement_id")
    try:
        membership_id = int(raw)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        raise ValidationFailed.field(FIELD, "required: the membership's id") from None
    if sale.visit is None:
        raise ValidationFailed.field("payment.method.slug", "a membership pays a visit only")
    if sale.client is None or not sale.client.phone:
        raise ValidationFailed.field(FIELD, "the visit has no client with a phone")
    chain_ids = await repo.chain_ids_of(session, location.id)
    m = await repo.lock(session, chain_ids, membership_id)
    if m is None or m.phone != sale.client.phone:
        raise ValidationFailed.field(FIELD, "no such membership of this client")
    kind = await repo.TYPES.load(session, m.chain_id, m.type_id, with_deleted=True)
    if m.number and not access.has(service.NO_CODE_RIGHT) and (body.number or "") != m.number:
        raise ValidationFailed.field("payment.number", "the membership's code does not match")
    if service.frozen(m):
        raise ValidationFailed.field(FIELD, "the membership is frozen")
    if service.status_of(m) == STATUS_OVERDUE:
        raise ValidationFailed.field(FIELD, "the membership is overdue")
    # Read the sale again under the membership's lock: a payment that committed while this
    # one waited (the same membership used on this sale) has paid its item by now.
    fresh = await sales.load_sale(session, location, sale.document.id)
    coverage = await _coverage(session, location, fresh)
    item, _count = _first_payable(m, kind, coverage, record_id)
    if item is None:
        if any(
            service.available(m, kind, sid, cid) == 0
            and (
                str(sid) in kind.services
                or (cid is not None and str(cid) in kind.service_categories)
            )
            for _i, sid, cid in coverage
        ):
            raise InsufficientBalance("The membership has no visits left for this service.")
        raise ValidationFailed.field(FIELD, "the membership covers no unpaid service of the visit")
    found = next(c for c in coverage if c[0] is item)
    link = service.link_for(m, kind, found[1], found[2])
    assert link is not None
    service.take(m, link, -1)
    service.activate(m)
    line = await sales.add_line(
        session, location, sale, item, TX_MEMBERSHIP_USE, item.remaining, abonement_id=m.id
    )
    session.add(
        MembershipUse(
            chain_id=m.chain_id,
            location_id=location.id,
            membership_id=m.id,
            document_id=sale.document.id,
            sale_line_id=line.id,
            service_id=found[1],
            link=link,
        )
    )
    # The chain's loyalty ledger shows the use (type 9) with the value it paid.
    session.add(
        LoyaltyTransaction(
            chain_id=m.chain_id,
            location_id=location.id,
            type_id=TX_MEMBERSHIP_USE,
            amount=-line.amount,
            visit_id=fresh.visit.id if fresh.visit else None,
            title=kind.title,
            user_id=access.user_id,
            abonement_id=m.id,
        )
    )
    await session.flush()


async def undo(session: AsyncSession, location: Location, line: SaleLoyaltyTransaction) -> None:
    """The deleted payment's visit goes back to the membership."""
    if line.abonement_id is None:
        return
    chain_ids = await repo.chain_ids_of(session, location.id)
    m = await repo.lock(session, chain_ids, line.abonement_id)
    if m is None:
        return
    use = await repo.use_of_line(session, m.chain_id, line.id)
    if use is None:
        return
    service.take(m, use.link, +1)
    use.deleted = True
    visit = (await sales.load_sale(session, location, line.document_id)).visit
    session.add(
        LoyaltyTransaction(
            chain_id=m.chain_id,
            location_id=location.id,
            type_id=TX_MEMBERSHIP_USE,
            amount=line.amount,
            visit_id=visit.id if visit else None,
            title="Membership use cancelled",
            abonement_id=m.id,
        )
    )
    await session.flush()


sales.register(sales.Method(SLUG, offers, pay))
sales.register_undo(TX_MEMBERSHIP_USE, undo)
