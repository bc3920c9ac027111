"""Team Members section: team members ("staff") and positions.

Literal paths (``/staff/positions``, ``/staff/quick``) come first, and the member id in
``/company/{location_id}/staff/{team_member_id}`` is declared with Starlette's ``:int``
converter, so that it matches digits only: later sections' literal routes under
``/company/{location_id}/staff/...`` (the schedule operations) are not shadowed by it.
"""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import JSONResponse, Response

from parlour.deps import (
    AccessDep,
    AnyTeamMemberDep,
    LocationDep,
    PublicAnyTeamMemberDep,
    PublicLocationDep,
    SessionDep,
    TeamMemberDep,
    needs,
)
from parlour.kit.envelope import ok
from parlour.kit.pagination import list_meta
from parlour.team_members import repository as repo
from parlour.team_members import service
from parlour.team_members.schemas import (
    MemberCreate,
    MemberFields,
    MemberQuickCreate,
    PositionCreate,
)

router = APIRouter(tags=["Team Members"])


@router.get("/staff/{location_id}", summary="Get list of team members")
async def get_team_member_list(session: SessionDep, location: PublicLocationDep) -> JSONResponse:
    rows = await repo.members(session, location.id)
    data = await service.render(session, rows, legacy_strings=True)
    return ok(data, list_meta(data))


@router.post(
    "/staff/{location_id}",
    dependencies=[needs("master_create")],
    status_code=201,
    summary="Add new team member",
    deprecated=True,
)
async def deprecated_create_team_member(
    access: AccessDep, session: SessionDep, location: LocationDep, body: MemberCreate
) -> JSONResponse:
    member = await service.create(session, location, body, access)
    return ok(await service.render_one(session, member), status_code=201)


@router.get("/staff/{location_id}/0", include_in_schema=False)
async def get_team_member_by_id_all(
    session: SessionDep, location: PublicLocationDep
) -> JSONResponse:
    """``/staff/{location_id}/0``: a trailing id of 0 means "all" (listed before the
    ``{team_member_id}`` route, whose path dependency loads one member)."""
    data = await service.render(session, await repo.members(session, location.id))
    return ok(data, list_meta(data))


@router.get(
    "/staff/{location_id}/{team_member_id}",
    summary="Get a specific team member",
    openapi_extra={
        "x-parlour-note": "A one-item list, as the newer page and the legacy sample show. A "
        "deleted member is still found (status 1), so that old appointments can be read."
    },
)
async def get_team_member_by_id(
    session: SessionDep, member: PublicAnyTeamMemberDep
) -> JSONResponse:
    return ok([await service.render_one(session, member)])


@router.put(
    "/staff/{location_id}/{team_member_id}",
    dependencies=[needs("master_edit")],
    summary="Change team member",
)
async def update_team_member(
    access: AccessDep,
    session: SessionDep,
    location: LocationDep,
    member: TeamMemberDep,
    body: MemberFields,
) -> JSONResponse:
    member = await service.update(session, location, member, body, access)
    return ok(await service.render_one(session, member))


@router.delete(
    "/staff/{location_id}/{team_member_id}",
    dependencies=[needs("master_delete")],
    status_code=204,
    summary="Delete team member",
    openapi_extra={
        "x-parlour-note": "Soft delete: the member leaves lists and booking; their past "
        "appointments stay readable."
    },
)
async def delete_team_member(session: SessionDep, member: TeamMemberDep) -> Response:
    await service.delete(session, member)
    return Response(status_code=204)


@router.get(
    "/company/{location_id}/staff/positions",
    dependencies=[needs("settings_positions_read")],
    summary="Get a list of location positions",
    deprecated=True,
)
async def get_position_list(session: SessionDep, location: LocationDep) -> JSONResponse:
    rows = await repo.positions(session, location.id)
    data = [service.render_position(p) for p in rows]
    return ok(data, list_meta(data))


@router.post(
    "/company/{location_id}/staff/quick",
    dependencies=[needs("master_create")],
    status_code=201,
    summary="Quick create a team member",
)
async def create_team_member_quick(
    session: SessionDep, location: LocationDep, body: MemberQuickCreate
) -> JSONResponse:
    member = await service.quick_create(session, location, body)
    return ok(await service.render_one(session, member), {}, status_code=201)


@router.post(
    "/company/{location_id}/positions/quick",
    dependencies=[needs("settings_positions_create")],
    status_code=201,
    summary="Quick create a position",
    deprecated=True,
)
async def create_position_quick(
    session: SessionDep, location: LocationDep, body: PositionCreate
) -> JSONResponse:
    position = await service.create_position(session, location, body.title)
    return ok(service.render_position(position), {}, status_code=201)


@router.get(
    "/company/{location_id}/staff",
    dependencies=[needs("settings_master_access")],
    summary="Get team members (all)",
    openapi_extra={"x-parlour-note": "Upstream's {team_member_id} is optional; without it all."},
)
async def get_team_members(session: SessionDep, location: LocationDep) -> JSONResponse:
    data = await service.render(session, await repo.members(session, location.id))
    return ok(data, list_meta(data))


@router.get(
    "/company/{location_id}/staff/0",
    dependencies=[needs("settings_master_access")],
    include_in_schema=False,
)
async def get_team_member_all(session: SessionDep, location: LocationDep) -> JSONResponse:
    """``/company/{location_id}/staff/0``: 0 means "all", as no id does."""
    data = await service.render(session, await repo.members(session, location.id))
    return ok(data, list_meta(data))


@router.get(
    "/company/{location_id}/staff/{team_member_id:int}",
    dependencies=[needs("settings_master_access")],
    summary="Get team members / specific team member",
    openapi_extra={
        "x-parlour-note": "Answers the member object, as the newer Altegio page documents; the "
        "legacy docs and the YCLIENTS blueprint show a one-item list with meta.total_count. "
        "The id matches digits only, so /staff/schedule and other literal paths pass through."
    },
)
async def get_team_member(session: SessionDep, member: AnyTeamMemberDep) -> JSONResponse:
    return ok(await service.render_one(session, member))
