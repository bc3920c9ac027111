"""The location's key metrics and charts, and a loyalty program's statistics.

A period is whole local days ``date_from``..``date_to`` (both included) in the location's
zone; the previous period is the same number of days right before it. Every measure is
computed from stored rows, so each chart adds up to its overall figure:

* income: the live income lines of the money ledger (positive amounts) dated in the period.
  Services are lines paying for a service (``sold_item_type`` "service", or a line of its own
  under the "Provision of services" item), goods likewise ("good" / "Goods sale"); the total
  is every income line except account top-ups (money kept for later, not earned). The average
  check is the total over the number of checks (the visits, or the documents of lines without
  a visit, that income came in for); the services' average is services over the checks that
  paid for services. A team member filter keeps the lines of those members.
* records: the live appointments starting in the period (a group event's hold of its member
  is not one). Completed: the client came (attendance 1); canceled: the client did not come
  (-1); pending: waiting or confirmed (0, 2).
* fullness: booked member-minutes (the appointments' lengths, group event holds included, the
  seats of an event not) over scheduled member-minutes (the members' schedule slots), in %.
* clients: active are the clients with an appointment in the period; new are those of them
  whose first appointment at the location is in the period, returning the others; lost are
  the clients who had an appointment in the previous period and none since (neither in the
  period nor later). total is every client of the location; new and returning percentages
  are of the active clients, lost of the total.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy.ext.asyncio import AsyncSession

from parlour.analytics import repository as repo
from parlour.errors import LoyaltyProgramNotFound, ValidationFailed
from parlour.kit.money import ZERO, cents, wire
from parlour.kit.timeutil import local_date, local_day_bounds, zone
from parlour.ledger_defaults import EXPENSE_DEPOSIT_TOP_UP, EXPENSE_GOODS_SALE, EXPENSE_SERVICES
from parlour.loyalty import repository as loyalty_repo
from parlour.models import FinanceTransaction, Location, LoyaltyTransaction, Record, ScheduleDay
from parlour.models.records import SOURCE_ADMIN, SOURCE_API, SOURCE_CABINET, SOURCE_WIDGET

# The longest period one request may cover (days).
MAX_DAYS = 366

COMPLETED, CANCELED = 1, -1
SOURCE_LABELS = (
    (SOURCE_ADMIN, "Administrator"),
    (SOURCE_WIDGET, "Widget"),
    (SOURCE_API, "API"),
    (SOURCE_CABINET, "Client cabinet"),
)
STATUS_LABELS = (
    (0, "Customer expectation"),
    (1, "The client came"),
    (2, "Customer confirmed"),
    (-1, "Client didn't come"),
)


# ---- periods and filters ---------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Period:
    first: date
    last: date
    tz: ZoneInfo

    @property
    def days(self) -> list[date]:
        return [self.first + timedelta(days=n) for n in range((self.last - self.first).days + 1)]

    @property
    def start(self) -> datetime:
        return local_day_bounds(self.first, self.tz)[0]

    @property
    def end(self) -> datetime:
        return local_day_bounds(self.last, self.tz)[1]

    def previous(self) -> Period:
        length = (self.last - self.first).days + 1
        return Period(self.first - timedelta(days=length), self.first - timedelta(days=1), self.tz)

    def day_of(self, at: datetime) -> date:
        return local_date(at, self.tz)

    def label(self, day: date) -> str:
        """A chart point's time: the local midnight starting ``day``, as upstream shows it."""
        return datetime.combine(day, time(0), tzinfo=self.tz).isoformat(timespec="milliseconds")


def period(location: Location, first: date, last: date) -> Period:
    if last < first:
        raise ValidationFailed.field("date_to", "must not be before date_from")
    if (last - first).days + 1 > MAX_DAYS:
        raise ValidationFailed.field("date_to", f"the period is at most {MAX_DAYS} days")
    return Period(first, last, zone(location.timezone_name))


@dataclass(frozen=True, slots=True)
class Filter:
    """Whose work is analysed: ``None`` all team members, else these ids (maybe none)."""

    staff_ids: frozenset[int] | None = None


async def member_filter(
    session: AsyncSession,
    location: Location,
    *,
    staff_id: int | None,
    position_id: int | None,
    user_id: int | None,
) -> Filter:
    """The team members the query names: one member, the members of a position and/or the
    members linked to a user; several given, the members every one of them names."""
    ids: set[int] | None = {staff_id} if staff_id is not None else None
    if position_id is not None or user_id is not None:
        found = await repo.member_ids(
            session, location.id, position_id=position_id, user_id=user_id
        )
        ids = found if ids is None else ids & found
    return Filter(frozenset(ids) if ids is not None else None)


