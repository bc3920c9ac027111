"""Gift certificates: the chain's certificate types, selling a certificate to a client, reading
a client's certificates, and paying a sale with one.

A type is valid in some locations of its chain and is sold there as a goods item of its own
(created with the type, renamed and repriced with it, deleted with it). Once a certificate of
the type is sold the type is frozen: no change, no delete (422). A sale writes a goods sale
document with the item on it, so the cash desk takes the money for it as for any product.

A certificate pays at the cash desk through the ``loyalty_certificate`` method registered
with ``sales.service``: the row is locked, then balance, restriction and expiry decide; a
single write-off certificate is spent by its first payment whatever the amount. Deleting the
payment line gives the amount back (a single write-off one becomes whole again once none of
its lines is left).
"""

from __future__ import annotations

import calendar
import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy.ext.asyncio import AsyncSession

from parlour.auth.access import Access
from parlour.certificates import repository as repo
from parlour.certificates.schemas import CertificateSale, CertificateTypeWrite
from parlour.clients import repository as clients_repo
from parlour.errors import (
    CertificateNotFound,
    Conflict,
    InsufficientBalance,
    LocationNotFound,
    ValidationFailed,
)
from parlour.inventory import service as inventory_service
from parlour.kit.money import ZERO, cents, wire
from parlour.kit.pagination import Page
from parlour.kit.phones import normalize_phone
from parlour.kit.text import fold
from parlour.kit.timeutil import iso, parse_datetime, utcnow, zone
from parlour.locations import repository as locations_repo
from parlour.loyalty import repository as loyalty_repo
from parlour.models import (
    Certificate,
    CertificateType,
    CertificateTypeLocation,
    Chain,
    GoodsCategory,
    GoodsTransaction,
    Location,
    LoyaltyTransaction,
    Product,
    SaleLoyaltyTransaction,
    Service,
    ServiceCategory,
    Unit,
    User,
)
from parlour.models.certificate import (
    EXPIRES_AFTER_PERIOD,
    EXPIRES_ON_DATE,
    ITEMS_ANY,
    ITEMS_ANY_GOODS,
    ITEMS_ANY_SERVICES,
    ITEMS_SOME_SERVICES,
    ITEMS_SOME_SERVICES_ANY_GOODS,
    STATUS_ACTIVATED,
    STATUS_EXPIRED,
    STATUS_ISSUED,
    STATUS_USED,
)
from parlour.models.ledgers import GOODS_SALE, SALE_UNIT
from parlour.models.loyalty import TX_CERTIFICATE_WITHDRAWAL
from parlour.sales import service as sales
from parlour.sales.schemas import PaymentIn

RIGHT = "loyalty_access"
# Paying with a certificate without its code.
CODE_RIGHT = "loyalty_certificate_and_abonement_manual_transactions_access"
SLUG = "loyalty_certificate"
TYPES_PAGE = 10
LOCATION_TYPES_PAGE = 25
TYPES_MAX = 100
# The goods category a location's certificate items are filed under.
CATEGORY_TITLE = "Gift certificates"

ITEM_TYPES = {
    ITEMS_ANY: "No limits",
    ITEMS_ANY_SERVICES: "Any services, no goods",
    ITEMS_ANY_GOODS: "Any goods, no services",
    ITEMS_SOME_SERVICES: "Some services, no goods",
    ITEMS_SOME_SERVICES_ANY_GOODS: "Some services and any goods",
}
STATUSES = {
    STATUS_ISSUED: "issued",
    STATUS_ACTIVATED: "activated",
    STATUS_EXPIRED: "expired",
    STATUS_USED: "used",
}
DAY, WEEK, MONTH, YEAR = 1, 2, 3, 4


# --- rules -----------------------------------------------------------------------------------


def pays_services(kind: CertificateType) -> bool:
    return kind.item_type_id != ITEMS_ANY_GOODS


def pays_goods(kind: CertificateType) -> bool:
    return kind.item_type_id in (ITEMS_ANY, ITEMS_ANY_GOODS, ITEMS_SOME_SERVICES_ANY_GOODS)


def some_services_only(kind: CertificateType) -> bool:
    return kind.item_type_id in (ITEMS_SOME_SERVICES, ITEMS_SOME_SERVICES_ANY_GOODS)


