"""Online booking: settings, widgets and the public booking flow (rules; never commits)."""

from __future__ import annotations

import calendar
from collections.abc import Sequence
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from parlour.appointments import repository as appointments_repo
from parlour.appointments import writing
from parlour.booking import reserve, search
from parlour.clients import lookup
from parlour.errors import BookingFormNotFound, ParlourError, RecordNotFound, ValidationFailed
from parlour.kit.money import wire
from parlour.kit.timeutil import iso, parse_datetime, utcnow, zone
from parlour.models import (
    BookingForm,
    BookingSettings,
    Location,
    Position,
    Record,
    Service,
    TeamMember,
)
from parlour.online_booking import repository as repo
from parlour.online_booking.schemas import (
    AppointmentIn,
    BookingFormCreate,
    BookingFormUpdate,
    BookRecordCreate,
    BookRecordMove,
    OnlineSettingsUpdate,
    TimetableSettingsUpdate,
)
from parlour.phone_codes import service as codes
from parlour.team_members.service import render_position

# ---------------------------------------------------------------------------------------------
# Settings
# ---------------------------------------------------------------------------------------------


def online_settings_view(row: BookingSettings) -> dict[str, Any]:
    return {
        "confirm_number": row.confirm_number,
        "any_master": row.any_master,
        "seance_delay_step": row.seance_delay_step,
        "activity_online_record_clients_count_max": row.activity_online_record_clients_count_max,
        "timeslot_step": row.timeslot_step,
        "booking_horizon_days": row.booking_horizon_days,
        "allow_delete_record": row.allow_delete_record,
        "allow_delete_record_delay_step": row.allow_delete_record_delay_step,
        "allow_change_record": row.allow_change_record,
        "allow_change_record_delay_step": row.allow_change_record_delay_step,
    }


def timetable_settings_view(row: BookingSettings) -> dict[str, Any]:
    return {
        "record_type": row.record_type,
        "activity_record_clients_count_max": row.activity_record_clients_count_max,
    }


def timeslots_view(row: BookingSettings) -> dict[str, Any]:
    """The slot grid as the engine applies it: every working period is cut into steps from its
    start; values in seconds (times as seconds from midnight)."""
    return {
        "timeslot_type": "schedule",
        "step": row.timeslot_step,
        "delay": row.seance_delay_step * 60,
        "range": {"from": 0, "to": 86400},
        "weekdays": [],
        "dates": [],
    }


async def _writable_settings(session: AsyncSession, location: Location) -> BookingSettings:
    row = await search.settings_of(session, location.id)
    if row.id is None:
        session.add(row)
    return row


async def _apply_settings(
    session: AsyncSession, location: Location, changes: dict[str, Any]
) -> BookingSettings:
    """Write the sent fields onto the location's settings row (null is refused per field)."""
    row = await _writable_settings(session, location)
    for name, value in changes.items():
        if value is None:
            raise ValidationFailed.field(name, "must not be null")
        setattr(row, name, value)
    await session.flush()
    return row


async def update_online_settings(
    session: AsyncSession, location: Location, body: OnlineSettingsUpdate
) -> BookingSettings:
    return await _apply_settings(session, location, body.model_dump(exclude_unset=True))


async def update_timetable_settings(
    session: AsyncSession, location: Location, body: TimetableSettingsUpdate
) -> BookingSettings:
    return await _apply_settings(session, location, body.model_dump(exclude_unset=True))


# ---------------------------------------------------------------------------------------------
# Booking widgets
# ---------------------------------------------------------------------------------------------


def form_view(form: BookingForm) -> dict[str, Any]:
    return {
        "id": form.id,
        "company_id": form.location_id,
        "title": form.title,
        "is_default": bool(form.is_default),
        "weight": form.weight,
        "url": f"/bookform/{form.id}",
        "settings": form.settings or {},
    }


async def list_forms(session: AsyncSession, location: Location) -> list[BookingForm]:
    return await repo.FORMS.all(session, location.id)


async def _only_default(session: AsyncSession, location: Location, keep: BookingForm) -> None:
    for other in await list_forms(session, location):
        if other.id != keep.id and other.is_default:
            other.is_default = False


async def create_form(
    session: AsyncSession, location: Location, body: BookingFormCreate
) -> BookingForm:
    form = BookingForm(
        location_id=location.id,
        title=body.title.strip(),
        is_default=body.is_default,
        weight=body.weight,
        settings=body.settings,
    )
    session.add(form)
    await session.flush()
    if form.is_default:
        await _only_default(session, location, form)
        await session.flush()
    return form


