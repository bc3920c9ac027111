"""Bodies of the events section (upstream field names). Answers are built as plain dicts in
service.py: their shapes are upstream's samples, checked by the contract walk."""

from __future__ import annotations

from typing import Annotated

from pydantic import Field

from parlour.kit.ids import Id, IdOrZero
from parlour.kit.schema import ParlourModel

Short = Annotated[str, Field(max_length=255)]


class EventWrite(ParlourModel):
    """POST /activity and PUT /activity/{event_id}: the same fields (PUT is a replace)."""

    date: Annotated[str, Field(min_length=1, max_length=64)]
    service_id: Id
    staff_id: Id
    capacity: Annotated[int, Field(ge=1, le=10_000)]
    resource_instance_ids: Annotated[list[Id], Field(max_length=100)] = []
    # Upstream marks force required; a body without it is read as false.
    force: bool = False
    length: Annotated[int, Field(ge=300, le=86_400)] | None = None
    color: Annotated[str, Field(max_length=32)] = ""
    font_color: Annotated[str, Field(max_length=32)] = ""
    instructions: Annotated[str, Field(max_length=10_000)] = ""
    stream_link: Annotated[str, Field(max_length=1024)] = ""
    comment: Annotated[str, Field(max_length=10_000)] = ""
    label_ids: Annotated[list[Id], Field(max_length=100)] = []


class EventBook(ParlourModel):
    """POST /activity/{location_id}/{event_id}/book (public)."""

    fullname: Short = ""
    phone: Annotated[str, Field(max_length=64)] = ""
    email: Short = ""
    code: Annotated[str, Field(max_length=16)] | Annotated[int, Field(ge=0, le=10**12)] | None = (
        None
    )
    comment: Annotated[str, Field(max_length=10_000)] = ""
    notify_by_sms: Annotated[int, Field(ge=0, le=10_000)] = 0
    notify_by_email: Annotated[int, Field(ge=0, le=10_000)] = 0
    type: Short = ""
    api_id: Annotated[str, Field(max_length=255)] | IdOrZero = ""
    clients_count: Annotated[int, Field(ge=1, le=10_000)] = 1


class StrategyWrite(ParlourModel):
    """POST /activity/{location_id}/duplication_strategy[/{strategy_id}]."""

    title: Annotated[str, Field(min_length=1, max_length=255)]
    repeat_mode_id: Annotated[int, Field(ge=1, le=7)]
    days: Annotated[list[Annotated[int, Field(ge=0, le=6)]], Field(max_length=7)] = []
    interval: Annotated[int, Field(ge=0, le=1000)] = 0
    content_type: Annotated[int, Field(ge=1, le=2)] = 1


class DuplicateRequest(ParlourModel):
    """POST /activity/{location_id}/{event_id}/duplicate, in one of three forms (blueprint):

    * ``dates``: local date-times (a bare date keeps the event's time of day);
    * ``duplication_strategy_id`` with ``from`` and ``till`` or ``count``;
    * the repeat parameters themselves (``repeat_mode_id``, ``days``, ``interval``) with the
      same bounds.

    ``hours``/``minutes`` replace the event's time of day for the generated dates;
    ``content_type`` 2 copies the event's clients into every copy.
    """

    dates: Annotated[list[Annotated[str, Field(max_length=64)]], Field(max_length=366)] | None = (
        None
    )
    duplication_strategy_id: IdOrZero = 0
    repeat_mode_id: Annotated[int, Field(ge=1, le=7)] | None = None
    days: Annotated[list[Annotated[int, Field(ge=0, le=6)]], Field(max_length=7)] = []
    interval: Annotated[int, Field(ge=0, le=1000)] = 0
    content_type: Annotated[int, Field(ge=1, le=2)] | None = None
    date_from: Annotated[str | None, Field(alias="from", max_length=64)] = None
    till: Annotated[str, Field(max_length=64)] | None = None
    count: Annotated[int, Field(ge=1, le=366)] | None = None
    hours: Annotated[int, Field(ge=0, le=23)] | None = None
    minutes: Annotated[int, Field(ge=0, le=59)] | None = None
    force: bool = False
