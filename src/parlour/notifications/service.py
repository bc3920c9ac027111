"""Who is told about what: each user's notification mode and channels at a location, and the
outbox entries a record's creation, move or deletion puts there.

A user's mode picks the family of notification types they get: ``admin`` (every record of
the location), ``staff`` (the records of the team member linked to the user) or
``disabled``. Each type has three channels (push, sms, email), kept per membership in
``membership.notification_channels``; missing values take the defaults below.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Literal

from sqlalchemy.ext.asyncio import AsyncSession

from parlour.errors import ValidationFailed
from parlour.models import Membership, Record
from parlour.notifications import repository as repo
from parlour.notifications.schemas import SettingsUpdate
from parlour.outbox import service as outbox

CHANNELS = ("push", "sms", "email")
EVENTS = ("record_create_online", "record_create_offline", "record_move", "record_delete")
COMMON = ("license_expire",)
MODES = ("admin", "staff", "disabled")
MODE_ALIASES = {"team_member": "staff"}
ALL_TYPES = tuple(f"{e}_{f}" for f in ("admin", "staff") for e in EVENTS) + COMMON

Event = Literal["create", "move", "delete"]


def default_mode(member: Membership) -> str:
    return "staff" if member.role == "worker" else "admin"


def mode_of(member: Membership) -> str:
    return member.notification_mode or default_mode(member)


def family_types(mode: str) -> tuple[str, ...]:
    family = "staff" if mode == "staff" else "admin"
    return tuple(f"{e}_{family}" for e in EVENTS) + COMMON


def _default_channels(type_: str) -> dict[str, int]:
    # Push for every record event and the licence, nothing else until the user asks.
    return {"push": 1, "sms": 0, "email": 0}


def channels_of(member: Membership, type_: str) -> dict[str, int]:
    stored = (member.notification_channels or {}).get(type_) or {}
    base = _default_channels(type_)
    return {c: 1 if stored.get(c, base[c]) else 0 for c in CHANNELS}


def user_settings(member: Membership) -> dict[str, Any]:
    mode = mode_of(member)
    return {
        "mode": mode,
        "notification_types": [
            {"type": t, "channels": channels_of(member, t)} for t in family_types(mode)
        ],
    }


def location_types(members: Sequence[Membership]) -> list[dict[str, Any]]:
    """Each type with the channels on which at least one user of the location gets it."""
    out = []
    for type_ in ALL_TYPES:
        on = dict.fromkeys(CHANNELS, 0)
        for member in members:
            mode = mode_of(member)
            if not member.is_approved or mode == "disabled" or type_ not in family_types(mode):
                continue
            for channel, value in channels_of(member, type_).items():
                on[channel] |= value
        out.append({"type": type_, "channels": on})
    return out


def _mode(raw: str) -> str:
    mode = MODE_ALIASES.get(raw.strip().lower(), raw.strip().lower())
    if mode not in MODES:
        raise ValidationFailed.field("mode", "mode must be admin, staff or disabled")
    return mode


async def update(session: AsyncSession, member: Membership, body: SettingsUpdate) -> None:
    """Only the push flags of the user's mode family change (the other channels and types are
    left as they are), as upstream documents this call."""
    if body.mode is not None:
        member.notification_mode = _mode(body.mode)
    family = family_types(mode_of(member))
    stored = {k: dict(v) for k, v in (member.notification_channels or {}).items()}
    for item in body.notification_types:
        if item.type not in ALL_TYPES:
            raise ValidationFailed.field("notification_types", f"unknown type {item.type!r}")
        if item.type not in family or item.channels.push is None:
            continue
        current = channels_of(member, item.type)
        current["push"] = 1 if item.channels.push else 0
        stored[item.type] = current
    member.notification_channels = stored
    await session.flush()


# --- record events -----------------------------------------------------------------------------


def _event_type(event: Event, online: bool) -> str:
    if event == "create":
        return "record_create_online" if online else "record_create_offline"
    return f"record_{event}"


def record_message(title: str, record: Record, event: Event) -> str:
    verb = {
        "create": "New appointment",
        "move": "Appointment moved",
        "delete": "Appointment cancelled",
    }
    when = record.start_at.isoformat() if record.start_at else ""
    return f"{verb[event]} at {title}: record {record.id}, {when} UTC"


async def record_event(session: AsyncSession, record: Record, event: Event) -> int:
    """Put one outbox entry per channel for every user of the record's location whose
    settings ask for this event (in the caller's transaction, so a change that rolls back
    tells no one). Staff-mode users hear only about their own team member's records.
    Returns how many entries were put."""
    base = _event_type(event, record.online)
    title = await repo.location_title(session, record.location_id)
    body = record_message(title, record, event)
    count = 0
    for member, user in await repo.recipients(session, record.location_id):
        mode = mode_of(member)
        if mode == "disabled":
            continue
        if mode == "staff" and (
            member.team_member_id is None or member.team_member_id != record.staff_id
        ):
            continue
        type_ = f"{base}_{mode}"
        for channel, on in channels_of(member, type_).items():
            recipient = {"push": str(user.id), "sms": user.phone, "email": user.email}[channel]
            if not on or not recipient:
                continue
            outbox.put(
                session,
                channel=channel,  # type: ignore[arg-type]
                recipient=recipient,
                kind=type_,
                subject=body.split(":", 1)[0],
                body=body,
                location_id=record.location_id,
                user_id=user.id,
                payload={"record_id": record.id, "event": event, "online": record.online},
            )
            count += 1
    return count