def pays_service(kind: CertificateType, service_id: int, category_id: int | None) -> bool:
    """Whether the type pays for this service (listed by its id or its category's)."""
    if not pays_services(kind):
        return False
    if not some_services_only(kind):
        return True
    listed = set(kind.service_ids or [])
    if kind.category_id:
        listed.add(kind.category_id)
    return service_id in listed or (category_id is not None and category_id in listed)


def _add_months(day: date, months: int) -> date:
    month = day.month - 1 + months
    year = day.year + month // 12
    month = month % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def expiry_of(kind: CertificateType, sold_at: datetime, tz: ZoneInfo) -> datetime | None:
    """When a certificate sold at ``sold_at`` stops paying: the type's fixed date, or the
    last second of the period's last day (in the location's zone)."""
    if kind.expiration_type_id == EXPIRES_ON_DATE:
        return kind.expiration_date
    if kind.expiration_type_id != EXPIRES_AFTER_PERIOD or kind.expiration_timeout <= 0:
        return None
    start = sold_at.astimezone(tz).date()
    n = kind.expiration_timeout
    unit = kind.expiration_timeout_unit_id
    if unit == WEEK:
        end = start + timedelta(weeks=n)
    elif unit == MONTH:
        end = _add_months(start, n)
    elif unit == YEAR:
        end = _add_months(start, 12 * n)
    else:
        end = start + timedelta(days=n)
    last = datetime.combine(end - timedelta(days=1), time(23, 59, 59), tzinfo=tz)
    return last.astimezone(UTC)


def status_of(certificate: Certificate, now: datetime | None = None) -> int:
    if certificate.status_id == STATUS_USED:
        return STATUS_USED
    moment = now or utcnow()
    if certificate.expiration_date is not None and certificate.expiration_date < moment:
        return STATUS_EXPIRED
    return certificate.status_id


# --- rendering -------------------------------------------------------------------------------


def render_type(kind: CertificateType) -> dict[str, Any]:
    """A type as the location lists and the certificates show it."""
    return {
        "id": kind.id,
        "title": kind.title,
        "balance": wire(kind.balance),
        "is_multi": kind.is_multi,
        "company_group_id": kind.chain_id,
        "item_type_id": kind.item_type_id,
        "expiration_type_id": kind.expiration_type_id,
        "expiration_date": iso(kind.expiration_date, ZoneInfo("UTC")),
        "expiration_timeout": kind.expiration_timeout,
        "expiration_timeout_unit_id": kind.expiration_timeout_unit_id,
        "is_allow_empty_code": kind.is_allow_empty_code,
    }


def _item_type(kind: CertificateType) -> dict[str, Any]:
    return {"id": kind.item_type_id, "title": ITEM_TYPES[kind.item_type_id]}


def render_type_full(
    kind: CertificateType, links: Sequence[CertificateTypeLocation], released: int
) -> dict[str, Any]:
    """A type as the chain's operations answer it."""
    return {
        "id": kind.id,
        "title": kind.title,
        "balance": wire(kind.balance),
        "is_multi": kind.is_multi,
        "company_group_id": kind.chain_id,
        "category_id": kind.category_id,
        "weight": kind.weight,
        "item_type_id": kind.item_type_id,
        "expiration_type_id": kind.expiration_type_id,
        "expiration_date": iso(kind.expiration_date, ZoneInfo("UTC")),
        "expiration_timeout": kind.expiration_timeout,
        "expiration_timeout_unit_id": kind.expiration_timeout_unit_id,
        "balance_edit_type_id": kind.balance_edit_type_id,
        "is_allow_empty_code": kind.is_allow_empty_code,
        # Parlour numbers no certificate series and archives no type.
        "is_serial_number_limited": False,
        "is_archived": False,
        "date_archived": None,
        "online_sale_is_enabled": kind.online_sale_is_enabled,
        "online_sale_title": kind.online_sale_title,
        "online_sale_description": kind.online_sale_description,
        "online_sale_price": wire(kind.online_sale_price),
        "online_sale_image": None,
        "released_total": released,
        "item_type": _item_type(kind),
        "service_ids": list(kind.service_ids or []),
        "salon_ids": [link.location_id for link in links],
    }


