"""Memberships ("abonements" upstream): the chain's membership types, the location's type
lists, a client's memberships (by phone, by the signed-in account, by the chain), the chain's
changes to a membership, and the event-series checks; plus Parlour's extension route that
sells a membership. Importing this module also plugs the ``loyalty_abonement`` payment method
into checkout (``memberships.checkout``)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request, Response
from fastapi.responses import JSONResponse

from parlour.auth.access import Access, check_right
from parlour.deps import (
    AccessDep,
    ChainDep,
    ClientDep,
    CurrentUser,
    LocationDep,
    SessionDep,
    current_membership,
    load_location,
    member_location,
    needs,
    needs_in_chain,
)
from parlour.kit.envelope import ok
from parlour.kit.extension import extension
from parlour.kit.ids import MAX_ID, PathId
from parlour.kit.pagination import page_of
from parlour.kit.query import id_list, id_list_or_empty
from parlour.kit.timeutil import parse_datetime, zone
from parlour.memberships import checkout as _checkout  # noqa: F401  (registers the method)
from parlour.memberships import service
from parlour.memberships.schemas import (
    ArchiveBody,
    BalanceBody,
    FreezeBody,
    MembershipSell,
    PeriodBody,
    TypeWrite,
)
from parlour.memberships.service import RIGHT, UTC_ZONE
from parlour.models import ClientMembership, Location, MembershipType

router = APIRouter(tags=["Memberships"])

CompanyId = Annotated[int, Query(ge=1, le=MAX_ID)]
TYPES = "/chain/{chain_id}/loyalty/abonement_types"
TYPE = TYPES + "/{loyalty_membership_type_id}"
ONE = "/chain/{chain_id}/loyalty/abonements/{membership_id}"
ACTIVITY = "/company/{location_id}/client/{client_id}/loyalty/abonements"
CATALOG_NOTE = (
    "Upstream's catalog writes this path with /api/v1 inside it (served here at "
    "/api/v1/api/v1/...); the same operation answers at /api/v1{path} too."
)


async def query_location(
    request: Request, session: SessionDep, user: CurrentUser, company_id: CompanyId
) -> Location:
    """The location named by the ``company_id`` query parameter, for a member of it."""
    return await member_location(request, session, user, company_id)


QueryLocationDep = Annotated[Location, Depends(query_location)]


def needs_at_query_location(right: str) -> Any:
    """The route's right at the location of the ``company_id`` query parameter."""
    check_right(right)

    async def gate(request: Request, _location: QueryLocationDep) -> None:
        Access.of(current_membership(request)).require(right)

    gate.parlour_right = right  # type: ignore[attr-defined]
    return Depends(gate)


async def _memberships(
    session: SessionDep, rows: list[ClientMembership], tz_name: str
) -> JSONResponse:
    data = await service.render_memberships(session, rows, tz_name)
    return ok(data, {"count": len(data)})


async def _one_type(session: SessionDep, kind: MembershipType) -> dict[str, Any]:
    return (await service.render_types(session, [kind], full=True))[0]


# --- Subscriptions & Certificates -------------------------------------------------------------


@router.get(
    "/loyalty/abonements",
    dependencies=[needs_at_query_location(RIGHT)],
    summary="Get Client Memberships",
)
async def get_client_memberships(
    session: SessionDep,
    location: QueryLocationDep,
    phone: Annotated[str, Query(min_length=1, max_length=32)],
) -> JSONResponse:
    rows = await service.by_phone(session, location, phone)
    return await _memberships(session, rows, location.timezone_name)


@router.get(
    "/user/loyalty/abonements",
    summary="Get User Memberships",
    openapi_extra={
        "x-parlour-note": "The signed-in account's own memberships valid at the location, "
        "found by the account's phone."
    },
)
async def get_user_memberships(
    session: SessionDep, user: CurrentUser, company_id: CompanyId
) -> JSONResponse:
    location = await load_location(session, company_id)
    rows = await service.of_user(session, user, location.id)
    return await _memberships(session, rows, location.timezone_name)


