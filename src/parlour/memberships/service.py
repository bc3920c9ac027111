"""Memberships ("abonements"): a chain's membership types, selling one to a client, reading
them by phone, account or chain, and the chain's changes to one (freeze, unfreeze, balance,
period).

A type is sold as a goods item: creating a type gives each location of the chain its product
(in a "Memberships" product category), and updating or deleting the type keeps the products in
step. Selling a membership writes a goods sale document (so checkout sells it like any goods)
and the membership, with a generated code unless the type allows none.

A membership's period counts from its sale; every freeze moves the expiry on by its days (an
unfreeze keeps what was added). Its status is 1 issued, 2 activated (first use), 3 overdue
(past its expiry), the last one computed on reading.
"""

from __future__ import annotations

import calendar
import secrets
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from parlour.clients import repository as clients_repo
from parlour.errors import Conflict, MembershipNotFound, ValidationFailed
from parlour.inventory import service as inventory_service
from parlour.kit.money import cents, wire
from parlour.kit.pagination import Page
from parlour.kit.phones import normalize_phone
from parlour.kit.text import fold
from parlour.kit.timeutil import iso, utcnow, zone
from parlour.memberships import repository as repo
from parlour.memberships.schemas import (
    BalanceBody,
    FreezeBody,
    Links,
    MembershipSell,
    PeriodBody,
    TypeWrite,
)
from parlour.models import (
    Chain,
    Client,
    ClientMembership,
    GoodsTransaction,
    Location,
    MembershipType,
    Product,
    User,
)
from parlour.models.ledgers import GOODS_SALE
from parlour.models.membership import (
    STATUS_ACTIVATED,
    STATUS_ISSUED,
    STATUS_OVERDUE,
    UNIT_DAY,
    UNIT_MONTH,
    UNIT_WEEK,
    UNIT_YEAR,
)

RIGHT = "loyalty_access"
NO_CODE_RIGHT = "loyalty_certificate_and_abonement_manual_transactions_access"
STATUS_TITLES = {
    STATUS_ISSUED: "Released",
    STATUS_ACTIVATED: "activated",
    STATUS_OVERDUE: "Overdue",
}
UNITED = "united"
SERVICE = "service"
CATEGORY = "category"
# A link's "category" object names a whole service category with category_id 1.
CATEGORY_MARK = 1
# Chain-level answers carry no location's zone: their dates are in UTC.
UTC_ZONE = "UTC"


# --- dates -----------------------------------------------------------------------------------


def add_period(start: date, period: int, unit_id: int) -> date:
    """``start`` plus ``period`` units (a month from Jan 31 ends on the month's last day)."""
    if unit_id == UNIT_DAY:
        return start + timedelta(days=period)
    if unit_id == UNIT_WEEK:
        return start + timedelta(weeks=period)
    months = (
        period * (12 if unit_id == UNIT_YEAR else 1) if unit_id in (UNIT_MONTH, UNIT_YEAR) else 0
    )
    if not months:
        return start + timedelta(days=period)
    index = start.month - 1 + months
    year, month = start.year + index // 12, index % 12 + 1
    day = min(start.day, calendar.monthrange(year, month)[1])
    return date(year, month, day)


def today() -> date:
    return utcnow().date()


def expiration(m: ClientMembership) -> date | None:
    """The last day the membership is valid (None: no period)."""
    if m.period <= 0 or m.period_unit_id <= 0:
        return None
    sold = m.created_at.astimezone(UTC).date()
    return add_period(sold, m.period, m.period_unit_id) + timedelta(days=m.freeze_days)


def status_of(m: ClientMembership, on: date | None = None) -> int:
    end = expiration(m)
    if end is not None and (on or today()) > end:
        return STATUS_OVERDUE
    return m.status_id


def frozen(m: ClientMembership, on: date | None = None) -> bool:
    """Frozen until the end of its ``freeze_till`` day."""
    return bool(m.is_frozen and (m.freeze_till is None or (on or today()) <= m.freeze_till))


# --- balance links ---------------------------------------------------------------------------


