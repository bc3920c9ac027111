"""Users & Permissions: a location's users, their role and permissions, invitations, and
copying a user's access to other locations.

Every value goes through the one flat permission map of a membership
(:mod:`parlour.auth.permissions`); the grouped and role views are derived from it.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from parlour.auth import service as auth_service
from parlour.auth import tokens
from parlour.auth.access import Access
from parlour.auth.permissions import (
    GROUPS,
    OWNER,
    ROLES,
    complete,
    grouped,
    kind,
    no_access,
    role_defaults,
)
from parlour.config import get_settings
from parlour.errors import AccessDenied, UserNotFound, ValidationFailed
from parlour.kit.phones import normalize_phone
from parlour.kit.request_context import public_base_url
from parlour.kit.timeutil import utcnow
from parlour.locations import repository as locations_repo
from parlour.models import Invitation, Location, Membership, User
from parlour.outbox import service as outbox
from parlour.team_members import repository as team_members_repo
from parlour.users import repository as repo
from parlour.users.schemas import (
    CompanyLinks,
    Invite,
    InviteRequest,
    PermissionsUpdate,
    PermissionValue,
)

OWNER_ROLE = "owner"
# The flags the deprecated GET /company_users answers under ``access``.
LEGACY_FLAGS = (
    "stat_access",
    "schedule_edit_access",
    "client_phones_access",
    "clients_access",
    "settings_access",
    "edit_records_access",
    "timetable_access",
    "billing_access",
    "users_access",
    "excel_access",
    "finances_access",
    "storages_access",
    "send_sms",
)


# --- values ----------------------------------------------------------------------------------


def _value(slug: str, raw: Any) -> Any:
    """A permission value checked against its slug's kind (422 otherwise)."""
    if slug not in OWNER:
        raise ValidationFailed.field("user_permissions", f"unknown permission {slug!r}")
    want = kind(slug)
    if want is bool:
        if isinstance(raw, bool):
            return raw
        if isinstance(raw, int) and raw in (0, 1):
            return bool(raw)
    elif want is int:
        if isinstance(raw, int) and not isinstance(raw, bool) and -1 <= raw <= 2**31:
            return raw
    elif isinstance(raw, list) and len(raw) <= 1000:
        return list(raw)
    raise ValidationFailed.field("user_permissions", f"{slug}: expected a {want.__name__}")


def apply_values(base: Mapping[str, Any], items: Iterable[PermissionValue]) -> dict[str, Any]:
    out = dict(base)
    for item in items:
        out[item.slug] = _value(item.slug, item.value)
    return out


def _role(raw: str | None, current: str = "worker") -> str:
    if raw is None or raw == "":
        return current
    role = raw.strip().lower()
    if role not in ROLES:
        raise ValidationFailed.field("user_role", f"user_role must be one of {', '.join(ROLES)}")
    return role


def values_of(member: Membership) -> dict[str, Any]:
    return complete(member.permissions or {}, member.role)


# --- reading ---------------------------------------------------------------------------------


def render_user(member: Membership, user: User) -> dict[str, Any]:
    return {
        "id": user.id,
        "name": user.name,
        "phone": user.phone or "",
        "email": user.email or "",
        "information": member.information or "",
        "is_approved": bool(member.is_approved),
        "is_non_deletable": member.role == OWNER_ROLE,
    }


async def list_users(
    session: AsyncSession, location: Location, approved: bool | None
) -> list[dict[str, Any]]:
    return [
        render_user(m, u) for m, u in await repo.members(session, location.id, approved=approved)
    ]


async def legacy_users(session: AsyncSession, location: Location) -> list[dict[str, Any]]:
    out = []
    for member, user in await repo.members(session, location.id):
        values = values_of(member)
        access: dict[str, Any] = {flag: values[flag] is True for flag in LEGACY_FLAGS}
        access["master_id"] = int(values.get("master_id") or 0)
        out.append(
            {
                "id": user.id,
                "firstname": user.name,
                "login": user.login,
                "email": user.email or "",
                "phone": user.phone or "",
                "information": member.information or "",
                "access": access,
            }
        )
    return out


def own_permissions(access: Access, groups: Sequence[str]) -> dict[str, dict[str, Any]]:
    """``GET /user/permissions``: the caller's values by group, optionally only ``groups``."""
    view = grouped(access.rights)
    view["other"] = view.pop("other")  # upstream lists "other" last
    if groups:
        unknown = [g for g in groups if g not in view]
        if unknown:
            raise ValidationFailed.field("group_permissions", f"unknown group {unknown[0]!r}")
        view = {g: v for g, v in view.items() if g in groups}
    return view


def may_edit(access: Access, target: Membership | None) -> bool:
    """Whether the caller may change ``target``'s role and permissions."""
    if not access.has("edit_users_access"):
        return False
    return target is None or target.role != OWNER_ROLE or access.role == OWNER_ROLE


def _title(slug: str) -> str:
    return slug.replace("_", " ").capitalize()


