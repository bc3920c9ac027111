"""Clients: the card, search, bulk create, comments, files and visit history."""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated, Any

from fastapi import APIRouter, Body, Depends, File, Form, Query, Request, UploadFile
from fastapi.responses import FileResponse, JSONResponse, Response

from parlour.clients import files, service, visits
from parlour.clients import repository as repo
from parlour.clients.schemas import ClientSearch, ClientWrite, CommentCreate, VisitSearch
from parlour.config import Settings
from parlour.deps import (
    AccessDep,
    ClientByIdDep,
    ClientDep,
    CurrentUser,
    LocationDep,
    SessionDep,
    needs,
)
from parlour.errors import ClientFileNotFound, ValidationFailed
from parlour.kit.envelope import ok, saved
from parlour.kit.ids import PathId, QueryId
from parlour.kit.pagination import list_meta, page_of
from parlour.kit.query import id_list

router = APIRouter(tags=["Clients"])

MAX_BULK = 1000


def _settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


@router.post(
    "/clients/{location_id}",
    dependencies=[needs("clients_access")],
    status_code=201,
    summary="Add a client",
)
async def create_client(
    session: SessionDep, location: LocationDep, body: ClientWrite
) -> JSONResponse:
    client = await service.create(session, location, body)
    return ok(await service.render_one(session, location, client), status_code=201)


@router.post(
    "/company/{location_id}/clients/search",
    dependencies=[needs("clients_access")],
    summary="Get a list of clients",
)
async def get_client_list(
    session: SessionDep, location: LocationDep, body: ClientSearch | None = None
) -> JSONResponse:
    items, total = await service.search_clients(session, location, body or ClientSearch())
    return ok(items, list_meta(total, count=len(items)))


@router.post(
    "/company/{location_id}/clients/visits/search",
    dependencies=[needs("clients_access")],
    summary="Search by customer history",
)
async def search_client_visits(
    session: SessionDep, location: LocationDep, body: VisitSearch
) -> JSONResponse:
    result = await visits.search(session, location, body)
    return ok(result["data"], result["meta"])


@router.post(
    "/clients/{location_id}/bulk",
    dependencies=[needs("clients_access")],
    summary="Bulk adding clients",
    openapi_extra={
        "x-parlour-note": f"Valid rows are saved, invalid ones listed in data.errors; at most "
        f"{MAX_BULK} rows per request."
    },
)
async def bulk_create_clients(
    session: SessionDep, location: LocationDep, rows: Annotated[Any, Body()]
) -> JSONResponse:
    if not isinstance(rows, list):
        raise ValidationFailed.field("body", "expected a list of clients")
    if len(rows) > MAX_BULK:
        raise ValidationFailed.field("body", f"at most {MAX_BULK} clients per request")
    created, errors = await service.bulk_create(session, location, rows)
    data = await service.render(session, location, created)
    return ok({"created": data, "errors": errors})


@router.get(
    "/clients/{location_id}",
    dependencies=[needs("clients_access")],
    summary="Get a list of clients (deprecated)",
    openapi_extra={
        "x-parlour-note": "paid_min/paid_max compare with the amount of arrived "
        "records; paid_max=0 means no upper bound."
    },
)
async def deprecated_get_client_list(
    session: SessionDep,
    location: LocationDep,
    ids: Annotated[list[int] | None, Depends(id_list("id", plain=False))],
    fullname: Annotated[str | None, Query(max_length=255)] = None,
    phone: Annotated[str | None, Query(max_length=64)] = None,
    email: Annotated[str | None, Query(max_length=255)] = None,
    card: Annotated[str | None, Query(max_length=255)] = None,
    paid_min: Annotated[Decimal | None, Query(ge=0, le=10**15)] = None,
    paid_max: Annotated[Decimal | None, Query(ge=0, le=10**15)] = None,
    id: QueryId = None,
    changed_after: Annotated[str | None, Query(max_length=64)] = None,
    changed_before: Annotated[str | None, Query(max_length=64)] = None,
    page: Annotated[int | None, Query(ge=1, le=1_000_000)] = None,
    count: Annotated[int | None, Query(ge=1, le=1000)] = None,
) -> JSONResponse:
    paging = page_of(page, count, default=20, maximum=200)
    wanted = [*(ids or []), *([id] if id else [])]
    rows, total = await service.list_deprecated(
        session,
        location,
        fullname=fullname,
        phone=phone,
        email=email,
        card=card,
        paid_min=paid_min,
        paid_max=paid_max,
        ids=wanted,
        changed_after=changed_after,
        changed_before=changed_before,
        page=paging.page,
        count=paging.count,
    )
    return ok(rows, list_meta(total, paging))


@router.get(
    "/client/{location_id}/{id}", dependencies=[needs("clients_access")], summary="Get a client"
)
async def get_client(
    session: SessionDep, location: LocationDep, client: ClientByIdDep
) -> JSONResponse:
    return ok(await service.render_one(session, location, client))


