"""webhooks: hook settings and endpoints, events, deliveries, attempts, sent reminders;
delivery state on outbox messages.

Revision ID: 0017
Revises: 0016
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import parlour.models.base

revision: str = "0017"
down_revision: str | Sequence[str] | None = "0016"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "hook_endpoint",
        sa.Column(
            "id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            autoincrement=True,
            nullable=False,
        ),
        sa.Column(
            "location_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.Column("url", sa.String(length=1024), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("removed", sa.Boolean(), nullable=False),
        sa.Column("enabled", sa.Boolean(), nullable=False),
        sa.Column("secret", sa.String(length=128), nullable=True),
        sa.Column("failing_since", parlour.models.base.UTCDateTime(timezone=True), nullable=True),
        sa.Column("disabled_at", parlour.models.base.UTCDateTime(timezone=True), nullable=True),
        sa.Column("created_at", parlour.models.base.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["location_id"],
            ["location.id"],
            name=op.f("fk_hook_endpoint_location_id_location"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_hook_endpoint")),
        sa.UniqueConstraint("location_id", "url", name=op.f("uq_hook_endpoint_location_id_url")),
    )
    op.create_table(
        "hook_event",
        sa.Column(
            "id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            autoincrement=True,
            nullable=False,
        ),
        sa.Column(
            "location_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.Column("resource", sa.String(length=48), nullable=False),
        sa.Column(
            "resource_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.Column("status", sa.String(length=8), nullable=False),
        sa.Column("data", parlour.models.base.JSONType, nullable=False),
        sa.Column("user_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=True),
        sa.Column("created_at", parlour.models.base.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["location_id"],
            ["location.id"],
            name=op.f("fk_hook_event_location_id_location"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_hook_event")),
    )
    with op.batch_alter_table("hook_event", schema=None) as batch_op:
        batch_op.create_index("ix_hook_event_location_id_id", ["location_id", "id"], unique=False)

    op.create_table(
        "hook_settings",
        sa.Column(
            "id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            autoincrement=True,
            nullable=False,
        ),
        sa.Column(
            "location_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("self_sending", sa.Boolean(), nullable=False),
        sa.Column("flags", parlour.models.base.JSONType, nullable=False),
        sa.Column("user_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=True),
        sa.Column("updated_at", parlour.models.base.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["location_id"],
            ["location.id"],
            name=op.f("fk_hook_settings_location_id_location"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["app_user.id"],
            name=op.f("fk_hook_settings_user_id_app_user"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_hook_settings")),
        sa.UniqueConstraint("location_id", name=op.f("uq_hook_settings_location_id")),
    )
    with op.batch_alter_table("hook_settings", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_hook_settings_user_id"), ["user_id"], unique=False)

    op.create_table(
        "hook_delivery",
        sa.Column(
            "id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            autoincrement=True,
            nullable=False,
        ),
        sa.Column(
            "location_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.Column("event_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column(
            "endpoint_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.Column("entity_key", sa.String(length=80), nullable=False),
        sa.Column("state", sa.String(length=8), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("next_at", parlour.models.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("lease", sa.String(length=32), nullable=True),
        sa.Column("lease_until", parlour.models.base.UTCDateTime(timezone=True), nullable=True),
        sa.Column("replay", sa.Boolean(), nullable=False),
        sa.Column("created_at", parlour.models.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("done_at", parlour.models.base.UTCDateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["endpoint_id"],
            ["hook_endpoint.id"],
            name=op.f("fk_hook_delivery_endpoint_id_hook_endpoint"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["event_id"],
            ["hook_event.id"],
            name=op.f("fk_hook_delivery_event_id_hook_event"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["location_id"],
            ["location.id"],
            name=op.f("fk_hook_delivery_location_id_location"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_hook_delivery")),
    )
    with op.batch_alter_table("hook_delivery", schema=None) as batch_op:
        batch_op.create_index(
            "ix_hook_delivery_endpoint_key", ["endpoint_id", "entity_key", "id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_hook_delivery_event_id"), ["event_id"], unique=False)
        batch_op.create_index(
            "ix_hook_delivery_location_id_id", ["location_id", "id"], unique=False
        )
        batch_op.create_index("ix_hook_delivery_state_next_at", ["state", "next_at"], unique=False)

    op.create_table(
        "delivery_attempt",
        sa.Column(
            "id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            autoincrement=True,
            nullable=False,
        ),
        sa.Column(
            "delivery_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=True
        ),
        sa.Column(
            "message_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=True
        ),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("started_at", parlour.models.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("status_code", sa.Integer(), nullable=True),
        sa.Column("latency_ms", sa.Integer(), nullable=False),
        sa.Column("ok", sa.Boolean(), nullable=False),
        sa.Column("error", sa.String(length=255), nullable=False),
        sa.Column("worker", sa.String(length=64), nullable=False),
        sa.ForeignKeyConstraint(
            ["delivery_id"],
            ["hook_delivery.id"],
            name=op.f("fk_delivery_attempt_delivery_id_hook_delivery"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["message_id"],
            ["outbox_message.id"],
            name=op.f("fk_delivery_attempt_message_id_outbox_message"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_delivery_attempt")),
    )
    with op.batch_alter_table("delivery_attempt", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_delivery_attempt_delivery_id"), ["delivery_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_delivery_attempt_message_id"), ["message_id"], unique=False
        )

    op.create_table(
        "sent_reminder",
        sa.Column(
            "id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            autoincrement=True,
            nullable=False,
        ),
        sa.Column(
            "location_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.Column(
            "record_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.Column("channel", sa.String(length=8), nullable=False),
        sa.Column("visit_at", parlour.models.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("created_at", parlour.models.base.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["location_id"],
            ["location.id"],
            name=op.f("fk_sent_reminder_location_id_location"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["record_id"],
            ["record.id"],
            name=op.f("fk_sent_reminder_record_id_record"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sent_reminder")),
        sa.UniqueConstraint(
            "record_id",
            "channel",
            "visit_at",
            name=op.f("uq_sent_reminder_record_id_channel_visit_at"),
        ),
    )
    with op.batch_alter_table("outbox_message", schema=None) as batch_op:
        batch_op.add_column(sa.Column("attempts", sa.Integer(), nullable=False, server_default="0"))
        batch_op.add_column(
            sa.Column("next_at", parlour.models.base.UTCDateTime(timezone=True), nullable=True)
        )
        batch_op.add_column(sa.Column("lease", sa.String(length=32), nullable=True))
        batch_op.add_column(
            sa.Column("lease_until", parlour.models.base.UTCDateTime(timezone=True), nullable=True)
        )
        batch_op.add_column(
            sa.Column("failed_at", parlour.models.base.UTCDateTime(timezone=True), nullable=True)
        )
        batch_op.add_column(
            sa.Column("last_error", sa.String(length=255), nullable=False, server_default="")
        )
        batch_op.add_column(sa.Column("external_id", sa.String(length=64), nullable=True))
        batch_op.add_column(
            sa.Column("delivery_status", sa.String(length=32), nullable=False, server_default="")
        )


def downgrade() -> None:
    with op.batch_alter_table("outbox_message", schema=None) as batch_op:
        batch_op.drop_column("delivery_status")
        batch_op.drop_column("external_id")
        batch_op.drop_column("last_error")
        batch_op.drop_column("failed_at")
        batch_op.drop_column("lease_until")
        batch_op.drop_column("lease")
        batch_op.drop_column("next_at")
        batch_op.drop_column("attempts")

    op.drop_table("sent_reminder")
    with op.batch_alter_table("delivery_attempt", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_delivery_attempt_message_id"))
        batch_op.drop_index(batch_op.f("ix_delivery_attempt_delivery_id"))

    op.drop_table("delivery_attempt")
    with op.batch_alter_table("hook_delivery", schema=None) as batch_op:
        batch_op.drop_index("ix_hook_delivery_state_next_at")
        batch_op.drop_index("ix_hook_delivery_location_id_id")
        batch_op.drop_index(batch_op.f("ix_hook_delivery_event_id"))
        batch_op.drop_index("ix_hook_delivery_endpoint_key")

    op.drop_table("hook_delivery")
    with op.batch_alter_table("hook_settings", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_hook_settings_user_id"))

    op.drop_table("hook_settings")
    with op.batch_alter_table("hook_event", schema=None) as batch_op:
        batch_op.drop_index("ix_hook_event_location_id_id")

    op.drop_table("hook_event")
    op.drop_table("hook_endpoint")
