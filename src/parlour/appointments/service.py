"""Appointment rules: validation, the busy/working-time check, visits, rendering, comments."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy.ext.asyncio import AsyncSession

from parlour.appointments import repository as repo
from parlour.appointments import writing
from parlour.appointments.receipt import build_receipt
from parlour.appointments.schemas import (
    ClientRef,
    CommentCreate,
    CommentRead,
    Document,
    KkmContainer,
    LocationServiceLink,
    PositionRef,
    RecordLabel,
    RecordRead,
    RecordServiceIn,
    RecordServiceRead,
    RecordWrite,
    StaffRef,
    StaffServiceLink,
    VisitDetails,
    VisitItem,
    VisitRead,
    VisitServiceIn,
    VisitUpdate,
)
from parlour.auth.access import Access
from parlour.booking import repository as booking_repo
from parlour.booking import reserve, search
from parlour.booking.availability import working_intervals
from parlour.cache import store as cache
from parlour.clients import lookup
from parlour.custom_fields import service as custom_fields_service
from parlour.errors import AccessDenied, RecordNotFound, SlotBusy, ValidationFailed, VisitNotFound
from parlour.fiscal import repository as fiscal_repo
from parlour.fiscal import service as fiscal
from parlour.inventory import consumables
from parlour.kit.money import ZERO, to_decimal
from parlour.kit.timeutil import (
    iso,
    iso_compact,
    local_date,
    local_day_bounds,
    parse_datetime,
    utcnow,
    zone,
)
from parlour.models import (
    Client,
    Comment,
    Location,
    Record,
    RecordService,
    Service,
    ServiceTeamMember,
    StorageDocument,
    TeamMember,
    User,
    Visit,
)
from parlour.payments import service as payments_service
from parlour.sales import repository as sales_repo
from parlour.sales import service as sales
from parlour.tags import service as tags_service
from parlour.team_members.service import render_position

ATTENDANCE = (-1, 0, 1, 2)
NO_AVATAR = "/images/no-master-sm.png"
NO_AVATAR_BIG = "/images/no-master.png"


class NonWorkingTime(SlotBusy):
    message = "The team member does not work at the selected time."


def _tz(location: Location) -> ZoneInfo:
    return zone(location.timezone_name)


def day_range(
    start: date | None, end: date | None, tz: ZoneInfo
) -> tuple[datetime | None, datetime | None]:
    """UTC bounds from the local midnight starting ``start`` to the one ending ``end``."""
    lower = local_day_bounds(start, tz)[0] if start else None
    upper = local_day_bounds(end, tz)[1] if end else None
    return lower, upper


async def list_partner_records(
    session: AsyncSession,
    user: User,
    *,
    salon_id: int | None,
    offset: int,
    limit: int,
    start: date | None,
    end: date | None,
    created_start: date | None,
    created_end: date | None,
    created_user_id: int | None,
) -> tuple[list[RecordRead], int]:
    """GET /records/partner: the records of every location the calling user may see.

    "May see" = locations where the user holds a membership: the partner token alone names no
    business, and a user never reads a location they are not part of. ``salon_id`` narrows the
    list to one of them (403 for any other).
    """
    allowed = await repo.member_location_ids(session, user.id)
    if salon_id is not None:
        if salon_id not in allowed:
            raise AccessDenied()
        allowed = [salon_id]
    locations = {loc.id: loc for loc in await repo.live_locations(session, allowed)}
    if not locations:
        return [], 0
    # Day bounds need a zone; with several locations the first one's zone is used.
    tz = zone(locations[min(locations)].timezone_name)
    start_from, start_until = day_range(start, end, tz)
    created_from, created_until = day_range(created_start, created_end, tz)
    filters = repo.RecordFilters(
        location_ids=sorted(locations),
        created_user_id=created_user_id,
        start_from=start_from,
        start_until=start_until,
        created_from=created_from,
        created_until=created_until,
    )
    rows, total = await repo.list_records(session, filters, offset=offset, limit=limit)
    return await render(session, rows, locations), total


# --------------------------------------------------------------------------------------------
# Writing records
# --------------------------------------------------------------------------------------------


def _check_attendance(value: int) -> int:
    if value not in ATTENDANCE:
        raise ValidationFailed.field("attendance", "must be one of -1, 0, 1, 2")
    return value


def _check_break(value: int | None, seance_length: int) -> int:
    if value is None:
        return 0
    if value < 0 or value > 3600 or value % 300:
        raise ValidationFailed.field(
            "technical_break_duration", "must be a multiple of 300 between 0 and 3600"
        )
    if value >= seance_length:
        raise ValidationFailed.field(
            "technical_break_duration", "must be shorter than seance_length"
        )
    return value


async def _priced_services(
    session: AsyncSession,
    location: Location,
    member: TeamMember,
    items: Sequence[RecordServiceIn | VisitServiceIn],
) -> list[writing.Priced]:
    ids = [item.id for item in items]
    found = await repo.services_by_id(session, location.id, ids)
    links = await repo.member_links(session, location.id, [(member.id, i) for i in ids])
    out = []
    for item in items:
        service = found.get(item.id)
        if service is None or service.deleted:
            raise ValidationFailed.field("services", f"service {item.id} not found")
        link = links.get((member.id, service.id))
        if link is None:
            raise ValidationFailed.field(
                "services", f"team member {member.id} does not provide service {service.id}"
            )
        out.append(
            writing.price(
                service,
                link,
                amount=item.amount,
                first_cost=item.first_cost,
                discount=item.discount,
                cost=item.cost,
            )
        )
    return out


async def _check_custom_fields(
    session: AsyncSession, location: Location, values: dict[str, Any]
) -> dict[str, Any]:
    """Record custom field values, checked against the location's record fields: an unknown
    code or a value of the wrong type is a field error naming ``custom_fields.<code>``."""
    if not values:
        return {}
    return await custom_fields_service.validate_values(session, location.id, "record", values)


async def _is_working(
    session: AsyncSession, location: Location, member_id: int, start: datetime, end: datetime
) -> bool:
    """Whether [start, end) lies inside one working period of the member's schedule (a day
    without a schedule row is a day off)."""
    tz = _tz(location)
    first = local_date(start, tz) - timedelta(days=1)
    days = await search.schedule_days(session, location.id, [member_id], first, local_date(end, tz))
    periods: list[tuple[datetime, datetime]] = []
    for day, slots in days.get(member_id, {}).items():
        for interval in working_intervals(day, tz, slots):
            periods.append((interval.start.astimezone(UTC), interval.end.astimezone(UTC)))
    periods.sort()
    merged: list[tuple[datetime, datetime]] = []
    for s, e in periods:
        if merged and s <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(e, merged[-1][1]))
        else:
            merged.append((s, e))
    return any(s <= start and end <= e for s, e in merged)


async def _apply(
    session: AsyncSession,
    location: Location,
    record: Record,
    body: RecordWrite,
    *,
    exclude_id: int | None,
) -> None:
    """Validate ``body`` and write it onto ``record`` (new or existing) under the overlap rule."""
    if body.activity_id:
        await _apply_seat(session, location, record, body)
        return
    member = await repo.team_member(session, location.id, body.staff_id)
    if member is None:
        raise ValidationFailed.field("staff_id", "team member not found")
    priced = await _priced_services(session, location, member, body.services)
    tech_break = _check_break(body.technical_break_duration, body.seance_length)
    attendance = _check_attendance(body.attendance)
    custom = await _check_custom_fields(session, location, body.custom_fields)
    labels = await _check_labels(session, location, body)
    start = parse_datetime(body.datetime, _tz(location), field="datetime")
    end = start + timedelta(seconds=body.seance_length)
    client = await lookup.find_or_create(
        session,
        location,
        phone=body.client.phone,
        name=body.client.name,
        email=body.client.email,
        field="client.phone",
    )
    if not client.name and body.client.name:
        client.name = body.client.name
    if not client.email and body.client.email:
        client.email = body.client.email

    # Checks first: ``record`` is changed only after them, so nothing half-written is
    # autoflushed by their queries. They read behind the booking locks of the member (the
    # one it leaves too), the resources and the client: other members' bookings go on.
    services = [p.service for p in priced]
    await booking_repo.hold(
        session,
        members={member.id, record.staff_id or member.id},
        resources=search.needed_resources(services),
        clients=[client.id],
    )
    busy = await repo.member_busy(session, location.id, member.id, start, end, exclude_id)
    if not body.save_if_busy:
        if busy:
            raise SlotBusy()
        if not await _is_working(session, location, member.id, start, end):
            raise NonWorkingTime()
    moving = record if record.id is not None else None
    instances = await reserve.free_instances(session, location, services, start, end, moving=moving)
    if instances is None:
        if not body.save_if_busy:
            raise writing.ResourceBusy()
        # Saved over a busy time on purpose: it holds no instance (the others stay free).
        instances = []

    record.technical_break_duration = tech_break
    record.activity_id = None
    record.clients_count = 1
    _set_details(record, body, attendance, custom, labels)
    # A record saved over a busy time stays outside the database's no-overlap rule; every
    # other one is exclusive and the database has the last word (a lost race is SlotBusy).
    where = writing.Placement(
        staff_id=member.id,
        client_id=client.id,
        start=start,
        length=body.seance_length,
        services=priced,
        instances=instances,
        exclusive=not busy,
    )
    await writing.place(session, location, record, where)


async def _check_labels(session: AsyncSession, location: Location, body: RecordWrite) -> list[str]:
    """The record's tags: ids of the location's record (or common) tags, kept as strings."""
    ids = await tags_service.checked_ids(
        session, location.id, body.record_labels, tags_service.RECORD, "record_labels"
    )
    return [str(i) for i in ids]


def _set_details(
    record: Record,
    body: RecordWrite,
    attendance: int,
    custom: dict[str, Any],
    labels: list[str],
) -> None:
    record.attendance = attendance
    record.comment = body.comment
    record.api_id = body.api_id
    record.custom_color = body.custom_color
    record.record_labels = labels
    record.custom_fields = custom
    if body.sms_remain_hours is not None:
        record.sms_remain_hours = body.sms_remain_hours
    if body.email_remain_hours is not None:
        record.email_remain_hours = body.email_remain_hours
    record.updated_at = utcnow()


async def _apply_seat(
    session: AsyncSession, location: Location, record: Record, body: RecordWrite
) -> None:
    """A record in a group event (``activity_id``): the event gives the member, the service,
    the time and the length; the record takes ``clients_count`` of its free seats."""
    assert body.activity_id
    event = await repo.event_for_seat(session, location.id, body.activity_id)
    if event is None:
        raise ValidationFailed.field("activity_id", "group event not found")
    service = (await repo.services_by_id(session, location.id, [event.service_id]))[
        event.service_id
    ]
    links = await repo.member_links(session, location.id, [(event.staff_id, service.id)])
    given = next((item for item in body.services if item.id == service.id), None)
    priced = writing.price(
        service,
        links.get((event.staff_id, service.id)),
        amount=given.amount if given else 1,
        first_cost=given.first_cost if given else None,
        discount=given.discount if given else None,
        cost=given.cost if given else None,
    )
    attendance = _check_attendance(body.attendance)
    custom = await _check_custom_fields(session, location, body.custom_fields)
    labels = await _check_labels(session, location, body)
    client = await lookup.find_or_create(
        session,
        location,
        phone=body.client.phone,
        name=body.client.name,
        email=body.client.email,
        field="client.phone",
    )
    if not client.name and body.client.name:
        client.name = body.client.name
    record.technical_break_duration = 0
    _set_details(record, body, attendance, custom, labels)
    await writing.take_seats(
        session,
        location,
        event,
        record,
        client_id=client.id,
        count=body.clients_count,
        services=[priced],
    )


async def create_record(
    session: AsyncSession, location: Location, user: User, body: RecordWrite
) -> Record:
    record = Record(
        location_id=location.id,
        staff_id=body.staff_id,
        created_user_id=user.id,
        online=False,
        confirmed=True,
        services=[],
    )
    await _apply(session, location, record, body, exclude_id=None)
    await consumables.follow_attendance(session, location, record, user.id)
    if record.visit_id:
        await sales.ensure_visit_document(session, location, record.visit_id, user.id)
    return record


async def update_record(
    session: AsyncSession, location: Location, access: Access, record: Record, body: RecordWrite
) -> Record:
    wanted = [(item.id, item.amount) for item in body.services]
    if wanted != [(s.service_id, s.amount) for s in record.services]:
        await _guard_paid(session, location, access, record)
    await _apply(session, location, record, body, exclude_id=record.id)
    await consumables.follow_attendance(session, location, record, None)
    if record.visit_id:
        await sales.ensure_visit_document(session, location, record.visit_id, access.user_id)
    return record


async def _guard_paid(
    session: AsyncSession, location: Location, access: Access, record: Record
) -> None:
    """A fully paid or printed record keeps its services unless the user may edit paid
    records."""
    visit = (
        await repo.VISITS.get(session, location.id, record.visit_id) if record.visit_id else None
    )
    client = (
        await repo.CLIENTS.get(session, location.id, record.client_id) if record.client_id else None
    )
    due = sales.record_due(
        record, visit.goods_transactions if visit else [], client.discount if client else ZERO
    )
    paid = (await sales_repo.paid_by_record(session, [location.id], [record.id])).get(
        record.id, ZERO
    )
    document = (
        await sales_repo.visit_document(session, location.id, record.visit_id)
        if record.visit_id
        else None
    )
    receipts = (
        await fiscal_repo.of_documents(session, [location.id], [document.id]) if document else []
    )
    if sales.payment_status(due, paid) == 2 or fiscal.printed(receipts):
        access.require(sales.EDIT_PAID_RIGHT)


async def delete_record(session: AsyncSession, record: Record) -> None:
    # Soft delete: with_deleted=1 still lists it; it leaves the no-overlap rule and gives its
    # resource instances back.
    record.updated_at = utcnow()
    await writing.delete(session, record)


# --------------------------------------------------------------------------------------------
# Rendering
# --------------------------------------------------------------------------------------------


async def _members(
    session: AsyncSession, scope: list[int], member_ids: list[int]
) -> dict[int, TeamMember]:
    """The records' team members; on a read of one location, from the process cache (members
    bump the location's counter): the location's members, deleted ones included."""
    entry = cache.entry_of(session, scope[0]) if len(scope) == 1 else None
    if entry is None:
        return await repo.members_by_id(session, scope, member_ids)
    found: dict[int, TeamMember] | None = entry.memo.get("record-members")
    if found is None:
        found = await repo.all_members(session, scope[0])
        for member in found.values():
            cache.keep(session, member)
        entry.remember("record-members", found)
    return found


async def render(
    session: AsyncSession, records: Sequence[Record], locations: dict[int, Location]
) -> list[RecordRead]:
    """Records in upstream's shape, with their staff, client, services and visit."""
    if not records:
        return []
    scope = sorted({r.location_id for r in records})
    member_ids = [r.staff_id for r in records]
    members = await _members(session, scope, member_ids)
    positions = await repo.positions_by_id(
        session, scope, [m.position_id for m in members.values() if m.position_id]
    )
    votes = await repo.vote_counts(session, scope, member_ids)
    client_ids = [r.client_id for r in records if r.client_id]
    clients = await repo.clients_by_id(session, scope, client_ids)
    counts = await repo.client_visit_counts(session, scope, client_ids)
    visits = await repo.visits_by_id(session, scope, [r.visit_id for r in records if r.visit_id])
    tags = await tags_service.refs(session, scope, [x for r in records for x in r.record_labels])
    paid = await sales_repo.paid_by_record(session, scope, [r.id for r in records])
    documents = await sales_repo.visit_documents(
        session, scope, [r.visit_id for r in records if r.visit_id]
    )
    receipts = await fiscal_repo.of_documents(session, scope, [d.id for d in documents.values()])
    printed = {
        d.id
        for d in documents.values()
        if fiscal.printed([x for x in receipts if x.document_id == d.id])
    }
    service_ids = sorted({s.service_id for r in records for s in r.services})
    services: dict[int, Service] = {}
    links: dict[tuple[int, int], ServiceTeamMember] = {}
    for loc_id in scope:
        services.update(await repo.services_by_id(session, loc_id, service_ids))
        links.update(
            await repo.member_links(
                session,
                loc_id,
                [
                    (r.staff_id, s.service_id)
                    for r in records
                    if r.location_id == loc_id
                    for s in r.services
                ],
            )
        )
    out = []
    for r in records:
        tz = _tz(locations[r.location_id])
        member = members[r.staff_id]
        visit = visits.get(r.visit_id) if r.visit_id else None
        client = clients.get(r.client_id) if r.client_id else None
        due = sales.record_due(
            r, visit.goods_transactions if visit else [], client.discount if client else ZERO
        )
        status = sales.payment_status(due, paid.get(r.id, ZERO))
        document = documents.get(r.visit_id) if r.visit_id else None
        out.append(
            RecordRead(
                id=r.id,
                company_id=r.location_id,
                staff_id=r.staff_id,
                services=[_service_read(s, services, links, r.staff_id) for s in r.services],
                goods_transactions=[
                    g
                    for g in (visit.goods_transactions if visit else [])
                    if g.get("record_id") == r.id
                ],
                staff=_staff_read(member, positions, votes),
                client=_client_read(client, counts) if client else None,
                clients_count=r.clients_count,
                date=iso(r.start_at, tz) or "",
                datetime=iso(r.start_at, tz) or "",
                create_date=iso_compact(r.created_at, tz) or "",
                comment=r.comment,
                online=r.online,
                visit_attendance=visit.attendance if visit else r.attendance,
                attendance=r.attendance,
                confirmed=1 if r.confirmed else 0,
                seance_length=r.seance_length,
                length=r.seance_length,
                technical_break_duration=r.technical_break_duration,
                sms_before=1 if r.sms_remain_hours else 0,
                sms_now=0,
                sms_now_text="",
                email_now=0,
                notified=0,
                master_request=1,
                api_id=r.api_id,
                from_url="",
                review_requested=0,
                is_remind_sms_sent=False,
                visit_id=r.visit_id or 0,
                created_user_id=r.created_user_id or 0,
                deleted=r.deleted,
                paid_full=1 if status == 2 else 0,
                payment_status=status,
                prepaid=False,
                prepaid_confirmed=False,
                last_change_date=iso_compact(r.updated_at, tz) or "",
                custom_color=r.custom_color,
                custom_font_color="#ffffff" if r.custom_color else "",
                # The record's live tags (a deleted tag is no longer shown).
                record_labels=[
                    RecordLabel.model_validate(tags_service.label_view(tag))
                    for x in (r.record_labels or [])
                    if (tag := tags.get(int(x) if str(x).isdigit() else -1)) is not None
                ],
                activity_id=r.activity_id or 0,
                # [] when empty, an object when set (upstream's PHP-array habit).
                custom_fields=dict(r.custom_fields) if r.custom_fields else [],
                documents=[_visit_document(r, document, tz, document.id in printed)]
                if document
                else [],
                sms_remain_hours=r.sms_remain_hours,
                email_remain_hours=r.email_remain_hours,
                bookform_id=0,
                record_from="",
                is_mobile=1 if r.online else 0,
                is_sale_bill_printed=bool(document and document.id in printed),
                consumables=[],
                finance_transactions=[],
            )
        )
    return out


