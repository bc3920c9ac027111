"""Bodies of event schedules and client series (upstream field names)."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field

from parlour.kit.ids import Id, IdOrZero
from parlour.kit.schema import ParlourModel

Weekday = Literal["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
Clock = Annotated[str, Field(pattern=r"^([01]\d|2[0-3]):[0-5]\d(:[0-5]\d)?$")]
Duration = Annotated[int, Field(ge=300, le=86_400)]
Capacity = Annotated[int, Field(ge=1, le=10_000)]
Ids = Annotated[list[Id], Field(max_length=100)]


class DayWrite(ParlourModel):
    """One weekday's series: POST .../days and each item of POST /schedules ``days``."""

    day_of_week: Weekday
    events_master_id: Id
    events_time: Clock
    events_duration: Duration
    events_capacity: Capacity
    labels_ids: Ids = []
    resource_instances_ids: Ids = []


class DayUpdate(ParlourModel):
    """PATCH .../days/{day_id}: fields not sent keep their values."""

    force: bool = False
    events_master_id: Id | None = None
    events_time: Clock | None = None
    events_duration: Duration | None = None
    events_capacity: Capacity | None = None
    labels_ids: Ids | None = None
    resource_instances_ids: Ids | None = None


class ScheduleCreate(ParlourModel):
    original_entity_type: Annotated[str, Field(max_length=32)]
    original_entity_id: Id
    date_end: Annotated[str, Field(max_length=32)]
    days: Annotated[list[DayWrite], Field(min_length=1, max_length=7)]


class ScheduleUpdate(ParlourModel):
    date_end: Annotated[str, Field(max_length=32)]


class ClientScheduleCreate(ParlourModel):
    client_id: Id
    comer_id: IdOrZero | None = None
    schedule_days_ids: Annotated[list[Id], Field(min_length=1, max_length=7)]


class ClientScheduleUpdate(ParlourModel):
    schedule_days_ids: Annotated[list[Id], Field(min_length=1, max_length=7)]
