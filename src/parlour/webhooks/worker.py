"""The delivery worker: webhook deliveries, outbox e-mails, and appointment reminders.

``parlour serve`` runs one inside the server on SQLite (``PARLOUR_DELIVERY=auto``); on
PostgreSQL ``parlour worker`` processes run it, as many as wanted on as many machines. A
worker leases what it claims for ``delivery_lease`` seconds (PostgreSQL: ``FOR UPDATE SKIP
LOCKED``, so two workers never claim one attempt; SQLite: the claim is one write
transaction), sends outside any transaction, then records the attempt. A worker killed
mid-send leaves its lease to run out, and the next claim sends the attempt again: delivery is
at least once, and receivers de-duplicate on the ``webhook-id`` header (the event's id).
"""

from __future__ import annotations

import asyncio
import json
import logging
import os
import secrets
import socket
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from email.message import EmailMessage
from time import perf_counter
from typing import Any

import httpx
from standardwebhooks.webhooks import Webhook

from parlour import __version__
from parlour.config import Settings
from parlour.db import Database
from parlour.kit.timeutil import utcnow
from parlour.models import DeliveryAttempt, HookEndpoint, HookEvent
from parlour.outbox import service as outbox
from parlour.webhooks import capture, reminders
from parlour.webhooks import repository as repo
from parlour.webhooks.service import envelope

log = logging.getLogger("parlour.delivery")


@dataclass
class Outcome:
    ok: bool
    status_code: int | None
    latency_ms: int
    error: str = ""
    external_id: str | None = None


def worker_name() -> str:
    return f"{socket.gethostname()[:40]}:{os.getpid()}"


def signed_headers(secret: str | None, msg_id: str, body: str, when: datetime) -> dict[str, str]:
    """Standard Webhooks headers (``webhook-signature`` only with a secret)."""
    headers = {
        "content-type": "application/json",
        "user-agent": f"Parlour-Webhooks/{__version__}",
        "webhook-id": msg_id,
        "webhook-timestamp": str(int(when.timestamp())),
    }
    if secret:
        headers["webhook-signature"] = Webhook(secret).sign(msg_id, when, body)
    return headers