def _visit_document(r: Record, doc: StorageDocument, tz: ZoneInfo, printed: bool) -> Document:
    # The visit's sale document (upstream type 7 "Visit"): GET /company/{id}/sale/{doc id}.
    return Document(
        id=doc.id,
        type_id=doc.type_id,
        storage_id=doc.storage_id,
        user_id=doc.user_id or 0,
        company_id=r.location_id,
        number=doc.number,
        comment=doc.comment,
        date_created=iso(doc.create_date, tz) or "",
        category_id=0,
        visit_id=doc.visit_id or 0,
        record_id=r.id,
        type_title="Visit",
        is_sale_bill_printed=printed,
    )


def _service_read(
    item: RecordService,
    services: dict[int, Service],
    links: dict[tuple[int, int], ServiceTeamMember],
    staff_id: int,
) -> RecordServiceRead:
    service = services.get(item.service_id)
    link = links.get((staff_id, item.service_id))
    return RecordServiceRead(
        id=item.service_id,
        title=service.title if service else "",
        cost=item.cost,
        cost_to_pay=item.cost,
        manual_cost=item.cost,
        cost_per_unit=item.first_cost,
        discount=item.discount,
        first_cost=item.first_cost,
        amount=item.amount,
        assistants=[],
        staff_service_link=StaffServiceLink(length=link.length) if link else None,
        company_service_link=LocationServiceLink(
            price_min=service.price_min, price_max=service.price_max
        )
        if service
        else None,
    )


