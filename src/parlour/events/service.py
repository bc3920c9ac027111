"""Group event rules: writing events under the overlap rule, seats, search, duplication.

An event holds its team member and resource instances through a hold record (models/events.py),
written by ``appointments.writing.place_hold`` under the same guard as appointments; seats are
records written by ``appointments.writing.take_seats`` behind the location's bookings lock.
"""

from __future__ import annotations

import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy.ext.asyncio import AsyncSession

from parlour.appointments import repository as appointments_repo
from parlour.appointments import writing
from parlour.auth.access import Access
from parlour.booking import repository as booking_repo
from parlour.booking import search as booking_search
from parlour.clients import lookup
from parlour.errors import EventBusy, ParlourError, ValidationFailed
from parlour.events import repository as repo
from parlour.events.schemas import DuplicateRequest, EventBook, EventWrite, StrategyWrite
from parlour.kit.phones import location_region, normalize_phone
from parlour.kit.timeutil import (
    iso,
    local_date,
    local_day_bounds,
    parse_date,
    parse_datetime,
    to_utc,
    utcnow,
    zone,
)
from parlour.models import (
    DuplicationStrategy,
    Event,
    Location,
    Record,
    ResourceInstance,
    Service,
    ServiceCategory,
    Tag,
    TeamMember,
)
from parlour.phone_codes import service as codes
from parlour.tags import service as tags_service

# Writing events, their strategies and their copies is work on the timetable.
RIGHT = "timetable_access"
NO_AVATAR = "/images/no-master-sm.png"
NO_AVATAR_BIG = "/images/no-master.png"

REPEAT_MODES = {
    1: "Daily",
    2: "Weekdays",
    3: "Mon Wed Fri",
    4: "Tue Thu",
    5: "Every week",
    6: "Every month",
    7: "Every year",
}


def _tz(location: Location) -> ZoneInfo:
    return zone(location.timezone_name)


# --------------------------------------------------------------------------------------------
# Writing events
# --------------------------------------------------------------------------------------------


@dataclass(slots=True)
class Planned:
    """An event's checked inputs: who, what, when, with which instances."""

    member: TeamMember
    service: Service
    start: datetime
    length: int
    instances: list[int]

    @property
    def end(self) -> datetime:
        return self.start + timedelta(seconds=self.length)


async def _plan(session: AsyncSession, location: Location, body: EventWrite) -> Planned:
    member = (await repo.members(session, location.id, [body.staff_id])).get(body.staff_id)
    if member is None or member.deleted:
        raise ValidationFailed.field("staff_id", "team member not found")
    service = (await repo.services(session, location.id, [body.service_id])).get(body.service_id)
    if service is None or service.deleted:
        raise ValidationFailed.field("service_id", "service not found")
    link = await repo.link(session, location.id, member.id, service.id)
    if link is None:
        raise ValidationFailed.field(
            "service_id", f"team member {member.id} does not provide service {service.id}"
        )
    length = body.length or link.length or service.duration
    start = parse_datetime(body.date, _tz(location), field="date")
    wanted = list(dict.fromkeys(body.resource_instance_ids))
    found = await repo.instances(session, location.id, wanted)
    missing = [i for i in wanted if i not in found]
    if missing:
        raise ValidationFailed.field(
            "resource_instance_ids", f"resource instance {missing[0]} not found"
        )
    return Planned(member, service, start, length, wanted)


def _busy_error(location: Location, conflict: Record | None, busy: set[int]) -> EventBusy:
    tz = _tz(location)
    if conflict is not None:
        start, end = iso(conflict.start_at, tz), iso(conflict.end_at, tz)
        return EventBusy(
            f"The team member is busy from {start} to {end}.",
            errors={"staff_id": [f"busy from {start} to {end}"]},
        )
    first = min(busy)
    return EventBusy(
        f"Resource instance {first} is busy at that time.",
        errors={"resource_instance_ids": [f"resource instance {first} is busy"]},
    )


