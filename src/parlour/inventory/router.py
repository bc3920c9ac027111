"""Inventory section: storages, goods transactions and documents, inventory operations, bills
of materials and appointment consumables; plus Parlour's extension routes for storages and
suppliers."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query
from fastapi.responses import JSONResponse

from parlour.deps import AccessDep, DocumentDep, LocationDep, SessionDep, needs, needs_at_document
from parlour.inventory import consumables, service
from parlour.inventory.schemas import (
    CardCreate,
    ConsumablesUpdate,
    DocumentWrite,
    LineWrite,
    OperationCreate,
    StorageCreate,
    SupplierCreate,
)
from parlour.kit.envelope import ok, ok_list, saved
from parlour.kit.extension import extension
from parlour.kit.ids import MAX_ID, PathId
from parlour.kit.pagination import list_meta, page_of
from parlour.kit.query import optional_date
from parlour.payments import repository as payments_repo
from parlour.payments import service as payments_service

router = APIRouter(tags=["Inventory"])

DayText = Annotated[str | None, Query(max_length=32)]
When = Annotated[str | None, Query(max_length=64)]


@router.get(
    "/storages/{location_id}",
    dependencies=[needs(service.RIGHT)],
    summary="Get location inventories",
)
async def get_location_inventories(
    access: AccessDep, session: SessionDep, location: LocationDep
) -> JSONResponse:
    rows = await service.list_storages(session, location, access)
    return ok([service.render_storage(r) for r in rows])


@router.post(
    "/storages/{location_id}",
    dependencies=[needs(service.RIGHT)],
    status_code=201,
    summary="Create a storage",
    openapi_extra=extension(
        "Parlour extension: upstream can only read storages. for_service marks the storage "
        "consumables are written off from, for_sale the default storage for sales."
    ),
)
async def create_storage(
    access: AccessDep, session: SessionDep, location: LocationDep, body: StorageCreate
) -> JSONResponse:
    row = await service.create_storage(session, location, access, body)
    return ok(service.render_storage(row), status_code=201)


@router.get(
    "/suppliers/{location_id}",
    dependencies=[needs(service.RIGHT)],
    summary="Get suppliers",
    openapi_extra=extension("Parlour extension: the suppliers goods lines may name."),
)
async def get_supplier_list(
    access: AccessDep, session: SessionDep, location: LocationDep
) -> JSONResponse:
    rows = await service.list_suppliers(session, location, access)
    return ok_list([service.render_supplier(r) for r in rows])


@router.post(
    "/suppliers/{location_id}",
    dependencies=[needs(service.RIGHT)],
    status_code=201,
    summary="Create a supplier",
    openapi_extra=extension("Parlour extension: upstream can only read suppliers."),
)
async def create_supplier(
    access: AccessDep, session: SessionDep, location: LocationDep, body: SupplierCreate
) -> JSONResponse:
    row = await service.create_supplier(session, location, access, body)
    return ok(service.render_supplier(row), status_code=201)


# --- documents and goods lines ------------------------------------------------------------------
# The paths under /storage_operations/documents/ that start with a word come first.


@router.get(
    "/storage_operations/documents/goods_transactions/{document_id}",
    dependencies=[needs_at_document(service.RIGHT)],
    summary="Get Product Transactions of a Document",
    openapi_extra={
        "x-parlour-note": "The path names no location: the document's location is the one "
        "checked (a member of another location gets 403)."
    },
)
async def get_document_product_transactions(
    session: SessionDep, document: DocumentDep
) -> JSONResponse:
    rows = await service.document_lines(session, document.location, document.access, document.id)
    return ok_list(await service.render_lines(session, document.location, rows))


@router.get(
    "/storage_operations/documents/finance_transactions/{document_id}",
    dependencies=[needs_at_document(payments_service.RIGHT)],
    tags=["Payments"],
    summary="Get document financial transactions",
    openapi_extra={
        "x-parlour-note": "The path names no location: the document's location is the one "
        "checked (a member of another location gets 403). Served beside the document's goods "
        "lines so that the literal path comes before /storage_operations/documents/{location_id}."
    },
)
async def get_document_financial_transactions(
    session: SessionDep, document: DocumentDep
) -> JSONResponse:
    rows = await payments_service.lines_of(
        session,
        document.location,
        document.access,
        payments_repo.LineFilters(document_id=document.id),
    )
    return ok_list(await payments_service.render_lines(session, document.location, rows))


@router.get(
    "/storages/transactions/{location_id}",
    dependencies=[needs(service.RIGHT)],
    summary="Search for product transactions",
    openapi_extra={
        "x-parlour-note": "start_date and end_date are local days (both included) of the "
        "lines' create_date; changed_after / changed_before filter by last change."
    },
)
async def search_for_product_transactions(
    access: AccessDep,
    session: SessionDep,
    location: LocationDep,
    page: Annotated[int | None, Query(ge=1, le=1_000_000)] = None,
    count: Annotated[int | None, Query(ge=1, le=1000)] = None,
    start_date: DayText = None,
    end_date: DayText = None,
    document_id: Annotated[int, Query(ge=0, le=MAX_ID)] = 0,
    changed_after: When = None,
    changed_before: When = None,
) -> JSONResponse:
    paging = page_of(page, count, default=20, maximum=1000)
    rows, total = await service.search_lines(
        session,
        location,
        access,
        start_date=optional_date(start_date, "start_date", lenient=True),
        end_date=optional_date(end_date, "end_date", lenient=True),
        document_id=document_id or None,
        changed_after=changed_after,
        changed_before=changed_before,
        offset=paging.offset,
        limit=paging.limit,
    )
    data = await service.render_lines(session, location, rows, search=True)
    return ok(data, list_meta(total, paging))


@router.post(
    "/storage_operations/operation/{location_id}",
    dependencies=[needs(service.RIGHT)],
    summary="Create an inventory operation",
    openapi_extra={
        "x-parlour-note": "Lines come as goods_transactions or transactions; amounts are sent "
        "positive and stored with the type's sign (a sale of 1 is -1). With paid and an "
        "account_id a sale or a receipt also writes a finance line per goods line (goods sale "
        "income / goods purchase expense); a transfer (type 5) needs target_storage_id. "
        "Everything is written in one transaction or nothing is. Stock may go negative, as "
        "upstream allows."
    },
)
async def create_inventory_operation(
    access: AccessDep, session: SessionDep, location: LocationDep, body: OperationCreate
) -> JSONResponse:
    document, lines = await service.create_operation(session, location, access, body)
    return ok(
        {
            "document": await service.render_document(session, location, document),
            "transactions": await service.render_lines(session, location, lines),
        }
    )


@router.post(
    "/storage_operations/documents/{location_id}",
    dependencies=[needs(service.RIGHT)],
    summary="Create document",
)
async def create_document(
    access: AccessDep, session: SessionDep, location: LocationDep, body: DocumentWrite
) -> JSONResponse:
    row = await service.create_document(session, location, access, body)
    return ok(await service.render_document(session, location, row))


@router.get(
    "/storage_operations/documents/{location_id}/{document_id}",
    dependencies=[needs(service.RIGHT)],
    summary="Get document",
)
async def get_document(
    access: AccessDep, session: SessionDep, location: LocationDep, document_id: PathId
) -> JSONResponse:
    row = await service.get_document(session, location, access, document_id)
    return ok(await service.render_document(session, location, row))


@router.put(
    "/storage_operations/documents/{location_id}/{document_id}",
    dependencies=[needs(service.RIGHT)],
    summary="Update Document",
    openapi_extra={
        "x-parlour-note": "The document's goods lines follow its storage and its type (and the "
        "sign the type gives)."
    },
)
async def update_document(
    access: AccessDep,
    session: SessionDep,
    location: LocationDep,
    document_id: PathId,
    body: DocumentWrite,
) -> JSONResponse:
    row = await service.update_document(session, location, access, document_id, body)
    return ok(await service.render_document(session, location, row))


@router.delete(
    "/storage_operations/documents/{location_id}/{document_id}",
    dependencies=[needs(service.RIGHT)],
    status_code=202,
    summary="Delete document",
    openapi_extra={
        "x-parlour-note": "Soft, with its goods lines and finance lines: stock and balances "
        "go back in the same transaction."
    },
)
async def delete_document(
    access: AccessDep, session: SessionDep, location: LocationDep, document_id: PathId
) -> JSONResponse:
    await service.delete_document(session, location, access, document_id)
    return saved("Deleted", status_code=202)


@router.post(
    "/storage_operations/goods_transactions/{location_id}",
    dependencies=[needs(service.RIGHT)],
    summary="Create Transaction",
)
async def create_transaction(
    access: AccessDep, session: SessionDep, location: LocationDep, body: LineWrite
) -> JSONResponse:
    row = await service.create_line(session, location, access, body)
    return ok((await service.render_lines(session, location, [row]))[0])


@router.get(
    "/storage_operations/goods_transactions/{location_id}/{transaction_id}",
    dependencies=[needs(service.RIGHT)],
    summary="Get a transaction",
)
async def get_transaction(
    access: AccessDep, session: SessionDep, location: LocationDep, transaction_id: PathId
) -> JSONResponse:
    row = await service.get_line(session, location, access, transaction_id)
    return ok((await service.render_lines(session, location, [row]))[0])


@router.put(
    "/storage_operations/goods_transactions/{location_id}/{transaction_id}",
    dependencies=[needs(service.RIGHT)],
    summary="Transaction update",
    openapi_extra={"x-parlour-note": "A finance line paid for the line follows its new cost."},
)
async def update_transaction(
    access: AccessDep,
    session: SessionDep,
    location: LocationDep,
    transaction_id: PathId,
    body: LineWrite,
) -> JSONResponse:
    row = await service.update_line(session, location, access, transaction_id, body)
    return ok((await service.render_lines(session, location, [row]))[0])


@router.delete(
    "/storage_operations/goods_transactions/{location_id}/{transaction_id}",
    dependencies=[needs(service.RIGHT)],
    status_code=202,
    summary="Deleting a transaction",
    openapi_extra={"x-parlour-note": "Soft, with the finance line paid for it."},
)
async def delete_transaction(
    access: AccessDep, session: SessionDep, location: LocationDep, transaction_id: PathId
) -> JSONResponse:
    await service.delete_line(session, location, access, transaction_id)
    return saved("Deleted", status_code=202)


# --- bills of materials and consumables -----------------------------------------------------


@router.get(
    "/technological_cards/{location_id}",
    dependencies=[needs("storages_access")],
    summary="Retrieve a list of bill of materials",
)
async def get_bill_of_materials_list(
    access: AccessDep, session: SessionDep, location: LocationDep
) -> JSONResponse:
    return ok(await consumables.list_cards(session, location, access))


@router.post(
    "/technological_cards/{location_id}",
    dependencies=[needs("storages_access")],
    status_code=201,
    summary="Create a bill of materials",
    openapi_extra=extension(
        "Parlour extension: upstream can only read bills of materials. Item amounts are in the "
        "product's service unit; storage_id 0 takes the location's consumables storage; "
        "service_id makes the card the service's default (a team member's link may name "
        "another through technological_card_id)."
    ),
)
async def create_bill_of_materials(
    access: AccessDep, session: SessionDep, location: LocationDep, body: CardCreate
) -> JSONResponse:
    card = await consumables.create_card(session, location, access, body)
    return ok((await consumables.render_cards(session, location, [card]))[0], status_code=201)


@router.get(
    "/technological_cards/default_for_staff_and_service/{location_id}/{team_member_id}/{service_id}",
    dependencies=[needs("storages_access")],
    summary="Get the Bill of Materials for a Team Member's Service",
    openapi_extra={
        "x-parlour-note": "The card of the team member's service link, else the service's own "
        "default; 404 when neither exists."
    },
)
async def get_team_member_service_bill_of_materials(
    access: AccessDep,
    session: SessionDep,
    location: LocationDep,
    team_member_id: PathId,
    service_id: PathId,
) -> JSONResponse:
    return ok(await consumables.default_card(session, location, access, team_member_id, service_id))


@router.get(
    "/technological_cards/record_consumables/{location_id}/{record_id}",
    dependencies=[needs("storages_access")],
    summary="Retrieve the consumables of an appointment",
    openapi_extra={
        "x-parlour-note": "Per service of the appointment: its card and consumables as set, or "
        "the default card's items until they are set. They are written off (a consumables "
        "document, type 8) when the visit is completed and given back when it no longer is."
    },
)
async def get_appointment_consumables(
    access: AccessDep, session: SessionDep, location: LocationDep, record_id: PathId
) -> JSONResponse:
    return ok_list(await consumables.record_consumables(session, location, access, record_id))


@router.put(
    "/technological_cards/record_consumables/consumables/{location_id}/{record_id}/{service_id}",
    dependencies=[needs("storages_access")],
    summary="Update Consumables for the Appointment-Service Association",
    openapi_extra={
        "x-parlour-note": "Replaces the service's consumables (price is computed from the "
        "product's cost price); a completed visit's write-off follows at once."
    },
)
async def update_appointment_service_consumables(
    access: AccessDep,
    session: SessionDep,
    location: LocationDep,
    record_id: PathId,
    service_id: PathId,
    body: ConsumablesUpdate,
) -> JSONResponse:
    data = await consumables.set_consumables(
        session, location, access, record_id, service_id, body.consumables
    )
    return ok_list(data)


@router.delete(
    "/technological_cards/record_consumables/technological_cards/{location_id}/{record_id}/{service_id}",
    dependencies=[needs("storages_access")],
    summary="Unlink Appointment-Service Association",
    openapi_extra={
        "x-parlour-note": "delete_consumables=1 also removes the consumables; written-off ones "
        "come back to their storage."
    },
)
async def unlink_appointment_service_association(
    access: AccessDep,
    session: SessionDep,
    location: LocationDep,
    record_id: PathId,
    service_id: PathId,
    delete_consumables: Annotated[int, Query(ge=0, le=1)] = 0,
) -> JSONResponse:
    data = await consumables.unlink(
        session, location, access, record_id, service_id, bool(delete_consumables)
    )
    return ok_list(data)
