"""Rules of the service catalog: categories, services and team member links.

Read shapes follow upstream's objects field for field; numbers are JSON numbers as on the
newer Altegio pages (the legacy samples quote them as strings).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import timedelta
from decimal import Decimal
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from parlour.errors import Conflict, ServiceLinkNotFound, ValidationFailed
from parlour.kit.money import ZERO, wire
from parlour.kit.timeutil import utcnow
from parlour.media import images as media_images
from parlour.models import Location, Service, ServiceCategory, ServiceTeamMember, TeamMember
from parlour.services import repository as repo
from parlour.services.schemas import (
    CategoryCreate,
    CategoryUpdate,
    LinkCreate,
    LinkUpdate,
    ServiceCreate,
    ServiceFields,
    ServiceLinks,
    StaffLength,
    Translation,
)
from parlour.team_members import repository as members_repo
from parlour.team_members.service import render_link_price

# The longest window of dates a service lists under "dates" (a limited-date service).
MAX_LISTED_DATES = 366


# --- categories ---------------------------------------------------------------------------


async def render_categories(
    session: AsyncSession, rows: Sequence[ServiceCategory]
) -> list[dict[str, Any]]:
    linked = await repo.linked_members_by_category(session, [c.id for c in rows])
    return [
        {
            "id": c.id,
            # Parlour has no chain-level catalog: a location's category is its own chain entry.
            "salon_service_id": c.id,
            "title": c.title,
            "api_id": c.api_id,
            "weight": c.weight,
            "staff": sorted(set(c.staff_ids or []) | linked.get(c.id, set())),
            "is_chain": False,
        }
        for c in rows
    ]


async def render_category(session: AsyncSession, row: ServiceCategory) -> dict[str, Any]:
    return (await render_categories(session, [row]))[0]


async def _check_members(
    session: AsyncSession, location: Location, ids: Sequence[int], field: str
) -> None:
    found = await members_repo.existing_member_ids(session, location.id, ids)
    missing = [i for i in ids if i not in found]
    if missing:
        raise ValidationFailed.field(field, f"team member {missing[0]} not found in this location")


async def create_category(
    session: AsyncSession, location: Location, body: CategoryCreate
) -> ServiceCategory:
    await _check_members(session, location, body.staff, "staff")
    row = ServiceCategory(
        location_id=location.id,
        title=body.title,
        api_id=body.api_id,
        weight=body.weight,
        staff_ids=list(dict.fromkeys(body.staff)),
    )
    session.add(row)
    await session.flush()
    return row


async def update_category(
    session: AsyncSession, location: Location, row: ServiceCategory, body: CategoryUpdate
) -> ServiceCategory:
    if body.staff is not None:
        await _check_members(session, location, body.staff, "staff")
        row.staff_ids = list(dict.fromkeys(body.staff))
    for name in ("title", "api_id", "weight"):
        value = getattr(body, name)
        if value is not None:
            setattr(row, name, value)
    row.updated_at = utcnow()
    await session.flush()
    return row


async def delete_category(session: AsyncSession, row: ServiceCategory) -> None:
    if await repo.live_services_in_category(session, row.id):
        raise Conflict(
            "The service category still holds services; move or delete them first.",
            errors={"id": ["the category is not empty"]},
        )
    await repo.detach_deleted_services(session, row.id)
    await session.delete(row)
    await session.flush()


async def list_categories(
    session: AsyncSession, location: Location, category_id: int | None, member_id: int | None
) -> list[dict[str, Any]]:
    if category_id is not None:
        await repo.CATEGORIES.load(session, location.id, category_id)
    if member_id is not None:
        await _member_or_404(session, location, member_id)
    rows = await repo.categories(session, [location.id], category_id)
    data = await render_categories(session, rows)
    if member_id is not None:
        data = [c for c in data if member_id in c["staff"]]
    return data


async def chain_categories(
    session: AsyncSession, chain_id: int, with_services: bool
) -> list[dict[str, Any]]:
    location_ids = await repo.chain_location_ids(session, chain_id)
    rows = await repo.categories(session, location_ids) if location_ids else []
    services = (
        await repo.services_by_category(session, [c.id for c in rows]) if with_services else {}
    )
    out = []
    for c in rows:
        item: dict[str, Any] = {"id": c.id, "title": c.title}
        if with_services:
            item["services"] = [{"id": s.id, "title": s.title} for s in services.get(c.id, [])]
        out.append(item)
    return out


# --- services -----------------------------------------------------------------------------


def _price(link: ServiceTeamMember) -> dict[str, int | float | None] | None:
    return render_link_price(link)


def _dates(svc: Service) -> list[str]:
    if not (svc.is_need_limit_date and svc.date_from and svc.date_to):
        return []
    days = min((svc.date_to - svc.date_from).days + 1, MAX_LISTED_DATES)
    return [(svc.date_from + timedelta(days=i)).isoformat() for i in range(days)]


def _money_text(value: Decimal | int | float) -> str:
    """A numeric string, as upstream sends a service's ``discount`` ("0", "12.5")."""
    return str(wire(value))


