"""Custom fields: GET/POST /custom_fields/{field_category}/{location_id},
PUT/DELETE /custom_fields/{field_category}/{location_id}/{field_id}."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path
from fastapi.responses import JSONResponse

from parlour.custom_fields import repository as repo
from parlour.custom_fields import service
from parlour.custom_fields.schemas import CustomFieldCreate, CustomFieldUpdate
from parlour.deps import AccessDep, LocationDep, SessionDep, needs
from parlour.kit.envelope import ok, ok_list, saved
from parlour.kit.ids import PathId

router = APIRouter(tags=["Custom Fields"])

Category = Annotated[str, Path(max_length=32)]


@router.get(
    "/custom_fields/{field_category}/{location_id}",
    dependencies=[needs("settings_access")],
    summary="Get location fields",
)
async def get_custom_field_list(
    session: SessionDep, location: LocationDep, field_category: Category
) -> JSONResponse:
    category = service.category_of(field_category)
    fields = await repo.list_fields(session, location.id, category)
    return ok_list([service.render(f) for f in fields])


@router.post(
    "/custom_fields/{field_category}/{location_id}",
    dependencies=[needs("settings_access")],
    summary="Add a custom field",
)
async def create_custom_field(
    access: AccessDep,
    session: SessionDep,
    location: LocationDep,
    field_category: Category,
    body: CustomFieldCreate,
) -> JSONResponse:
    category = service.category_of(field_category)
    field = await service.create(session, location, access, category, body)
    # Upstream answers 200 (not 201) here.
    return ok(service.render(field))


@router.put(
    "/custom_fields/{field_category}/{location_id}/{field_id}",
    dependencies=[needs("settings_access")],
    status_code=202,
    summary="Update a custom field",
    openapi_extra={
        "x-parlour-note": "Answers 202 with meta.message 'Saved' as the legacy docs show "
        "(the blueprint says 204); fields not sent keep their values."
    },
)
async def update_custom_field(
    access: AccessDep,
    session: SessionDep,
    location: LocationDep,
    field_category: Category,
    field_id: PathId,
    body: CustomFieldUpdate,
) -> JSONResponse:
    category = service.category_of(field_category)
    await service.update(session, location, access, category, field_id, body)
    return saved("Saved", status_code=202)


@router.delete(
    "/custom_fields/{field_category}/{location_id}/{field_id}",
    dependencies=[needs("settings_access")],
    summary="Remove a custom field",
)
async def delete_custom_field(
    access: AccessDep,
    session: SessionDep,
    location: LocationDep,
    field_category: Category,
    field_id: PathId,
) -> JSONResponse:
    category = service.category_of(field_category)
    await service.delete(session, location, access, category, field_id)
    return saved("Deleted")
