"""Salary rules: schemes, their assignment, what a team member earned, payroll calculations
and mutual settlements.

*Earned* is computed from the ledgers, never stored: the team member's records in the period
that the client came to (attendance 1), each with the services and goods of its visit's sale
(sales.service.load_sale), and the goods-sale documents the member sold in the period. Each
sold thing (a *target*) has

- a **cost**: its default price times the amount, before any discount;
- a **net cost**: the cost less every discount (the item's own or the client's discount, and
  the loyalty program's discount lines, type 1). Payments by loyalty card points (3), gift
  certificate (8), membership (9) or client account (11) are payments, not discounts: they do
  not lower the net cost;
- how it was paid: money (finance lines), discount, bonus (3), certificate (8), membership (9),
  deposit (11).

The scheme assigned to the member on the item's date gives the rule (the target's own, then its
category's, then the default of its kind); a percent rule counts on the cost or on the net
cost, a fixed rule counts per unit sold.

A *payroll calculation* freezes the items of a period not frozen before, with their salary;
its amount is accrued on the day it is made. Payouts settle calculations oldest first; one no
payout has reached can be deleted (its items are then free to be calculated again).

Working days and hours are the team member's schedule (the days with working periods in the
period, and those periods' length), not their records. *Payouts* are finance lines of expense item 3
naming the member (``POST /finance_transactions``); mutual settlements are accrued (income),
paid out (expense) and the balance owed at the end of the period.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from parlour.auth.access import Access
from parlour.errors import AccessDenied, Conflict, ValidationFailed
from parlour.kit.money import HUNDRED, ZERO, cents, to_decimal, wire
from parlour.kit.timeutil import local_date, local_day_bounds, parse_date, utcnow, zone
from parlour.models import (
    Location,
    PayrollCalculation,
    SalaryScheme,
    SalarySchemeAssignment,
    SalarySchemeRule,
    TeamMember,
)
from parlour.models.loyalty import (
    TX_ACCOUNT_WITHDRAWAL,
    TX_CARD_WITHDRAWAL,
    TX_CERTIFICATE_WITHDRAWAL,
    TX_MEMBERSHIP_USE,
    TX_PROGRAM_DISCOUNT,
)
from parlour.models.salary import (
    BASE_COST,
    BASE_NET_COST,
    FIXED,
    PERCENT,
    TARGET_CATEGORY,
    TARGET_GOOD,
    TARGET_SERVICE,
)
from parlour.products import repository as products_repo
from parlour.salary import repository as repo
from parlour.salary.schemas import AssignmentIn, CalculationIn, SchemeWrite
from parlour.sales import repository as sales_repo
from parlour.sales import service as sales
from parlour.schedules import repository as schedules_repo
from parlour.services import repository as services_repo

# The rights (decisions.json, "salary rights").
CALC_RIGHT = "finances_salary_calc_access"
OWN_RIGHT = "finances_salary_access_master_checkbox"
SCHEMES_RIGHT = "finances_salary_schemes_access"
CREATE_RIGHT = "finances_payroll_calculation_create_access"
CREATE_ANY_DAY = "finances_payroll_calculation_create_not_limitation_today_access"
CREATE_OWN_RIGHT = "finances_payroll_calculation_create_by_master_access"
CREATE_OWN_ANY_DAY = "calculation_create_by_master_not_limitation_today_access"
MEMBER_LIMITS = ("finances_salary_access_master_id", "get_salary_access_master_id")
ANY_DAY = "finances_salary_not_limitation_today_access"
OWN_ANY_DAY = "finances_salary_master_not_limitation_today_access"

# How a non-cash payment line pays, by its loyalty transaction type.
PAID_BY = {
    TX_PROGRAM_DISCOUNT: "discount_sum",
    TX_CARD_WITHDRAWAL: "bonus_sum",
    TX_CERTIFICATE_WITHDRAWAL: "certificate_sum",
    TX_MEMBERSHIP_USE: "abonement_sum",
    TX_ACCOUNT_WITHDRAWAL: "deposit_sum",
}
PAID_KEYS = (
    "money_sum",
    "discount_sum",
    "bonus_sum",
    "certificate_sum",
    "abonement_sum",
    "deposit_sum",
)
ITEM_RECORD = "record"
ITEM_GOODS_SALE = "goods_sale"
TARGET_OF = {sales.SERVICE: TARGET_SERVICE, sales.GOOD: TARGET_GOOD}
CRITERIA = {TARGET_SERVICE: "Services", TARGET_CATEGORY: "Service category", TARGET_GOOD: "Goods"}
BASE_TITLE = {BASE_COST: "Cost", BASE_NET_COST: "Net cost (after discounts)"}


def money(value: Decimal | int) -> str:
    """A sum as upstream sends it: a numeric string ("1000", "240746.48", "142.5")."""
    amount = cents(Decimal(value))
    if amount == amount.to_integral_value():
        return str(int(amount))
    return format(amount.normalize(), "f")


def _dec(value: Any) -> Decimal:
    return to_decimal(value or 0)


def currency(location: Location) -> dict[str, Any]:
    return {"symbol": location.currency_short_title}


def full_currency(location: Location) -> dict[str, Any]:
    return {
        "id": 0,
        "iso": "",
        "name": location.currency_short_title,
        "symbol": location.currency_short_title,
        "is_symbol_after_amount": False,
    }


# --------------------------------------------------------------------------------------------
# Rights
# --------------------------------------------------------------------------------------------


def member_limit(access: Access) -> int:
    """The one team member the user's payroll access is limited to (0: none)."""
    if not access.has(OWN_RIGHT):
        return 0
    for slug in MEMBER_LIMITS:
        value = int(access.rights.get(slug) or 0)
        if value:
            return value
    return 0