def render_certificate(
    certificate: Certificate, kind: CertificateType, tz: ZoneInfo
) -> dict[str, Any]:
    status = status_of(certificate)
    return {
        "id": certificate.id,
        "number": certificate.number,
        "balance": wire(certificate.balance),
        "default_balance": wire(certificate.default_balance),
        "type_id": certificate.type_id,
        "status_id": status,
        "created_date": iso(certificate.created_at, tz),
        "expiration_date": iso(certificate.expiration_date, tz),
        "type": {**render_type(kind), "item_type": _item_type(kind)},
        "status": {"id": status, "title": STATUSES[status]},
    }


async def _render_certificates(
    session: AsyncSession, rows: Sequence[Certificate], tz: ZoneInfo
) -> list[dict[str, Any]]:
    kinds: dict[int, CertificateType] = {}
    for chain_id in sorted({c.chain_id for c in rows}):
        kinds.update(
            await repo.TYPES.by_ids(session, chain_id, {c.type_id for c in rows}, with_deleted=True)
        )
    return [render_certificate(c, kinds[c.type_id], tz) for c in rows if c.type_id in kinds]


# --- certificate types (chain) ---------------------------------------------------------------


async def list_types(
    session: AsyncSession, chain: Chain, title: str | None, page: Page
) -> tuple[list[dict[str, Any]], int]:
    rows, total = await repo.page_of_types(
        session, [chain.id], title=title, location_id=None, offset=page.offset, limit=page.limit
    )
    return await _render_full(session, rows), total


async def _render_full(
    session: AsyncSession, rows: Sequence[CertificateType]
) -> list[dict[str, Any]]:
    ids = [k.id for k in rows]
    links = await repo.links_of(session, ids)
    released = await repo.issued_counts(session, ids)
    return [render_type_full(k, links[k.id], released.get(k.id, 0)) for k in rows]


async def get_type(session: AsyncSession, chain: Chain, type_id: int) -> dict[str, Any]:
    kind = await repo.TYPES.load(session, chain.id, type_id)
    return (await _render_full(session, [kind]))[0]


@dataclass(frozen=True, slots=True)
class _Checked:
    locations: list[Location]
    expiration_date: datetime | None


async def _check(session: AsyncSession, chain: Chain, body: CertificateTypeWrite) -> _Checked:
    """The body's locations (the chain's, all of them when none is named) and expiry."""
    in_chain = {loc.id: loc for loc in await loyalty_repo.locations_of_chain(session, chain.id)}
    for location_id in body.salon_ids:
        if location_id not in in_chain:
            raise ValidationFailed.field("salon_ids", f"{location_id} is not in this chain")
    locations = (
        [in_chain[i] for i in sorted(set(body.salon_ids))]
        if body.salon_ids
        else list(in_chain.values())
    )
    if not locations:
        raise ValidationFailed.field("salon_ids", "the chain has no location")
    location_ids = [loc.id for loc in locations]
    if body.item_type_id in (ITEMS_SOME_SERVICES, ITEMS_SOME_SERVICES_ANY_GOODS):
        if not body.service_ids and not body.category_id:
            raise ValidationFailed.field("service_ids", "name the services the type pays for")
        found = {
            s.id
            for s in await loyalty_repo.items_by_ids(
                session, Service, body.service_ids, location_ids
            )
        } | {
            c.id
            for c in await loyalty_repo.items_by_ids(
                session, ServiceCategory, body.service_ids, location_ids
            )
        }
        missing = sorted(set(body.service_ids) - found)
        if missing:
            raise ValidationFailed.field("service_ids", f"no such service or category: {missing}")
    elif body.service_ids:
        raise ValidationFailed.field("service_ids", "only item types 3 and 4 name services")
    if body.category_id is not None and not await loyalty_repo.items_by_ids(
        session, ServiceCategory, [body.category_id], location_ids
    ):
        raise ValidationFailed.field("category_id", "no such service category")
    expiration = body.expiration
    expires: datetime | None = None
    if expiration.type_id == EXPIRES_ON_DATE:
        if not expiration.date:
            raise ValidationFailed.field("expiration.date", "a fixed expiry needs its date")
        expires = parse_datetime(expiration.date, ZoneInfo("UTC"), "expiration.date")
    elif expiration.type_id == EXPIRES_AFTER_PERIOD and (
        expiration.timeout <= 0 or expiration.timeout_unit_id == 0
    ):
        raise ValidationFailed.field(
            "expiration.timeout", "a period needs its length and unit (1-4)"
        )
    return _Checked(locations, expires)


