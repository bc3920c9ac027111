"""Event schedules (upstream "Schedule & Resources": /company/{location_id}/schedules/...) and
client series (upstream "Appointments": .../schedules/{schedule_id}/client_schedules/...)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Path, Response
from fastapi.responses import JSONResponse

from parlour.deps import (
    AccessDep,
    ClientScheduleDep,
    EventScheduleDep,
    LocationDep,
    ScheduleDayDep,
    SessionDep,
    needs,
)
from parlour.event_schedules import service
from parlour.event_schedules.schemas import (
    ClientScheduleCreate,
    ClientScheduleUpdate,
    DayUpdate,
    DayWrite,
    ScheduleCreate,
    ScheduleUpdate,
)
from parlour.kit.envelope import ok, ok_list
from parlour.kit.ids import PathId
from parlour.kit.query import include_list

router = APIRouter(tags=["Schedule & Resources"])

Include = Annotated[
    frozenset[str],
    Depends(
        include_list(
            (
                "days",
                "days.events_master",
                "days.events_labels",
                "days.events_resource_instances",
                "events_master",
                "events_labels",
                "events_resource_instances",
                "events",
            )
        )
    ),
]
_NOTE = (
    "Times are ISO 8601 with the location's offset; a series puts its events at its local "
    "wall time on each date, so the UTC time moves across DST changes. include is accepted; "
    "the answer always carries the days with their masters, tags, instances and events. "
)


@router.get(
    "/company/{location_id}/schedules/search/{entity_type}/{entity_id}",
    dependencies=[needs("timetable_access")],
    summary="Search event schedules by event",
    openapi_extra={
        "x-parlour-note": _NOTE + "entity_type record answers 422 (appointments are not "
        "scheduled, as upstream says); a schedule is found by its original event or any "
        "event it made."
    },
)
async def search_timetable_event_schedules_by_event(
    session: SessionDep,
    location: LocationDep,
    entity_type: Annotated[str, Path(max_length=32)],
    entity_id: PathId,
    include: Include,
) -> JSONResponse:
    del include
    schedule = await service.find_schedule(session, location, entity_type, entity_id)
    return ok(await service.render_schedule(session, location, schedule), {})


@router.post(
    "/company/{location_id}/schedules",
    dependencies=[needs("timetable_access")],
    status_code=201,
    summary="Create event schedule",
    openapi_extra={
        "x-parlour-note": _NOTE + "Only activity can be the original (record: 422). Each "
        "date is placed on its own: a busy member or instance makes that date failed, the "
        "others are created. date_end at most 366 days after the original's date."
    },
)
async def create_timetable_event_schedule(
    access: AccessDep,
    session: SessionDep,
    location: LocationDep,
    body: ScheduleCreate,
    include: Include,
) -> JSONResponse:
    del include
    schedule = await service.create_schedule(session, location, access, body)
    return ok(await service.render_schedule(session, location, schedule), {}, status_code=201)


@router.patch(
    "/company/{location_id}/schedules/{schedule_id}",
    dependencies=[needs("timetable_access")],
    summary="Update event schedule",
    openapi_extra={
        "x-parlour-note": "A later date_end adds dates to every series; an earlier one "
        "removes the events after it that have not started (with their seats)."
    },
)
async def update_timetable_event_schedule(
    access: AccessDep,
    session: SessionDep,
    location: LocationDep,
    schedule: EventScheduleDep,
    body: ScheduleUpdate,
) -> JSONResponse:
    await service.update_schedule(session, location, access, schedule, body)
    return ok(await service.render_schedule(session, location, schedule), {})


@router.delete(
    "/company/{location_id}/schedules/{schedule_id}",
    dependencies=[needs("timetable_access")],
    status_code=204,
    summary="Delete event schedule",
    openapi_extra={
        "x-parlour-note": "Removes the schedule and its future events with their seats; "
        "events that already took place stay. 204 without a body."
    },
)
async def delete_timetable_event_schedule(
    access: AccessDep, session: SessionDep, location: LocationDep, schedule: EventScheduleDep
) -> Response:
    await service.delete_schedule(session, location, access, schedule)
    return Response(status_code=204)


@router.post(
    "/company/{location_id}/schedules/{schedule_id}/days",
    dependencies=[needs("timetable_access")],
    status_code=201,
    summary="Create schedule series",
    openapi_extra={"x-parlour-note": _NOTE + "One series per day of the week."},
)
async def create_timetable_schedule_day(
    access: AccessDep,
    session: SessionDep,
    location: LocationDep,
    schedule: EventScheduleDep,
    body: DayWrite,
    include: Include,
) -> JSONResponse:
    del include
    day = await service.add_day(session, location, access, schedule, body)
    return ok(await service.render_day(session, location, day), {}, status_code=201)


@router.patch(
    "/company/{location_id}/schedules/{schedule_id}/days/{day_id}",
    dependencies=[needs("timetable_access")],
    summary="Update schedule series",
    openapi_extra={
        "x-parlour-note": _NOTE + "Applies to future events only. An event changed by hand "
        "keeps its change (event_status changed) unless force (changed_by_force); a date "
        "that cannot take the new settings is failed and keeps its event."
    },
)
async def update_timetable_schedule_day(
    access: AccessDep,
    session: SessionDep,
    location: LocationDep,
    schedule: EventScheduleDep,
    day: ScheduleDayDep,
    body: DayUpdate,
    include: Include,
) -> JSONResponse:
    del include
    await service.update_day(session, location, access, schedule, day, body)
    return ok(await service.render_day(session, location, day), {})


@router.delete(
    "/company/{location_id}/schedules/{schedule_id}/days/{day_id}",
    dependencies=[needs("timetable_access")],
    status_code=204,
    summary="Delete schedule series",
    openapi_extra={"x-parlour-note": "Future events of the series go; past ones stay."},
)
async def delete_timetable_schedule_day(
    access: AccessDep, session: SessionDep, location: LocationDep, day: ScheduleDayDep
) -> Response:
    await service.delete_day(session, location, access, day)
    return Response(status_code=204)


@router.get(
    "/company/{location_id}/schedules/{schedule_id}/days/{day_id}/events",
    dependencies=[needs("timetable_access")],
    summary="List schedule series events",
    openapi_extra={
        "x-parlour-note": "Every date of the series with its status: created, stable, "
        "changed (by hand), changed_by_force, deleted or failed (failure_reason says why)."
    },
)
async def list_timetable_schedule_day_events(
    session: SessionDep, location: LocationDep, day: ScheduleDayDep
) -> JSONResponse:
    return ok_list(await service.render_day_events(session, location, day))


@router.post(
    "/company/{location_id}/schedules/{schedule_id}/client_schedules",
    dependencies=[needs("timetable_access")],
    status_code=201,
    tags=["Appointments"],
    summary="Create client schedule",
    openapi_extra={
        "x-parlour-note": "The client takes a seat in every future event of the chosen "
        "series days. Each date is checked on its own (capacity, the client busy at that "
        "time): a date that fails is reported in days[].events[] with event_status failed "
        "and failure_reason, the others are booked."
    },
)
async def create_timetable_client_schedule(
    access: AccessDep,
    session: SessionDep,
    location: LocationDep,
    schedule: EventScheduleDep,
    body: ClientScheduleCreate,
) -> JSONResponse:
    cs = await service.create_client_schedule(session, location, access, schedule, body)
    data = await service.render_client_schedule(session, location, schedule, cs)
    return ok(data, {}, status_code=201)


@router.patch(
    "/company/{location_id}/schedules/{schedule_id}/client_schedules/{client_schedule_id}",
    dependencies=[needs("timetable_access")],
    tags=["Appointments"],
    summary="Update client schedule",
    openapi_extra={
        "x-parlour-note": "Attaches or detaches series days: seats in future events are "
        "taken or given back, each date checked on its own."
    },
)
async def update_timetable_client_schedule(
    access: AccessDep,
    session: SessionDep,
    location: LocationDep,
    schedule: EventScheduleDep,
    cs: ClientScheduleDep,
    body: ClientScheduleUpdate,
) -> JSONResponse:
    await service.update_client_schedule(session, location, access, schedule, cs, body)
    return ok(await service.render_client_schedule(session, location, schedule, cs), {})


@router.delete(
    "/company/{location_id}/schedules/{schedule_id}/client_schedules/{client_schedule_id}",
    dependencies=[needs("timetable_access")],
    status_code=204,
    tags=["Appointments"],
    summary="Delete client schedule",
    openapi_extra={"x-parlour-note": "Gives back the client's seats in future events."},
)
async def delete_timetable_client_schedule(
    access: AccessDep, session: SessionDep, location: LocationDep, cs: ClientScheduleDep
) -> Response:
    await service.delete_client_schedule(session, location, access, cs)
    return Response(status_code=204)
