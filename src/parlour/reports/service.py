"""The Z-report: one local day (optionally one team member) summed from the ledgers.

Money is the day's live income lines of the money ledger (``paids.accounts``, per account)
and the day's non-cash sale payments (``paids.discount``, per kind); ``z_data`` lists the
same lines per client, team member and item, so its amounts add up to the totals.
``stats`` counts the day's records (with and without a client) and the paid items.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from parlour.errors import DocumentNotFound
from parlour.kit.money import ZERO, cents, wire
from parlour.kit.timeutil import iso, local_day_bounds, zone
from parlour.models import Location
from parlour.reports import repository as repo
from parlour.sales import service as sales

OTHERS = "Other operations"


def _avg(total: Decimal, count: int) -> int | float | None:
    return wire(cents(total / count)) if count else 0


def _entry(item: sales.Item | None, title: str) -> dict[str, Any]:
    first = cents(item.unit * item.amount) if item else ZERO
    result = item.to_pay if item else ZERO
    return {
        "item_title": item.title if item else title,
        "first_cost": first,
        "discount": cents(first - result) if item else ZERO,
        "result_cost": result,
        "transactions": [],
    }


async def z_report(
    session: AsyncSession, location: Location, day: date, master_id: int | None
) -> dict[str, Any]:
    tz = zone(location.timezone_name)
    start, end = local_day_bounds(day, tz)
    lines = [
        f
        for f in await repo.income(session, location.id, start, end)
        if not master_id or f.master_id == master_id
    ]
    loyalty = await repo.loyalty(session, location.id, start, end)
    sales_by_doc: dict[int, sales.Sale] = {}
    for doc_id in sorted(
        {f.document_id for f in lines if f.document_id and f.sold_item_type}
        | {x.document_id for x in loyalty}
    ):
        try:
            sales_by_doc[doc_id] = await sales.load_sale(session, location, doc_id)
        except DocumentNotFound:  # no sale (a top-up, a goods document): its lines are others
            continue
    if master_id:
        loyalty = [
            x
            for x in loyalty
            if (item := _item_of(sales_by_doc, x.document_id, x.sale_item_type, x.sale_item_id))
            is not None
            and item.master_id == master_id
        ]
    accounts = await repo.ACCOUNTS.by_ids(
        session, location.id, {f.account_id for f in lines}, with_deleted=True
    )

    # paids: per account and per non-cash kind
    per_account: dict[str, Decimal] = defaultdict(lambda: ZERO)
    for f in lines:
        account = accounts.get(f.account_id)
        per_account[account.title if account else ""] += f.amount
    per_kind: dict[str, Decimal] = defaultdict(lambda: ZERO)
    for x in loyalty:
        per_kind[sales.LOYALTY_TYPES.get(x.type_id, "")] += x.amount

    # z_data: client -> member -> item -> transactions
    tree: dict[int, dict[int, dict[str, Any]]] = defaultdict(dict)
    entries: dict[tuple[int, int, str, int], dict[str, Any]] = {}
    paid_kind: dict[str, Decimal] = defaultdict(lambda: ZERO)
    items_kind: dict[str, set[tuple[int, int]]] = defaultdict(set)

    def slot(client_id: int, member_id: int) -> dict[str, Any]:
        found = tree[client_id].get(member_id)
        if found is None:
            found = {"service": [], "good": [], "others": None}
            tree[client_id][member_id] = found
        return found

    def add(
        client_id: int,
        member_id: int,
        kind: str,
        item_id: int,
        doc_id: int,
        accounts_amount: Decimal,
        loyalty_amount: Decimal,
        payment_type: str,
    ) -> None:
        place = slot(client_id, member_id)
        item = (
            _item_of(sales_by_doc, doc_id, kind, item_id) if kind in ("service", "good") else None
        )
        if item is None:
            if place["others"] is None:
                place["others"] = _entry(None, OTHERS)
            entry = place["others"]
            entry["first_cost"] += accounts_amount + loyalty_amount
            entry["result_cost"] += accounts_amount + loyalty_amount
        else:
            key = (client_id, member_id, f"{doc_id}:{kind}", item_id)
            entry = entries.get(key)
            if entry is None:
                entry = entries[key] = _entry(item, "")
                place[kind].append(entry)
            paid_kind[kind] += accounts_amount + loyalty_amount
            items_kind[kind].add((doc_id, item_id))
        entry["transactions"].append(
            {
                "accounts_amount": wire(accounts_amount),
                "loyalty_amount": wire(loyalty_amount),
                "payment_type": payment_type,
            }
        )

    for f in lines:
        account = accounts.get(f.account_id)
        add(
            f.client_id or 0,
            f.master_id or 0,
            f.sold_item_type,
            f.sold_item_id or 0,
            f.document_id or 0,
            f.amount,
            ZERO,
            account.title if account else "",
        )
    for x in loyalty:
        sale = sales_by_doc.get(x.document_id)
        item = _item_of(sales_by_doc, x.document_id, x.sale_item_type, x.sale_item_id)
        add(
            sale.client.id if sale and sale.client else 0,
            (item.master_id or 0) if item else 0,
            x.sale_item_type,
            x.sale_item_id,
            x.document_id,
            ZERO,
            x.amount,
            sales.LOYALTY_TYPES.get(x.type_id, ""),
        )

    clients = await repo.CLIENTS.by_ids(session, location.id, tree.keys())
    members = await repo.MEMBERS.by_ids(
        session, location.id, {m for per in tree.values() for m in per}, with_deleted=True
    )
    day_rows = []
    for client_id in sorted(tree):
        c = clients.get(client_id)
        masters = []
        for member_id in sorted(tree[client_id]):
            place = tree[client_id][member_id]
            m = members.get(member_id)
            masters.append(
                {
                    "master_id": str(member_id),
                    "master_name": m.name if m else "",
                    "service": [_money(e) for e in place["service"]],
                    "good": [_money(e) for e in place["good"]],
                    "others": _money(place["others"] or _entry(None, OTHERS)),
                }
            )
        day_rows.append(
            {
                "client_id": str(client_id),
                "client_name": " ".join(p for p in (c.name, c.surname) if p) if c else "",
                "client_phone": (c.phone or "") if c else "",
                "client_email": c.email if c else "",
                "masters": masters,
            }
        )

    # stats
    records = await repo.records(session, location.id, start, end, master_id)
    with_client = [r for r in records if r.client_id]
    total_accounts = sum(per_account.values(), start=ZERO)
    total_loyalty = sum(per_kind.values(), start=ZERO)
    total = total_accounts + total_loyalty
    clients_count = len({r.client_id for r in with_client} | {k for k in tree if k})
    stats = {
        "clients": clients_count,
        "clients_average": _avg(total, clients_count),
        "records": len(records),
        "records_average": _avg(total, len(records)),
        "visit_records": len(with_client),
        "visit_records_average": _avg(total, len(with_client)),
        "non_visit_records": len(records) - len(with_client),
        "non_visit_records_average": _avg(total, len(records) - len(with_client))
        if len(records) > len(with_client)
        else 0,
        "targets": len(items_kind["service"]),
        "targets_paid": wire(cents(paid_kind["service"])),
        "goods": len(items_kind["good"]),
        "goods_paid": wire(cents(paid_kind["good"])),
        "certificates": 0,
        "certificates_paid": 0,
        "abonement": 0,
        "abonement_paid": 0,
    }
    return {
        "stats": stats,
        "paids": {
            "accounts": [
                {"title": t, "amount": wire(cents(a))} for t, a in sorted(per_account.items())
            ],
            "discount": [
                {"title": t, "amount": wire(cents(a))} for t, a in sorted(per_kind.items())
            ],
            "total": {
                "accounts": wire(cents(total_accounts)),
                "discount": wire(cents(total_loyalty)),
            },
        },
        "z_data": {iso(start, tz): day_rows} if day_rows else {},
        "currency": location.currency_short_title,
    }


def _item_of(
    found: dict[int, sales.Sale], doc_id: int, kind: str, item_id: int
) -> sales.Item | None:
    sale = found.get(doc_id)
    return sale.item(kind, item_id) if sale else None


def _money(entry: dict[str, Any]) -> dict[str, Any]:
    return {
        **entry,
        "first_cost": wire(cents(entry["first_cost"])),
        "discount": wire(cents(entry["discount"])),
        "result_cost": wire(cents(entry["result_cost"])),
    }
