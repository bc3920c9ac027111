"""Appointment reminders: an outbox message the configured hours before a visit.

A record asks for them with ``email_remain_hours`` / ``sms_remain_hours`` (0: none). Once
the visit is that close, a worker queues the message and notes it (``sent_reminder``, unique
per record, channel and visit time), so it is queued once whatever the number of workers. A
deleted (cancelled) record or one marked as a no-show gets none; a moved record gets one for
its new time only, when that time comes close.
"""

from __future__ import annotations

import time
from datetime import timedelta

from sqlalchemy.exc import IntegrityError

from parlour.db import Database
from parlour.kit.timeutil import utcnow, zone
from parlour.models import SentReminder
from parlour.outbox import service as outbox
from parlour.webhooks import repository as repo

# Reminders further ahead than this are not looked for.
HORIZON_HOURS = 72
_last_run: dict[int, float] = {}


async def queue_due(database: Database, *, every: float = 30.0) -> int:
    """Queue the reminders that are due (at most once per ``every`` seconds per database)."""
    key = id(database)
    now_mono = time.monotonic()
    if now_mono - _last_run.get(key, 0.0) < every:
        return 0
    _last_run[key] = now_mono
    now = utcnow()
    async with database.session() as session:
        found = await repo.reminder_candidates(session, now, now + timedelta(hours=HORIZON_HOURS))
        due = []
        for record, client, location in found:
            for channel, hours, recipient in (
                ("email", record.email_remain_hours, client.email),
                ("sms", record.sms_remain_hours, client.phone),
            ):
                if not hours or not recipient or record.start_at - timedelta(hours=hours) > now:
                    continue
                if await repo.reminder_sent(session, record.id, channel, record.start_at):
                    continue
                due.append((record, location, channel, recipient))
    if not due:
        return 0
    queued = 0
    async with database.session(write=True) as session:
        for record, location, channel, recipient in due:
            if not await repo.record_still_at(session, record.id, record.start_at):
                continue  # cancelled or moved since
            try:
                async with session.begin_nested():
                    session.add(
                        SentReminder(
                            location_id=record.location_id,
                            record_id=record.id,
                            channel=channel,
                            visit_at=record.start_at,
                        )
                    )
                    await session.flush()
            except IntegrityError:
                continue  # another worker queued it
            local = record.start_at.astimezone(zone(location.timezone_name))
            when = local.strftime("%d.%m.%Y %H:%M")
            outbox.put(
                session,
                channel="email" if channel == "email" else "sms",
                recipient=recipient,
                kind="record_reminder",
                location_id=record.location_id,
                subject=f"Reminder: your visit to {location.title}",
                body=f"See you at {location.title} on {when}.",
                payload={"record_id": record.id, "datetime": local.isoformat()},
            )
            queued += 1
    return queued
