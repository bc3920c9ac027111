"""Deposits ("client personal accounts" upstream): a client's chain-wide accounts, their
top-up and their history; plus Parlour's extension routes for account types and opening an
account."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query
from fastapi.responses import JSONResponse

from parlour.deposits import repository as repo
from parlour.deposits import service
from parlour.deposits.schemas import DepositOpen, DepositTypeCreate, TopUp
from parlour.deps import (
    AccessDep,
    ChainDep,
    ClientDep,
    LocationDep,
    SessionDep,
    needs,
    needs_in_chain,
)
from parlour.kit.envelope import ok
from parlour.kit.extension import extension
from parlour.kit.ids import PathId
from parlour.kit.money import Money
from parlour.kit.pagination import page_of

router = APIRouter(tags=["Deposits"])

READ = "clients_access"
TOP_UP = "finances_create_transactions_access"
# Chain-level answers carry no location's zone: their dates are in UTC.
CHAIN_ZONE = "UTC"


@router.get(
    "/deposits/company/{location_id}/client/{client_id}",
    dependencies=[needs(READ)],
    summary="Get a List of Client Accounts by Location and Client",
    openapi_extra={
        "x-parlour-note": "The accounts of the location's main chain owned by the client's phone."
    },
)
async def get_client_account_list_by_location_and_client(
    session: SessionDep, location: LocationDep, client: ClientDep
) -> JSONResponse:
    rows = await service.for_client(session, location, client)
    chain_id = service.chain_of(location) or 0
    data = await service.entries(session, chain_id, rows, location.timezone_name)
    return ok(data, {"count": len(data)})


@router.post(
    "/deposits/company/{location_id}/client/{client_id}",
    dependencies=[needs(READ)],
    status_code=201,
    summary="Open a client account",
    openapi_extra=extension(
        "Parlour extension: opens an account of a chain's account type for the client (owned "
        "by the client's phone, seen by every location of the location's main chain), with "
        "balance 0; money comes in through POST /deposits_operations."
    ),
)
async def open_client_account(
    session: SessionDep, location: LocationDep, client: ClientDep, body: DepositOpen
) -> JSONResponse:
    row = await service.open_deposit(session, location, client, body)
    data = await service.entries(session, row.chain_id, [row], location.timezone_name)
    return ok(data[0], status_code=201)


@router.get(
    "/deposits/chain/{chain_id}",
    dependencies=[needs_in_chain(READ)],
    summary="Get a list of client accounts by chain and a set of filters",
)
async def get_client_account_list_by_chain(
    session: SessionDep,
    chain: ChainDep,
    balance_from: Annotated[Money | None, Query()] = None,
    balance_to: Annotated[Money | None, Query()] = None,
    page: Annotated[int | None, Query(ge=1, le=1_000_000)] = None,
    limit: Annotated[int | None, Query(ge=1, le=1000)] = None,
) -> JSONResponse:
    paging = page_of(page, limit, default=50, maximum=1000)
    rows, total = await repo.page(
        session,
        chain.id,
        balance_from=balance_from,
        balance_to=balance_to,
        offset=paging.offset,
        limit=paging.count,
    )
    data = await service.entries(session, chain.id, rows, CHAIN_ZONE, with_client=True)
    return ok(data, {"count": total})


@router.get(
    "/deposits/chain/{chain_id}/phone/{phone}",
    dependencies=[needs_in_chain(READ)],
    summary="Get a list of client accounts by chain and customer phone number",
)
async def get_client_account_by_chain_and_phone(
    session: SessionDep,
    chain: ChainDep,
    phone: Annotated[str, Path(min_length=1, max_length=32)],
) -> JSONResponse:
    rows = await service.by_phone(session, chain, phone)
    data = await service.entries(session, chain.id, rows, CHAIN_ZONE, with_client=True)
    return ok(data, {"count": len(data)})


@router.post(
    "/deposits_operations/{location_id}",
    dependencies=[needs(TOP_UP)],
    summary="Create a client account topup operation",
    openapi_extra={
        "x-parlour-note": "One transaction: a type-9 document, the deposit transaction and the "
        "finance line (expense item 10) on account_id. Upstream answers 200."
    },
)
async def create_client_account_topup_operation(
    access: AccessDep, session: SessionDep, location: LocationDep, body: TopUp
) -> JSONResponse:
    return ok(await service.top_up(session, location, access, body))


async def _history(session: SessionDep, chain: ChainDep, deposit_id: int) -> JSONResponse:
    rows = await service.history(session, chain, deposit_id)
    data = await service.render_history(session, CHAIN_ZONE, rows)
    return ok(data, {"count": len(data)})


@router.get(
    "/chain/{chain_id}/deposits/{deposit_id}/history",
    dependencies=[needs_in_chain(READ)],
    summary="Get client account transaction history",
)
async def get_chain_client_account_history(
    session: SessionDep, chain: ChainDep, deposit_id: PathId
) -> JSONResponse:
    return await _history(session, chain, deposit_id)


@router.get(
    "/deposits/chain/{chain_id}/deposit_history/{deposit_id}",
    dependencies=[needs_in_chain(READ)],
    summary="Get client account transaction history",
    openapi_extra={"x-parlour-note": "The same history under the deposits path form."},
)
async def get_chain_client_account_history_alias(
    session: SessionDep, chain: ChainDep, deposit_id: PathId
) -> JSONResponse:
    return await _history(session, chain, deposit_id)


@router.get(
    "/chain/{chain_id}/deposit_types",
    dependencies=[needs_in_chain(READ)],
    summary="Get client account types",
    openapi_extra=extension("Parlour extension: the chain's client account types."),
)
async def get_deposit_types(session: SessionDep, chain: ChainDep) -> JSONResponse:
    rows = await service.list_types(session, chain)
    data = [service.render_type(r, CHAIN_ZONE) for r in rows]
    return ok(data, {"count": len(data)})


@router.post(
    "/chain/{chain_id}/deposit_types",
    dependencies=[needs_in_chain(READ)],
    status_code=201,
    summary="Create a client account type",
    openapi_extra=extension("Parlour extension: upstream can only read account types."),
)
async def create_deposit_type(
    session: SessionDep, chain: ChainDep, body: DepositTypeCreate
) -> JSONResponse:
    row = await service.create_type(session, chain, body)
    return ok(service.render_type(row, CHAIN_ZONE), status_code=201)
