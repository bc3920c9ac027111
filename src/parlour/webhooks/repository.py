"""SQL for webhooks: settings, endpoints, events, deliveries, attempts, and the claim."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime, timedelta
from typing import Any, TypeVar

from sqlalchemy import and_, exists, or_, select, update
from sqlalchemy import inspect as sa_inspect
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased, selectinload

from parlour.errors import HookEndpointNotFound, HookEventNotFound
from parlour.kit.repository import Scoped
from parlour.models import (
    Client,
    DeliveryAttempt,
    HookDelivery,
    HookEndpoint,
    HookEvent,
    HookSettings,
    Location,
    Membership,
    OutboxMessage,
    Record,
    SentReminder,
    User,
)

M = TypeVar("M")

ENDPOINTS = Scoped(
    HookEndpoint, not_found=HookEndpointNotFound, order_by=(HookEndpoint.position, HookEndpoint.id)
)
EVENTS = Scoped(HookEvent, not_found=HookEventNotFound, order_by=(HookEvent.id,))
DELIVERIES = Scoped(HookDelivery, order_by=(HookDelivery.id,))


async def settings_of(session: AsyncSession, location_id: int) -> HookSettings | None:
    stmt = select(HookSettings).where(HookSettings.location_id == location_id)
    return (await session.execute(stmt)).scalar_one_or_none()


async def settings_for(
    session: AsyncSession, location_ids: Iterable[int]
) -> dict[int, HookSettings]:
    ids = sorted(set(location_ids))
    if not ids:
        return {}
    stmt = select(HookSettings).where(HookSettings.location_id.in_(ids))
    return {s.location_id: s for s in (await session.execute(stmt)).scalars()}


async def endpoints_of(
    session: AsyncSession, location_id: int, *, with_removed: bool = False
) -> Sequence[HookEndpoint]:
    stmt = ENDPOINTS.select(location_id)
    if not with_removed:
        stmt = stmt.where(HookEndpoint.removed.is_(False))
    return (await session.execute(stmt)).scalars().all()


async def live_endpoints(
    session: AsyncSession, location_ids: Iterable[int]
) -> dict[int, list[HookEndpoint]]:
    stmt = ENDPOINTS.select(sorted(set(location_ids))).where(
        HookEndpoint.removed.is_(False), HookEndpoint.enabled.is_(True)
    )
    out: dict[int, list[HookEndpoint]] = {}
    for e in (await session.execute(stmt)).scalars():
        out.setdefault(e.location_id, []).append(e)
    return out


async def locations(session: AsyncSession, ids: Iterable[int]) -> dict[int, Location]:
    stmt = select(Location).where(Location.id.in_(sorted(set(ids))))
    return {loc.id: loc for loc in (await session.execute(stmt)).scalars()}


async def fresh_rows(session: AsyncSession, model: type[M], ids: Iterable[int]) -> list[M]:
    """Rows of ``model`` by id, read again (attributes a flush expired are loaded) with
    their relationships, as the section's own reads load them for its serializer."""
    table: Any = model
    related = [selectinload(getattr(table, r.key)) for r in sa_inspect(table).relationships]
    stmt = (
        select(table)
        .where(table.id.in_(sorted(set(ids))))
        .options(*related)
        .order_by(table.id)
        .execution_options(populate_existing=True)
    )
    return list((await session.execute(stmt)).scalars())


async def events_between(
    session: AsyncSession, location_id: int, start: datetime, end: datetime
) -> Sequence[HookEvent]:
    stmt = EVENTS.select(location_id).where(
        HookEvent.created_at >= start, HookEvent.created_at <= end, HookEvent.resource != "test"
    )
    return (await session.execute(stmt)).scalars().all()


async def events_page(
    session: AsyncSession, location_id: int, *, after_id: int, limit: int
) -> Sequence[HookEvent]:
    stmt = EVENTS.select(location_id).where(HookEvent.id > after_id).limit(limit)
    return (await session.execute(stmt)).scalars().all()


async def deliveries_page(
    session: AsyncSession,
    location_id: int,
    *,
    after_id: int,
    limit: int,
    event_id: int | None = None,
    endpoint_id: int | None = None,
) -> Sequence[HookDelivery]:
    stmt = DELIVERIES.select(location_id).where(HookDelivery.id > after_id)
    if event_id is not None:
        stmt = stmt.where(HookDelivery.event_id == event_id)
    if endpoint_id is not None:
        stmt = stmt.where(HookDelivery.endpoint_id == endpoint_id)
    return (await session.execute(stmt.limit(limit))).scalars().all()


