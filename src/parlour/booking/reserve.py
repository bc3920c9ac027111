"""Checking and creating online bookings (book_check / book_record / moving a booking).

A request may carry several appointments; they are planned together (so two of them never
take the same member or resource instance at once, code 437) and written together in the
request's one transaction: any refusal rolls every one of them back.

The Python checks give precise, early errors; the database has the last word. Records are
written with ``flush_guarded`` (exclusion constraint / triggers of migration 0001) and resource
occupancy under the same kind of rule (migration 0003), so a concurrent booking that won the
race turns this one into a 433, never into a double booking.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from parlour.appointments.occupancy import attach_visit, flush_guarded, hold_overlap_rule
from parlour.booking import search
from parlour.booking.availability import Interval
from parlour.errors import ParlourError, SlotBusy
from parlour.kit.timeutil import zone
from parlour.kit.transaction import on_contention
from parlour.models import (
    Location,
    Record,
    RecordService,
    ResourceOccupancy,
    Service,
    ServiceTeamMember,
    TeamMember,
)
from parlour.models.resources import RESOURCE_OVERLAP_MARKER


class BookingRefused(ParlourError):
    """One or more appointments of a booking request cannot be made (HTTP 422; ``errors`` is
    upstream's list of ``{code, message}``, the code of the first one is the error code)."""

    status_code = 422
    code = 433
    message = "An error has occurred"

    def __init__(self, errors: list[dict[str, Any]]) -> None:
        super().__init__(errors=errors, code=int(errors[0]["code"]))


@dataclass(slots=True)
class Wanted:
    """One appointment of a request."""

    ref: int  # the caller's own id for it, echoed back
    service_ids: list[int]
    staff_id: int  # 0 = any member
    at: datetime  # aware UTC
    custom_fields: dict[str, Any] = field(default_factory=dict)


@dataclass(slots=True)
class Planned:
    wanted: Wanted
    member: TeamMember
    length: int
    services: list[Service]
    instances: list[int]  # resource instances taken

    @property
    def end(self) -> datetime:
        return self.wanted.at + timedelta(seconds=self.length)


def _when(at: datetime, location: Location) -> str:
    return at.astimezone(zone(location.timezone_name)).strftime("%B %d, %Y at %H:%M")


def _overlaps(a_start: datetime, a_end: datetime, b_start: datetime, b_end: datetime) -> bool:
    return a_start < b_end and b_start < a_end


def _free_instance(
    need: search.ResourceNeed, start: datetime, end: datetime, taken: set[int]
) -> int | None:
    for instance_id, index in need.instances.items():
        if instance_id in taken:
            continue
        if all(not _overlaps(iv.start, iv.end, start, end) for iv in index.around(start, end)):
            return instance_id
    return None


def _forget(index: search.BusyIndex, own: Interval) -> None:
    keep = [i for i, iv in enumerate(index.spans) if iv != own]
    index.starts = [index.starts[i] for i in keep]
    index.spans = [index.spans[i] for i in keep]


async def plan(
    session: AsyncSession,
    location: Location,
    wanted: list[Wanted],
    *,
    moving: Record | None = None,
) -> list[Planned]:
    """Choose a member (for ``staff_id`` 0) and resource instances for every appointment, or
    raise ``BookingRefused`` listing what is wrong. ``moving`` is a record being moved: its own
    current time does not count as busy."""
    await hold_overlap_rule(session, location.id)
    rules = await search.rules_of(session, location.id)
    tz = zone(location.timezone_name)
    errors: list[dict[str, Any]] = []
    planned: list[Planned] = []
    for item in wanted:
        when = _when(item.at, location)
        found = await search.offer(session, location.id, item.service_ids, item.staff_id or None)
        if item.service_ids and len(found.services) != len(set(item.service_ids)):
            errors.append(
                {
                    "code": 438,
                    "message": "The service is not available for booking.",
                    "id": item.ref,
                }
            )
            continue
        if item.staff_id == 0 and not rules.any_master:
            errors.append(
                {"code": 436, "message": "Choosing any team member is not offered.", "id": item.ref}
            )
            continue
        day = item.at.astimezone(tz).date()
        avail = await search.load(session, location, found, day, day, rules=rules)
        if moving is not None:
            # A record being moved does not block itself (nor its resource instance); should
            # another instance hold the very same interval, the database guard still refuses.
            own = Interval(moving.start_at, moving.end_at)
            indexes = [avail.busy[moving.staff_id]] if moving.staff_id in avail.busy else []
            indexes += [ix for need in avail.needs for ix in need.instances.values()]
            for index in indexes:
                _forget(index, own)
        chosen: Planned | None = None
        clash_in_request = False
        for member in found.members:
            length = found.lengths[member.id]
            free = avail.member_free(member.id, day, first_only=False)
            if not any(p.timestamp() == item.at.timestamp() for p in free):
                continue
            end = item.at + timedelta(seconds=length)
            if any(
                p.member.id == member.id and _overlaps(item.at, end, p.wanted.at, p.end)
                for p in planned
            ):
                clash_in_request = True
                continue
            instances: list[int] = []
            for need in avail.needs:
                taken = {
                    i
                    for p in planned
                    if _overlaps(item.at, end, p.wanted.at, p.end)
                    for i in p.instances
                }
                instance = _free_instance(need, item.at, end, taken)
                if instance is None:
                    break
                instances.append(instance)
            else:
                chosen = Planned(item, member, length, found.services, instances)
                break
            clash_in_request = clash_in_request or bool(planned)
        if chosen is not None:
            planned.append(chosen)
        elif clash_in_request:
            errors.append(
                {
                    "code": 437,
                    "message": f"Team member ({item.staff_id}) cannot be booked on {when}: "
                    "it overlaps another appointment of this request.",
                    "id": item.ref,
                }
            )
        elif item.staff_id == 0:
            errors.append(
                {"code": 436, "message": "No team members available for booking.", "id": item.ref}
            )
        else:
            errors.append(
                {
                    "code": 433,
                    "message": f"Team member ({item.staff_id}) cannot be booked on {when}. "
                    "The selected time is already taken or is not working.",
                    "id": item.ref,
                }
            )
    if errors:
        raise BookingRefused(errors)
    return planned


async def _prices(
    session: AsyncSession, location_id: int, member_id: int, service_ids: list[int]
) -> dict[int, float]:
    if not service_ids:
        return {}
    rows = await session.execute(
        select(ServiceTeamMember.service_id, ServiceTeamMember.price).where(
            ServiceTeamMember.location_id == location_id,
            ServiceTeamMember.team_member_id == member_id,
            ServiceTeamMember.service_id.in_(service_ids),
        )
    )
    return {sid: price for sid, price in rows if price is not None}


async def flush_occupancy(session: AsyncSession, busy_error: ParlourError) -> None:
    """Flush resource occupancy under the database's no-overlap rule for instances."""
    on_contention(session, busy_error)
    try:
        async with session.begin_nested():
            await session.flush()
    except IntegrityError as exc:
        if RESOURCE_OVERLAP_MARKER in str(getattr(exc, "orig", exc)):
            raise busy_error from None
        raise


def _busy(item: Wanted, location: Location) -> SlotBusy:
    message = (
        f"Team member ({item.staff_id}) cannot be booked on {_when(item.at, location)}. "
        "The selected time is already taken."
    )
    return SlotBusy(message, errors=[{"code": 433, "message": message, "id": item.ref}])


async def write(
    session: AsyncSession,
    location: Location,
    planned: list[Planned],
    *,
    client_id: int | None,
    comment: str = "",
    api_id: str = "",
    sms_hours: int = 0,
    email_hours: int = 0,
) -> list[Record]:
    """Create the planned records (with services, visit and resource occupancy)."""
    tz = zone(location.timezone_name)
    records: list[Record] = []
    for item in planned:
        prices = await _prices(session, location.id, item.member.id, [s.id for s in item.services])
        pause = max((s.technical_break_duration for s in item.services), default=0)
        record = Record(
            location_id=location.id,
            staff_id=item.member.id,
            client_id=client_id,
            start_at=item.wanted.at,
            end_at=item.end,
            seance_length=item.length,
            technical_break_duration=pause,
            attendance=0,
            confirmed=True,
            comment=comment,
            api_id=api_id,
            online=True,
            sms_remain_hours=sms_hours,
            email_remain_hours=email_hours,
            custom_fields=item.wanted.custom_fields,
            record_hash=secrets.token_hex(16),
            exclusive=True,
            deleted=False,
        )
        # The visit first: attach_visit may flush, and the record must only ever be flushed
        # inside flush_guarded so that an overlap becomes a 433.
        await attach_visit(session, record, item.wanted.at.astimezone(tz).date())
        session.add(record)
        for service in item.services:
            price = prices.get(service.id, service.price_min)
            record.services.append(
                RecordService(
                    service_id=service.id,
                    amount=1,
                    first_cost=price,
                    discount=0.0,
                    cost=price,
                )
            )
        await flush_guarded(session, _busy(item.wanted, location))
        for instance_id in item.instances:
            session.add(
                ResourceOccupancy(
                    location_id=location.id,
                    instance_id=instance_id,
                    record_id=record.id,
                    start_at=record.start_at,
                    end_at=record.end_at,
                    deleted=False,
                )
            )
        if item.instances:
            await flush_occupancy(session, _busy(item.wanted, location))
        records.append(record)
    return records


async def move(session: AsyncSession, location: Location, record: Record, at: datetime) -> Record:
    """Move an online booking to another start time with the same member and services."""
    service_ids = list(
        (
            await session.execute(
                select(RecordService.service_id).where(RecordService.record_id == record.id)
            )
        ).scalars()
    )
    wanted = Wanted(ref=record.id, service_ids=service_ids, staff_id=record.staff_id, at=at)
    (item,) = await plan(session, location, [wanted], moving=record)
    record.start_at = item.wanted.at
    record.end_at = item.end
    record.seance_length = item.length
    await flush_guarded(session, _busy(wanted, location))
    occupancy = list(
        (
            await session.execute(
                select(ResourceOccupancy).where(
                    ResourceOccupancy.record_id == record.id,
                    ResourceOccupancy.deleted.is_(False),
                )
            )
        ).scalars()
    )
    for row in occupancy:
        row.deleted = True
    for instance_id in item.instances:
        session.add(
            ResourceOccupancy(
                location_id=location.id,
                instance_id=instance_id,
                record_id=record.id,
                start_at=record.start_at,
                end_at=record.end_at,
                deleted=False,
            )
        )
    await flush_occupancy(session, _busy(wanted, location))
    return record
