"""The analytics' query parameters: a period of local days and whose work it covers."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Annotated

from fastapi import Query

from parlour.errors import ValidationFailed
from parlour.kit.ids import MAX_ID, QueryId
from parlour.kit.query import optional_date

DateText = Annotated[str, Query(max_length=32)]


def _day(value: str, field: str) -> date:
    day = optional_date(value, field, lenient=True)
    if day is None:
        raise ValidationFailed.field(field, "is required")
    return day


@dataclass(frozen=True, slots=True)
class OverallQuery:
    """``date_from``..``date_to`` and an optional team member (``team_member_id``, or the
    legacy ``staff_id``; both given must agree), position or user."""

    date_from: date
    date_to: date
    staff_id: int | None
    position_id: int | None
    user_id: int | None


async def overall_query(
    date_from: DateText,
    date_to: DateText,
    team_member_id: QueryId = None,
    staff_id: QueryId = None,
    position_id: QueryId = None,
    user_id: QueryId = None,
) -> OverallQuery:
    if team_member_id and staff_id and team_member_id != staff_id:
        raise ValidationFailed.field("team_member_id", "differs from staff_id")
    return OverallQuery(
        _day(date_from, "date_from"),
        _day(date_to, "date_to"),
        team_member_id or staff_id,
        position_id,
        user_id,
    )


@dataclass(frozen=True, slots=True)
class ProgramQuery:
    date_from: date
    date_to: date
    loyalty_program_id: int


async def program_query(
    date_from: DateText,
    date_to: DateText,
    loyalty_program_id: Annotated[int, Query(ge=1, le=MAX_ID)],
) -> ProgramQuery:
    return ProgramQuery(_day(date_from, "date_from"), _day(date_to, "date_to"), loyalty_program_id)