def _staff_read(member: TeamMember, positions: dict[int, Any], votes: dict[int, int]) -> StaffRef:
    position = positions.get(member.position_id) if member.position_id else None
    return StaffRef(
        id=member.id,
        api_id=member.api_id or None,
        name=member.name,
        specialization=member.specialization,
        position=PositionRef.model_validate(render_position(position)) if position else {},
        avatar=member.avatar or NO_AVATAR,
        avatar_big=member.avatar or NO_AVATAR_BIG,
        rating=member.rating,
        votes_count=votes.get(member.id, 0),
    )


def _client_read(client: Client, counts: dict[int, tuple[int, int]]) -> ClientRef:
    ok, fail = counts.get(client.id, (0, 0))
    display = " ".join(p for p in (client.name, client.surname) if p)
    return ClientRef(
        id=client.id,
        name=client.name,
        surname=client.surname,
        middle_name=client.patronymic,
        patronymic=client.patronymic,
        display_name=display,
        comment=client.comment,
        phone=client.phone or "",
        card=client.card or None,
        email=client.email,
        success_visits_count=ok,
        fail_visits_count=fail,
        discount=client.discount,
        is_new=ok == 0,
        custom_fields=[],
        gender=client.sex_id,
        sex=client.sex_id,
        birthday=client.birth_date.isoformat() if client.birth_date else "",
        client_tags=[],
        phone_country_id=0,
    )


