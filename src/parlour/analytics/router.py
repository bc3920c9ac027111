"""Analytics & Reports: the location's key metrics, their charts, and loyalty program
statistics. The charts answer a bare JSON array, as upstream's samples show them."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Annotated, Any

from fastapi import APIRouter, Depends
from fastapi.responses import JSONResponse
from sqlalchemy.ext.asyncio import AsyncSession

from parlour.analytics import service
from parlour.analytics.schemas import OverallQuery, ProgramQuery, overall_query, program_query
from parlour.deps import LocationDep, SessionDep, needs
from parlour.kit.envelope import EnvelopeResponse, ok
from parlour.models import Location

router = APIRouter(tags=["Analytics & Reports"])

RIGHT = "dash_access"
LOYALTY_RIGHT = "loyalty_access"

OverallDep = Annotated[OverallQuery, Depends(overall_query)]
ProgramDep = Annotated[ProgramQuery, Depends(program_query)]

PERIOD = (
    "The period is the local days date_from..date_to (both included, at most 366); the "
    "previous period is as many days right before it. team_member_id (or staff_id), "
    "position_id and user_id narrow it to those team members' work."
)
OVERALL_NOTE = (
    PERIOD + " Income: the live income lines of the money ledger dated in the period (account "
    "top-ups left out); services and goods by what each line paid for (else by its expense "
    "item); the average check is income per visit paid for. Records: live appointments "
    "starting in the period; completed = the client came, canceled = the client did not "
    "come, pending = waiting or confirmed. Fullness: booked member-minutes over the "
    "members' scheduled minutes, in %. Clients: active had an appointment in the period; new "
    "had their first one at the location in it, returning the others; lost had one in the "
    "previous period and none since. change_percent is whole percent, null when the previous "
    "value is 0 and the current is not; record percentages are null when there are no "
    "records."
)


async def _chart(
    session: AsyncSession,
    location: Location,
    q: OverallQuery,
    compute: Callable[..., Awaitable[list[dict[str, Any]]]],
) -> JSONResponse:
    p = service.period(location, q.date_from, q.date_to)
    who = await service.member_filter(
        session, location, staff_id=q.staff_id, position_id=q.position_id, user_id=q.user_id
    )
    return EnvelopeResponse(await compute(session, location, p, who))


@router.get(
    "/company/{location_id}/analytics/overall",
    dependencies=[needs(RIGHT)],
    summary="Get key location metrics",
    openapi_extra={"x-parlour-note": OVERALL_NOTE},
)
async def get_location_analytics_overall(
    session: SessionDep, location: LocationDep, q: OverallDep
) -> JSONResponse:
    p = service.period(location, q.date_from, q.date_to)
    who = await service.member_filter(
        session, location, staff_id=q.staff_id, position_id=q.position_id, user_id=q.user_id
    )
    return ok(await service.overall(session, location, p, who))


@router.get(
    "/company/{location_id}/analytics/overall/charts/income_daily",
    dependencies=[needs(RIGHT)],
    summary="Get data on revenue by day",
    openapi_extra={
        "x-parlour-note": PERIOD + " One point per day: the day's income as the overall "
        "income_total_stats counts it, so the points add up to its current_sum."
    },
)
async def get_location_analytics_revenue_daily(
    session: SessionDep, location: LocationDep, q: OverallDep
) -> JSONResponse:
    return await _chart(session, location, q, service.income_daily)


@router.get(
    "/company/{location_id}/analytics/overall/charts/records_daily",
    dependencies=[needs(RIGHT)],
    summary="Get Data on the Number of Appointments by Day",
    openapi_extra={
        "x-parlour-note": PERIOD + " Three series per day: all appointments (adding up to "
        "record_stats.current_total_count), those not made by the location's staff (widget, "
        "API, client cabinet), and those of clients new in the period."
    },
)
async def get_location_analytics_appointments_daily(
    session: SessionDep, location: LocationDep, q: OverallDep
) -> JSONResponse:
    return await _chart(session, location, q, service.records_daily)


@router.get(
    "/company/{location_id}/analytics/overall/charts/fullness_daily",
    dependencies=[needs(RIGHT)],
    summary="Get occupancy data by day",
    openapi_extra={
        "x-parlour-note": PERIOD + " Per day: booked member-minutes over scheduled "
        "member-minutes, in % with one decimal (0 on a day nobody is scheduled)."
    },
)
async def get_location_analytics_occupancy_daily(
    session: SessionDep, location: LocationDep, q: OverallDep
) -> JSONResponse:
    return await _chart(session, location, q, service.fullness_daily)


@router.get(
    "/company/{location_id}/analytics/overall/charts/record_source",
    dependencies=[needs(RIGHT)],
    summary="Get the Structure of Appointments by Source",
    openapi_extra={
        "x-parlour-note": PERIOD + " The period's appointments by where they were made: "
        "Administrator (a user of the location), Widget (Parlour's booking pages), API (a "
        "partner's integration through the public booking API), Client cabinet."
    },
)
async def get_appointment_analytics_by_source(
    session: SessionDep, location: LocationDep, q: OverallDep
) -> JSONResponse:
    return await _chart(session, location, q, service.record_source)


@router.get(
    "/company/{location_id}/analytics/overall/charts/record_status",
    dependencies=[needs(RIGHT)],
    summary="Get the Structure of Appointments by Visit Status",
    openapi_extra={
        "x-parlour-note": PERIOD + " The period's appointments by attendance: waiting (0), "
        "came (1), confirmed (2), did not come (-1)."
    },
)
async def get_appointment_analytics_by_status(
    session: SessionDep, location: LocationDep, q: OverallDep
) -> JSONResponse:
    return await _chart(session, location, q, service.record_status)


LOYALTY_NOTE = (
    "The program's participants are the clients with one of its loyalty ledger lines at the "
    "location in the period (the line's visit's client, else the client with its card's "
    "phone); new ones never had one here before, old ones had. A participant returned when "
    "they came to another visit after their first use, within the period; one who did not "
    "is lost when nothing is booked for them after their last use."
)


@router.get(
    "/company/{location_id}/analytics/loyalty_programs/visits",
    dependencies=[needs(LOYALTY_RIGHT)],
    summary="Get customer statistics",
    openapi_extra={
        "x-parlour-note": LOYALTY_NOTE + " visits_stats_by_day counts each day's new and old "
        "participants who used the program that day."
    },
)
async def get_loyalty_program_client_statistics(
    session: SessionDep, location: LocationDep, q: ProgramDep
) -> JSONResponse:
    p = service.period(location, q.date_from, q.date_to)
    return ok(await service.loyalty_visits(session, location, p, q.loyalty_program_id))


@router.get(
    "/company/{location_id}/analytics/loyalty_programs/income",
    dependencies=[needs(LOYALTY_RIGHT)],
    summary="Get revenue statistics",
    openapi_extra={
        "x-parlour-note": LOYALTY_NOTE + " all_sum: the participants' income lines dated in "
        "the period (account top-ups left out); returned_sum: the part paid for the visits "
        "they came back for; income_stats_by_day splits all_sum by day."
    },
)
async def get_loyalty_program_revenue_statistics(
    session: SessionDep, location: LocationDep, q: ProgramDep
) -> JSONResponse:
    p = service.period(location, q.date_from, q.date_to)
    return ok(await service.loyalty_income(session, location, p, q.loyalty_program_id))


@router.get(
    "/company/{location_id}/analytics/loyalty_programs/staff",
    dependencies=[needs(LOYALTY_RIGHT)],
    summary="Get team member return",
    openapi_extra={
        "x-parlour-note": LOYALTY_NOTE + " Per team member: the participants with an "
        "appointment with them in a visit where they used the program."
    },
)
async def get_loyalty_program_team_member_statistics(
    session: SessionDep, location: LocationDep, q: ProgramDep
) -> JSONResponse:
    p = service.period(location, q.date_from, q.date_to)
    data = await service.loyalty_staff(session, location, p, q.loyalty_program_id)
    return ok(data, {"count": len(data)})
