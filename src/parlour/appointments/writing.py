"""The one write path for appointments.

Every record that is created or moved — ``POST``/``PUT /records``, the public ``book_record``
and its ``PUT``, the demo — is written here, under one set of rules:

* one price rule (:func:`price`): the member's price for the service, else the service's
  minimum, less the discount (a percentage) times the amount;
* one guard (:func:`flush_guarded`): the flush runs in a savepoint and the database has the last
  word. No two exclusive, live records of one team member overlap (migration 0001) and no two
  live occupancies of one resource instance overlap (migration 0003): either rule broken by a
  concurrent writer becomes ``SlotBusy`` (or the caller's error), never a double booking;
* one visit rule (:func:`visit_for`): a visit is one client's day at the location;
* one resource rule (:func:`place`): a record holds one instance of every resource its services
  need, for its whole interval, and gives them back when it moves or is deleted.

Callers check what they can first to give precise errors early; this module does the writing.
"""

from __future__ import annotations

import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal

from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from parlour.appointments import repository as repo
from parlour.booking import repository as booking_repo
from parlour.booking import reserve
from parlour.errors import EventFull, ParlourError, SlotBusy
from parlour.kit.money import ZERO, cents, discounted
from parlour.kit.timeutil import local_date, zone
from parlour.kit.transaction import on_contention
from parlour.models import (
    Event,
    Location,
    Record,
    RecordService,
    ResourceOccupancy,
    Service,
    ServiceTeamMember,
)
from parlour.models.records import OVERLAP_MARKER, SOURCE_ADMIN, SOURCE_API
from parlour.models.resources import RESOURCE_OVERLAP_MARKER
from parlour.notifications import service as notifications


class ResourceBusy(SlotBusy):
    message = "A resource the service needs is busy at the selected time."


# --------------------------------------------------------------------------------------------
# Prices
# --------------------------------------------------------------------------------------------


@dataclass(slots=True)
class Priced:
    """A service as a record holds it: what it cost before and after the discount."""

    service: Service
    first_cost: Decimal
    discount: Decimal
    cost: Decimal
    amount: int


def price(
    service: Service,
    link: ServiceTeamMember | None,
    *,
    amount: int = 1,
    first_cost: Decimal | None = None,
    discount: Decimal | None = None,
    cost: Decimal | None = None,
) -> Priced:
    """The price rule. Values the caller sends win; otherwise the first cost is the member's
    price for the service (else the service's minimum) and the cost applies the discount, a
    percentage of the first cost as upstream counts it, to every unit. Decimal throughout,
    rounded half up to the cent."""
    first = first_cost
    if first is None:
        first = link.price if link is not None and link.price is not None else service.price_min
    pct = discount if discount is not None else ZERO
    total = cost
    if total is None:
        total = discounted(first, amount, pct)
    return Priced(service, cents(first), cents(pct), cents(total), amount)


def record_services(priced: Sequence[Priced]) -> list[RecordService]:
    return [
        RecordService(
            service_id=p.service.id,
            amount=p.amount,
            first_cost=p.first_cost,
            discount=p.discount,
            cost=p.cost,
        )
        for p in priced
    ]


# --------------------------------------------------------------------------------------------
# The guard
# --------------------------------------------------------------------------------------------


def is_overlap_error(exc: BaseException) -> bool:
    text = str(getattr(exc, "orig", exc))
    return OVERLAP_MARKER in text or RESOURCE_OVERLAP_MARKER in text