async def update_form(
    session: AsyncSession, location: Location, form: BookingForm, body: BookingFormUpdate
) -> BookingForm:
    for name, value in body.model_dump(exclude_unset=True).items():
        if value is None:
            raise ValidationFailed.field(name, "must not be null")
        setattr(form, name, value.strip() if isinstance(value, str) else value)
    if form.is_default:
        await _only_default(session, location, form)
    await session.flush()
    return form


async def delete_form(session: AsyncSession, form: BookingForm) -> None:
    await session.delete(form)
    await session.flush()


async def public_form(session: AsyncSession, form_id: int) -> dict[str, Any]:
    found = await repo.form_by_id(session, form_id)
    if found is None:
        raise BookingFormNotFound()
    form, location = found
    settings = await search.settings_of(session, location.id)
    return {
        "id": form.id,
        "title": form.title,
        "company_id": location.id,
        "group_id": location.main_group_id or 0,
        "is_default": bool(form.is_default),
        "any_master": settings.any_master,
        "phone_confirmation": bool(location.phone_confirmation or settings.confirm_number),
        "timezone_name": location.timezone_name,
        "settings": form.settings or {},
    }


# ---------------------------------------------------------------------------------------------
# Public catalogue: services and team members
# ---------------------------------------------------------------------------------------------


def _service_view(service: Service, length: int | None) -> dict[str, Any]:
    return {
        "id": service.id,
        "title": service.booking_title or service.title,
        "category_id": service.category_id or 0,
        "price_min": wire(service.price_min),
        "price_max": wire(service.price_max),
        "discount": wire(service.discount),
        "comment": service.comment,
        "weight": service.weight,
        "active": int(service.active),
        "gender": 0,
        "image": "",
        "prepaid": "forbidden",
        "seance_length": length,
        "is_composite": False,
        "is_chain": False,
        "images": None,
        "composite_details": None,
    }


async def book_services(
    session: AsyncSession,
    location: Location,
    *,
    staff_id: int,
    service_ids: Sequence[int],
    at: str | None,
) -> dict[str, Any]:
    """Services bookable online: linked to at least one bookable member (``staff_id`` when
    given), optionally only those that fit at ``at`` together with ``service_ids``."""
    members = await search.bookable_members(session, location.id)
    member_ids = [m.id for m in members if not staff_id or m.id == staff_id]
    if not member_ids:
        return {"events": [], "services": [], "category": []}
    services: dict[int, Service] = {}
    lengths: dict[int, int] = {}
    for service, _mid, length in await repo.online_service_rows(session, location.id, member_ids):
        services.setdefault(service.id, service)
        lengths[service.id] = min(lengths.get(service.id, length), length)
    if at is not None:
        moment = parse_datetime(at, zone(location.timezone_name))
        keep: dict[int, Service] = {}
        for sid, service in services.items():
            wanted = sorted({*service_ids, sid})
            found = await search.offer(session, location.id, wanted, staff_id or None)
            for member in found.members:
                if await search.is_free(session, location, found, member.id, moment):
                    keep[sid] = service
                    break
        services = keep
    categories: list[dict[str, Any]] = []
    cat_ids = sorted({s.category_id for s in services.values() if s.category_id})
    if cat_ids:
        categories = [
            {"id": c.id, "title": c.title, "gender": 0, "api_id": c.api_id, "weight": c.weight}
            for c in await repo.categories(session, location.id, cat_ids)
        ]
    return {
        "events": [],
        "services": [_service_view(s, lengths.get(s.id)) for s in services.values()],
        "category": categories,
    }


def _seance_view(seance: search.Seance) -> dict[str, Any]:
    stamp = seance.at.isoformat(timespec="seconds")  # 2026-03-02T10:15:00+01:00
    return {
        "time": stamp[11:16],
        "seance_length": seance.length,
        "sum_length": seance.length,
        "datetime": stamp,
    }


def _seances_view(seances: list[search.Seance]) -> list[dict[str, Any]]:
    return [_seance_view(s) for s in seances]


async def _positions(
    session: AsyncSession, location: Location, members: list[TeamMember]
) -> dict[int, Position]:
    ids = sorted({m.position_id for m in members if m.position_id})
    return await repo.positions(session, location.id, ids)


