"""Salary: a location's salary schemes (their rules), the schemes assigned to team members for
a span of dates, and payroll calculations (frozen: the items they were calculated from are kept
as they were then, so a later change of a scheme shows as a discrepancy, never a rewrite).

What a team member earned is computed from the ledgers (records, visits, their sale documents
and payments); what they were paid is the money ledger (finance lines of expense item 3 naming
the team member). Nothing here stores a balance.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import Boolean, Date, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from parlour.kit.timeutil import utcnow
from parlour.models.base import Base, JSONType, MoneyType, fk, id_column

# What a rule applies to: one service, the services of one category, one product; target id 0
# of "service" or "good" is the default for every service or every product.
TARGET_SERVICE = "service"
TARGET_CATEGORY = "category"
TARGET_GOOD = "good"
# How a rule counts: a percent of the item's base, or a fixed sum per unit sold.
PERCENT = "percent"
FIXED = "fixed"
# The base of a percent: the item's cost before any discount, or its net cost.
BASE_COST = "cost"
BASE_NET_COST = "net_cost"


class SalaryScheme(Base):
    __tablename__ = "salary_scheme"

    id: Mapped[int] = id_column()
    location_id: Mapped[int] = fk("location.id")
    title: Mapped[str] = mapped_column(String(255))
    deleted: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class SalarySchemeRule(Base):
    """One rule of a scheme (the most specific rule matching an item wins: a service's or a
    product's own, then the service's category, then the default of its kind)."""

    __tablename__ = "salary_scheme_rule"

    id: Mapped[int] = id_column()
    location_id: Mapped[int] = fk("location.id")
    scheme_id: Mapped[int] = fk("salary_scheme.id")
    target_type: Mapped[str] = mapped_column(String(16))
    target_id: Mapped[int] = mapped_column(Integer, default=0)
    type_slug: Mapped[str] = mapped_column(String(16), default=PERCENT)
    value: Mapped[Decimal] = mapped_column(MoneyType, default=Decimal(0))
    base: Mapped[str] = mapped_column(String(16), default=BASE_COST)


class SalarySchemeAssignment(Base):
    """A scheme applied to a team member from ``date_start`` to ``date_end`` (inclusive; no end:
    open). On a day several cover, the one that started last applies."""

    __tablename__ = "salary_scheme_assignment"
    __table_args__ = (Index("ix_salary_scheme_assignment_member", "location_id", "team_member_id"),)

    id: Mapped[int] = id_column()
    location_id: Mapped[int] = fk("location.id", index=False)
    team_member_id: Mapped[int] = fk("team_member.id")
    scheme_id: Mapped[int] = fk("salary_scheme.id")
    date_start: Mapped[date] = mapped_column(Date)
    date_end: Mapped[date | None] = mapped_column(Date, nullable=True)
    deleted: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class PayrollCalculation(Base):
    """A confirmed payroll calculation of a team member for a span of dates: the amount accrued
    and the items it was calculated from, frozen as JSON (each with its costs, how it was paid,
    the rule applied and that rule's values then)."""

    __tablename__ = "payroll_calculation"
    __table_args__ = (Index("ix_payroll_calculation_member", "location_id", "team_member_id"),)

    id: Mapped[int] = id_column()
    location_id: Mapped[int] = fk("location.id", index=False)
    team_member_id: Mapped[int] = fk("team_member.id")
    amount: Mapped[Decimal] = mapped_column(MoneyType, default=Decimal(0))
    status: Mapped[str] = mapped_column(String(16), default="confirmed")
    date_from: Mapped[date] = mapped_column(Date)
    date_to: Mapped[date] = mapped_column(Date)
    # The location's local date the calculation was made: the day the amount is accrued.
    date_create: Mapped[date] = mapped_column(Date)
    comment: Mapped[str] = mapped_column(Text, default="")
    items: Mapped[list[dict[str, Any]]] = mapped_column(JSONType, default=list)
    user_id: Mapped[int | None] = mapped_column(Integer, nullable=True)
    deleted: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
