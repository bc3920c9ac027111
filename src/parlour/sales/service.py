"""The sale state of a document and its payments.

A sale is a document that sells: a visit's document (type 7: the services of the visit's
records and the goods entered with them) or a goods sale (type 1: its goods lines). Each item
costs its default price less a discount: the item's own when it has one, else the client's
(so a 500 service and a 1300 product at a 10% client discount sell at 450 and 1170).

What paid for an item is the sum of the live finance lines naming it (cash desk and card
accounts) and of the live non-cash lines (a deposit's withdrawal; the loyalty methods plug in
through ``register``); a loyalty program's discount line (type 1) lowers what the item costs
instead. A payment is spread over the unpaid items in order, one line per item; more than the
sale still owes is refused (422). Deleting a payment deletes its line (the account's balance
drops) and gives a non-cash amount back through the undo its type registered. After every
change of the payments the settle hooks (``on_settle``: loyalty's cashback) see the sale, and
so they do after inventory changes a goods sale (a paid operation, its lines, its delete).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from parlour.auth.access import Access
from parlour.deposits import repository as deposits_repo
from parlour.deposits import service as deposits
from parlour.errors import DocumentNotFound, FinanceTransactionNotFound, ValidationFailed
from parlour.inventory import service as inventory_service
from parlour.kit.money import HUNDRED, ZERO, cents, discounted, to_decimal, wire
from parlour.kit.timeutil import iso, utcnow, zone
from parlour.ledger_defaults import EXPENSE_GOODS_SALE, EXPENSE_SERVICES
from parlour.models import (
    Account,
    Client,
    FinanceTransaction,
    Location,
    Record,
    SaleLoyaltyTransaction,
    StorageDocument,
    Visit,
)
from parlour.models.ledgers import GOODS_SALE, VISIT
from parlour.payments import repository as payments_repo
from parlour.payments import service as payments_service
from parlour.products import repository as products_repo
from parlour.sales import repository as repo
from parlour.sales.schemas import PaymentIn

SERVICE = "service"
GOOD = "good"
EXPENSE_OF = {SERVICE: EXPENSE_SERVICES, GOOD: EXPENSE_GOODS_SALE}
RIGHT = "records_finances_access"
DEPOSIT_RIGHT = "records_finances_pay_from_deposits_access"
EDIT_PAID_RIGHT = "record_edit_full_paid_access"
# Loyalty transaction types (the 1-11 table of upstream's loyalty transactions).
LOYALTY_TYPES = {
    1: "Promotion discount",
    2: "Loyalty program accrual",
    3: "Loyalty card withdrawal",
    4: "Referral program accrual",
    5: "Manual replenishment",
    6: "Manual withdrawal",
    7: "Overdue points withdrawal",
    8: "Withdrawal from the gift card",
    9: "Use of the membership",
    10: "Recalculation of the cost of the membership",
    11: "Withdrawal from the personal account",
}
DEPOSIT_WITHDRAWAL = 11
DISCOUNT = 1


# --------------------------------------------------------------------------------------------
# Prices
# --------------------------------------------------------------------------------------------


def to_pay(base_total: Decimal, own_discount: Decimal, client_discount: Decimal) -> Decimal:
    """What an item costs the client: ``base_total`` already carries the item's own discount;
    without one, the client's discount applies."""
    if own_discount > 0 or client_discount <= 0:
        return cents(base_total)
    return cents(base_total * (HUNDRED - client_discount) / HUNDRED)


def _pct(own: Decimal, client_discount: Decimal) -> Decimal:
    return own if own > 0 else client_discount


def goods_entry_total(g: dict[str, Any]) -> tuple[Decimal, Decimal, Decimal, Decimal]:
    """A visit's goods entry: (amount, unit price, own discount, total after it)."""
    amount = abs(to_decimal(g.get("amount") or 0))
    unit = to_decimal(g.get("cost_per_unit") or g.get("price") or 0)
    own = to_decimal(g.get("discount") or 0)
    cost = to_decimal(g.get("cost") or 0)
    total = cost if cost > 0 else discounted(unit, amount, own)
    return amount, unit, own, total