async def flush_guarded(session: AsyncSession, busy_error: ParlourError | None = None) -> None:
    """Flush pending changes inside a savepoint. A broken no-overlap rule (team member or
    resource instance) becomes ``busy_error`` (default ``SlotBusy``) and leaves the session
    usable; any other integrity error propagates. A transaction that keeps losing to
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


async def visit_for(
    session: AsyncSession, location_id: int, client_id: int | None, day: date, attendance: int
) -> int:
    """The id of the client's visit for that local day at the location, created on first need
    (a record without a client gets a visit of its own).

    Nothing pending is flushed here: on PostgreSQL a record's row must be written once, with its
    visit already set, because a second write of a row under the no-overlap constraint re-checks
    it and, against a concurrent booking of the same slot, deadlocks instead of refusing.
    """
    with session.no_autoflush:
        if client_id is not None:
            # One visit per client and day, also when two members' bookings race.
            await booking_repo.hold(session, clients=[client_id])
            found = await repo.client_visit_on(session, location_id, client_id, day)
            if found is not None:
                return found.id
        return await repo.insert_visit(session, location_id, client_id, day, attendance)


# --------------------------------------------------------------------------------------------
# Placing a record
# --------------------------------------------------------------------------------------------


@dataclass(slots=True)
class Placement:
    """Where and for whom a record goes; everything that decides overlap, visit and price."""

    staff_id: int
    client_id: int | None
    start: datetime  # aware UTC
    length: int  # seconds, technical break included
    services: Sequence[Priced] | None = None  # None keeps the record's services
    instances: Sequence[int] = ()  # resource instances to hold over the interval
    exclusive: bool = True  # False: saved over a busy time, outside the member rule

    @property
    def end(self) -> datetime:
        return self.start + timedelta(seconds=self.length)


async def place(
    session: AsyncSession,
    location: Location,
    record: Record,
    where: Placement,
    *,
    busy_error: ParlourError | None = None,
    source: str = SOURCE_ADMIN,
) -> Record:
    """Write ``record`` (new, or already in the session) at ``where``: member, time, client,
    services, the overlap guard, its visit and its resource occupancy. A new record takes
    ``source`` (where it was made: models/records.py SOURCES; a moved one keeps its own).
    Other columns are the caller's to set beforehand.

    The caller holds the booking locks of the member, the resources and the client before it
    reads what it checks (booking/repository.py); they are taken here otherwise."""
    if where.exclusive:
        await booking_repo.hold(session, members=[where.staff_id])
    tz = zone(location.timezone_name)
    before = (record.client_id, local_date(record.start_at, tz)) if record.visit_id else None
    # A visit is one client's day at the location: a new day or client means another visit.
    day = local_date(where.start, tz)
    if before != (where.client_id, day):
        record.visit_id = await visit_for(
            session, location.id, where.client_id, day, record.attendance or 0
        )
    new = record.id is None
    moved = not new and (record.start_at != where.start or record.staff_id != where.staff_id)
    record.location_id = location.id
    record.staff_id = where.staff_id
    record.client_id = where.client_id
    record.start_at, record.end_at = where.start, where.end
    record.seance_length = where.length
    record.exclusive = where.exclusive
    if where.services is not None:
        record.services = record_services(where.services)
    if new:
        record.source = source
        session.add(record)
    await flush_guarded(session, busy_error)
    await _occupy(session, record, where.instances, busy_error, new=new)
    if new or moved:
        await notifications.record_event(session, record, "create" if new else "move")
    return record


async def _occupy(
    session: AsyncSession,
    record: Record,
    instances: Sequence[int],
    busy_error: ParlourError | None,
    *,
    new: bool,
) -> None:
    """Hold exactly ``instances`` over the record's interval (earlier holds are released)."""
    held = [] if new else await repo.occupancy_of(session, record.location_id, record.id)
    if not held and not instances:
        return
    await booking_repo.hold_instances(session, record.location_id, instances)
    for row in held:
        row.deleted = True
    # Released first, in its own flush: the new holds may reuse the same instance.
    await session.flush()
    for instance_id in instances:
        session.add(
            ResourceOccupancy(
                location_id=record.location_id,
                instance_id=instance_id,
                record_id=record.id,
                start_at=record.start_at,
                end_at=record.end_at,
                deleted=False,
            )
        )
    await flush_guarded(session, busy_error or ResourceBusy())


async def place_hold(
    session: AsyncSession,
    location: Location,
    record: Record,
    where: Placement,
    *,
    busy_error: ParlourError | None = None,
) -> Record:
    """Write a group event's hold (see models/events.py): the member's time and the event's
    resource instances under the same guard as an appointment; no client, visit or services."""
    if where.exclusive:
        await booking_repo.hold(session, members=[where.staff_id])
    record.location_id = location.id
    record.staff_id = where.staff_id
    record.client_id = None
    record.visit_id = None
    record.start_at, record.end_at = where.start, where.end
    record.seance_length = where.length
    record.exclusive = where.exclusive
    record.event_hold = True
    record.clients_count = 0
    new = record.id is None
    if new:
        session.add(record)
    await flush_guarded(session, busy_error)
    await _occupy(session, record, where.instances, busy_error, new=new)
    return record


