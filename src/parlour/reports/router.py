"""Reports: the day's Z-report."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query
from fastapi.responses import JSONResponse

from parlour.deps import LocationDep, SessionDep, needs
from parlour.errors import ValidationFailed
from parlour.kit.envelope import ok
from parlour.kit.ids import QueryId
from parlour.kit.query import optional_date
from parlour.kit.timeutil import local_date, utcnow, zone
from parlour.reports import service

router = APIRouter(tags=["Analytics & Reports"])


@router.get(
    "/reports/z_report/{location_id}",
    dependencies=[needs("finances_z_report_access")],
    summary="Get Z-Report data",
    openapi_extra={
        "x-parlour-note": "One local day (start_date, default today), optionally one team "
        "member (master_id or team_member_id; both given must agree). Computed from the "
        "ledgers: paids.accounts are the day's income lines per account, paids.discount the "
        "day's deposit payments, and z_data lists the same lines per client, member and item."
    },
)
async def get_day_end_report_data(
    session: SessionDep,
    location: LocationDep,
    start_date: Annotated[str | None, Query(max_length=32)] = None,
    master_id: QueryId = None,
    team_member_id: QueryId = None,
) -> JSONResponse:
    if master_id and team_member_id and master_id != team_member_id:
        raise ValidationFailed.field("team_member_id", "differs from master_id")
    tz = zone(location.timezone_name)
    day = optional_date(start_date, "start_date", lenient=True) or local_date(utcnow(), tz)
    data = await service.z_report(session, location, day, master_id or team_member_id)
    return ok(data)