def record_due(
    record: Record, goods: Sequence[dict[str, Any]], client_discount: Decimal
) -> Decimal:
    """What a record's services and the goods entered with it cost the client."""
    total = sum((to_pay(s.cost, s.discount, client_discount) for s in record.services), start=ZERO)
    for g in goods:
        if g.get("record_id") == record.id:
            _amount, _unit, own, base = goods_entry_total(g)
            total += to_pay(base, own, client_discount)
    return cents(total)


def payment_status(due: Decimal, paid: Decimal) -> int:
    """0 not paid, 1 paid in part, 2 paid in full (nothing due counts as paid only when
    something was paid)."""
    if paid <= 0:
        return 0
    return 2 if paid >= due else 1


# --------------------------------------------------------------------------------------------
# The sale state
# --------------------------------------------------------------------------------------------


@dataclass(slots=True)
class Item:
    id: int
    type: str
    title: str
    amount: Decimal
    unit: Decimal
    discount: Decimal
    to_pay: Decimal
    record_id: int | None = None
    master_id: int | None = None
    document_id: int | None = None
    paid: Decimal = ZERO
    # What the item sells: the service's or the product's id (loyalty programs filter by it).
    ref_id: int = 0

    @property
    def remaining(self) -> Decimal:
        return max(self.to_pay - self.paid, ZERO)


@dataclass(slots=True)
class Sale:
    document: StorageDocument
    items: list[Item]
    client: Client | None
    visit: Visit | None
    finance: list[FinanceTransaction] = field(default_factory=list)
    loyalty: list[SaleLoyaltyTransaction] = field(default_factory=list)

    @property
    def total(self) -> Decimal:
        return sum((i.to_pay for i in self.items), start=ZERO)

    @property
    def paid(self) -> Decimal:
        return sum((i.paid for i in self.items), start=ZERO)

    @property
    def remaining(self) -> Decimal:
        return max(self.total - self.paid, ZERO)

    def item(self, kind: str, item_id: int | None) -> Item | None:
        return next((i for i in self.items if i.type == kind and i.id == item_id), None)


async def _visit_items(
    session: AsyncSession, location: Location, visit: Visit, client: Client | None, doc_id: int
) -> list[Item]:
    pct = client.discount if client else ZERO
    records = await repo.visit_records(session, location.id, visit.id)
    services = await repo.SERVICES.by_ids(
        session, location.id, {s.service_id for r in records for s in r.services}
    )
    items: list[Item] = []
    for r in records:
        for s in r.services:
            service = services.get(s.service_id)
            items.append(
                Item(
                    id=s.id,
                    type=SERVICE,
                    title=service.title if service else "",
                    amount=Decimal(s.amount),
                    unit=s.first_cost,
                    discount=_pct(s.discount, pct),
                    to_pay=to_pay(s.cost, s.discount, pct),
                    record_id=r.id,
                    master_id=r.staff_id,
                    document_id=doc_id,
                    ref_id=s.service_id,
                )
            )
    # A product sold without a team member counts as sold by the record's.
    live = {r.id: r.staff_id for r in records}
    for g in visit.goods_transactions or []:
        if g.get("record_id") not in live:
            continue
        amount, unit, own, base = goods_entry_total(g)
        items.append(
            Item(
                id=int(g.get("id") or 0),
                type=GOOD,
                title=str(g.get("title") or ""),
                amount=amount,
                unit=unit,
                discount=_pct(own, pct),
                to_pay=to_pay(base, own, pct),
                record_id=int(g["record_id"]),
                master_id=int(g.get("master_id") or 0) or live[g["record_id"]],
                ref_id=int(g.get("good_id") or 0),
            )
        )
    return items


async def _goods_items(
    session: AsyncSession, location: Location, document: StorageDocument, client: Client | None
) -> list[Item]:
    pct = client.discount if client else ZERO
    lines = await repo.document_goods(session, location.id, document.id)
    products = await products_repo.PRODUCTS.by_ids(
        session, location.id, {g.good_id for g in lines}, with_deleted=True
    )
    items = []
    for g in lines:
        product = products.get(g.good_id)
        items.append(
            Item(
                id=g.id,
                type=GOOD,
                title=product.title if product else "",
                amount=abs(g.amount),
                unit=g.cost_per_unit,
                discount=_pct(g.discount, pct),
                to_pay=to_pay(g.cost, g.discount, pct),
                record_id=g.record_id,
                master_id=g.master_id,
                ref_id=g.good_id,
            )
        )
    return items


