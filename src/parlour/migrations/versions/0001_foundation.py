"""foundation

Revision ID: 0001
Revises:
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

import parlour.models.base

revision: str = "0001"
down_revision: str | Sequence[str] | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "app_user",
        sa.Column(
            "id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            autoincrement=True,
            nullable=False,
        ),
        sa.Column("name", sa.String(length=255), nullable=False),
        sa.Column("login", sa.String(length=255), nullable=False),
        sa.Column("email", sa.String(length=255), nullable=True),
        sa.Column("phone", sa.String(length=32), nullable=True),
        sa.Column("avatar", sa.String(length=1024), nullable=False),
        sa.Column("password_hash", sa.String(length=255), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("is_approved", sa.Boolean(), nullable=False),
        sa.Column("is_email_confirmed", sa.Boolean(), nullable=False),
        sa.Column("created_at", parlour.models.base.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_app_user")),
        sa.UniqueConstraint("email", name=op.f("uq_app_user_email")),
        sa.UniqueConstraint("phone", name=op.f("uq_app_user_phone")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_app_user_token_hash")),
    )
    op.create_table(
        "chain",
        sa.Column(
            "id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            autoincrement=True,
            nullable=False,
        ),
        sa.Column("title", sa.String(length=255), nullable=False),
        sa.Column("created_at", parlour.models.base.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_chain")),
    )
    op.create_table(
        "partner",
        sa.Column(
            "id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            autoincrement=True,
            nullable=False,
        ),
        sa.Column("name", sa.String(length=255), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("created_at", parlour.models.base.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_partner")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_partner_token_hash")),
    )
    op.create_table(
        "location",
        sa.Column(
            "id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            autoincrement=True,
            nullable=False,
        ),
        sa.Column("title", sa.String(length=255), nullable=False),
        sa.Column("public_title", sa.String(length=255), nullable=False),
        sa.Column("short_descr", sa.String(length=255), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("logo", sa.String(length=1024), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("phone", sa.String(length=64), nullable=False),
        sa.Column(
            "phones",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=False,
        ),
        sa.Column("email", sa.String(length=255), nullable=False),
        sa.Column("country_id", sa.Integer(), nullable=False),
        sa.Column("country", sa.String(length=255), nullable=False),
        sa.Column("city_id", sa.Integer(), nullable=False),
        sa.Column("city", sa.String(length=255), nullable=False),
        sa.Column("timezone_name", sa.String(length=64), nullable=False),
        sa.Column("address", sa.String(length=1024), nullable=False),
        sa.Column("zip", sa.String(length=32), nullable=False),
        sa.Column("coordinate_lat", sa.Float(), nullable=False),
        sa.Column("coordinate_lon", sa.Float(), nullable=False),
        sa.Column("site", sa.String(length=1024), nullable=False),
        sa.Column(
            "social",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=False,
        ),
        sa.Column("business_type_id", sa.Integer(), nullable=False),
        sa.Column("business_group_id", sa.Integer(), nullable=False),
        sa.Column("schedule", sa.String(length=1024), nullable=False),
        sa.Column("phone_confirmation", sa.Boolean(), nullable=False),
        sa.Column("push_notification_phone_confirm", sa.Integer(), nullable=False),
        sa.Column("group_priority", sa.Integer(), nullable=False),
        sa.Column("bookform_group_priority", sa.Integer(), nullable=False),
        sa.Column("currency_short_title", sa.String(length=16), nullable=False),
        sa.Column("app_ios", sa.String(length=1024), nullable=False),
        sa.Column("app_android", sa.String(length=1024), nullable=False),
        sa.Column("reminds_sms_disabled", sa.Boolean(), nullable=False),
        sa.Column("reminds_sms_default", sa.Integer(), nullable=False),
        sa.Column(
            "photos",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=False,
        ),
        sa.Column("record_type", sa.String(length=16), nullable=False),
        sa.Column("payment_policy", sa.String(length=32), nullable=False),
        sa.Column("online_sales_form_url", sa.String(length=1024), nullable=False),
        sa.Column(
            "main_group_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=True
        ),
        sa.Column("deleted", sa.Boolean(), nullable=False),
        sa.Column("created_at", parlour.models.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", parlour.models.base.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["main_group_id"],
            ["chain.id"],
            name=op.f("fk_location_main_group_id_chain"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_location")),
    )
    with op.batch_alter_table("location", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_location_main_group_id"), ["main_group_id"], unique=False
        )

    op.create_table(
        "booking_form",
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
        sa.Column("is_default", sa.Boolean(), nullable=False),
        sa.Column("weight", sa.Integer(), nullable=False),
        sa.Column(
            "settings",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=False,
        ),
        sa.Column("created_at", parlour.models.base.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["location_id"],
            ["location.id"],
            name=op.f("fk_booking_form_location_id_location"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_booking_form")),
    )
    with op.batch_alter_table("booking_form", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_booking_form_location_id"), ["location_id"], unique=False
        )

    op.create_table(
        "client",
        sa.Column(
            "id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            autoincrement=True,
            nullable=False,
        ),
        sa.Column(
            "location_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.Column("name", sa.String(length=255), nullable=False),
        sa.Column("surname", sa.String(length=255), nullable=False),
        sa.Column("patronymic", sa.String(length=255), nullable=False),
        sa.Column("phone", sa.String(length=32), nullable=True),
        sa.Column("email", sa.String(length=255), nullable=False),
        sa.Column("sex_id", sa.Integer(), nullable=False),
        sa.Column("birth_date", sa.Date(), nullable=True),
        sa.Column("importance_id", sa.Integer(), nullable=False),
        sa.Column("discount", sa.Float(), nullable=False),
        sa.Column("card", sa.String(length=255), nullable=False),
        sa.Column("comment", sa.Text(), nullable=False),
        sa.Column("sms_check", sa.Boolean(), nullable=False),
        sa.Column("sms_not", sa.Boolean(), nullable=False),
        sa.Column("created_at", parlour.models.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", parlour.models.base.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["location_id"],
            ["location.id"],
            name=op.f("fk_client_location_id_location"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_client")),
        sa.UniqueConstraint("location_id", "phone", name=op.f("uq_client_location_id_phone")),
    )
    with op.batch_alter_table("client", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_client_location_id"), ["location_id"], unique=False)

    op.create_table(
        "location_chain",
        sa.Column(
            "id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            autoincrement=True,
            nullable=False,
        ),
        sa.Column(
            "location_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.Column("chain_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.ForeignKeyConstraint(
            ["chain_id"],
            ["chain.id"],
            name=op.f("fk_location_chain_chain_id_chain"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["location_id"],
            ["location.id"],
            name=op.f("fk_location_chain_location_id_location"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_location_chain")),
        sa.UniqueConstraint(
            "location_id", "chain_id", name=op.f("uq_location_chain_location_id_chain_id")
        ),
    )
    with op.batch_alter_table("location_chain", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_location_chain_chain_id"), ["chain_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_location_chain_location_id"), ["location_id"], unique=False
        )

    op.create_table(
        "membership",
        sa.Column(
            "id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            autoincrement=True,
            nullable=False,
        ),
        sa.Column("user_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column(
            "location_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.Column("role", sa.String(length=32), nullable=False),
        sa.Column(
            "rights",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=False,
        ),
        sa.Column("created_at", parlour.models.base.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["location_id"],
            ["location.id"],
            name=op.f("fk_membership_location_id_location"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["app_user.id"],
            name=op.f("fk_membership_user_id_app_user"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_membership")),
        sa.UniqueConstraint(
            "user_id", "location_id", name=op.f("uq_membership_user_id_location_id")
        ),
    )
    with op.batch_alter_table("membership", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_membership_location_id"), ["location_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_membership_user_id"), ["user_id"], unique=False)

    op.create_table(
        "position",
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
        sa.Column("created_at", parlour.models.base.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["location_id"],
            ["location.id"],
            name=op.f("fk_position_location_id_location"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_position")),
    )
    with op.batch_alter_table("position", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_position_location_id"), ["location_id"], unique=False)

    op.create_table(
        "service_category",
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
        sa.Column("api_id", sa.String(length=255), nullable=False),
        sa.Column("weight", sa.Integer(), nullable=False),
        sa.Column("created_at", parlour.models.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", parlour.models.base.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["location_id"],
            ["location.id"],
            name=op.f("fk_service_category_location_id_location"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_service_category")),
    )
    with op.batch_alter_table("service_category", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_service_category_location_id"), ["location_id"], unique=False
        )

    op.create_table(
        "service",
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
            "category_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=True
        ),
        sa.Column("title", sa.String(length=255), nullable=False),
        sa.Column("booking_title", sa.String(length=255), nullable=False),
        sa.Column("comment", sa.Text(), nullable=False),
        sa.Column("price_min", sa.Float(), nullable=False),
        sa.Column("price_max", sa.Float(), nullable=False),
        sa.Column("discount", sa.Float(), nullable=False),
        sa.Column("duration", sa.Integer(), nullable=False),
        sa.Column("technical_break_duration", sa.Integer(), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("is_online", sa.Boolean(), nullable=False),
        sa.Column("weight", sa.Integer(), nullable=False),
        sa.Column("api_id", sa.String(length=255), nullable=False),
        sa.Column("deleted", sa.Boolean(), nullable=False),
        sa.Column("created_at", parlour.models.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", parlour.models.base.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["category_id"],
            ["service_category.id"],
            name=op.f("fk_service_category_id_service_category"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["location_id"],
            ["location.id"],
            name=op.f("fk_service_location_id_location"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_service")),
    )
    with op.batch_alter_table("service", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_service_category_id"), ["category_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_service_location_id"), ["location_id"], unique=False)

    op.create_table(
        "team_member",
        sa.Column(
            "id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            autoincrement=True,
            nullable=False,
        ),
        sa.Column(
            "location_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.Column("name", sa.String(length=255), nullable=False),
        sa.Column("specialization", sa.String(length=255), nullable=False),
        sa.Column(
            "position_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=True
        ),
        sa.Column("avatar", sa.String(length=1024), nullable=False),
        sa.Column("information", sa.Text(), nullable=False),
        sa.Column("rating", sa.Float(), nullable=False),
        sa.Column("bookable", sa.Boolean(), nullable=False),
        sa.Column("fired", sa.Boolean(), nullable=False),
        sa.Column("hidden", sa.Boolean(), nullable=False),
        sa.Column("deleted", sa.Boolean(), nullable=False),
        sa.Column("weight", sa.Integer(), nullable=False),
        sa.Column("api_id", sa.String(length=255), nullable=False),
        sa.Column("created_at", parlour.models.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", parlour.models.base.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["location_id"],
            ["location.id"],
            name=op.f("fk_team_member_location_id_location"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["position_id"],
            ["position.id"],
            name=op.f("fk_team_member_position_id_position"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_team_member")),
    )
    with op.batch_alter_table("team_member", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_team_member_location_id"), ["location_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_team_member_position_id"), ["position_id"], unique=False
        )

    op.create_table(
        "visit",
        sa.Column(
            "id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            autoincrement=True,
            nullable=False,
        ),
        sa.Column(
            "location_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.Column("client_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=True),
        sa.Column("visit_date", sa.Date(), nullable=False),
        sa.Column("attendance", sa.Integer(), nullable=False),
        sa.Column("comment", sa.Text(), nullable=False),
        sa.Column("created_at", parlour.models.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", parlour.models.base.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["client_id"],
            ["client.id"],
            name=op.f("fk_visit_client_id_client"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["location_id"],
            ["location.id"],
            name=op.f("fk_visit_location_id_location"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_visit")),
    )
    with op.batch_alter_table("visit", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_visit_client_id"), ["client_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_visit_location_id"), ["location_id"], unique=False)

    op.create_table(
        "record",
        sa.Column(
            "id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            autoincrement=True,
            nullable=False,
        ),
        sa.Column(
            "location_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.Column("staff_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("client_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=True),
        sa.Column("visit_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=True),
        sa.Column("start_at", parlour.models.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("end_at", parlour.models.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("seance_length", sa.Integer(), nullable=False),
        sa.Column("technical_break_duration", sa.Integer(), nullable=False),
        sa.Column("attendance", sa.Integer(), nullable=False),
        sa.Column("confirmed", sa.Boolean(), nullable=False),
        sa.Column("comment", sa.Text(), nullable=False),
        sa.Column("api_id", sa.String(length=255), nullable=False),
        sa.Column("custom_color", sa.String(length=32), nullable=False),
        sa.Column("online", sa.Boolean(), nullable=False),
        sa.Column("sms_remain_hours", sa.Integer(), nullable=False),
        sa.Column("email_remain_hours", sa.Integer(), nullable=False),
        sa.Column(
            "custom_fields",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=False,
        ),
        sa.Column("record_hash", sa.String(length=64), nullable=False),
        sa.Column("exclusive", sa.Boolean(), nullable=False),
        sa.Column("deleted", sa.Boolean(), nullable=False),
        sa.Column("created_at", parlour.models.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", parlour.models.base.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["client_id"],
            ["client.id"],
            name=op.f("fk_record_client_id_client"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["location_id"],
            ["location.id"],
            name=op.f("fk_record_location_id_location"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["staff_id"],
            ["team_member.id"],
            name=op.f("fk_record_staff_id_team_member"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["visit_id"], ["visit.id"], name=op.f("fk_record_visit_id_visit"), ondelete="SET NULL"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_record")),
    )
    with op.batch_alter_table("record", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_record_client_id"), ["client_id"], unique=False)
        batch_op.create_index("ix_record_location_start", ["location_id", "start_at"], unique=False)
        batch_op.create_index(
            "ix_record_location_updated", ["location_id", "updated_at"], unique=False
        )
        batch_op.create_index("ix_record_staff_start", ["staff_id", "start_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_record_visit_id"), ["visit_id"], unique=False)

    op.create_table(
        "schedule_day",
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
        sa.Column("day_date", sa.Date(), nullable=False),
        sa.Column(
            "slots",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=False,
        ),
        sa.Column("updated_at", parlour.models.base.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["location_id"],
            ["location.id"],
            name=op.f("fk_schedule_day_location_id_location"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["team_member_id"],
            ["team_member.id"],
            name=op.f("fk_schedule_day_team_member_id_team_member"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_schedule_day")),
        sa.UniqueConstraint(
            "team_member_id", "day_date", name=op.f("uq_schedule_day_team_member_id_day_date")
        ),
    )
    with op.batch_alter_table("schedule_day", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_schedule_day_location_id"), ["location_id"], unique=False
        )

    op.create_table(
        "service_team_member",
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
            "service_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.Column(
            "team_member_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.Column("length", sa.Integer(), nullable=False),
        sa.Column("price", sa.Float(), nullable=True),
        sa.Column("technological_card_id", sa.Integer(), nullable=True),
        sa.Column("api_id", sa.String(length=255), nullable=False),
        sa.Column("is_online", sa.Boolean(), nullable=False),
        sa.Column("is_offline_records_allowed", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["location_id"],
            ["location.id"],
            name=op.f("fk_service_team_member_location_id_location"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["service_id"],
            ["service.id"],
            name=op.f("fk_service_team_member_service_id_service"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["team_member_id"],
            ["team_member.id"],
            name=op.f("fk_service_team_member_team_member_id_team_member"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_service_team_member")),
        sa.UniqueConstraint(
            "service_id",
            "team_member_id",
            name=op.f("uq_service_team_member_service_id_team_member_id"),
        ),
    )
    with op.batch_alter_table("service_team_member", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_service_team_member_location_id"), ["location_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_service_team_member_service_id"), ["service_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_service_team_member_team_member_id"), ["team_member_id"], unique=False
        )

    op.create_table(
        "record_service",
        sa.Column(
            "id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            autoincrement=True,
            nullable=False,
        ),
        sa.Column(
            "record_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.Column(
            "service_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.Column("amount", sa.Integer(), nullable=False),
        sa.Column("first_cost", sa.Float(), nullable=False),
        sa.Column("discount", sa.Float(), nullable=False),
        sa.Column("cost", sa.Float(), nullable=False),
        sa.ForeignKeyConstraint(
            ["record_id"],
            ["record.id"],
            name=op.f("fk_record_service_record_id_record"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["service_id"],
            ["service.id"],
            name=op.f("fk_record_service_service_id_service"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_record_service")),
    )
    with op.batch_alter_table("record_service", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_record_service_record_id"), ["record_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_record_service_service_id"), ["service_id"], unique=False
        )

    op.create_table(
        "custom_field",
        sa.Column(
            "id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            autoincrement=True,
            nullable=False,
        ),
        sa.Column(
            "location_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.Column("category", sa.String(length=32), nullable=False),
        sa.Column("code", sa.String(length=64), nullable=False),
        sa.Column("title", sa.String(length=255), nullable=False),
        sa.Column("type", sa.String(length=32), nullable=False),
        sa.Column(
            "values",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=False,
        ),
        sa.Column("user_can_edit", sa.Boolean(), nullable=False),
        sa.Column("show_in_ui", sa.Boolean(), nullable=False),
        sa.Column("weight", sa.Integer(), nullable=False),
        sa.Column("created_at", parlour.models.base.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["location_id"],
            ["location.id"],
            name=op.f("fk_custom_field_location_id_location"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_custom_field")),
        sa.UniqueConstraint(
            "location_id",
            "category",
            "code",
            name=op.f("uq_custom_field_location_id_category_code"),
        ),
    )
    with op.batch_alter_table("custom_field", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_custom_field_location_id"), ["location_id"], unique=False
        )
    create_overlap_guard()


def downgrade() -> None:
    drop_overlap_guard()
    with op.batch_alter_table("custom_field", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_custom_field_location_id"))

    op.drop_table("custom_field")
    # ### commands auto generated by Alembic - please adjust! ###
    with op.batch_alter_table("record_service", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_record_service_service_id"))
        batch_op.drop_index(batch_op.f("ix_record_service_record_id"))

    op.drop_table("record_service")
    with op.batch_alter_table("service_team_member", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_service_team_member_team_member_id"))
        batch_op.drop_index(batch_op.f("ix_service_team_member_service_id"))
        batch_op.drop_index(batch_op.f("ix_service_team_member_location_id"))

    op.drop_table("service_team_member")
    with op.batch_alter_table("schedule_day", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_schedule_day_location_id"))

    op.drop_table("schedule_day")
    with op.batch_alter_table("record", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_record_visit_id"))
        batch_op.drop_index("ix_record_staff_start")
        batch_op.drop_index("ix_record_location_updated")
        batch_op.drop_index("ix_record_location_start")
        batch_op.drop_index(batch_op.f("ix_record_client_id"))

    op.drop_table("record")
    with op.batch_alter_table("visit", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_visit_location_id"))
        batch_op.drop_index(batch_op.f("ix_visit_client_id"))

    op.drop_table("visit")
    with op.batch_alter_table("team_member", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_team_member_position_id"))
        batch_op.drop_index(batch_op.f("ix_team_member_location_id"))

    op.drop_table("team_member")
    with op.batch_alter_table("service", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_service_location_id"))
        batch_op.drop_index(batch_op.f("ix_service_category_id"))

    op.drop_table("service")
    with op.batch_alter_table("service_category", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_service_category_location_id"))

    op.drop_table("service_category")
    with op.batch_alter_table("position", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_position_location_id"))

    op.drop_table("position")
    with op.batch_alter_table("membership", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_membership_user_id"))
        batch_op.drop_index(batch_op.f("ix_membership_location_id"))

    op.drop_table("membership")
    with op.batch_alter_table("location_chain", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_location_chain_location_id"))
        batch_op.drop_index(batch_op.f("ix_location_chain_chain_id"))

    op.drop_table("location_chain")
    with op.batch_alter_table("client", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_client_location_id"))

    op.drop_table("client")
    with op.batch_alter_table("booking_form", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_booking_form_location_id"))

    op.drop_table("booking_form")
    with op.batch_alter_table("location", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_location_main_group_id"))

    op.drop_table("location")
    op.drop_table("partner")
    op.drop_table("chain")
    op.drop_table("app_user")


# No two exclusive, live records of one team member may overlap. The rule lives in the
# database so that it holds across processes and whatever the concurrency:
# - PostgreSQL: an exclusion constraint over tstzrange(start_at, end_at) per staff_id
#   (btree_gist gives GiST the "=" on staff_id). Chosen over a row lock per team member
#   because it cannot be forgotten by any code path, bulk imports included, and costs one
#   index probe per insert.
# - SQLite: triggers that abort an insert or update that would overlap. SQLite runs one
#   writer at a time and the trigger reads the newest data under the write lock, so the
#   check and the write are atomic.
SQLITE_GUARD = """
CREATE TRIGGER record_no_overlap_{op} BEFORE {OP} ON record
WHEN NEW.exclusive AND NOT NEW.deleted
BEGIN
    SELECT RAISE(ABORT, 'record_no_overlap: the team member is busy at that time')
    WHERE EXISTS (
        SELECT 1 FROM record AS r
        WHERE r.staff_id = NEW.staff_id AND r.id IS NOT NEW.id
          AND r.exclusive AND NOT r.deleted
          AND r.start_at < NEW.end_at AND NEW.start_at < r.end_at
    );
END
"""


def create_overlap_guard() -> None:
    bind = op.get_bind()
    if bind.dialect.name == "postgresql":
        op.execute("CREATE EXTENSION IF NOT EXISTS btree_gist")
        op.execute(
            "ALTER TABLE record ADD CONSTRAINT record_no_overlap EXCLUDE USING gist "
            "(staff_id WITH =, tstzrange(start_at, end_at, '[)') WITH &&) "
            "WHERE (exclusive AND NOT deleted)"
        )
    elif bind.dialect.name == "sqlite":
        op.execute(SQLITE_GUARD.format(op="insert", OP="INSERT"))
        op.execute(SQLITE_GUARD.format(op="update", OP="UPDATE"))


def drop_overlap_guard() -> None:
    bind = op.get_bind()
    if bind.dialect.name == "postgresql":
        op.execute("ALTER TABLE record DROP CONSTRAINT IF EXISTS record_no_overlap")
    elif bind.dialect.name == "sqlite":
        op.execute("DROP TRIGGER IF EXISTS record_no_overlap_insert")
        op.execute("DROP TRIGGER IF EXISTS record_no_overlap_update")