def _links_of(raw: Links, field: str) -> dict[int, int] | None:
    """A body's ``{"id": count}`` object as ints (None: empty or absent, so an update keeps
    what the type covers)."""
    if isinstance(raw, list) and raw:
        raise ValidationFailed.field(field, 'must be an object: {"<id>": <count>}')
    if not raw or isinstance(raw, list):
        return None
    out: dict[int, int] = {}
    for key, count in raw.items():
        try:
            ident = int(key)
        except ValueError:
            raise ValidationFailed.field(field, f"{key!r} is not an id") from None
        if ident < 1:
            raise ValidationFailed.field(field, f"{key!r} is not an id")
        out[ident] = count
    return out


def type_links(kind: MembershipType) -> list[dict[str, Any]]:
    """What a new membership of the type holds: one entry per service, then per category."""
    out = [{"kind": SERVICE, "id": int(k), "count": int(v)} for k, v in kind.services.items()]
    out += [
        {"kind": CATEGORY, "id": int(k), "count": int(v)}
        for k, v in kind.service_categories.items()
    ]
    return out


@dataclass(slots=True)
class Titles:
    services: dict[int, Any]
    categories: dict[int, Any]


async def titles_for(
    session: AsyncSession, chain_ids: Sequence[int], links: Iterable[dict[str, Any]]
) -> Titles:
    entries = list(links)
    location_ids = await repo.location_ids_of_chains(session, chain_ids)
    services = await repo.services_by_ids(
        session, location_ids, [e["id"] for e in entries if e["kind"] == SERVICE]
    )
    categories = await repo.categories_by_ids(
        session, location_ids, [e["id"] for e in entries if e["kind"] == CATEGORY]
    )
    return Titles(services, categories)


def _link_object(entry: dict[str, Any], titles: Titles) -> dict[str, Any]:
    if entry["kind"] == SERVICE:
        service = titles.services.get(entry["id"])
        category: dict[str, Any] = {
            "id": entry["id"],
            "category_id": (service.category_id or 0) if service else 0,
            "title": service.title if service else "",
        }
    else:
        cat = titles.categories.get(entry["id"])
        category = {
            "id": entry["id"],
            "category_id": CATEGORY_MARK,
            "title": cat.title if cat else "",
        }
    return {"count": int(entry["count"]), "category": category}


def container(links: Iterable[dict[str, Any]], titles: Titles) -> dict[str, Any]:
    return {"links": [_link_object(e, titles) for e in links]}


# --- rendering -------------------------------------------------------------------------------


def render_type_brief(kind: MembershipType) -> dict[str, Any]:
    """A type as the location lists show it."""
    return {
        "id": kind.id,
        "salon_group_id": kind.chain_id,
        "title": kind.title,
        "period": kind.period,
        "period_unit_id": kind.period_unit_id,
        "allow_freeze": kind.allow_freeze,
        "freeze_limit": kind.freeze_limit,
        "is_allow_empty_code": kind.is_allow_empty_code,
        "is_united_balance": kind.is_united_balance,
        "united_balance_services_count": kind.united_balance_services_count,
    }


def render_type(kind: MembershipType, titles: Titles) -> dict[str, Any]:
    return {
        **render_type_brief(kind),
        "is_code_required": not kind.is_allow_empty_code,
        "balance_container": container(type_links(kind), titles),
    }


def render_type_full(kind: MembershipType, titles: Titles) -> dict[str, Any]:
    """A type as the chain's type operations answer it (every setting)."""
    return {
        **render_type(kind, titles),
        "cost": wire(kind.cost),
        "services": {str(k): int(v) for k, v in kind.services.items()},
        "service_categories": {str(k): int(v) for k, v in kind.service_categories.items()},
        "is_online_sale_enabled": kind.is_online_sale_enabled,
        "online_sale_title": kind.online_sale_title,
        "online_sale_description": kind.online_sale_description,
        "online_sale_price": wire(kind.online_sale_price),
        "is_archived": kind.archived,
        "is_deleted": kind.deleted,
        "good_ids": sorted(int(v) for v in kind.product_ids.values()),
        "date_create": iso(kind.created_at, zone(UTC_ZONE)),
    }


