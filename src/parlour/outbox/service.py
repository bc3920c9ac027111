"""The outbox: messages a change asks to send, kept in the change's transaction.

``put`` only adds a row to the caller's session; the request's commit (or rollback) decides
whether it exists, so a refused or failed change never sends anything. Delivery (SMTP, an SMS
gateway, push) is a later piece; until then the rows are what operators and tests read
(``GET /company/{location_id}/outbox``, ``parlour outbox``).
"""

from __future__ import annotations

from typing import Any, Literal
from zoneinfo import ZoneInfo

from sqlalchemy.ext.asyncio import AsyncSession

from parlour.kit.timeutil import iso
from parlour.models import OutboxMessage

Channel = Literal["email", "sms", "push"]
_UTC = ZoneInfo("UTC")


def put(
    session: AsyncSession,
    *,
    channel: Channel,
    recipient: str,
    kind: str,
    body: str,
    location_id: int | None = None,
    user_id: int | None = None,
    subject: str = "",
    payload: dict[str, Any] | None = None,
) -> OutboxMessage:
    message = OutboxMessage(
        location_id=location_id,
        user_id=user_id,
        channel=channel,
        recipient=recipient,
        kind=kind,
        subject=subject,
        body=body,
        payload=payload or {},
    )
    session.add(message)
    return message


def render(message: OutboxMessage) -> dict[str, Any]:
    return {
        "id": message.id,
        "location_id": message.location_id,
        "user_id": message.user_id,
        "channel": message.channel,
        "recipient": message.recipient,
        "kind": message.kind,
        "subject": message.subject,
        "body": message.body,
        "payload": message.payload,
        "created_at": iso(message.created_at, _UTC),
        "sent_at": iso(message.sent_at, _UTC),
    }