# ---- arithmetic ------------------------------------------------------------------------------


def _round(value: Decimal, places: str = "1") -> Decimal:
    return value.quantize(Decimal(places), rounding=ROUND_HALF_UP)


def change_percent(current: Decimal | int, previous: Decimal | int) -> int | None:
    """How much ``current`` moved from ``previous``, in whole percent; null when there was
    nothing before and there is something now."""
    cur, prev = Decimal(current), Decimal(previous)
    if prev == 0:
        return 0 if cur == 0 else None
    return int(_round((cur - prev) * 100 / prev))


def share(part: int, whole: int) -> int | None:
    """``part`` of ``whole`` in whole percent; null when ``whole`` is 0."""
    return int(_round(Decimal(part) * 100 / whole)) if whole else None


def _money_text(value: Decimal) -> str:
    return f"{cents(value):.2f}"


def _percent(booked: int, scheduled: int) -> float:
    """Booked over scheduled minutes in percent, one decimal (0 without a schedule)."""
    if not scheduled:
        return 0.0
    return float(_round(Decimal(booked) * 100 / scheduled, "0.1"))


# ---- income ----------------------------------------------------------------------------------


def kind_of(line: FinanceTransaction) -> str:
    """ "service", "good", "topup" or "other" for an income line."""
    if line.sold_item_type == "service":
        return "service"
    if line.sold_item_type == "good":
        return "good"
    if line.expense_id == EXPENSE_SERVICES:
        return "service"
    if line.expense_id == EXPENSE_GOODS_SALE:
        return "good"
    if line.expense_id == EXPENSE_DEPOSIT_TOP_UP:
        return "topup"
    return "other"


def _check_of(line: FinanceTransaction) -> tuple[str, int]:
    if line.visit_id:
        return ("visit", line.visit_id)
    if line.document_id:
        return ("document", line.document_id)
    return ("line", line.id)


@dataclass(slots=True)
class Income:
    total: Decimal = ZERO
    services: Decimal = ZERO
    goods: Decimal = ZERO
    checks: set[tuple[str, int]] = field(default_factory=set)
    service_checks: set[tuple[str, int]] = field(default_factory=set)
    by_day: dict[date, Decimal] = field(default_factory=lambda: defaultdict(lambda: ZERO))

    @property
    def average(self) -> Decimal:
        return cents(self.total / len(self.checks)) if self.checks else ZERO

    @property
    def average_services(self) -> Decimal:
        return cents(self.services / len(self.service_checks)) if self.service_checks else ZERO


async def income(session: AsyncSession, location: Location, p: Period, who: Filter) -> Income:
    out = Income()
    for line in await repo.income_lines(session, location.id, p.start, p.end, who.staff_ids):
        kind = kind_of(line)
        if kind == "topup":
            continue
        out.total += line.amount
        out.checks.add(_check_of(line))
        out.by_day[p.day_of(line.date)] += line.amount
        if kind == "service":
            out.services += line.amount
            out.service_checks.add(_check_of(line))
        elif kind == "good":
            out.goods += line.amount
    return out


# ---- records, fullness, clients --------------------------------------------------------------


@dataclass(slots=True)
class Records:
    rows: list[Record]
    first_starts: dict[int, datetime]
    period: Period

    @property
    def completed(self) -> int:
        return sum(1 for r in self.rows if r.attendance == COMPLETED)

    @property
    def canceled(self) -> int:
        return sum(1 for r in self.rows if r.attendance == CANCELED)

    @property
    def pending(self) -> int:
        return len(self.rows) - self.completed - self.canceled

    @property
    def client_ids(self) -> set[int]:
        return {r.client_id for r in self.rows if r.client_id}

    @property
    def new_client_ids(self) -> set[int]:
        start = self.period.start
        return {
            c for c in self.client_ids if c in self.first_starts and self.first_starts[c] >= start
        }


async def records(session: AsyncSession, location: Location, p: Period, who: Filter) -> Records:
    rows = await repo.records(session, location.id, p.start, p.end, who.staff_ids)
    firsts = await repo.first_starts(
        session, location.id, {r.client_id for r in rows if r.client_id}
    )
    return Records(rows, firsts, p)


def _slot_minutes(slot: dict[str, Any]) -> int:
    def minutes(text: Any) -> int:
        hours, _, mins = str(text).partition(":")
        return int(hours) * 60 + int(mins or 0)

    try:
        return max(minutes(slot.get("to")) - minutes(slot.get("from")), 0)
    except ValueError:
        return 0


