"""Gift certificates: the chain's certificate types (Chain Loyalty Programs), the location's
types and the client's certificates (Subscriptions & Certificates), the chain's loyalty
notification templates, and Parlour's sale of a certificate (x-parlour).

Importing this module registers the ``loyalty_certificate`` payment method with checkout
(``certificates.service``)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import JSONResponse

from parlour.auth import service as auth_service
from parlour.auth.access import Access
from parlour.certificates import service
from parlour.certificates.schemas import CertificateSale, CertificateTypeWrite
from parlour.deps import (
    AccessDep,
    ChainDep,
    CurrentUser,
    LocationDep,
    SessionDep,
    load_location,
    needs,
    needs_in_chain,
)
from parlour.errors import AccessDenied
from parlour.kit.envelope import EnvelopeResponse, ok, ok_list
from parlour.kit.extension import extension
from parlour.kit.ids import MAX_ID, PathId
from parlour.kit.pagination import list_meta, page_of
from parlour.kit.query import id_list_or_empty
from parlour.models import Location

router = APIRouter(tags=["Gift certificates"])

RIGHT = service.RIGHT
TYPES = "/chain/{chain_id}/loyalty/certificate_types"
Title = Annotated[str | None, Query(max_length=255)]
PageNo = Annotated[int | None, Query(ge=1, le=1_000_000)]
PageSize = Annotated[int | None, Query(ge=1, le=service.TYPES_MAX)]
CompanyId = Annotated[int, Query(ge=1, le=MAX_ID)]


async def query_location(
    request: Request, session: SessionDep, user: CurrentUser, company_id: CompanyId
) -> Location:
    """The location named by the ``company_id`` query parameter, for a member holding the
    loyalty right there (else 403)."""
    location = await load_location(session, company_id)
    member = await auth_service.membership(session, user.id, location.id)
    if member is None or not member.is_approved:
        raise AccessDenied()
    Access.of(member).require(RIGHT)
    return location


QueryLocationDep = Annotated[Location, Depends(query_location)]


# --- Chain Loyalty Programs: certificate types -----------------------------------------------


@router.get(TYPES, dependencies=[needs_in_chain(RIGHT)], summary="List certificate types")
async def chain_loyalty_certificate_types_list(
    session: SessionDep,
    chain: ChainDep,
    title: Title = None,
    page: PageNo = None,
    page_size: PageSize = None,
) -> JSONResponse:
    paging = page_of(page, page_size, default=service.TYPES_PAGE, maximum=service.TYPES_MAX)
    data, total = await service.list_types(session, chain, title, paging)
    return ok(data, list_meta(total, paging))


@router.post(
    TYPES,
    dependencies=[needs_in_chain(RIGHT)],
    summary="Create certificate type",
    openapi_extra={
        "x-parlour-note": "Creates the type's goods item in each of its locations (salon_ids; "
        "all the chain's when empty), in the category 'Gift certificates'."
    },
)
async def chain_loyalty_certificate_types_create(
    session: SessionDep, chain: ChainDep, body: CertificateTypeWrite
) -> JSONResponse:
    return ok(await service.create_type(session, chain, body), [])


@router.get(
    TYPES + "/{type_id}", dependencies=[needs_in_chain(RIGHT)], summary="Get certificate type"
)
async def chain_loyalty_certificate_types_get(
    session: SessionDep, chain: ChainDep, type_id: PathId
) -> JSONResponse:
    return ok(await service.get_type(session, chain, type_id), [])


@router.put(
    TYPES + "/{type_id}",
    dependencies=[needs_in_chain(RIGHT)],
    summary="Update certificate type",
    openapi_extra={
        "x-parlour-note": "A type of which a certificate was sold is not changed (422). Its "
        "goods items follow the new title, price and locations."
    },
)
async def chain_loyalty_certificate_types_update(
    session: SessionDep, chain: ChainDep, type_id: PathId, body: CertificateTypeWrite
) -> JSONResponse:
    return ok(await service.update_type(session, chain, type_id, body), [])


@router.delete(
    TYPES + "/{type_id}",
    dependencies=[needs_in_chain(RIGHT)],
    summary="Delete certificate type",
    openapi_extra={
        "x-parlour-note": "A type of which a certificate was sold is not deleted (422); its "
        "goods items are deleted with it."
    },
)
async def chain_loyalty_certificate_types_delete(
    session: SessionDep, chain: ChainDep, type_id: PathId
) -> JSONResponse:
    await service.delete_type(session, chain, type_id)
    return ok(None, [])


@router.get(
    "/chain/{chain_id}/loyalty/notification_message_templates/programs",
    dependencies=[needs_in_chain(RIGHT)],
    summary="Get a list of loyalty notification templates",
    openapi_extra={
        "x-parlour-note": "Parlour's standard templates (the same in every chain); answered as "
        "bare JSON, as upstream's sample shows."
    },
)
async def get_chain_loyalty_notification_template_list(
    session: SessionDep, chain: ChainDep
) -> JSONResponse:
    return EnvelopeResponse(await service.notification_templates(session, chain))


# --- Subscriptions & Certificates ------------------------------------------------------------


@router.get(
    "/loyalty/certificates",
    summary="Get client gift cards",
    openapi_extra={
        "x-parlour-note": "The location is the company_id query parameter: the caller must be "
        "a member there with loyalty_access (403 otherwise)."
    },
)
async def get_client_gift_cards(
    session: SessionDep,
    location: QueryLocationDep,
    phone: Annotated[str, Query(min_length=1, max_length=64)],
) -> JSONResponse:
    return ok_list(await service.by_phone(session, location, phone))


@router.get(
    "/user/loyalty/certificates",
    summary="Get user gift cards",
    openapi_extra={
        "x-parlour-note": "The signed-in account's own certificates in the chains of the "
        "company_id location, found by the account's phone."
    },
)
async def get_user_gift_cards(
    session: SessionDep, user: CurrentUser, company_id: CompanyId
) -> JSONResponse:
    return ok_list(await service.of_user(session, user, company_id))


@router.get(
    "/company/{location_id}/loyalty/certificate_types/fetch",
    dependencies=[needs(RIGHT)],
    summary="Get a List of Gift Card Types by ID",
)
async def get_gift_card_type_list_by_id(
    session: SessionDep,
    location: LocationDep,
    ids: Annotated[list[int], Depends(id_list_or_empty("ids"))],
) -> JSONResponse:
    paging = page_of(1, service.TYPES_MAX, default=service.TYPES_MAX, maximum=service.TYPES_MAX)
    data, _total = await service.location_types(session, location, ids=ids, page=paging)
    return ok_list(data)


@router.get(
    "/company/{location_id}/loyalty/certificate_types/search",
    dependencies=[needs(RIGHT)],
    summary="Get a List of Available Gift Card Types",
)
async def get_gift_card_type_list(
    session: SessionDep,
    location: LocationDep,
    title: Title = None,
    page: PageNo = None,
    page_size: PageSize = None,
) -> JSONResponse:
    paging = page_of(
        page, page_size, default=service.LOCATION_TYPES_PAGE, maximum=service.TYPES_MAX
    )
    data, total = await service.location_types(session, location, title=title, page=paging)
    return ok(data, list_meta(total, paging))


# --- Parlour: selling a certificate ----------------------------------------------------------


@router.post(
    "/company/{location_id}/loyalty/certificates",
    status_code=201,
    dependencies=[needs(RIGHT)],
    summary="Sell a gift certificate",
    openapi_extra=extension(
        "Upstream sells certificates only through its own cash desk; Parlour sells one here "
        "(and with `parlour certificates sell`): the certificate (activated, its code generated "
        "unless given or the type allows none) and a goods sale document holding the type's "
        "goods item, which GET /company/{location_id}/sale/{document_id} then charges. "
        "Answers the certificate as GET /loyalty/certificates shows it, plus document_id."
    ),
)
async def sell_gift_certificate(
    session: SessionDep, location: LocationDep, access: AccessDep, body: CertificateSale
) -> JSONResponse:
    return ok(await service.sell(session, location, access.user_id, body), status_code=201)