def check_member(
    access: Access,
    location: Location,
    member: TeamMember,
    *,
    own: bool = False,
    period: tuple[date, date] | None = None,
) -> None:
    """403 unless the user may see this member's payroll (and, without the "not only today"
    right, only for today)."""
    limit = member_limit(access)
    if limit and limit != member.id:
        raise AccessDenied()
    if period is not None and not access.has(OWN_ANY_DAY if own else ANY_DAY):
        _today_only(location, period)


def _today_only(location: Location, period: tuple[date, date]) -> None:
    today = local_date(utcnow(), zone(location.timezone_name))
    if period != (today, today):
        raise AccessDenied()


def may_calculate(access: Access) -> None:
    """The gate of making and deleting payroll calculations: the right to make them, or the
    right to make them for the one team member the user's payroll access is limited to (403
    before anything in the path is read)."""
    if access.has(CREATE_RIGHT):
        return
    if access.has(CREATE_OWN_RIGHT) and member_limit(access):
        return
    raise AccessDenied()


def check_calculate(
    access: Access, location: Location, member: TeamMember, period: tuple[date, date]
) -> None:
    """403 unless the user may make (or delete) this member's payroll calculation of
    ``period``.

    With finances_payroll_calculation_create_access: any member their payroll access opens
    (the member limit of :func:`check_member` holds); else with
    finances_payroll_calculation_create_by_master_access: only the member their payroll access
    is limited to. Without the matching "not only today" right
    (finances_payroll_calculation_create_not_limitation_today_access, or
    calculation_create_by_master_not_limitation_today_access for the member-only right) the
    period must be today alone.
    """
    if access.has(CREATE_RIGHT):
        check_member(access, location, member)
        any_day = CREATE_ANY_DAY
    elif access.has(CREATE_OWN_RIGHT) and member_limit(access) == member.id:
        any_day = CREATE_OWN_ANY_DAY
    else:
        raise AccessDenied()
    if not access.has(any_day):
        _today_only(location, period)


def period_of(date_from: str, date_to: str) -> tuple[date, date]:
    start = parse_date(date_from, "date_from")
    end = parse_date(date_to, "date_to")
    if end < start:
        raise ValidationFailed.field("date_to", "must not be before date_from")
    if (end - start).days > 366:
        raise ValidationFailed.field("date_to", "a period is at most a year")
    return start, end


# --------------------------------------------------------------------------------------------
# Schemes
# --------------------------------------------------------------------------------------------


