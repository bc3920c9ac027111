"""exact money: amounts and percentages become NUMERIC(14, 2) (were FLOAT).

PostgreSQL converts each column in place, rounding to the cent. SQLite cannot change a column's
type; batch mode would rebuild the tables, and with foreign keys on (Parlour turns them on for
every connection) dropping the old ``service`` or ``client`` table would cascade to the rows
that reference them. So on SQLite each column is replaced without touching the table: a new
NUMERIC column is added, filled with the old value rounded to the cent, the old column dropped
and the new one renamed (SQLite 3.35+).

Revision ID: 0007
Revises: 0006
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | Sequence[str] | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

MONEY = sa.Numeric(14, 2)

# (table, column, nullable)
COLUMNS: list[tuple[str, str, bool]] = [
    ("service", "price_min", False),
    ("service", "price_max", False),
    ("service", "discount", False),
    ("service", "price_prepaid_amount", False),
    ("service", "price_prepaid_percent", False),
    ("service_team_member", "price", True),
    ("service_team_member", "price_max", True),
    ("record_service", "first_cost", False),
    ("record_service", "discount", False),
    ("record_service", "cost", False),
    ("client", "discount", False),
    ("client", "spent", False),
    ("client", "balance", False),
]


def _sqlite_replace(table: str, column: str, nullable: bool, new_type: str, scale: int) -> None:
    temp = f"{column}__new"
    not_null = "" if nullable else " NOT NULL DEFAULT 0"
    op.execute(f'ALTER TABLE "{table}" ADD COLUMN "{temp}" {new_type}{not_null}')
    op.execute(f'UPDATE "{table}" SET "{temp}" = ROUND("{column}", {scale})')
    op.execute(f'ALTER TABLE "{table}" DROP COLUMN "{column}"')
    op.execute(f'ALTER TABLE "{table}" RENAME COLUMN "{temp}" TO "{column}"')


def upgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for table, column, nullable in COLUMNS:
            _sqlite_replace(table, column, nullable, "NUMERIC(14, 2)", 2)
        return
    for table, column, nullable in COLUMNS:
        op.alter_column(
            table,
            column,
            existing_type=sa.Float(),
            type_=MONEY,
            existing_nullable=nullable,
            postgresql_using=f"round({column}::numeric, 2)",
        )


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for table, column, nullable in COLUMNS:
            _sqlite_replace(table, column, nullable, "FLOAT", 2)
        return
    for table, column, nullable in COLUMNS:
        op.alter_column(
            table,
            column,
            existing_type=MONEY,
            type_=sa.Float(),
            existing_nullable=nullable,
            postgresql_using=f"{column}::double precision",
        )
