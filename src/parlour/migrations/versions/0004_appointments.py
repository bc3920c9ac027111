"""appointments: schema changes of issue 5 (appointments, visits, comments).

Revision ID: 0004
Revises: 0003
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

import parlour.models.base

revision: str = "0004"
down_revision: str | Sequence[str] | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def _json() -> sa.types.TypeEngine[object]:
    return sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql")


def upgrade() -> None:
    # Plain ALTER TABLE ADD COLUMN, not batch mode: batch mode rebuilds the table on SQLite
    # and would drop the record_no_overlap triggers of 0001. Existing rows get an empty list.
    op.add_column(
        "record", sa.Column("record_labels", _json(), nullable=False, server_default="[]")
    )
    op.add_column("record", sa.Column("created_user_id", ID, nullable=True))
    op.add_column(
        "visit", sa.Column("goods_transactions", _json(), nullable=False, server_default="[]")
    )

    op.create_table(
        "comment",
        sa.Column("id", ID, autoincrement=True, nullable=False),
        sa.Column("location_id", ID, nullable=False),
        sa.Column("team_member_id", ID, nullable=True),
        sa.Column("record_id", ID, nullable=True),
        sa.Column("user_id", ID, nullable=True),
        sa.Column("user_name", sa.String(length=255), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("rating", sa.Integer(), nullable=False),
        sa.Column("created_at", parlour.models.base.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["location_id"],
            ["location.id"],
            name=op.f("fk_comment_location_id_location"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["team_member_id"],
            ["team_member.id"],
            name=op.f("fk_comment_team_member_id_team_member"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["app_user.id"],
            name=op.f("fk_comment_user_id_app_user"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_comment")),
    )
    with op.batch_alter_table("comment", schema=None) as batch_op:
        batch_op.create_index(
            "ix_comment_location_created", ["location_id", "created_at"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_comment_team_member_id"), ["team_member_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_comment_user_id"), ["user_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("comment", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_comment_user_id"))
        batch_op.drop_index(batch_op.f("ix_comment_team_member_id"))
        batch_op.drop_index("ix_comment_location_created")
    op.drop_table("comment")
    # Plain DROP COLUMN (SQLite 3.35+), again so that the record table keeps its triggers.
    op.drop_column("visit", "goods_transactions")
    op.drop_column("record", "created_user_id")
    op.drop_column("record", "record_labels")
