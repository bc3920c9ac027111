"""schedules_booking: schema changes of issue 4 (schedules, availability, online booking).

Revision ID: 0003
Revises: 0002
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | Sequence[str] | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
TS = sa.DateTime(timezone=True)


def _fk(column: str, target: str, table: str) -> sa.ForeignKeyConstraint:
    ref_table = target.split(".")[0]
    return sa.ForeignKeyConstraint(
        [column], [target], name=op.f(f"fk_{table}_{column}_{ref_table}"), ondelete="CASCADE"
    )


def upgrade() -> None:
    with op.batch_alter_table("schedule_day", schema=None) as batch_op:
        batch_op.create_index(
            "ix_schedule_day_location_date", ["location_id", "day_date"], unique=False
        )

    op.create_table(
        "booking_settings",
        sa.Column("id", ID, autoincrement=True, nullable=False),
        sa.Column("location_id", ID, nullable=False),
        sa.Column("confirm_number", sa.Boolean(), nullable=False),
        sa.Column("any_master", sa.Boolean(), nullable=False),
        sa.Column("seance_delay_step", sa.Integer(), nullable=False),
        sa.Column("activity_online_record_clients_count_max", sa.Integer(), nullable=False),
        sa.Column("timeslot_step", sa.Integer(), nullable=False),
        sa.Column("booking_horizon_days", sa.Integer(), nullable=False),
        sa.Column("privacy_policy", sa.Text(), nullable=False),
        sa.Column("record_type", sa.Integer(), nullable=False),
        sa.Column("activity_record_clients_count_max", sa.Integer(), nullable=False),
        sa.Column("updated_at", TS, nullable=False),
        _fk("location_id", "location.id", "booking_settings"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_booking_settings")),
        sa.UniqueConstraint("location_id", name=op.f("uq_booking_settings_location_id")),
    )
    op.create_table(
        "resource",
        sa.Column("id", ID, autoincrement=True, nullable=False),
        sa.Column("location_id", ID, nullable=False),
        sa.Column("title", sa.String(length=255), nullable=False),
        sa.Column("created_at", TS, nullable=False),
        _fk("location_id", "location.id", "resource"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_resource")),
    )
    with op.batch_alter_table("resource", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_resource_location_id"), ["location_id"], unique=False)

    op.create_table(
        "resource_instance",
        sa.Column("id", ID, autoincrement=True, nullable=False),
        sa.Column("location_id", ID, nullable=False),
        sa.Column("resource_id", ID, nullable=False),
        sa.Column("title", sa.String(length=255), nullable=False),
        _fk("location_id", "location.id", "resource_instance"),
        _fk("resource_id", "resource.id", "resource_instance"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_resource_instance")),
    )
    with op.batch_alter_table("resource_instance", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_resource_instance_location_id"), ["location_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_resource_instance_resource_id"), ["resource_id"], unique=False
        )

    op.create_table(
        "service_resource",
        sa.Column("id", ID, autoincrement=True, nullable=False),
        sa.Column("location_id", ID, nullable=False),
        sa.Column("service_id", ID, nullable=False),
        sa.Column("resource_id", ID, nullable=False),
        _fk("location_id", "location.id", "service_resource"),
        _fk("resource_id", "resource.id", "service_resource"),
        _fk("service_id", "service.id", "service_resource"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_service_resource")),
        sa.UniqueConstraint(
            "service_id", "resource_id", name=op.f("uq_service_resource_service_id_resource_id")
        ),
    )
    with op.batch_alter_table("service_resource", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_service_resource_location_id"), ["location_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_service_resource_resource_id"), ["resource_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_service_resource_service_id"), ["service_id"], unique=False
        )

    op.create_table(
        "resource_occupancy",
        sa.Column("id", ID, autoincrement=True, nullable=False),
        sa.Column("location_id", ID, nullable=False),
        sa.Column("instance_id", ID, nullable=False),
        sa.Column("record_id", ID, nullable=False),
        sa.Column("start_at", TS, nullable=False),
        sa.Column("end_at", TS, nullable=False),
        sa.Column("deleted", sa.Boolean(), nullable=False),
        _fk("instance_id", "resource_instance.id", "resource_occupancy"),
        _fk("location_id", "location.id", "resource_occupancy"),
        _fk("record_id", "record.id", "resource_occupancy"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_resource_occupancy")),
    )
    with op.batch_alter_table("resource_occupancy", schema=None) as batch_op:
        batch_op.create_index(
            "ix_resource_occupancy_instance_start", ["instance_id", "start_at"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_resource_occupancy_location_id"), ["location_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_resource_occupancy_record_id"), ["record_id"], unique=False
        )
    create_resource_guard()


def downgrade() -> None:
    drop_resource_guard()
    with op.batch_alter_table("resource_occupancy", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_resource_occupancy_record_id"))
        batch_op.drop_index(batch_op.f("ix_resource_occupancy_location_id"))
        batch_op.drop_index("ix_resource_occupancy_instance_start")
    op.drop_table("resource_occupancy")
    with op.batch_alter_table("service_resource", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_service_resource_service_id"))
        batch_op.drop_index(batch_op.f("ix_service_resource_resource_id"))
        batch_op.drop_index(batch_op.f("ix_service_resource_location_id"))
    op.drop_table("service_resource")
    with op.batch_alter_table("resource_instance", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_resource_instance_resource_id"))
        batch_op.drop_index(batch_op.f("ix_resource_instance_location_id"))
    op.drop_table("resource_instance")
    with op.batch_alter_table("resource", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_resource_location_id"))
    op.drop_table("resource")
    op.drop_table("booking_settings")
    with op.batch_alter_table("schedule_day", schema=None) as batch_op:
        batch_op.drop_index("ix_schedule_day_location_date")


# One resource instance is never taken twice at once; same design as the record rule of 0001
# (exclusion constraint on PostgreSQL, abort triggers on SQLite whose writers are serialised).
SQLITE_GUARD = """
CREATE TRIGGER resource_no_overlap_{op} BEFORE {OP} ON resource_occupancy
WHEN NOT NEW.deleted
BEGIN
    SELECT RAISE(ABORT, 'resource_no_overlap: the resource instance is busy at that time')
    WHERE EXISTS (
        SELECT 1 FROM resource_occupancy AS o
        WHERE o.instance_id = NEW.instance_id AND o.id IS NOT NEW.id AND NOT o.deleted
          AND o.start_at < NEW.end_at AND NEW.start_at < o.end_at
    );
END
"""


def create_resource_guard() -> None:
    bind = op.get_bind()
    if bind.dialect.name == "postgresql":
        op.execute("CREATE EXTENSION IF NOT EXISTS btree_gist")
        op.execute(
            "ALTER TABLE resource_occupancy ADD CONSTRAINT resource_no_overlap EXCLUDE USING gist "
            "(instance_id WITH =, tstzrange(start_at, end_at, '[)') WITH &&) WHERE (NOT deleted)"
        )
    elif bind.dialect.name == "sqlite":
        op.execute(SQLITE_GUARD.format(op="insert", OP="INSERT"))
        op.execute(SQLITE_GUARD.format(op="update", OP="UPDATE"))


def drop_resource_guard() -> None:
    bind = op.get_bind()
    if bind.dialect.name == "postgresql":
        op.execute("ALTER TABLE resource_occupancy DROP CONSTRAINT IF EXISTS resource_no_overlap")
    elif bind.dialect.name == "sqlite":
        op.execute("DROP TRIGGER IF EXISTS resource_no_overlap_insert")
        op.execute("DROP TRIGGER IF EXISTS resource_no_overlap_update")