async def _check_targets(session: AsyncSession, location: Location, body: SchemeWrite) -> None:
    wanted: dict[str, set[int]] = {
        TARGET_SERVICE: set(),
        TARGET_CATEGORY: set(),
        TARGET_GOOD: set(),
    }
    seen: set[tuple[str, int]] = set()
    for i, rule in enumerate(body.rules):
        where = f"rules.{i}"
        if (rule.target_type, rule.target_id) in seen:
            raise ValidationFailed.field(where, "two rules for one target")
        seen.add((rule.target_type, rule.target_id))
        if rule.type_slug == PERCENT and rule.value > HUNDRED:
            raise ValidationFailed.field(f"{where}.value", "a percent is at most 100")
        if rule.target_type == TARGET_CATEGORY and not rule.target_id:
            raise ValidationFailed.field(f"{where}.target_id", "a category rule names a category")
        if rule.target_id:
            wanted[rule.target_type].add(rule.target_id)
    found: dict[str, dict[int, Any]] = {
        TARGET_SERVICE: await services_repo.SERVICES.by_ids(
            session, location.id, wanted[TARGET_SERVICE]
        ),
        TARGET_CATEGORY: await services_repo.CATEGORIES.by_ids(
            session, location.id, wanted[TARGET_CATEGORY]
        ),
        TARGET_GOOD: await products_repo.PRODUCTS.by_ids(session, location.id, wanted[TARGET_GOOD]),
    }
    for kind, ids in wanted.items():
        missing = ids - set(found[kind])
        if missing:
            raise ValidationFailed.field("rules", f"no {kind} {min(missing)} in this location")


def _add_rules(
    session: AsyncSession, location: Location, scheme_id: int, body: SchemeWrite
) -> None:
    for rule in body.rules:
        session.add(
            SalarySchemeRule(
                location_id=location.id,
                scheme_id=scheme_id,
                target_type=rule.target_type,
                target_id=rule.target_id,
                type_slug=rule.type_slug,
                value=rule.value,
                base=rule.base,
            )
        )


async def create_scheme(
    session: AsyncSession, location: Location, body: SchemeWrite
) -> SalaryScheme:
    await _check_targets(session, location, body)
    scheme = SalaryScheme(location_id=location.id, title=body.title.strip())
    session.add(scheme)
    await session.flush()
    _add_rules(session, location, scheme.id, body)
    await session.flush()
    return scheme


async def update_scheme(
    session: AsyncSession, location: Location, scheme_id: int, body: SchemeWrite
) -> SalaryScheme:
    """Replace a scheme's title and rules. Calculations made before keep their frozen items
    (their details then show the discrepancy)."""
    scheme = await repo.SCHEMES.load(session, location.id, scheme_id)
    await _check_targets(session, location, body)
    scheme.title = body.title.strip()
    await repo.drop_rules(session, location.id, scheme.id)
    _add_rules(session, location, scheme.id, body)
    scheme.updated_at = utcnow()
    await session.flush()
    return scheme


async def list_schemes(session: AsyncSession, location: Location) -> list[SalaryScheme]:
    return await repo.SCHEMES.all(session, location.id)


def render_rule(rule: SalarySchemeRule) -> dict[str, Any]:
    return {
        "target_type": rule.target_type,
        "target_id": rule.target_id,
        "type_slug": rule.type_slug,
        "value": wire(rule.value),
        "base": rule.base,
    }


async def render_schemes(
    session: AsyncSession, location: Location, schemes: Sequence[SalaryScheme]
) -> list[dict[str, Any]]:
    rules = await repo.rules_of(session, location.id, [s.id for s in schemes])
    return [
        {"id": s.id, "title": s.title, "rules": [render_rule(r) for r in rules.get(s.id, [])]}
        for s in schemes
    ]


# --------------------------------------------------------------------------------------------
# Assignments
# --------------------------------------------------------------------------------------------


async def assign(
    session: AsyncSession, location: Location, member: TeamMember, body: AssignmentIn
) -> SalarySchemeAssignment:
    scheme = await repo.SCHEMES.get(session, location.id, body.salary_scheme_id)
    if scheme is None:
        raise ValidationFailed.field("salary_scheme_id", "no such salary scheme")
    start = parse_date(body.date_start, "date_start")
    end = parse_date(body.date_end, "date_end") if body.date_end else None
    if end is not None and end < start:
        raise ValidationFailed.field("date_end", "must not be before date_start")
    row = SalarySchemeAssignment(
        location_id=location.id,
        team_member_id=member.id,
        scheme_id=scheme.id,
        date_start=start,
        date_end=end,
    )
    session.add(row)
    await session.flush()
    return row