def _apply(kind: CertificateType, body: CertificateTypeWrite, checked: _Checked) -> None:
    period = body.expiration.type_id == EXPIRES_AFTER_PERIOD
    kind.title = body.title.strip()
    kind.balance = body.balance
    kind.is_multi = body.is_multi
    kind.item_type_id = body.item_type_id
    kind.service_ids = sorted(set(body.service_ids))
    kind.category_id = body.category_id
    kind.expiration_type_id = body.expiration.type_id
    kind.expiration_date = checked.expiration_date
    kind.expiration_timeout = body.expiration.timeout if period else 0
    kind.expiration_timeout_unit_id = body.expiration.timeout_unit_id if period else 0
    kind.balance_edit_type_id = body.balance_edit_type_id
    kind.is_allow_empty_code = body.is_allow_empty_code
    kind.online_sale_is_enabled = body.online_sale.is_enabled
    kind.online_sale_title = body.online_sale.title or kind.title
    kind.online_sale_description = body.online_sale.description
    kind.online_sale_price = body.online_sale.price or body.balance


async def _category(session: AsyncSession, location: Location) -> GoodsCategory:
    found = await repo.goods_category(session, location.id, CATEGORY_TITLE)
    if found is not None:
        return found
    row = GoodsCategory(
        location_id=location.id, title=CATEGORY_TITLE, search_text=fold(CATEGORY_TITLE)
    )
    session.add(row)
    await session.flush()
    return row


async def _unit(session: AsyncSession, location: Location) -> Unit:
    found = await repo.first_unit(session, location.id)
    if found is not None:
        return found
    row = Unit(location_id=location.id, title="Piece", short_title="pcs")
    session.add(row)
    await session.flush()
    return row


def _fit_product(product: Product, kind: CertificateType) -> None:
    product.loyalty_certificate_type_id = kind.id
    product.title = kind.title
    product.cost = kind.balance
    product.search_text = fold(kind.title)
    product.deleted = False


async def _sync_products(
    session: AsyncSession, kind: CertificateType, locations: Sequence[Location]
) -> None:
    """One live goods item per location of the type, titled and priced as the type."""
    links = (await repo.links_of(session, [kind.id]))[kind.id]
    wanted = {loc.id: loc for loc in locations}
    for link in links:
        product = await repo.product(session, link.product_id)
        if link.location_id in wanted:
            if product is not None:
                _fit_product(product, kind)
            wanted.pop(link.location_id)
        else:
            if product is not None:
                product.deleted = True
            await repo.delete_link(session, link)
    for location in wanted.values():
        category = await _category(session, location)
        unit = await _unit(session, location)
        product = Product(
            location_id=location.id,
            category_id=category.id,
            sale_unit_id=unit.id,
            service_unit_id=unit.id,
            actual_cost=ZERO,
        )
        _fit_product(product, kind)
        session.add(product)
        await session.flush()
        session.add(
            CertificateTypeLocation(type_id=kind.id, location_id=location.id, product_id=product.id)
        )
    await session.flush()


async def create_type(
    session: AsyncSession, chain: Chain, body: CertificateTypeWrite
) -> dict[str, Any]:
    checked = await _check(session, chain, body)
    kind = CertificateType(chain_id=chain.id)
    _apply(kind, body, checked)
    session.add(kind)
    await session.flush()
    await _sync_products(session, kind, checked.locations)
    return (await _render_full(session, [kind]))[0]


async def _unissued(session: AsyncSession, chain: Chain, type_id: int) -> CertificateType:
    kind = await repo.TYPES.load(session, chain.id, type_id)
    if await repo.issued_count(session, kind.id):
        raise ValidationFailed.field("type_id", "certificates of this type are already issued")
    return kind