def _type(slug: str, head: bool) -> dict[str, Any]:
    want = kind(slug)
    if want is bool:
        name = "has_group_access" if head else "has_access"
        return {"slug": name, "all_access_value": True, "no_access_value": False}
    if want is list:
        return {"slug": "allowed_ids", "all_access_value": [], "no_access_value": []}
    if slug.endswith("last_days_count"):
        return {"slug": "days_count", "all_access_value": OWNER[slug], "no_access_value": 0}
    return {"slug": "allowed_id", "all_access_value": 0, "no_access_value": 0}


def _entity(slug: str) -> str | None:
    if slug.endswith(("master_id", "_master_id")):
        return "master"
    if slug.endswith("position_id"):
        return "position"
    if slug.endswith("group_id"):
        return "chain"
    return None


def _options(slug: str) -> list[dict[str, Any]]:
    """The choices of an id limit ("all" is 0); other permissions offer none."""
    if kind(slug) is int and not slug.endswith("last_days_count"):
        return [{"title": "All", "value": 0, "is_disabled": False}]
    return []


def _node(slug: str, default: Any, editable: bool, children: list[Any] | None) -> dict[str, Any]:
    return {
        "slug": slug,
        "title": _title(slug),
        "hint": "",
        "is_recommended": default == OWNER[slug],
        "is_editable": editable,
        "default_value": default,
        "entity_name": _entity(slug),
        "children": children,
        "options": None if children is not None else _options(slug),
        "type": _type(slug, children is not None),
    }


def role_tree(role: str, editable: bool) -> list[dict[str, Any]]:
    """A role's permissions as upstream's tree: one node per group (its first, "access"
    permission) with the group's other permissions as children."""
    defaults = role_defaults(role)
    out = []
    for items in GROUPS.values():
        head, *rest = list(items)
        children = [_node(s, defaults[s], editable, None) for s in rest]
        out.append(_node(head, defaults[head], editable, children))
    return out


def roles(access: Access, target: Membership | None) -> list[dict[str, Any]]:
    editable = may_edit(access, target)
    return [
        {
            "slug": slug,
            "title": spec["title"],
            "description": spec["description"],
            "weight": spec["weight"],
            "user_permissions": role_tree(slug, editable),
        }
        for slug, spec in sorted(ROLES.items(), key=lambda kv: kv[1]["weight"])
    ]


def permissions_view(access: Access, member: Membership) -> dict[str, Any]:
    values = values_of(member)
    return {
        "is_editable": may_edit(access, member),
        "staff_id": member.team_member_id or 0,
        "user_role": member.role,
        "user_permissions": [{"slug": s, "value": v} for s, v in values.items()],
    }


# --- changing --------------------------------------------------------------------------------


async def _staff_id(session: AsyncSession, location_id: int, staff_id: int | None) -> int | None:
    if not staff_id:
        return None
    if await team_members_repo.member(session, location_id, staff_id) is None:
        raise ValidationFailed.field("staff_id", "no such team member at this location")
    return staff_id


async def update_permissions(
    session: AsyncSession,
    location: Location,
    access: Access,
    member: Membership,
    body: PermissionsUpdate,
) -> Membership:
    if member.role == OWNER_ROLE:
        raise ValidationFailed.field("user_id", "the owner's rights cannot be changed")
    if not may_edit(access, member):
        raise AccessDenied()
    role = _role(body.user_role, member.role)
    if role == OWNER_ROLE and access.role != OWNER_ROLE:
        raise AccessDenied("Only the owner can hand over ownership.")
    base = values_of(member) if role == member.role else role_defaults(role)
    member.permissions = apply_values(base, body.user_permissions)
    member.role = role
    if body.staff_id is not None:
        member.team_member_id = await _staff_id(session, location.id, body.staff_id)
    await session.flush()
    return member


async def remove_user(session: AsyncSession, location: Location, member: Membership) -> None:
    if member.role == OWNER_ROLE:
        raise ValidationFailed.field("user_id", "the owner cannot be removed from the location")
    for invitation in await repo.pending_invitations(session, location.id, member.user_id):
        await session.delete(invitation)
    await session.delete(member)
    await session.flush()


def _contact(search: str) -> tuple[str | None, str | None]:
    """An invitation's ``search``: (email, phone)."""
    text = search.strip()
    if "@" in text:
        local, _, domain = text.partition("@")
        if not local or "." not in domain:
            raise ValidationFailed.field("invites", f"{text!r} is not an e-mail address")
        return text.lower(), None
    return None, normalize_phone(text, field="invites")


async def _invitee(session: AsyncSession, invite: Invite) -> User:
    email, phone = _contact(invite.search)
    found = await auth_service.find_user_by_login(session, email or phone or "")
    if found is not None:
        return found
    # A person who has no account yet: a pending user that cannot sign in until they accept.
    user = User(
        name=invite.name or (email or phone or ""),
        login=email or phone or "",
        email=email,
        phone=phone,
        password_hash="",
        token_hash=tokens.digest(f"pending:{secrets.token_hex(16)}"),
        is_approved=True,
    )
    session.add(user)
    await session.flush()
    return user