def _stamp(day: date, location: Location) -> str:
    """A date as upstream's scheme dates show it: the local midnight, with milliseconds."""
    start, _ = local_day_bounds(day, zone(location.timezone_name))
    local = start.astimezone(zone(location.timezone_name))
    offset = local.strftime("%z")
    return local.strftime("%Y-%m-%dT%H:%M:%S") + f".000{offset[:3]}:{offset[3:]}"


async def render_assignments(
    session: AsyncSession, location: Location, rows: Sequence[SalarySchemeAssignment]
) -> list[dict[str, Any]]:
    schemes = await repo.SCHEMES.by_ids(
        session, location.id, {r.scheme_id for r in rows}, with_deleted=True
    )
    out = []
    for r in rows:
        scheme = schemes.get(r.scheme_id)
        entry: dict[str, Any] = {
            "staff_id": r.team_member_id,
            "date_start": _stamp(r.date_start, location),
        }
        if r.date_end is not None:  # an open-ended assignment has no end (upstream's sample)
            entry["date_end"] = _stamp(r.date_end, location)
        entry["salary_scheme"] = {"id": r.scheme_id, "title": scheme.title if scheme else ""}
        out.append(entry)
    return out


async def member_assignments(
    session: AsyncSession, location: Location, member: TeamMember
) -> list[SalarySchemeAssignment]:
    return await repo.assignments_of(session, location.id, member.id)


# --------------------------------------------------------------------------------------------
# What a member earned
# --------------------------------------------------------------------------------------------


@dataclass(slots=True)
class Rules:
    """The member's assignments and every rule of the schemes they name (as they are now)."""

    assignments: list[SalarySchemeAssignment]
    schemes: dict[int, SalaryScheme]
    rules: dict[int, list[SalarySchemeRule]]

    def scheme_on(self, day: date) -> SalaryScheme | None:
        found = None
        for a in self.assignments:  # ordered by date_start: the last that covers wins
            if a.date_start <= day and (a.date_end is None or day <= a.date_end):
                found = self.schemes.get(a.scheme_id)
        return found

    def rule_for(
        self, scheme: SalaryScheme | None, kind: str, target_id: int, category_id: int
    ) -> SalarySchemeRule | None:
        if scheme is None:
            return None
        rules = self.rules.get(scheme.id, [])
        order = [(kind, target_id)]
        if kind == TARGET_SERVICE and category_id:
            order.append((TARGET_CATEGORY, category_id))
        order.append((kind, 0))
        for wanted in order:
            for rule in rules:
                if (rule.target_type, rule.target_id) == wanted:
                    return rule
        return None


async def _rules(session: AsyncSession, location: Location, member_id: int) -> Rules:
    assignments = await repo.assignments_of(session, location.id, member_id)
    schemes = await repo.SCHEMES.by_ids(
        session, location.id, {a.scheme_id for a in assignments}, with_deleted=True
    )
    rules = await repo.rules_of(session, location.id, schemes)
    return Rules(assignments, schemes, rules)


def _salary(rule: SalarySchemeRule | None, cost: Decimal, net: Decimal, amount: Decimal) -> Decimal:
    if rule is None:
        return ZERO
    if rule.type_slug == FIXED:
        return cents(rule.value * amount)
    base = net if rule.base == BASE_NET_COST else cost
    return cents(base * rule.value / HUNDRED)


def _calculation(rule: SalarySchemeRule | None) -> dict[str, Any]:
    if rule is None:
        return {"type_slug": PERCENT, "value": 0, "description": "No rule of the scheme applies"}
    value = wire(rule.value)
    if rule.type_slug == FIXED:
        text = f"{value} per unit"
    else:
        text = f"{value}% of {'net cost' if rule.base == BASE_NET_COST else 'cost'}"
    return {"type_slug": rule.type_slug, "value": value, "description": text}


def _rule_snapshot(rule: SalarySchemeRule | None) -> dict[str, Any] | None:
    return render_rule(rule) if rule is not None else None


