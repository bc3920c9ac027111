"""Tags (upstream "Tags", deprecated but in use; the legacy "Categories" pages):
/labels/{location_id}/..."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query
from fastapi.responses import JSONResponse

from parlour.deps import AccessDep, LocationDep, SessionDep, TagDep, needs
from parlour.kit.envelope import EnvelopeResponse, ok, saved
from parlour.kit.pagination import list_meta
from parlour.tags import repository as repo
from parlour.tags import service
from parlour.tags.schemas import ClientTagCreate, TagWrite

router = APIRouter(tags=["Tags"])

QText = Annotated[str | None, Query(max_length=255)]


@router.post(
    "/labels/{location_id}",
    dependencies=[needs("settings_access")],
    summary="Create tag",
    openapi_extra={
        "x-parlour-note": "title, color, entity and icon are read from the JSON body or, as "
        "the legacy page lists them, from the query string (the body wins). entity: 0 "
        "common, 1 client, 2 record, 3 event; color #RRGGBB."
    },
)
async def create_tag(
    access: AccessDep,
    session: SessionDep,
    location: LocationDep,
    body: TagWrite | None = None,
    title: QText = None,
    color: QText = None,
    entity: Annotated[int | None, Query(ge=0, le=3)] = None,
    icon: QText = None,
) -> JSONResponse:
    b = body or TagWrite()
    tag = await service.create(
        session,
        location,
        access,
        title=b.title if b.title is not None else title,
        color=b.color if b.color is not None else color,
        entity=b.entity if b.entity is not None else (entity or 0),
        icon=b.icon if b.icon is not None else icon,
    )
    return ok(service.render_created(tag))


# Literal paths before /labels/{location_id}/{entity}.
@router.post(
    "/labels/{location_id}/clients/create",
    dependencies=[needs("clients_access")],
    summary="Create a client tag",
    openapi_extra={"x-parlour-note": "A tag of entity 1 (clients), from the legacy pages."},
)
async def create_client_tag(
    access: AccessDep, session: SessionDep, location: LocationDep, body: ClientTagCreate
) -> JSONResponse:
    tag = await service.create(
        session,
        location,
        access,
        title=body.title,
        color=body.color,
        entity=service.CLIENT,
        icon="",
        right="clients_access",
    )
    return ok(service.render_created(tag))


@router.get(
    "/labels/{location_id}/clients",
    dependencies=[needs("clients_access")],
    summary="Get client tags",
    openapi_extra={
        "x-parlour-note": "The client tags (entity 1) and the common ones (entity 0), in the "
        "usual envelope with list meta, as the legacy page shows."
    },
)
async def list_client_tags(session: SessionDep, location: LocationDep) -> JSONResponse:
    tags = await repo.list_tags(session, location.id, [service.COMMON, service.CLIENT])
    data = [service.render(t) for t in tags]
    return ok(data, list_meta(data, None))


@router.get(
    "/labels/{location_id}/{entity}",
    dependencies=[needs("timetable_access")],
    summary="Get tags by entity",
    openapi_extra={
        "x-parlour-note": "A bare JSON array (no envelope), as upstream's sample shows; the "
        "tags of that entity only."
    },
)
async def get_tag_list_by_entity(
    session: SessionDep, location: LocationDep, entity: Annotated[int, Path(ge=0, le=3)]
) -> JSONResponse:
    tags = await repo.list_tags(session, location.id, [entity])
    return EnvelopeResponse([service.render(t) for t in tags])


@router.put(
    "/labels/{location_id}/{tag_id}",
    dependencies=[needs("settings_access")],
    status_code=202,
    summary="Update tag",
    openapi_extra={"x-parlour-note": "Fields not sent keep their values; answers 202."},
)
async def update_tag_by_tag_id(
    access: AccessDep, session: SessionDep, location: LocationDep, tag: TagDep, body: TagWrite
) -> JSONResponse:
    await service.update(
        session,
        location,
        access,
        tag,
        title=body.title,
        color=body.color,
        entity=body.entity,
        icon=body.icon,
    )
    return saved("Accepted", status_code=202)


@router.delete(
    "/labels/{location_id}/{tag_id}",
    dependencies=[needs("settings_access")],
    summary="Delete tag",
    openapi_extra={
        "x-parlour-note": "Soft delete; clients, records and events stop showing the tag. "
        "Upstream answers 200 with meta.message here."
    },
)
async def delete_tag_by_tag_id(access: AccessDep, session: SessionDep, tag: TagDep) -> JSONResponse:
    await service.delete(session, access, tag)
    return saved("Accepted")
