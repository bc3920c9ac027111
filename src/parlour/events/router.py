"""Group events (upstream "Events"): /activity/{location_id}/..., and the public seat booking
POST /activity/{location_id}/{event_id}/book (upstream "Online Booking")."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query
from fastapi.responses import JSONResponse

from parlour.deps import (
    AccessDep,
    EventDep,
    LocationDep,
    PublicEventDep,
    PublicLocationDep,
    RecordSourceDep,
    SessionDep,
    needs,
)
from parlour.events import repository as repo
from parlour.events import service
from parlour.events.schemas import DuplicateRequest, EventBook, EventWrite, StrategyWrite
from parlour.kit.envelope import ok, ok_list, saved
from parlour.kit.ids import PathId, QueryId
from parlour.kit.pagination import list_meta, page_of
from parlour.kit.query import id_list

router = APIRouter(tags=["Events"])

DayText = Annotated[str, Query(max_length=32)]
Term = Annotated[str, Query(max_length=255)]
PageNo = Annotated[int | None, Query(ge=1, le=1_000_000)]
ServiceIds = Annotated[list[int] | None, Depends(id_list("service_ids"))]
StaffIds = Annotated[list[int] | None, Depends(id_list("staff_ids"))]
ResourceIds = Annotated[list[int] | None, Depends(id_list("resource_ids"))]

_TIMES = (
    "date accepts ISO 8601 with an offset and the legacy 'YYYY-MM-DD HH:MM[:SS]' (read in the "
    "location's time zone); answers carry ISO 8601 with the offset. "
)


async def _query(
    service_ids: ServiceIds, staff_ids: StaffIds, resource_ids: ResourceIds
) -> service.SearchQuery:
    return service.SearchQuery(
        service_ids=service_ids, staff_ids=staff_ids, resource_ids=resource_ids
    )


QueryDep = Annotated[service.SearchQuery, Depends(_query)]


@router.post(
    "/activity/{location_id}",
    dependencies=[needs("timetable_access")],
    summary="Create a group event",
    openapi_extra={
        "x-parlour-note": _TIMES + "The event holds its team member and resource instances "
        "like an appointment: a busy member or instance is 409 naming the conflicting time "
        "unless force, which saves it over the busy time. length defaults to the member's "
        "length for the service. Upstream answers 200 here."
    },
)
async def create_event(
    access: AccessDep, session: SessionDep, location: LocationDep, body: EventWrite
) -> JSONResponse:
    event = await service.create_event(session, location, access, body)
    return ok(await service.render_one(session, location, event))


# Literal paths before /activity/{location_id}/{event_id}.
@router.get(
    "/activity/{location_id}/search",
    summary="Search events",
    openapi_extra={
        "x-parlour-note": "from and till are local days (YYYY-MM-DD), both included; "
        "resource_ids names resources, matching events that hold one of their instances; "
        "labels is a list of tag objects."
    },
)
async def search_events(
    session: SessionDep,
    location: PublicLocationDep,
    query: QueryDep,
    from_: Annotated[str, Query(alias="from", max_length=32)],
    till: DayText,
    page: PageNo = None,
    count: Annotated[int | None, Query(ge=1, le=1000)] = None,
) -> JSONResponse:
    query.start, query.end = service.day_bounds(from_, till)
    paging = page_of(page, count, default=25, maximum=1000)
    data, total = await service.search(
        session, location, query, offset=paging.offset, limit=paging.count
    )
    return ok(data, list_meta(total, paging))


@router.get("/activity/{location_id}/search_dates", summary="Search event dates")
async def search_event_dates(
    session: SessionDep,
    location: PublicLocationDep,
    query: QueryDep,
    from_: Annotated[str, Query(alias="from", max_length=32)],
    till: DayText,
) -> JSONResponse:
    query.start, query.end = service.day_bounds(from_, till)
    return ok(await service.search_dates(session, location, query))


@router.get(
    "/activity/{location_id}/search_dates_range",
    summary="Get event date range",
    openapi_extra={
        "x-parlour-note": "The first and last local day with a live event from today on; "
        "null when there is none."
    },
)
async def get_event_date_range(
    session: SessionDep, location: PublicLocationDep, query: QueryDep
) -> JSONResponse:
    return ok(await service.search_dates_range(session, location, query), {})


@router.get(
    "/activity/{location_id}/filters",
    summary="Get event search filters",
    openapi_extra={
        "x-parlour-note": "Lists the members, services, resources and service categories of "
        "live events from today on; is_disabled when no event matches the item together "
        "with the other filters given."
    },
)
async def get_event_search_filters(
    session: SessionDep, location: PublicLocationDep, query: QueryDep
) -> JSONResponse:
    data = await service.filters(session, location, query)
    return ok_list(data)


@router.get(
    "/activity/{location_id}/services",
    summary="Search event services",
    openapi_extra={
        "x-parlour-note": "Group services are the services with a capacity above 0; term "
        "matches part of the title, case-insensitively. A partner token is enough."
    },
)
async def search_event_services(
    session: SessionDep,
    location: PublicLocationDep,
    staff_id: QueryId = None,
    term: Term = "",
) -> JSONResponse:
    data = await service.group_services(session, location, staff_id, term)
    return ok_list(data)


@router.get(
    "/activity/{location_id}/duplication_strategy",
    dependencies=[needs("timetable_access")],
    summary="List event duplication strategies",
)
async def list_event_duplication_strategies(
    session: SessionDep, location: LocationDep
) -> JSONResponse:
    rows = await repo.strategies(session, location.id)
    data = [service.render_strategy(r) for r in rows]
    return ok_list(data)


@router.post(
    "/activity/{location_id}/duplication_strategy",
    dependencies=[needs("timetable_access")],
    summary="Create event duplication strategy",
    openapi_extra={"x-parlour-note": "days: weekdays, 0 = Sunday ... 6 = Saturday."},
)
async def create_event_duplication_strategy(
    access: AccessDep, session: SessionDep, location: LocationDep, body: StrategyWrite
) -> JSONResponse:
    row = await service.create_strategy(session, location, access, body)
    return ok(service.render_strategy(row))


@router.post(
    "/activity/{location_id}/duplication_strategy/{strategy_id}",
    dependencies=[needs("timetable_access")],
    summary="Update event duplication strategy",
)
async def update_event_duplication_strategy(
    access: AccessDep,
    session: SessionDep,
    location: LocationDep,
    strategy_id: PathId,
    body: StrategyWrite,
) -> JSONResponse:
    row = await service.update_strategy(session, location, access, strategy_id, body)
    return ok(service.render_strategy(row))


@router.delete(
    "/activity/{location_id}/duplication_strategy/{strategy_id}",
    dependencies=[needs("timetable_access")],
    status_code=202,
    summary="Delete event duplication strategy",
    openapi_extra={"x-parlour-note": "From the blueprint; answers 202 with meta.message."},
)
async def delete_event_duplication_strategy(
    access: AccessDep, session: SessionDep, location: LocationDep, strategy_id: PathId
) -> JSONResponse:
    await service.delete_strategy(session, location, access, strategy_id)
    return saved("Accepted", status_code=202)


@router.get(
    "/activity/{location_id}/{event_id}",
    dependencies=[needs("timetable_access")],
    summary="Get event",
)
async def get_event(session: SessionDep, location: LocationDep, event: EventDep) -> JSONResponse:
    return ok(await service.render_one(session, location, event))


@router.put(
    "/activity/{location_id}/{event_id}",
    dependencies=[needs("timetable_access")],
    summary="Update event",
    openapi_extra={
        "x-parlour-note": _TIMES + "A full replace; seats move with the event; capacity "
        "below the seats taken is 422."
    },
)
async def update_event(
    access: AccessDep,
    session: SessionDep,
    location: LocationDep,
    event: EventDep,
    body: EventWrite,
) -> JSONResponse:
    event = await service.update_event(session, location, access, event, body)
    return ok(await service.render_one(session, location, event))


@router.delete(
    "/activity/{location_id}/{event_id}",
    dependencies=[needs("timetable_access")],
    status_code=202,
    summary="Delete event",
    openapi_extra={
        "x-parlour-note": "Soft delete of the event and its seats; the member and the "
        "instances are free again."
    },
)
async def delete_event(
    access: AccessDep, session: SessionDep, location: LocationDep, event: EventDep
) -> JSONResponse:
    await service.delete_event(session, location, access, event)
    return saved("Accepted", status_code=202)


@router.post(
    "/activity/{location_id}/{event_id}/duplicate",
    dependencies=[needs("timetable_access")],
    summary="Duplicate event",
    openapi_extra={
        "x-parlour-note": "By dates, by a strategy (duplication_strategy_id with from and "
        "till or count) or by the repeat parameters; all copies or none (409 on a busy time "
        "unless force). interval is the number of periods skipped between repetitions. "
        "content_type 2 copies the clients' seats."
    },
)
async def duplicate_event(
    access: AccessDep,
    session: SessionDep,
    location: LocationDep,
    event: EventDep,
    body: DuplicateRequest,
) -> JSONResponse:
    copies = await service.duplicate(session, location, access, event, body)
    data = await service.render_many(session, location, copies)
    return ok_list(data)


@router.post(
    "/activity/{location_id}/{event_id}/book",
    tags=["Online Booking"],
    summary="Book a group event",
    openapi_extra={
        "x-parlour-note": "Partner token. clients_count seats (default 1) within the free "
        "seats and the location's online maximum; code is required when the location "
        "confirms phones (its verification arrives with the phone-code store). Upstream "
        "answers 200."
    },
)
async def book_event(
    session: SessionDep,
    location: PublicLocationDep,
    event: PublicEventDep,
    body: EventBook,
    source: RecordSourceDep,
) -> JSONResponse:
    return ok(await service.book(session, location, event, body, source))
