"""Salary: what a team member earned in a period (schemes applied to the ledgers), payroll
calculations, mutual settlements, and the "own" forms for a user whose payroll access is
limited to one team member. Plus Parlour's extension routes for what upstream can only read:
schemes, their assignment to team members, and making or deleting payroll calculations."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Response
from fastapi.responses import JSONResponse

from parlour.deps import AccessDep, AnyTeamMemberDep, LocationDep, SessionDep, needs
from parlour.kit.envelope import ok
from parlour.kit.extension import extension
from parlour.kit.ids import PathId
from parlour.models import Location, TeamMember
from parlour.salary import service
from parlour.salary.schemas import AssignmentIn, CalculationIn, SchemeWrite
from parlour.salary.service import CALC_RIGHT, CREATE_RIGHT, OWN_RIGHT, SCHEMES_RIGHT

router = APIRouter(tags=["Salary"])

DateFrom = Annotated[str, Query(min_length=1, max_length=32)]
DateTo = Annotated[str, Query(min_length=1, max_length=32)]
BASE = "/company/{location_id}/salary"
OWN_NOTE = (
    "The user's payroll access must be limited to one team member "
    "(finances_salary_access_master_checkbox with finances_salary_access_master_id): another "
    "member's payroll is 403. A limit of 0 (the owner's value) opens every member."
)


@dataclass(frozen=True, slots=True)
class Asked:
    """The member whose payroll is asked for, and the period (checked against the user's
    payroll limits)."""

    location: Location
    member: TeamMember
    first: date
    last: date

    def args(self) -> tuple[Location, TeamMember, date, date]:
        return self.location, self.member, self.first, self.last


def _asked(own: bool) -> Any:
    async def dependency(
        location: LocationDep,
        access: AccessDep,
        member: AnyTeamMemberDep,
        date_from: DateFrom,
        date_to: DateTo,
    ) -> Asked:
        period = service.period_of(date_from, date_to)
        service.check_member(access, location, member, own=own, period=period)
        return Asked(location, member, *period)

    return dependency


OwnerAsked = Annotated[Asked, Depends(_asked(own=False))]
OwnAsked = Annotated[Asked, Depends(_asked(own=True))]


async def _calculate_gate(access: AccessDep) -> None:
    service.may_calculate(access)


# Shown as its main right; the member-only right opens it too (service.may_calculate).
_calculate_gate.parlour_right = CREATE_RIGHT  # type: ignore[attr-defined]
CALCULATE_GATE = Depends(_calculate_gate)
CALCULATE_NOTE = (
    " Needs finances_payroll_calculation_create_access, or "
    "finances_payroll_calculation_create_by_master_access for the one team member the user's "
    "payroll access is limited to (finances_salary_access_master_checkbox with "
    'finances_salary_access_master_id); without the matching "not only today" right '
    "(finances_payroll_calculation_create_not_limitation_today_access, "
    "calculation_create_by_master_not_limitation_today_access) only a period of today alone."
)


# --- mutual settlements ------------------------------------------------------------------------


@router.get(
    BASE + "/calculation/staff/daily/{team_member_id}",
    dependencies=[needs(CALC_RIGHT)],
    summary="Receipt of mutual settlements of a team member grouped by date",
)
async def search_team_member_calculation_daily_salary(
    session: SessionDep, asked: OwnerAsked
) -> JSONResponse:
    days = await service.settlements_daily(session, *asked.args())
    data = {"payroll_daily": days, "currency": service.currency(asked.location)}
    return ok(data, {"count": len(days)})


@router.get(
    BASE + "/calculation/staff/{team_member_id}",
    dependencies=[needs(CALC_RIGHT)],
    summary="Receipt of mutual settlements of a team member",
)
async def search_team_member_calculation_salary(
    session: SessionDep, asked: OwnerAsked
) -> JSONResponse:
    return ok(await service.settlements(session, *asked.args()))


@router.get(
    BASE + "/calculation/staff/{team_member_id}/salary_schemes_count",
    dependencies=[needs(CALC_RIGHT)],
    summary="Obtaining payroll schemes count for a team member",
)
async def get_team_member_calculation_schemes_count(
    session: SessionDep, location: LocationDep, access: AccessDep, member: AnyTeamMemberDep
) -> JSONResponse:
    service.check_member(access, location, member)
    return ok(await service.schemes_count(session, location, member))


# --- payroll calculations ----------------------------------------------------------------------


@router.get(
    BASE + "/payroll/staff/{team_member_id}/calculation",
    dependencies=[needs(CALC_RIGHT)],
    summary="Search payroll calculations of a team member",
    openapi_extra={"x-parlour-note": "Calculations whose period overlaps date_from..date_to."},
)
async def search_team_member_payroll_calculation(
    session: SessionDep, asked: OwnerAsked
) -> JSONResponse:
    rows = await service.search_calculations(session, *asked.args())
    data = [service.render_calculation(r) for r in rows]
    return ok(data, {"count": len(data)})


@router.post(
    BASE + "/payroll/staff/{team_member_id}/calculation",
    status_code=201,
    dependencies=[CALCULATE_GATE],
    summary="Make a payroll calculation of a team member",
    openapi_extra=extension(
        "Upstream cannot make payroll calculations through the API. Freezes what the team "
        "member earned from date_from to date_to and was not calculated before (each item with "
        "its costs, payments and the rule applied); the amount is accrued today. Answers the "
        "calculation's details. Also `parlour salary calculate`." + CALCULATE_NOTE
    ),
)
async def create_team_member_payroll_calculation(
    session: SessionDep,
    location: LocationDep,
    access: AccessDep,
    member: AnyTeamMemberDep,
    body: CalculationIn,
) -> JSONResponse:
    row = await service.create_calculation(session, location, access, member, body)
    data = await service.calculation_details(session, location, member, row.id)
    return ok(data, status_code=201)


@router.get(
    BASE + "/payroll/staff/{team_member_id}/calculation/{calculation_id}",
    dependencies=[needs(CALC_RIGHT)],
    summary="Get payroll calculation details of a team member",
)
async def get_team_member_payroll_calculation(
    session: SessionDep,
    location: LocationDep,
    access: AccessDep,
    member: AnyTeamMemberDep,
    calculation_id: PathId,
) -> JSONResponse:
    service.check_member(access, location, member)
    return ok(await service.calculation_details(session, location, member, calculation_id))


@router.delete(
    BASE + "/payroll/staff/{team_member_id}/calculation/{calculation_id}",
    status_code=204,
    dependencies=[CALCULATE_GATE],
    summary="Delete a payroll calculation of a team member",
    openapi_extra=extension(
        "Upstream cannot delete payroll calculations through the API. Deletes one no payout has "
        "reached (payouts settle the oldest calculations first; otherwise 409): its amount is "
        "no longer accrued and its items can be calculated again. Also `parlour salary "
        "delete-calculation`." + CALCULATE_NOTE
    ),
)
async def delete_team_member_payroll_calculation(
    session: SessionDep,
    location: LocationDep,
    access: AccessDep,
    member: AnyTeamMemberDep,
    calculation_id: PathId,
) -> Response:
    await service.delete_calculation(session, location, access, member, calculation_id)
    return Response(status_code=204)


# --- period calculation ------------------------------------------------------------------------


@router.get(
    BASE + "/period/staff/daily/{team_member_id}",
    dependencies=[needs(CALC_RIGHT)],
    summary="Getting payroll for a period for a team member grouped by date",
)
async def search_team_member_period_daily_salary(
    session: SessionDep, asked: OwnerAsked
) -> JSONResponse:
    days = await service.period_daily(session, *asked.args())
    data = {"period_calculation_daily": days, "currency": service.currency(asked.location)}
    return ok(data, {"count": len(days)})


@router.get(
    BASE + "/period/staff/{team_member_id}",
    dependencies=[needs(CALC_RIGHT)],
    summary="Getting payroll for a period for a team member",
)
async def search_team_member_period_salary(session: SessionDep, asked: OwnerAsked) -> JSONResponse:
    return ok(await service.period_answer(session, *asked.args()))


# --- the "own" forms ---------------------------------------------------------------------------


@router.get(
    BASE + "/staff/{team_member_id}/calculation",
    dependencies=[needs(OWN_RIGHT)],
    summary="Get Mutual Settlements for a Specific Team Member",
    openapi_extra={"x-parlour-note": OWN_NOTE},
)
async def get_team_member_salary_calculation(session: SessionDep, asked: OwnAsked) -> JSONResponse:
    return ok(await service.settlements(session, *asked.args()))


@router.get(
    BASE + "/staff/{team_member_id}/period",
    dependencies=[needs(OWN_RIGHT)],
    summary="Get Payroll for a Specific Team Member for a Given Period",
    openapi_extra={"x-parlour-note": OWN_NOTE},
)
async def get_team_member_salary_period(session: SessionDep, asked: OwnAsked) -> JSONResponse:
    return ok(await service.period_answer(session, *asked.args()))


@router.get(
    BASE + "/staff/{team_member_id}/salary_schemes",
    dependencies=[needs(OWN_RIGHT)],
    summary="Obtaining own payroll schemes for a specific team member",
    openapi_extra={"x-parlour-note": OWN_NOTE},
)
async def get_team_member_salary_schemes(
    session: SessionDep, location: LocationDep, access: AccessDep, member: AnyTeamMemberDep
) -> JSONResponse:
    service.check_member(access, location, member, own=True)
    rows = await service.member_assignments(session, location, member)
    data = await service.render_assignments(session, location, rows)
    return ok(data, {"count": len(data)})


@router.post(
    BASE + "/staff/{team_member_id}/salary_schemes",
    status_code=201,
    dependencies=[needs(SCHEMES_RIGHT)],
    summary="Assign a salary scheme to a team member",
    openapi_extra=extension(
        "Upstream can only read a team member's schemes. Applies a scheme from date_start to "
        "date_end (YYYY-MM-DD, inclusive; no date_end: open); on a day several cover, the one "
        "that started last applies. Answers the assignment as the schemes list shows it. Also "
        "`parlour salary assign`."
    ),
)
async def assign_team_member_salary_scheme(
    session: SessionDep, location: LocationDep, member: AnyTeamMemberDep, body: AssignmentIn
) -> JSONResponse:
    row = await service.assign(session, location, member, body)
    data = await service.render_assignments(session, location, [row])
    return ok(data[0], status_code=201)


# --- schemes (extension) -----------------------------------------------------------------------


@router.get(
    BASE + "/schemes",
    dependencies=[needs(SCHEMES_RIGHT)],
    summary="Get the location's salary schemes",
    openapi_extra=extension("Upstream cannot list salary schemes: the location's schemes."),
)
async def list_salary_schemes(session: SessionDep, location: LocationDep) -> JSONResponse:
    rows = await service.list_schemes(session, location)
    data = await service.render_schemes(session, location, rows)
    return ok(data, {"count": len(data)})


@router.post(
    BASE + "/schemes",
    status_code=201,
    dependencies=[needs(SCHEMES_RIGHT)],
    summary="Create a salary scheme",
    openapi_extra=extension(
        "Upstream cannot create salary schemes. A scheme is a title and rules; a rule applies "
        'to one service, one service category or one product (target_type "service", '
        '"category", "good"; target_id 0 of "service"/"good": every service/product), and is a '
        'percent of the cost or of the net cost (base "cost"/"net_cost") or a fixed sum per '
        "unit. Also `parlour salary scheme`."
    ),
)
async def create_salary_scheme(
    session: SessionDep, location: LocationDep, body: SchemeWrite
) -> JSONResponse:
    row = await service.create_scheme(session, location, body)
    data = await service.render_schemes(session, location, [row])
    return ok(data[0], status_code=201)


@router.put(
    BASE + "/schemes/{salary_scheme_id}",
    dependencies=[needs(SCHEMES_RIGHT)],
    summary="Change a salary scheme",
    openapi_extra=extension(
        "Replaces the scheme's title and rules. Calculations already made keep their frozen "
        "items; their details show the difference (salary_discrepancy)."
    ),
)
async def update_salary_scheme(
    session: SessionDep, location: LocationDep, salary_scheme_id: PathId, body: SchemeWrite
) -> JSONResponse:
    row = await service.update_scheme(session, location, salary_scheme_id, body)
    data = await service.render_schemes(session, location, [row])
    return ok(data[0])
