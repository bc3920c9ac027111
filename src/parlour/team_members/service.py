"""Team member rules: the member object, writes, soft deletion, positions."""

from __future__ import annotations

import secrets
from collections.abc import Sequence
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from parlour.auth import service as auth_service
from parlour.auth.access import Access
from parlour.errors import ValidationFailed
from parlour.kit.timeutil import utcnow
from parlour.models import Location, Position, TeamMember, User
from parlour.team_members import repository as repo
from parlour.team_members.schemas import MemberCreate, MemberFields, MemberQuickCreate

_FLAG_FIELDS = ("hidden", "fired", "has_access_timetable", "is_paid_staff")
_TEXT_FIELDS = ("name", "specialization", "weight", "information", "api_id", "avatar")


def _flag(value: bool) -> int:
    return 1 if value else 0


def _user_ref(user: User | None) -> dict[str, Any] | list[Any]:
    if user is None:
        return []
    return {"id": user.id, "name": user.name, "phone": user.phone or "", "email": user.email or ""}


async def render(session: AsyncSession, rows: Sequence[TeamMember]) -> list[dict[str, Any]]:
    ids = [m.id for m in rows]
    positions = await repo.positions_by_id(session, [m.position_id for m in rows if m.position_id])
    users = await repo.users_by_id(session, [m.user_id for m in rows if m.user_id])
    till = await repo.schedule_till(session, ids)
    links = await repo.links_of_members(session, ids)
    out = []
    for m in rows:
        pos = positions.get(m.position_id) if m.position_id else None
        out.append(
            {
                "id": m.id,
                "api_id": m.api_id or None,
                "name": m.name,
                "company_id": m.location_id,
                "specialization": m.specialization,
                # Upstream: the position object, or an empty array when there is none.
                "position": {"id": pos.id, "title": pos.title} if pos else [],
                "position_id": pos.id if pos else None,
                "avatar": m.avatar,
                "avatar_big": m.avatar_big or m.avatar,
                "rating": m.rating,
                "show_rating": _flag(m.show_rating),
                "votes_count": m.votes_count,
                "comments_count": m.comments_count,
                "user_id": m.user_id,
                "user": _user_ref(users.get(m.user_id) if m.user_id else None),
                "has_access_timetable": m.has_access_timetable,
                # Bookable online: not fired, hidden or deleted, and switched on.
                "bookable": m.bookable and not (m.fired or m.hidden or m.deleted),
                "image_group": [],
                "information": m.information,
                "schedule_till": till[m.id].isoformat() if m.id in till else None,
                "weight": m.weight,
                "fired": _flag(m.fired),
                "status": _flag(m.deleted),
                "hidden": _flag(m.hidden),
                "prepaid": m.prepaid,
                "is_paid_staff": m.is_paid_staff,
                "is_included_in_payment_policy": m.is_included_in_payment_policy,
                "services_links": [
                    {
                        "service_id": ln.service_id,
                        "length": ln.length,
                        "technological_card_id": ln.technological_card_id,
                    }
                    for ln in links.get(m.id, [])
                ],
            }
        )
    return out


async def render_one(session: AsyncSession, member: TeamMember) -> dict[str, Any]:
    return (await render(session, [member]))[0]


async def _position_id(session: AsyncSession, location: Location, value: int | None) -> int | None:
    if not value:
        return None
    if await repo.position(session, location.id, value) is None:
        raise ValidationFailed.field("position_id", "position not found in this location")
    return value


async def _user_id(session: AsyncSession, location: Location, value: int) -> int | None:
    if value == 0:
        return None
    user = (await repo.users_by_id(session, [value])).get(value)
    if user is None or await auth_service.membership(session, user.id, location.id) is None:
        raise ValidationFailed.field("user_id", "user not found among this location's users")
    return user.id


async def _apply(
    session: AsyncSession,
    location: Location,
    member: TeamMember,
    body: MemberFields,
    access: Access,
) -> None:
    for name in _TEXT_FIELDS + _FLAG_FIELDS:
        value = getattr(body, name)
        if value is not None:
            setattr(member, name, value)
    if "position_id" in body.model_fields_set:
        member.position_id = await _position_id(session, location, body.position_id)
    if body.user_id is not None:
        member.user_id = await _user_id(session, location, body.user_id)
    included = body.is_included_in_payment_policy
    # Upstream ignores the flag without an active payment policy and wants a right to change it.
    if included is not None and location.payment_policy not in ("", "none"):
        if included != member.is_included_in_payment_policy:
            access.require("payment_policy_update_access")
        member.is_included_in_payment_policy = included


async def create(
    session: AsyncSession, location: Location, body: MemberCreate, access: Access
) -> TeamMember:
    member = TeamMember(location_id=location.id, name=body.name, is_included_in_payment_policy=True)
    await _apply(session, location, member, body, access)
    session.add(member)
    await session.flush()
    return member


async def update(
    session: AsyncSession,
    location: Location,
    member: TeamMember,
    body: MemberFields,
    access: Access,
) -> TeamMember:
    await _apply(session, location, member, body, access)
    member.updated_at = utcnow()
    await session.flush()
    return member


async def delete(session: AsyncSession, member: TeamMember) -> None:
    # Soft delete: appointments keep naming the member (Record.staff_id is RESTRICT), and the
    # member leaves every list and every booking.
    member.deleted = True
    member.updated_at = utcnow()
    await session.flush()


async def _linked_user(
    session: AsyncSession, location: Location, body: MemberQuickCreate
) -> User | None:
    """The user named by e-mail or phone: a user of this location, or a new user.

    A user who exists but is not a member of this location is not linked: linking would show
    their name and contacts to this location. A new user gets no password anyone knows and no
    access to the location; they can reset the password and be granted access later.
    """
    logins = [
        x if "@" in x else f"+{x}"
        for x in (body.user_email, body.user_phone or body.phone_number)
        if x
    ]
    if not logins:
        return None
    for login in logins:
        user = await auth_service.find_user_by_login(session, login)
        if user is not None:
            member = await auth_service.membership(session, user.id, location.id)
            return user if member is not None else None
    return await auth_service.create_user(
        session, login=logins[0], password=secrets.token_urlsafe(24), name=body.name
    )


async def quick_create(
    session: AsyncSession, location: Location, body: MemberQuickCreate
) -> TeamMember:
    position_id = await _position_id(session, location, body.position_id)
    user = await _linked_user(session, location, body)
    member = TeamMember(
        location_id=location.id,
        name=body.name,
        specialization=body.specialization,
        position_id=position_id,
        is_paid_staff=body.is_paid_staff,
        user_id=user.id if user else None,
    )
    session.add(member)
    await session.flush()
    return member


def render_position(p: Position) -> dict[str, Any]:
    return {
        "id": p.id,
        "chain_id": p.chain_id,
        "title": p.title,
        "description": p.description,
        "services_binding_type": p.services_binding_type,
        "rules_required_fields": list(p.rules_required_fields or []),
        "only_chain_appointment": p.only_chain_appointment,
    }


async def create_position(session: AsyncSession, location: Location, title: str) -> Position:
    position = Position(
        location_id=location.id,
        chain_id=location.main_group_id,
        title=title,
        description="",
        rules_required_fields=[],
    )
    session.add(position)
    await session.flush()
    return position
