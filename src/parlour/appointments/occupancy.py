"""Writing appointments under the one no-overlap rule, shared by POST /records and the public
POST /book_record.

The rule itself lives in the database (migration 0001): an exclusion constraint on PostgreSQL,
triggers on SQLite. Callers may check in Python first to give a friendly error early, but the
flush here is what decides: a concurrent booking that won the race turns into ``SlotBusy``.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from parlour.errors import ParlourError, SlotBusy
from parlour.kit.transaction import on_contention
from parlour.models import Location, Record, Visit
from parlour.models.records import OVERLAP_MARKER


def is_overlap_error(exc: BaseException) -> bool:
    return OVERLAP_MARKER in str(getattr(exc, "orig", exc))


async def hold_overlap_rule(session: AsyncSession, location_id: int) -> None:
    """Queue this transaction behind any other one writing appointments of the location, until
    it ends (PostgreSQL: a row lock on the location; SQLite's ``BEGIN IMMEDIATE`` already lets
    one writer in at a time).

    Call it before checking for overlaps: the check then sees every booking committed before,
    and concurrent bookings never meet inside the exclusion constraint, where PostgreSQL
    resolves them only by deadlock detection (one second per pair).
    ``FOR NO KEY UPDATE`` leaves rows that merely reference the location free to be written.
    """
    await session.execute(
        select(Location.id).where(Location.id == location_id).with_for_update(key_share=True)
    )


async def flush_guarded(session: AsyncSession, busy_error: ParlourError | None = None) -> None:
    """Flush pending record inserts/updates inside a savepoint; an overlap becomes ``SlotBusy``
    (or ``busy_error``) and leaves the session usable. A transaction that keeps losing to
    concurrent ones (deadlock, serialization failure) is answered with the same error."""
    error = busy_error or SlotBusy()
    on_contention(session, error)
    try:
        async with session.begin_nested():
            await session.flush()
    except IntegrityError as exc:
        if is_overlap_error(exc):
            raise error from None
        raise


async def overlapping(
    session: AsyncSession, record: Record, *, exclude_id: int | None = None
) -> list[Record]:
    """Live exclusive records of the same team member that intersect ``record``'s interval."""
    stmt = select(Record).where(
        Record.staff_id == record.staff_id,
        Record.deleted.is_(False),
        Record.exclusive.is_(True),
        Record.start_at < record.end_at,
        Record.end_at > record.start_at,
    )
    if exclude_id is not None:
        stmt = stmt.where(Record.id != exclude_id)
    return list((await session.execute(stmt)).scalars())


async def attach_visit(session: AsyncSession, record: Record, local_day: date) -> Visit:
    """Put the record in its client's visit for that local day at that location (created on
    first need). Records without a client get a visit of their own."""
    visit: Visit | None = None
    if record.client_id is not None:
        visit = (
            await session.execute(
                select(Visit)
                .where(
                    Visit.location_id == record.location_id,
                    Visit.client_id == record.client_id,
                    Visit.visit_date == local_day,
                )
                .order_by(Visit.id)
                .limit(1)
            )
        ).scalar_one_or_none()
    if visit is None:
        visit = Visit(
            location_id=record.location_id,
            client_id=record.client_id,
            visit_date=local_day,
            attendance=record.attendance,
        )
        session.add(visit)
        await session.flush()
    record.visit_id = visit.id
    return visit
