"""The client's appointments in the cabinet: GET/DELETE /user/records/{record_id}/{record_hash}.

A signed-in client sees every appointment booked for their phone at the record's location and
the other locations of its chain, online and offline; without a user token, the record's hash
shows that one record. Cancelling obeys the location's ``allow_delete_record`` and its delay,
and frees the time (the record leaves the no-overlap rule, so ``book_times`` offers it again).
"""

from __future__ import annotations

import hmac
from datetime import timedelta
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from parlour.appointments import writing
from parlour.booking import search
from parlour.cabinet import repository as repo
from parlour.errors import AccessDenied, RecordNotFound, ValidationFailed
from parlour.kit.money import wire
from parlour.kit.timeutil import iso, utcnow, zone
from parlour.locations import repository as locations_repo
from parlour.models import Location, Record, User
from parlour.online_booking import repository as online_repo


async def _visible(
    session: AsyncSession, user: User | None, record_id: int, record_hash: str
) -> Record:
    record = await repo.record(session, record_id)
    if record is None:
        raise RecordNotFound()
    own_phone = user.phone if user is not None else None
    if own_phone and await repo.client_phone(session, record.client_id) == own_phone:
        return record
    if record.record_hash and hmac.compare_digest(
        record.record_hash.encode(), record_hash.encode()
    ):
        return record
    # A wrong hash reads like a missing record: the answer never tells which.
    raise RecordNotFound()


def _company(location: Location, settings: Any) -> dict[str, Any]:
    offset = zone(location.timezone_name).utcoffset(utcnow().replace(tzinfo=None))
    return {
        "id": location.id,
        "title": location.title,
        "country_id": location.country_id,
        "country": location.country,
        "city_id": location.city_id,
        "city": location.city,
        "timezone": int((offset or timedelta()).total_seconds() // 3600),
        "address": location.address,
        "phone": location.phone,
        "phones": list(location.phones or []),
        "coordinate_lat": str(location.coordinate_lat),
        "coordinate_lon": str(location.coordinate_lon),
        "allow_delete_record": settings.allow_delete_record,
        "allow_change_record": settings.allow_change_record,
        "site": location.site,
        "currency_short_title": location.currency_short_title,
        "allow_change_record_delay_step": settings.allow_change_record_delay_step,
        "allow_delete_record_delay_step": settings.allow_delete_record_delay_step,
    }


async def render(session: AsyncSession, record: Record) -> dict[str, Any]:
    location = await locations_repo.load_location(session, record.location_id)
    settings = await search.settings_of(session, location.id)
    tz = zone(location.timezone_name)
    member = await online_repo.member(session, location.id, record.staff_id)
    rows = await online_repo.record_services(session, location.id, record.id)
    return {
        "id": record.id,
        "services": [
            {
                "id": s.id,
                "title": s.title,
                "cost": wire(rs.cost),
                "price_min": wire(s.price_min),
                "price_max": wire(s.price_max),
                "discount": wire(rs.discount),
                "amount": rs.amount,
                "seance_length": record.seance_length,
            }
            for rs, s in rows
        ],
        "company": _company(location, settings),
        "staff": {
            "id": member.id if member else record.staff_id,
            "name": member.name if member else "",
            "specialization": member.specialization if member else "",
            "position": {"id": 0, "title": ""},
            "show_rating": int(bool(member and member.show_rating)),
            "rating": float(member.rating) if member else 0.0,
            "votes_count": member.votes_count if member else 0,
            "comments_count": member.comments_count if member else 0,
            "avatar": member.avatar if member else "",
        },
        "clients_count": 1,
        "date": iso(record.start_at, tz),
        "datetime": iso(record.start_at, tz),
        "create_date": iso(record.created_at, tz),
        "length": record.seance_length,
        "deleted": record.deleted,
        "notify_by_sms": record.sms_remain_hours,
        "notify_by_email": record.email_remain_hours,
        "comment": record.comment,
        "master_requested": True,
        "online": record.online,
        "attendance": record.attendance,
        "api_id": record.api_id,
        "last_change_date": iso(record.updated_at, tz),
        "prepaid": False,
        "prepaid_confirmed": False,
        "activity_id": 0,
    }


async def list_records(
    session: AsyncSession, user: User | None, record_id: int, record_hash: str
) -> list[dict[str, Any]]:
    record = await _visible(session, user, record_id, record_hash)
    if user is None or not user.phone:
        return [await render(session, record)]
    ids = await repo.sibling_location_ids(session, record.location_id)
    return [await render(session, r) for r in await repo.records_of_phone(session, ids, user.phone)]


async def cancel(
    session: AsyncSession, user: User | None, record_id: int, record_hash: str
) -> None:
    record = await _visible(session, user, record_id, record_hash)
    if record.deleted:
        raise RecordNotFound()
    settings = await search.settings_of(session, record.location_id)
    if not settings.allow_delete_record:
        raise AccessDenied("This location does not let clients cancel appointments.")
    delay = timedelta(seconds=max(0, settings.allow_delete_record_delay_step))
    if record.start_at - utcnow() < delay:
        raise ValidationFailed.field("record_id", "it is too late to cancel this appointment")
    await writing.delete(session, record)
