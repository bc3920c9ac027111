"""Demo data: an administrator invited to the demo location, waiting to accept (so the
location's user list and the outbox show an invitation)."""

from __future__ import annotations

import secrets

from sqlalchemy.ext.asyncio import AsyncSession

from parlour.auth import tokens
from parlour.auth.permissions import role_defaults
from parlour.models import Invitation, Location, Membership, User
from parlour.outbox import service as outbox
from parlour.users.service import invitation_link

DEMO_INVITEE = "admin@parlour.example"


async def seed_demo(session: AsyncSession, location: Location) -> None:
    user = User(
        name="Dana Admin",
        login=DEMO_INVITEE,
        email=DEMO_INVITEE,
        password_hash="",
        token_hash=tokens.digest(f"pending:{secrets.token_hex(16)}"),
    )
    session.add(user)
    await session.flush()
    session.add(
        Membership(
            user_id=user.id,
            location_id=location.id,
            role="administrator",
            permissions=role_defaults("administrator"),
            is_approved=False,
            information="Administrator",
        )
    )
    code = secrets.token_urlsafe(24)
    session.add(
        Invitation(
            location_id=location.id,
            user_id=user.id,
            name=user.name,
            search=DEMO_INVITEE,
            position="Administrator",
            token_hash=tokens.digest(code),
        )
    )
    link = invitation_link(code)
    outbox.put(
        session,
        channel="email",
        recipient=DEMO_INVITEE,
        kind="user_invitation",
        subject=f"Invitation to {location.title}",
        body=f"You are invited to manage {location.title}: {link}",
        location_id=location.id,
        user_id=user.id,
        payload={"link": link, "code": code, "role": "administrator"},
    )
    await session.flush()