async def book_staff(
    session: AsyncSession,
    location: Location,
    *,
    service_ids: Sequence[int],
    at: str | None,
) -> list[dict[str, Any]]:
    found = await search.offer(session, location.id, service_ids)
    members = found.members
    tz = zone(location.timezone_name)
    if at is not None:
        moment = parse_datetime(at, tz)
        members = [
            m for m in members if await search.is_free(session, location, found, m.id, moment)
        ]
    nearest = await search.nearest(session, location, [m.id for m in members], service_ids)
    positions = await _positions(session, location, members)
    out: list[dict[str, Any]] = []
    for m in members:
        seances = nearest.get(m.id, [])
        position = positions.get(m.position_id or 0)
        out.append(
            {
                "id": m.id,
                "api_id": m.api_id or None,
                "name": m.name,
                "bookable": bool(seances),
                "specialization": m.specialization,
                "position": render_position(position) if position else {},
                "position_id": position.id if position else 0,
                "user_id": m.user_id,
                "has_access_timetable": m.has_access_timetable,
                "show_rating": 1,
                "rating": m.rating,
                "votes_count": 0,
                "avatar": m.avatar,
                "avatar_big": m.avatar,
                "comments_count": 0,
                # A numeric string here, as upstream's legacy sample and typed clients read it.
                "weight": str(m.weight),
                "information": m.information,
                "seance_date": seances[0].at.date().isoformat() if seances else None,
                "seances": [],
                "fired": int(m.fired),
                "status": 0,
                "hidden": int(m.hidden),
                "prepaid": "forbidden",
            }
        )
    return out


async def book_staff_seances(
    session: AsyncSession, location: Location, member_id: int, service_ids: Sequence[int]
) -> dict[str, Any]:
    found = await search.nearest(session, location, [member_id], service_ids)
    seances = found.get(member_id, [])
    return {
        "seance_date": seances[0].at.date().isoformat() if seances else None,
        "seances": _seances_view(seances),
    }


async def book_times(
    session: AsyncSession, location: Location, member_id: int, day: date, service_ids: Sequence[int]
) -> list[dict[str, Any]]:
    return _seances_view(await search.times(session, location, member_id, day, service_ids))


def _by_month(days: list[date]) -> dict[str, list[int]] | list[Any]:
    months: dict[str, list[int]] = {}
    for d in days:
        months.setdefault(str(d.month), []).append(d.day)
    return months or []


async def book_dates(
    session: AsyncSession,
    location: Location,
    *,
    staff_id: int,
    service_ids: Sequence[int],
    day: date | None,
    date_from: date | None,
    date_to: date | None,
) -> dict[str, Any]:
    tz = zone(location.timezone_name)
    today = utcnow().astimezone(tz).date()
    rules = await search.rules_of(session, location.id)
    if date_from is not None and date_to is not None:
        first, last = date_from, date_to
    elif day is not None:
        first = day.replace(day=1)
        last = day.replace(day=calendar.monthrange(day.year, day.month)[1])
    else:
        first, last = today, today + timedelta(days=rules.horizon_days)
    if last < first:
        raise ValidationFailed.field("date_to", "must not be before date_from")
    if (last - first).days > search.MAX_RANGE_DAYS:
        raise ValidationFailed.field("date_to", f"at most {search.MAX_RANGE_DAYS} days at once")
    report = await search.dates(session, location, staff_id, service_ids, first, last)
    return {
        "booking_days": _by_month(report.bookable),
        "booking_dates": [d.isoformat() for d in report.bookable],
        "working_days": _by_month(report.working),
        "working_dates": [d.isoformat() for d in report.working],
    }


# ---------------------------------------------------------------------------------------------
# Checking and creating bookings
# ---------------------------------------------------------------------------------------------


def _wanted(location: Location, items: list[AppointmentIn]) -> list[reserve.Wanted]:
    tz = zone(location.timezone_name)
    out = []
    for n, item in enumerate(items):
        at = parse_datetime(item.datetime, tz, field=f"appointments[{n}].datetime")
        out.append(
            reserve.Wanted(item.id, list(item.services), item.staff_id, at, item.custom_fields)
        )
    return out


async def book_check(session: AsyncSession, location: Location, items: list[AppointmentIn]) -> None:
    await reserve.plan(session, location, _wanted(location, items))