async def place_event(
    session: AsyncSession,
    location: Location,
    event: Event,
    plan: Planned,
    *,
    capacity: int,
    force: bool,
) -> Event:
    """Write ``event`` at ``plan`` with its hold (and move its seats along). Without ``force``
    a busy member or instance is 409 naming the conflicting time; with it the event is saved
    over the busy time, outside the member rule and without the busy instances."""
    # The location's lock for the seats, then the member's and the instances' resources' ones
    # (the bookings of that member or resource wait; others go on).
    await booking_repo.hold_for_bookings(session, location.id)
    await booking_repo.hold(session, members={plan.member.id, event.staff_id or plan.member.id})
    await booking_repo.hold_instances(session, location.id, plan.instances)
    hold = await repo.hold_of(session, event) if event.id is not None else None
    exclude = hold.id if hold is not None else None
    with session.no_autoflush:
        conflict = await appointments_repo.member_conflict(
            session, location.id, plan.member.id, plan.start, plan.end, exclude
        )
        busy = await repo.busy_instances(
            session, location.id, plan.instances, plan.start, plan.end, exclude
        )
        taken = 0
        if event.id is not None:
            taken = (await appointments_repo.seats_taken(session, location.id, [event.id])).get(
                event.id, 0
            )
    if (conflict is not None or busy) and not force:
        raise _busy_error(location, conflict, busy)
    if capacity < taken:
        raise ValidationFailed.field("capacity", f"{taken} seats are already taken")
    moved = event.id is not None and (
        event.staff_id != plan.member.id
        or event.start_at != plan.start
        or event.length != plan.length
        or event.service_id != plan.service.id
    )
    event.location_id = location.id
    event.staff_id = plan.member.id
    event.service_id = plan.service.id
    event.start_at, event.end_at = plan.start, plan.end
    event.length = plan.length
    event.capacity = capacity
    event.resource_instance_ids = plan.instances
    event.updated_at = utcnow()
    if event.id is None:
        session.add(event)
        await session.flush()
    if hold is None:
        hold = Record(
            location_id=location.id,
            activity_id=event.id,
            online=False,
            confirmed=True,
            services=[],
            custom_fields={},
            record_labels=[],
            deleted=False,
        )
    where = writing.Placement(
        staff_id=plan.member.id,
        client_id=None,
        start=plan.start,
        length=plan.length,
        instances=[i for i in plan.instances if i not in busy],
        exclusive=conflict is None,
    )
    await writing.place_hold(session, location, hold, where, busy_error=EventBusy())
    if moved:
        await _move_seats(session, location, event, plan)
    return event


async def _move_seats(
    session: AsyncSession, location: Location, event: Event, plan: Planned
) -> None:
    """Seats follow their event: member, time, length (and service, at its price rule)."""
    link = await repo.link(session, location.id, plan.member.id, plan.service.id)
    for seat in await repo.seats_of(session, event):
        services = None
        if [s.service_id for s in seat.services] != [plan.service.id]:
            services = [writing.price(plan.service, link)]
        where = writing.Placement(
            staff_id=plan.member.id,
            client_id=seat.client_id,
            start=plan.start,
            length=plan.length,
            services=services,
            exclusive=False,
        )
        await writing.place(session, location, seat, where)


async def _details(
    session: AsyncSession, location: Location, event: Event, body: EventWrite
) -> None:
    labels = await tags_service.checked_ids(
        session, location.id, body.label_ids, tags_service.EVENT, "label_ids"
    )
    event.color = body.color
    event.font_color = body.font_color
    event.instructions = body.instructions
    event.stream_link = body.stream_link
    event.comment = body.comment
    event.label_ids = labels


async def create_event(
    session: AsyncSession, location: Location, access: Access, body: EventWrite
) -> Event:
    access.require(RIGHT)
    plan = await _plan(session, location, body)
    event = Event(notified=False, deleted=False)
    await _details(session, location, event, body)
    return await place_event(
        session, location, event, plan, capacity=body.capacity, force=body.force
    )


async def update_event(
    session: AsyncSession, location: Location, access: Access, event: Event, body: EventWrite
) -> Event:
    access.require(RIGHT)
    plan = await _plan(session, location, body)
    await _details(session, location, event, body)
    return await place_event(
        session, location, event, plan, capacity=body.capacity, force=body.force
    )


async def delete_event(
    session: AsyncSession, location: Location, access: Access, event: Event
) -> None:
    """Soft delete: the event, its hold (member and instances freed) and its seats."""
    access.require(RIGHT)
    await booking_repo.hold_for_bookings(session, location.id)
    await remove(session, event)