@dataclass(slots=True)
class Fullness:
    booked: dict[date, int]
    scheduled: dict[date, int]

    @property
    def percent(self) -> float:
        return _percent(sum(self.booked.values()), sum(self.scheduled.values()))

    def percent_on(self, day: date) -> float:
        return _percent(self.booked.get(day, 0), self.scheduled.get(day, 0))


async def fullness(
    session: AsyncSession, location: Location, p: Period, who: Filter, rows: Sequence[Record]
) -> Fullness:
    """Booked member-minutes over scheduled member-minutes, per local day."""
    booked: dict[date, int] = defaultdict(int)
    for r in rows:
        if r.activity_id is None:  # an event's seats share its hold's time
            booked[p.day_of(r.start_at)] += r.seance_length // 60
    for r in await repo.event_holds(session, location.id, p.start, p.end, who.staff_ids):
        booked[p.day_of(r.start_at)] += r.seance_length // 60
    scheduled: dict[date, int] = defaultdict(int)
    days: list[ScheduleDay] = await repo.schedule_days(
        session, location.id, p.first, p.last, who.staff_ids
    )
    for d in days:
        scheduled[d.day_date] += sum(_slot_minutes(s) for s in d.slots or [])
    return Fullness(booked, scheduled)


# ---- the overall figures ---------------------------------------------------------------------


def _currency(location: Location) -> dict[str, Any]:
    return {
        "id": 0,
        "iso": "",
        "name": location.currency_short_title,
        "symbol": location.currency_short_title,
        "is_symbol_after_amount": False,
    }


def _money_stats(location: Location, current: Decimal, previous: Decimal) -> dict[str, Any]:
    return {
        "current_sum": _money_text(current),
        "previous_sum": _money_text(previous),
        "change_percent": change_percent(current, previous),
        "currency": _currency(location),
    }


async def overall(
    session: AsyncSession, location: Location, p: Period, who: Filter
) -> dict[str, Any]:
    prev = p.previous()
    cur_income, prev_income = (
        await income(session, location, p, who),
        await income(session, location, prev, who),
    )
    cur, before = (
        await records(session, location, p, who),
        await records(session, location, prev, who),
    )
    cur_full = await fullness(session, location, p, who, cur.rows)
    prev_full = await fullness(session, location, prev, who, before.rows)
    total = len(cur.rows)
    active = cur.client_ids
    new = cur.new_client_ids
    seen = await repo.clients_seen_since(session, location.id, before.client_ids, p.start)
    lost = before.client_ids - seen
    clients_total = await repo.client_count(session, location.id)
    return {
        "income_total_stats": _money_stats(location, cur_income.total, prev_income.total),
        "income_services_stats": _money_stats(location, cur_income.services, prev_income.services),
        "income_goods_stats": _money_stats(location, cur_income.goods, prev_income.goods),
        "income_average_stats": _money_stats(location, cur_income.average, prev_income.average),
        "income_average_services_stats": _money_stats(
            location, cur_income.average_services, prev_income.average_services
        ),
        "fullness_stats": {
            "current_percent": cur_full.percent,
            "previous_percent": prev_full.percent,
            "change_percent": change_percent(
                Decimal(str(cur_full.percent)), Decimal(str(prev_full.percent))
            ),
        },
        "record_stats": {
            "current_completed_count": cur.completed,
            "current_completed_percent": share(cur.completed, total),
            "current_pending_count": cur.pending,
            "current_pending_percent": share(cur.pending, total),
            "current_canceled_count": cur.canceled,
            "current_canceled_percent": share(cur.canceled, total),
            "current_total_count": total,
            "previous_total_count": len(before.rows),
            "change_percent": change_percent(total, len(before.rows)),
        },
        "client_stats": {
            "total_count": clients_total,
            "new_count": len(new),
            "new_percent": share(len(new), len(active)) or 0,
            "return_count": len(active - new),
            "return_percent": share(len(active - new), len(active)) or 0,
            "active_count": len(active),
            "lost_count": len(lost),
            "lost_percent": share(len(lost), clients_total) or 0,
        },
    }


# ---- charts ----------------------------------------------------------------------------------


def _series(label: str, p: Period, values: dict[date, Any]) -> dict[str, Any]:
    return {"label": label, "data": [[p.label(d), values.get(d, 0)] for d in p.days]}


async def income_daily(
    session: AsyncSession, location: Location, p: Period, who: Filter
) -> list[dict[str, Any]]:
    got = await income(session, location, p, who)
    return [_series("Revenue", p, {d: wire(v) for d, v in got.by_day.items()})]