def balance_string(m: ClientMembership, titles: Titles) -> str:
    if m.is_united_balance:
        return f"Services (x{m.united_count})"
    parts = []
    for e in m.links:
        obj = _link_object(e, titles)["category"]
        parts.append(f"{obj['title']} (x{int(e['count'])})")
    return ", ".join(parts)


def render_membership(
    m: ClientMembership, kind: MembershipType | None, titles: Titles, tz_name: str
) -> dict[str, Any]:
    tz = zone(tz_name)
    status = status_of(m)
    end = expiration(m)
    return {
        "id": m.id,
        "number": m.number,
        "balance_string": balance_string(m, titles),
        "created_date": iso(m.created_at, tz),
        "activated_date": iso(m.activated_at, tz) if m.activated_at else None,
        "expiration_date": end.isoformat() if end else None,
        "is_frozen": frozen(m),
        "freeze_period": m.freeze_days,
        "period": m.period,
        "period_unit_id": m.period_unit_id,
        "status": {
            "id": status,
            "title": STATUS_TITLES[status],
            "extended_title": STATUS_TITLES[status],
        },
        "is_united_balance": m.is_united_balance,
        "united_balance_services_count": m.united_count,
        "balance_container": container(m.links, titles),
        "type": render_type(kind, titles) if kind else {},
    }


async def render_memberships(
    session: AsyncSession, rows: Sequence[ClientMembership], tz_name: str
) -> list[dict[str, Any]]:
    if not rows:
        return []
    chain_ids = sorted({r.chain_id for r in rows})
    kinds = {
        k.id: k
        for k in await repo.TYPES.all(
            session,
            chain_ids,
            repo.TYPES.id_column.in_({r.type_id for r in rows}),
            with_deleted=True,
        )
    }
    links = [e for r in rows for e in r.links] + [e for k in kinds.values() for e in type_links(k)]
    titles = await titles_for(session, chain_ids, links)
    return [render_membership(r, kinds.get(r.type_id), titles, tz_name) for r in rows]


async def render_types(
    session: AsyncSession, rows: Sequence[MembershipType], *, full: bool
) -> list[dict[str, Any]]:
    chain_ids = sorted({r.chain_id for r in rows})
    titles = await titles_for(session, chain_ids, [e for r in rows for e in type_links(r)])
    if full:
        return [render_type_full(r, titles) for r in rows]
    return [render_type_brief(r) for r in rows]


# --- types -----------------------------------------------------------------------------------


async def _check_links(
    session: AsyncSession, chain: Chain, services: dict[int, int], categories: dict[int, int]
) -> None:
    location_ids = await repo.location_ids_of_chains(session, [chain.id])
    found = await repo.services_by_ids(session, location_ids, services)
    if missing := sorted(set(services) - set(found)):
        raise ValidationFailed.field("services", f"no such service in the chain: {missing[0]}")
    cats = await repo.categories_by_ids(session, location_ids, categories)
    if missing := sorted(set(categories) - set(cats)):
        raise ValidationFailed.field(
            "service_categories", f"no such service category in the chain: {missing[0]}"
        )


