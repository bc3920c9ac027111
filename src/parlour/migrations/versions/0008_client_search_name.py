"""client search_name: case-folded name forms for Unicode search on every database.

Revision ID: 0008
Revises: 0007
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from parlour.kit.text import client_search_name

revision: str = "0008"
down_revision: str | Sequence[str] | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

client = sa.table(
    "client",
    sa.column("id", sa.Integer),
    sa.column("name", sa.String),
    sa.column("surname", sa.String),
    sa.column("patronymic", sa.String),
    sa.column("search_name", sa.Text),
)


def upgrade() -> None:
    with op.batch_alter_table("client") as batch_op:
        batch_op.add_column(sa.Column("search_name", sa.Text(), server_default="", nullable=False))
    # Fold existing names in Python: neither database folds every script the same way.
    bind = op.get_bind()
    last = 0
    while True:
        rows = bind.execute(
            sa.select(client.c.id, client.c.name, client.c.surname, client.c.patronymic)
            .where(client.c.id > last)
            .order_by(client.c.id)
            .limit(1000)
        ).all()
        if not rows:
            break
        bind.execute(
            client.update().where(client.c.id == sa.bindparam("b_id")),
            [
                {"b_id": r.id, "search_name": client_search_name(r.name, r.surname, r.patronymic)}
                for r in rows
            ],
        )
        last = rows[-1].id


def downgrade() -> None:
    with op.batch_alter_table("client") as batch_op:
        batch_op.drop_column("search_name")
