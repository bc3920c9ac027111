"""Schedules of team members, the appointment calendar, its settings and resources."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Path, Query
from fastapi.responses import JSONResponse

from parlour.booking import search
from parlour.deps import LocationDep, SessionDep, needs
from parlour.kit.envelope import ok, ok_list
from parlour.kit.ids import PathId, QueryIdOrZero
from parlour.kit.pagination import list_meta
from parlour.kit.query import id_list, include_list
from parlour.kit.timeutil import parse_date
from parlour.online_booking import service as online
from parlour.online_booking.schemas import TimetableSettingsUpdate
from parlour.schedules import service
from parlour.schedules.schemas import DayIn, StaffScheduleSet

router = APIRouter(tags=["Schedule & Resources"])

DatePath = Annotated[str, Path(max_length=32)]


StaffIds = Annotated[list[int] | None, Depends(id_list("staff_ids"))]
Include = Annotated[frozenset[str], Depends(include_list(("busy_intervals", "off_day_type")))]


# Literal path first: /company/{id}/staff/schedule must win over /company/{id}/staff/{id}.
@router.get(
    "/company/{location_id}/staff/schedule",
    dependencies=[needs("timetable_access")],
    summary="Get team member schedules",
)
async def get_staff_schedules(
    session: SessionDep,
    location: LocationDep,
    start_date: Annotated[str, Query(max_length=32)],
    end_date: Annotated[str, Query(max_length=32)],
    staff_ids: StaffIds,
    include: Include,
) -> JSONResponse:
    first, last = service.date_range(start_date, end_date)
    items = await service.staff_schedule(session, location, first, last, staff_ids, include)
    return ok_list(items, meta=list_meta(items, key="count"))


@router.put(
    "/company/{location_id}/staff/schedule",
    dependencies=[needs("schedule_edit_access")],
    summary="Set team member schedules",
)
async def set_staff_schedules(
    session: SessionDep, location: LocationDep, body: StaffScheduleSet
) -> JSONResponse:
    items = await service.set_staff_schedule(session, location, body)
    return ok_list(items, meta=list_meta(items, key="count"))


@router.get(
    "/schedule/{location_id}/{team_member_id}/{start_date}/{end_date}",
    dependencies=[needs("timetable_access")],
    summary="Get schedule of a specific team member",
)
async def get_member_schedule(
    session: SessionDep,
    location: LocationDep,
    team_member_id: PathId,
    start_date: DatePath,
    end_date: DatePath,
) -> JSONResponse:
    first, last = service.date_range(start_date, end_date)
    await service.member_of(session, location, team_member_id)
    return ok_list(await service.member_schedule(session, location, team_member_id, first, last))


@router.put(
    "/schedule/{location_id}/{team_member_id}/{start_date}/{end_date}",
    dependencies=[needs("schedule_edit_access")],
    status_code=201,
    summary="Change schedule of a specific team member",
)
async def put_member_schedule(
    session: SessionDep,
    location: LocationDep,
    team_member_id: PathId,
    start_date: DatePath,
    end_date: DatePath,
    body: list[DayIn],
) -> JSONResponse:
    first, last = service.date_range(start_date, end_date)
    items = await service.put_member_schedule(session, location, team_member_id, first, last, body)
    # Upstream documents 201 for this PUT.
    return ok_list(items, status_code=201)


@router.put(
    "/schedule/{location_id}/{team_member_id}",
    dependencies=[needs("schedule_edit_access")],
    status_code=201,
    summary="Update team member schedule (deprecated)",
    deprecated=True,
)
async def put_member_day(
    session: SessionDep, location: LocationDep, team_member_id: PathId, body: DayIn
) -> JSONResponse:
    item = await service.put_member_day(session, location, team_member_id, body)
    return ok(item, status_code=201)


@router.get(
    "/timetable/dates/{location_id}/{date}",
    dependencies=[needs("timetable_access")],
    summary="Get appointment calendar dates",
)
async def get_calendar_dates(
    session: SessionDep,
    location: LocationDep,
    date: DatePath,
    staff_id: QueryIdOrZero = 0,
) -> JSONResponse:
    day = parse_date(date, "date")
    return ok_list(await service.calendar_dates(session, location, day, staff_id or None))


@router.get(
    "/timetable/seances/{location_id}/{team_member_id}/{date}",
    dependencies=[needs("timetable_access")],
    summary="Get appointment calendar sessions",
)
async def get_calendar_seances(
    session: SessionDep, location: LocationDep, team_member_id: PathId, date: DatePath
) -> JSONResponse:
    day = parse_date(date, "date")
    return ok_list(await service.seances(session, location, team_member_id, day))


@router.get(
    "/company/{location_id}/settings/timetable",
    dependencies=[needs("settings_access")],
    summary="Get appointment calendar settings",
)
async def get_timetable_settings(session: SessionDep, location: LocationDep) -> JSONResponse:
    row = await search.settings_of(session, location.id)
    return ok(online.timetable_settings_view(row))


@router.patch(
    "/company/{location_id}/settings/timetable",
    dependencies=[needs("settings_access")],
    summary="Update appointment calendar settings",
)
async def update_timetable_settings(
    session: SessionDep, location: LocationDep, body: TimetableSettingsUpdate
) -> JSONResponse:
    row = await online.update_timetable_settings(session, location, body)
    return ok(online.timetable_settings_view(row))


@router.get(
    "/resources/{location_id}",
    dependencies=[needs("timetable_access")],
    summary="Get resources of a location",
)
async def get_resources(session: SessionDep, location: LocationDep) -> JSONResponse:
    items = await service.resources(session, location)
    return ok_list(items, meta=list_meta(items, key="count"))
