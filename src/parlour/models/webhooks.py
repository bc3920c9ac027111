"""Webhooks: a location's hook settings and endpoints, the events its changes emit, their
deliveries and every attempt (of a delivery or of an outbox message), plus sent reminders."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Boolean, Index, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from parlour.kit.timeutil import utcnow
from parlour.models.base import Base, IdType, JSONType, fk, id_column


class HookSettings(Base):
    """``/hooks_settings/{location_id}``: one set of flags for all of a location's URLs."""

    __tablename__ = "hook_settings"

    id: Mapped[int] = id_column()
    location_id: Mapped[int] = fk("location.id", index=False)
    active: Mapped[bool] = mapped_column(Boolean, default=False)
    self_sending: Mapped[bool] = mapped_column(Boolean, default=False)
    # flag name (salon, record, goods_operations_sale, ...) -> on
    flags: Mapped[dict[str, Any]] = mapped_column(JSONType, default=dict)
    # Who saved the settings last: with self_sending off, their own changes are not sent.
    user_id: Mapped[int | None] = fk("app_user.id", nullable=True, ondelete="SET NULL")
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)

    __table_args__ = (UniqueConstraint("location_id"),)


class HookEndpoint(Base):
    """One URL of a location's list. Replacing the list marks the URLs left out ``removed``
    (their log stays readable); a URL listed again comes back with its secret."""

    __tablename__ = "hook_endpoint"
    __table_args__ = (UniqueConstraint("location_id", "url"),)

    id: Mapped[int] = id_column()
    location_id: Mapped[int] = fk("location.id", index=False)
    url: Mapped[str] = mapped_column(String(1024))
    position: Mapped[int] = mapped_column(Integer, default=0)
    removed: Mapped[bool] = mapped_column(Boolean, default=False)
    enabled: Mapped[bool] = mapped_column(Boolean, default=True)
    # Standard Webhooks signing secret ("whsec_..."); None: deliveries go unsigned.
    secret: Mapped[str | None] = mapped_column(String(128), nullable=True)
    failing_since: Mapped[datetime | None] = mapped_column(nullable=True)
    disabled_at: Mapped[datetime | None] = mapped_column(nullable=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class HookEvent(Base):
    """A change of a watched entity, written in the change's own transaction."""

    __tablename__ = "hook_event"
    __table_args__ = (Index("ix_hook_event_location_id_id", "location_id", "id"),)

    id: Mapped[int] = id_column()
    location_id: Mapped[int] = fk("location.id", index=False)
    resource: Mapped[str] = mapped_column(String(48))
    resource_id: Mapped[int] = mapped_column(IdType)
    status: Mapped[str] = mapped_column(String(8))  # create | update | delete
    data: Mapped[dict[str, Any]] = mapped_column(JSONType, default=dict)
    user_id: Mapped[int | None] = mapped_column(IdType, nullable=True)  # who made the change
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class HookDelivery(Base):
    """One event to one endpoint: pending until an attempt succeeds or the schedule runs out.
    A worker leases it (``lease``, ``lease_until``) while it sends; a lease that ran out (the
    worker died) makes it claimable again."""

    __tablename__ = "hook_delivery"
    __table_args__ = (
        Index("ix_hook_delivery_state_next_at", "state", "next_at"),
        Index("ix_hook_delivery_endpoint_key", "endpoint_id", "entity_key", "id"),
        Index("ix_hook_delivery_location_id_id", "location_id", "id"),
    )

    id: Mapped[int] = id_column()
    location_id: Mapped[int] = fk("location.id", index=False)
    event_id: Mapped[int] = fk("hook_event.id")
    endpoint_id: Mapped[int] = fk("hook_endpoint.id", index=False)
    # resource:resource_id: deliveries of one entity to one endpoint go out in order.
    entity_key: Mapped[str] = mapped_column(String(80))
    state: Mapped[str] = mapped_column(String(8), default="pending")  # pending | sent | failed
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_at: Mapped[datetime] = mapped_column(default=utcnow)
    lease: Mapped[str | None] = mapped_column(String(32), nullable=True)
    lease_until: Mapped[datetime | None] = mapped_column(nullable=True)
    replay: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    done_at: Mapped[datetime | None] = mapped_column(nullable=True)


class DeliveryAttempt(Base):
    """One try to hand over a webhook delivery or an outbox message: when, the answer's
    status, how long it took, what went wrong."""

    __tablename__ = "delivery_attempt"

    id: Mapped[int] = id_column()
    delivery_id: Mapped[int | None] = fk("hook_delivery.id", nullable=True)
    message_id: Mapped[int | None] = fk("outbox_message.id", nullable=True)
    number: Mapped[int] = mapped_column(Integer)
    started_at: Mapped[datetime] = mapped_column(default=utcnow)
    status_code: Mapped[int | None] = mapped_column(Integer, nullable=True)
    latency_ms: Mapped[int] = mapped_column(Integer, default=0)
    ok: Mapped[bool] = mapped_column(Boolean, default=False)
    error: Mapped[str] = mapped_column(String(255), default="")
    worker: Mapped[str] = mapped_column(String(64), default="")


class SentReminder(Base):
    """A reminder queued for a record's visit time on one channel: queued once, so a worker
    restart or a second worker never queues it again. A moved record has a new time."""

    __tablename__ = "sent_reminder"
    __table_args__ = (UniqueConstraint("record_id", "channel", "visit_at"),)

    id: Mapped[int] = id_column()
    location_id: Mapped[int] = fk("location.id", index=False)
    record_id: Mapped[int] = fk("record.id", index=False)
    channel: Mapped[str] = mapped_column(String(8))
    visit_at: Mapped[datetime] = mapped_column()
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