class Worker:
    def __init__(
        self, database: Database, settings: Settings, *, name: str | None = None, batch: int = 20
    ) -> None:
        self.db = database
        self.settings = settings
        self.name = name or worker_name()
        self.batch = batch
        self.wakeup = asyncio.Event()
        self.skip_locked = database.dialect == "postgresql"
        self._client: httpx.AsyncClient | None = None

    # --- the loop ------------------------------------------------------------------------

    async def run(self, stop: asyncio.Event | None = None) -> None:
        stop = stop or asyncio.Event()
        self._client = httpx.AsyncClient(follow_redirects=False)
        try:
            while not stop.is_set():
                try:
                    done = await self.tick()
                except Exception:
                    log.exception("delivery tick failed")
                    done = 0
                if done:
                    continue
                self.wakeup.clear()
                waiters = [
                    asyncio.ensure_future(self.wakeup.wait()),
                    asyncio.ensure_future(stop.wait()),
                ]
                await asyncio.wait(
                    waiters,
                    timeout=self.settings.delivery_poll,
                    return_when=asyncio.FIRST_COMPLETED,
                )
                for w in waiters:
                    w.cancel()
        finally:
            await self._client.aclose()
            self._client = None

    async def tick(self) -> int:
        """One round: claim and send what is due. Returns how many things were handled."""
        done = 0
        async with self.db.session() as session:
            due = await repo.work_due(session, utcnow(), self._channels())
        if due:
            done += await self.deliver_hooks()
            done += await self.deliver_messages()
        done += await reminders.queue_due(self.db, every=self.settings.reminder_interval)
        return done

    # --- webhooks ------------------------------------------------------------------------

    async def deliver_hooks(self) -> int:
        lease = secrets.token_hex(8)
        async with self.db.session(write=True) as session:
            claimed = await repo.claim_deliveries(
                session,
                now=utcnow(),
                lease=lease,
                lease_for=self.settings.delivery_lease,
                limit=self.batch,
                skip_locked=self.skip_locked,
            )
            work = [(d.id, _Send.of(e, p)) for d, e, p in claimed]
        if not work:
            return 0
        # Deliveries of one entity never share a claim (the claim takes the oldest only).
        outcomes = await asyncio.gather(*(self._post(send) for _id, send in work))
        for (delivery_id, send), outcome in zip(work, outcomes, strict=True):
            await self._finish_hook(delivery_id, lease, send.started, outcome)
        return len(work)

    async def _post(self, send: _Send) -> Outcome:
        client = self._client or httpx.AsyncClient()
        send.started = utcnow()
        headers = signed_headers(send.secret, send.msg_id, send.body, send.started)
        began = perf_counter()
        try:
            response = await client.post(
                send.url,
                content=send.body.encode(),
                headers=headers,
                timeout=self.settings.webhook_timeout,
            )
        except httpx.TimeoutException:
            return Outcome(False, None, _ms(began), "timeout")
        except httpx.HTTPError as exc:
            return Outcome(False, None, _ms(began), f"{type(exc).__name__}: {exc}"[:255])
        ok = 200 <= response.status_code < 300
        return Outcome(ok, response.status_code, _ms(began), "" if ok else "status")

    async def _finish_hook(
        self, delivery_id: int, lease: str, started: datetime, outcome: Outcome
    ) -> None:
        now = utcnow()
        backoff = self.settings.webhook_backoff
        async with self.db.session(write=True) as session:
            delivery = await repo.held_delivery(session, delivery_id, lease)
            if delivery is None:
                log.warning(
                    "lease on delivery %s ran out before its attempt was recorded", delivery_id
                )
                return
            delivery.attempts += 1
            session.add(
                DeliveryAttempt(
                    delivery_id=delivery.id,
                    number=delivery.attempts,
                    started_at=started,
                    status_code=outcome.status_code,
                    latency_ms=outcome.latency_ms,
                    ok=outcome.ok,
                    error=outcome.error,
                    worker=self.name[:64],
                )
            )
            delivery.lease = None
            delivery.lease_until = None
            endpoint = await repo.endpoint_locked(session, delivery.endpoint_id)
            if outcome.ok:
                delivery.state = "sent"
                delivery.done_at = now
                if endpoint is not None:
                    endpoint.failing_since = None
                return
            if delivery.attempts > len(backoff):
                delivery.state = "failed"
                delivery.done_at = now
            else:
                delivery.next_at = now + timedelta(seconds=backoff[delivery.attempts - 1])
            if endpoint is not None:
                await self._maybe_disable(session, endpoint, started, now)

    async def _maybe_disable(
        self, session: Any, endpoint: HookEndpoint, started: datetime, now: datetime
    ) -> None:
        endpoint.failing_since = endpoint.failing_since or started
        failing_for = (now - endpoint.failing_since).total_seconds()
        if not endpoint.enabled or failing_for < self.settings.webhook_disable_after:
            return
        endpoint.enabled = False
        endpoint.disabled_at = now
        days = failing_for / 86400
        for email in await repo.owner_emails(session, endpoint.location_id):
            outbox.put(
                session,
                channel="email",
                recipient=email,
                kind="webhook_disabled",
                location_id=endpoint.location_id,
                subject="A webhook endpoint was disabled",
                body=(
                    f"Deliveries to {endpoint.url} have failed for {days:.1f} days, so Parlour "
                    "stopped sending to it. Fix the receiver, then enable the endpoint again "
                    "(PUT /company/{location_id}/hooks/endpoints/{endpoint_id}) and replay "
                    "what it missed."
                ),
                payload={"endpoint_id": endpoint.id, "url": endpoint.url},
            )

    # --- outbox messages -------------------------------------------------------------------

    def _channels(self) -> list[str]:
        channels = []
        if self.settings.smtp_host:
            channels.append("email")
        if self.settings.sms_operator_url:
            channels.append("sms")
        return channels

    async def deliver_messages(self) -> int:
        channels = self._channels()
        if not channels:
            return 0
        lease = secrets.token_hex(8)
        async with self.db.session(write=True) as session:
            claimed = await repo.claim_messages(
                session,
                now=utcnow(),
                lease=lease,
                lease_for=self.settings.delivery_lease,
                limit=self.batch,
                channels=channels,
                skip_locked=self.skip_locked,
            )
            work = [(m.id, m.channel, m.recipient, m.subject or m.kind, m.body) for m in claimed]
        for message_id, channel, recipient, subject, body in work:
            started = utcnow()
            if channel == "email":
                outcome = await self._email(recipient, subject, body)
            else:
                outcome = await self._sms(message_id, recipient, body)
            await self._finish_message(message_id, lease, started, outcome)
        return len(work)

    async def _email(self, recipient: str, subject: str, body: str) -> Outcome:
        import aiosmtplib

        s = self.settings
        message = EmailMessage()
        message["From"] = s.smtp_from
        message["To"] = recipient
        message["Subject"] = subject
        message.set_content(body)
        began = perf_counter()
        try:
            await aiosmtplib.send(
                message,
                hostname=s.smtp_host,
                port=s.smtp_port,
                username=s.smtp_user,
                password=s.smtp_password,
                use_tls=s.smtp_tls == "tls",
                start_tls=s.smtp_tls == "starttls",
                timeout=s.webhook_timeout,
            )
        except (aiosmtplib.SMTPException, OSError) as exc:
            return Outcome(False, getattr(exc, "code", None), _ms(began), str(exc)[:255])
        return Outcome(True, 250, _ms(began))

    async def _sms(self, message_id: int, phone: str, text: str) -> Outcome:
        """Hand an SMS to the operator: upstream's protocol posts the message with its id and
        the URL the operator reports delivery statuses to."""
        s = self.settings
        client = self._client or httpx.AsyncClient()
        headers = {"content-type": "application/json"}
        if s.sms_operator_key:
            headers["authorization"] = f"Bearer {s.sms_operator_key}"
        body = {
            "id": str(message_id),
            "phone": phone,
            "text": text,
            "delivery_callback_url": _callback_url(s),
        }
        began = perf_counter()
        try:
            response = await client.post(
                str(s.sms_operator_url), json=body, headers=headers, timeout=s.webhook_timeout
            )
        except httpx.HTTPError as exc:
            return Outcome(False, None, _ms(began), f"{type(exc).__name__}: {exc}"[:255])
        ok = 200 <= response.status_code < 300
        return Outcome(
            ok, response.status_code, _ms(began), "" if ok else "status", str(message_id)
        )

    async def _finish_message(
        self, message_id: int, lease: str, started: datetime, outcome: Outcome
    ) -> None:
        now = utcnow()
        backoff = self.settings.webhook_backoff
        async with self.db.session(write=True) as session:
            message = await repo.held_message(session, message_id, lease)
            if message is None:
                return
            message.attempts += 1
            session.add(
                DeliveryAttempt(
                    message_id=message.id,
                    number=message.attempts,
                    started_at=started,
                    status_code=outcome.status_code,
                    latency_ms=outcome.latency_ms,
                    ok=outcome.ok,
                    error=outcome.error,
                    worker=self.name[:64],
                )
            )
            message.lease = None
            message.lease_until = None
            if outcome.ok:
                message.sent_at = now
                message.external_id = outcome.external_id
                message.delivery_status = "sent"
            elif message.attempts > len(backoff):
                message.failed_at = now
                message.last_error = outcome.error
            else:
                message.last_error = outcome.error
                message.next_at = now + timedelta(seconds=backoff[message.attempts - 1])


