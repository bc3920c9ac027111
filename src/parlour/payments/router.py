"""Payments section: accounts (cash desks), finance transactions, the finance lines of a
document; plus Parlour's extension routes for accounts and expense items."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import JSONResponse

from parlour.deps import AccessDep, LocationDep, SessionDep
from parlour.kit.envelope import ok, ok_list
from parlour.kit.extension import extension
from parlour.payments import service
from parlour.payments.schemas import AccountCreate, ExpenseCreate

router = APIRouter(tags=["Payments"])


@router.get(
    "/accounts/{location_id}",
    summary="Get location accounts",
    openapi_extra={
        "x-parlour-note": "Each account also carries is_cash, is_default and balance (the sum "
        "of its live finance transactions)."
    },
)
async def get_account_list(
    access: AccessDep, session: SessionDep, location: LocationDep
) -> JSONResponse:
    rows = await service.list_accounts(session, location, access)
    return ok(await service.render_accounts(session, location, rows))


@router.post(
    "/accounts/{location_id}",
    status_code=201,
    summary="Create an account",
    openapi_extra=extension(
        "Parlour extension: upstream can only read accounts. type 0 is a cash desk, 1 a "
        "non-cash account."
    ),
)
async def create_account(
    access: AccessDep, session: SessionDep, location: LocationDep, body: AccountCreate
) -> JSONResponse:
    row = await service.create_account(session, location, access, body)
    return ok((await service.render_accounts(session, location, [row]))[0], status_code=201)


@router.get(
    "/expenses/{location_id}",
    summary="Get expense items",
    openapi_extra=extension(
        "Parlour extension: upstream's system items 1-11 (shared by every location) and the "
        "location's own."
    ),
)
async def get_expense_list(
    access: AccessDep, session: SessionDep, location: LocationDep
) -> JSONResponse:
    rows = await service.list_expenses(session, location, access)
    return ok_list([service.render_expense(r) for r in rows])


@router.post(
    "/expenses/{location_id}",
    status_code=201,
    summary="Create an expense item",
    openapi_extra=extension("Parlour extension: upstream can only read expense items."),
)
async def create_expense(
    access: AccessDep, session: SessionDep, location: LocationDep, body: ExpenseCreate
) -> JSONResponse:
    row = await service.create_expense(session, location, access, body)
    return ok(service.render_expense(row), status_code=201)