async def records_daily(
    session: AsyncSession, location: Location, p: Period, who: Filter
) -> list[dict[str, Any]]:
    got = await records(session, location, p, who)
    new = got.new_client_ids
    every: dict[date, int] = defaultdict(int)
    online: dict[date, int] = defaultdict(int)
    fresh: dict[date, int] = defaultdict(int)
    for r in got.rows:
        day = p.day_of(r.start_at)
        every[day] += 1
        if r.source != SOURCE_ADMIN:
            online[day] += 1
        if r.client_id in new:
            fresh[day] += 1
    return [
        _series("Number of records", p, every),
        _series("Number of online appointments", p, online),
        _series("Number of new customer appointments", p, fresh),
    ]


async def fullness_daily(
    session: AsyncSession, location: Location, p: Period, who: Filter
) -> list[dict[str, Any]]:
    got = await records(session, location, p, who)
    full = await fullness(session, location, p, who, got.rows)
    return [_series("Working day occupancy, %", p, {d: full.percent_on(d) for d in p.days})]


async def record_source(
    session: AsyncSession, location: Location, p: Period, who: Filter
) -> list[dict[str, Any]]:
    got = await records(session, location, p, who)
    counts: dict[str, int] = defaultdict(int)
    for r in got.rows:
        counts[r.source] += 1
    return [{"label": label, "data": counts.get(key, 0)} for key, label in SOURCE_LABELS]


async def record_status(
    session: AsyncSession, location: Location, p: Period, who: Filter
) -> list[dict[str, Any]]:
    got = await records(session, location, p, who)
    counts: dict[int, int] = defaultdict(int)
    for r in got.rows:
        counts[r.attendance] += 1
    return [{"label": label, "data": counts.get(key, 0)} for key, label in STATUS_LABELS]


# ---- loyalty programs ------------------------------------------------------------------------


@dataclass(slots=True)
class Participant:
    """A client who used the program at the location in the period."""

    client_id: int
    old: bool  # used it at the location before the period
    first_at: datetime  # the first use in the period
    last_at: datetime  # the last use in the period
    days: set[date] = field(default_factory=set)
    visit_ids: set[int] = field(default_factory=set)
    returned_visit_ids: set[int] = field(default_factory=set)
    lost: bool = False

    @property
    def returned(self) -> bool:
        return bool(self.returned_visit_ids)


async def _program_of(session: AsyncSession, location: Location, program_id: int) -> None:
    for chain_id in await loyalty_repo.chain_ids_of(session, location.id):
        try:
            await repo.program(session, chain_id, program_id)
            return
        except LoyaltyProgramNotFound:
            continue
    raise LoyaltyProgramNotFound()


async def _client_of_lines(
    session: AsyncSession, location: Location, lines: Iterable[LoyaltyTransaction]
) -> dict[int, int]:
    """Each ledger line's client at the location: its visit's client, else the client with its
    card's phone."""
    lines = list(lines)
    visits = await repo.visits(session, location.id, {x.visit_id for x in lines if x.visit_id})
    phones: dict[int, str] = {}
    for chain_id in await loyalty_repo.chain_ids_of(session, location.id):
        phones |= await repo.card_phones(session, chain_id, {x.card_id for x in lines if x.card_id})
    by_phone = await repo.clients_by_phone(session, location.id, phones.values())
    out: dict[int, int] = {}
    for x in lines:
        visit = visits.get(x.visit_id) if x.visit_id else None
        if visit is not None and visit.client_id:
            out[x.id] = visit.client_id
        elif x.card_id and phones.get(x.card_id) in by_phone:
            out[x.id] = by_phone[phones[x.card_id]]
    return out


