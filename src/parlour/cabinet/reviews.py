"""Reviews and tips: GET/POST /master_record_review/{record_token}.

The record token is the appointment's ``record_hash`` (the secret a client already holds for
their booking). One review per appointment; its stars move the team member's rating (the
mean over their reviews) and its tip is kept with it.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from pydantic import Field
from sqlalchemy.ext.asyncio import AsyncSession

from parlour.cabinet import repository as repo
from parlour.config import get_settings
from parlour.errors import Conflict, RecordNotFound
from parlour.kit.money import wire
from parlour.kit.request_context import public_base_url
from parlour.kit.schema import ParlourModel
from parlour.kit.timeutil import iso, zone
from parlour.locations import repository as locations_repo
from parlour.models import Record, Review
from parlour.online_booking import repository as online_repo


class ReviewCreate(ParlourModel):
    rating: int = Field(ge=1, le=5)
    text: str = Field(default="", max_length=5000)
    tips_amount: Decimal = Field(default=Decimal(0), ge=0, le=Decimal("1000000"), decimal_places=2)
    redirect_prefix: str | None = Field(default=None, max_length=1024)


async def _record(session: AsyncSession, token: str) -> Record:
    record = await repo.record_by_hash(session, token)
    if record is None or record.deleted:
        raise RecordNotFound()
    return record


async def form(session: AsyncSession, token: str) -> dict[str, Any]:
    record = await _record(session, token)
    location = await locations_repo.load_location(session, record.location_id)
    member = await online_repo.member(session, location.id, record.staff_id)
    review = await repo.review_of(session, record.id)
    base = public_base_url(get_settings().public_url)
    paid = sum(
        (rs.cost for rs, _ in await online_repo.record_services(session, location.id, record.id)),
        Decimal(0),
    )
    return {
        "favicon_url": f"{base}/favicon.ico",
        "is_review_submitted": review is not None,
        "page_title": "Leave feedback",
        "master": {
            "id": record.staff_id,
            "name": member.name if member else "",
            "company_id": location.id,
            "specialization": member.specialization if member else "",
            "rating": float(member.rating) if member else 0.0,
            "show_rating": int(bool(member and member.show_rating)),
            "avatar": member.avatar if member else "",
            "prepaid": "forbidden",  # no online tips payment: tips are recorded only
            "position": {"id": 0, "title": ""},
        },
        "company": {
            "id": location.id,
            "title": location.title,
            "logo": location.logo,
            "address": location.address,
        },
        "currency": {
            "id": 0,
            "iso": "",
            "name": location.currency_short_title,
            "symbol": location.currency_short_title,
            "is_symbol_after_amount": False,
        },
        "language": {"id": 0, "iso": "en", "locale": "en-US"},
        "agreement_links": {"confidentiality_agreement": "", "terms_of_use": ""},
        "record": {
            "id": record.id,
            "date": iso(record.start_at, zone(location.timezone_name)),
            "payed_cost": str(wire(paid)),
        },
        "tips": [],
    }


async def submit(session: AsyncSession, token: str, body: ReviewCreate) -> dict[str, Any]:
    record = await _record(session, token)
    if await repo.review_of(session, record.id) is not None:
        raise Conflict("This appointment has been reviewed already.")
    session.add(
        Review(
            location_id=record.location_id,
            record_id=record.id,
            team_member_id=record.staff_id,
            rating=body.rating,
            text=body.text.strip(),
            tips_amount=body.tips_amount,
        )
    )
    await session.flush()
    member = await online_repo.member(session, record.location_id, record.staff_id)
    if member is not None:
        count, mean = await repo.rating_of(session, member.id)
        member.votes_count = count
        member.rating = round(mean, 2)
        if body.text.strip():
            member.comments_count = (member.comments_count or 0) + 1
    await session.flush()
    # No payment form behind the tip: it is recorded with the review.
    return {"charge": {"url": ""}}
