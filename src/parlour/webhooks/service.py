"""Hook settings, endpoints, the event and delivery log, replay and the test event."""

from __future__ import annotations

import base64
import secrets
from collections.abc import Sequence
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy.ext.asyncio import AsyncSession

from parlour import db
from parlour.errors import ValidationFailed
from parlour.kit.timeutil import iso, utcnow
from parlour.models import HookEndpoint, HookEvent, HookSettings, Location
from parlour.webhooks import capture
from parlour.webhooks import repository as repo
from parlour.webhooks.schemas import FLAGS, EndpointUpdate, HooksSettingsWrite, MessageStatus

_UTC = ZoneInfo("UTC")


def _n(value: bool) -> int:
    return 1 if value else 0


async def read_settings(session: AsyncSession, location: Location) -> dict[str, Any]:
    settings = await repo.settings_of(session, location.id)
    endpoints = await repo.endpoints_of(session, location.id)
    return render_settings(settings, endpoints)


def render_settings(
    settings: HookSettings | None, endpoints: Sequence[HookEndpoint]
) -> dict[str, Any]:
    """Upstream's settings object: the URLs, then every flag as 0/1."""
    flags = settings.flags if settings else {}
    out: dict[str, Any] = {
        "urls": [e.url for e in endpoints],
        "active": _n(bool(settings and settings.active)),
    }
    for flag in FLAGS:
        out[flag] = _n(bool(flags.get(flag)))
    out["self_sending"] = _n(bool(settings and settings.self_sending))
    return out


async def replace_settings(
    session: AsyncSession, location: Location, body: HooksSettingsWrite, user_id: int | None
) -> dict[str, Any]:
    """The POST: the new list replaces the old one (URLs left out are marked removed, so
    their delivery log stays; a URL listed again comes back with its secret)."""
    settings = await repo.settings_of(session, location.id)
    if settings is None:
        settings = HookSettings(location_id=location.id)
        session.add(settings)
    settings.active = body.active
    settings.self_sending = body.self_sending
    settings.flags = {flag: bool(getattr(body, flag)) for flag in FLAGS}
    settings.user_id = user_id
    settings.updated_at = utcnow()
    known = {e.url: e for e in await repo.endpoints_of(session, location.id, with_removed=True)}
    for position, url in enumerate(body.urls):
        endpoint = known.pop(url, None)
        if endpoint is None:
            endpoint = HookEndpoint(location_id=location.id, url=url)
            session.add(endpoint)
        endpoint.position = position
        endpoint.removed = False
    for left_out in known.values():
        left_out.removed = True
    await session.flush()
    return await read_settings(session, location)


def new_secret() -> str:
    """A Standard Webhooks secret: ``whsec_`` and 32 random bytes in base64."""
    return "whsec_" + base64.b64encode(secrets.token_bytes(32)).decode()


async def endpoints(session: AsyncSession, location: Location) -> list[dict[str, Any]]:
    rows = await repo.endpoints_of(session, location.id, with_removed=True)
    return [render_endpoint(e) for e in rows]


def render_endpoint(e: HookEndpoint, *, with_secret: bool = False) -> dict[str, Any]:
    out: dict[str, Any] = {
        "id": e.id,
        "url": e.url,
        "enabled": e.enabled,
        "removed": e.removed,
        "signing": e.secret is not None,
        "failing_since": iso(e.failing_since, _UTC),
        "disabled_at": iso(e.disabled_at, _UTC),
    }
    if with_secret:
        out["secret"] = e.secret
    return out


async def update_endpoint(
    session: AsyncSession, location: Location, endpoint_id: int, body: EndpointUpdate
) -> dict[str, Any]:
    endpoint = await repo.ENDPOINTS.load(session, location.id, endpoint_id)
    if body.enabled is not None:
        endpoint.enabled = body.enabled
        if body.enabled:
            endpoint.disabled_at = None
            endpoint.failing_since = None
        else:
            endpoint.disabled_at = endpoint.disabled_at or utcnow()
    if body.signing is False:
        endpoint.secret = None
    elif body.rotate_secret or (body.signing and endpoint.secret is None):
        endpoint.secret = new_secret()
    await session.flush()
    _wake_after_commit(session)
    return render_endpoint(endpoint, with_secret=True)


def envelope(ev: HookEvent) -> dict[str, Any]:
    """The body receivers get: upstream's event object."""
    return {
        "company_id": ev.location_id,
        "resource": ev.resource,
        "resource_id": ev.resource_id,
        "status": ev.status,
        "data": ev.data,
    }