async def remove(session: AsyncSession, event: Event) -> None:
    hold = await repo.hold_of(session, event)
    if hold is not None:
        await writing.delete(session, hold)
    for seat in await repo.seats_of(session, event):
        seat.updated_at = utcnow()
        await writing.delete(session, seat)
    event.deleted = True
    event.updated_at = utcnow()
    await session.flush()


# --------------------------------------------------------------------------------------------
# Seats: the public booking (B2B seats come through POST /records with activity_id)
# --------------------------------------------------------------------------------------------


async def book(
    session: AsyncSession, location: Location, event: Event, body: EventBook, source: str
) -> dict[str, Any]:
    """POST /activity/{location_id}/{event_id}/book: ``clients_count`` seats for one client."""
    if not body.fullname.strip():
        raise ParlourError(
            "Client name is required.",
            code=435,
            status_code=422,
            errors={"fullname": ["client name is required"]},
        )
    try:
        phone = normalize_phone(body.phone, region=location_region(location))
    except ValidationFailed as exc:
        raise ParlourError(
            "Invalid phone number.", code=431, status_code=422, errors=exc.errors
        ) from None
    settings = await booking_search.settings_of(session, location.id)
    await codes.confirm_booking_phone(
        session,
        phone,
        body.code,
        required=bool(location.phone_confirmation or settings.confirm_number),
    )
    limit = max(settings.activity_online_record_clients_count_max, 1)
    if body.clients_count > limit:
        raise ValidationFailed.field("clients_count", f"at most {limit} seats per online booking")
    if event.start_at <= utcnow():
        raise ParlourError(
            "The group event has already started.",
            code=433,
            status_code=422,
            errors={"activity_id": ["the event has already started"]},
        )
    service = (await repo.services(session, location.id, [event.service_id]))[event.service_id]
    link = await repo.link(session, location.id, event.staff_id, event.service_id)
    client = await lookup.find_or_create(
        session, location, phone=phone, name=body.fullname.strip(), email=body.email.strip()
    )
    record = Record(
        location_id=location.id,
        attendance=0,
        confirmed=True,
        comment=body.comment,
        api_id=str(body.api_id),
        online=True,
        sms_remain_hours=body.notify_by_sms,
        email_remain_hours=body.notify_by_email,
        custom_fields={},
        record_labels=[],
        record_hash=secrets.token_hex(16),
        deleted=False,
    )
    await writing.take_seats(
        session,
        location,
        event,
        record,
        client_id=client.id,
        count=body.clients_count,
        services=[writing.price(service, link)],
        source=source,
    )
    return {"id": record.id, "hash": record.record_hash}


# --------------------------------------------------------------------------------------------
# Rendering
# --------------------------------------------------------------------------------------------


@dataclass(slots=True)
class Refs:
    """The rows a set of events refers to, loaded once."""

    members: dict[int, TeamMember]
    services: dict[int, Service]
    categories: dict[int, ServiceCategory]
    instances: dict[int, ResourceInstance]
    positions: dict[int, Any]
    taken: dict[int, int]
    tags: dict[int, Tag]


async def _refs(session: AsyncSession, location: Location, events: Sequence[Event]) -> Refs:
    members = await repo.members(session, location.id, [e.staff_id for e in events])
    services = await repo.services(session, location.id, [e.service_id for e in events])
    categories = await repo.categories(
        session, location.id, [s.category_id for s in services.values() if s.category_id]
    )
    instances = await repo.instances(
        session, location.id, [int(i) for e in events for i in e.resource_instance_ids or []]
    )
    positions = await repo.positions(
        session, location.id, [m.position_id for m in members.values() if m.position_id]
    )
    taken = await appointments_repo.seats_taken(session, location.id, [e.id for e in events])
    tags = await tags_service.refs(
        session, [location.id], [t for e in events for t in e.label_ids or []]
    )
    return Refs(members, services, categories, instances, positions, taken, tags)