async def take_seats(
    session: AsyncSession,
    location: Location,
    event: Event,
    record: Record,
    *,
    client_id: int | None,
    count: int,
    services: Sequence[Priced] | None,
    source: str = SOURCE_ADMIN,
) -> Record:
    """Write ``record`` as ``count`` seats of ``event`` (new, or a seat record changed).

    Seats follow the event's member and time and stay outside the member rule (the event's hold
    speaks for them). Capacity is checked behind the location's bookings lock, so concurrent
    bookings of the last seats queue and exactly the free number succeed."""
    await booking_repo.hold_for_bookings(session, location.id)
    with session.no_autoflush:
        taken = (await repo.seats_taken(session, location.id, [event.id])).get(event.id, 0)
    if record.id is not None and record.activity_id == event.id and not record.deleted:
        taken -= record.clients_count
    if taken + count > event.capacity:
        free = max(event.capacity - taken, 0)
        raise EventFull(f"Not enough free seats in the group event ({free} left).")
    record.activity_id = event.id
    record.event_hold = False
    record.clients_count = count
    where = Placement(
        staff_id=event.staff_id,
        client_id=client_id,
        start=event.start_at,
        length=event.length,
        services=services,
        exclusive=False,
    )
    return await place(session, location, record, where, source=source)


async def delete(session: AsyncSession, record: Record) -> None:
    """Soft delete: the record leaves the no-overlap rule and gives its resources back."""
    record.deleted = True
    for row in await repo.occupancy_of(session, record.location_id, record.id):
        row.deleted = True
    await notifications.record_event(session, record, "delete")
    await session.flush()


# --------------------------------------------------------------------------------------------
# Online bookings (planned by booking.reserve)
# --------------------------------------------------------------------------------------------


async def create_online(
    session: AsyncSession,
    location: Location,
    planned: Sequence[reserve.Planned],
    *,
    client_id: int | None,
    comment: str = "",
    api_id: str = "",
    sms_hours: int = 0,
    email_hours: int = 0,
    source: str = SOURCE_API,
) -> list[Record]:
    """Write the planned appointments of one ``book_record`` request."""
    records: list[Record] = []
    for item in planned:
        links = await repo.member_links(
            session, location.id, [(item.member.id, s.id) for s in item.services]
        )
        record = Record(
            attendance=0,
            confirmed=True,
            comment=comment,
            api_id=api_id,
            online=True,
            sms_remain_hours=sms_hours,
            email_remain_hours=email_hours,
            custom_fields=item.wanted.custom_fields,
            record_hash=secrets.token_hex(16),
            technical_break_duration=max(
                (s.technical_break_duration for s in item.services), default=0
            ),
            deleted=False,
        )
        where = Placement(
            staff_id=item.member.id,
            client_id=client_id,
            start=item.wanted.at,
            length=item.length,
            services=[price(s, links.get((item.member.id, s.id))) for s in item.services],
            instances=item.instances,
        )
        records.append(
            await place(
                session,
                location,
                record,
                where,
                busy_error=reserve.busy(item.wanted, location),
                source=source,
            )
        )
    return records


async def move_online(
    session: AsyncSession, location: Location, record: Record, at: datetime
) -> Record:
    """Move an online booking to another start time with the same member and services."""
    wanted = reserve.Wanted(
        ref=record.id,
        service_ids=[s.service_id for s in record.services],
        staff_id=record.staff_id,
        at=at,
    )
    (item,) = await reserve.plan(
        session, location, [wanted], moving=record, client_id=record.client_id
    )
    where = Placement(
        staff_id=record.staff_id,
        client_id=record.client_id,
        start=item.wanted.at,
        length=item.length,
        instances=item.instances,
    )
    return await place(session, location, record, where, busy_error=reserve.busy(wanted, location))
