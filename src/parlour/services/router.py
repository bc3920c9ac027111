"""Services section: service categories, services, and team member service links.

Reads that upstream documents for a partner token alone (the legacy "bearer" operations) take
``PublicLocationDep``; everything else needs a member user (``LocationDep``).
"""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Query
from fastapi.responses import JSONResponse, Response

from parlour.auth import service as auth_service
from parlour.deps import (
    CategoryDep,
    CredentialsDep,
    CurrentPartner,
    LocationDep,
    PublicCategoryDep,
    PublicLocationDep,
    PublicServiceDep,
    ServiceDep,
    SessionDep,
    TeamMemberDep,
    needs,
)
from parlour.errors import AccessDenied
from parlour.kit.envelope import ok
from parlour.kit.ids import PathId, PathIdOrZero, QueryId
from parlour.kit.pagination import list_meta
from parlour.locations.repository import CHAINS
from parlour.models import Chain, Service
from parlour.services import repository as repo
from parlour.services import service
from parlour.services.schemas import (
    CategoryCreate,
    CategoryUpdate,
    LinkCreate,
    LinkUpdate,
    ServiceCreate,
    ServiceFields,
    ServiceLinks,
)
from parlour.team_members.service import render_link

router = APIRouter(tags=["Services"])


# --- service categories --------------------------------------------------------------------


@router.post(
    "/service_categories/{location_id}",
    dependencies=[needs("settings_services_create_access")],
    status_code=201,
    summary="Create a service category",
)
async def create_service_category(
    session: SessionDep, location: LocationDep, body: CategoryCreate
) -> JSONResponse:
    row = await service.create_category(session, location, body)
    return ok(await service.render_category(session, row), status_code=201)


@router.get("/service_category/{location_id}/{id}", summary="Get service category")
async def get_service_category(session: SessionDep, row: PublicCategoryDep) -> JSONResponse:
    return ok(await service.render_category(session, row))


@router.put(
    "/service_category/{location_id}/{id}",
    dependencies=[needs("services_edit")],
    summary="Change service category",
)
async def update_service_category(
    session: SessionDep, location: LocationDep, row: CategoryDep, body: CategoryUpdate
) -> JSONResponse:
    row = await service.update_category(session, location, row, body)
    return ok(await service.render_category(session, row))


@router.delete(
    "/service_category/{location_id}/{id}",
    dependencies=[needs("services_delete")],
    status_code=204,
    summary="Delete service category",
    openapi_extra={
        "x-parlour-note": "A category that still holds services is refused with 409; move or "
        "delete its services first."
    },
)
async def delete_service_category(session: SessionDep, row: CategoryDep) -> Response:
    await service.delete_category(session, row)
    return Response(status_code=204)


async def _category_list(
    session: SessionDep,
    location: LocationDep,
    id: int | None,
    staff_id: int | None,
) -> JSONResponse:
    data = await service.list_categories(session, location, id, staff_id)
    return ok(data, list_meta(data))


@router.get(
    "/company/{location_id}/service_categories/{id}",
    dependencies=[needs("settings_services_access")],
    summary="Get a list of service categories",
)
async def get_service_category_list(
    session: SessionDep, location: LocationDep, id: PathIdOrZero, staff_id: QueryId = None
) -> JSONResponse:
    # 0 (like an empty or missing id) means "all".
    return await _category_list(session, location, id or None, staff_id)


@router.get(
    "/company/{location_id}/service_categories",
    dependencies=[needs("settings_services_access")],
    summary="Get a list of service categories (all)",
    openapi_extra={"x-parlour-note": "Upstream's {id} is optional; without it every category."},
)
async def get_all_service_categories(
    session: SessionDep, location: LocationDep, staff_id: QueryId = None
) -> JSONResponse:
    return await _category_list(session, location, None, staff_id)


@router.get(
    "/service_categories/{location_id}/{id}",
    summary="Deprecated. Get a list of service categories",
    deprecated=True,
)
async def deprecated_get_service_category_list(
    session: SessionDep, location: PublicLocationDep, id: PathIdOrZero, staff_id: QueryId = None
) -> JSONResponse:
    data = await service.list_categories(session, location, id or None, staff_id)
    return ok(data, list_meta(data))