async def lock_sale(session: AsyncSession, location: Location, document_id: int) -> Sale:
    """The sale, read after every other transaction changing its payments has ended (a write
    path calls this first, so two payments at once never both see the same amount owed)."""
    await repo.lock_document(session, location.id, document_id)
    return await load_sale(session, location, document_id)


async def load_sale(session: AsyncSession, location: Location, document_id: int) -> Sale:
    """The sale state of a visit's or a goods sale's document (any other: 404)."""
    document = await repo.DOCUMENTS.load(session, location.id, document_id)
    visit: Visit | None = None
    client: Client | None = None
    if document.type_id == VISIT and document.visit_id:
        visit = await repo.VISITS.get(session, location.id, document.visit_id)
        if visit is None:
            raise DocumentNotFound()
        if visit.client_id:
            client = await repo.CLIENTS.get(session, location.id, visit.client_id)
        items = await _visit_items(session, location, visit, client, document.id)
    elif document.type_id == GOODS_SALE:
        lines = await repo.document_goods(session, location.id, document.id)
        owner = next((g.client_id for g in lines if g.client_id), None)
        if owner:
            client = await repo.CLIENTS.get(session, location.id, owner)
        items = await _goods_items(session, location, document, client)
    else:
        raise DocumentNotFound()
    sale = Sale(document, items, client, visit)
    sale.finance = [
        f
        for f in await repo.finance_of(session, location.id, document.id)
        if f.sold_item_type in (SERVICE, GOOD)
    ]
    sale.loyalty = await repo.loyalty_of(session, location.id, document.id)
    # A loyalty program's discount lowers what its item costs (it pays nothing).
    for x in sale.loyalty:
        found = sale.item(x.sale_item_type, x.sale_item_id) if x.type_id == DISCOUNT else None
        if found is not None:
            found.to_pay = max(found.to_pay - x.amount, ZERO)
    orphans: list[tuple[int | None, Decimal]] = []
    for kind, item_id, record_id, amount in [
        (f.sold_item_type, f.sold_item_id, f.record_id, f.amount) for f in sale.finance
    ] + [
        (x.sale_item_type, x.sale_item_id, x.record_id, x.amount)
        for x in sale.loyalty
        if x.type_id != DISCOUNT or sale.item(x.sale_item_type, x.sale_item_id) is None
    ]:
        item = sale.item(kind, item_id)
        if item is not None:
            item.paid += amount
        else:
            orphans.append((record_id, amount))
    # A payment whose item was replaced since (the record's services were edited) still
    # counts: it covers the record's items first, then the others.
    for record_id, amount in orphans:
        _cover(sale, amount, record_id)
    return sale


def _cover(sale: Sale, amount: Decimal, record_id: int | None) -> list[tuple[Item, Decimal]]:
    order = sorted(sale.items, key=lambda i: 0 if record_id and i.record_id == record_id else 1)
    left = amount
    out = []
    for item in order:
        if left <= 0:
            break
        part = min(left, item.remaining)
        if part > 0:
            out.append((item, part))
            item.paid += part
            left -= part
    if left > 0 and sale.items:
        sale.items[0].paid += left
    return out


async def ensure_visit_document(
    session: AsyncSession, location: Location, visit_id: int, user_id: int | None
) -> StorageDocument:
    """The visit's sale document, opened on first need."""
    found = await repo.visit_document(session, location.id, visit_id)
    if found is not None:
        return found
    return await inventory_service.system_document(
        session, location, type_id=VISIT, user_id=user_id, visit_id=visit_id
    )


# --------------------------------------------------------------------------------------------
# Payment methods: a small registry, so the loyalty methods plug in later
# --------------------------------------------------------------------------------------------

Lister = Callable[[AsyncSession, Location, Sale], Awaitable[list[dict[str, Any]]]]
Payer = Callable[[AsyncSession, Location, Access, Sale, PaymentIn, int | None], Awaitable[None]]


@dataclass(frozen=True, slots=True)
class Method:
    slug: str
    offers: Lister
    pay: Payer | None = None  # None: listed, never applicable


METHODS: dict[str, Method] = {}

