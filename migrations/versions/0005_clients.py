"""clients: schema changes of issue 6 (clients, custom fields, chains).

Client cards gain their opening spend, balance and custom field values; labels, comments and
files of a client get their own tables.

Revision ID: 0005
Revises: 0004
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

import parlour.models.base

revision: str = "0005"
down_revision: str | Sequence[str] | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
TS = parlour.models.base.UTCDateTime(timezone=True)
JSON = sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql")


def upgrade() -> None:
    op.create_table(
        "client_file",
        sa.Column("id", ID, autoincrement=True, nullable=False),
        sa.Column("location_id", ID, nullable=False),
        sa.Column("client_id", ID, nullable=False),
        sa.Column("user_id", ID, nullable=True),
        sa.Column("name", sa.String(length=255), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("mime", sa.String(length=255), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("storage_key", sa.String(length=255), nullable=False),
        sa.Column("created_at", TS, nullable=False),
        sa.ForeignKeyConstraint(
            ["client_id"],
            ["client.id"],
            name=op.f("fk_client_file_client_id_client"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["location_id"],
            ["location.id"],
            name=op.f("fk_client_file_location_id_location"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["app_user.id"],
            name=op.f("fk_client_file_user_id_app_user"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_client_file")),
    )
    with op.batch_alter_table("client_file", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_client_file_client_id"), ["client_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_client_file_location_id"), ["location_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_client_file_user_id"), ["user_id"], unique=False)

    op.create_table(
        "client_label",
        sa.Column("id", ID, autoincrement=True, nullable=False),
        sa.Column("client_id", ID, nullable=False),
        sa.Column("label_id", ID, nullable=False),
        sa.ForeignKeyConstraint(
            ["client_id"],
            ["client.id"],
            name=op.f("fk_client_label_client_id_client"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_client_label")),
        sa.UniqueConstraint(
            "client_id", "label_id", name=op.f("uq_client_label_client_id_label_id")
        ),
    )
    with op.batch_alter_table("client_label", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_client_label_client_id"), ["client_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_client_label_label_id"), ["label_id"], unique=False)

    op.create_table(
        "client_comment",
        sa.Column("id", ID, autoincrement=True, nullable=False),
        sa.Column("location_id", ID, nullable=False),
        sa.Column("client_id", ID, nullable=False),
        sa.Column("user_id", ID, nullable=True),
        sa.Column("file_id", ID, nullable=True),
        sa.Column("type", sa.String(length=32), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("created_at", TS, nullable=False),
        sa.Column("updated_at", TS, nullable=False),
        sa.ForeignKeyConstraint(
            ["client_id"],
            ["client.id"],
            name=op.f("fk_client_comment_client_id_client"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["file_id"],
            ["client_file.id"],
            name=op.f("fk_client_comment_file_id_client_file"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["location_id"],
            ["location.id"],
            name=op.f("fk_client_comment_location_id_location"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["app_user.id"],
            name=op.f("fk_client_comment_user_id_app_user"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_client_comment")),
    )
    with op.batch_alter_table("client_comment", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_client_comment_client_id"), ["client_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_client_comment_file_id"), ["file_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_client_comment_location_id"), ["location_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_client_comment_user_id"), ["user_id"], unique=False)

    # Existing client rows get neutral values (server defaults only for the backfill).
    with op.batch_alter_table("client", schema=None) as batch_op:
        batch_op.add_column(sa.Column("spent", sa.Float(), nullable=False, server_default="0"))
        batch_op.add_column(sa.Column("balance", sa.Float(), nullable=False, server_default="0"))
        batch_op.add_column(
            sa.Column("custom_fields", JSON, nullable=False, server_default=sa.text("'{}'"))
        )
    with op.batch_alter_table("client", schema=None) as batch_op:
        batch_op.alter_column("spent", server_default=None)
        batch_op.alter_column("balance", server_default=None)
        batch_op.alter_column("custom_fields", server_default=None)


def downgrade() -> None:
    with op.batch_alter_table("client", schema=None) as batch_op:
        batch_op.drop_column("custom_fields")
        batch_op.drop_column("balance")
        batch_op.drop_column("spent")
    op.drop_table("client_comment")
    op.drop_table("client_label")
    op.drop_table("client_file")