@router.put(
    "/client/{location_id}/{id}", dependencies=[needs("clients_access")], summary="Edit client"
)
async def update_client(
    session: SessionDep, location: LocationDep, client: ClientByIdDep, body: ClientWrite
) -> JSONResponse:
    client = await service.update(session, location, client, body)
    return ok(await service.render_one(session, location, client))


@router.delete(
    "/client/{location_id}/{id}",
    dependencies=[needs("clients_delete_access")],
    status_code=204,
    summary="Delete client",
)
async def delete_client(
    request: Request, session: SessionDep, location: LocationDep, client: ClientByIdDep
) -> Response:
    keys = await service.delete(session, client)
    files.remove_after_commit(session, _settings(request), keys)
    return Response(status_code=204)


# Comments


@router.get(
    "/clients/{location_id}/clients/{client_id}/comments",
    dependencies=[needs("client_comments_list_access")],
    summary="List of comments for a client",
)
async def list_client_comments(
    request: Request, session: SessionDep, location: LocationDep, client: ClientDep
) -> JSONResponse:
    rows = await repo.comments(session, client)
    users = await repo.users_by_id(session, [c.user_id for c in rows if c.user_id])
    settings = _settings(request)
    data = []
    for c in rows:
        link = None
        if c.file_id:
            f = await repo.file(session, client, c.file_id)
            link = files.link_of(settings, f) if f else None
        data.append(service.render_comment(c, location, users, link))
    return ok(data, list_meta(data, key="count"))


@router.post(
    "/clients/{location_id}/clients/{client_id}/comments",
    dependencies=[needs("client_comments_add_access")],
    status_code=201,
    summary="Add a comment for a client",
)
async def create_client_comment(
    session: SessionDep,
    location: LocationDep,
    user: CurrentUser,
    client: ClientDep,
    body: CommentCreate,
) -> JSONResponse:
    comment = await service.add_comment(session, client, user, body.text)
    return ok(service.render_comment(comment, location, {user.id: user}, None), {}, status_code=201)


@router.delete(
    "/clients/{location_id}/clients/{client_id}/comments/{comment_id}",
    dependencies=[needs("client_comments_own_edit_access")],
    status_code=204,
    summary="Delete a comment for a client",
)
async def delete_client_comment(
    session: SessionDep,
    location: LocationDep,
    client: ClientDep,
    comment_id: PathId,
) -> Response:
    await service.delete_comment(session, client, comment_id)
    return Response(status_code=204)


# Files


@router.get(
    "/company/{location_id}/clients/files/{client_id}",
    dependencies=[needs("client_files_list_access")],
    summary="List client files",
)
async def get_client_file_list(
    request: Request,
    session: SessionDep,
    location: LocationDep,
    access: AccessDep,
    client: ClientDep,
) -> JSONResponse:
    rows = list(await repo.files(session, client))
    data = await files.render(session, _settings(request), location, access, rows)
    return ok(data, list_meta(data, key="count"))


@router.post(
    "/company/{location_id}/clients/files/{client_id}",
    dependencies=[needs("client_files_upload_access")],
    status_code=201,
    summary="Upload a client file",
    openapi_extra={
        "x-parlour-note": "Not an upstream operation: multipart form with 'file' (and an "
        "optional 'description'); answers 201 with the file object, 413 past the size limit."
    },
)
async def upload_client_file(
    request: Request,
    session: SessionDep,
    location: LocationDep,
    user: CurrentUser,
    access: AccessDep,
    client: ClientDep,
    file: Annotated[UploadFile, File()],
    description: Annotated[str, Form(max_length=4096)] = "",
) -> JSONResponse:
    settings = _settings(request)
    stored = await files.upload(session, settings, client, user, file, description)
    data = await files.render(session, settings, location, access, [stored])
    return ok(data[0], status_code=201)


@router.get(
    "/company/{location_id}/clients/files/{client_id}/{file_id}",
    dependencies=[needs("client_files_list_access")],
    summary="Download a client file",
    openapi_extra={"x-parlour-note": "Not an upstream operation: the target of a file's link."},
)
async def download_client_file(
    request: Request,
    session: SessionDep,
    location: LocationDep,
    client: ClientDep,
    file_id: PathId,
) -> Response:
    found = await files.get(session, client, file_id)
    path = files.path_of(_settings(request), found.storage_key)
    if not path.is_file():
        raise ClientFileNotFound("File content is missing")
    return FileResponse(path, media_type=found.mime, filename=found.name)


@router.delete(
    "/company/{location_id}/clients/files/{client_id}/{file_id}",
    dependencies=[needs("client_files_delete_access")],
    status_code=202,
    summary="Delete a client file",
)
async def delete_client_file(
    request: Request,
    session: SessionDep,
    location: LocationDep,
    client: ClientDep,
    file_id: PathId,
) -> JSONResponse:
    key = await files.delete(session, client, file_id)
    files.remove_after_commit(session, _settings(request), [key])
    return saved("Accepted", status_code=202)