async def update_type(
    session: AsyncSession, chain: Chain, type_id: int, body: CertificateTypeWrite
) -> dict[str, Any]:
    kind = await _unissued(session, chain, type_id)
    checked = await _check(session, chain, body)
    _apply(kind, body, checked)
    await session.flush()
    await _sync_products(session, kind, checked.locations)
    return (await _render_full(session, [kind]))[0]


async def delete_type(session: AsyncSession, chain: Chain, type_id: int) -> None:
    kind = await _unissued(session, chain, type_id)
    kind.deleted = True
    await _sync_products(session, kind, [])


# --- certificate types (location) ------------------------------------------------------------


async def location_types(
    session: AsyncSession,
    location: Location,
    *,
    title: str | None = None,
    ids: Sequence[int] | None = None,
    page: Page,
) -> tuple[list[dict[str, Any]], int]:
    chain_ids = await loyalty_repo.chain_ids_of(session, location.id)
    rows, total = await repo.page_of_types(
        session,
        chain_ids,
        title=title,
        location_id=location.id,
        ids=ids,
        offset=page.offset,
        limit=page.limit,
    )
    return [render_type(k) for k in rows], total


# --- certificates ----------------------------------------------------------------------------


async def _location(session: AsyncSession, location_id: int) -> Location:
    location = await locations_repo.get_location(session, location_id)
    if location is None:
        raise LocationNotFound()
    return location


async def by_phone(session: AsyncSession, location: Location, raw: str) -> list[dict[str, Any]]:
    """The certificates a phone holds in the location's chains."""
    phone = normalize_phone(raw)
    chain_ids = await loyalty_repo.chain_ids_of(session, location.id)
    rows = await repo.by_phone(session, chain_ids, phone)
    return await _render_certificates(session, rows, zone(location.timezone_name))


async def of_user(session: AsyncSession, user: User, location_id: int) -> list[dict[str, Any]]:
    """The signed-in account's own certificates in the location's chains (by its phone)."""
    location = await _location(session, location_id)
    if not user.phone:
        return []
    return await by_phone(session, location, user.phone)


async def _new_code(session: AsyncSession, chain_id: int) -> str:
    while True:
        code = str(secrets.randbelow(9 * 10**11) + 10**11)
        if not await repo.number_taken(session, chain_id, code):
            return code


async def sell(
    session: AsyncSession, location: Location, user_id: int | None, body: CertificateSale
) -> dict[str, Any]:
    """Sell a certificate of a type valid here to a client: the certificate (activated, with
    its code and expiry) and the goods sale document that charges for it."""
    chain_ids = await loyalty_repo.chain_ids_of(session, location.id)
    kinds = await repo.TYPES.all(session, chain_ids, CertificateType.id == body.certificate_type_id)
    kind = kinds[0] if kinds else None
    link = None
    if kind is not None:
        link = next(
            (
                x
                for x in (await repo.links_of(session, [kind.id]))[kind.id]
                if x.location_id == location.id
            ),
            None,
        )
    if kind is None or link is None:
        raise ValidationFailed.field("certificate_type_id", "no such certificate type here")
    client = None
    if body.client_id:
        client = await clients_repo.CLIENTS.get(session, location.id, body.client_id)
        if client is None:
            raise ValidationFailed.field("client_id", "no such client in this location")
    raw_phone = str(body.phone) if body.phone else (client.phone if client else "")
    if not raw_phone:
        raise ValidationFailed.field("phone", "the buyer's phone (or a client with one)")
    phone = normalize_phone(raw_phone)
    if body.number:
        if await repo.number_taken(session, kind.chain_id, body.number):
            raise ValidationFailed.field("number", "this code is already sold")
        number = body.number
    elif kind.is_allow_empty_code:
        number = ""
    else:
        number = await _new_code(session, kind.chain_id)
    document = await inventory_service.system_document(
        session,
        location,
        type_id=GOODS_SALE,
        user_id=user_id,
        master_id=body.master_id,
        comment=f"Gift certificate: {kind.title}",
    )
    session.add(
        GoodsTransaction(
            location_id=location.id,
            document_id=document.id,
            type_id=GOODS_SALE,
            good_id=link.product_id,
            storage_id=document.storage_id,
            amount=Decimal(-1),
            operation_unit_type=SALE_UNIT,
            cost_per_unit=kind.balance,
            discount=ZERO,
            cost=kind.balance,
            client_id=client.id if client else None,
            master_id=body.master_id or None,
            user_id=user_id,
            create_date=document.create_date,
        )
    )
    now = utcnow()
    tz = zone(location.timezone_name)
    certificate = Certificate(
        chain_id=kind.chain_id,
        type_id=kind.id,
        location_id=location.id,
        document_id=document.id,
        client_id=client.id if client else None,
        number=number,
        phone=phone,
        default_balance=kind.balance,
        balance=kind.balance,
        status_id=STATUS_ACTIVATED,
        expiration_date=expiry_of(kind, now, tz),
        created_at=now,
    )
    session.add(certificate)
    await session.flush()
    return {**render_certificate(certificate, kind, tz), "document_id": document.id}