@router.get(
    "/chain/{chain_id}/loyalty/abonements",
    dependencies=[needs_in_chain(RIGHT)],
    summary="Get a List of Memberships by Filter",
)
async def get_membership_list(
    session: SessionDep,
    chain: ChainDep,
    abonements_ids: Annotated[list[int], Depends(id_list_or_empty("abonements_ids"))],
    created_after: Annotated[str | None, Query(max_length=64)] = None,
    created_before: Annotated[str | None, Query(max_length=64)] = None,
    page: Annotated[int | None, Query(ge=1, le=1_000_000)] = None,
    count: Annotated[int | None, Query(ge=1, le=1000)] = None,
) -> JSONResponse:
    tz = zone(UTC_ZONE)
    after = parse_datetime(created_after, tz, "created_after") if created_after else None
    before = parse_datetime(created_before, tz, "created_before") if created_before else None
    paging = page_of(page, count, default=25, maximum=1000)
    rows, total = await service.chain_page(
        session, chain, after=after, before=before, ids=abonements_ids, page=paging
    )
    data = await service.render_memberships(session, rows, UTC_ZONE)
    return ok(data, {"count": total})


@router.get(
    "/company/{location_id}/loyalty/abonement_types/fetch",
    dependencies=[needs(RIGHT)],
    summary="Get a List of Membership Types by ID",
)
async def get_membership_type_list_by_id(
    session: SessionDep,
    location: LocationDep,
    ids: Annotated[list[int] | None, Depends(id_list("ids"))],
    id: Annotated[int | None, Query(ge=1, le=MAX_ID)] = None,
) -> JSONResponse:
    wanted = sorted(set(ids or []) | ({id} if id else set()))
    rows, _total = await service.location_types(
        session, location, title=None, ids=wanted, page=page_of(1, 1000, default=1000, maximum=1000)
    )
    data = await service.render_types(session, rows, full=False)
    return ok(data, {"count": len(data)})


@router.get(
    "/company/{location_id}/loyalty/abonement_types/search",
    dependencies=[needs(RIGHT)],
    summary="Get a List of Available Membership Types",
)
async def get_membership_type_list(
    session: SessionDep,
    location: LocationDep,
    title: Annotated[str | None, Query(max_length=255)] = None,
    page: Annotated[int | None, Query(ge=1, le=1_000_000)] = None,
    page_size: Annotated[int | None, Query(ge=1, le=100)] = None,
) -> JSONResponse:
    paging = page_of(page, page_size, default=25, maximum=100)
    rows, total = await service.location_types(
        session, location, title=title, ids=None, page=paging
    )
    data = await service.render_types(session, rows, full=False)
    return ok(data, {"count": total})


async def _search_for_activity(
    session: SessionDep,
    location: Location,
    client: ClientDep,
    activity_id: int | None,
    schedule_id: int | None,
) -> JSONResponse:
    rows = await service.for_activity(
        session, location, client, activity_id=activity_id, schedule_id=schedule_id
    )
    return await _memberships(session, rows, location.timezone_name)


async def _check_for_activity(
    session: SessionDep,
    location: Location,
    client: ClientDep,
    membership_id: int,
    activity_id: int | None,
    schedule_id: int | None,
    day_ids: list[int],
) -> JSONResponse:
    data = await service.check_for_activity(
        session,
        location,
        client,
        membership_id,
        schedule_id=schedule_id,
        activity_id=activity_id,
        day_ids=day_ids,
    )
    return ok(data)


OptionalId = Annotated[int | None, Query(ge=1, le=MAX_ID)]
DayIds = Annotated[list[int], Depends(id_list_or_empty("schedule_day_ids"))]


@router.get(
    "/api/v1" + ACTIVITY + "/search_for_activity",
    dependencies=[needs(RIGHT)],
    summary="Search available subscriptions for event",
    openapi_extra={"x-parlour-note": CATALOG_NOTE.format(path=ACTIVITY + "/search_for_activity")},
)
async def search_memberships_for_event(
    session: SessionDep,
    location: LocationDep,
    client: ClientDep,
    activity_id: OptionalId = None,
    schedule_id: OptionalId = None,
) -> JSONResponse:
    return await _search_for_activity(session, location, client, activity_id, schedule_id)


