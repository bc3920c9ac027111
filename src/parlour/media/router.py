"""Images (``/images/{entity}``) and tips (``/tips/{location_id}/settings``)."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Depends, File, Form, Path, Request, UploadFile
from fastapi.responses import FileResponse, JSONResponse

from parlour.auth import service as auth_service
from parlour.auth.access import Access
from parlour.config import Settings
from parlour.deps import CurrentUser, LocationDep, SessionDep, needs
from parlour.errors import AccessDenied, ImageNotFound, ValidationFailed
from parlour.kit.envelope import ok
from parlour.kit.ids import MAX_ID, PathId
from parlour.kit.pagination import list_meta
from parlour.media import images, tips
from parlour.media import repository as repo
from parlour.models import ImageGroup

router = APIRouter(tags=["Utilities"])

Entity = Annotated[Literal["master", "service"], Path(description="master or service")]
# The right each kind of picture takes: a service's picture is part of the service's card, a
# team member's is their avatar.
RIGHT_OF = {"service": "settings_services_edit_image_access", "master": "master_edit"}


def _settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


def _form_id(value: object, name: str) -> int | None:
    if value is None or value == "":
        return None
    try:
        number = int(str(value))
    except ValueError as exc:
        raise ValidationFailed.field(name, f"{name} must be a whole number") from exc
    if not 0 < number <= MAX_ID:
        raise ValidationFailed.field(name, f"{name} is out of range")
    return number


async def _require(session: SessionDep, user_id: int, location_id: int, right: str) -> None:
    member = await auth_service.membership(session, user_id, location_id)
    if member is None or not member.is_approved:
        raise AccessDenied()
    Access.of(member).require(right)


async def upload_gate(
    request: Request, session: SessionDep, user: CurrentUser, entity: Entity
) -> int:
    """The location the form names (``company_id``, or the team member's), once the caller's
    right there is checked; the handler receives it."""
    form = await request.form()
    location_id = await images.target_location(
        session,
        entity,
        _form_id(form.get("company_id"), "company_id"),
        _form_id(form.get("master_id"), "master_id"),
    )
    await _require(session, user.id, location_id, RIGHT_OF[entity])
    return location_id


async def delete_gate(
    request: Request, session: SessionDep, user: CurrentUser, entity: Entity
) -> ImageGroup:
    form = await request.form()
    group_id = _form_id(form.get("image_group_id"), "image_group_id")
    if group_id is None:
        raise ValidationFailed.field("image_group_id", "image_group_id is required")
    group = await images.group_location(session, group_id)
    await _require(session, user.id, group.location_id, RIGHT_OF[entity])
    return group


# The served OpenAPI reads the gate's right from this attribute (as deps.needs sets it); a team
# member's picture takes master_edit instead (x-parlour-note).
upload_gate.parlour_right = RIGHT_OF["service"]  # type: ignore[attr-defined]
delete_gate.parlour_right = RIGHT_OF["service"]  # type: ignore[attr-defined]
_ENTITY_NOTE = (
    "A service's picture takes settings_services_edit_image_access at the form's company_id; "
    "a team member's (entity master, master_id) takes master_edit at the member's location."
)


@router.post(
    "/images/{entity}",
    summary="Image upload",
    openapi_extra={
        "x-parlour-note": "JPEG or PNG up to the client-file size limit (413 past it, 422 for "
        "anything else). A new picture replaces the entity's previous one; a team member's "
        "becomes their avatar. " + _ENTITY_NOTE
    },
)
async def upload_image(
    request: Request,
    session: SessionDep,
    entity: Entity,
    location_id: Annotated[int, Depends(upload_gate)],
    image: Annotated[UploadFile, File()],
    service_id: Annotated[int | None, Form(gt=0, le=MAX_ID)] = None,
    master_id: Annotated[int | None, Form(gt=0, le=MAX_ID)] = None,
    company_id: Annotated[int | None, Form(gt=0, le=MAX_ID)] = None,
) -> JSONResponse:
    group, bound = await images.upload(
        session,
        _settings(request),
        location_id,
        entity,
        image,
        service_id=service_id,
        master_id=master_id,
    )
    rendered = images.render(group)
    # The reference sample spells the key with a trailing space; both spellings carry the group.
    data = {"image_binded": bound, "image_group": rendered, "image_group ": rendered}
    return ok(data, [])


@router.delete(
    "/images/{entity}",
    summary="Deleting images",
    openapi_extra={"x-parlour-note": "Form field image_group_id. " + _ENTITY_NOTE},
)
async def delete_image(
    request: Request,
    session: SessionDep,
    entity: Entity,
    group: Annotated[ImageGroup, Depends(delete_gate)],
) -> JSONResponse:
    await images.delete(session, _settings(request), entity, group)
    return ok({"success": True}, [])


@router.get(
    "/image_groups/{image_group_id}/{name}",
    summary="Download a picture",
    openapi_extra={
        "x-parlour": True,
        "x-parlour-note": "Not an upstream operation: the target of an image's path (public, "
        "as pictures show in the booking widget).",
    },
)
async def download_image(
    request: Request,
    session: SessionDep,
    image_group_id: PathId,
    name: Annotated[str, Path(max_length=32)],
) -> FileResponse:
    group = await repo.image(session, image_group_id)
    if group is None or name != f"basic.{group.image_type}":
        raise ImageNotFound()
    path = images.path_of(_settings(request), group)
    if not path.is_file():
        raise ImageNotFound("Image content is missing")
    return FileResponse(
        path,
        media_type=images.media_type(group),
        headers={"Cache-Control": "public, max-age=86400"},
    )


@router.get(
    "/tips/{location_id}/settings",
    dependencies=[needs("settings_master_access")],
    summary="Get a list of location team members with their tip settings",
    openapi_extra={
        "x-parlour-note": "Every live team member has settings, made on the first reading "
        "(this GET runs as a write)."
    },
)
async def get_team_member_tip_settings(
    request: Request, session: SessionDep, location: LocationDep
) -> JSONResponse:
    rows = await tips.ensure(session, location)
    data = await tips.render(session, _settings(request), location, rows, full=False)
    return ok(data)


async def _switch(
    request: Request, session: SessionDep, location: LocationDep, settings_id: int, on: bool
) -> JSONResponse:
    rows = await tips.switch(session, location, settings_id, enabled=on)
    data = await tips.render(session, _settings(request), location, rows, full=True)
    return ok(data, list_meta(data, key="count"))


@router.post(
    "/tips/{location_id}/settings/{master_tips_settings_id}/disable",
    dependencies=[needs("settings_master_access")],
    summary="Disable Tips for the team member",
)
async def disable_team_member_tips(
    request: Request, session: SessionDep, location: LocationDep, master_tips_settings_id: PathId
) -> JSONResponse:
    return await _switch(request, session, location, master_tips_settings_id, False)


@router.get(
    "/tips/{location_id}/settings/{master_tips_settings_id}/enable",
    dependencies=[needs("settings_master_access")],
    summary="Enable Tips for the team member",
    openapi_extra={"x-parlour-note": "A GET that writes, as upstream's: it runs as a write."},
)
async def enable_team_member_tips(
    request: Request, session: SessionDep, location: LocationDep, master_tips_settings_id: PathId
) -> JSONResponse:
    return await _switch(request, session, location, master_tips_settings_id, True)
