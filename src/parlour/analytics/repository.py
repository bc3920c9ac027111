"""Analytics queries, scoped to one location: records, schedule days, income lines, clients,
team members, visits and the loyalty ledger lines of a program."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime

from sqlalchemy import func
from sqlalchemy.ext.asyncio import AsyncSession

from parlour.errors import LoyaltyProgramNotFound
from parlour.kit.repository import Scoped
from parlour.models import (
    Client,
    FinanceTransaction,
    LoyaltyCard,
    LoyaltyProgram,
    LoyaltyTransaction,
    Record,
    ScheduleDay,
    TeamMember,
    Visit,
)

RECORDS = Scoped(Record, order_by=(Record.start_at, Record.id))
LINES = Scoped(FinanceTransaction, order_by=(FinanceTransaction.date, FinanceTransaction.id))
DAYS = Scoped(ScheduleDay, order_by=(ScheduleDay.day_date, ScheduleDay.id))
CLIENTS = Scoped(Client)
MEMBERS = Scoped(TeamMember)
VISITS = Scoped(Visit)
PROGRAMS = Scoped(LoyaltyProgram, scope="chain_id", not_found=LoyaltyProgramNotFound)
CARDS = Scoped(LoyaltyCard, scope="chain_id")
LEDGER = Scoped(LoyaltyTransaction, order_by=(LoyaltyTransaction.created_at, LoyaltyTransaction.id))


async def records(
    session: AsyncSession,
    location_id: int,
    start: datetime,
    end: datetime,
    staff_ids: Iterable[int] | None,
) -> list[Record]:
    """The live appointments starting in [start, end) (of ``staff_ids`` when given)."""
    where = [Record.start_at >= start, Record.start_at < end, Record.event_hold.is_(False)]
    if staff_ids is not None:
        where.append(Record.staff_id.in_(list(staff_ids)))
    return await RECORDS.all(session, location_id, *where)


async def event_holds(
    session: AsyncSession,
    location_id: int,
    start: datetime,
    end: datetime,
    staff_ids: Iterable[int] | None,
) -> list[Record]:
    """The live group event holds (an event's claim on its member) starting in [start, end)."""
    where = [Record.start_at >= start, Record.start_at < end, Record.event_hold.is_(True)]
    if staff_ids is not None:
        where.append(Record.staff_id.in_(list(staff_ids)))
    return await RECORDS.all(session, location_id, *where)


async def first_starts(
    session: AsyncSession, location_id: int, client_ids: Iterable[int]
) -> dict[int, datetime]:
    """Each client's first live appointment at the location (its start)."""
    ids = list(client_ids)
    if not ids:
        return {}
    stmt = RECORDS.select(
        location_id, Record.client_id.in_(ids), Record.event_hold.is_(False)
    ).with_only_columns(Record.client_id, func.min(Record.start_at))
    rows = await session.execute(stmt.group_by(Record.client_id))
    return {int(c): s for c, s in rows.all() if c is not None}


async def clients_seen_since(
    session: AsyncSession, location_id: int, client_ids: Iterable[int], since: datetime
) -> set[int]:
    """Those of ``client_ids`` with a live appointment at the location starting at ``since`` or
    later."""
    ids = list(client_ids)
    if not ids:
        return set()
    stmt = RECORDS.select(
        location_id,
        Record.client_id.in_(ids),
        Record.start_at >= since,
        Record.event_hold.is_(False),
    ).with_only_columns(Record.client_id)
    return {int(c) for c in (await session.execute(stmt.distinct())).scalars() if c is not None}


async def client_count(session: AsyncSession, location_id: int) -> int:
    return await CLIENTS.count(session, location_id)


async def schedule_days(
    session: AsyncSession,
    location_id: int,
    first: date,
    last: date,
    staff_ids: Iterable[int] | None,
) -> list[ScheduleDay]:
    where = [ScheduleDay.day_date >= first, ScheduleDay.day_date <= last]
    if staff_ids is not None:
        where.append(ScheduleDay.team_member_id.in_(list(staff_ids)))
    return await DAYS.all(session, location_id, *where)


async def income_lines(
    session: AsyncSession,
    location_id: int,
    start: datetime,
    end: datetime,
    staff_ids: Iterable[int] | None = None,
) -> list[FinanceTransaction]:
    """The live income lines (positive amounts) dated in [start, end)."""
    where = [
        FinanceTransaction.date >= start,
        FinanceTransaction.date < end,
        FinanceTransaction.amount > 0,
    ]
    if staff_ids is not None:
        where.append(FinanceTransaction.master_id.in_(list(staff_ids)))
    return await LINES.all(session, location_id, *where)


async def member_ids(
    session: AsyncSession,
    location_id: int,
    *,
    position_id: int | None = None,
    user_id: int | None = None,
) -> set[int]:
    """The location's team members (deleted ones too: their past work still counts) holding
    ``position_id`` and/or linked to ``user_id``."""
    where = []
    if position_id is not None:
        where.append(TeamMember.position_id == position_id)
    if user_id is not None:
        where.append(TeamMember.user_id == user_id)
    stmt = MEMBERS.select(location_id, *where, with_deleted=True).with_only_columns(TeamMember.id)
    return {int(i) for i in (await session.execute(stmt)).scalars()}


async def members(
    session: AsyncSession, location_id: int, ids: Iterable[int]
) -> dict[int, TeamMember]:
    return await MEMBERS.by_ids(session, location_id, ids, with_deleted=True)


# ---- loyalty programs ------------------------------------------------------------------------


async def program(session: AsyncSession, chain_id: int, program_id: int) -> LoyaltyProgram:
    return await PROGRAMS.load(session, chain_id, program_id)


async def program_lines(
    session: AsyncSession, location_id: int, program_id: int, before: datetime
) -> list[LoyaltyTransaction]:
    """The program's ledger lines written at the location before ``before``, reversals and the
    lines they undo left out."""
    rows = await LEDGER.all(
        session,
        location_id,
        LoyaltyTransaction.program_id == program_id,
        LoyaltyTransaction.created_at < before,
    )
    undone = {r.reverses_id for r in rows if r.reverses_id is not None}
    return [r for r in rows if r.reverses_id is None and r.id not in undone]


async def visits(session: AsyncSession, location_id: int, ids: Iterable[int]) -> dict[int, Visit]:
    return await VISITS.by_ids(session, location_id, ids)


async def card_phones(
    session: AsyncSession, chain_id: int, card_ids: Iterable[int]
) -> dict[int, str]:
    cards = await CARDS.by_ids(session, chain_id, card_ids, with_deleted=True)
    return {i: c.phone for i, c in cards.items()}


async def clients_by_phone(
    session: AsyncSession, location_id: int, phones: Iterable[str]
) -> dict[str, int]:
    wanted = list(set(phones))
    if not wanted:
        return {}
    stmt = CLIENTS.select(location_id, Client.phone.in_(wanted)).with_only_columns(
        Client.phone, Client.id
    )
    return {p: int(i) for p, i in (await session.execute(stmt.order_by(Client.id))).all() if p}


async def client_records_after(
    session: AsyncSession, location_id: int, client_ids: Iterable[int], since: datetime
) -> list[Record]:
    """The clients' live appointments at the location starting after ``since``."""
    ids = list(client_ids)
    if not ids:
        return []
    return await RECORDS.all(
        session,
        location_id,
        Record.client_id.in_(ids),
        Record.start_at > since,
        Record.event_hold.is_(False),
    )


async def visit_records(
    session: AsyncSession, location_id: int, visit_ids: Iterable[int]
) -> list[Record]:
    ids = list(visit_ids)
    if not ids:
        return []
    return await RECORDS.all(
        session, location_id, Record.visit_id.in_(ids), Record.event_hold.is_(False)
    )


async def client_income(
    session: AsyncSession,
    location_id: int,
    client_ids: Iterable[int],
    start: datetime,
    end: datetime,
) -> list[FinanceTransaction]:
    ids = list(client_ids)
    if not ids:
        return []
    return await LINES.all(
        session,
        location_id,
        FinanceTransaction.client_id.in_(ids),
        FinanceTransaction.date >= start,
        FinanceTransaction.date < end,
        FinanceTransaction.amount > 0,
    )