def _staff(member: TeamMember | None, location: Location, refs: Refs) -> dict[str, Any]:
    if member is None:
        return {}
    position = refs.positions.get(member.position_id) if member.position_id else None
    return {
        "id": member.id,
        "api_id": member.api_id or None,
        "name": member.name,
        "company_id": location.id,
        "specialization": member.specialization,
        "rating": member.rating,
        "show_rating": 1,
        "avatar": member.avatar or NO_AVATAR,
        "avatar_big": member.avatar or NO_AVATAR_BIG,
        "comments_count": 0,
        "votes_count": 0,
        "average_score": member.rating,
        "prepaid": "forbidden",
        "position": {"id": position.id, "title": position.title} if position else {},
    }


def _service(service: Service | None, refs: Refs) -> dict[str, Any]:
    if service is None:
        return {}
    category = refs.categories.get(service.category_id) if service.category_id else None
    return {
        "id": service.id,
        "title": service.title,
        "category_id": service.category_id or 0,
        "price_min": service.price_min,
        "price_max": service.price_max,
        "comment": service.comment,
        "image_url": "",
        "salon_service_id": service.id,
        "prepaid": "forbidden",
        "category": {
            "id": category.id,
            "category_id": category.id,
            "title": category.title,
        }
        if category
        else {},
    }


def render(event: Event, location: Location, refs: Refs) -> dict[str, Any]:
    """One event in upstream's shape (the union of the create, read, update and search
    samples: ``company_id`` and ``salon_id`` both, ``staff`` and ``master`` both)."""
    tz = _tz(location)
    member = refs.members.get(event.staff_id)
    staff = _staff(member, location, refs)
    return {
        "id": event.id,
        "salon_id": location.id,
        "company_id": location.id,
        "service_id": event.service_id,
        "staff_id": event.staff_id,
        "master_id": event.staff_id,
        "date": iso(event.start_at, tz),
        "timestamp": int(event.start_at.timestamp()),
        "length": event.length,
        "capacity": event.capacity,
        "records_count": refs.taken.get(event.id, 0),
        "color": event.color,
        "font_color": event.font_color,
        "instructions": event.instructions,
        "stream_link": event.stream_link,
        "comment": event.comment or None,
        "notified": event.notified,
        "prepaid": "forbidden",
        "is_deleted": event.deleted,
        "service": _service(refs.services.get(event.service_id), refs),
        "staff": staff,
        "master": staff,
        "resource_instances": [
            {"id": inst.id, "title": inst.title, "resource_id": inst.resource_id}
            for i in event.resource_instance_ids or []
            if (inst := refs.instances.get(int(i))) is not None
        ],
        "labels": [
            tags_service.label_view(tag)
            for t in event.label_ids or []
            if (tag := refs.tags.get(int(t))) is not None
        ],
        "records": [],
    }


async def render_many(
    session: AsyncSession, location: Location, events: Sequence[Event]
) -> list[dict[str, Any]]:
    refs = await _refs(session, location, events)
    return [render(e, location, refs) for e in events]


async def render_one(session: AsyncSession, location: Location, event: Event) -> dict[str, Any]:
    return (await render_many(session, location, [event]))[0]


# --------------------------------------------------------------------------------------------
# Search (partner token)
# --------------------------------------------------------------------------------------------


@dataclass(slots=True)
class SearchQuery:
    start: date | None = None
    end: date | None = None
    service_ids: Sequence[int] | None = None
    staff_ids: Sequence[int] | None = None
    resource_ids: Sequence[int] | None = None


async def _matching(
    session: AsyncSession, location: Location, q: SearchQuery, *, skip: str = ""
) -> list[Event]:
    """Live events that match ``q`` (``skip`` leaves one dimension out, for the filters)."""
    tz = _tz(location)
    f = repo.EventFilters(location_id=location.id)
    if q.start is not None:
        f.start_from = local_day_bounds(q.start, tz)[0]
    if q.end is not None:
        f.start_until = local_day_bounds(q.end, tz)[1]
    if skip != "service":
        f.service_ids = q.service_ids
    if skip != "staff":
        f.staff_ids = q.staff_ids
    events = await repo.search(session, f)
    if q.resource_ids and skip != "resource":
        wanted = {
            i.id
            for i in (await repo.instances(session, location.id)).values()
            if i.resource_id in set(q.resource_ids)
        }
        events = [e for e in events if wanted & {int(i) for i in e.resource_instance_ids or []}]
    return events