async def participants(
    session: AsyncSession, location: Location, p: Period, program_id: int
) -> dict[int, Participant]:
    """The program's participants in the period. A participant returned when they came again
    (an appointment the client came to, in another visit) after their first use, within the
    period; one who did not return is lost when nothing is booked for them after their last
    use."""
    await _program_of(session, location, program_id)
    lines = await repo.program_lines(session, location.id, program_id, p.end)
    clients = await _client_of_lines(session, location, lines)
    earlier = {clients[x.id] for x in lines if x.id in clients and x.created_at < p.start}
    found: dict[int, Participant] = {}
    for x in lines:
        client_id = clients.get(x.id)
        if client_id is None or x.created_at < p.start:
            continue
        one = found.get(client_id)
        if one is None:
            one = found[client_id] = Participant(
                client_id, client_id in earlier, x.created_at, x.created_at
            )
        one.first_at = min(one.first_at, x.created_at)
        one.last_at = max(one.last_at, x.created_at)
        one.days.add(p.day_of(x.created_at))
        if x.visit_id:
            one.visit_ids.add(x.visit_id)
    if not found:
        return found
    since = min(one.first_at for one in found.values())
    later = await repo.client_records_after(session, location.id, found, since)
    for r in later:
        one = found[r.client_id or 0]
        if r.start_at <= one.first_at or r.visit_id in one.visit_ids:
            continue
        if r.attendance == COMPLETED and r.start_at < p.end and r.visit_id:
            one.returned_visit_ids.add(r.visit_id)
    for one in found.values():
        if not one.returned:
            one.lost = not any(
                r.client_id == one.client_id
                and r.start_at > one.last_at
                and r.visit_id not in one.visit_ids
                for r in later
            )
    return found


def _client_block(group: Iterable[Participant]) -> dict[str, Any]:
    group = list(group)
    returned = sum(1 for g in group if g.returned)
    return {
        "all_count": len(group),
        "lost_count": sum(1 for g in group if g.lost),
        "returned_count": returned,
        "returned_percent": (
            float(_round(Decimal(returned) * 100 / len(group), "0.1")) if group else 0
        ),
    }


def _number(value: float) -> int | float:
    return int(value) if value == int(value) else value


async def loyalty_visits(
    session: AsyncSession, location: Location, p: Period, program_id: int
) -> dict[str, Any]:
    found = list((await participants(session, location, p, program_id)).values())
    new = [g for g in found if not g.old]
    old = [g for g in found if g.old]
    by_day = []
    for day in p.days:
        by_day.append(
            {
                "date": day.isoformat(),
                "new_count": sum(1 for g in new if day in g.days),
                "old_count": sum(1 for g in old if day in g.days),
            }
        )
    blocks = {"new": _client_block(new), "old": _client_block(old), "total": _client_block(found)}
    for block in blocks.values():
        block["returned_percent"] = _number(block["returned_percent"])
    return {"client_stats": blocks, "visits_stats_by_day": by_day}


async def loyalty_income(
    session: AsyncSession, location: Location, p: Period, program_id: int
) -> dict[str, Any]:
    """The participants' income in the period (every income line for them, top-ups left
    out); ``returned_sum`` is the part paid for the visits they came back for."""
    found = await participants(session, location, p, program_id)
    lines = await repo.client_income(session, location.id, found, p.start, p.end)
    sums = {k: {"all_sum": ZERO, "returned_sum": ZERO} for k in ("new", "old", "total")}
    by_day: dict[date, dict[str, Decimal]] = defaultdict(lambda: {"new": ZERO, "old": ZERO})
    for line in lines:
        if kind_of(line) == "topup":
            continue
        one = found[line.client_id or 0]
        group = "old" if one.old else "new"
        back = line.visit_id in one.returned_visit_ids
        for key in (group, "total"):
            sums[key]["all_sum"] += line.amount
            if back:
                sums[key]["returned_sum"] += line.amount
        by_day[p.day_of(line.date)][group] += line.amount
    return {
        "income_stats": {k: {n: wire(v) for n, v in s.items()} for k, s in sums.items()},
        "currency": _currency(location),
        "income_stats_by_day": [
            {
                "date": day.isoformat(),
                "new_sum": wire(by_day[day]["new"]) if day in by_day else 0,
                "old_sum": wire(by_day[day]["old"]) if day in by_day else 0,
            }
            for day in p.days
        ],
    }


async def loyalty_staff(
    session: AsyncSession, location: Location, p: Period, program_id: int
) -> list[dict[str, Any]]:
    """Per team member: the participants whose program visits had an appointment with them."""
    found = await participants(session, location, p, program_id)
    visit_ids = {v for one in found.values() for v in one.visit_ids}
    per_member: dict[int, set[int]] = defaultdict(set)
    for r in await repo.visit_records(session, location.id, visit_ids):
        if r.client_id in found and r.visit_id in found[r.client_id].visit_ids:
            per_member[r.staff_id].add(r.client_id)
    members = await repo.members(session, location.id, per_member)
    out = []
    for member_id in sorted(per_member):
        block = _client_block(found[c] for c in sorted(per_member[member_id]))
        block["returned_percent"] = _number(block["returned_percent"])
        m = members.get(member_id)
        out.append({"client_stats": block, "staff": {"id": member_id, "name": m.name if m else ""}})
    return out
