"""Fiscal receipts: Parlour posts a sale's (or a return's) receipt to the location's fiscal
provider once the request's transaction has committed, and the provider's callback sets the
receipt's status. A visit counts as printed while its last printed receipt is a sale.

The receipt the provider gets: positions (the sale's items, or the top-up), payments by
``cash``, ``card`` (non-cash accounts) or ``prepaid`` (deposits), the tax system, the cashier
and the callback URL.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

import httpx
from sqlalchemy.ext.asyncio import AsyncSession

from parlour.auth import repository as auth_repo
from parlour.auth.access import Access
from parlour.db import Database, after_commit
from parlour.errors import ValidationFailed
from parlour.fiscal import repository as repo
from parlour.fiscal.schemas import Callback, PrintBill, SettingsWrite
from parlour.kit.money import ZERO, cents, wire
from parlour.kit.timeutil import iso, utcnow, zone
from parlour.models import KkmSettings, KkmTransaction, Location
from parlour.models.ledgers import DEPOSIT_TOP_UP, VISIT
from parlour.payments import repository as payments_repo
from parlour.sales import repository as sales_repo
from parlour.sales import service as sales

log = logging.getLogger(__name__)

SALE, RETURN = 0, 1
SENT, PRINTED, REFUSED, UNREACHABLE = 2, 1, 3, 0
TYPE_TITLES = {SALE: "Sales operation", RETURN: "Sales return operation"}
STATUS_TITLES = {
    0: "Connection error with POS",
    1: "Success",
    2: "Sent for printing",
    3: "Runtime error",
}
DOCUMENT_TITLES = {VISIT: "Visit", DEPOSIT_TOP_UP: "Deposit replenishment"}
# Tax systems and their VAT rates, per country id (upstream's reference list for Russia, 1).
_RU_NONE = [{"title": "is not a subject to a tax", "slug": "ru_vat_none"}]
TAX_SYSTEMS: dict[int, list[dict[str, Any]]] = {
    1: [
        {
            "title": "General taxation system",
            "slug": "ru_osn",
            "vats": [
                {"title": "0%", "slug": "ru_vat_0"},
                {"title": "10%", "slug": "ru_vat_10"},
                {"title": "20%", "slug": "ru_vat_20"},
                *_RU_NONE,
            ],
        },
        {"title": "Simplified taxation system (income)", "slug": "ru_usn", "vats": _RU_NONE},
        {
            "title": "Simplified taxation system (income minus expense)",
            "slug": "ru_usnr",
            "vats": _RU_NONE,
        },
        {"title": "Single tax on imputed income", "slug": "ru_envd", "vats": _RU_NONE},
        {"title": "Unified agricultural tax", "slug": "ru_esn", "vats": _RU_NONE},
        {"title": "Patent taxation system", "slug": "ru_psn", "vats": _RU_NONE},
    ],
}
TAX_SLUGS = {s["slug"] for systems in TAX_SYSTEMS.values() for s in systems}


def tax_systems(country_id: int) -> list[dict[str, Any]]:
    return TAX_SYSTEMS.get(country_id, [])


def printed(receipts: Sequence[KkmTransaction]) -> bool:
    """Whether the last printed receipt of a document is a sale (not returned since)."""
    done = [r for r in receipts if r.status_id == PRINTED]
    return bool(done) and done[-1].type_id == SALE


def last_operation(receipts: Sequence[KkmTransaction]) -> int:
    done = [r for r in receipts if r.status_id == PRINTED]
    return done[-1].type_id if done else 0


# --- settings (extension) ------------------------------------------------------------------


def render_settings(row: KkmSettings | None) -> dict[str, Any]:
    return {
        "url": row.url if row else "",
        "tax_system": row.tax_system if row else "",
        "print_receipt": row.print_receipt if row else False,
        "is_enabled": row is not None,
    }


async def save_settings(
    session: AsyncSession, location: Location, body: SettingsWrite
) -> KkmSettings:
    if body.tax_system not in TAX_SLUGS:
        raise ValidationFailed.field("tax_system", "not a known tax system slug")
    row = await repo.settings(session, location.id)
    if row is None:
        row = KkmSettings(location_id=location.id, url=body.url)
        session.add(row)
    row.url = body.url
    row.tax_system = body.tax_system
    row.print_receipt = body.print_receipt
    await session.flush()
    return row


# --- receipts ------------------------------------------------------------------------------


async def render(
    session: AsyncSession, location: Location, rows: Sequence[KkmTransaction]
) -> list[dict[str, Any]]:
    tz = zone(location.timezone_name)
    docs = await sales_repo.DOCUMENTS.by_ids(
        session, location.id, {r.document_id for r in rows}, with_deleted=True
    )
    users = {}
    for user_id in {r.user_id for r in rows if r.user_id}:
        user = await auth_repo.user(session, user_id)
        if user is not None:
            users[user_id] = user
    out = []
    for r in rows:
        doc = docs.get(r.document_id)
        user = users.get(r.user_id) if r.user_id else None
        out.append(
            {
                "id": r.id,
                "document_id": r.document_id,
                "print_date": iso(r.print_date, tz),
                "printed_count": r.printed_count,
                "sum": wire(r.sum),
                "type": {"id": r.type_id, "title": TYPE_TITLES.get(r.type_id, "")},
                "status": {"id": r.status_id, "title": STATUS_TITLES.get(r.status_id, "")},
                "document": {
                    "id": r.document_id,
                    "type": doc.type_id if doc else 0,
                    "type_title": DOCUMENT_TITLES.get(doc.type_id, "") if doc else "",
                },
                "cashier": {"id": user.id if user else 0, "name": user.name if user else ""},
            }
        )
    return out


async def _receipt_body(
    session: AsyncSession, location: Location, document_id: int, type_id: int
) -> tuple[list[dict[str, Any]], list[dict[str, Any]], Decimal, dict[str, Any]]:
    """Positions, payments, the sum and the customer of a visit's or a top-up's receipt."""
    doc = await sales_repo.DOCUMENTS.get(session, location.id, document_id)
    assert doc is not None
    positions: list[dict[str, Any]] = []
    payments: dict[str, Decimal] = {}
    customer: dict[str, Any] = {}
    lines = await sales_repo.finance_of(session, location.id, document_id)
    accounts = await payments_repo.ACCOUNTS.by_ids(
        session, location.id, {f.account_id for f in lines}, with_deleted=True
    )
    for f in lines:
        account = accounts.get(f.account_id)
        kind = "cash" if account is None or account.type == 0 else "card"
        payments[kind] = payments.get(kind, ZERO) + f.amount
    if doc.type_id == VISIT:
        sale = await sales.load_sale(session, location, document_id)
        for x in sale.loyalty:
            payments["prepaid"] = payments.get("prepaid", ZERO) + x.amount
        for item in sale.items:
            full = cents(item.unit * item.amount)
            positions.append(
                {
                    "type": item.type,
                    "title": item.title,
                    "price": wire(item.unit),
                    "quantity": wire(item.amount),
                    "discount_amount": wire(max(full - item.to_pay, ZERO)),
                    "vat": "ru_vat_none",
                    "payment_method": "payment",
                }
            )
        if sale.client is not None:
            customer = {"email": sale.client.email, "phone": sale.client.phone or ""}
        total = sale.total
    else:
        total = sum((f.amount for f in lines), start=ZERO)
        positions.append(
            {
                "type": "deposit",
                "title": "Deposit replenishment",
                "price": wire(total),
                "quantity": 1,
                "discount_amount": 0,
                "vat": "ru_vat_none",
                "payment_method": "advance",
            }
        )
    paid = [{"type": k, "sum": wire(cents(v))} for k, v in sorted(payments.items()) if v > 0]
    return positions, paid, cents(total), customer


async def print_bill(
    session: AsyncSession,
    database: Database,
    location: Location,
    access: Access,
    body: PrintBill,
    callback_url: str,
) -> dict[str, Any]:
    doc = await sales_repo.DOCUMENTS.get(session, location.id, body.document_id)
    if doc is None or doc.type_id not in (VISIT, DEPOSIT_TOP_UP):
        raise ValidationFailed.field("document_id", "only a visit's or a top-up's document")
    if body.type not in (SALE, RETURN):
        raise ValidationFailed.field("type", "0 (sale) or 1 (return)")
    earlier = await repo.of_documents(session, [location.id], [doc.id])
    if body.type == RETURN and not printed(earlier):
        raise ValidationFailed.field("type", "a return needs a printed sale first")
    if body.type == SALE and printed(earlier):
        raise ValidationFailed.field("type", "the sale's receipt is printed already")
    config = await repo.settings(session, location.id)
    if config is None:
        raise ValidationFailed.field("document_id", "the location has no fiscal provider")
    positions, payments, total, customer = await _receipt_body(session, location, doc.id, body.type)
    row = KkmTransaction(
        location_id=location.id,
        document_id=doc.id,
        type_id=body.type,
        status_id=SENT,
        sum=total,
        user_id=access.user_id,
        uid=str(uuid.uuid4()),
        print_date=utcnow(),
    )
    session.add(row)
    await session.flush()
    user = await auth_repo.user(session, access.user_id)
    receipt = {
        "id": row.uid,
        "date": iso(row.print_date, zone(location.timezone_name)),
        "document_id": doc.id,
        "type": "sale" if body.type == SALE else "return",
        "print_receipt": config.print_receipt,
        "customer": customer,
        "positions": positions,
        "payments": payments,
        "tax": config.tax_system,
        "cashier": {"uid": str(access.user_id), "name": user.name if user else "", "position": ""},
        "pos": {"enabled": body.is_pos_enabled, "slip_count": 0},
        "callback_url": callback_url,
        "custom_text": "",
    }
    after_commit(session, lambda: _post(database, config.url, receipt))
    return {
        "kkm_type": 0,
        "bill_json": [],
        "kkm_transactions": await render(session, location, [row]),
        "status": SENT,
    }


async def _post(database: Database, url: str, receipt: dict[str, Any]) -> None:
    """Send the receipt; a provider that cannot be reached, or refuses it at once, sets the
    receipt's status (the callback sets it otherwise)."""
    status: int | None = None
    message = ""
    try:
        async with httpx.AsyncClient(timeout=10) as http:
            r = await http.post(url, json=receipt)
        answer = (
            r.json() if r.headers.get("content-type", "").startswith("application/json") else {}
        )
        if r.status_code >= 400 or answer.get("status") == "error":
            status, message = REFUSED, str(answer.get("message") or r.status_code)
    except (httpx.HTTPError, ValueError) as exc:
        status, message = UNREACHABLE, type(exc).__name__
    if status is None:
        return
    async with database.session(write=True) as session:
        row = await repo.by_uid(session, receipt["id"])
        if row is not None and row.status_id == SENT:
            row.status_id = status
            row.message = message
    log.warning("fiscal receipt %s not printed: %s", receipt["id"], message)


async def callback(session: AsyncSession, body: Callback) -> None:
    row = await repo.by_uid(session, body.id)
    if row is None:
        raise ValidationFailed.field("id", "no such receipt")
    if body.status == "success":
        row.status_id = PRINTED
        row.printed_count += 1
        row.print_date = utcnow()
    else:
        row.status_id = REFUSED
    row.message = body.message or ""
    await session.flush()