def day_bounds(start: str, end: str) -> tuple[date, date]:
    first, last = parse_date(start, "from"), parse_date(end, "till")
    if last < first:
        raise ValidationFailed.field("till", "must not be before from")
    if (last - first).days > 366:
        raise ValidationFailed.field("till", "at most 366 days after from")
    return first, last


async def search(
    session: AsyncSession, location: Location, q: SearchQuery, *, offset: int, limit: int
) -> tuple[list[dict[str, Any]], int]:
    events = await _matching(session, location, q)
    page = events[offset : offset + limit]
    return await render_many(session, location, page), len(events)


async def search_dates(session: AsyncSession, location: Location, q: SearchQuery) -> list[str]:
    tz = _tz(location)
    days = {local_date(e.start_at, tz) for e in await _matching(session, location, q)}
    return [d.isoformat() for d in sorted(days)]


def _today(location: Location) -> date:
    return local_date(utcnow(), _tz(location))


async def search_dates_range(
    session: AsyncSession, location: Location, q: SearchQuery
) -> dict[str, str | None]:
    """The first and last local day with an event, from today on (null when none)."""
    q.start = _today(location)
    tz = _tz(location)
    days = [local_date(e.start_at, tz) for e in await _matching(session, location, q)]
    return {
        "min_date": min(days).isoformat() if days else None,
        "max_date": max(days).isoformat() if days else None,
    }


async def filters(
    session: AsyncSession, location: Location, q: SearchQuery
) -> list[dict[str, Any]]:
    """What the event search can filter on (the members, services, resources and categories of
    events from today on); ``is_disabled`` when no event matches it with the other filters."""
    q.start = _today(location)
    every = await _matching(session, location, SearchQuery(start=q.start))
    members = await repo.members(session, location.id, [e.staff_id for e in every])
    services = await repo.services(session, location.id, [e.service_id for e in every])
    categories = await repo.categories(
        session, location.id, [s.category_id for s in services.values() if s.category_id]
    )
    all_instances = await repo.instances(session, location.id)
    resources = await repo.resources(session, location.id)

    def resource_ids(events: Sequence[Event]) -> set[int]:
        out = set()
        for e in events:
            for i in e.resource_instance_ids or []:
                inst = all_instances.get(int(i))
                if inst is not None:
                    out.add(inst.resource_id)
        return out

    by_staff = {e.staff_id for e in await _matching(session, location, q, skip="staff")}
    service_events = await _matching(session, location, q, skip="service")
    by_service = {e.service_id for e in service_events}
    by_category = {
        services[e.service_id].category_id for e in service_events if e.service_id in services
    }
    by_resource = resource_ids(await _matching(session, location, q, skip="resource"))

    def items(rows: dict[int, Any], enabled: set[Any], title: str = "title") -> list[Any]:
        return [
            {"id": row.id, "title": getattr(row, title), "is_disabled": row.id not in enabled}
            for row in sorted(rows.values(), key=lambda r: r.id)
        ]

    used_resources = {rid: resources[rid] for rid in resource_ids(every) if rid in resources}
    return [
        {"code": "staff", "title": "Staff", "data": items(members, by_staff, "name")},
        {"code": "service", "title": "Service", "data": items(services, by_service)},
        {"code": "resource", "title": "Resource", "data": items(used_resources, by_resource)},
        {
            "code": "service_category",
            "title": "Service category",
            "data": items(categories, by_category),
        },
    ]


async def group_services(
    session: AsyncSession, location: Location, staff_id: int | None, term: str
) -> list[dict[str, Any]]:
    """GET /activity/{location_id}/services: services with a capacity, with their members and
    resources."""
    rows = await repo.group_services(session, location.id, staff_id, term)
    links = await repo.links_of(session, location.id, [s.id for s in rows])
    members = await repo.members(session, location.id, [link.team_member_id for link in links])
    categories = await repo.categories(
        session, location.id, [s.category_id for s in rows if s.category_id]
    )
    resources = await repo.resources(session, location.id)
    out = []
    for s in rows:
        category = categories.get(s.category_id) if s.category_id else None
        out.append(
            {
                "id": s.id,
                "title": s.title,
                "capacity": s.capacity,
                "price_min": s.price_min,
                "price_max": s.price_max,
                "is_multi": s.is_multi,
                "category": {"id": category.id, "title": category.title} if category else {},
                "staff": [
                    {"id": m.id, "name": m.name, "length": link.length or s.duration}
                    for link in links
                    if link.service_id == s.id
                    and (m := members.get(link.team_member_id)) is not None
                    and not m.deleted
                ],
                "resources": [
                    {"id": r.id, "title": r.title, "salon_id": location.id}
                    for rid in s.resource_ids or []
                    if (r := resources.get(int(rid))) is not None
                ],
            }
        )
    return out