async def _apply(
    session: AsyncSession, chain: Chain, kind: MembershipType, body: TypeWrite, *, new: bool
) -> None:
    services = _links_of(body.services, "services")
    categories = _links_of(body.service_categories, "service_categories")
    if new and services is None:
        services = {}
    if new and categories is None:
        categories = {}
    await _check_links(session, chain, services or {}, categories or {})
    if body.period and not body.period_unit_id:
        raise ValidationFailed.field("period_unit_id", "a period needs its unit (1-4)")
    kind.title = body.title.strip()
    kind.cost = cents(body.cost)
    kind.period = body.period
    kind.period_unit_id = body.period_unit_id if body.period else 0
    kind.allow_freeze = body.allow_freeze
    kind.freeze_limit = body.freeze_limit if body.allow_freeze else 0
    kind.is_allow_empty_code = body.is_allow_empty_code
    kind.is_united_balance = body.is_united_balance
    kind.united_balance_services_count = (
        body.united_balance_services_count if body.is_united_balance else 0
    )
    if services is not None:
        kind.services = {str(k): v for k, v in services.items()}
    if categories is not None:
        kind.service_categories = {str(k): v for k, v in categories.items()}
    if not kind.services and not kind.service_categories:
        raise ValidationFailed.field("services", "a membership type covers at least one service")
    kind.is_online_sale_enabled = body.is_online_sale_enabled
    kind.online_sale_title = body.online_sale_title
    kind.online_sale_description = body.online_sale_description
    kind.online_sale_price = cents(body.online_sale_price)


async def ensure_product(session: AsyncSession, kind: MembershipType, location_id: int) -> Product:
    """The goods item the type is sold as at the location (made on first need)."""
    known = kind.product_ids.get(str(location_id))
    if known:
        found = (await repo.products_by_ids(session, [int(known)])).get(int(known))
        if found is not None:
            return found
    category = await repo.product_category(session, location_id)
    unit = await repo.sale_unit(session, location_id)
    row = Product(
        location_id=location_id,
        category_id=category.id,
        title=kind.title,
        cost=kind.cost,
        sale_unit_id=unit.id,
        service_unit_id=unit.id,
        search_text=fold(kind.title),
        deleted=kind.deleted,
        loyalty_abonement_type_id=kind.id,
    )
    session.add(row)
    await session.flush()
    kind.product_ids = {**kind.product_ids, str(location_id): row.id}
    await session.flush()
    return row


async def _sync_products(session: AsyncSession, kind: MembershipType) -> None:
    """Every location of the chain has the type's product, with its title and price."""
    for location in await repo.locations_of_chain(session, kind.chain_id):
        await ensure_product(session, kind, location.id)
    products = await repo.products_by_ids(session, [int(v) for v in kind.product_ids.values()])
    for p in products.values():
        p.title = kind.title
        p.cost = kind.cost
        p.search_text = fold(kind.title)
        p.deleted = kind.deleted
    await session.flush()


async def create_type(session: AsyncSession, chain: Chain, body: TypeWrite) -> MembershipType:
    kind = MembershipType(chain_id=chain.id, services={}, service_categories={}, product_ids={})
    await _apply(session, chain, kind, body, new=True)
    session.add(kind)
    await session.flush()
    await _sync_products(session, kind)
    return kind


async def list_types(session: AsyncSession, chain: Chain) -> list[MembershipType]:
    return await repo.TYPES.all(session, chain.id)


async def get_type(
    session: AsyncSession, chain: Chain, type_id: int, *, with_deleted: bool = False
) -> MembershipType:
    return await repo.TYPES.load(session, chain.id, type_id, with_deleted=with_deleted)


async def update_type(
    session: AsyncSession, chain: Chain, type_id: int, body: TypeWrite
) -> MembershipType:
    kind = await get_type(session, chain, type_id)
    await _apply(session, chain, kind, body, new=False)
    await session.flush()
    await _sync_products(session, kind)
    return kind


async def delete_type(session: AsyncSession, chain: Chain, type_id: int) -> None:
    """Soft: the memberships sold keep their type; restore brings it back."""
    kind = await get_type(session, chain, type_id)
    kind.deleted = True
    await _sync_products(session, kind)


async def restore_type(session: AsyncSession, chain: Chain, type_id: int) -> MembershipType:
    kind = await get_type(session, chain, type_id, with_deleted=True)
    kind.deleted = False
    await _sync_products(session, kind)
    return kind