# --------------------------------------------------------------------------------------------
# Visits
# --------------------------------------------------------------------------------------------


async def visit_of(
    session: AsyncSession, location: Location, record: Record, visit_id: int
) -> Visit:
    """The record's visit, named again in the path (another visit id: 404)."""
    if record.visit_id != visit_id:
        raise VisitNotFound()
    return await repo.VISITS.load(session, location.id, visit_id)


async def record_in_visit(session: AsyncSession, visit: Visit, record_id: int) -> Record:
    """A live record of the visit (else 404)."""
    record = await repo.get_record(session, visit.location_id, record_id, with_deleted=False)
    if record is None or record.visit_id != visit.id:
        raise RecordNotFound()
    return record


async def render_visit(session: AsyncSession, visit: Visit, location: Location) -> VisitRead:
    records = await repo.visit_records(session, visit)
    tz = _tz(location)
    first = min((r.start_at for r in records), default=None)
    return VisitRead(
        attendance=visit.attendance,
        datetime=iso(first, tz),
        comment=visit.comment,
        records=await render(session, records, {location.id: location}),
    )


async def visit_details(session: AsyncSession, location: Location, visit: Visit) -> VisitDetails:
    records = await repo.visit_records(session, visit)
    services = await repo.services_by_id(
        session, location.id, sorted({s.service_id for r in records for s in r.services})
    )
    items: list[VisitItem] = []
    for r in records:
        for s in r.services:
            service = services.get(s.service_id)
            items.append(
                VisitItem(
                    id=s.id,
                    item_id=s.service_id,
                    item_type_id=1,
                    record_id=r.id,
                    item_title=service.title if service else "",
                    amount=s.amount,
                    first_cost=s.first_cost,
                    manual_cost=s.cost,
                    discount=s.discount,
                    cost=s.cost,
                    master_id=r.staff_id,
                    good_id=0,
                    service_id=s.service_id,
                    event_id=0,
                    is_service=True,
                    is_event=False,
                    is_good=False,
                )
            )
    for g in visit.goods_transactions or []:
        items.append(
            VisitItem(
                id=int(g.get("id") or 0),
                item_id=int(g.get("good_id") or 0),
                item_type_id=2,
                record_id=int(g.get("record_id") or 0),
                item_title=str(g.get("title") or ""),
                amount=abs(to_decimal(g.get("amount") or 0)),
                first_cost=to_decimal(g.get("cost_per_unit") or 0),
                manual_cost=to_decimal(g.get("cost") or 0),
                discount=to_decimal(g.get("discount") or 0),
                cost=to_decimal(g.get("cost") or 0),
                master_id=int(g.get("master_id") or 0),
                good_id=int(g.get("good_id") or 0),
                service_id=0,
                event_id=0,
                is_service=False,
                is_event=False,
                is_good=True,
            )
        )
    # The visit's payments are the live finance lines naming the visit or one of its records,
    # its loyalty block the non-cash payments of its sale (a deposit's), its fiscal block the
    # receipts of its sale document.
    payments = await payments_service.visit_lines(
        session, location, visit.id, [r.id for r in records]
    )
    document = await sales_repo.visit_document(session, location.id, visit.id)
    loyalty = (
        sales.render_visit_loyalty(
            location, await sales_repo.loyalty_of(session, location.id, document.id)
        )
        if document
        else []
    )
    receipts = (
        await fiscal_repo.of_documents(session, [location.id], [document.id]) if document else []
    )
    return VisitDetails(
        payment_transactions=payments,
        loyalty_transactions=loyalty,
        kkm_transaction_details_container=KkmContainer(
            last_operation_type=fiscal.last_operation(receipts),
            transactions=await fiscal.render(session, location, receipts),
        ),
        items=items,
    )


