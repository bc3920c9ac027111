"""Locations: GET/POST /companies, GET/PUT/DELETE /company/{location_id}."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query
from fastapi.responses import JSONResponse

from parlour.deps import (
    CredentialsDep,
    CurrentPartner,
    CurrentUser,
    LocationDep,
    PublicLocationDep,
    SessionDep,
    needs,
)
from parlour.errors import AuthenticationNeeded
from parlour.kit.envelope import ok
from parlour.kit.ids import MAX_ID, QueryId
from parlour.kit.pagination import page_of
from parlour.kit.query import include_list
from parlour.locations import repository as repo
from parlour.locations import service
from parlour.locations.schemas import LocationCreate, LocationUpdate

router = APIRouter(tags=["Locations"])

Flag = Annotated[bool, Query()]


@router.get("/companies", summary="Get a list of locations")
async def get_location_list(
    session: SessionDep,
    creds: CredentialsDep,
    _partner: CurrentPartner,
    include: Annotated[frozenset[str], Depends(include_list(service.INCLUDABLE))],
    id: QueryId = None,
    group_id: QueryId = None,
    my: Flag = False,
    active: Flag = False,
    forBooking: Flag = False,
    show_groups: Flag = False,
    city_id: QueryId = None,
    showBookforms: Flag = False,
    min_id: Annotated[int | None, Query(ge=0, le=MAX_ID)] = None,
    show_deleted: Flag = False,
    hide_record_type_single: Flag = False,
    hide_record_type_activity: Flag = False,
    hide_record_type_mixed: Flag = False,
    business_group_id: QueryId = None,
    business_type_id: QueryId = None,
    count: Annotated[int | None, Query(ge=1, le=1000)] = None,
    page: Annotated[int | None, Query(ge=1, le=1_000_000)] = None,
) -> JSONResponse:
    if my and creds.user is None:
        # "my" lists the locations a user manages: it needs the user token.
        raise AuthenticationNeeded()
    hidden = tuple(
        name
        for name, flag in (
            ("single", hide_record_type_single),
            ("activity", hide_record_type_activity),
            ("mixed", hide_record_type_mixed),
        )
        if flag
    )
    filters = repo.LocationFilters(
        id=id,
        group_id=group_id,
        member_user_id=creds.user.id if (my and creds.user) else None,
        active=active,
        city_id=city_id,
        min_id=min_id,
        # Deleted locations are shown only to their own members.
        show_deleted=show_deleted and my,
        hide_record_types=hidden,
        business_group_id=business_group_id,
        business_type_id=business_type_id,
    )
    paging = page_of(page, count, default=1000, maximum=1000)
    rows = await repo.list_locations(session, filters, offset=paging.offset, limit=paging.count)
    extras = service.Extras(
        for_booking=forBooking,
        show_groups=show_groups,
        show_bookforms=showBookforms,
        with_access=my,
        full=False,
        include=include,
    )
    return ok(await service.render(session, rows, extras, creds.user))


@router.post("/companies", status_code=201, summary="Create a location")
async def create_location(
    session: SessionDep, user: CurrentUser, body: LocationCreate
) -> JSONResponse:
    location = await service.create(session, user, body)
    data = await service.render(session, [location], service.Extras(), user)
    return ok(data[0], status_code=201)


@router.get("/company/{location_id}", summary="Get location")
async def get_location(
    session: SessionDep,
    creds: CredentialsDep,
    location: PublicLocationDep,
    my: Flag = False,
    forBooking: Flag = False,
    show_groups: Flag = False,
    showBookforms: Flag = False,
    bookform_id: QueryId = None,
) -> JSONResponse:
    if my and creds.user is None:
        raise AuthenticationNeeded()
    extras = service.Extras(
        for_booking=forBooking,
        show_groups=show_groups,
        show_bookforms=showBookforms,
        bookform_id=bookform_id,
        with_access=my,
    )
    data = await service.render(session, [location], extras, creds.user)
    return ok(data[0])


@router.put(
    "/company/{location_id}",
    dependencies=[needs("settings_basis_access")],
    summary="Change location",
)
async def update_location(
    session: SessionDep, user: CurrentUser, location: LocationDep, body: LocationUpdate
) -> JSONResponse:
    location = await service.update(session, location, body)
    data = await service.render(session, [location], service.Extras(with_access=True), user)
    return ok(data[0])


@router.delete(
    "/company/{location_id}",
    dependencies=[needs("settings_basis_access")],
    status_code=202,
    summary="Delete location",
)
async def delete_location(session: SessionDep, location: LocationDep) -> JSONResponse:
    await service.delete(session, location)
    # Upstream documents 202 with no fields; we still send the envelope so that clients that
    # parse every answer as JSON keep working.
    return ok(None, status_code=202)
