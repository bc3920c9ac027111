"""Location rules: who sees what, creation with membership, updates, deletion."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from parlour.auth import service as auth_service
from parlour.auth.access import Access
from parlour.booking import search as booking_search
from parlour.cache import store as cache
from parlour.config import get_settings
from parlour.errors import AccessDenied
from parlour.kit.request_context import public_base_url
from parlour.kit.timeutil import iso, utcnow, zone
from parlour.ledger_defaults import seed_location
from parlour.locations import repository as repo
from parlour.locations.schemas import (
    BookformRef,
    ChainRef,
    LocationCreate,
    LocationRead,
    LocationUpdate,
    PaymentPolicy,
    Social,
    SocialIn,
)
from parlour.models import Chain, Location, LocationChain, Membership, User

# What GET /companies can add to each location with include=...
INCLUDABLE = ("staff", "positions", "accounts", "storages", "expenses")


@dataclass(slots=True)
class Extras:
    """The optional parts of a location object, as the query asks for them."""

    for_booking: bool = False
    show_groups: bool = False
    show_bookforms: bool = False
    bookform_id: int | None = None
    with_access: bool = False
    full: bool = True  # GET /company/{id} sends the full card; lists send the short one
    include: frozenset[str] = frozenset()  # GET /companies include=staff|positions|...


def bookform_url(form_id: int) -> str:
    return f"{public_base_url(get_settings().public_url)}/bookform/{form_id}"


def _offset_hours(location: Location) -> float:
    offset = utcnow().astimezone(zone(location.timezone_name)).utcoffset()
    hours = (offset.total_seconds() if offset else 0) / 3600
    return int(hours) if hours == int(hours) else hours


async def _staff_counts(session: AsyncSession, ids: list[int]) -> dict[int, int]:
    """Active staff per location; for one location on a read, from the process cache (team
    members bump the location's counter)."""
    entry = cache.entry_of(session, ids[0]) if len(ids) == 1 else None
    if entry is None:
        return await repo.active_staff_counts(session, ids)
    found: dict[int, int] | None = entry.memo.get("active-staff")
    if found is None:
        found = entry.remember("active-staff", await repo.active_staff_counts(session, ids))
    return found


async def render(
    session: AsyncSession,
    locations: Sequence[Location],
    extras: Extras,
    user: User | None = None,
) -> list[dict[str, Any]]:
    ids = [loc.id for loc in locations]
    staff = await _staff_counts(session, ids)
    chains = await repo.chains_of(session, ids) if extras.show_groups else {}
    main_ids = [loc.main_group_id for loc in locations if loc.main_group_id]
    mains = await repo.chains_by_id(session, main_ids)
    forms = (
        await repo.bookforms_of(session, ids)
        if (extras.show_bookforms or extras.bookform_id)
        else {}
    )
    members: dict[int, Membership] = (
        await repo.memberships_of(session, user.id, ids) if (extras.with_access and user) else {}
    )
    out = []
    for loc in locations:
        main = mains.get(loc.main_group_id) if loc.main_group_id else None
        item = LocationRead(
            id=loc.id,
            title=loc.title,
            public_title=loc.public_title or loc.title,
            short_descr=loc.short_descr,
            logo=loc.logo,
            active=1 if loc.active else 0,
            phone=loc.phone,
            phones=list(loc.phones or ([loc.phone] if loc.phone else [])),
            email=loc.email,
            country_id=loc.country_id,
            country=loc.country,
            city_id=loc.city_id,
            city=loc.city,
            timezone=_offset_hours(loc),
            timezone_name=loc.timezone_name,
            address=loc.address,
            zip=loc.zip,
            coordinate_lat=loc.coordinate_lat,
            coordinate_lon=loc.coordinate_lon,
            schedule=loc.schedule,
            social=Social(
                **{k: str(v) for k, v in (loc.social or {}).items() if k in Social.model_fields}
            ),
            site=loc.site,
            business_type_id=loc.business_type_id,
            description=loc.description,
            phone_confirmation=loc.phone_confirmation,
            active_staff_count=staff.get(loc.id, 0),
            app_ios=loc.app_ios,
            app_android=loc.app_android,
            currency_short_title=loc.currency_short_title,
            reminds_sms_disabled=loc.reminds_sms_disabled,
            reminds_sms_default=loc.reminds_sms_default,
            group_priority=loc.group_priority,
            bookform_group_priority=loc.bookform_group_priority,
            push_notification_phone_confirm=loc.push_notification_phone_confirm,
            main_group_id=loc.main_group_id or 0,
            main_group=ChainRef(id=main.id, title=main.title) if main else [],
            photos=list(loc.photos or []),
            company_photos=list(loc.photos or []),
            booking_widget_promo=None,
            payment_policy=PaymentPolicy(type=loc.payment_policy),
            # Always sent: the location's own sales form link ("" when none).
            online_sales_form_url=loc.online_sales_form_url or "",
        )
        if extras.for_booking:
            slot = await booking_search.next_slot(session, loc)
            item.next_slot = iso(slot, zone(loc.timezone_name)) if slot else None
        if extras.show_groups:
            groups = chains.get(loc.id, [])
            item.groups = {str(c.id): ChainRef(id=c.id, title=c.title) for c in groups} or []
        if extras.show_bookforms:
            item.bookforms = [
                BookformRef(
                    id=f.id,
                    title=f.title,
                    is_default=1 if f.is_default else 0,
                    url=bookform_url(f.id),
                )
                for f in forms.get(loc.id, [])
            ]
        if extras.bookform_id:
            match = [f for f in forms.get(loc.id, []) if f.id == extras.bookform_id]
            if match:
                item.online_sales_form_url = bookform_url(match[0].id)
        if extras.with_access:
            member = members.get(loc.id)
            item.access = dict(Access.of(member).rights) if member else {}
        if extras.include:
            await _include(session, loc, item, extras.include)
        out.append(item.model_dump(mode="json", exclude_none=False, exclude=_unset(item)))
    return out


_OPTIONAL = (
    "next_slot",
    "groups",
    "bookforms",
    "access",
    *INCLUDABLE,
)


async def _include(
    session: AsyncSession, loc: Location, item: LocationRead, wanted: frozenset[str]
) -> None:
    from parlour.team_members import repository as team_repo
    from parlour.team_members import service as team_service

    if "staff" in wanted:
        item.staff = await team_service.render(session, await team_repo.members(session, loc.id))
    if "positions" in wanted:
        rows = await team_repo.positions(session, loc.id)
        item.positions = [team_service.render_position(p) for p in rows]
    # Parlour has no cash accounts, storages or expense items yet: these are truly empty.
    for name in ("accounts", "storages", "expenses"):
        if name in wanted:
            setattr(item, name, [])


def _unset(item: LocationRead) -> set[str]:
    return {name for name in _OPTIONAL if name not in item.model_fields_set}


def _apply_social(loc: Location, social: SocialIn | None) -> None:
    if social is None:
        return
    merged = dict(loc.social or {})
    merged.update(social.model_dump(exclude_none=True))
    loc.social = merged


async def _check_chain(session: AsyncSession, chain_id: int, user: User) -> Chain:
    chain = await repo.CHAINS.load(session, chain_id)
    if not await repo.chain_visible_to(session, chain_id, user.id):
        raise AccessDenied()
    return chain


async def create(session: AsyncSession, user: User, body: LocationCreate) -> Location:
    chain = await _check_chain(session, body.main_group_id, user) if body.main_group_id else None
    loc = Location(
        title=body.title,
        country_id=body.country_id,
        country=body.country,
        city_id=body.city_id,
        city=body.city,
        address=body.address,
        zip=body.zip,
        site=body.site,
        coordinate_lat=body.coordinate_lat,
        coordinate_lon=body.coordinate_lot
        if body.coordinate_lot is not None
        else body.coordinate_lon,
        business_type_id=body.business_type_id,
        short_descr=body.short_descr,
        description=body.description,
        phone=body.phone,
        phones=body.phones or ([body.phone] if body.phone else []),
        email=body.email,
        social={},
        photos=[],
        timezone_name=body.timezone_name or get_settings().default_timezone,
        main_group_id=chain.id if chain else None,
    )
    _apply_social(loc, body.social)
    session.add(loc)
    await session.flush()
    if chain:
        session.add(LocationChain(location_id=loc.id, chain_id=chain.id))
    await auth_service.grant(session, user, loc, role="owner")
    await seed_location(session, loc.id)
    return loc


async def update(session: AsyncSession, loc: Location, body: LocationUpdate) -> Location:
    changes = body.model_dump(exclude_unset=True, exclude={"social"})
    for name, value in changes.items():
        if value is None:  # null means "leave as is"
            continue
        if name == "push_notification_phone_confirm":
            value = 1 if value else 0
        setattr(loc, name, value)
    if "phones" in changes and changes["phones"] is not None and not loc.phone and loc.phones:
        loc.phone = loc.phones[0]
    _apply_social(loc, body.social)
    loc.updated_at = utcnow()
    await session.flush()
    return loc


async def delete(session: AsyncSession, loc: Location) -> None:
    # Soft delete: appointments, clients and history stay for show_deleted and for audits.
    loc.deleted = True
    loc.updated_at = utcnow()
    await session.flush()