# How a deleted non-cash payment line gives its value back, by the line's ``type_id`` (the
# loyalty transaction type): the deposit's own here, each loyalty method registers its own
# with :func:`register_undo`. Called inside the deleting transaction, before the line is
# marked deleted.
Undoer = Callable[[AsyncSession, Location, SaleLoyaltyTransaction], Awaitable[None]]
UNDO: dict[int, Undoer] = {}


# What follows a change of a sale's payments, in the same transaction: the loyalty section
# accrues cashback once a visit's sale is fully paid (and takes it back when a deleted payment
# leaves it owing). Each is called with the sale as it stands after the change.
Settler = Callable[[AsyncSession, Location, Sale], Awaitable[None]]
SETTLERS: list[Settler] = []
# What a non-cash payment line adds to its entry in the sale answer (the entity it was paid
# from), by the line's ``type_id``: each loyalty method registers its own with
# :func:`register_details`.
Detailer = Callable[
    [AsyncSession, Location, Sequence[SaleLoyaltyTransaction]], Awaitable[dict[int, dict[str, Any]]]
]
DETAILS: dict[int, Detailer] = {}


def register(method: Method) -> None:
    METHODS[method.slug] = method


def on_settle(settler: Settler) -> None:
    if settler not in SETTLERS:
        SETTLERS.append(settler)


async def settle(session: AsyncSession, location: Location, document_id: int) -> Sale:
    """The sale after a change of its payments, once every settler has seen it."""
    sale = await load_sale(session, location, document_id)
    if SETTLERS:
        for settler in SETTLERS:
            await settler(session, location, sale)
        sale = await load_sale(session, location, document_id)
    return sale


async def _goods_sale_changed(session: AsyncSession, location: Location, document_id: int) -> None:
    """Inventory changed a goods sale (paid at once, a line added, changed or deleted): the
    settle hooks see it; a deleted sale is one that sells and pays nothing."""
    document = await repo.DOCUMENTS.get(session, location.id, document_id, with_deleted=True)
    if document is None or not SETTLERS:
        return
    await repo.lock_document(session, location.id, document.id)
    if not document.deleted:
        await settle(session, location, document.id)
        return
    gone = Sale(document, [], None, None)
    for settler in SETTLERS:
        await settler(session, location, gone)


inventory_service.on_sale_changed(_goods_sale_changed)


def register_undo(type_id: int, undo: Undoer) -> None:
    UNDO[type_id] = undo


def register_details(type_id: int, details: Detailer) -> None:
    DETAILS[type_id] = details


def _offer(slug: str, amount: Decimal, **extra: Any) -> dict[str, Any]:
    return {
        "slug": slug,
        "is_applicable": amount > 0,
        "applicable_amount": wire(max(amount, ZERO)),
        "applicable_count": 0,
        "applicable_value": 0,
        **extra,
    }


async def _account_offers(
    session: AsyncSession, location: Location, sale: Sale
) -> list[dict[str, Any]]:
    return [
        _offer(
            "account",
            sale.remaining,
            account_id=a.id,
            account={"id": a.id, "title": a.title, "is_cash": a.type == 0},
        )
        for a in await payments_repo.ACCOUNTS.all(session, location.id)
    ]


async def _deposit_offers(
    session: AsyncSession, location: Location, sale: Sale
) -> list[dict[str, Any]]:
    if sale.client is None:
        return []
    rows = await deposits.for_client(session, location, sale.client)
    types = await deposits_repo.types_by_ids(
        session, rows[0].chain_id if rows else 0, [d.deposit_type_id for d in rows]
    )
    out = []
    for d in rows:
        kind = types.get(d.deposit_type_id)
        out.append(
            _offer(
                "deposit",
                min(d.balance, sale.remaining) if not d.blocked else ZERO,
                deposit_id=d.id,
                deposit={
                    "id": d.id,
                    "balance": wire(d.balance),
                    "type": {"id": d.deposit_type_id, "title": kind.title if kind else ""},
                },
            )
        )
    return out


def _not_yet(slug: str) -> Lister:
    async def offers(session: AsyncSession, location: Location, sale: Sale) -> list[dict[str, Any]]:
        return [_offer(slug, ZERO)]

    return offers


def amount_of(body: PaymentIn) -> Decimal:
    """The payment's amount, which every method but a membership's use needs (else 422)."""
    if body.amount is None:
        raise ValidationFailed.field("payment.amount", "required for this payment method")
    return body.amount