@router.get(
    ACTIVITY + "/search_for_activity",
    dependencies=[needs(RIGHT)],
    summary="Search available subscriptions for event",
    openapi_extra=extension("The catalog's /api/v1/api/v1/... operation at its plain path."),
)
async def search_memberships_for_event_plain(
    session: SessionDep,
    location: LocationDep,
    client: ClientDep,
    activity_id: OptionalId = None,
    schedule_id: OptionalId = None,
) -> JSONResponse:
    return await _search_for_activity(session, location, client, activity_id, schedule_id)


@router.get(
    "/api/v1" + ACTIVITY + "/{membership_id}/check_for_activity",
    dependencies=[needs(RIGHT)],
    summary="Check membership availability for event",
    openapi_extra={
        "x-parlour-note": CATALOG_NOTE.format(path=ACTIVITY + "/{membership_id}/check_for_activity")
    },
)
async def check_memberships_for_event(
    session: SessionDep,
    location: LocationDep,
    client: ClientDep,
    membership_id: PathId,
    schedule_day_ids: DayIds,
    activity_id: OptionalId = None,
    schedule_id: OptionalId = None,
) -> JSONResponse:
    return await _check_for_activity(
        session, location, client, membership_id, activity_id, schedule_id, schedule_day_ids
    )


@router.get(
    ACTIVITY + "/{membership_id}/check_for_activity",
    dependencies=[needs(RIGHT)],
    summary="Check membership availability for event",
    openapi_extra=extension("The catalog's /api/v1/api/v1/... operation at its plain path."),
)
async def check_memberships_for_event_plain(
    session: SessionDep,
    location: LocationDep,
    client: ClientDep,
    membership_id: PathId,
    schedule_day_ids: DayIds,
    activity_id: OptionalId = None,
    schedule_id: OptionalId = None,
) -> JSONResponse:
    return await _check_for_activity(
        session, location, client, membership_id, activity_id, schedule_id, schedule_day_ids
    )


@router.post(
    "/company/{location_id}/loyalty/abonements",
    status_code=201,
    dependencies=[needs(RIGHT)],
    summary="Sell a membership",
    openapi_extra=extension(
        "Parlour extension (also `parlour memberships sell`): sells a membership of a chain's "
        "type to a client: a goods sale document of the type's product (paid through the "
        "sale's checkout) and the membership, with a generated code unless the type allows "
        "none or one is given. Answers the membership, with the document's id."
    ),
)
async def sell_membership(
    access: AccessDep, session: SessionDep, location: LocationDep, body: MembershipSell
) -> JSONResponse:
    row = await service.sell(session, location, access.user_id, body)
    data = (await service.render_memberships(session, [row], location.timezone_name))[0]
    return ok({**data, "document_id": row.document_id or 0}, status_code=201)


# --- Chain Loyalty Programs: memberships -------------------------------------------------------


async def _changed(session: SessionDep, row: ClientMembership) -> JSONResponse:
    # Upstream's samples answer a one-item list with its count.
    return await _memberships(session, [row], UTC_ZONE)


@router.post(ONE + "/freeze", dependencies=[needs_in_chain(RIGHT)], summary="Freeze membership")
async def chain_loyalty_memberships_freeze(
    session: SessionDep, chain: ChainDep, membership_id: PathId, body: FreezeBody
) -> JSONResponse:
    return await _changed(session, await service.freeze(session, chain, membership_id, body))


@router.post(ONE + "/unfreeze", dependencies=[needs_in_chain(RIGHT)], summary="Unfreeze membership")
async def chain_loyalty_memberships_unfreeze(
    session: SessionDep, chain: ChainDep, membership_id: PathId
) -> JSONResponse:
    return await _changed(session, await service.unfreeze(session, chain, membership_id))


