"""loyalty on every sale: a ledger line names the sale document it was written for (a goods
sale's cashback, a program's discount); a card's history counts goods sales too (loyalty_visit
without a visit, with its document) and the services each sale paid for (package discounts).

Revision ID: 0028
Revises: 0027
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0028"
down_revision: str | Sequence[str] | None = "0027"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column("loyalty_transaction", sa.Column("document_id", sa.Integer(), nullable=True))
    op.create_index(
        "ix_loyalty_transaction_document", "loyalty_transaction", ["document_id"], unique=False
    )
    with op.batch_alter_table("loyalty_visit", schema=None) as batch_op:
        batch_op.add_column(sa.Column("document_id", sa.Integer(), nullable=True))
        batch_op.add_column(
            sa.Column(
                "services",
                sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
                nullable=True,
            )
        )
        batch_op.alter_column("visit_id", existing_type=sa.INTEGER(), nullable=True)
        batch_op.create_index(
            batch_op.f("ix_loyalty_visit_document_id"), ["document_id"], unique=False
        )


def downgrade() -> None:
    op.execute("DELETE FROM loyalty_visit WHERE visit_id IS NULL")
    with op.batch_alter_table("loyalty_visit", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_loyalty_visit_document_id"))
        batch_op.alter_column("visit_id", existing_type=sa.INTEGER(), nullable=False)
        batch_op.drop_column("services")
        batch_op.drop_column("document_id")
    op.drop_index("ix_loyalty_transaction_document", table_name="loyalty_transaction")
    op.drop_column("loyalty_transaction", "document_id")