def render_event(ev: HookEvent) -> dict[str, Any]:
    return {"id": ev.id, "created_at": iso(ev.created_at, _UTC), "body": envelope(ev)}


async def events(
    session: AsyncSession, location: Location, *, after_id: int, limit: int
) -> list[dict[str, Any]]:
    rows = await repo.events_page(session, location.id, after_id=after_id, limit=limit)
    return [render_event(e) for e in rows]


async def delivery_log(
    session: AsyncSession,
    location: Location,
    *,
    after_id: int,
    limit: int,
    event_id: int | None,
    endpoint_id: int | None,
) -> list[dict[str, Any]]:
    rows = await repo.deliveries_page(
        session,
        location.id,
        after_id=after_id,
        limit=limit,
        event_id=event_id,
        endpoint_id=endpoint_id,
    )
    attempts = await repo.attempts_of(session, [d.id for d in rows])
    urls = {
        e.id: e.url
        for e in (await repo.endpoints_by_id(session, {d.endpoint_id for d in rows})).values()
    }
    return [
        {
            "id": d.id,
            "event_id": d.event_id,
            "endpoint_id": d.endpoint_id,
            "url": urls.get(d.endpoint_id, ""),
            "state": d.state,
            "replay": d.replay,
            "attempts": [
                {
                    "number": a.number,
                    "started_at": iso(a.started_at, _UTC),
                    "status_code": a.status_code,
                    "latency_ms": a.latency_ms,
                    "ok": a.ok,
                    "error": a.error,
                }
                for a in attempts.get(d.id, [])
            ],
            "next_at": iso(d.next_at, _UTC) if d.state == "pending" else None,
            "created_at": iso(d.created_at, _UTC),
            "done_at": iso(d.done_at, _UTC),
        }
        for d in rows
    ]


async def _targets(
    session: AsyncSession, location: Location, endpoint_id: int | None
) -> list[HookEndpoint]:
    if endpoint_id is not None:
        return [await repo.ENDPOINTS.load(session, location.id, endpoint_id)]
    return (await repo.live_endpoints(session, [location.id])).get(location.id, [])


def _wake_after_commit(session: AsyncSession) -> None:
    db.after_commit(session, capture.wake)


async def replay_event(
    session: AsyncSession, location: Location, event_id: int, endpoint_id: int | None
) -> dict[str, Any]:
    ev = await repo.EVENTS.load(session, location.id, event_id)
    targets = await _targets(session, location, endpoint_id)
    capture.queue(session, [ev], targets, replay=True)
    await session.flush()
    _wake_after_commit(session)
    return {"events": 1, "deliveries": len(targets)}


async def replay_range(
    session: AsyncSession,
    location: Location,
    start: datetime,
    end: datetime,
    endpoint_id: int | None,
) -> dict[str, Any]:
    if end < start:
        raise ValidationFailed.field("end", "must not be before start")
    rows = list(await repo.events_between(session, location.id, start, end))
    targets = await _targets(session, location, endpoint_id)
    capture.queue(session, rows, targets, replay=True)
    await session.flush()
    _wake_after_commit(session)
    return {"events": len(rows), "deliveries": len(rows) * len(targets)}


async def test_event(
    session: AsyncSession, location: Location, endpoint_id: int | None
) -> dict[str, Any]:
    """An event of resource ``test`` about the location itself, to every live endpoint (or to
    one), whatever the flags and ``active`` say."""
    ev = HookEvent(
        location_id=location.id,
        resource="test",
        resource_id=location.id,
        status="update",
        data={"id": location.id, "title": location.title, "test": True},
    )
    session.add(ev)
    await session.flush()
    targets = await _targets(session, location, endpoint_id)
    capture.queue(session, [ev], targets)
    await session.flush()
    _wake_after_commit(session)
    return render_event(ev)


# The operator's message statuses (upstream's table).
SMS_STATUSES = {
    1: "delivered",
    2: "not_delivered",
    4: "sent_to_phone",
    8: "transferred",
    16: "rejected",
    52: "no_funds",
}


async def sms_statuses(session: AsyncSession, entries: Sequence[MessageStatus]) -> int:
    """Note the delivery status the operator reports for the SMS Parlour handed it; ids it
    was not handed are ignored. Returns how many messages were updated."""
    updated = 0
    for entry in entries:
        message = await repo.message_by_external_id(session, entry.id)
        if message is None or message.channel != "sms":
            continue
        message.delivery_status = SMS_STATUSES.get(entry.status, str(entry.status))
        updated += 1
    await session.flush()
    return updated