def render_service_member(ln: ServiceTeamMember, member: TeamMember | None) -> dict[str, Any]:
    """One entry of a service's ``staff``: the member's length and price, with name and
    picture."""
    return {
        "id": ln.team_member_id,
        "seance_length": ln.length,
        "technological_card_id": ln.technological_card_id or 0,
        "price": _price(ln),
        "name": member.name if member else "",
        "image_url": member.avatar if member else "",
    }


def render_service(
    svc: Service,
    links: Sequence[ServiceTeamMember],
    members: dict[int, TeamMember],
    image_group: dict[str, Any] | None = None,
) -> dict[str, Any]:
    return {
        "id": svc.id,
        "salon_service_id": svc.id,
        "title": svc.title,
        "booking_title": svc.booking_title or svc.title,
        "print_title": svc.print_title or svc.title,
        "category_id": svc.category_id or 0,
        "price_min": wire(svc.price_min),
        "price_max": wire(svc.price_max),
        "duration": svc.duration,
        "technical_break_duration": svc.technical_break_duration,
        # A numeric string in every service answer (upstream's samples quote it).
        "discount": _money_text(svc.discount),
        "comment": svc.comment,
        "weight": svc.weight,
        "active": 1 if svc.active else 0,
        "api_id": svc.api_id,
        "is_multi": svc.is_multi,
        "tax_variant": svc.tax_variant,
        "vat_id": svc.vat_id,
        "service_type": svc.service_type,
        "api_service_id": 0,
        "is_need_limit_date": svc.is_need_limit_date,
        # "" when the service has no date limit (a string in every state).
        "date_from": svc.date_from.isoformat() if svc.date_from else "",
        "date_to": svc.date_to.isoformat() if svc.date_to else "",
        "seance_search_start": svc.seance_search_start,
        "seance_search_finish": svc.seance_search_finish,
        "step": svc.step,
        "seance_search_step": svc.seance_search_step,
        "repeat_visit_days_step": svc.repeat_visit_days_step,
        "schedule_template_type": svc.schedule_template_type,
        "online_invoicing_status": 0,
        "is_abonement_autopayment_enabled": 0,
        "autopayment_before_visit_time": 0,
        "abonement_restriction_value": 0,
        "is_chain": False,
        "is_price_managed_only_in_chain": False,
        "is_comment_managed_only_in_chain": False,
        "price_prepaid_amount": wire(svc.price_prepaid_amount),
        "price_prepaid_percent": wire(svc.price_prepaid_percent),
        "prepaid": svc.prepaid,
        "capacity": svc.capacity,
        # The service's picture (POST /images/service), [] without one.
        "image_group": image_group if image_group is not None else [],
        "dates": _dates(svc),
        "resources": list(svc.resource_ids or []),
        "translations": list(svc.translations or []),
        "is_online": svc.is_online,
        "staff": [render_service_member(ln, members.get(ln.team_member_id)) for ln in links],
    }