async def clone_type(session: AsyncSession, chain: Chain, type_id: int) -> MembershipType:
    source = await get_type(session, chain, type_id)
    kind = MembershipType(
        chain_id=chain.id,
        title=f"{source.title} (2)"[:255],
        cost=source.cost,
        period=source.period,
        period_unit_id=source.period_unit_id,
        allow_freeze=source.allow_freeze,
        freeze_limit=source.freeze_limit,
        is_allow_empty_code=source.is_allow_empty_code,
        is_united_balance=source.is_united_balance,
        united_balance_services_count=source.united_balance_services_count,
        services=dict(source.services),
        service_categories=dict(source.service_categories),
        is_online_sale_enabled=source.is_online_sale_enabled,
        online_sale_title=source.online_sale_title,
        online_sale_description=source.online_sale_description,
        online_sale_price=source.online_sale_price,
        product_ids={},
    )
    session.add(kind)
    await session.flush()
    await _sync_products(session, kind)
    return kind


async def archive_type(
    session: AsyncSession, chain: Chain, type_id: int, archived: bool
) -> MembershipType:
    kind = await get_type(session, chain, type_id)
    kind.archived = archived
    await session.flush()
    return kind


async def location_types(
    session: AsyncSession,
    location: Location,
    *,
    title: str | None,
    ids: Sequence[int] | None,
    page: Page,
) -> tuple[list[MembershipType], int]:
    chain_ids = await repo.chain_ids_of(session, location.id)
    return await repo.types_page(
        session,
        chain_ids,
        title=title.strip() if title else None,
        ids=ids,
        offset=page.offset,
        limit=page.count,
        live_only=True,
    )


# --- memberships -----------------------------------------------------------------------------


def _phone(raw: str, field: str = "phone") -> str:
    text = raw.strip()
    if text and not text.startswith("+"):
        text = "+" + text
    return normalize_phone(text, field=field)


async def by_phone(session: AsyncSession, location: Location, phone: str) -> list[ClientMembership]:
    chain_ids = await repo.chain_ids_of(session, location.id)
    return await repo.of_phone(session, chain_ids, _phone(phone))


async def of_client(
    session: AsyncSession, location: Location, client: Client
) -> list[ClientMembership]:
    if not client.phone:
        return []
    chain_ids = await repo.chain_ids_of(session, location.id)
    return await repo.of_phone(session, chain_ids, client.phone)


async def of_user(session: AsyncSession, user: User, location_id: int) -> list[ClientMembership]:
    """The signed-in account's own memberships valid at the location (by the account's
    phone)."""
    if not user.phone:
        return []
    chain_ids = await repo.chain_ids_of(session, location_id)
    return await repo.of_phone(session, chain_ids, user.phone)


async def chain_page(
    session: AsyncSession,
    chain: Chain,
    *,
    after: datetime | None,
    before: datetime | None,
    ids: Sequence[int],
    page: Page,
) -> tuple[list[ClientMembership], int]:
    return await repo.page(
        session,
        chain.id,
        after=after,
        before=before,
        ids=ids,
        offset=page.offset,
        limit=page.count,
    )


async def _new_code(session: AsyncSession, chain_id: int) -> str:
    while True:
        code = str(secrets.randbelow(9 * 10**11) + 10**11)
        if not await repo.MEMBERSHIPS.all(session, chain_id, ClientMembership.number == code):
            return code


