"""Team members' tip settings.

Every team member of a location has one settings row, made the first time the location's list
is read (upstream lists every member, with "new settings" until someone acts on it). Statuses:
1 new (never switched), 2 enabled, 3 disabled. Parlour takes no tip payments itself: the tip
page a client opens (``landing_external``) is the address template of
``PARLOUR_TIPS_LANDING_URL`` (``{location_id}`` and ``{hash}`` filled in), and "" when the
server has none.
"""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from parlour.config import Settings
from parlour.media import repository as repo
from parlour.models import Location, TipSettings

NEW, ENABLED, DISABLED = 1, 2, 3
STATUS_TITLES = {NEW: "new settings", ENABLED: "enabled", DISABLED: "disabled"}


def landing(settings: Settings, row: TipSettings) -> str:
    template = settings.tips_landing_url
    if not template:
        return ""
    return template.replace("{location_id}", str(row.location_id)).replace("{hash}", row.hash)


async def ensure(session: AsyncSession, location: Location) -> list[TipSettings]:
    """The location's settings rows, one per live team member."""
    for member in await repo.members_without_tip_settings(session, location.id):
        session.add(
            TipSettings(location_id=location.id, team_member_id=member.id, hash=str(uuid.uuid4()))
        )
    await session.flush()
    return await repo.tip_settings(session, location.id)


async def switch(
    session: AsyncSession, location: Location, settings_id: int, *, enabled: bool
) -> list[TipSettings]:
    """Enable or disable one member's tips; answers the location's whole list."""
    await ensure(session, location)
    row = await repo.TIPS.load(session, location.id, settings_id)
    row.is_enabled = enabled
    row.status = ENABLED if enabled else DISABLED
    await session.flush()
    return await repo.tip_settings(session, location.id)


async def render(
    session: AsyncSession,
    settings: Settings,
    location: Location,
    rows: list[TipSettings],
    *,
    full: bool,
) -> list[dict[str, Any]]:
    """The list of ``GET .../settings``; ``full`` adds what the enable/disable answers carry
    (the member's avatar and employee card, the invitation flag, the tip form link)."""
    members = await repo.members_by_id(session, location.id, [r.team_member_id for r in rows])
    users = await repo.users_by_id(
        session, [m.user_id for m in members.values() if m.user_id is not None]
    )
    positions = await repo.positions_by_id(
        session, [m.position_id for m in members.values() if m.position_id is not None]
    )
    out = []
    for row in rows:
        member = members.get(row.team_member_id)
        if member is None:
            continue
        user = users.get(member.user_id) if member.user_id is not None else None
        position = positions.get(member.position_id) if member.position_id is not None else None
        staff: dict[str, Any] = {
            "id": member.id,
            "name": member.name,
            "specialization": member.specialization,
        }
        if full:
            staff["avatar"] = member.avatar
            staff["employee"] = {"id": member.id, "phone": (user.phone or "") if user else ""}
        staff["user"] = (
            {"id": user.id, "name": user.name, "email": user.email or "", "phone": user.phone or ""}
            if user is not None
            else None
        )
        staff["position"] = {"id": position.id, "title": position.title} if position else {}
        item: dict[str, Any] = {
            "id": row.id,
            "location_id": row.location_id,
            "staff_id": row.team_member_id,
            "hash": row.hash,
            "status": row.status,
            "status_title": STATUS_TITLES.get(row.status, ""),
            "is_enabled": row.is_enabled,
            "landing_external": landing(settings, row),
        }
        if full:
            item["invite_sms_sent"] = row.invite_sms_sent
            item["master_tips_form_link"] = landing(settings, row)
        item["staff"] = staff
        out.append(item)
    return out
