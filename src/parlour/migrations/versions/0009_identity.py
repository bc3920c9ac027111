"""identity: one flat permission store per membership (upstream's permission slugs) in place
of the nine flat rights, invitation state and the linked team member.

Revision ID: 0009
Revises: 0011
"""

from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

from parlour.auth.permissions import GROUPS, ROLES, no_access, role_defaults

revision: str = "0009"
down_revision: str | Sequence[str] | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

JSON = sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql")
ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")

# The old flags and the permissions each one stood for. custom_fields_access and
# online_booking_access were Parlour's own names for parts of the settings area.
OLD_FLAGS: dict[str, tuple[str, ...]] = {
    "settings_access": tuple(GROUPS["settings"]),
    "clients_access": tuple(GROUPS["clients"]),
    "timetable_access": tuple(GROUPS["timetable"]),
    "records_access": tuple(GROUPS["record_form"]),
    "finances_access": tuple(GROUPS["finances"]),
    "storages_access": tuple(GROUPS["storages"]),
    "users_access": (
        "users_access",
        "create_users_access",
        "edit_users_access",
        "delete_users_access",
    ),
    "custom_fields_access": (),
    "online_booking_access": (),
    "payment_policy_update_access": ("payment_policy_update_access",),
}
# Going back: which permission each old flag is read from.
FLAG_SOURCE = {
    "records_access": "record_form_access",
    "custom_fields_access": "settings_access",
    "online_booking_access": "settings_access",
}

membership = sa.table(
    "membership",
    sa.column("id", ID),
    sa.column("role", sa.String),
    sa.column("rights", JSON),
    sa.column("permissions", JSON),
)


def permissions_of(role: str, rights: dict[str, Any]) -> dict[str, Any]:
    values = role_defaults(role)
    for flag, slugs in OLD_FLAGS.items():
        held = bool(rights.get(flag, False))
        for slug in slugs:
            if not held:
                values[slug] = no_access(slug)
            elif flag == "payment_policy_update_access":
                values[slug] = True
    return values


def upgrade() -> None:
    with op.batch_alter_table("membership") as batch_op:
        batch_op.add_column(sa.Column("permissions", JSON, nullable=True))
        batch_op.add_column(
            sa.Column("is_approved", sa.Boolean(), server_default=sa.true(), nullable=False)
        )
        batch_op.add_column(sa.Column("team_member_id", ID, nullable=True))
        batch_op.create_index(
            batch_op.f("ix_membership_team_member_id"), ["team_member_id"], unique=False
        )
        batch_op.create_foreign_key(
            batch_op.f("fk_membership_team_member_id_team_member"),
            "team_member",
            ["team_member_id"],
            ["id"],
            ondelete="SET NULL",
        )
    bind = op.get_bind()
    rows = bind.execute(sa.select(membership.c.id, membership.c.role, membership.c.rights)).all()
    for row in rows:
        role = row.role if row.role in ROLES else "owner"
        bind.execute(
            membership.update()
            .where(membership.c.id == row.id)
            .values(role=role, permissions=permissions_of(role, dict(row.rights or {})))
        )
    with op.batch_alter_table("membership") as batch_op:
        batch_op.alter_column("permissions", existing_type=JSON, nullable=False)
        batch_op.drop_column("rights")


def downgrade() -> None:
    with op.batch_alter_table("membership") as batch_op:
        batch_op.add_column(sa.Column("rights", JSON, nullable=True))
    bind = op.get_bind()
    rows = bind.execute(sa.select(membership.c.id, membership.c.permissions)).all()
    for row in rows:
        values = dict(row.permissions or {})
        rights = {flag: values.get(FLAG_SOURCE.get(flag, flag)) is True for flag in OLD_FLAGS}
        bind.execute(membership.update().where(membership.c.id == row.id).values(rights=rights))
    with op.batch_alter_table("membership") as batch_op:
        batch_op.alter_column("rights", existing_type=JSON, nullable=False)
        batch_op.drop_constraint(
            batch_op.f("fk_membership_team_member_id_team_member"), type_="foreignkey"
        )
        batch_op.drop_index(batch_op.f("ix_membership_team_member_id"))
        batch_op.drop_column("team_member_id")
        batch_op.drop_column("is_approved")
        batch_op.drop_column("permissions")
