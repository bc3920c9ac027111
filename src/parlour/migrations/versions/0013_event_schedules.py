"""event schedules: series of group events, their dates, client series and seats

Revision ID: 0013
Revises: 0010
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

import parlour.models.base

revision: str = "0013"
down_revision: str | Sequence[str] | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:

    op.create_table(
        "event_schedule",
        sa.Column(
            "id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            autoincrement=True,
            nullable=False,
        ),
        sa.Column(
            "location_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.Column("original_entity_type", sa.String(length=16), nullable=False),
        sa.Column(
            "original_entity_id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            nullable=False,
        ),
        sa.Column(
            "service_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.Column("date_start", sa.Date(), nullable=False),
        sa.Column("date_end", sa.Date(), nullable=False),
        sa.Column("deleted", sa.Boolean(), nullable=False),
        sa.Column("deleted_at", parlour.models.base.UTCDateTime(timezone=True), nullable=True),
        sa.Column("created_at", parlour.models.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", parlour.models.base.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["location_id"],
            ["location.id"],
            name=op.f("fk_event_schedule_location_id_location"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["service_id"],
            ["service.id"],
            name=op.f("fk_event_schedule_service_id_service"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_event_schedule")),
    )
    with op.batch_alter_table("event_schedule", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_event_schedule_location_id"), ["location_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_event_schedule_original_entity_id"), ["original_entity_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_event_schedule_service_id"), ["service_id"], unique=False
        )

    op.create_table(
        "client_schedule",
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
            "schedule_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.Column(
            "client_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.Column("comer_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=True),
        sa.Column(
            "day_ids",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=False,
        ),
        sa.Column("deleted", sa.Boolean(), nullable=False),
        sa.Column("created_at", parlour.models.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", parlour.models.base.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["client_id"],
            ["client.id"],
            name=op.f("fk_client_schedule_client_id_client"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["location_id"],
            ["location.id"],
            name=op.f("fk_client_schedule_location_id_location"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["schedule_id"],
            ["event_schedule.id"],
            name=op.f("fk_client_schedule_schedule_id_event_schedule"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_client_schedule")),
    )
    with op.batch_alter_table("client_schedule", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_client_schedule_client_id"), ["client_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_client_schedule_location_id"), ["location_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_client_schedule_schedule_id"), ["schedule_id"], unique=False
        )

    op.create_table(
        "event_schedule_day",
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
            "schedule_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.Column("day_of_week", sa.String(length=3), nullable=False),
        sa.Column("events_time", sa.String(length=8), nullable=False),
        sa.Column("events_duration", sa.Integer(), nullable=False),
        sa.Column(
            "events_master_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.Column("events_capacity", sa.Integer(), nullable=False),
        sa.Column(
            "label_ids",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=False,
        ),
        sa.Column(
            "resource_instance_ids",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=False,
        ),
        sa.Column("deleted", sa.Boolean(), nullable=False),
        sa.Column("deleted_at", parlour.models.base.UTCDateTime(timezone=True), nullable=True),
        sa.Column("created_at", parlour.models.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", parlour.models.base.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["events_master_id"],
            ["team_member.id"],
            name=op.f("fk_event_schedule_day_events_master_id_team_member"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["location_id"],
            ["location.id"],
            name=op.f("fk_event_schedule_day_location_id_location"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["schedule_id"],
            ["event_schedule.id"],
            name=op.f("fk_event_schedule_day_schedule_id_event_schedule"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_event_schedule_day")),
    )
    with op.batch_alter_table("event_schedule_day", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_event_schedule_day_events_master_id"), ["events_master_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_event_schedule_day_location_id"), ["location_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_event_schedule_day_schedule_id"), ["schedule_id"], unique=False
        )

    op.create_table(
        "scheduled_event",
        sa.Column(
            "id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            autoincrement=True,
            nullable=False,
        ),
        sa.Column(
            "location_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.Column("day_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("event_date", sa.Date(), nullable=False),
        sa.Column("event_at", parlour.models.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("event_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=True),
        sa.Column("status", sa.String(length=32), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("deleted", sa.Boolean(), nullable=False),
        sa.Column("deleted_at", parlour.models.base.UTCDateTime(timezone=True), nullable=True),
        sa.Column("created_at", parlour.models.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", parlour.models.base.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["day_id"],
            ["event_schedule_day.id"],
            name=op.f("fk_scheduled_event_day_id_event_schedule_day"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["event_id"],
            ["activity.id"],
            name=op.f("fk_scheduled_event_event_id_activity"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["location_id"],
            ["location.id"],
            name=op.f("fk_scheduled_event_location_id_location"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_scheduled_event")),
    )
    with op.batch_alter_table("scheduled_event", schema=None) as batch_op:
        batch_op.create_index("ix_scheduled_event_day_date", ["day_id", "event_date"], unique=False)
        batch_op.create_index(batch_op.f("ix_scheduled_event_event_id"), ["event_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_scheduled_event_location_id"), ["location_id"], unique=False
        )

    op.create_table(
        "client_schedule_seat",
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
            "client_schedule_id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            nullable=False,
        ),
        sa.Column(
            "scheduled_event_id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            nullable=False,
        ),
        sa.Column("record_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=True),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("created_at", parlour.models.base.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["client_schedule_id"],
            ["client_schedule.id"],
            name=op.f("fk_client_schedule_seat_client_schedule_id_client_schedule"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["location_id"],
            ["location.id"],
            name=op.f("fk_client_schedule_seat_location_id_location"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["scheduled_event_id"],
            ["scheduled_event.id"],
            name=op.f("fk_client_schedule_seat_scheduled_event_id_scheduled_event"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_client_schedule_seat")),
    )
    with op.batch_alter_table("client_schedule_seat", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_client_schedule_seat_client_schedule_id"),
            ["client_schedule_id"],
            unique=False,
        )
        batch_op.create_index(
            batch_op.f("ix_client_schedule_seat_location_id"), ["location_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_client_schedule_seat_scheduled_event_id"),
            ["scheduled_event_id"],
            unique=False,
        )


def downgrade() -> None:

    with op.batch_alter_table("client_schedule_seat", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_client_schedule_seat_scheduled_event_id"))
        batch_op.drop_index(batch_op.f("ix_client_schedule_seat_location_id"))
        batch_op.drop_index(batch_op.f("ix_client_schedule_seat_client_schedule_id"))

    op.drop_table("client_schedule_seat")
    with op.batch_alter_table("scheduled_event", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_scheduled_event_location_id"))
        batch_op.drop_index(batch_op.f("ix_scheduled_event_event_id"))
        batch_op.drop_index("ix_scheduled_event_day_date")

    op.drop_table("scheduled_event")
    with op.batch_alter_table("event_schedule_day", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_event_schedule_day_schedule_id"))
        batch_op.drop_index(batch_op.f("ix_event_schedule_day_location_id"))
        batch_op.drop_index(batch_op.f("ix_event_schedule_day_events_master_id"))

    op.drop_table("event_schedule_day")
    with op.batch_alter_table("client_schedule", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_client_schedule_schedule_id"))
        batch_op.drop_index(batch_op.f("ix_client_schedule_location_id"))
        batch_op.drop_index(batch_op.f("ix_client_schedule_client_id"))

    op.drop_table("client_schedule")
    with op.batch_alter_table("event_schedule", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_event_schedule_service_id"))
        batch_op.drop_index(batch_op.f("ix_event_schedule_original_entity_id"))
        batch_op.drop_index(batch_op.f("ix_event_schedule_location_id"))

    op.drop_table("event_schedule")