FAST_PAYMENT = {1: 0, 129: 0, 2: 1, 130: 1}  # fast_payment -> account type (0 cash, 1 card)


async def update_visit(
    session: AsyncSession,
    location: Location,
    access: Access,
    visit: Visit,
    record: Record,
    body: VisitUpdate,
) -> None:
    """Attendance, comment, the record's services and goods, then its payments: deleted
    lines, new lines on the accounts named, and ``fast_payment`` (the rest, in full)."""
    attendance = _check_attendance(body.attendance)
    if body.fast_payment is not None and body.fast_payment not in FAST_PAYMENT:
        raise ValidationFailed.field("fast_payment", "must be one of 1, 2, 129, 130")
    if body.services is not None:
        member = await repo.team_member(session, location.id, record.staff_id)
        if member is None:
            raise ValidationFailed.field("services", "the record's team member is gone")
        priced = await _priced_services(session, location, member, body.services)
        before = [(s.service_id, s.amount, s.cost) for s in record.services]
        after = [(p.service.id, p.amount, p.cost) for p in priced]
        if before != after:
            await _guard_paid(session, location, access, record)
            record.services = writing.record_services(priced)
    if body.goods_transactions is not None:
        others = [g for g in (visit.goods_transactions or []) if g.get("record_id") != record.id]
        mine = [
            {**g.model_dump(mode="json"), "record_id": record.id} for g in body.goods_transactions
        ]
        # Each entry is an item of the visit's sale: it keeps an id of its own.
        taken = {int(g.get("id") or 0) for g in others + mine}
        next_id = max(taken, default=0) + 1
        for g in mine:
            if not g.get("id"):
                g["id"] = next_id
                next_id += 1
        visit.goods_transactions = others + mine
    visit.attendance = attendance
    visit.comment = body.comment
    visit.updated_at = utcnow()
    record.attendance = attendance
    record.updated_at = utcnow()
    await writing.flush_guarded(session)
    await consumables.follow_attendance(session, location, record, None)
    document = await sales.ensure_visit_document(session, location, visit.id, access.user_id)
    for line_id in body.deleted_transaction_ids:
        await sales.delete_payment(
            session, location, document.id, line_id, field="deleted_transaction_ids"
        )
    for new in body.new_transactions:
        await sales.pay_account(
            session, location, access, document.id, new.account_id, new.amount, record.id
        )
    if body.fast_payment is not None:
        await sales.pay_rest(
            session, location, access, document.id, FAST_PAYMENT[body.fast_payment], record.id
        )