def _apply(rules: Rules, item: dict[str, Any]) -> Decimal:
    """Salary of an item's targets under ``rules`` (the item's dicts are filled in)."""
    day = date.fromisoformat(item["date"])
    scheme = rules.scheme_on(day)
    total = ZERO
    first: SalarySchemeRule | None = None
    for t in item["targets"]:
        rule = rules.rule_for(scheme, t["target_type_slug"], t["target_id"], t["category_id"])
        first = first or rule
        salary = _salary(rule, _dec(t["cost"]), _dec(t["net_cost"]), _dec(t["amount"]))
        t["salary_sum"] = money(salary)
        t["salary_calculation"] = _calculation(rule)
        t["rule"] = _rule_snapshot(rule)
        total += salary
    item["salary_sum"] = money(total)
    item["scheme_id"] = scheme.id if scheme else 0
    item["salary_calculation_info"] = {
        "criteria_title": CRITERIA.get(first.target_type, "") if first else "",
        "param_title": BASE_TITLE.get(first.base, "") if first else "",
        "scheme_title": scheme.title if scheme else "",
    }
    return total


def _recompute(rules: Rules, item: dict[str, Any]) -> Decimal:
    """What a frozen item would earn under the rules as they are now (the item is untouched)."""
    day = date.fromisoformat(item["date"])
    scheme = rules.scheme_on(day)
    total = ZERO
    for t in item["targets"]:
        rule = rules.rule_for(scheme, t["target_type_slug"], t["target_id"], t["category_id"])
        total += _salary(rule, _dec(t["cost"]), _dec(t["net_cost"]), _dec(t["amount"]))
    return total


@dataclass(slots=True)
class Period:
    start: date
    end: date
    items: list[dict[str, Any]] = field(default_factory=list)


def _paid_of(sale: sales.Sale, kind: str, item_id: int) -> dict[str, Decimal]:
    paid = dict.fromkeys(PAID_KEYS, ZERO)
    for f in sale.finance:
        if f.sold_item_type == kind and f.sold_item_id == item_id:
            paid["money_sum"] += f.amount
    for x in sale.loyalty:
        if x.sale_item_type == kind and x.sale_item_id == item_id:
            key = PAID_BY.get(x.type_id)
            if key is not None:
                paid[key] += x.amount
    return paid


def _target(
    item: sales.Item, sale: sales.Sale, categories: dict[int, int], good_ids: dict[int, int]
) -> tuple[dict[str, Any], dict[str, Decimal]]:
    """One sold thing of a sale: its cost, net cost and payments."""
    kind = TARGET_OF[item.type]
    cost = cents(item.unit * item.amount)
    paid = _paid_of(sale, item.type, item.id)
    # The item's own or the client's discount, then the program discount lines.
    paid["discount_sum"] += max(cost - item.to_pay, ZERO)
    net = max(cost - paid["discount_sum"], ZERO)
    target_id = good_ids.get(item.id, item.id) if kind == TARGET_GOOD else item.id
    return (
        {
            "target_type_slug": kind,
            "target_id": target_id,
            "category_id": categories.get(item.id, 0) if kind == TARGET_SERVICE else 0,
            "title": item.title,
            "amount": money(item.amount) if item.amount else "1",
            "cost": money(cost),
            "net_cost": money(net),
            "salary_sum": "0",
            "salary_promotion_sum": "0",
        },
        paid,
    )


def _item(
    *,
    slug: str,
    item_id: int,
    when: datetime,
    location: Location,
    record_id: int,
    client_id: int,
    targets: list[tuple[dict[str, Any], dict[str, Decimal]]],
    hours: int = 0,
    group: bool = False,
) -> dict[str, Any]:
    local = when.astimezone(zone(location.timezone_name))
    paid = dict.fromkeys(PAID_KEYS, ZERO)
    for _, p in targets:
        for k in PAID_KEYS:
            paid[k] += p[k]
    return {
        "date": local.date().isoformat(),
        "time": local.strftime("%H:%M"),
        "item_id": item_id,
        "item_type_slug": slug,
        "record_id": record_id,
        "client_id": client_id,
        "cost": money(sum((_dec(t["cost"]) for t, _ in targets), start=ZERO)),
        "paid": {k: money(v) for k, v in paid.items()},
        "targets": [t for t, _ in targets],
        "seconds": hours,
        "group": group,
    }


async def _service_categories(
    session: AsyncSession, location: Location, sale_items: Iterable[sales.Item], records: Any
) -> dict[int, int]:
    """Record-service id -> the service's category id."""
    service_of = {s.id: s.service_id for r in records for s in r.services}
    services = await services_repo.SERVICES.by_ids(
        session, location.id, set(service_of.values()), with_deleted=True
    )
    out = {}
    for item in sale_items:
        if item.type == sales.SERVICE and item.id in service_of:
            found = services.get(service_of[item.id])
            out[item.id] = found.category_id if found and found.category_id else 0
    return out