@router.post(
    ONE + "/set_balance",
    dependencies=[needs_in_chain(RIGHT)],
    summary="Change membership balance",
)
async def chain_loyalty_memberships_set_balance(
    session: SessionDep, chain: ChainDep, membership_id: PathId, body: BalanceBody
) -> JSONResponse:
    return await _changed(session, await service.set_balance(session, chain, membership_id, body))


@router.post(
    ONE + "/set_period",
    dependencies=[needs_in_chain(RIGHT)],
    summary="Change membership validity period",
)
async def chain_loyalty_memberships_set_period(
    session: SessionDep, chain: ChainDep, membership_id: PathId, body: PeriodBody
) -> JSONResponse:
    return await _changed(session, await service.set_period(session, chain, membership_id, body))


# --- Chain Loyalty Programs: membership types -------------------------------------------------


@router.get(TYPES, dependencies=[needs_in_chain(RIGHT)], summary="List membership types")
async def chain_loyalty_membership_types_list(session: SessionDep, chain: ChainDep) -> JSONResponse:
    rows = await service.list_types(session, chain)
    data = await service.render_types(session, rows, full=True)
    return ok(data, {"count": len(data)})


@router.post(
    TYPES,
    status_code=201,
    dependencies=[needs_in_chain(RIGHT)],
    summary="Create membership type",
)
async def chain_loyalty_membership_types_create(
    session: SessionDep, chain: ChainDep, body: TypeWrite
) -> JSONResponse:
    kind = await service.create_type(session, chain, body)
    return ok(await _one_type(session, kind), status_code=201)


@router.get(TYPE, dependencies=[needs_in_chain(RIGHT)], summary="Get membership type details")
async def chain_loyalty_membership_types_read(
    session: SessionDep, chain: ChainDep, loyalty_membership_type_id: PathId
) -> JSONResponse:
    kind = await service.get_type(session, chain, loyalty_membership_type_id)
    return ok(await _one_type(session, kind))


@router.put(TYPE, dependencies=[needs_in_chain(RIGHT)], summary="Update membership type")
async def chain_loyalty_membership_types_update(
    session: SessionDep, chain: ChainDep, loyalty_membership_type_id: PathId, body: TypeWrite
) -> JSONResponse:
    kind = await service.update_type(session, chain, loyalty_membership_type_id, body)
    return ok(await _one_type(session, kind))


@router.delete(
    TYPE,
    status_code=204,
    dependencies=[needs_in_chain(RIGHT)],
    summary="Delete membership type",
)
async def chain_loyalty_membership_types_delete(
    session: SessionDep, chain: ChainDep, loyalty_membership_type_id: PathId
) -> Response:
    await service.delete_type(session, chain, loyalty_membership_type_id)
    return Response(status_code=204)


@router.post(
    TYPE + "/clone",
    status_code=201,
    dependencies=[needs_in_chain(RIGHT)],
    summary="Clone membership type",
)
async def chain_loyalty_membership_types_clone(
    session: SessionDep, chain: ChainDep, loyalty_membership_type_id: PathId
) -> JSONResponse:
    kind = await service.clone_type(session, chain, loyalty_membership_type_id)
    return ok(await _one_type(session, kind), status_code=201)


@router.post(
    TYPE + "/restore",
    dependencies=[needs_in_chain(RIGHT)],
    summary="Restore deleted membership type",
)
async def chain_loyalty_membership_types_restore(
    session: SessionDep, chain: ChainDep, loyalty_membership_type_id: PathId
) -> JSONResponse:
    kind = await service.restore_type(session, chain, loyalty_membership_type_id)
    return ok(await _one_type(session, kind))


@router.patch(
    TYPE + "/archive",
    dependencies=[needs_in_chain(RIGHT)],
    summary="Archive or unarchive membership type",
)
async def chain_loyalty_membership_types_archive(
    session: SessionDep, chain: ChainDep, loyalty_membership_type_id: PathId, body: ArchiveBody
) -> JSONResponse:
    kind = await service.archive_type(session, chain, loyalty_membership_type_id, body.is_archived)
    return ok(await _one_type(session, kind))