async def render_services(session: AsyncSession, rows: Sequence[Service]) -> list[dict[str, Any]]:
    links = await repo.links_of_services(session, [s.id for s in rows])
    members = await repo.members_of_links(session, [ln for ls in links.values() for ln in ls])
    pictures = await media_images.service_groups(session, rows)
    return [render_service(s, links.get(s.id, []), members, pictures.get(s.id)) for s in rows]


async def _member_or_404(session: AsyncSession, location: Location, member_id: int) -> TeamMember:
    return await members_repo.MEMBERS.load(session, location.id, member_id)


async def list_services(
    session: AsyncSession,
    location: Location,
    *,
    service_id: int | None = None,
    category_id: int | None = None,
    member_id: int | None = None,
) -> list[dict[str, Any]]:
    if service_id is not None:
        await repo.SERVICES.load(session, location.id, service_id)
    if category_id is not None:
        await repo.CATEGORIES.load(session, location.id, category_id)
    if member_id is not None:
        await _member_or_404(session, location, member_id)
    rows = await repo.services(
        session, location.id, service_id=service_id, category_id=category_id, member_id=member_id
    )
    return await render_services(session, rows)


_PLAIN_FIELDS = (
    "title",
    "booking_title",
    "print_title",
    "price_min",
    "price_max",
    "duration",
    "discount",
    "comment",
    "weight",
    "api_id",
    "is_multi",
    "tax_variant",
    "vat_id",
    "is_need_limit_date",
    "date_from",
    "date_to",
    "seance_search_start",
    "seance_search_finish",
    "step",
    "seance_search_step",
    "capacity",
)


async def _apply(
    session: AsyncSession, location: Location, svc: Service, body: ServiceFields
) -> None:
    sent = body.model_fields_set
    if body.category_id is not None:
        if await repo.category(session, location.id, body.category_id) is None:
            raise ValidationFailed.field("category_id", "service category not found")
        svc.category_id = body.category_id
    for name in _PLAIN_FIELDS:
        value = getattr(body, name)
        if value is not None:
            setattr(svc, name, value)
    if "technical_break_duration" in sent:
        svc.technical_break_duration = body.technical_break_duration or 0
    if body.active is not None:
        # Upstream's "active" is the online-booking switch, which is_online reports too.
        svc.active = body.active
        svc.is_online = body.active
    if body.translations is not None:
        svc.translations = _merge_translations(svc.translations or [], body.translations)
    dates = (svc.date_from, svc.date_to)
    if dates[0] and dates[1] and dates[1] < dates[0]:
        raise ValidationFailed.field("date_to", "is before date_from")
    low, high = svc.price_min or ZERO, svc.price_max or ZERO
    if high < low and "price_max" not in sent:
        # Only a minimum was sent: a fixed price rather than a "to" price below the "from".
        svc.price_max = svc.price_min


def _merge_translations(
    current: list[dict[str, object]], sent: Sequence[Translation]
) -> list[dict[str, object]]:
    """Sent languages replace their entry; an empty translation removes it."""
    by_language = {int(str(t["language_id"])): t for t in current}
    for t in sent:
        if t.translation:
            by_language[t.language_id] = {
                "language_id": t.language_id,
                "translation": t.translation,
            }
        else:
            by_language.pop(t.language_id, None)
    return [by_language[k] for k in sorted(by_language)]


async def _replace_staff(
    session: AsyncSession, location: Location, svc: Service, staff: Sequence[StaffLength]
) -> None:
    await _check_members(session, location, [s.id for s in staff], "staff")
    await _sync_links(
        session,
        location,
        svc,
        {
            s.id: {"length": s.seance_length, "technological_card_id": s.technological_card_id}
            for s in staff
        },
    )