async def earned(
    session: AsyncSession, location: Location, member: TeamMember, start: date, end: date
) -> Period:
    """Every item the member earned on in ``[start, end]`` (local dates), with its salary under
    the rules as they are now."""
    tz = zone(location.timezone_name)
    since, _ = local_day_bounds(start, tz)
    _, until = local_day_bounds(end, tz)
    rules = await _rules(session, location, member.id)
    period = Period(start, end)

    records = await repo.came_records(session, location.id, member.id, since, until)
    documents = await sales_repo.visit_documents(
        session, [location.id], {r.visit_id for r in records if r.visit_id}
    )
    sales_of: dict[int, sales.Sale] = {}
    for r in records:
        document = documents.get(r.visit_id or 0)
        if document is None:
            continue
        if document.id not in sales_of:
            sales_of[document.id] = await sales.load_sale(session, location, document.id)
        sale = sales_of[document.id]
        mine = [i for i in sale.items if i.record_id == r.id and i.master_id == member.id]
        categories = await _service_categories(session, location, mine, [r])
        goods = {
            int(g.get("id") or 0): int(g.get("good_id") or 0)
            for g in (sale.visit.goods_transactions if sale.visit else [])
        }
        item = _item(
            slug=ITEM_RECORD,
            item_id=r.id,
            when=r.start_at,
            location=location,
            record_id=r.id,
            client_id=r.client_id or 0,
            targets=[_target(i, sale, categories, goods) for i in mine],
            hours=r.seance_length,
            group=r.activity_id is not None,
        )
        _apply(rules, item)
        period.items.append(item)

    for document in await repo.goods_sale_documents(session, location.id, member.id, since, until):
        sale = await sales.load_sale(session, location, document.id)
        mine = [i for i in sale.items if i.master_id == member.id]
        lines = await sales_repo.document_goods(session, location.id, document.id)
        goods = {g.id: g.good_id for g in lines}
        item = _item(
            slug=ITEM_GOODS_SALE,
            item_id=document.id,
            when=document.create_date,
            location=location,
            record_id=0,
            client_id=sale.client.id if sale.client else 0,
            targets=[_target(i, sale, {}, goods) for i in mine],
        )
        _apply(rules, item)
        period.items.append(item)
    period.items.sort(key=lambda i: (i["date"], i["time"], i["item_id"]))
    return period


def summary(items: Sequence[dict[str, Any]], worked: dict[str, int]) -> dict[str, Any]:
    """The period calculation of some items (upstream's period answer, without currency);
    ``worked`` maps each working day of the member's schedule in the period (ISO date) to its
    scheduled minutes."""
    services = [t for i in items for t in i["targets"] if t["target_type_slug"] == TARGET_SERVICE]
    goods = [t for i in items for t in i["targets"] if t["target_type_slug"] == TARGET_GOOD]
    services_sum = sum((_dec(t["net_cost"]) for t in services), start=ZERO)
    goods_sum = sum((_dec(t["net_cost"]) for t in goods), start=ZERO)
    records = [i for i in items if i["item_type_slug"] == ITEM_RECORD]
    return {
        "working_days_count": len(worked),
        "working_hours_count": sum(worked.values()) // 60,
        "group_services_count": sum(1 for i in records if i.get("group")),
        "services_count": int(sum((_dec(t["amount"]) for t in services), start=ZERO)),
        "services_sum": money(services_sum),
        "goods_sales_count": int(sum((_dec(t["amount"]) for t in goods), start=ZERO)),
        "goods_sales_sum": money(goods_sum),
        "total_sum": money(services_sum + goods_sum),
        "salary": money(sum((_dec(i["salary_sum"]) for i in items), start=ZERO)),
    }


def _minutes(hhmm: str) -> int:
    hours, minutes = hhmm.split(":")
    return int(hours) * 60 + int(minutes)


async def worked_minutes(
    session: AsyncSession, location: Location, member: TeamMember, start: date, end: date
) -> dict[str, int]:
    """The member's working days in ``[start, end]`` by their schedule (ISO date -> the minutes
    of the day's working periods); a day without periods is a day off."""
    rows = await schedules_repo.days(session, location.id, [member.id], start, end)
    out: dict[str, int] = {}
    for row in rows:
        minutes = sum(_minutes(s["to"]) - _minutes(s["from"]) for s in row.slots or [])
        if minutes > 0:
            out[row.day_date.isoformat()] = minutes
    return out


