"""Schedule payloads: working days with wall-clock slots."""

from __future__ import annotations

from typing import Any

from pydantic import Field

from parlour.kit.ids import MAX_ID
from parlour.kit.schema import ParlourModel


class SlotIn(ParlourModel):
    # "from" is a Python keyword: the wire name is the alias.
    start: str = Field(alias="from", max_length=8)
    end: str = Field(alias="to", max_length=8)


class DayIn(ParlourModel):
    date: str = Field(max_length=32)
    is_working: bool
    slots: list[SlotIn] = Field(default_factory=list, max_length=48)


class MemberDates(ParlourModel):
    team_member_id: int = Field(ge=1, le=MAX_ID)
    dates: list[str] = Field(min_length=1, max_length=366)
    slots: list[SlotIn] = Field(default_factory=list, max_length=48)


class MemberDatesDelete(ParlourModel):
    team_member_id: int = Field(ge=1, le=MAX_ID)
    dates: list[str] = Field(min_length=1, max_length=366)


class StaffScheduleSet(ParlourModel):
    schedules_to_set: list[MemberDates] = Field(default_factory=list, max_length=500)
    schedules_to_delete: list[MemberDatesDelete] = Field(default_factory=list, max_length=500)


def slots_out(slots: list[dict[str, Any]]) -> list[dict[str, str]]:
    return [{"from": str(s["from"]), "to": str(s["to"])} for s in slots]
