"""memberships: membership types of a chain (membership_type), memberships sold to a client
(client_membership), the visits taken from them (membership_use), and the membership a sale's
loyalty line and a chain ledger line used (sale_loyalty_transaction.abonement_id,
loyalty_transaction.abonement_id), and the membership type a goods item sells
(product.loyalty_abonement_type_id).

Revision ID: 0022
Revises: 0021
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

import parlour.models.base

revision: str = "0022"
down_revision: str | Sequence[str] | None = "0021"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:

    op.create_table(
        "membership_type",
        sa.Column(
            "id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            autoincrement=True,
            nullable=False,
        ),
        sa.Column("chain_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("title", sa.String(length=255), nullable=False),
        sa.Column("cost", sa.Numeric(precision=14, scale=2), nullable=False),
        sa.Column("period", sa.Integer(), nullable=False),
        sa.Column("period_unit_id", sa.Integer(), nullable=False),
        sa.Column("allow_freeze", sa.Boolean(), nullable=False),
        sa.Column("freeze_limit", sa.Integer(), nullable=False),
        sa.Column("is_allow_empty_code", sa.Boolean(), nullable=False),
        sa.Column("is_united_balance", sa.Boolean(), nullable=False),
        sa.Column("united_balance_services_count", sa.Integer(), nullable=False),
        sa.Column(
            "services",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=False,
        ),
        sa.Column(
            "service_categories",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=False,
        ),
        sa.Column("is_online_sale_enabled", sa.Boolean(), nullable=False),
        sa.Column("online_sale_title", sa.String(length=255), nullable=False),
        sa.Column("online_sale_description", sa.Text(), nullable=False),
        sa.Column("online_sale_price", sa.Numeric(precision=14, scale=2), nullable=False),
        sa.Column(
            "product_ids",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=False,
        ),
        sa.Column("archived", sa.Boolean(), nullable=False),
        sa.Column("deleted", sa.Boolean(), nullable=False),
        sa.Column("created_at", parlour.models.base.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["chain_id"],
            ["chain.id"],
            name=op.f("fk_membership_type_chain_id_chain"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_membership_type")),
    )
    with op.batch_alter_table("membership_type", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_membership_type_chain_id"), ["chain_id"], unique=False)

    op.create_table(
        "client_membership",
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
        sa.Column("client_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=True),
        sa.Column(
            "document_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=True
        ),
        sa.Column("phone", sa.String(length=32), nullable=False),
        sa.Column("number", sa.String(length=64), nullable=False),
        sa.Column("status_id", sa.Integer(), nullable=False),
        sa.Column("is_united_balance", sa.Boolean(), nullable=False),
        sa.Column("united_count", sa.Integer(), nullable=False),
        sa.Column(
            "links",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=False,
        ),
        sa.Column("period", sa.Integer(), nullable=False),
        sa.Column("period_unit_id", sa.Integer(), nullable=False),
        sa.Column("is_frozen", sa.Boolean(), nullable=False),
        sa.Column("freeze_till", sa.Date(), nullable=True),
        sa.Column("freeze_days", sa.Integer(), nullable=False),
        sa.Column("cost", sa.Numeric(precision=14, scale=2), nullable=False),
        sa.Column("activated_at", parlour.models.base.UTCDateTime(timezone=True), nullable=True),
        sa.Column("deleted", sa.Boolean(), nullable=False),
        sa.Column("created_at", parlour.models.base.UTCDateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "united_count >= 0", name=op.f("ck_client_membership_united_count_not_negative")
        ),
        sa.ForeignKeyConstraint(
            ["chain_id"],
            ["chain.id"],
            name=op.f("fk_client_membership_chain_id_chain"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["client_id"],
            ["client.id"],
            name=op.f("fk_client_membership_client_id_client"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["document_id"],
            ["storage_document.id"],
            name=op.f("fk_client_membership_document_id_storage_document"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["location_id"],
            ["location.id"],
            name=op.f("fk_client_membership_location_id_location"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["type_id"],
            ["membership_type.id"],
            name=op.f("fk_client_membership_type_id_membership_type"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_client_membership")),
    )
    with op.batch_alter_table("client_membership", schema=None) as batch_op:
        batch_op.create_index(
            "ix_client_membership_chain_number", ["chain_id", "number"], unique=False
        )
        batch_op.create_index(
            "ix_client_membership_chain_phone", ["chain_id", "phone"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_client_membership_location_id"), ["location_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_client_membership_type_id"), ["type_id"], unique=False)

    op.create_table(
        "membership_use",
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
        sa.Column(
            "membership_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.Column(
            "document_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.Column(
            "sale_line_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=True
        ),
        sa.Column(
            "service_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.Column("link", sa.String(length=64), nullable=False),
        sa.Column("deleted", sa.Boolean(), nullable=False),
        sa.Column("created_at", parlour.models.base.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["chain_id"],
            ["chain.id"],
            name=op.f("fk_membership_use_chain_id_chain"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["document_id"],
            ["storage_document.id"],
            name=op.f("fk_membership_use_document_id_storage_document"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["location_id"],
            ["location.id"],
            name=op.f("fk_membership_use_location_id_location"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["membership_id"],
            ["client_membership.id"],
            name=op.f("fk_membership_use_membership_id_client_membership"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_membership_use")),
    )
    with op.batch_alter_table("membership_use", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_membership_use_chain_id"), ["chain_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_membership_use_document_id"), ["document_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_membership_use_location_id"), ["location_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_membership_use_membership_id"), ["membership_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_membership_use_sale_line_id"), ["sale_line_id"], unique=False
        )

    with op.batch_alter_table("loyalty_transaction", schema=None) as batch_op:
        batch_op.add_column(sa.Column("abonement_id", sa.Integer(), nullable=True))

    with op.batch_alter_table("product", schema=None) as batch_op:
        batch_op.add_column(sa.Column("loyalty_abonement_type_id", sa.Integer(), nullable=True))

    with op.batch_alter_table("sale_loyalty_transaction", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "abonement_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=True
            )
        )


def downgrade() -> None:

    with op.batch_alter_table("sale_loyalty_transaction", schema=None) as batch_op:
        batch_op.drop_column("abonement_id")

    with op.batch_alter_table("loyalty_transaction", schema=None) as batch_op:
        batch_op.drop_column("abonement_id")

    with op.batch_alter_table("product", schema=None) as batch_op:
        batch_op.drop_column("loyalty_abonement_type_id")

    with op.batch_alter_table("membership_use", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_membership_use_sale_line_id"))
        batch_op.drop_index(batch_op.f("ix_membership_use_membership_id"))
        batch_op.drop_index(batch_op.f("ix_membership_use_location_id"))
        batch_op.drop_index(batch_op.f("ix_membership_use_document_id"))
        batch_op.drop_index(batch_op.f("ix_membership_use_chain_id"))

    op.drop_table("membership_use")
    with op.batch_alter_table("client_membership", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_client_membership_type_id"))
        batch_op.drop_index(batch_op.f("ix_client_membership_location_id"))
        batch_op.drop_index("ix_client_membership_chain_phone")
        batch_op.drop_index("ix_client_membership_chain_number")

    op.drop_table("client_membership")
    with op.batch_alter_table("membership_type", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_membership_type_chain_id"))

    op.drop_table("membership_type")