async def period_answer(
    session: AsyncSession, location: Location, member: TeamMember, start: date, end: date
) -> dict[str, Any]:
    period = await earned(session, location, member, start, end)
    worked = await worked_minutes(session, location, member, start, end)
    return {**summary(period.items, worked), "currency": currency(location)}


async def period_daily(
    session: AsyncSession, location: Location, member: TeamMember, start: date, end: date
) -> list[dict[str, Any]]:
    """One entry per day of the period that is a working day of the member's schedule or has
    something earned."""
    period = await earned(session, location, member, start, end)
    worked = await worked_minutes(session, location, member, start, end)
    days: dict[str, list[dict[str, Any]]] = {d: [] for d in worked}
    for item in period.items:
        days.setdefault(item["date"], []).append(item)
    return [
        {
            "date": d,
            "period_calculation": summary(days[d], {d: worked[d]} if d in worked else {}),
        }
        for d in sorted(days)
    ]


async def schemes_count(
    session: AsyncSession, location: Location, member: TeamMember
) -> dict[str, Any]:
    rows = await repo.assignments_of(session, location.id, member.id)
    return {"staff_id": member.id, "salary_schemes_count": len({r.scheme_id for r in rows})}


# --------------------------------------------------------------------------------------------
# Payroll calculations and mutual settlements
# --------------------------------------------------------------------------------------------


def _frozen_keys(calculations: Iterable[PayrollCalculation]) -> set[tuple[str, int]]:
    return {(i["item_type_slug"], int(i["item_id"])) for c in calculations for i in c.items}


async def create_calculation(
    session: AsyncSession,
    location: Location,
    access: Access,
    member: TeamMember,
    body: CalculationIn,
) -> PayrollCalculation:
    """Freeze what the member earned in the period and was not calculated before."""
    start, end = period_of(body.date_from, body.date_to)
    check_calculate(access, location, member, (start, end))
    await repo.lock_member(session, location.id, member.id)
    done = _frozen_keys(await repo.calculations_of(session, location.id, member.id))
    period = await earned(session, location, member, start, end)
    items = [i for i in period.items if (i["item_type_slug"], i["item_id"]) not in done]
    if not items:
        raise ValidationFailed.field(
            "date_from", "nothing earned in the period is left to calculate"
        )
    amount = sum((_dec(i["salary_sum"]) for i in items), start=ZERO)
    row = PayrollCalculation(
        location_id=location.id,
        team_member_id=member.id,
        amount=amount,
        status="confirmed",
        date_from=start,
        date_to=end,
        date_create=local_date(utcnow(), zone(location.timezone_name)),
        comment=body.comment,
        items=items,
        user_id=access.user_id or None,
    )
    session.add(row)
    await session.flush()
    return row


def _paid_into(
    row: PayrollCalculation, calculations: Sequence[PayrollCalculation], paid_out: Decimal
) -> bool:
    """Whether payouts reached ``row``: they settle the calculations oldest first (by the day
    each was made), so ``row`` is untouched while everything paid out is at most what the
    calculations before it accrued."""
    order = sorted(calculations, key=lambda c: (c.date_create, c.id))
    before = sum((c.amount for c in order[: order.index(row)]), start=ZERO)
    return paid_out > before


async def delete_calculation(
    session: AsyncSession,
    location: Location,
    access: Access,
    member: TeamMember,
    calculation_id: int,
) -> None:
    """Delete a payroll calculation no payout has reached (409 otherwise): its amount is no
    longer accrued and its items can be calculated again."""
    await repo.lock_member(session, location.id, member.id)
    calculations = await repo.calculations_of(session, location.id, member.id)
    row = next((c for c in calculations if c.id == calculation_id), None)
    if row is None:
        raise repo.CALCULATIONS.not_found()
    check_calculate(access, location, member, (row.date_from, row.date_to))
    payouts = await repo.payouts_of(session, location.id, member.id)
    if _paid_into(row, calculations, sum((-p.amount for p in payouts), start=ZERO)):
        raise Conflict(
            "The payroll calculation is paid out, in part or in full: payouts settle the "
            "oldest calculations first, and they reach this one."
        )
    row.deleted = True
    await session.flush()


