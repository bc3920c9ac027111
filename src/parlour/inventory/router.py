"""Inventory section: storages, goods transactions and documents, inventory operations, bills
of materials and appointment consumables; plus Parlour's extension routes for storages and
suppliers."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import JSONResponse

from parlour.deps import AccessDep, LocationDep, SessionDep
from parlour.inventory import service
from parlour.inventory.schemas import StorageCreate, SupplierCreate
from parlour.kit.envelope import ok, ok_list
from parlour.kit.extension import extension

router = APIRouter(tags=["Inventory"])


@router.get("/storages/{location_id}", summary="Get location inventories")
async def get_location_inventories(
    access: AccessDep, session: SessionDep, location: LocationDep
) -> JSONResponse:
    rows = await service.list_storages(session, location, access)
    return ok([service.render_storage(r) for r in rows])


@router.post(
    "/storages/{location_id}",
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
    status_code=201,
    summary="Create a supplier",
    openapi_extra=extension("Parlour extension: upstream can only read suppliers."),
)
async def create_supplier(
    access: AccessDep, session: SessionDep, location: LocationDep, body: SupplierCreate
) -> JSONResponse:
    row = await service.create_supplier(session, location, access, body)
    return ok(service.render_supplier(row), status_code=201)
