"""salary: schemes and their rules (salary_scheme, salary_scheme_rule), their assignment to
team members (salary_scheme_assignment), payroll calculations (payroll_calculation).

Revision ID: 0025
Revises: 0024
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

import parlour.models.base

revision: str = "0025"
down_revision: str | Sequence[str] | None = "0024"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "salary_scheme",
        sa.Column(
            "id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            autoincrement=True,
            nullable=False,
        ),
        sa.Column(
            "location_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.Column("title", sa.String(length=255), nullable=False),
        sa.Column("deleted", sa.Boolean(), nullable=False),
        sa.Column("created_at", parlour.models.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", parlour.models.base.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["location_id"],
            ["location.id"],
            name=op.f("fk_salary_scheme_location_id_location"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_salary_scheme")),
    )
    with op.batch_alter_table("salary_scheme", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_salary_scheme_location_id"), ["location_id"], unique=False
        )

    op.create_table(
        "salary_scheme_rule",
        sa.Column(
            "id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            autoincrement=True,
            nullable=False,
        ),
        sa.Column(
            "location_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.Column(
            "scheme_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.Column("target_type", sa.String(length=16), nullable=False),
        sa.Column("target_id", sa.Integer(), nullable=False),
        sa.Column("type_slug", sa.String(length=16), nullable=False),
        sa.Column("value", sa.Numeric(precision=14, scale=2), nullable=False),
        sa.Column("base", sa.String(length=16), nullable=False),
        sa.ForeignKeyConstraint(
            ["location_id"],
            ["location.id"],
            name=op.f("fk_salary_scheme_rule_location_id_location"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["scheme_id"],
            ["salary_scheme.id"],
            name=op.f("fk_salary_scheme_rule_scheme_id_salary_scheme"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_salary_scheme_rule")),
    )
    with op.batch_alter_table("salary_scheme_rule", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_salary_scheme_rule_location_id"), ["location_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_salary_scheme_rule_scheme_id"), ["scheme_id"], unique=False
        )

    op.create_table(
        "payroll_calculation",
        sa.Column(
            "id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            autoincrement=True,
            nullable=False,
        ),
        sa.Column(
            "location_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.Column(
            "team_member_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.Column("amount", sa.Numeric(precision=14, scale=2), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("date_from", sa.Date(), nullable=False),
        sa.Column("date_to", sa.Date(), nullable=False),
        sa.Column("date_create", sa.Date(), nullable=False),
        sa.Column("comment", sa.Text(), nullable=False),
        sa.Column(
            "items",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=False,
        ),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("deleted", sa.Boolean(), nullable=False),
        sa.Column("created_at", parlour.models.base.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["location_id"],
            ["location.id"],
            name=op.f("fk_payroll_calculation_location_id_location"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["team_member_id"],
            ["team_member.id"],
            name=op.f("fk_payroll_calculation_team_member_id_team_member"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_payroll_calculation")),
    )
    with op.batch_alter_table("payroll_calculation", schema=None) as batch_op:
        batch_op.create_index(
            "ix_payroll_calculation_member", ["location_id", "team_member_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_payroll_calculation_team_member_id"), ["team_member_id"], unique=False
        )

    op.create_table(
        "salary_scheme_assignment",
        sa.Column(
            "id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            autoincrement=True,
            nullable=False,
        ),
        sa.Column(
            "location_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.Column(
            "team_member_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.Column(
            "scheme_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.Column("date_start", sa.Date(), nullable=False),
        sa.Column("date_end", sa.Date(), nullable=True),
        sa.Column("deleted", sa.Boolean(), nullable=False),
        sa.Column("created_at", parlour.models.base.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["location_id"],
            ["location.id"],
            name=op.f("fk_salary_scheme_assignment_location_id_location"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["scheme_id"],
            ["salary_scheme.id"],
            name=op.f("fk_salary_scheme_assignment_scheme_id_salary_scheme"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["team_member_id"],
            ["team_member.id"],
            name=op.f("fk_salary_scheme_assignment_team_member_id_team_member"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_salary_scheme_assignment")),
    )
    with op.batch_alter_table("salary_scheme_assignment", schema=None) as batch_op:
        batch_op.create_index(
            "ix_salary_scheme_assignment_member", ["location_id", "team_member_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_salary_scheme_assignment_scheme_id"), ["scheme_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_salary_scheme_assignment_team_member_id"),
            ["team_member_id"],
            unique=False,
        )


def downgrade() -> None:
    with op.batch_alter_table("salary_scheme_assignment", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_salary_scheme_assignment_team_member_id"))
        batch_op.drop_index(batch_op.f("ix_salary_scheme_assignment_scheme_id"))
        batch_op.drop_index("ix_salary_scheme_assignment_member")

    op.drop_table("salary_scheme_assignment")
    with op.batch_alter_table("payroll_calculation", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_payroll_calculation_team_member_id"))
        batch_op.drop_index("ix_payroll_calculation_member")

    op.drop_table("payroll_calculation")
    with op.batch_alter_table("salary_scheme_rule", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_salary_scheme_rule_scheme_id"))
        batch_op.drop_index(batch_op.f("ix_salary_scheme_rule_location_id"))

    op.drop_table("salary_scheme_rule")
    with op.batch_alter_table("salary_scheme", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_salary_scheme_location_id"))

    op.drop_table("salary_scheme")