async def sell(
    session: AsyncSession, location: Location, user_id: int | None, body: MembershipSell
) -> ClientMembership:
    """A goods sale document of the type's product to the client, and the membership."""
    client = await clients_repo.CLIENTS.get(session, location.id, body.client_id)
    if client is None:
        raise ValidationFailed.field("client_id", "no such client")
    if not client.phone:
        raise ValidationFailed.field("client_id", "a membership needs the client's phone")
    chain_ids = await repo.chain_ids_of(session, location.id)
    kind = next(
        (
            k
            for k in await repo.TYPES.all(
                session, chain_ids, repo.TYPES.id_column == body.abonement_type_id
            )
        ),
        None,
    )
    if kind is None:
        raise ValidationFailed.field("abonement_type_id", "no such membership type here")
    if kind.archived:
        raise ValidationFailed.field("abonement_type_id", "the membership type is archived")
    number = (body.number or "").strip()
    if number:
        if await repo.MEMBERSHIPS.all(session, kind.chain_id, ClientMembership.number == number):
            raise ValidationFailed.field("number", "a membership of the chain has this code")
    elif not kind.is_allow_empty_code:
        number = await _new_code(session, kind.chain_id)
    product = await ensure_product(session, kind, location.id)
    document = await inventory_service.system_document(
        session, location, type_id=GOODS_SALE, user_id=user_id, master_id=body.master_id
    )
    session.add(
        GoodsTransaction(
            location_id=location.id,
            document_id=document.id,
            type_id=GOODS_SALE,
            good_id=product.id,
            storage_id=document.storage_id,
            amount=Decimal(-1),
            cost_per_unit=kind.cost,
            cost=kind.cost,
            client_id=client.id,
            master_id=body.master_id or None,
            user_id=user_id,
            comment=f"Membership {number}".strip(),
            create_date=document.create_date,
        )
    )
    row = ClientMembership(
        chain_id=kind.chain_id,
        type_id=kind.id,
        location_id=location.id,
        client_id=client.id,
        document_id=document.id,
        phone=client.phone,
        number=number,
        status_id=STATUS_ISSUED,
        is_united_balance=kind.is_united_balance,
        united_count=kind.united_balance_services_count,
        links=[] if kind.is_united_balance else type_links(kind),
        period=kind.period,
        period_unit_id=kind.period_unit_id,
        cost=kind.cost,
    )
    session.add(row)
    await session.flush()
    return row


async def _sale_deleted(session: AsyncSession, location: Location, document_id: int) -> None:
    """The goods sale of a membership is deleted (its document or its line): the membership
    goes with it, unless it has paid for a visit (409; undo those payments first)."""
    chain_ids = await repo.chain_ids_of(session, location.id)
    for m in await repo.sold_by(session, chain_ids, document_id):
        if await repo.live_uses(session, m.chain_id, m.id):
            raise Conflict(
                f"Membership {m.id} sold by this document has paid for visits; delete those "
                "payments before its sale."
            )
        m.deleted = True
    await session.flush()


inventory_service.on_right_sale_deleted(_sale_deleted)


async def _locked(session: AsyncSession, chain: Chain, membership_id: int) -> ClientMembership:
    row = await repo.lock(session, [chain.id], membership_id)
    if row is None:
        raise MembershipNotFound()
    return row


async def _kind(session: AsyncSession, m: ClientMembership) -> MembershipType:
    return await repo.TYPES.load(session, m.chain_id, m.type_id, with_deleted=True)


def _date_in(value: str, field: str) -> date:
    try:
        return date.fromisoformat(value.strip()[:10])
    except ValueError:
        raise ValidationFailed.field(field, "expected a date, YYYY-MM-DD") from None


async def freeze(
    session: AsyncSession, chain: Chain, membership_id: int, body: FreezeBody
) -> ClientMembership:
    m = await _locked(session, chain, membership_id)
    kind = await _kind(session, m)
    till = _date_in(body.freeze_till, "freeze_till")
    now = today()
    days = (till - now).days
    if not kind.allow_freeze:
        raise ValidationFailed.field("freeze_till", "memberships of this type do not freeze")
    if status_of(m, now) == STATUS_OVERDUE:
        raise ValidationFailed.field("freeze_till", "the membership is overdue")
    if frozen(m, now):
        raise ValidationFailed.field("freeze_till", "the membership is already frozen")
    if days < 1:
        raise ValidationFailed.field("freeze_till", "must be a day after today")
    if kind.freeze_limit and m.freeze_days + days > kind.freeze_limit:
        left = max(kind.freeze_limit - m.freeze_days, 0)
        raise ValidationFailed.field(
            "freeze_till",
            f"beyond the type's freeze limit ({left} of {kind.freeze_limit} days left)",
        )
    m.is_frozen = True
    m.freeze_till = till
    m.freeze_days += days
    await session.flush()
    return m


