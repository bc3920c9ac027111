"""group events, duplication strategies, tags; records learn their event and seats

Revision ID: 0010
Revises: 0012
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

import parlour.models.base

revision: str = "0010"
down_revision: str | Sequence[str] | None = "0012"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
STAMP = parlour.models.base.UTCDateTime(timezone=True)


def _json() -> sa.types.TypeEngine[object]:
    return sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql")


def _location_fk(table: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        ["location_id"],
        ["location.id"],
        name=f"fk_{table}_location_id_location",
        ondelete="CASCADE",
    )


def upgrade() -> None:
    # Plain ALTER TABLE ADD COLUMN (not batch mode, which rebuilds the table on SQLite and
    # would drop the record_no_overlap triggers of 0001).
    op.add_column("record", sa.Column("activity_id", ID, nullable=True))
    op.add_column(
        "record", sa.Column("event_hold", sa.Boolean(), nullable=False, server_default=sa.false())
    )
    op.add_column(
        "record", sa.Column("clients_count", sa.Integer(), nullable=False, server_default="1")
    )
    op.create_index("ix_record_activity_id", "record", ["activity_id"], unique=False)

    op.create_table(
        "activity",
        sa.Column("id", ID, autoincrement=True, nullable=False),
        sa.Column("location_id", ID, nullable=False),
        sa.Column("service_id", ID, nullable=False),
        sa.Column("staff_id", ID, nullable=False),
        sa.Column("start_at", STAMP, nullable=False),
        sa.Column("end_at", STAMP, nullable=False),
        sa.Column("length", sa.Integer(), nullable=False),
        sa.Column("capacity", sa.Integer(), nullable=False),
        sa.Column("color", sa.String(length=32), nullable=False),
        sa.Column("font_color", sa.String(length=32), nullable=False),
        sa.Column("instructions", sa.Text(), nullable=False),
        sa.Column("stream_link", sa.String(length=1024), nullable=False),
        sa.Column("comment", sa.Text(), nullable=False),
        sa.Column("notified", sa.Boolean(), nullable=False),
        sa.Column("resource_instance_ids", _json(), nullable=False),
        sa.Column("label_ids", _json(), nullable=False),
        sa.Column("deleted", sa.Boolean(), nullable=False),
        sa.Column("created_at", STAMP, nullable=False),
        sa.Column("updated_at", STAMP, nullable=False),
        _location_fk("activity"),
        sa.ForeignKeyConstraint(
            ["service_id"],
            ["service.id"],
            name="fk_activity_service_id_service",
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["staff_id"],
            ["team_member.id"],
            name="fk_activity_staff_id_team_member",
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name="pk_activity"),
    )
    op.create_index("ix_activity_location_start", "activity", ["location_id", "start_at"])
    op.create_index("ix_activity_service_id", "activity", ["service_id"])
    op.create_index("ix_activity_staff_id", "activity", ["staff_id"])

    op.create_table(
        "activity_duplication_strategy",
        sa.Column("id", ID, autoincrement=True, nullable=False),
        sa.Column("location_id", ID, nullable=False),
        sa.Column("title", sa.String(length=255), nullable=False),
        sa.Column("repeat_mode_id", sa.Integer(), nullable=False),
        sa.Column("days", _json(), nullable=False),
        sa.Column("interval", sa.Integer(), nullable=False),
        sa.Column("content_type", sa.Integer(), nullable=False),
        sa.Column("created_at", STAMP, nullable=False),
        _location_fk("activity_duplication_strategy"),
        sa.PrimaryKeyConstraint("id", name="pk_activity_duplication_strategy"),
    )
    op.create_index(
        "ix_activity_duplication_strategy_location_id",
        "activity_duplication_strategy",
        ["location_id"],
    )

    op.create_table(
        "tag",
        sa.Column("id", ID, autoincrement=True, nullable=False),
        sa.Column("location_id", ID, nullable=False),
        sa.Column("entity", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=255), nullable=False),
        sa.Column("color", sa.String(length=32), nullable=False),
        sa.Column("icon", sa.String(length=64), nullable=False),
        sa.Column("deleted", sa.Boolean(), nullable=False),
        sa.Column("created_at", STAMP, nullable=False),
        _location_fk("tag"),
        sa.PrimaryKeyConstraint("id", name="pk_tag"),
    )
    op.create_index("ix_tag_location_id", "tag", ["location_id"])


def downgrade() -> None:
    op.drop_index("ix_tag_location_id", table_name="tag")
    op.drop_table("tag")
    op.drop_index(
        "ix_activity_duplication_strategy_location_id", table_name="activity_duplication_strategy"
    )
    op.drop_table("activity_duplication_strategy")
    op.drop_index("ix_activity_staff_id", table_name="activity")
    op.drop_index("ix_activity_service_id", table_name="activity")
    op.drop_index("ix_activity_location_start", table_name="activity")
    op.drop_table("activity")
    op.drop_index("ix_record_activity_id", table_name="record")
    # Plain DROP COLUMN (SQLite 3.35+), again so that the record table keeps its triggers.
    op.drop_column("record", "clients_count")
    op.drop_column("record", "event_hold")
    op.drop_column("record", "activity_id")
