"""record source: where an appointment was made (administrator, widget, API, client cabinet),
read by the analytics' record_source chart.

Revision ID: 0026
Revises: 0025
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0026"
down_revision: str | Sequence[str] | None = "0025"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # Plain ADD COLUMN (no batch copy), so that SQLite keeps the record table's triggers.
    op.add_column(
        "record",
        sa.Column("source", sa.String(length=16), nullable=False, server_default="admin"),
    )
    # Before this column an online record could only come from the public booking API.
    op.execute("UPDATE record SET source = 'api' WHERE online")


def downgrade() -> None:
    op.drop_column("record", "source")