async def unfreeze(session: AsyncSession, chain: Chain, membership_id: int) -> ClientMembership:
    """The freeze ends now; the days it already added to the expiry stay."""
    m = await _locked(session, chain, membership_id)
    if not frozen(m):
        raise ValidationFailed.field("abonement_id", "the membership is not frozen")
    m.is_frozen = False
    m.freeze_till = None
    await session.flush()
    return m


async def set_balance(
    session: AsyncSession, chain: Chain, membership_id: int, body: BalanceBody
) -> ClientMembership:
    m = await _locked(session, chain, membership_id)
    if m.is_united_balance:
        if body.united_balance_services_count is None:
            raise ValidationFailed.field(
                "united_balance_services_count", "required for a united balance"
            )
        m.united_count = body.united_balance_services_count
    else:
        if not body.services_balance_count:
            raise ValidationFailed.field(
                "services_balance_count", "required for a separate balance"
            )
        links = [dict(e) for e in m.links]
        for index, entry in enumerate(body.services_balance_count):
            target = next((e for e in links if int(e["id"]) == entry.service_id), None)
            if target is None:
                raise ValidationFailed.field(
                    f"services_balance_count[{index}].service_id",
                    "the membership holds no balance for it",
                )
            target["count"] = entry.balance
        m.links = links
    await session.flush()
    return m


async def set_period(
    session: AsyncSession, chain: Chain, membership_id: int, body: PeriodBody
) -> ClientMembership:
    m = await _locked(session, chain, membership_id)
    m.period = body.period
    m.period_unit_id = body.period_unit_id
    await session.flush()
    return m


# --- use -------------------------------------------------------------------------------------


def covering_link(m: ClientMembership, service_id: int, category_id: int | None) -> str | None:
    """The balance entry that would pay a visit of the service ("united", "service:<id>",
    "category:<id>"); None when the membership does not cover it or has none left."""
    if m.is_united_balance:
        return None  # decided by the type's coverage: see ``covers``
    for e in m.links:
        if e["kind"] == SERVICE and int(e["id"]) == service_id and int(e["count"]) > 0:
            return f"{SERVICE}:{service_id}"
    for e in m.links:
        if (
            e["kind"] == CATEGORY
            and category_id is not None
            and int(e["id"]) == category_id
            and int(e["count"]) > 0
        ):
            return f"{CATEGORY}:{category_id}"
    return None


def link_for(
    m: ClientMembership, kind: MembershipType, service_id: int, category_id: int | None
) -> str | None:
    if m.is_united_balance:
        covered = str(service_id) in kind.services or (
            category_id is not None and str(category_id) in kind.service_categories
        )
        return UNITED if covered and m.united_count > 0 else None
    return covering_link(m, service_id, category_id)


def available(
    m: ClientMembership, kind: MembershipType, service_id: int, category_id: int | None
) -> int:
    """Visits the membership still holds for the service."""
    if m.is_united_balance:
        covered = str(service_id) in kind.services or (
            category_id is not None and str(category_id) in kind.service_categories
        )
        return m.united_count if covered else 0
    total = 0
    for e in m.links:
        if (e["kind"] == SERVICE and int(e["id"]) == service_id) or (
            e["kind"] == CATEGORY and category_id is not None and int(e["id"]) == category_id
        ):
            total += int(e["count"])
    return total


def usable(m: ClientMembership, on: date | None = None) -> bool:
    return not frozen(m, on) and status_of(m, on) != STATUS_OVERDUE


def take(m: ClientMembership, link: str, step: int) -> None:
    """Change the entry's count by ``step`` (-1 takes a visit, +1 gives it back)."""
    if link == UNITED:
        m.united_count = max(m.united_count + step, 0)
        return
    kind, _, ident = link.partition(":")
    links = [dict(e) for e in m.links]
    for e in links:
        if e["kind"] == kind and int(e["id"]) == int(ident):
            e["count"] = max(int(e["count"]) + step, 0)
            break
    m.links = links


def activate(m: ClientMembership) -> None:
    if m.status_id == STATUS_ISSUED:
        m.status_id = STATUS_ACTIVATED
        m.activated_at = utcnow()


