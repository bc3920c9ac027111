"""loyalty: card types, cards issued to phones, programs with rules, the loyalty ledger.

Revision ID: 0020
Revises: 0018
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import parlour.models.base

revision: str = "0020"
down_revision: str | Sequence[str] | None = "0018"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

JSON = parlour.models.base.JSONType


def upgrade() -> None:
    op.create_table(
        "loyalty_card_type",
        sa.Column(
            "id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            autoincrement=True,
            nullable=False,
        ),
        sa.Column("chain_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("title", sa.String(length=255), nullable=False),
        sa.Column("deleted", sa.Boolean(), nullable=False),
        sa.Column("created_at", parlour.models.base.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["chain_id"],
            ["chain.id"],
            name=op.f("fk_loyalty_card_type_chain_id_chain"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_loyalty_card_type")),
    )
    with op.batch_alter_table("loyalty_card_type", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_loyalty_card_type_chain_id"), ["chain_id"], unique=False
        )

    op.create_table(
        "loyalty_program",
        sa.Column(
            "id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            autoincrement=True,
            nullable=False,
        ),
        sa.Column("chain_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("title", sa.String(length=255), nullable=False),
        sa.Column("type", sa.String(length=64), nullable=False),
        sa.Column("service_item_type", sa.String(length=32), nullable=False),
        sa.Column("good_item_type", sa.String(length=32), nullable=False),
        sa.Column("value_unit", sa.String(length=16), nullable=False),
        sa.Column("usage_limit", sa.Integer(), nullable=False),
        sa.Column("visit_multiplicity", sa.Integer(), nullable=False),
        sa.Column("sold_items_multiplicity", sa.Integer(), nullable=False),
        sa.Column("expiration_timeout", sa.Integer(), nullable=False),
        sa.Column("expiration_timeout_unit", sa.String(length=16), nullable=False),
        sa.Column("expiration_notification_timeout", sa.Integer(), nullable=False),
        sa.Column("params_source_type", sa.String(length=32), nullable=False),
        sa.Column("history_start_date", sa.String(length=64), nullable=False),
        sa.Column("card_type_ids", JSON, nullable=False),
        sa.Column("location_ids", JSON, nullable=False),
        sa.Column("service_ids", JSON, nullable=False),
        sa.Column("good_ids", JSON, nullable=False),
        sa.Column("good_category_ids", JSON, nullable=False),
        sa.Column("deleted", sa.Boolean(), nullable=False),
        sa.Column("created_at", parlour.models.base.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["chain_id"],
            ["chain.id"],
            name=op.f("fk_loyalty_program_chain_id_chain"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_loyalty_program")),
    )
    with op.batch_alter_table("loyalty_program", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_loyalty_program_chain_id"), ["chain_id"], unique=False)

    op.create_table(
        "loyalty_card",
        sa.Column(
            "id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            autoincrement=True,
            nullable=False,
        ),
        sa.Column("chain_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("type_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column(
            "location_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=True
        ),
        sa.Column("number", sa.String(length=64), nullable=False),
        sa.Column("phone", sa.String(length=32), nullable=False),
        sa.Column("balance", sa.Numeric(precision=14, scale=2), nullable=False),
        sa.Column("paid_amount", sa.Numeric(precision=14, scale=2), nullable=False),
        sa.Column("sold_amount", sa.Numeric(precision=14, scale=2), nullable=False),
        sa.Column("visits_count", sa.Integer(), nullable=False),
        sa.Column("deleted", sa.Boolean(), nullable=False),
        sa.Column("created_at", parlour.models.base.UTCDateTime(timezone=True), nullable=False),
        sa.CheckConstraint("balance >= 0", name=op.f("ck_loyalty_card_balance_not_negative")),
        sa.ForeignKeyConstraint(
            ["chain_id"],
            ["chain.id"],
            name=op.f("fk_loyalty_card_chain_id_chain"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["location_id"],
            ["location.id"],
            name=op.f("fk_loyalty_card_location_id_location"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["type_id"],
            ["loyalty_card_type.id"],
            name=op.f("fk_loyalty_card_type_id_loyalty_card_type"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_loyalty_card")),
    )
    with op.batch_alter_table("loyalty_card", schema=None) as batch_op:
        batch_op.create_index("ix_loyalty_card_chain_number", ["chain_id", "number"], unique=False)
        batch_op.create_index("ix_loyalty_card_chain_phone", ["chain_id", "phone"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_loyalty_card_location_id"), ["location_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_loyalty_card_type_id"), ["type_id"], unique=False)

    op.create_table(
        "loyalty_program_rule",
        sa.Column(
            "id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            autoincrement=True,
            nullable=False,
        ),
        sa.Column(
            "program_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.Column("parameter", sa.Numeric(precision=14, scale=2), nullable=False),
        sa.Column("value", sa.Numeric(precision=14, scale=2), nullable=False),
        sa.Column("service_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["program_id"],
            ["loyalty_program.id"],
            name=op.f("fk_loyalty_program_rule_program_id_loyalty_program"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_loyalty_program_rule")),
    )
    with op.batch_alter_table("loyalty_program_rule", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_loyalty_program_rule_program_id"), ["program_id"], unique=False
        )

    op.create_table(
        "loyalty_transaction",
        sa.Column(
            "id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            autoincrement=True,
            nullable=False,
        ),
        sa.Column("chain_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column(
            "location_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=True
        ),
        sa.Column("type_id", sa.Integer(), nullable=False),
        sa.Column("amount", sa.Numeric(precision=14, scale=2), nullable=False),
        sa.Column("card_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=True),
        sa.Column("program_id", sa.Integer(), nullable=True),
        sa.Column("visit_id", sa.Integer(), nullable=True),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("reverses_id", sa.Integer(), nullable=True),
        sa.Column("created_at", parlour.models.base.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["card_id"],
            ["loyalty_card.id"],
            name=op.f("fk_loyalty_transaction_card_id_loyalty_card"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["chain_id"],
            ["chain.id"],
            name=op.f("fk_loyalty_transaction_chain_id_chain"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["location_id"],
            ["location.id"],
            name=op.f("fk_loyalty_transaction_location_id_location"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_loyalty_transaction")),
    )
    with op.batch_alter_table("loyalty_transaction", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_loyalty_transaction_card_id"), ["card_id"], unique=False
        )
        batch_op.create_index(
            "ix_loyalty_transaction_chain_created", ["chain_id", "created_at"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_loyalty_transaction_location_id"), ["location_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("loyalty_transaction", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_loyalty_transaction_location_id"))
        batch_op.drop_index("ix_loyalty_transaction_chain_created")
        batch_op.drop_index(batch_op.f("ix_loyalty_transaction_card_id"))

    op.drop_table("loyalty_transaction")
    with op.batch_alter_table("loyalty_program_rule", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_loyalty_program_rule_program_id"))

    op.drop_table("loyalty_program_rule")
    with op.batch_alter_table("loyalty_card", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_loyalty_card_type_id"))
        batch_op.drop_index(batch_op.f("ix_loyalty_card_location_id"))
        batch_op.drop_index("ix_loyalty_card_chain_phone")
        batch_op.drop_index("ix_loyalty_card_chain_number")

    op.drop_table("loyalty_card")
    with op.batch_alter_table("loyalty_program", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_loyalty_program_chain_id"))

    op.drop_table("loyalty_program")
    with op.batch_alter_table("loyalty_card_type", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_loyalty_card_type_chain_id"))

    op.drop_table("loyalty_card_type")
