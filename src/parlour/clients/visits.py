"""POST /company/{id}/clients/visits/search: a client's records, newest first, in pages of
25 cut at day boundaries, with ``dateCursor`` telling where the neighbouring pages lie.

Parlour keeps no cash ledger: a record the client arrived at counts as paid in full, any other
record as not paid. Parlour sells no goods, so ``goods_transactions`` is always empty.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from parlour.clients import lookup
from parlour.clients import repository as repo
from parlour.clients.schemas import VisitSearch
from parlour.errors import ClientNotFound, ValidationFailed
from parlour.kit.money import wire
from parlour.kit.phones import location_region, normalize_phone
from parlour.kit.timeutil import iso, local_date, parse_date, zone
from parlour.models import Client, Location, Record

PAGE = 25
ARRIVED = 1


def _payment_status(record: Record) -> str:
    return "paid_full" if record.attendance == ARRIVED else "not_paid"


async def _client(session: AsyncSession, location: Location, body: VisitSearch) -> Client:
    if body.client_id is not None:
        return await repo.CLIENTS.load(session, location.id, body.client_id)
    if body.client_phone is not None and str(body.client_phone).strip():
        phone = normalize_phone(
            str(body.client_phone), region=location_region(location), field="client_phone"
        )
        found = await lookup.by_phone(session, location.id, phone)
        if found is None:
            raise ClientNotFound()
        return found
    raise ValidationFailed.field("client_id", "client_id or client_phone is required")


def _pages(days: Sequence[date], start: int) -> int:
    """Index one past the page that starts at ``start``: 25 items, extended to the day's end."""
    end = min(start + PAGE, len(days))
    while 0 < end < len(days) and days[end] == days[end - 1]:
        end += 1
    return end


def _cursor(days: Sequence[date], start: int, end: int) -> dict[str, Any]:
    if start >= end:
        return {"to": None, "from": None, "count": None}
    # Newest first: the page's "to" is its first item's day, "from" its last one's.
    return {"to": days[start].isoformat(), "from": days[end - 1].isoformat(), "count": end - start}


async def search(session: AsyncSession, location: Location, body: VisitSearch) -> dict[str, Any]:
    client = await _client(session, location, body)
    tz = zone(location.timezone_name)
    low = parse_date(body.date_from, "from") if body.date_from else None
    high = parse_date(body.date_to, "to") if body.date_to else None
    if low and high and low > high:
        raise ValidationFailed.field("from", "from is after to")
    records = await repo.client_records(session, location.id, client.id, body.attendance)
    if body.payment_statuses:
        wanted = set(body.payment_statuses)
        records = [r for r in records if _payment_status(r) in wanted]
    days = [local_date(r.start_at, tz) for r in records]
    # Records newer than "to" make up the previous page; from "to" down, "from" bounds only
    # the current page, so the next page's cursor can point below it.
    cut = next((i for i, d in enumerate(days) if not (high and d > high)), len(days))
    newer_days, below_days = days[:cut], days[cut:]
    window = sum(1 for d in below_days if not (low and d < low))
    end = min(_pages(below_days, 0), window)
    current = records[cut : cut + end]
    following = below_days[end:]
    previous = newer_days[-PAGE:]
    meta = {
        "dateCursor": {
            "previous": _cursor(previous, 0, len(previous)),
            "current": _cursor(below_days, 0, end),
            "next": _cursor(following, 0, _pages(following, 0)),
        }
    }
    return {"data": await _render(session, location, current), "meta": meta}


async def _render(
    session: AsyncSession, location: Location, records: list[Record]
) -> dict[str, Any]:
    tz = zone(location.timezone_name)
    staff_ids = {r.staff_id for r in records}
    service_ids = {s.service_id for r in records for s in r.services}
    staff = await repo.members_by_id(session, location.id, list(staff_ids))
    positions = await repo.positions_by_id(
        session, location.id, [m.position_id for m in staff.values() if m.position_id]
    )
    services = await repo.services_by_id(session, location.id, list(service_ids))
    company = {"id": location.id, "title": location.title}
    out = []
    for r in records:
        member = staff.get(r.staff_id)
        position = positions.get(member.position_id) if member and member.position_id else None
        status = _payment_status(r)
        out.append(
            {
                "id": r.id,
                "comment": r.comment,
                "date": iso(r.start_at, tz),
                "visit_id": r.visit_id or 0,
                "attendance": r.attendance,
                "services": [
                    {
                        "id": s.service_id,
                        "title": services[s.service_id].title if s.service_id in services else "",
                        "first_cost": wire(s.first_cost),
                        "discount_percent": wire(s.discount),
                        "cost_to_pay": wire(s.cost),
                        "paid_sum": wire(s.cost) if status == "paid_full" else 0,
                        "payment_status": status,
                        "consumables": [],
                    }
                    for s in r.services
                ],
                "staff": {
                    "id": r.staff_id,
                    "name": member.name if member else "",
                    "company_id": location.id,
                    "specialization": member.specialization if member else "",
                    "avatar": member.avatar if member else "",
                    "avatar_big": member.avatar if member else "",
                    "position": ({"id": position.id, "title": position.title} if position else []),
                    "is_paid_staff": False,
                },
                "company": company,
                "tips": {"has_tips": False, "sum": None},
            }
        )
    return {"goods_transactions": [], "records": out}
