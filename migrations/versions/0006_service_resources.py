"""service resources: one store for the resources a service needs.

The API stored a service's resources in ``service.resource_ids`` while the availability engine
read the ``service_resource`` table, which nothing wrote. ``service.resource_ids`` is now the one
store (read by the engine and by both write paths); any rows of the table are folded into it
before the table goes.

Revision ID: 0006
Revises: 0005
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import parlour.models.base

revision: str = "0006"
down_revision: str | Sequence[str] | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")

_service = sa.table(
    "service", sa.column("id", ID), sa.column("resource_ids", parlour.models.base.JSONType)
)
_link = sa.table(
    "service_resource",
    sa.column("id", ID),
    sa.column("location_id", ID),
    sa.column("service_id", ID),
    sa.column("resource_id", ID),
)


def upgrade() -> None:
    bind = op.get_bind()
    needs: dict[int, list[int]] = {}
    for service_id, resource_id in bind.execute(
        sa.select(_link.c.service_id, _link.c.resource_id).order_by(_link.c.id)
    ):
        needs.setdefault(int(service_id), []).append(int(resource_id))
    for service_id, resource_ids in needs.items():
        current = bind.execute(
            sa.select(_service.c.resource_ids).where(_service.c.id == service_id)
        ).scalar_one_or_none()
        merged = list(dict.fromkeys([*(int(r) for r in current or []), *resource_ids]))
        bind.execute(
            sa.update(_service).where(_service.c.id == service_id).values(resource_ids=merged)
        )
    with op.batch_alter_table("service_resource", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_service_resource_service_id"))
        batch_op.drop_index(batch_op.f("ix_service_resource_resource_id"))
        batch_op.drop_index(batch_op.f("ix_service_resource_location_id"))
    op.drop_table("service_resource")


def downgrade() -> None:
    op.create_table(
        "service_resource",
        sa.Column("id", ID, autoincrement=True, nullable=False),
        sa.Column("location_id", ID, nullable=False),
        sa.Column("service_id", ID, nullable=False),
        sa.Column("resource_id", ID, nullable=False),
        sa.ForeignKeyConstraint(
            ["location_id"],
            ["location.id"],
            name=op.f("fk_service_resource_location_id_location"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["resource_id"],
            ["resource.id"],
            name=op.f("fk_service_resource_resource_id_resource"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["service_id"],
            ["service.id"],
            name=op.f("fk_service_resource_service_id_service"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_service_resource")),
        sa.UniqueConstraint(
            "service_id", "resource_id", name=op.f("uq_service_resource_service_id_resource_id")
        ),
    )
    with op.batch_alter_table("service_resource", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_service_resource_location_id"), ["location_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_service_resource_resource_id"), ["resource_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_service_resource_service_id"), ["service_id"], unique=False
        )
