"""Users & Permissions: a location's users, roles and permissions, invitations, copying a
user to other locations."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Response
from fastapi.responses import JSONResponse

from parlour.auth.schemas import AuthUserRead
from parlour.deps import (
    AccessDep,
    CurrentPartner,
    CurrentUser,
    LocationDep,
    LocationUserDep,
    SessionDep,
    needs,
)
from parlour.kit.envelope import ok, saved
from parlour.users import service
from parlour.users.schemas import CompanyLinks, InviteAccept, InviteRequest, PermissionsUpdate

router = APIRouter(tags=["Users & Permissions"])

IsApproved = Annotated[int | None, Query(alias="filter[is_approved]", ge=0, le=1)]
GroupFilter = Annotated[list[str] | None, Query(alias="group_permissions[]", max_length=20)]


# Literal path first: /users/roles must not be read as /users/{user_id}.
@router.get(
    "/company/{location_id}/users/roles",
    dependencies=[needs("users_access")],
    summary="Getting a list of user roles",
)
async def list_roles(access: AccessDep, _location: LocationDep) -> JSONResponse:
    return ok(service.roles(access, None), {})


@router.get(
    "/company/{location_id}/users",
    dependencies=[needs("users_access")],
    summary="Get location users",
)
async def get_location_users(
    session: SessionDep, location: LocationDep, is_approved: IsApproved = None
) -> JSONResponse:
    approved = None if is_approved is None else bool(is_approved)
    users = await service.list_users(session, location, approved)
    return ok(users, {"count": len(users)})


@router.delete(
    "/company/{location_id}/users/{user_id}",
    dependencies=[needs("delete_users_access")],
    status_code=204,
    summary="Remove the user from the location",
    openapi_extra={"x-parlour-note": "The owner cannot be removed: 422."},
)
async def remove_user_from_location(
    session: SessionDep, location: LocationDep, member: LocationUserDep
) -> Response:
    await service.remove_user(session, location, member)
    return Response(status_code=204)


@router.get(
    "/company_users/{location_id}",
    dependencies=[needs("users_access")],
    summary="Deprecated. Get location users (deprecated)",
    deprecated=True,
)
async def deprecated_get_location_users(session: SessionDep, location: LocationDep) -> JSONResponse:
    return ok(await service.legacy_users(session, location), [])


@router.get("/user/permissions/{location_id}", summary="Get a list of rights")
async def get_permission_list(
    access: AccessDep, _location: LocationDep, group_permissions: GroupFilter = None
) -> JSONResponse:
    return ok(service.own_permissions(access, group_permissions or []), [])


@router.get(
    "/company/{location_id}/users/{user_id}/roles",
    dependencies=[needs("users_access")],
    summary="Getting a list of user roles in the context of a location user",
)
async def get_user_roles(access: AccessDep, member: LocationUserDep) -> JSONResponse:
    return ok(service.roles(access, member), {})


@router.get(
    "/company/{location_id}/users/{user_id}/permissions",
    dependencies=[needs("users_access")],
    summary="Getting permission values and user role",
)
async def get_user_permissions(access: AccessDep, member: LocationUserDep) -> JSONResponse:
    return ok(service.permissions_view(access, member), {})


@router.put(
    "/company/{location_id}/users/{user_id}/permissions",
    dependencies=[needs("edit_users_access")],
    summary="Updating permission values and user role",
    openapi_extra={
        "x-parlour-note": "A new user_role starts from that role's default permissions; the "
        "owner's rights cannot be changed (422)."
    },
)
async def update_user_permissions(
    session: SessionDep,
    access: AccessDep,
    location: LocationDep,
    member: LocationUserDep,
    body: PermissionsUpdate,
) -> JSONResponse:
    await service.update_permissions(session, location, access, member, body)
    return ok(service.permissions_view(access, member), {})


# Literal path first: /user/invite/accept must not be read as /user/invite/{location_id}.
@router.post(
    "/user/invite/accept",
    summary="Accept an invitation (Parlour extension)",
    openapi_extra={
        "x-parlour": True,
        "x-parlour-note": "Not an upstream operation: what the invitation link leads to. The "
        "code is the link's last part; a person without an account sets a password here.",
    },
)
async def accept_user_invitation(
    session: SessionDep, _partner: CurrentPartner, body: InviteAccept
) -> JSONResponse:
    user, token = await service.accept(session, body.code, body.password, body.name)
    return ok(
        AuthUserRead(
            id=user.id,
            user_token=token,
            name=user.name,
            phone=user.phone or "",
            login=user.login,
            email=user.email or "",
            avatar=user.avatar,
            is_approved=user.is_approved,
            is_email_confirmed=user.is_email_confirmed,
        )
    )


@router.post(
    "/user/invite/{location_id}",
    dependencies=[needs("create_users_access")],
    status_code=202,
    summary="Create and Send an Invitation",
    openapi_extra={
        "x-parlour-note": "The link is put in the outbox (GET /company/{location_id}/outbox); "
        "the invited user is pending (is_approved false) and holds only the permissions the "
        "invitation lists until they are granted more."
    },
)
async def create_user_invitation(
    session: SessionDep,
    access: AccessDep,
    location: LocationDep,
    user: CurrentUser,
    body: InviteRequest,
) -> JSONResponse:
    await service.invite(session, location, access, user, body)
    return saved(status_code=202)


@router.post(
    "/company/{location_id}/users/{user_id}/copy_to_companies",
    dependencies=[needs("create_users_access")],
    summary="Copy a User to Companies",
    openapi_extra={
        "x-parlour-note": "The caller needs create_users_access at every location named."
    },
)
async def copy_user_permissions_to_locations(
    session: SessionDep, user: CurrentUser, member: LocationUserDep, body: CompanyLinks
) -> JSONResponse:
    await service.copy_to_companies(session, user, member, body)
    return ok(None, {})


@router.post(
    "/company/{location_id}/users/{user_id}/remove_from_companies",
    dependencies=[needs("delete_users_access")],
    summary="Removing a User from Companies",
    openapi_extra={
        "x-parlour-note": "The caller needs delete_users_access at every location named."
    },
)
async def remove_user_from_locations(
    session: SessionDep, user: CurrentUser, member: LocationUserDep, body: CompanyLinks
) -> JSONResponse:
    await service.remove_from_companies(session, user, member, body)
    return ok(None, {})
