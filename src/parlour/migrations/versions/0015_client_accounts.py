"""client accounts: SMS verification codes, reviews of appointments; whether clients may
cancel or move their own appointments.

Revision ID: 0015
Revises: 0014

(A provisional number: issue 12's Stage C; the lead assigns its final one.)
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import parlour.models.base

revision: str = "0015"
down_revision: str | Sequence[str] | None = "0014"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
WHEN = parlour.models.base.UTCDateTime()


def upgrade() -> None:
    op.create_table(
        "verification_code",
        sa.Column("id", ID, autoincrement=True, nullable=False),
        sa.Column("phone", sa.String(length=32), nullable=False),
        sa.Column("location_id", ID, nullable=True),
        sa.Column("chain_id", ID, nullable=True),
        sa.Column("code_hash", sa.String(length=64), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("created_at", WHEN, nullable=False),
        sa.Column("expires_at", WHEN, nullable=False),
        sa.Column("used_at", WHEN, nullable=True),
        sa.ForeignKeyConstraint(
            ["chain_id"],
            ["chain.id"],
            name=op.f("fk_verification_code_chain_id_chain"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["location_id"],
            ["location.id"],
            name=op.f("fk_verification_code_location_id_location"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_verification_code")),
    )
    with op.batch_alter_table("verification_code") as batch_op:
        batch_op.create_index(batch_op.f("ix_verification_code_chain_id"), ["chain_id"])
        batch_op.create_index(batch_op.f("ix_verification_code_location_id"), ["location_id"])
        batch_op.create_index("ix_verification_code_phone_created", ["phone", "created_at"])
    op.create_table(
        "review",
        sa.Column("id", ID, autoincrement=True, nullable=False),
        sa.Column("location_id", ID, nullable=False),
        sa.Column("record_id", ID, nullable=False),
        sa.Column("team_member_id", ID, nullable=False),
        sa.Column("rating", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("tips_amount", parlour.models.base.MoneyType, nullable=False),
        sa.Column("created_at", WHEN, nullable=False),
        sa.ForeignKeyConstraint(
            ["location_id"],
            ["location.id"],
            name=op.f("fk_review_location_id_location"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["record_id"],
            ["record.id"],
            name=op.f("fk_review_record_id_record"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["team_member_id"],
            ["team_member.id"],
            name=op.f("fk_review_team_member_id_team_member"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_review")),
        sa.UniqueConstraint("record_id", name=op.f("uq_review_record_id")),
    )
    with op.batch_alter_table("review") as batch_op:
        batch_op.create_index(batch_op.f("ix_review_location_id"), ["location_id"])
        batch_op.create_index(batch_op.f("ix_review_team_member_id"), ["team_member_id"])
    with op.batch_alter_table("booking_settings") as batch_op:
        for name in ("allow_delete_record", "allow_change_record"):
            batch_op.add_column(
                sa.Column(name, sa.Boolean(), server_default=sa.true(), nullable=False)
            )
        for name in ("allow_delete_record_delay_step", "allow_change_record_delay_step"):
            batch_op.add_column(sa.Column(name, sa.Integer(), server_default="0", nullable=False))


def downgrade() -> None:
    with op.batch_alter_table("booking_settings") as batch_op:
        for name in (
            "allow_change_record_delay_step",
            "allow_delete_record_delay_step",
            "allow_change_record",
            "allow_delete_record",
        ):
            batch_op.drop_column(name)
    op.drop_table("review")
    op.drop_table("verification_code")