async def attempts_of(
    session: AsyncSession, delivery_ids: Sequence[int]
) -> dict[int, list[DeliveryAttempt]]:
    if not delivery_ids:
        return {}
    stmt = (
        select(DeliveryAttempt)
        .where(DeliveryAttempt.delivery_id.in_(delivery_ids))
        .order_by(DeliveryAttempt.id)
    )
    out: dict[int, list[DeliveryAttempt]] = {}
    for a in (await session.execute(stmt)).scalars():
        out.setdefault(a.delivery_id or 0, []).append(a)
    return out


async def endpoints_by_id(session: AsyncSession, ids: Iterable[int]) -> dict[int, HookEndpoint]:
    stmt = select(HookEndpoint).where(HookEndpoint.id.in_(sorted(set(ids))))
    return {e.id: e for e in (await session.execute(stmt)).scalars()}


# --- the workers' side -------------------------------------------------------------------


async def claim_deliveries(
    session: AsyncSession,
    *,
    now: datetime,
    lease: str,
    lease_for: float,
    limit: int,
    skip_locked: bool,
) -> list[tuple[HookDelivery, HookEvent, HookEndpoint]]:
    """Lease up to ``limit`` due deliveries to this worker. A delivery waits while an earlier
    one of the same entity to the same endpoint is still pending (order per entity). On
    PostgreSQL rows another worker is claiming are skipped (``FOR UPDATE SKIP LOCKED``); on
    SQLite the write transaction (BEGIN IMMEDIATE) already serialises the claim."""
    earlier = aliased(HookDelivery)
    stmt = (
        select(HookDelivery.id)
        .join(HookEndpoint, HookEndpoint.id == HookDelivery.endpoint_id)
        .where(
            HookDelivery.state == "pending",
            HookDelivery.next_at <= now,
            or_(HookDelivery.lease_until.is_(None), HookDelivery.lease_until < now),
            HookEndpoint.enabled.is_(True),
            HookEndpoint.removed.is_(False),
            ~exists().where(
                and_(
                    earlier.endpoint_id == HookDelivery.endpoint_id,
                    earlier.entity_key == HookDelivery.entity_key,
                    earlier.id < HookDelivery.id,
                    earlier.state == "pending",
                )
            ),
        )
        .order_by(HookDelivery.next_at, HookDelivery.id)
        .limit(limit)
    )
    if skip_locked:
        stmt = stmt.with_for_update(skip_locked=True, of=HookDelivery)
    ids = list((await session.execute(stmt)).scalars())
    if not ids:
        return []
    until = now + timedelta(seconds=lease_for)
    await session.execute(
        update(HookDelivery)
        .where(HookDelivery.id.in_(ids))
        .values(lease=lease, lease_until=until)
        .execution_options(synchronize_session=False)
    )
    rows = await session.execute(
        select(HookDelivery, HookEvent, HookEndpoint)
        .join(HookEvent, HookEvent.id == HookDelivery.event_id)
        .join(HookEndpoint, HookEndpoint.id == HookDelivery.endpoint_id)
        .where(HookDelivery.id.in_(ids))
        .order_by(HookDelivery.id)
    )
    return [(d, e, p) for d, e, p in rows.all()]


async def held_delivery(session: AsyncSession, delivery_id: int, lease: str) -> HookDelivery | None:
    """The delivery if this worker's lease still holds it (locked for the update)."""
    stmt = select(HookDelivery).where(HookDelivery.id == delivery_id, HookDelivery.lease == lease)
    if session.bind is not None and session.bind.dialect.name == "postgresql":
        stmt = stmt.with_for_update()
    return (await session.execute(stmt)).scalar_one_or_none()


async def endpoint_locked(session: AsyncSession, endpoint_id: int) -> HookEndpoint | None:
    stmt = select(HookEndpoint).where(HookEndpoint.id == endpoint_id)
    if session.bind is not None and session.bind.dialect.name == "postgresql":
        stmt = stmt.with_for_update()
    return (await session.execute(stmt)).scalar_one_or_none()


async def owner_emails(session: AsyncSession, location_id: int) -> list[str]:
    stmt = (
        select(User.email)
        .join(Membership, Membership.user_id == User.id)
        .where(Membership.location_id == location_id, Membership.role == "owner")
    )
    return [e for e in (await session.execute(stmt)).scalars() if e]


