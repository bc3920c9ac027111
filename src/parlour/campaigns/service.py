"""Campaigns: who receives one, and the messages it leaves in the outbox.

A client is reached when they belong to the location, have not opted out of mailings
(``sms_not``, upstream's "exclude from mailings" flag, which Parlour applies to e-mail too),
and have an address on the channel (a phone for SMS, an e-mail for e-mail). Ids of other
locations' clients match nothing. With no filter at all, a filtered campaign reaches every such
client of the location, as upstream's does. Each recipient gets one outbox message of kind
``campaign`` in the request's transaction, so a refused request sends nothing.
"""

from __future__ import annotations

import secrets
from collections.abc import Sequence

from sqlalchemy import ColumnElement
from sqlalchemy.ext.asyncio import AsyncSession

from parlour.campaigns import repository as repo
from parlour.clients.service import contact_filters
from parlour.models import Client, Location, User
from parlour.outbox import service as outbox
from parlour.outbox.service import Channel


def _address(client: Client, channel: Channel) -> str:
    return (client.phone or "") if channel == "sms" else client.email.strip()


async def send(
    session: AsyncSession,
    location: Location,
    user: User,
    *,
    channel: Channel,
    text: str,
    subject: str = "",
    ids: Sequence[int] | None = None,
    conditions: Sequence[ColumnElement[bool]] = (),
) -> int:
    """Queue the campaign; returns how many clients it reaches."""
    campaign = secrets.token_hex(8)
    sent = 0
    for client in await repo.reachable(session, location.id, conditions, ids=ids):
        address = _address(client, channel)
        if not address:
            continue
        outbox.put(
            session,
            channel=channel,
            recipient=address,
            kind="campaign",
            subject=subject,
            body=text,
            location_id=location.id,
            user_id=user.id,
            payload={"campaign": campaign, "client_id": client.id},
        )
        sent += 1
    await session.flush()
    return sent


def filters(
    location: Location,
    *,
    fullname: str | None,
    phone: str | None,
    email: str | None,
    card: str | None,
) -> list[ColumnElement[bool]]:
    return contact_filters(location, fullname=fullname, phone=phone, email=email, card=card)