async def _sale_deleted(session: AsyncSession, location: Location, document_id: int) -> None:
    """The goods sale of a certificate is deleted (its document or its line): the certificate
    goes with it, unless it has paid for something (409; delete those payments first)."""
    chain_ids = await loyalty_repo.chain_ids_of(session, location.id)
    for certificate in await repo.sold_by(session, chain_ids, document_id):
        if certificate.status_id == STATUS_USED or await repo.live_lines_of(
            session, certificate.id
        ):
            raise Conflict(
                f"Certificate {certificate.id} sold by this document has paid for sales; "
                "delete those payments before its sale."
            )
        certificate.deleted = True
    await session.flush()


inventory_service.on_right_sale_deleted(_sale_deleted)


# --- paying a sale ---------------------------------------------------------------------------


@dataclass(slots=True)
class _Usable:
    certificate: Certificate
    kind: CertificateType
    items: list[sales.Item]

    @property
    def applicable(self) -> Decimal:
        owed = sum((i.remaining for i in self.items), start=ZERO)
        return min(self.certificate.balance, owed)


async def _eligible_items(
    session: AsyncSession, location: Location, kind: CertificateType, sale: sales.Sale
) -> list[sales.Item]:
    lines = [i.id for i in sale.items if i.type == sales.SERVICE]
    services = (
        await repo.services_of_lines(session, location.id, lines)
        if some_services_only(kind)
        else {}
    )
    out = []
    for item in sale.items:
        if item.type == sales.GOOD:
            if pays_goods(kind):
                out.append(item)
        elif some_services_only(kind):
            service_id, category_id = services.get(item.id, (0, None))
            if pays_service(kind, service_id, category_id):
                out.append(item)
        elif pays_services(kind):
            out.append(item)
    return out


async def _valid_here(session: AsyncSession, kind: CertificateType, location: Location) -> bool:
    return any(
        x.location_id == location.id for x in (await repo.links_of(session, [kind.id]))[kind.id]
    )


async def _offers(
    session: AsyncSession, location: Location, sale: sales.Sale
) -> list[dict[str, Any]]:
    placeholder = {
        "slug": SLUG,
        "is_applicable": False,
        "applicable_amount": 0,
        "applicable_count": 0,
        "applicable_value": 0,
    }
    if sale.client is None or not sale.client.phone:
        return [placeholder]
    chain_ids = await loyalty_repo.chain_ids_of(session, location.id)
    rows = await repo.by_phone(session, chain_ids, sale.client.phone)
    chains = await locations_repo.chains_by_id(session, sorted({c.chain_id for c in rows}))
    out = []
    for certificate in rows:
        kind = await repo.TYPES.get(session, certificate.chain_id, certificate.type_id)
        if kind is None or not await _valid_here(session, kind, location):
            continue
        usable = _Usable(certificate, kind, await _eligible_items(session, location, kind, sale))
        amount = usable.applicable if status_of(certificate) == STATUS_ACTIVATED else ZERO
        chain = chains.get(certificate.chain_id)
        out.append(
            {
                "slug": SLUG,
                "is_applicable": amount > 0,
                "applicable_amount": wire(amount),
                "applicable_count": 0,
                "applicable_value": 0,
                "loyalty_certificate_id": certificate.id,
                "loyalty_certificate": _brief(certificate, kind, amount, chain),
            }
        )
    return out or [placeholder]


