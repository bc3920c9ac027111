"""Planning online bookings (book_check / book_record / moving a booking) and choosing
resource instances.

A request may carry several appointments; they are planned together (so two of them never
take the same member or resource instance at once, code 437). Planning only reads: the
appointments are written by ``appointments.writing``, in the request's one transaction, where
the database has the last word (a concurrent booking that won the race turns this one into a
433, never into a double booking).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from parlour.booking import repository as booking_repo
from parlour.booking import search
from parlour.booking.availability import Interval
from parlour.errors import ParlourError, SlotBusy
from parlour.kit.timeutil import zone
from parlour.models import Location, Record, Service, TeamMember


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
    client_id: int | None = None,
) -> list[Planned]:
    """Choose a member (for ``staff_id`` 0) and resource instances for every appointment, or
    raise ``BookingRefused`` listing what is wrong. ``moving`` is a record being moved: its own
    current time does not count as busy; ``client_id`` is the client the bookings are for.

    The busy times are read behind the booking locks of every member who could take an
    appointment, of the resources the services need and of the client (booking/repository.py),
    so bookings of other members proceed meanwhile."""
    rules = await search.rules_of(session, location.id)
    tz = zone(location.timezone_name)
    offers = [
        await search.offer(session, location.id, item.service_ids, item.staff_id or None)
        for item in wanted
    ]
    members = {m.id for found in offers for m in found.members}
    if moving is not None:
        members.add(moving.staff_id)
    await booking_repo.hold(
        session,
        members=members,
        resources={r for found in offers for r in search.needed_resources(found.services)},
        clients=[client_id],
    )
    errors: list[dict[str, Any]] = []
    planned: list[Planned] = []
    for item, found in zip(wanted, offers, strict=True):
        when = _when(item.at, location)
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
            booking_repo.covered(session, chosen.instances)
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


def busy(item: Wanted, location: Location) -> SlotBusy:
    """The error for an appointment whose time a concurrent booking took first."""
    message = (
        f"Team member ({item.staff_id}) cannot be booked on {_when(item.at, location)}. "
        "The selected time is already taken."
    )
    return SlotBusy(message, errors=[{"code": 433, "message": message, "id": item.ref}])


async def free_instances(
    session: AsyncSession,
    location: Location,
    services: list[Service],
    start: datetime,
    end: datetime,
    *,
    moving: Record | None = None,
) -> list[int] | None:
    """One free instance of every resource the services need over ``[start, end)`` (none
    needed: ``[]``), or ``None`` when some resource has no free instance. ``moving``'s own
    current hold does not count as busy. The caller holds the resources' booking locks."""
    needs = await search.resource_needs(session, location.id, services, start, end)
    if moving is not None and moving.id is not None:
        own = Interval(moving.start_at, moving.end_at)
        for need in needs:
            for index in need.instances.values():
                _forget(index, own)
    chosen: list[int] = []
    for need in needs:
        instance = _free_instance(need, start, end, set())
        if instance is None:
            return None
        chosen.append(instance)
    booking_repo.covered(session, chosen)
    return chosen