# --------------------------------------------------------------------------------------------
# Comments
# --------------------------------------------------------------------------------------------


def render_comment(comment: Comment, tz: ZoneInfo) -> CommentRead:
    return CommentRead(
        id=comment.id,
        salon_id=comment.location_id,
        type=1 if comment.team_member_id else 0,
        master_id=comment.team_member_id or 0,
        text=comment.text,
        date=iso(comment.created_at, tz) or "",
        rating=comment.rating,
        user_id=comment.user_id or 0,
        user_name=comment.user_name,
        user_avatar=NO_AVATAR_BIG,
        record_id=comment.record_id or 0,
    )


async def leave_comment(
    session: AsyncSession, location: Location, user: User, member_id: int, body: CommentCreate
) -> Comment:
    member = await repo.MEMBERS.load(session, location.id, member_id)
    comment = Comment(
        location_id=location.id,
        team_member_id=member.id,
        user_id=user.id,
        user_name=body.name,
        text=body.text,
        rating=body.mark,
    )
    session.add(comment)
    await session.flush()
    # The member's rating is the mean of their reviews.
    member.rating = await repo.member_rating(session, location.id, member.id)
    await session.flush()
    return comment


async def visit_receipt(session: AsyncSession, visit: Visit, location: Location) -> bytes:
    records = await repo.visit_records(session, visit)
    services = await repo.services_by_id(
        session, location.id, sorted({s.service_id for r in records for s in r.services})
    )
    client = (
        await repo.CLIENTS.get(session, location.id, visit.client_id) if visit.client_id else None
    )
    return build_receipt(location, visit, records, services, client)