def _brief(
    certificate: Certificate, kind: CertificateType, applicable: Decimal, chain: Chain | None
) -> dict[str, Any]:
    return {
        "id": certificate.id,
        "balance": wire(certificate.balance),
        "applicable_balance": wire(applicable),
        "type": {"id": kind.id, "title": kind.title, "is_code_required": bool(certificate.number)},
        "chain": {"id": certificate.chain_id, "title": chain.title if chain else ""},
    }


def _certificate_id(body: PaymentIn) -> int:
    raw = (body.method.model_extra or {}).get("loyalty_certificate_id")
    try:
        value = int(raw) if raw is not None and not isinstance(raw, bool) else 0
    except (TypeError, ValueError):
        value = 0
    if value <= 0:
        raise ValidationFailed.field(
            "payment.method.loyalty_certificate_id", "the certificate to pay with"
        )
    return value


async def _pay(
    session: AsyncSession,
    location: Location,
    access: Access,
    sale: sales.Sale,
    body: PaymentIn,
    record_id: int | None,
) -> None:
    field = "payment.method.loyalty_certificate_id"
    certificate_id = _certificate_id(body)
    chain_ids = await loyalty_repo.chain_ids_of(session, location.id)
    try:
        certificate = await repo.lock(session, chain_ids, certificate_id)
    except CertificateNotFound:
        raise ValidationFailed.field(field, "no such certificate in this chain") from None
    kind = await repo.TYPES.get(session, certificate.chain_id, certificate.type_id)
    if kind is None or not await _valid_here(session, kind, location):
        raise ValidationFailed.field(field, "the certificate is not valid in this location")
    if certificate.number:
        if body.number is not None and body.number.strip() != certificate.number:
            raise ValidationFailed.field("payment.number", "not the certificate's code")
        if body.number is None and not access.has(CODE_RIGHT):
            raise ValidationFailed.field("payment.number", "the certificate's code is needed")
    status = status_of(certificate)
    if status == STATUS_EXPIRED:
        raise ValidationFailed.field(field, "the certificate has expired")
    if status != STATUS_ACTIVATED:
        raise ValidationFailed.field(field, "the certificate is used up")
    items = await _eligible_items(session, location, kind, sale)
    owed = sum((i.remaining for i in items), start=ZERO)
    if owed <= 0:
        raise ValidationFailed.field(field, "the certificate pays for none of the unpaid items")
    amount = cents(sales.amount_of(body))
    if amount > certificate.balance:
        raise InsufficientBalance(
            f"The certificate holds {wire(certificate.balance)}; {wire(amount)} cannot be paid."
        )
    if amount > owed:
        raise ValidationFailed.field(
            "payment.amount", f"more than the certificate may pay here ({wire(owed)})"
        )
    left = amount
    order = sorted(items, key=lambda i: 0 if record_id and i.record_id == record_id else 1)
    for item in order:
        part = min(left, item.remaining)
        if part <= 0:
            continue
        await sales.add_line(
            session,
            location,
            sale,
            item,
            TX_CERTIFICATE_WITHDRAWAL,
            part,
            certificate_id=certificate.id,
        )
        item.paid += part
        left -= part
    before = certificate.balance
    certificate.balance = ZERO if not kind.is_multi else cents(certificate.balance - amount)
    if certificate.balance == ZERO:
        certificate.status_id = STATUS_USED
    _ledger(
        session,
        certificate,
        kind,
        location,
        certificate.balance - before,
        visit_id=sale.visit.id if sale.visit else None,
        user_id=access.user_id,
    )
    await session.flush()


def _ledger(
    session: AsyncSession,
    certificate: Certificate,
    kind: CertificateType,
    location: Location,
    change: Decimal,
    *,
    visit_id: int | None,
    user_id: int | None = None,
) -> None:
    """The chain's loyalty ledger line of a balance change (negative: a payment took it)."""
    if change == ZERO:
        return
    session.add(
        LoyaltyTransaction(
            chain_id=certificate.chain_id,
            location_id=location.id,
            type_id=TX_CERTIFICATE_WITHDRAWAL,
            amount=cents(change),
            certificate_id=certificate.id,
            visit_id=visit_id,
            title=kind.title,
            user_id=user_id,
        )
    )


