"""Notification settings: the location's notification types, a user's settings."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import JSONResponse

from parlour.deps import LocationDep, LocationUserDep, SessionDep, needs
from parlour.kit.envelope import ok, ok_list
from parlour.notifications import repository as repo
from parlour.notifications import service
from parlour.notifications.schemas import SettingsUpdate

router = APIRouter(tags=["Notification Settings"])


@router.get(
    "/notification_settings/{location_id}/notification_types",
    dependencies=[needs("settings_notifications_access")],
    summary="Get notification settings in a location",
    openapi_extra={
        "x-parlour-note": "A channel is 1 when at least one user of the location gets that "
        "type on it."
    },
)
async def get_location_notification_settings(
    session: SessionDep, location: LocationDep
) -> JSONResponse:
    members = [m for m, _ in await repo.recipients(session, location.id)]
    return ok_list(service.location_types(members))


@router.get(
    "/notification_settings/{location_id}/users/{user_id}",
    dependencies=[needs("settings_notifications_access")],
    summary="Get User Notification Settings",
    openapi_extra={"x-parlour-note": "mode is admin, staff or disabled."},
)
async def get_user_notification_settings(member: LocationUserDep) -> JSONResponse:
    return ok(service.user_settings(member), [])


@router.post(
    "/notification_settings/{location_id}/users/{user_id}",
    dependencies=[needs("settings_notifications_access")],
    summary="Change User Push Notification Settings",
    openapi_extra={
        "x-parlour-note": "Only the push flags of the types of the user's mode family change; "
        "other types are left alone. Parlour also takes mode (admin, staff or its alias "
        "team_member, disabled)."
    },
)
async def update_user_notification_settings(
    session: SessionDep, member: LocationUserDep, body: SettingsUpdate
) -> JSONResponse:
    await service.update(session, member, body)
    return ok(service.user_settings(member), [])