# --------------------------------------------------------------------------------------------
# Duplication strategies and duplicates
# --------------------------------------------------------------------------------------------


def render_strategy(row: DuplicationStrategy) -> dict[str, Any]:
    return {
        "id": row.id,
        "company_id": row.location_id,
        "title": row.title,
        "repeat_mode_id": row.repeat_mode_id,
        "repeat_mode": {"id": row.repeat_mode_id, "title": REPEAT_MODES[row.repeat_mode_id]},
        "days": [int(d) for d in row.days or []],
        "interval": row.interval,
        "content_type": row.content_type,
    }


def _strategy_fields(row: DuplicationStrategy, body: StrategyWrite) -> None:
    row.title = body.title
    row.repeat_mode_id = body.repeat_mode_id
    row.days = sorted(set(body.days))
    row.interval = body.interval
    row.content_type = body.content_type


async def create_strategy(
    session: AsyncSession, location: Location, access: Access, body: StrategyWrite
) -> DuplicationStrategy:
    access.require(RIGHT)
    row = DuplicationStrategy(location_id=location.id)
    _strategy_fields(row, body)
    session.add(row)
    await session.flush()
    return row


async def update_strategy(
    session: AsyncSession,
    location: Location,
    access: Access,
    strategy_id: int,
    body: StrategyWrite,
) -> DuplicationStrategy:
    access.require(RIGHT)
    row = await repo.load_strategy(session, location.id, strategy_id)
    _strategy_fields(row, body)
    await session.flush()
    return row


async def delete_strategy(
    session: AsyncSession, location: Location, access: Access, strategy_id: int
) -> None:
    access.require(RIGHT)
    row = await repo.load_strategy(session, location.id, strategy_id)
    await session.delete(row)
    await session.flush()


# Weekdays as upstream counts them: 0 = Sunday ... 6 = Saturday.
_MODE_DAYS = {2: {1, 2, 3, 4, 5}, 3: {1, 3, 5}, 4: {2, 4}}
MAX_COPIES = 366


def _weekday(day: date) -> int:
    return (day.weekday() + 1) % 7  # Python: Monday 0; upstream: Sunday 0


def _add_months(day: date, months: int) -> date | None:
    """The same day ``months`` later, or None when that month is shorter."""
    y, m = divmod(day.month - 1 + months, 12)
    try:
        return day.replace(year=day.year + y, month=m + 1)
    except ValueError:
        return None


def repeat_dates(
    origin: date,
    mode: int,
    days: Sequence[int],
    interval: int,
    first: date,
    last: date | None,
    count: int | None,
) -> list[date]:
    """The dates a repeat rule gives after ``origin``, from ``first`` on, up to ``last`` or
    ``count`` dates (at most 366).

    ``interval`` is the number of periods skipped between two repetitions, as the reference
    defines it: weekly with ``interval`` 2 on Monday and Thursday repeats every third week.
    Daily counts days, weekly counts weeks (from the origin's week, weeks starting on Monday),
    monthly and yearly keep the origin's day of the month (months without it are skipped).
    Modes 2, 3 and 4 are fixed weekday sets and take no interval."""
    step = interval + 1
    limit = min(count or MAX_COPIES, MAX_COPIES)
    out: list[date] = []
    day = max(first, origin + timedelta(days=1))
    horizon = last if last is not None else origin + timedelta(days=366 * 5)
    origin_week = origin - timedelta(days=origin.weekday())
    while day <= horizon and len(out) < limit:
        if mode == 1:
            hit = (day - origin).days % step == 0
        elif mode in _MODE_DAYS:
            hit = _weekday(day) in _MODE_DAYS[mode]
        elif mode == 5:
            weeks = ((day - timedelta(days=day.weekday())) - origin_week).days // 7
            wanted = set(days) or {_weekday(origin)}
            hit = weeks % step == 0 and _weekday(day) in wanted
        elif mode == 6:
            months = (day.year - origin.year) * 12 + day.month - origin.month
            hit = day.day == origin.day and months % step == 0
        else:
            years = day.year - origin.year
            hit = (day.month, day.day) == (origin.month, origin.day) and years % step == 0
        if hit:
            out.append(day)
        day += timedelta(days=1)
    return out


