"""invitations, the outbox of messages, membership information and notification settings.

Revision ID: 0012
Revises: 0009
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

import parlour.models.base

revision: str = "0012"
down_revision: str | Sequence[str] | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

JSON = sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql")
ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
WHEN = parlour.models.base.UTCDateTime()


def upgrade() -> None:
    op.create_table(
        "invitation",
        sa.Column("id", ID, autoincrement=True, nullable=False),
        sa.Column("location_id", ID, nullable=False),
        sa.Column("user_id", ID, nullable=False),
        sa.Column("invited_by_id", ID, nullable=True),
        sa.Column("name", sa.String(length=255), nullable=False),
        sa.Column("search", sa.String(length=255), nullable=False),
        sa.Column("position", sa.String(length=255), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("created_at", WHEN, nullable=False),
        sa.Column("accepted_at", WHEN, nullable=True),
        sa.ForeignKeyConstraint(
            ["invited_by_id"],
            ["app_user.id"],
            name=op.f("fk_invitation_invited_by_id_app_user"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["location_id"],
            ["location.id"],
            name=op.f("fk_invitation_location_id_location"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["app_user.id"],
            name=op.f("fk_invitation_user_id_app_user"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_invitation")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_invitation_token_hash")),
    )
    with op.batch_alter_table("invitation") as batch_op:
        batch_op.create_index(batch_op.f("ix_invitation_location_id"), ["location_id"])
        batch_op.create_index(batch_op.f("ix_invitation_user_id"), ["user_id"])
        batch_op.create_index(batch_op.f("ix_invitation_invited_by_id"), ["invited_by_id"])
    op.create_table(
        "outbox_message",
        sa.Column("id", ID, autoincrement=True, nullable=False),
        sa.Column("location_id", ID, nullable=True),
        sa.Column("user_id", ID, nullable=True),
        sa.Column("channel", sa.String(length=16), nullable=False),
        sa.Column("recipient", sa.String(length=255), nullable=False),
        sa.Column("kind", sa.String(length=64), nullable=False),
        sa.Column("subject", sa.String(length=255), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("payload", JSON, nullable=False),
        sa.Column("created_at", WHEN, nullable=False),
        sa.Column("sent_at", WHEN, nullable=True),
        sa.ForeignKeyConstraint(
            ["location_id"],
            ["location.id"],
            name=op.f("fk_outbox_message_location_id_location"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["app_user.id"],
            name=op.f("fk_outbox_message_user_id_app_user"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_outbox_message")),
    )
    with op.batch_alter_table("outbox_message") as batch_op:
        batch_op.create_index("ix_outbox_message_location_id_id", ["location_id", "id"])
        batch_op.create_index(batch_op.f("ix_outbox_message_user_id"), ["user_id"])
    with op.batch_alter_table("membership") as batch_op:
        batch_op.add_column(
            sa.Column("information", sa.String(length=255), server_default="", nullable=False)
        )
        batch_op.add_column(sa.Column("notification_mode", sa.String(length=16), nullable=True))
        batch_op.add_column(
            sa.Column("notification_channels", JSON, server_default="{}", nullable=False)
        )


def downgrade() -> None:
    with op.batch_alter_table("membership") as batch_op:
        batch_op.drop_column("notification_channels")
        batch_op.drop_column("notification_mode")
        batch_op.drop_column("information")
    op.drop_table("outbox_message")
    op.drop_table("invitation")