# --- events (activities) ---------------------------------------------------------------------


@dataclass(slots=True)
class Target:
    service_id: int
    category_id: int | None
    last_day: date | None  # the schedule's end, when a schedule was named


async def _target(
    session: AsyncSession,
    location: Location,
    *,
    activity_id: int | None,
    schedule_id: int | None,
) -> Target | None:
    """The service an event (``activity_id``) or an event series (``schedule_id``) is of."""
    service_id: int | None = None
    last_day: date | None = None
    if schedule_id:
        schedule = await repo.SCHEDULES.get(session, location.id, schedule_id)
        if schedule is None:
            raise ValidationFailed.field("schedule_id", "no such event schedule")
        service_id, last_day = schedule.service_id, schedule.date_end
    elif activity_id:
        event = await repo.EVENTS.get(session, location.id, activity_id)
        if event is None:
            raise ValidationFailed.field("activity_id", "no such event")
        service_id = event.service_id
    if service_id is None:
        return None
    found = await repo.services_by_ids(session, [location.id], [service_id])
    svc = found.get(service_id)
    return Target(service_id, svc.category_id if svc else None, last_day)


async def for_activity(
    session: AsyncSession,
    location: Location,
    client: Client,
    *,
    activity_id: int | None,
    schedule_id: int | None,
) -> list[ClientMembership]:
    """The client's usable memberships with visits left for the event's (series') service;
    with neither named, every usable membership with a visit left."""
    target = await _target(session, location, activity_id=activity_id, schedule_id=schedule_id)
    rows = [m for m in await of_client(session, location, client) if usable(m)]
    if not rows:
        return []
    kinds = {
        k.id: k
        for k in await repo.TYPES.all(
            session,
            sorted({r.chain_id for r in rows}),
            repo.TYPES.id_column.in_({r.type_id for r in rows}),
            with_deleted=True,
        )
    }
    out = []
    for m in rows:
        kind = kinds.get(m.type_id)
        if kind is None:
            continue
        if target is None:
            left = m.united_count if m.is_united_balance else sum(int(e["count"]) for e in m.links)
        else:
            left = available(m, kind, target.service_id, target.category_id)
        if left > 0:
            out.append(m)
    return out


async def check_for_activity(
    session: AsyncSession,
    location: Location,
    client: Client,
    membership_id: int,
    *,
    schedule_id: int | None,
    activity_id: int | None,
    day_ids: Sequence[int],
) -> dict[str, Any]:
    """Whether the membership can back a client's schedule of an event series: its last
    bookable day (its expiry, or the series' end when sooner), the visits it holds for the
    series' service, and which of the named schedule days it can book."""
    chain_ids = await repo.chain_ids_of(session, location.id)
    m = next(
        iter(await repo.MEMBERSHIPS.all(session, chain_ids, ClientMembership.id == membership_id)),
        None,
    )
    if m is None or not client.phone or m.phone != client.phone:
        raise MembershipNotFound()
    kind = await _kind(session, m)
    target = await _target(session, location, activity_id=activity_id, schedule_id=schedule_id)
    if target is None:
        count = m.united_count if m.is_united_balance else sum(int(e["count"]) for e in m.links)
    else:
        count = available(m, kind, target.service_id, target.category_id)
    if not usable(m):
        count = 0
    ends = [d for d in (expiration(m), target.last_day if target else None) if d is not None]
    final = min(ends) if ends else None
    days: list[int] = []
    if day_ids and schedule_id:
        known = await repo.SCHEDULE_DAYS.all(
            session,
            location.id,
            repo.SCHEDULE_DAYS.id_column.in_(list(day_ids)),
        )
        days = [d.id for d in known if d.schedule_id == schedule_id] if count > 0 else []
    elif count > 0:
        days = list(day_ids)
    return {
        "abonement_id": m.id,
        "final_day": f"{final.isoformat()} 23:59:59" if final else None,
        "available_count": count,
        "is_available": count > 0,
        "schedule_days_ids": days,
    }