async def claim_messages(
    session: AsyncSession,
    *,
    now: datetime,
    lease: str,
    lease_for: float,
    limit: int,
    channels: Sequence[str],
    skip_locked: bool,
) -> list[OutboxMessage]:
    """Lease due unsent outbox messages of the given channels, as ``claim_deliveries``."""
    if not channels:
        return []
    stmt = (
        select(OutboxMessage.id)
        .where(
            OutboxMessage.sent_at.is_(None),
            OutboxMessage.failed_at.is_(None),
            OutboxMessage.channel.in_(channels),
            or_(OutboxMessage.next_at.is_(None), OutboxMessage.next_at <= now),
            or_(OutboxMessage.lease_until.is_(None), OutboxMessage.lease_until < now),
        )
        .order_by(OutboxMessage.id)
        .limit(limit)
    )
    if skip_locked:
        stmt = stmt.with_for_update(skip_locked=True)
    ids = list((await session.execute(stmt)).scalars())
    if not ids:
        return []
    await session.execute(
        update(OutboxMessage)
        .where(OutboxMessage.id.in_(ids))
        .values(lease=lease, lease_until=now + timedelta(seconds=lease_for))
        .execution_options(synchronize_session=False)
    )
    rows = await session.execute(
        select(OutboxMessage)
        .where(OutboxMessage.id.in_(ids))
        .order_by(OutboxMessage.id)
        .execution_options(populate_existing=True)
    )
    return list(rows.scalars())


async def held_message(session: AsyncSession, message_id: int, lease: str) -> OutboxMessage | None:
    stmt = select(OutboxMessage).where(OutboxMessage.id == message_id, OutboxMessage.lease == lease)
    if session.bind is not None and session.bind.dialect.name == "postgresql":
        stmt = stmt.with_for_update()
    return (await session.execute(stmt)).scalar_one_or_none()


async def message_by_external_id(session: AsyncSession, external_id: str) -> OutboxMessage | None:
    stmt = select(OutboxMessage).where(OutboxMessage.external_id == external_id)
    return (await session.execute(stmt)).scalar_one_or_none()


async def reminder_candidates(
    session: AsyncSession, start: datetime, end: datetime
) -> list[tuple[Record, Client, Location]]:
    """Live records with a client, starting between ``start`` and ``end``, that ask for a
    reminder on some channel."""
    stmt = (
        select(Record, Client, Location)
        .join(Client, Client.id == Record.client_id)
        .join(Location, Location.id == Record.location_id)
        .where(
            Record.deleted.is_(False),
            Record.event_hold.is_(False),
            Record.attendance != -1,
            Record.start_at > start,
            Record.start_at <= end,
            or_(Record.email_remain_hours > 0, Record.sms_remain_hours > 0),
        )
        .order_by(Record.start_at)
    )
    return [(r, c, loc) for r, c, loc in (await session.execute(stmt)).all()]


async def reminder_sent(
    session: AsyncSession, record_id: int, channel: str, visit_at: datetime
) -> bool:
    stmt = select(SentReminder.id).where(
        SentReminder.record_id == record_id,
        SentReminder.channel == channel,
        SentReminder.visit_at == visit_at,
    )
    return (await session.execute(stmt)).first() is not None


async def work_due(session: AsyncSession, now: datetime, channels: Sequence[str]) -> bool:
    """Whether a claim would find anything (read-only, so an idle worker takes no write
    lock)."""
    hooks = select(HookDelivery.id).where(
        HookDelivery.state == "pending",
        HookDelivery.next_at <= now,
        or_(HookDelivery.lease_until.is_(None), HookDelivery.lease_until < now),
    )
    if (await session.execute(hooks.limit(1))).first() is not None:
        return True
    if not channels:
        return False
    messages = select(OutboxMessage.id).where(
        OutboxMessage.sent_at.is_(None),
        OutboxMessage.failed_at.is_(None),
        OutboxMessage.channel.in_(channels),
        or_(OutboxMessage.next_at.is_(None), OutboxMessage.next_at <= now),
        or_(OutboxMessage.lease_until.is_(None), OutboxMessage.lease_until < now),
    )
    return (await session.execute(messages.limit(1))).first() is not None


async def record_still_at(session: AsyncSession, record_id: int, start_at: datetime) -> bool:
    stmt = select(Record.id).where(
        Record.id == record_id,
        Record.start_at == start_at,
        Record.deleted.is_(False),
        Record.attendance != -1,
    )
    return (await session.execute(stmt)).first() is not None
