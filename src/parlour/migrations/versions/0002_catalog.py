"""catalog: schema changes of issue 3 (services and team members).

Every new non-null column carries a server default so that rows written before this
revision (a demo database, say) get the same value a new row would.

Revision ID: 0002
Revises: 0001
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0002"
down_revision: str | Sequence[str] | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
JSON = sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql")


def _int(name: str, default: int) -> sa.Column[int]:
    return sa.Column(name, sa.Integer(), nullable=False, server_default=str(default))


def _bool(name: str, default: bool) -> sa.Column[bool]:
    return sa.Column(
        name, sa.Boolean(), nullable=False, server_default=sa.true() if default else sa.false()
    )


def _str(name: str, length: int, default: str = "") -> sa.Column[str]:
    return sa.Column(name, sa.String(length=length), nullable=False, server_default=default)


def _float(name: str, default: float) -> sa.Column[float]:
    return sa.Column(name, sa.Float(), nullable=False, server_default=str(default))


def _json(name: str, default: str) -> sa.Column[object]:
    return sa.Column(name, JSON, nullable=False, server_default=sa.text(f"'{default}'"))


def upgrade() -> None:
    with op.batch_alter_table("position", schema=None) as batch_op:
        batch_op.add_column(sa.Column("chain_id", ID, nullable=True))
        batch_op.add_column(sa.Column("description", sa.Text(), nullable=False, server_default=""))
        batch_op.add_column(_int("services_binding_type", 0))
        batch_op.add_column(_json("rules_required_fields", "[]"))
        batch_op.add_column(_bool("only_chain_appointment", False))
        batch_op.create_index(batch_op.f("ix_position_chain_id"), ["chain_id"], unique=False)
        batch_op.create_foreign_key(
            batch_op.f("fk_position_chain_id_chain"),
            "chain",
            ["chain_id"],
            ["id"],
            ondelete="SET NULL",
        )

    with op.batch_alter_table("service", schema=None) as batch_op:
        batch_op.add_column(_str("print_title", 255))
        batch_op.add_column(_bool("is_multi", False))
        batch_op.add_column(_int("tax_variant", 0))
        batch_op.add_column(_int("vat_id", 0))
        batch_op.add_column(_int("service_type", 1))
        batch_op.add_column(_int("capacity", 0))
        batch_op.add_column(_bool("is_need_limit_date", False))
        batch_op.add_column(sa.Column("date_from", sa.Date(), nullable=True))
        batch_op.add_column(sa.Column("date_to", sa.Date(), nullable=True))
        batch_op.add_column(_int("seance_search_start", 0))
        batch_op.add_column(_int("seance_search_finish", 86400))
        batch_op.add_column(_int("step", 0))
        batch_op.add_column(_int("seance_search_step", 0))
        batch_op.add_column(sa.Column("repeat_visit_days_step", sa.Integer(), nullable=True))
        batch_op.add_column(_int("schedule_template_type", 0))
        batch_op.add_column(_str("prepaid", 16, "forbidden"))
        batch_op.add_column(_float("price_prepaid_amount", 0.0))
        batch_op.add_column(_float("price_prepaid_percent", 100.0))
        batch_op.add_column(_json("translations", "[]"))
        batch_op.add_column(_json("resource_ids", "[]"))

    with op.batch_alter_table("service_category", schema=None) as batch_op:
        batch_op.add_column(_json("staff_ids", "[]"))

    with op.batch_alter_table("service_team_member", schema=None) as batch_op:
        batch_op.add_column(sa.Column("price_max", sa.Float(), nullable=True))

    with op.batch_alter_table("team_member", schema=None) as batch_op:
        batch_op.add_column(_str("avatar_big", 1024))
        batch_op.add_column(sa.Column("user_id", ID, nullable=True))
        batch_op.add_column(_bool("show_rating", False))
        batch_op.add_column(_int("votes_count", 0))
        batch_op.add_column(_int("comments_count", 0))
        batch_op.add_column(_bool("has_access_timetable", True))
        batch_op.add_column(_bool("is_paid_staff", True))
        batch_op.add_column(_bool("is_included_in_payment_policy", True))
        batch_op.add_column(_str("prepaid", 16, "forbidden"))
        batch_op.create_index(batch_op.f("ix_team_member_user_id"), ["user_id"], unique=False)
        batch_op.create_foreign_key(
            batch_op.f("fk_team_member_user_id_app_user"),
            "app_user",
            ["user_id"],
            ["id"],
            ondelete="SET NULL",
        )


def downgrade() -> None:
    with op.batch_alter_table("team_member", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_team_member_user_id_app_user"), type_="foreignkey")
        batch_op.drop_index(batch_op.f("ix_team_member_user_id"))
        for name in (
            "prepaid",
            "is_included_in_payment_policy",
            "is_paid_staff",
            "has_access_timetable",
            "comments_count",
            "votes_count",
            "show_rating",
            "user_id",
            "avatar_big",
        ):
            batch_op.drop_column(name)

    with op.batch_alter_table("service_team_member", schema=None) as batch_op:
        batch_op.drop_column("price_max")

    with op.batch_alter_table("service_category", schema=None) as batch_op:
        batch_op.drop_column("staff_ids")

    with op.batch_alter_table("service", schema=None) as batch_op:
        for name in (
            "resource_ids",
            "translations",
            "price_prepaid_percent",
            "price_prepaid_amount",
            "prepaid",
            "schedule_template_type",
            "repeat_visit_days_step",
            "seance_search_step",
            "step",
            "seance_search_finish",
            "seance_search_start",
            "date_to",
            "date_from",
            "is_need_limit_date",
            "capacity",
            "service_type",
            "vat_id",
            "tax_variant",
            "is_multi",
            "print_title",
        ):
            batch_op.drop_column(name)

    with op.batch_alter_table("position", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_position_chain_id_chain"), type_="foreignkey")
        batch_op.drop_index(batch_op.f("ix_position_chain_id"))
        for name in (
            "only_chain_appointment",
            "rules_required_fields",
            "services_binding_type",
            "description",
            "chain_id",
        ):
            batch_op.drop_column(name)