@dataclass
class _Send:
    url: str
    secret: str | None
    msg_id: str
    body: str
    started: datetime

    @classmethod
    def of(cls, event: HookEvent, endpoint: HookEndpoint) -> _Send:
        body = json.dumps(envelope(event), ensure_ascii=False, separators=(",", ":"))
        return cls(endpoint.url, endpoint.secret, f"evt_{event.id}", body, utcnow())


def _ms(began: float) -> int:
    return int((perf_counter() - began) * 1000)


def _callback_url(settings: Settings) -> str:
    from parlour.kit.request_context import FALLBACK_BASE_URL

    base = (settings.public_url or FALLBACK_BASE_URL).rstrip("/")
    return f"{base}/api/v1/delivery/status"


def runs_in_process(settings: Settings, database: Database) -> bool:
    """Whether the server itself delivers: PARLOUR_DELIVERY=on, or auto on SQLite."""
    if settings.delivery == "on":
        return True
    return settings.delivery == "auto" and database.dialect == "sqlite"


async def start_delivery(app: Any) -> Callable[[], Awaitable[None]]:
    """Start the in-process worker of a server when it should run one; returns its stop."""
    settings: Settings = app.state.settings
    database: Database = app.state.db
    if not runs_in_process(settings, database):
        return _nothing
    worker = Worker(database, settings)
    capture.on_queued(worker.wakeup.set)
    stop = asyncio.Event()
    task = asyncio.create_task(worker.run(stop), name="parlour-delivery")

    async def stop_worker() -> None:
        stop.set()
        capture.forget_listener(worker.wakeup.set)
        try:
            await asyncio.wait_for(task, timeout=settings.webhook_timeout + 5)
        except (TimeoutError, asyncio.CancelledError):
            task.cancel()

    return stop_worker


async def _nothing() -> None:
    return None