def spread(sale: Sale, amount: Decimal, record_id: int | None) -> list[tuple[Item, Decimal]]:
    """``amount`` over the unpaid items (the named record's first), or 422 when the sale owes
    less."""
    if amount > sale.remaining:
        raise ValidationFailed.field(
            "payment.amount", f"more than the sale still owes ({wire(sale.remaining)})"
        )
    return _cover(sale, amount, record_id)


async def _pay_account(
    session: AsyncSession,
    location: Location,
    access: Access,
    sale: Sale,
    body: PaymentIn,
    record_id: int | None,
) -> None:
    account = await payments_repo.ACCOUNTS.get(session, location.id, body.method.account_id)
    if account is None:
        raise ValidationFailed.field("payment.method.account_id", "no such account")
    await pay_to_account(session, location, access, sale, account, amount_of(body), record_id)


async def pay_to_account(
    session: AsyncSession,
    location: Location,
    access: Access,
    sale: Sale,
    account: Account,
    amount: Decimal,
    record_id: int | None,
) -> None:
    now = utcnow()
    for item, part in spread(sale, amount, record_id):
        line = await payments_service.add_line(
            session,
            location,
            account_id=account.id,
            expense_id=EXPENSE_OF[item.type],
            amount=part,
            date=now,
            user_id=access.user_id,
            client_id=sale.client.id if sale.client else 0,
            master_id=item.master_id or 0,
            document_id=sale.document.id,
            record_id=item.record_id or 0,
            visit_id=sale.visit.id if sale.visit else 0,
            sold_item_type=item.type,
            sold_item_id=item.id,
        )
        sale.finance.append(line)


async def _pay_deposit(
    session: AsyncSession,
    location: Location,
    access: Access,
    sale: Sale,
    body: PaymentIn,
    record_id: int | None,
) -> None:
    access.require(DEPOSIT_RIGHT)
    if sale.client is None:
        raise ValidationFailed.field("payment.method.deposit_id", "the sale has no client")
    deposit = await deposits.client_deposit(
        session, location, sale.client, body.method.deposit_id, "payment.method.deposit_id"
    )
    for item, part in spread(sale, amount_of(body), record_id):
        move = await deposits.pay(
            session,
            location,
            deposit,
            part,
            user_id=access.user_id,
            document_id=sale.document.id,
        )
        await add_line(
            session, location, sale, item, DEPOSIT_WITHDRAWAL, part, deposit_transaction_id=move.id
        )


async def add_line(
    session: AsyncSession,
    location: Location,
    sale: Sale,
    item: Item,
    type_id: int,
    amount: Decimal,
    **source: int | None,
) -> SaleLoyaltyTransaction:
    """Write one non-cash line of the sale (a loyalty transaction type paying or discounting
    ``item``), naming what it came from (``deposit_transaction_id``, ``card_id``,
    ``certificate_id``, ``abonement_id``, ...), and count it in the sale."""
    row = SaleLoyaltyTransaction(
        location_id=location.id,
        document_id=sale.document.id,
        sale_item_type=item.type,
        sale_item_id=item.id,
        record_id=item.record_id,
        type_id=type_id,
        amount=amount,
        **source,
    )
    session.add(row)
    await session.flush()
    sale.loyalty.append(row)
    return row


async def _undo_deposit(
    session: AsyncSession, location: Location, line: SaleLoyaltyTransaction
) -> None:
    chain_id = deposits.chain_of(location)
    if line.deposit_transaction_id and chain_id is not None:
        await deposits.give_back(session, line.deposit_transaction_id, chain_id)


register(Method("account", _account_offers, _pay_account))
register(Method("deposit", _deposit_offers, _pay_deposit))
register_undo(DEPOSIT_WITHDRAWAL, _undo_deposit)
# The loyalty methods: listed, not applicable until the loyalty section registers them.
for _slug in (
    "loyalty_card",
    "loyalty_program",
    "loyalty_abonement",
    "loyalty_certificate",
    "referral_loyalty_program",
):
    register(Method(_slug, _not_yet(_slug)))


# --------------------------------------------------------------------------------------------
# Operations
# --------------------------------------------------------------------------------------------