@router.get(
    "/service_categories/{location_id}",
    summary="Deprecated. Get a list of service categories (all)",
    deprecated=True,
)
async def deprecated_get_all_service_categories(
    session: SessionDep, location: PublicLocationDep, staff_id: QueryId = None
) -> JSONResponse:
    data = await service.list_categories(session, location, None, staff_id)
    return ok(data, list_meta(data))


async def public_chain(
    session: SessionDep, creds: CredentialsDep, _partner: CurrentPartner, chain_id: PathId
) -> Chain:
    """A chain for a partner; a user token, when sent, must belong to one of its members."""
    chain = await CHAINS.load(session, chain_id)
    if creds.user is not None:
        for location_id in await repo.chain_location_ids(session, chain.id):
            if await auth_service.membership(session, creds.user.id, location_id):
                return chain
        raise AccessDenied()
    return chain


@router.get(
    "/chain/{chain_id}/service_categories",
    summary="Get a list of chain service categories",
    openapi_extra={
        "x-parlour-note": "Answers a bare JSON array, as upstream's sample does; the chain's "
        "categories are those of its locations."
    },
)
async def get_chain_service_category_list(
    session: SessionDep,
    chain: Annotated[Chain, Depends(public_chain)],
    include: Annotated[Literal["services"] | None, Query()] = None,
) -> JSONResponse:
    data = await service.chain_categories(session, chain.id, include == "services")
    return JSONResponse(data)


# --- services ------------------------------------------------------------------------------


@router.get("/services/{location_id}", summary="Get a list of services")
async def get_service_list(
    session: SessionDep,
    location: PublicLocationDep,
    staff_id: QueryId = None,
    category_id: QueryId = None,
) -> JSONResponse:
    data = await service.list_services(
        session, location, category_id=category_id, member_id=staff_id
    )
    return ok(data, list_meta(data))


@router.post(
    "/services/{location_id}",
    dependencies=[needs("settings_services_create_access")],
    status_code=201,
    summary="Create a service",
)
async def create_service(
    session: SessionDep, location: LocationDep, body: ServiceCreate
) -> JSONResponse:
    svc = await service.create_service(session, location, body)
    return ok((await service.render_services(session, [svc]))[0], status_code=201)


@router.get("/services/{location_id}/0", include_in_schema=False)
async def deprecated_get_service_list_all(
    session: SessionDep, location: PublicLocationDep
) -> JSONResponse:
    """``/services/{location_id}/0``: a trailing id of 0 means "all" (listed before the
    ``{service_id}`` route, whose path dependency loads one service)."""
    data = await service.list_services(session, location)
    return ok(data, list_meta(data))


@router.get(
    "/services/{location_id}/{service_id}",
    summary="Deprecated. Get a list of services / specific service",
    deprecated=True,
    openapi_extra={
        "x-parlour-note": "Answers the service object, as the newer Altegio page documents "
        "(the legacy sample shows a one-item list)."
    },
)
async def deprecated_get_service_list_by_id(
    session: SessionDep, svc: PublicServiceDep
) -> JSONResponse:
    return ok((await service.render_services(session, [svc]))[0])


async def _change_service(
    session: SessionDep, location: LocationDep, svc: Service, body: ServiceFields
) -> JSONResponse:
    svc = await service.update_service(session, location, svc, body)
    return ok((await service.render_services(session, [svc]))[0])


@router.put(
    "/services/{location_id}/{service_id}",
    dependencies=[needs("services_edit")],
    summary="Update a service",
    deprecated=True,
    openapi_extra={
        "x-parlour-note": "Answers 200 as the newer page documents (legacy docs: 201). Fields "
        "left out keep their values; a sent staff list replaces the service's team members."
    },
)
async def deprecated_update_service_by_id(
    session: SessionDep, location: LocationDep, svc: ServiceDep, body: ServiceFields
) -> JSONResponse:
    return await _change_service(session, location, svc, body)


