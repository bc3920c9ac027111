"""Declarative base, naming convention and column types shared by every table."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import JSON, BigInteger, DateTime, Integer, MetaData, Numeric, TypeDecorator
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class UTCDateTime(TypeDecorator[datetime]):
    """Aware datetimes in, aware UTC datetimes out, on every backend.

    PostgreSQL keeps ``timestamptz``; SQLite keeps naive UTC text, which still sorts correctly.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTCDateTime column")
        value = value.astimezone(UTC)
        if dialect.name == "sqlite":
            return value.replace(tzinfo=None)
        return value

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)


# JSONB on PostgreSQL, JSON text elsewhere.
JSONType = JSON().with_variant(JSONB(), "postgresql")

# Money and percentages: exact decimals, 12 digits before the point and 2 after (upstream's
# amounts are in the location's currency with cents). Quantities of goods keep 3 decimals.
# SQLite has no decimal storage and keeps these as REAL; values are read back rounded to the
# column's scale, so what comes out is the Decimal that went in (up to 15 significant digits,
# beyond NUMERIC(14, 2)'s range anyway) and sums are rounded to the cent.
MoneyType = Numeric(14, 2, asdecimal=True)
QuantityType = Numeric(14, 3, asdecimal=True)

# SQLite only auto-increments INTEGER PRIMARY KEY; PostgreSQL gets BIGINT.
IdType = BigInteger().with_variant(Integer(), "sqlite")


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)
    type_annotation_map: dict[Any, Any] = {
        datetime: UTCDateTime(),
        dict[str, Any]: JSONType,
        Decimal: MoneyType,
    }


def id_column() -> Mapped[int]:
    return mapped_column(IdType, primary_key=True, autoincrement=True)


def fk(
    target: str, *, nullable: bool = False, ondelete: str | None = "CASCADE", index: bool = True
) -> Mapped[Any]:
    """A foreign-key column of the id type."""
    from sqlalchemy import ForeignKey

    return mapped_column(
        IdType, ForeignKey(target, ondelete=ondelete), nullable=nullable, index=index
    )
