"""certificates: certificate types of a chain (each sold as a goods item per location), the
certificates sold to phones, and the certificate a sale's loyalty line was paid from.

Revision ID: 0023
Revises: 0022
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import parlour.models.base

JSON = parlour.models.base.JSONType

revision: str = "0023"
down_revision: str | Sequence[str] | None = "0022"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "certificate_type",
        sa.Column(
            "id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            autoincrement=True,
            nullable=False,
        ),
        sa.Column("chain_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("title", sa.String(length=255), nullable=False),
        sa.Column("balance", sa.Numeric(precision=14, scale=2), nullable=False),
        sa.Column("is_multi", sa.Boolean(), nullable=False),
        sa.Column("item_type_id", sa.Integer(), nullable=False),
        sa.Column("service_ids", JSON, nullable=False),
        sa.Column("category_id", sa.Integer(), nullable=True),
        sa.Column("expiration_type_id", sa.Integer(), nullable=False),
        sa.Column("expiration_date", parlour.models.base.UTCDateTime(timezone=True), nullable=True),
        sa.Column("expiration_timeout", sa.Integer(), nullable=False),
        sa.Column("expiration_timeout_unit_id", sa.Integer(), nullable=False),
        sa.Column("balance_edit_type_id", sa.Integer(), nullable=False),
        sa.Column("is_allow_empty_code", sa.Boolean(), nullable=False),
        sa.Column("weight", sa.Integer(), nullable=False),
        sa.Column("online_sale_is_enabled", sa.Boolean(), nullable=False),
        sa.Column("online_sale_title", sa.String(length=255), nullable=False),
        sa.Column("online_sale_description", sa.Text(), nullable=False),
        sa.Column("online_sale_price", sa.Numeric(precision=14, scale=2), nullable=False),
        sa.Column("deleted", sa.Boolean(), nullable=False),
        sa.Column("created_at", parlour.models.base.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["chain_id"],
            ["chain.id"],
            name=op.f("fk_certificate_type_chain_id_chain"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_certificate_type")),
    )
    with op.batch_alter_table("certificate_type", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_certificate_type_chain_id"), ["chain_id"], unique=False
        )

    op.create_table(
        "certificate",
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
        sa.Column(
            "document_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=True
        ),
        sa.Column("client_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=True),
        sa.Column("number", sa.String(length=64), nullable=False),
        sa.Column("phone", sa.String(length=32), nullable=False),
        sa.Column("default_balance", sa.Numeric(precision=14, scale=2), nullable=False),
        sa.Column("balance", sa.Numeric(precision=14, scale=2), nullable=False),
        sa.Column("status_id", sa.Integer(), nullable=False),
        sa.Column("expiration_date", parlour.models.base.UTCDateTime(timezone=True), nullable=True),
        sa.Column("deleted", sa.Boolean(), nullable=False),
        sa.Column("created_at", parlour.models.base.UTCDateTime(timezone=True), nullable=False),
        sa.CheckConstraint("balance >= 0", name=op.f("ck_certificate_balance_not_negative")),
        sa.ForeignKeyConstraint(
            ["chain_id"],
            ["chain.id"],
            name=op.f("fk_certificate_chain_id_chain"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["client_id"],
            ["client.id"],
            name=op.f("fk_certificate_client_id_client"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["document_id"],
            ["storage_document.id"],
            name=op.f("fk_certificate_document_id_storage_document"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["location_id"],
            ["location.id"],
            name=op.f("fk_certificate_location_id_location"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["type_id"],
            ["certificate_type.id"],
            name=op.f("fk_certificate_type_id_certificate_type"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_certificate")),
    )
    with op.batch_alter_table("certificate", schema=None) as batch_op:
        batch_op.create_index("ix_certificate_chain_number", ["chain_id", "number"], unique=False)
        batch_op.create_index("ix_certificate_chain_phone", ["chain_id", "phone"], unique=False)
        batch_op.create_index(batch_op.f("ix_certificate_client_id"), ["client_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_certificate_location_id"), ["location_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_certificate_type_id"), ["type_id"], unique=False)

    op.create_table(
        "certificate_type_location",
        sa.Column(
            "id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            autoincrement=True,
            nullable=False,
        ),
        sa.Column("type_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column(
            "location_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.Column(
            "product_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.ForeignKeyConstraint(
            ["location_id"],
            ["location.id"],
            name=op.f("fk_certificate_type_location_location_id_location"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["product_id"],
            ["product.id"],
            name=op.f("fk_certificate_type_location_product_id_product"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["type_id"],
            ["certificate_type.id"],
            name=op.f("fk_certificate_type_location_type_id_certificate_type"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_certificate_type_location")),
    )
    with op.batch_alter_table("certificate_type_location", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_certificate_type_location_location_id"), ["location_id"], unique=False
        )
        batch_op.create_index(
            "ix_certificate_type_location_pair", ["type_id", "location_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_certificate_type_location_product_id"), ["product_id"], unique=False
        )

    with op.batch_alter_table("loyalty_transaction", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "certificate_id",
                sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
                nullable=True,
            )
        )
        batch_op.create_foreign_key(
            batch_op.f("fk_loyalty_transaction_certificate_id_certificate"),
            "certificate",
            ["certificate_id"],
            ["id"],
            ondelete="SET NULL",
        )

    with op.batch_alter_table("sale_loyalty_transaction", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "certificate_id",
                sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
                nullable=True,
            )
        )
        batch_op.create_foreign_key(
            batch_op.f("fk_sale_loyalty_transaction_certificate_id_certificate"),
            "certificate",
            ["certificate_id"],
            ["id"],
            ondelete="SET NULL",
        )


def downgrade() -> None:
    with op.batch_alter_table("loyalty_transaction", schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f("fk_loyalty_transaction_certificate_id_certificate"), type_="foreignkey"
        )
        batch_op.drop_column("certificate_id")

    with op.batch_alter_table("sale_loyalty_transaction", schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f("fk_sale_loyalty_transaction_certificate_id_certificate"), type_="foreignkey"
        )
        batch_op.drop_column("certificate_id")

    with op.batch_alter_table("certificate_type_location", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_certificate_type_location_product_id"))
        batch_op.drop_index("ix_certificate_type_location_pair")
        batch_op.drop_index(batch_op.f("ix_certificate_type_location_location_id"))

    op.drop_table("certificate_type_location")
    with op.batch_alter_table("certificate", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_certificate_type_id"))
        batch_op.drop_index(batch_op.f("ix_certificate_location_id"))
        batch_op.drop_index(batch_op.f("ix_certificate_client_id"))
        batch_op.drop_index("ix_certificate_chain_phone")
        batch_op.drop_index("ix_certificate_chain_number")

    op.drop_table("certificate")
    with op.batch_alter_table("certificate_type", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_certificate_type_chain_id"))

    op.drop_table("certificate_type")