async def _undo(session: AsyncSession, location: Location, line: SaleLoyaltyTransaction) -> None:
    if line.certificate_id is None:
        return
    chain_ids = await loyalty_repo.chain_ids_of(session, location.id)
    try:
        certificate = await repo.lock(session, chain_ids, line.certificate_id)
    except CertificateNotFound:
        return
    kind = await repo.TYPES.get(
        session, certificate.chain_id, certificate.type_id, with_deleted=True
    )
    if kind is None:
        return
    before = certificate.balance
    if kind.is_multi:
        certificate.balance = cents(certificate.balance + line.amount)
    elif not await repo.live_lines_of(session, certificate.id, but=line.id):
        certificate.balance = certificate.default_balance
    if certificate.balance > ZERO and certificate.status_id == STATUS_USED:
        certificate.status_id = STATUS_ACTIVATED
    visit_id = await repo.visit_of_document(session, location.id, line.document_id)
    _ledger(session, certificate, kind, location, certificate.balance - before, visit_id=visit_id)
    await session.flush()


async def _details(
    session: AsyncSession, location: Location, rows: Sequence[SaleLoyaltyTransaction]
) -> dict[int, dict[str, Any]]:
    """The certificate of each certificate payment line, as the sale answer names it."""
    ids = {x.certificate_id for x in rows if x.certificate_id}
    if not ids:
        return {}
    chain_ids = await loyalty_repo.chain_ids_of(session, location.id)
    found = {
        c.id: c
        for c in await repo.CERTIFICATES.all(
            session, chain_ids, Certificate.id.in_(sorted(ids)), with_deleted=True
        )
    }
    chains = await locations_repo.chains_by_id(
        session, sorted({c.chain_id for c in found.values()})
    )
    out: dict[int, dict[str, Any]] = {}
    for x in rows:
        certificate = found.get(x.certificate_id or 0)
        if certificate is None:
            continue
        kind = await repo.TYPES.get(
            session, certificate.chain_id, certificate.type_id, with_deleted=True
        )
        if kind is None:
            continue
        usable = certificate.balance if status_of(certificate) == STATUS_ACTIVATED else ZERO
        out[x.id] = {
            "loyalty_certificate_id": certificate.id,
            "loyalty_certificate": _brief(
                certificate, kind, usable, chains.get(certificate.chain_id)
            ),
        }
    return out


sales.register(sales.Method(SLUG, _offers, _pay))
sales.register_undo(TX_CERTIFICATE_WITHDRAWAL, _undo)
sales.register_details(TX_CERTIFICATE_WITHDRAWAL, _details)


# --- loyalty notification templates ----------------------------------------------------------

# Parlour's own standard texts (it keeps no per-chain templates; decisions.json).
TEMPLATES: tuple[tuple[int, str, str, str], ...] = (
    (1, "small", "loyalty_discount_expiration", "Your discount ends soon."),
    (2, "small", "loyalty_cashback_expiration", "Your bonus points expire soon."),
    (3, "small", "loyalty_discount_changed", "Your discount has a new value."),
    (4, "small", "loyalty_cashback_changed", "Your cashback has a new value."),
    (5, "small", "loyalty_card_created", "A loyalty card was issued to you."),
    (6, "small", "loyalty_card_withdraw", "Points were taken from your loyalty card."),
    (7, "small", "loyalty_withdraw_cancelled", "A withdrawal from your card was cancelled."),
    (8, "small", "loyalty_card_manual", "Points were added to your loyalty card."),
    (9, "small", "loyalty_card_manual_withdraw", "Points were withdrawn from your card."),
    (10, "small", "loyalty_card_cashback", "Cashback was added to your loyalty card."),
)


async def notification_templates(session: AsyncSession, chain: Chain) -> list[dict[str, Any]]:
    del session, chain  # the same standard set in every chain
    return [
        {"id": i, "type": kind, "message_type": message_type, "body": body}
        for i, kind, message_type, body in TEMPLATES
    ]