async def pay(
    session: AsyncSession,
    location: Location,
    access: Access,
    document_id: int,
    body: PaymentIn,
    record_id: int | None = None,
) -> Sale:
    sale = await lock_sale(session, location, document_id)
    method = METHODS.get(body.method.slug)
    if method is None or method.pay is None:
        raise ValidationFailed.field("payment.method.slug", "this payment method is not available")
    await method.pay(session, location, access, sale, body, record_id)
    return await settle(session, location, document_id)


async def delete_payment(
    session: AsyncSession, location: Location, document_id: int, line_id: int, *, field: str = ""
) -> Sale:
    """Delete one payment line of the sale (not one of it: 404, or a field error when the id
    came in a body field)."""
    sale = await lock_sale(session, location, document_id)
    line = next((f for f in sale.finance if f.id == line_id), None)
    if line is None:
        if field:
            raise ValidationFailed.field(field, f"{line_id} is no payment of this visit")
        raise FinanceTransactionNotFound()
    line.deleted = True
    await session.flush()
    return await settle(session, location, document_id)


async def delete_loyalty(
    session: AsyncSession, location: Location, document_id: int, line_id: int
) -> Sale:
    sale = await lock_sale(session, location, document_id)
    line = next((x for x in sale.loyalty if x.id == line_id), None)
    if line is None:
        raise repo.LOYALTY.not_found()
    undo = UNDO.get(line.type_id)
    if undo is not None:
        await undo(session, location, line)
    line.deleted = True
    await session.flush()
    return await settle(session, location, document_id)


async def pay_account(
    session: AsyncSession,
    location: Location,
    access: Access,
    document_id: int,
    account_id: int,
    amount: Decimal,
    record_id: int | None,
) -> None:
    """A visit's new payment line (``new_transactions``): ``amount`` on ``account_id``."""
    sale = await lock_sale(session, location, document_id)
    account = await payments_repo.ACCOUNTS.get(session, location.id, account_id)
    if account is None:
        raise ValidationFailed.field("new_transactions.account_id", "no such account")
    if amount > sale.remaining:
        raise ValidationFailed.field(
            "new_transactions.amount", f"more than the visit still owes ({wire(sale.remaining)})"
        )
    await pay_to_account(session, location, access, sale, account, amount, record_id)
    await settle(session, location, document_id)


async def pay_rest(
    session: AsyncSession,
    location: Location,
    access: Access,
    document_id: int,
    account_type: int,
    record_id: int | None,
) -> None:
    """``fast_payment``: the rest of the sale, in full, on the default account of that kind
    (0 cash, 1 non-cash; the first of the kind when none is marked default)."""
    sale = await lock_sale(session, location, document_id)
    accounts = [
        a for a in await payments_repo.ACCOUNTS.all(session, location.id) if a.type == account_type
    ]
    account = next((a for a in accounts if a.is_default), accounts[0] if accounts else None)
    if account is None:
        raise ValidationFailed.field("fast_payment", "the location has no account of that kind")
    if sale.remaining > 0:
        await pay_to_account(session, location, access, sale, account, sale.remaining, record_id)
        await settle(session, location, document_id)


# --------------------------------------------------------------------------------------------
# Rendering
# --------------------------------------------------------------------------------------------


async def render_finance(
    session: AsyncSession, location: Location, rows: Sequence[FinanceTransaction]
) -> list[dict[str, Any]]:
    refs = await payments_service.load_refs(session, location.id, rows)
    out = []
    for f in rows:
        account = refs.accounts.get(f.account_id)
        expense = refs.expenses.get(f.expense_id)
        out.append(
            {
                "id": f.id,
                "document_id": f.document_id or 0,
                "sale_item_id": f.sold_item_id or 0,
                "sale_item_type": f.sold_item_type,
                "expense_id": f.expense_id,
                "account_id": f.account_id,
                "amount": wire(f.amount),
                "account": {
                    "id": f.account_id,
                    "title": account.title if account else "",
                    "is_cash": bool(account and account.type == 0),
                    "is_default": bool(account and account.is_default),
                },
                "expense": {"id": f.expense_id, "title": expense.title if expense else ""},
            }
        )
    return out