@router.patch(
    "/services/{location_id}/{service_id}",
    dependencies=[needs("services_edit")],
    summary="Update a service (partial)",
)
async def patch_service(
    session: SessionDep, location: LocationDep, svc: ServiceDep, body: ServiceFields
) -> JSONResponse:
    return await _change_service(session, location, svc, body)


@router.delete(
    "/services/{location_id}/{service_id}",
    dependencies=[needs("services_delete")],
    status_code=204,
    summary="Delete a service",
    openapi_extra={
        "x-parlour-note": "The service is hidden, not erased: past appointments still show it."
    },
)
async def delete_service(session: SessionDep, svc: ServiceDep) -> Response:
    await service.delete_service(session, svc)
    return Response(status_code=204)


# Literal path first: /services/links must not be read as /services/{service_id}.
@router.post(
    "/company/{location_id}/services/links",
    dependencies=[needs("services_edit")],
    summary="Update service links",
)
async def update_service_links(
    session: SessionDep, location: LocationDep, body: ServiceLinks
) -> JSONResponse:
    svc = await service.update_links(session, location, body)
    return ok((await service.render_services(session, [svc]))[0])


async def _services(
    session: SessionDep,
    location: LocationDep,
    service_id: int | None,
    staff_id: int | None,
    category_id: int | None,
) -> JSONResponse:
    data = await service.list_services(
        session, location, service_id=service_id, category_id=category_id, member_id=staff_id
    )
    return ok(data, list_meta(data))


@router.get(
    "/company/{location_id}/services/{service_id}",
    dependencies=[needs("settings_services_access")],
    summary="Get a list of services / specific service",
)
async def get_service(
    session: SessionDep,
    location: LocationDep,
    service_id: PathIdOrZero,
    staff_id: QueryId = None,
    category_id: QueryId = None,
) -> JSONResponse:
    # 0 (like an empty or missing id) means "all".
    return await _services(session, location, service_id or None, staff_id, category_id)


@router.get(
    "/company/{location_id}/services",
    dependencies=[needs("settings_services_access")],
    summary="Get a list of services (all)",
    openapi_extra={"x-parlour-note": "Upstream's {service_id} is optional; without it all."},
)
async def get_all_services(
    session: SessionDep,
    location: LocationDep,
    staff_id: QueryId = None,
    category_id: QueryId = None,
) -> JSONResponse:
    return await _services(session, location, None, staff_id, category_id)


@router.post(
    "/company/{location_id}/services/{service_id}/staff",
    dependencies=[needs("edit_master_service_and_duration")],
    status_code=201,
    summary="Linking a team member to a provided service",
)
async def assign_service_to_team_member(
    session: SessionDep, location: LocationDep, svc: ServiceDep, body: LinkCreate
) -> JSONResponse:
    ln = await service.create_link(session, location, svc, body)
    # Upstream's sample sends "meta": {} here.
    return ok(render_link(ln), {}, status_code=201)


@router.put(
    "/company/{location_id}/services/{service_id}/staff/{team_member_id}",
    dependencies=[needs("edit_master_service_and_duration")],
    summary="Updating team member service link settings",
)
async def update_service_team_member_assignment(
    session: SessionDep,
    location: LocationDep,
    svc: ServiceDep,
    member: TeamMemberDep,
    body: LinkUpdate,
) -> JSONResponse:
    ln = await service.get_link(session, location, svc, member)
    ln = await service.update_link(session, ln, body)
    return ok(render_link(ln), {})


@router.delete(
    "/company/{location_id}/services/{service_id}/staff/{team_member_id}",
    dependencies=[needs("edit_master_service_and_duration")],
    summary="Deleting a team member service link",
    openapi_extra={
        "x-parlour-note": "Upstream's sample pairs status 204 with a JSON body "
        '{"success": true, "data": null, "meta": {}}; HTTP forbids a body with 204, so Parlour '
        "sends that body with 200."
    },
)
async def remove_service_from_team_member(
    session: SessionDep,
    location: LocationDep,
    svc: ServiceDep,
    member: TeamMemberDep,
) -> JSONResponse:
    ln = await service.get_link(session, location, svc, member)
    await service.delete_link(session, ln)
    return ok(None, {})