async def search_calculations(
    session: AsyncSession, location: Location, member: TeamMember, start: date, end: date
) -> list[PayrollCalculation]:
    """The member's calculations whose period overlaps ``[start, end]``."""
    rows = await repo.calculations_of(session, location.id, member.id)
    return [c for c in rows if c.date_from <= end and c.date_to >= start]


def render_calculation(row: PayrollCalculation) -> dict[str, Any]:
    return {
        "id": row.id,
        "company_id": row.location_id,
        "staff_id": row.team_member_id,
        "amount": wire(row.amount),
        "status": row.status,
        "date_create": row.date_create.isoformat(),
        "date_from": row.date_from.isoformat(),
        "date_to": row.date_to.isoformat(),
        "comment": row.comment,
    }


async def calculation_details(
    session: AsyncSession, location: Location, member: TeamMember, calculation_id: int
) -> dict[str, Any]:
    row = await repo.CALCULATIONS.load(session, location.id, calculation_id)
    if row.team_member_id != member.id:
        raise repo.CALCULATIONS.not_found()
    rules = await _rules(session, location, member.id)
    items = []
    for frozen in row.items:
        now = _recompute(rules, frozen)
        then = _dec(frozen["salary_sum"])
        items.append(
            {
                "date": frozen["date"],
                "time": frozen["time"],
                "item_id": frozen["item_id"],
                "item_type_slug": frozen["item_type_slug"],
                "salary_sum": frozen["salary_sum"],
                "record_id": frozen["record_id"],
                "client_id": frozen["client_id"],
                "cost": frozen["cost"],
                "paid": frozen["paid"],
                "salary_calculation_info": frozen["salary_calculation_info"],
                "targets": [
                    {
                        k: t[k]
                        for k in (
                            "target_type_slug",
                            "target_id",
                            "title",
                            "cost",
                            "net_cost",
                            "salary_sum",
                            "salary_promotion_sum",
                            "salary_calculation",
                        )
                    }
                    for t in frozen["targets"]
                ],
                # The frozen salary against the rules now: "updated_rule" when they differ.
                "salary_discrepancy": {
                    "reason": "updated_rule" if now != then else "",
                    "actual_sum": money(now),
                    "difference_sum": money(now - then),
                },
            }
        )
    return {**render_calculation(row), "salary_items": items, "currency": full_currency(location)}


@dataclass(slots=True)
class Ledger:
    """Accruals and payouts of a member, by local date."""

    accrued: list[tuple[date, Decimal]]
    paid: list[tuple[date, Decimal]]

    def income(self, start: date, end: date) -> Decimal:
        return sum((a for d, a in self.accrued if start <= d <= end), start=ZERO)

    def expense(self, start: date, end: date) -> Decimal:
        return sum((a for d, a in self.paid if start <= d <= end), start=ZERO)

    def balance(self, until: date) -> Decimal:
        return self.income(date.min, until) - self.expense(date.min, until)

    def sums(self, start: date, end: date) -> dict[str, str]:
        return {
            "income": money(self.income(start, end)),
            "expense": money(self.expense(start, end)),
            "balance": money(self.balance(end)),
        }


async def ledger(session: AsyncSession, location: Location, member: TeamMember) -> Ledger:
    tz = zone(location.timezone_name)
    calculations = await repo.calculations_of(session, location.id, member.id)
    payouts = await repo.payouts_of(session, location.id, member.id)
    return Ledger(
        accrued=[(c.date_create, c.amount) for c in calculations],
        # A payout is an expense line (negative); a refund of one comes back positive.
        paid=[(local_date(p.date, tz), -p.amount) for p in payouts],
    )


async def settlements(
    session: AsyncSession, location: Location, member: TeamMember, start: date, end: date
) -> dict[str, Any]:
    book = await ledger(session, location, member)
    return {"total_sum": book.sums(start, end), "currency": currency(location)}


async def settlements_daily(
    session: AsyncSession, location: Location, member: TeamMember, start: date, end: date
) -> list[dict[str, Any]]:
    """One entry per day of the period with an accrual or a payout."""
    book = await ledger(session, location, member)
    days = sorted({d for d, _ in book.accrued + book.paid if start <= d <= end})
    return [{"date": d.isoformat(), "payroll_sum": book.sums(d, d)} for d in days]
