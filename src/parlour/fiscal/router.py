"""Fiscalization: receipts sent to the location's fiscal provider, the provider's callback,
the tax-system reference; plus Parlour's extension routes for the provider settings."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import JSONResponse

from parlour.db import Database
from parlour.deps import (
    AccessDep,
    CurrentPartner,
    LocationDep,
    SessionDep,
    get_database,
    needs,
)
from parlour.fiscal import repository as repo
from parlour.fiscal import service
from parlour.fiscal.schemas import Callback, PrintBill, SettingsWrite
from parlour.kit.envelope import ok
from parlour.kit.extension import extension
from parlour.kit.ids import PathId
from parlour.kit.pagination import page_of
from parlour.kit.query import optional_date
from parlour.payments import service as payments_service

router = APIRouter(tags=["Fiscalization"])

DatabaseDep = Annotated[Database, Depends(get_database)]
DayText = Annotated[str | None, Query(max_length=32)]


@router.get(
    "/kkm_transactions/{location_id}",
    dependencies=[needs("finances_kkm_transactions_access")],
    summary="Get transactions",
    openapi_extra={
        "x-parlour-note": "Receipts sent to the fiscal provider, newest first; status 2 sent, "
        "1 printed, 3 refused, 0 provider not reached; start_date and end_date are local days."
    },
)
async def get_fiscal_transaction_list(
    session: SessionDep,
    location: LocationDep,
    page: Annotated[int | None, Query(ge=1, le=1_000_000)] = None,
    editable_length: Annotated[int | None, Query(ge=1, le=1000)] = None,
    type: Annotated[int | None, Query(ge=0, le=20)] = None,
    status: Annotated[int | None, Query(ge=0, le=10)] = None,
    start_date: DayText = None,
    end_date: DayText = None,
) -> JSONResponse:
    paging = page_of(page, editable_length, default=25, maximum=1000)
    start, end = payments_service.day_bounds(
        location,
        optional_date(start_date, "start_date", lenient=True),
        optional_date(end_date, "end_date", lenient=True),
    )
    rows, total = await repo.page(
        session,
        location.id,
        type_id=type,
        status_id=status,
        start=start,
        end=end,
        offset=paging.offset,
        limit=paging.count,
    )
    return ok(await service.render(session, location, rows), {"count": total})


@router.post(
    "/kkm_transactions/{location_id}/print_document_bill",
    dependencies=[needs("finances_print_check_access")],
    summary="Print a fiscal receipt",
    openapi_extra={
        "x-parlour-note": "Visit (type 7) and deposit top-up (type 9) documents only; type 0 "
        "sale, 1 return (only after a printed sale). The receipt goes to the location's "
        "provider (PUT /kkm_settings) once the request has committed; its callback to POST "
        "/integration/kkm/callback sets the status."
    },
)
async def print_fiscal_receipt(
    request: Request,
    access: AccessDep,
    session: SessionDep,
    database: DatabaseDep,
    location: LocationDep,
    body: PrintBill,
) -> JSONResponse:
    callback_url = str(request.url_for("handle_fiscalization_callback"))
    data = await service.print_bill(session, database, location, access, body, callback_url)
    return ok(data)


@router.get(
    "/integration/kkm/references/tax_system/{country_id}",
    summary="Get tax systems",
    openapi_extra={"x-parlour-note": "Parlour knows the reference list of country 1 (Russia)."},
)
async def get_tax_system_list(partner: CurrentPartner, country_id: PathId) -> JSONResponse:
    del partner
    data = service.tax_systems(country_id)
    return ok(data, {"count": len(data)})


@router.post(
    "/integration/kkm/callback",
    summary="Fiscalization callback",
    openapi_extra={
        "x-parlour-note": "The provider's answer for one receipt: {id, status: success|error, "
        "code, message}; success marks the receipt printed (the visit's is_sale_bill_printed)."
    },
)
async def handle_fiscalization_callback(
    partner: CurrentPartner, session: SessionDep, body: Callback
) -> JSONResponse:
    del partner
    await service.callback(session, body)
    return ok(None)


@router.get(
    "/kkm_settings/{location_id}",
    dependencies=[needs("finances_kkm_settings_read_access")],
    summary="Get fiscal provider settings",
    openapi_extra=extension("Parlour extension: where the location's receipts are sent."),
)
async def get_kkm_settings(session: SessionDep, location: LocationDep) -> JSONResponse:
    return ok(service.render_settings(await repo.settings(session, location.id)))


@router.put(
    "/kkm_settings/{location_id}",
    dependencies=[needs("finances_kkm_settings_update_access")],
    summary="Set fiscal provider settings",
    openapi_extra=extension(
        "Parlour extension: the provider's URL (receipts are posted there as JSON), the tax "
        "system slug (GET /integration/kkm/references/tax_system) and print_receipt."
    ),
)
async def update_kkm_settings(
    session: SessionDep, location: LocationDep, body: SettingsWrite
) -> JSONResponse:
    row = await service.save_settings(session, location, body)
    return ok(service.render_settings(row))
