"""product.loyalty_certificate_type_id: the gift certificate type a goods item sells, kept on
the item itself (as loyalty_abonement_type_id is for memberships), so that the item stays a
certificate's item after its type or its location link is gone (it is never stock-counted).

Revision ID: 0027
Revises: 0026
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0027"
down_revision: str | Sequence[str] | None = "0026"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column("product", sa.Column("loyalty_certificate_type_id", sa.Integer(), nullable=True))
    op.execute(
        "UPDATE product SET loyalty_certificate_type_id = ("
        " SELECT MIN(l.type_id) FROM certificate_type_location l WHERE l.product_id = product.id"
        ") WHERE id IN (SELECT product_id FROM certificate_type_location)"
    )


def downgrade() -> None:
    with op.batch_alter_table("product", schema=None) as batch_op:
        batch_op.drop_column("loyalty_certificate_type_id")
