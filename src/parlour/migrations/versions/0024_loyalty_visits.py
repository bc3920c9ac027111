"""loyalty in a visit: the card and program of a sale's loyalty line (sale_loyalty_transaction),
the visits counted in a card's history (loyalty_visit) and referrals applied to visits
(loyalty_referral).

Revision ID: 0024
Revises: 0023
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import parlour.models.base

revision: str = "0024"
down_revision: str | Sequence[str] | None = "0023"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "loyalty_referral",
        sa.Column(
            "id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            autoincrement=True,
            nullable=False,
        ),
        sa.Column("chain_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column(
            "location_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.Column("visit_id", sa.Integer(), nullable=False),
        sa.Column(
            "program_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.Column("card_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("created_at", parlour.models.base.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["card_id"],
            ["loyalty_card.id"],
            name=op.f("fk_loyalty_referral_card_id_loyalty_card"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["chain_id"],
            ["chain.id"],
            name=op.f("fk_loyalty_referral_chain_id_chain"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["location_id"],
            ["location.id"],
            name=op.f("fk_loyalty_referral_location_id_location"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["program_id"],
            ["loyalty_program.id"],
            name=op.f("fk_loyalty_referral_program_id_loyalty_program"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_loyalty_referral")),
    )
    with op.batch_alter_table("loyalty_referral", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_loyalty_referral_location_id"), ["location_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_loyalty_referral_visit_id"), ["visit_id"], unique=False
        )

    op.create_table(
        "loyalty_visit",
        sa.Column(
            "id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            autoincrement=True,
            nullable=False,
        ),
        sa.Column("chain_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column(
            "location_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.Column("card_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("visit_id", sa.Integer(), nullable=False),
        sa.Column("phone", sa.String(length=32), nullable=False),
        sa.Column("paid", sa.Numeric(precision=14, scale=2), nullable=False),
        sa.Column("sold", sa.Numeric(precision=14, scale=2), nullable=False),
        sa.Column("created_at", parlour.models.base.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["card_id"],
            ["loyalty_card.id"],
            name=op.f("fk_loyalty_visit_card_id_loyalty_card"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["chain_id"],
            ["chain.id"],
            name=op.f("fk_loyalty_visit_chain_id_chain"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["location_id"],
            ["location.id"],
            name=op.f("fk_loyalty_visit_location_id_location"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_loyalty_visit")),
    )
    with op.batch_alter_table("loyalty_visit", schema=None) as batch_op:
        batch_op.create_index("ix_loyalty_visit_card", ["card_id", "visit_id"], unique=True)
        batch_op.create_index("ix_loyalty_visit_chain_phone", ["chain_id", "phone"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_loyalty_visit_location_id"), ["location_id"], unique=False
        )

    with op.batch_alter_table("sale_loyalty_transaction", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "card_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=True
            )
        )
        batch_op.add_column(
            sa.Column(
                "program_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=True
            )
        )
        batch_op.add_column(
            sa.Column(
                "loyalty_transaction_id",
                sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
                nullable=True,
            )
        )


def downgrade() -> None:
    with op.batch_alter_table("sale_loyalty_transaction", schema=None) as batch_op:
        batch_op.drop_column("loyalty_transaction_id")
        batch_op.drop_column("program_id")
        batch_op.drop_column("card_id")

    with op.batch_alter_table("loyalty_visit", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_loyalty_visit_location_id"))
        batch_op.drop_index("ix_loyalty_visit_chain_phone")
        batch_op.drop_index("ix_loyalty_visit_card")

    op.drop_table("loyalty_visit")
    with op.batch_alter_table("loyalty_referral", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_loyalty_referral_visit_id"))
        batch_op.drop_index(batch_op.f("ix_loyalty_referral_location_id"))

    op.drop_table("loyalty_referral")