async def book_record(
    session: AsyncSession, location: Location, body: BookRecordCreate, source: str
) -> list[dict[str, Any]]:
    if not body.fullname.strip():
        raise ParlourError(
            "Client name is required.",
            code=435,
            status_code=422,
            errors={"fullname": ["client name is required"]},
        )
    try:
        from parlour.kit.phones import location_region, normalize_phone

        phone = normalize_phone(body.phone, region=location_region(location))
    except ValidationFailed as exc:
        raise ParlourError(
            "Invalid phone number.", code=431, status_code=422, errors=exc.errors
        ) from None
    settings = await search.settings_of(session, location.id)
    await codes.confirm_booking_phone(
        session,
        phone,
        body.code,
        required=bool(location.phone_confirmation or settings.confirm_number),
    )
    wanted = _wanted(location, body.appointments)
    # The client before planning, which reads behind its booking lock too (its visit of the
    # day). A refused booking rolls a new client back with everything else.
    client = await lookup.find_or_create(
        session, location, phone=phone, name=body.fullname.strip(), email=body.email.strip()
    )
    planned = await reserve.plan(session, location, wanted, client_id=client.id)
    records = await writing.create_online(
        session,
        location,
        planned,
        client_id=client.id,
        comment=body.comment,
        api_id=str(body.api_id),
        sms_hours=body.notify_by_sms,
        email_hours=body.notify_by_email,
        source=source,
    )
    return [
        {"id": p.wanted.ref, "record_id": r.id, "record_hash": r.record_hash}
        for p, r in zip(planned, records, strict=True)
    ]


async def _record(session: AsyncSession, location: Location, record_id: int) -> Record:
    return await appointments_repo.load_record(session, location.id, record_id)


async def record_view(session: AsyncSession, location: Location, record: Record) -> dict[str, Any]:
    tz = zone(location.timezone_name)
    member = await repo.member(session, location.id, record.staff_id)
    rows = await repo.record_services(session, location.id, record.id)
    return {
        "id": record.id,
        "company_id": location.id,
        "staff_id": record.staff_id,
        "services": [
            {
                "id": s.id,
                "title": s.title,
                "cost": wire(rs.cost),
                "price_min": wire(s.price_min),
                "price_max": wire(s.price_max),
                "discount": wire(rs.discount),
                "amount": rs.amount,
            }
            for rs, s in rows
        ],
        "staff": {
            "id": member.id,
            "name": member.name,
            "specialization": member.specialization,
            "avatar": member.avatar,
        }
        if member
        else None,
        "date": iso(record.start_at, tz),
        "datetime": iso(record.start_at, tz),
        "seance_length": record.seance_length,
        "length": record.seance_length,
        "comment": record.comment,
        "online": record.online,
        "attendance": record.attendance,
        "confirmed": int(record.confirmed),
        "record_hash": record.record_hash,
        "deleted": record.deleted,
    }


async def _booking(
    session: AsyncSession,
    location: Location,
    record_id: int,
    record_hash: str | None,
    *,
    member_of_location: bool,
) -> Record:
    """The booking a public operation names, for whoever proves they may see it: the holder of
    its ``record_hash`` (the partner token is public: it sits in every booking widget) or a
    user of the location. A wrong or missing hash is answered exactly like a missing record,
    so the answer never tells whether the record exists."""
    record = await _record(session, location, record_id)
    if member_of_location:
        return record
    if not record.record_hash or not record_hash or not _same(record.record_hash, record_hash):
        raise RecordNotFound()
    return record


async def get_booking(
    session: AsyncSession,
    location: Location,
    record_id: int,
    record_hash: str,
    *,
    member_of_location: bool = False,
) -> dict[str, Any]:
    record = await _booking(
        session, location, record_id, record_hash, member_of_location=member_of_location
    )
    return await record_view(session, location, record)


def _same(a: str, b: str) -> bool:
    import hmac

    return hmac.compare_digest(a.encode(), b.encode())


async def move_booking(
    session: AsyncSession,
    location: Location,
    record_id: int,
    body: BookRecordMove,
    *,
    member_of_location: bool = False,
) -> dict[str, Any]:
    record = await _booking(
        session, location, record_id, body.record_hash, member_of_location=member_of_location
    )
    if not record.online:
        raise RecordNotFound()
    at: datetime = parse_datetime(body.datetime, zone(location.timezone_name))
    await writing.move_online(session, location, record, at)
    if body.comment is not None:
        record.comment = body.comment
    await session.flush()
    return await record_view(session, location, record)


async def privacy_policy(session: AsyncSession, location: Location) -> dict[str, Any]:
    row = await search.settings_of(session, location.id)
    return {"has_custom_policy": bool(row.privacy_policy), "text": row.privacy_policy or None}