async def _sync_links(
    session: AsyncSession,
    location: Location,
    svc: Service,
    wanted: dict[int, dict[str, Any]],
) -> None:
    """Make the service's links exactly ``wanted`` (member id -> column values)."""
    current = await repo.all_links(session, svc.id)
    for member_id, old in current.items():
        if member_id not in wanted:
            await session.delete(old)
    for member_id, values in wanted.items():
        ln = current.get(member_id) or ServiceTeamMember(
            location_id=location.id, service_id=svc.id, team_member_id=member_id
        )
        if member_id not in current:
            session.add(ln)
        for name, value in values.items():
            setattr(ln, name, value)
    await session.flush()


async def create_service(session: AsyncSession, location: Location, body: ServiceCreate) -> Service:
    svc = Service(
        location_id=location.id,
        title=body.title,
        price_min=ZERO,
        price_max=ZERO,
        translations=[],
        resource_ids=[],
    )
    await _apply(session, location, svc, body)
    session.add(svc)
    await session.flush()
    if body.staff:
        await _replace_staff(session, location, svc, body.staff)
    return svc


async def update_service(
    session: AsyncSession, location: Location, svc: Service, body: ServiceFields
) -> Service:
    await _apply(session, location, svc, body)
    if body.staff is not None:
        await _replace_staff(session, location, svc, body.staff)
    svc.updated_at = utcnow()
    await session.flush()
    return svc


async def delete_service(session: AsyncSession, svc: Service) -> None:
    # Soft delete: past appointments name the service. Its links go, so that no new booking
    # can find it through a team member.
    svc.deleted = True
    svc.updated_at = utcnow()
    await repo.delete_links(session, svc.id)
    await session.flush()


# --- team member links --------------------------------------------------------------------


async def create_link(
    session: AsyncSession, location: Location, svc: Service, body: LinkCreate
) -> ServiceTeamMember:
    member = await members_repo.member(session, location.id, body.master_id)
    if member is None:
        raise ValidationFailed.field("master_id", "team member not found in this location")
    if await repo.link(session, location.id, svc.id, member.id) is not None:
        raise ValidationFailed.field("master_id", "the team member already provides this service")
    ln = ServiceTeamMember(
        location_id=location.id,
        service_id=svc.id,
        team_member_id=member.id,
        length=body.seance_length,
        technological_card_id=body.technological_card_id,
    )
    session.add(ln)
    await session.flush()
    return ln


async def get_link(
    session: AsyncSession, location: Location, svc: Service, member: TeamMember
) -> ServiceTeamMember:
    ln = await repo.link(session, location.id, svc.id, member.id)
    if ln is None:
        raise ServiceLinkNotFound()
    return ln


async def update_link(
    session: AsyncSession, ln: ServiceTeamMember, body: LinkUpdate
) -> ServiceTeamMember:
    ln.length = body.seance_length
    if "technological_card_id" in body.model_fields_set:
        ln.technological_card_id = body.technological_card_id
    await session.flush()
    return ln


async def delete_link(session: AsyncSession, ln: ServiceTeamMember) -> None:
    await session.delete(ln)
    await session.flush()


async def update_links(session: AsyncSession, location: Location, body: ServiceLinks) -> Service:
    svc = await repo.SERVICES.load(session, location.id, body.service_id)
    ids = [s.team_member_id for s in body.team_member_settings]
    found = await members_repo.existing_member_ids(session, location.id, ids)
    for index, setting in enumerate(body.team_member_settings):
        if setting.team_member_id not in found:
            raise ValidationFailed.field(
                f"team_member_settings.{index}.team_member_id",
                "team member not found in this location",
            )
    await _sync_links(
        session,
        location,
        svc,
        {
            s.team_member_id: {
                "length": s.length,
                "technological_card_id": s.tech_card_id,
                "price": s.price.min if s.price else None,
                "price_max": s.price.max if s.price else None,
            }
            for s in body.team_member_settings
        },
    )
    if body.resource_ids is not None:
        svc.resource_ids = list(dict.fromkeys(body.resource_ids))
    if body.translations is not None:
        svc.translations = _merge_translations(svc.translations or [], body.translations)
    svc.updated_at = utcnow()
    await session.flush()
    return svc
