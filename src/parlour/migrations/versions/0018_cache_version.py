"""cache versions: one counter per location (and one for partners and users) that a change to
a cached row bumps in its own transaction, so every server process drops stale cache entries.

Revision ID: 0018
Revises: 0017

(A provisional number: issue 19; the lead assigns its final one.)
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0018"
down_revision: str | Sequence[str] | None = "0017"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "cache_version",
        sa.Column("scope", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("version", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("scope", name=op.f("pk_cache_version")),
    )


def downgrade() -> None:
    op.drop_table("cache_version")
