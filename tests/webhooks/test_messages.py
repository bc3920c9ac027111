"""Outbox messages delivered for real: e-mail to an SMTP server (aiosmtpd) in the test
process, SMS to an operator URL, with retries and a log; appointment reminders at the hours
the record asks for, never for a cancelled one."""

from __future__ import annotations

import asyncio
from datetime import timedelta
from pathlib import Path
from typing import Any

import httpx
from aiosmtpd.controller import Controller
from sqlalchemy import select, update

from parlour.config import Settings
from parlour.db import Database
from parlour.kit.timeutil import utcnow
from parlour.models import Client, DeliveryAttempt, OutboxMessage, Record
from parlour.outbox import service as outbox
from parlour.webhooks.worker import Worker
from tests.booking.server import free_port
from tests.fixtures.factories import Salon, Tenant, make_client, make_record
from tests.webhooks.peers import received, running_receiver


class Inbox:
    def __init__(self) -> None:
        self.mail: list[Any] = []

    async def handle_DATA(self, _server: Any, _session: Any, envelope: Any) -> str:
        self.mail.append(envelope)
        return "250 OK"


def _settings(database_url: str, **over: Any) -> Settings:
    return Settings(
        database_url=database_url,
        webhook_backoff=[0.2, 0.2],
        webhook_timeout=2,
        reminder_interval=0,
        **over,
    )


async def _put(database: Database, t: Tenant, channel: str, recipient: str) -> int:
    async with database.session(write=True) as s:
        m = outbox.put(
            s,
            channel=channel,  # type: ignore[arg-type]
            recipient=recipient,
            kind="test",
            subject="Hello",
            body="Hello from Parlour",
            location_id=t.location_id,
        )
        await s.flush()
        return m.id


async def _message(database: Database, message_id: int) -> OutboxMessage:
    async with database.session() as s:
        return (
            await s.execute(select(OutboxMessage).where(OutboxMessage.id == message_id))
        ).scalar_one()


async def test_email_goes_to_the_smtp_server_after_a_failed_attempt(
    database: Database, database_url: str, world: Tenant
) -> None:
    port = free_port()
    worker = Worker(database, _settings(database_url, smtp_host="127.0.0.1", smtp_port=port))
    message_id = await _put(database, world, "email", "ann@example.com")
    assert await worker.tick() >= 1  # nobody listens yet: the attempt fails
    m = await _message(database, message_id)
    assert m.sent_at is None and m.attempts == 1 and m.last_error
    inbox = Inbox()
    smtp = Controller(inbox, hostname="127.0.0.1", port=port)
    smtp.start()
    try:
        for _ in range(50):
            await worker.tick()
            if inbox.mail:
                break
            await asyncio.sleep(0.1)
    finally:
        smtp.stop()
    [mail] = inbox.mail
    assert mail.rcpt_tos == ["ann@example.com"]
    assert b"Hello from Parlour" in mail.content and b"Subject: Hello" in mail.content
    m = await _message(database, message_id)
    assert m.sent_at is not None and m.attempts == 2
    async with database.session() as s:
        codes = (
            await s.execute(
                select(DeliveryAttempt.ok)
                .where(DeliveryAttempt.message_id == message_id)
                .order_by(DeliveryAttempt.id)
            )
        ).scalars()
        assert list(codes) == [False, True]


async def test_sms_goes_to_the_operator_which_reports_its_status(
    client: httpx.AsyncClient,
    database: Database,
    database_url: str,
    world: Tenant,
    tmp_path: Path,
) -> None:
    log = tmp_path / "op.jsonl"
    with running_receiver(log) as (base, _proc):
        worker = Worker(database, _settings(database_url, sms_operator_url=f"{base}/ok"))
        message_id = await _put(database, world, "sms", "+13155550100")
        await worker.tick()
    [got] = received(log)
    assert got["body"]["id"] == str(message_id) and got["body"]["phone"] == "+13155550100"
    assert got["body"]["delivery_callback_url"].endswith("/api/v1/delivery/status")
    m = await _message(database, message_id)
    assert m.sent_at is not None and m.external_id == str(message_id)
    r = await client.post(
        "/delivery/status",
        json=[{"id": str(message_id), "status": 1, "payment_sum": 0.045, "currency_iso": "EUR"}],
        headers=world.partner_headers,
    )
    assert r.status_code == 200 and r.json() == {"success": True}
    assert (await _message(database, message_id)).delivery_status == "delivered"
    r = await client.post("/delivery/status", json=[{"id": "1"}], headers=world.partner_headers)
    assert r.status_code == 422
    r = await client.post("/delivery/status", json=[{"id": "1", "status": 1}])
    assert r.status_code == 401


async def test_reminder_email_arrives_at_its_time_and_never_for_a_cancelled_record(
    database: Database, database_url: str, salon: Salon
) -> None:
    t = salon.tenant
    client_id = await make_client(database, t, "+13155550111", "Ann")
    async with database.session(write=True) as s:
        await s.execute(update(Client).where(Client.id == client_id).values(email="ann@x.test"))
    now = utcnow().replace(microsecond=0)
    kept = await make_record(
        database,
        t,
        staff_id=salon.member_id,
        service_id=salon.service_id,
        client_id=client_id,
        start=now + timedelta(hours=3),
        cost=10,
        attendance=0,
    )
    cancelled = await make_record(
        database,
        t,
        staff_id=salon.other_member_id,
        service_id=salon.service_id,
        client_id=client_id,
        start=now + timedelta(hours=1),
        cost=10,
        attendance=0,
    )
    async with database.session(write=True) as s:
        await s.execute(update(Record).values(email_remain_hours=2))
        await s.execute(update(Record).where(Record.id == cancelled).values(deleted=True))
    port = free_port()
    inbox = Inbox()
    smtp = Controller(inbox, hostname="127.0.0.1", port=port)
    smtp.start()
    try:
        worker = Worker(database, _settings(database_url, smtp_host="127.0.0.1", smtp_port=port))
        await worker.tick()
        await worker.tick()
        assert inbox.mail == []  # 3 hours ahead, 2 asked for; the other one is cancelled
        async with database.session(write=True) as s:  # moved closer: now due
            await s.execute(
                update(Record)
                .where(Record.id == kept)
                .values(
                    start_at=now + timedelta(hours=1, minutes=30),
                    end_at=now + timedelta(hours=2, minutes=30),
                )
            )
        await worker.tick()
        await worker.tick()
        await worker.tick()
    finally:
        smtp.stop()
    [mail] = inbox.mail
    assert mail.rcpt_tos == ["ann@x.test"] and b"Reminder" in mail.content
    async with database.session() as s:
        kinds = [
            (m.kind, m.payload.get("record_id"))
            for m in (await s.execute(select(OutboxMessage))).scalars()
        ]
    assert kinds == [("record_reminder", kept)]
