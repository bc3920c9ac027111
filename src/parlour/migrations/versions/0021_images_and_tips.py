"""images and tips: pictures of services and team members (image_group), team members' tip
settings (tip_settings).

Revision ID: 0021
Revises: 0020
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import parlour.models.base

revision: str = "0021"
down_revision: str | Sequence[str] | None = "0020"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "image_group",
        sa.Column(
            "id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            autoincrement=True,
            nullable=False,
        ),
        sa.Column(
            "location_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.Column("entity", sa.String(length=16), nullable=False),
        sa.Column(
            "entity_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.Column("storage_key", sa.String(length=255), nullable=False),
        sa.Column("url", sa.String(length=1024), nullable=False),
        sa.Column("image_type", sa.String(length=8), nullable=False),
        sa.Column("width", sa.Integer(), nullable=False),
        sa.Column("height", sa.Integer(), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("created_at", parlour.models.base.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["location_id"],
            ["location.id"],
            name=op.f("fk_image_group_location_id_location"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_image_group")),
    )
    with op.batch_alter_table("image_group", schema=None) as batch_op:
        batch_op.create_index(
            "ix_image_group_entity", ["location_id", "entity", "entity_id"], unique=False
        )

    op.create_table(
        "tip_settings",
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
            "team_member_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.Column("hash", sa.String(length=36), nullable=False),
        sa.Column("status", sa.Integer(), nullable=False),
        sa.Column("is_enabled", sa.Boolean(), nullable=False),
        sa.Column("invite_sms_sent", sa.Boolean(), nullable=False),
        sa.Column("created_at", parlour.models.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", parlour.models.base.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["location_id"],
            ["location.id"],
            name=op.f("fk_tip_settings_location_id_location"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["team_member_id"],
            ["team_member.id"],
            name=op.f("fk_tip_settings_team_member_id_team_member"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_tip_settings")),
        sa.UniqueConstraint("hash", name=op.f("uq_tip_settings_hash")),
        sa.UniqueConstraint("team_member_id", name="uq_tip_settings_team_member_id"),
    )
    with op.batch_alter_table("tip_settings", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_tip_settings_location_id"), ["location_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("tip_settings", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_tip_settings_location_id"))

    op.drop_table("tip_settings")
    with op.batch_alter_table("image_group", schema=None) as batch_op:
        batch_op.drop_index("ix_image_group_entity")

    op.drop_table("image_group")