def invitation_link(code: str) -> str:
    return f"{public_base_url(get_settings().public_url)}/invite/{code}"


async def invite(
    session: AsyncSession,
    location: Location,
    access: Access,
    inviter: User,
    body: InviteRequest,
) -> None:
    for item in body.invites:
        role = _role(item.user_role)
        if role == OWNER_ROLE:
            raise ValidationFailed.field("invites", "an invitation cannot make an owner")
        user = await _invitee(session, item)
        member = await auth_service.membership(session, user.id, location.id)
        if member is not None and member.is_approved:
            continue  # already manages the location
        # Rights are given by the invitation's own list (or later, by PUT .../permissions).
        values = apply_values({s: no_access(s) for s in OWNER}, item.user_permissions)
        staff = await _staff_id(session, location.id, item.staff_id)
        if member is None:
            member = Membership(
                user_id=user.id,
                location_id=location.id,
                role=role,
                permissions=values,
                is_approved=False,
                information=item.position,
                team_member_id=staff,
            )
            session.add(member)
        else:
            member.role, member.permissions = role, values
            member.information = item.position or member.information
            member.team_member_id = staff or member.team_member_id
        code = secrets.token_urlsafe(24)
        session.add(
            Invitation(
                location_id=location.id,
                user_id=user.id,
                invited_by_id=inviter.id,
                name=item.name,
                search=item.search,
                position=item.position,
                token_hash=tokens.digest(code),
            )
        )
        link = invitation_link(code)
        outbox.put(
            session,
            channel="email" if user.email and "@" in item.search else "sms",
            recipient=(user.email if "@" in item.search else user.phone) or item.search,
            kind="user_invitation",
            subject=f"Invitation to {location.title}",
            body=f"{inviter.name} invites you to manage {location.title}: {link}",
            location_id=location.id,
            user_id=user.id,
            payload={"link": link, "code": code, "role": role},
        )
    await session.flush()


async def accept(
    session: AsyncSession, code: str, password: str | None, name: str | None
) -> tuple[User, str]:
    """Follow an invitation link: the membership is approved; a person without an account
    sets their password here. Answers the user and their user token."""
    invitation = await repo.invitation_by_token_hash(session, tokens.digest(code))
    if invitation is None or invitation.accepted_at is not None:
        raise ValidationFailed.field("code", "the invitation is unknown or already used")
    user = await auth_service.get_user(session, invitation.user_id)
    member = await auth_service.membership(session, user.id, invitation.location_id)
    if member is None:  # removed from the location after being invited
        raise ValidationFailed.field("code", "the invitation is unknown or already used")
    if not user.password_hash:
        if not password:
            raise ValidationFailed.field("password", "choose a password to finish signing up")
        if name:
            user.name = name
        token = await auth_service.set_password(session, user, password)
    else:
        token = auth_service.token_of(user)
    member.is_approved = True
    invitation.accepted_at = utcnow()
    await session.flush()
    return user, token


async def _target_access(session: AsyncSession, user: User, location_id: int) -> Access:
    """The caller's rights at another location named in a body (403 when not a member)."""
    location = await locations_repo.get_location(session, location_id)
    if location is None:
        raise ValidationFailed.field("user_company_links", f"no location {location_id}")
    member = await auth_service.membership(session, user.id, location_id)
    if member is None or not member.is_approved:
        raise AccessDenied()
    return Access.of(member)


async def copy_to_companies(
    session: AsyncSession, caller: User, source: Membership, body: CompanyLinks
) -> None:
    """Give the user the same role and permissions at other locations (each link's own
    values over them). A user only invited there keeps waiting for their acceptance."""
    if not source.is_approved:
        raise ValidationFailed.field("user_id", "only an active user can be copied")
    if source.role == OWNER_ROLE:
        raise ValidationFailed.field("user_id", "the owner cannot be copied")
    base = values_of(source)
    for link in body.user_company_links:
        if link.company_id == source.location_id:
            continue
        (await _target_access(session, caller, link.company_id)).require("create_users_access")
        values = apply_values(base, link.user_permissions)
        target = await auth_service.membership(session, source.user_id, link.company_id)
        if target is None:
            session.add(
                Membership(
                    user_id=source.user_id,
                    location_id=link.company_id,
                    role=source.role,
                    permissions=values,
                    is_approved=True,
                    information=source.information,
                )
            )
        elif target.role == OWNER_ROLE:
            raise ValidationFailed.field("user_company_links", "the owner's rights stay")
        else:
            target.role, target.permissions = source.role, values
    await session.flush()


async def remove_from_companies(
    session: AsyncSession, caller: User, source: Membership, body: CompanyLinks
) -> None:
    for link in body.user_company_links:
        (await _target_access(session, caller, link.company_id)).require("delete_users_access")
        target = await auth_service.membership(session, source.user_id, link.company_id)
        if target is None:
            raise UserNotFound()
        if target.role == OWNER_ROLE:
            raise ValidationFailed.field("user_company_links", "the owner cannot be removed")
        await session.delete(target)
    await session.flush()