async def _copy_times(
    session: AsyncSession, location: Location, event: Event, body: DuplicateRequest
) -> tuple[list[datetime], int]:
    """The UTC start of every copy, and the content type (1: event only, 2: with clients)."""
    tz = _tz(location)
    local_start = event.start_at.astimezone(tz)
    at = time(
        body.hours if body.hours is not None else local_start.hour,
        body.minutes if body.minutes is not None else local_start.minute,
    )
    if body.dates:
        out = []
        for n, text in enumerate(body.dates):
            if len(text.strip()) == 10:
                out.append(
                    to_utc(datetime.combine(parse_date(text, f"dates.{n}"), at), tz, f"dates.{n}")
                )
            else:
                out.append(parse_datetime(text, tz, f"dates.{n}"))
        return out, body.content_type or 1
    if body.duplication_strategy_id:
        strategy = await repo.load_strategy(session, location.id, body.duplication_strategy_id)
        mode, days, interval = strategy.repeat_mode_id, strategy.days, strategy.interval
        content = body.content_type or strategy.content_type
    elif body.repeat_mode_id is not None:
        mode, days, interval = body.repeat_mode_id, body.days, body.interval
        content = body.content_type or 1
    else:
        raise ValidationFailed.field(
            "dates", "give dates, a duplication_strategy_id or a repeat_mode_id"
        )
    if body.date_from is None:
        raise ValidationFailed.field("from", "required with a repeat rule")
    first = parse_date(body.date_from, "from")
    last = parse_date(body.till, "till") if body.till else None
    if last is None and body.count is None:
        raise ValidationFailed.field("till", "give till or count")
    if last is not None and last < first:
        raise ValidationFailed.field("till", "must not be before from")
    origin = local_date(event.start_at, tz)
    dates = repeat_dates(
        origin, mode, [int(d) for d in days or []], interval, first, last, body.count
    )
    return [to_utc(datetime.combine(d, at), tz, "from") for d in dates], content


async def duplicate(
    session: AsyncSession,
    location: Location,
    access: Access,
    event: Event,
    body: DuplicateRequest,
) -> list[Event]:
    """Copies of ``event`` at other times, all or none: a busy member or instance at any of
    them is 409 (unless ``force``); ``content_type`` 2 copies the clients' seats too."""
    access.require(RIGHT)
    starts, content = await _copy_times(session, location, event, body)
    if not starts:
        return []
    service = (await repo.services(session, location.id, [event.service_id]))[event.service_id]
    member = (await repo.members(session, location.id, [event.staff_id]))[event.staff_id]
    seats = await repo.seats_of(session, event) if content == 2 else []
    link = await repo.link(session, location.id, event.staff_id, event.service_id)
    copies = []
    for start in starts:
        plan = Planned(
            member, service, start, event.length, list(event.resource_instance_ids or [])
        )
        copy = Event(
            color=event.color,
            font_color=event.font_color,
            instructions=event.instructions,
            stream_link=event.stream_link,
            comment=event.comment,
            label_ids=list(event.label_ids or []),
            notified=False,
            deleted=False,
        )
        await place_event(session, location, copy, plan, capacity=event.capacity, force=body.force)
        for seat in seats:
            record = Record(
                location_id=location.id,
                attendance=0,
                confirmed=True,
                comment=seat.comment,
                online=False,
                custom_fields={},
                record_labels=list(seat.record_labels or []),
                created_user_id=access.user_id,
                deleted=False,
            )
            await writing.take_seats(
                session,
                location,
                copy,
                record,
                client_id=seat.client_id,
                count=seat.clients_count,
                services=[writing.price(service, link)],
            )
        copies.append(copy)
    return copies