async def render_loyalty(
    session: AsyncSession, location: Location, rows: Sequence[SaleLoyaltyTransaction]
) -> list[dict[str, Any]]:
    chain_id = deposits.chain_of(location) or 0
    moves = {
        m.id: m
        for m in await deposits_repo.HISTORY.all(
            session,
            chain_id,
            deposits_repo.HISTORY.id_column.in_(
                [x.deposit_transaction_id for x in rows if x.deposit_transaction_id]
            ),
            with_deleted=True,
        )
    }
    found = await deposits_repo.DEPOSITS.by_ids(
        session, chain_id, {m.deposit_id for m in moves.values()}, with_deleted=True
    )
    types = await deposits_repo.types_by_ids(
        session, chain_id, [d.deposit_type_id for d in found.values()]
    )
    chain = await deposits_repo.chain(session, chain_id)
    tz = zone(location.timezone_name)
    extra: dict[int, dict[str, Any]] = {}
    for type_id, details in DETAILS.items():
        extra.update(await details(session, location, [x for x in rows if x.type_id == type_id]))
    out = []
    for x in rows:
        entry: dict[str, Any] = {
            "id": x.id,
            "document_id": x.document_id,
            "sale_item_id": x.sale_item_id,
            "sale_item_type": x.sale_item_type,
            "amount": wire(x.amount),
            "type_id": x.type_id,
            "created_at": iso(x.created_at, tz),
            "chain": {"id": chain_id, "title": chain.title if chain else ""},
            "type": {"id": x.type_id, "title": LOYALTY_TYPES.get(x.type_id, "")},
        }
        if x.card_id:
            entry["loyalty_card_id"] = x.card_id
        if x.program_id:
            entry["loyalty_program_id"] = x.program_id
        move = moves.get(x.deposit_transaction_id) if x.deposit_transaction_id else None
        if move is not None:
            d = found.get(move.deposit_id)
            kind = types.get(d.deposit_type_id) if d else None
            entry["deposit_transaction_id"] = move.id
            entry["deposit"] = {
                "id": move.deposit_id,
                "balance": wire(d.balance) if d else 0,
                "type": {"id": kind.id if kind else 0, "title": kind.title if kind else ""},
            }
        entry.update(extra.get(x.id, {}))
        out.append(entry)
    return out


def render_visit_loyalty(
    location: Location, rows: Sequence[SaleLoyaltyTransaction]
) -> list[dict[str, Any]]:
    """The non-cash payments and loyalty discounts as a visit's details list them."""
    chain_id = deposits.chain_of(location) or 0
    return [
        {
            "id": x.id,
            "status_id": 1,
            "amount": wire(x.amount),
            "type_id": x.type_id,
            "program_id": x.program_id or 0,
            "card_id": x.card_id or 0,
            "salon_group_id": chain_id,
            "item_id": x.sale_item_id,
            "item_type_id": 1 if x.sale_item_type == SERVICE else 2,
            "item_record_id": x.record_id or 0,
            "goods_transaction_id": x.sale_item_id if x.sale_item_type == GOOD else 0,
            "is_discount": x.type_id == DISCOUNT,
            "is_loyalty_withdraw": x.type_id != DISCOUNT,
            "type": {"id": x.type_id, "title": LOYALTY_TYPES.get(x.type_id, "")},
        }
        for x in rows
    ]


def render_item(item: Item) -> dict[str, Any]:
    out: dict[str, Any] = {"id": item.id, "type": item.type}
    if item.document_id:
        out["document_id"] = item.document_id
    out.update(
        {
            "title": item.title,
            "amount": wire(item.amount),
            "default_cost_per_unit": wire(item.unit),
            "default_cost_total": wire(cents(item.unit * item.amount)),
            "client_discount_percent": wire(item.discount),
            "cost_to_pay_total": wire(item.to_pay),
        }
    )
    return out


async def render(session: AsyncSession, location: Location, sale: Sale) -> dict[str, Any]:
    methods: list[dict[str, Any]] = []
    for method in METHODS.values():
        methods += await method.offers(session, location, sale)
    return {
        "state": {
            "items": [render_item(i) for i in sale.items],
            "loyalty_transactions": await render_loyalty(session, location, sale.loyalty),
            "payment_transactions": await render_finance(session, location, sale.finance),
        },
        "kkm_state": {"last_operation_type": 0, "transactions": []},
        "payment_methods": methods,
    }
