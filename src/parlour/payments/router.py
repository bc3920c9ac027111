"""Payments section: accounts (cash desks), finance transactions, the finance lines of a
document; plus Parlour's extension routes for accounts and expense items."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query
from fastapi.responses import JSONResponse

from parlour.deps import AccessDep, LocationDep, SessionDep, needs
from parlour.errors import ValidationFailed
from parlour.kit.envelope import ok, ok_list, saved
from parlour.kit.extension import extension
from parlour.kit.ids import MAX_ID, PathId
from parlour.kit.pagination import list_meta, page_of
from parlour.kit.query import optional_date
from parlour.payments import repository as repo
from parlour.payments import service
from parlour.payments.schemas import AccountCreate, ExpenseCreate, FinanceWrite

router = APIRouter(tags=["Payments"])


@router.get(
    "/accounts/{location_id}",
    dependencies=[needs(service.RIGHT)],
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
    dependencies=[needs(service.RIGHT)],
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
    dependencies=[needs(service.RIGHT)],
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
    dependencies=[needs(service.RIGHT)],
    status_code=201,
    summary="Create an expense item",
    openapi_extra=extension("Parlour extension: upstream can only read expense items."),
)
async def create_expense(
    access: AccessDep, session: SessionDep, location: LocationDep, body: ExpenseCreate
) -> JSONResponse:
    row = await service.create_expense(session, location, access, body)
    return ok(service.render_expense(row), status_code=201)


# --- finance transactions -------------------------------------------------------------------

AnyId = Annotated[int, Query(ge=0, le=MAX_ID)]
Flag = Annotated[int, Query(ge=0, le=1)]
DayText = Annotated[str | None, Query(max_length=32)]


@router.get(
    "/transactions/{location_id}",
    dependencies=[needs(service.RIGHT)],
    summary="Get transactions",
    openapi_extra={
        "x-parlour-note": "type filters by expense item; deleted=1 lists the deleted lines "
        "instead of the live ones; start_date and end_date are local days, both included; "
        "every Parlour account holds real money, so real_money=1 leaves the list as it is."
    },
)
async def get_transactions(
    access: AccessDep,
    session: SessionDep,
    location: LocationDep,
    page: Annotated[int | None, Query(ge=1, le=1_000_000)] = None,
    count: Annotated[int | None, Query(ge=1, le=1000)] = None,
    account_id: AnyId = 0,
    supplier_id: AnyId = 0,
    client_id: AnyId = 0,
    user_id: AnyId = 0,
    master_id: AnyId = 0,
    type: AnyId = 0,
    real_money: Flag = 0,
    deleted: Flag = 0,
    start_date: DayText = None,
    end_date: DayText = None,
    balance_is: Annotated[int, Query(ge=0, le=2)] = 0,
    document_id: AnyId = 0,
) -> JSONResponse:
    del real_money  # every account is a real-money account
    paging = page_of(page, count, default=50, maximum=1000)
    start, end = service.day_bounds(
        location,
        optional_date(start_date, "start_date", lenient=True),
        optional_date(end_date, "end_date", lenient=True),
    )
    filters = repo.LineFilters(
        account_id=account_id,
        supplier_id=supplier_id,
        client_id=client_id,
        user_id=user_id,
        master_id=master_id,
        expense_id=type,
        document_id=document_id,
        start=start,
        end=end,
        balance_is=balance_is,
        deleted=bool(deleted),
    )
    rows, total = await service.list_lines(
        session, location, access, filters, offset=paging.offset, limit=paging.limit
    )
    return ok(await service.render_lines(session, location, rows), list_meta(total, paging))


@router.get(
    "/timetable/transactions/{location_id}",
    dependencies=[needs(service.RIGHT)],
    summary="Get Transactions by Visit or Appointment ID",
)
async def get_transactions_by_visit_or_appointment_id(
    access: AccessDep,
    session: SessionDep,
    location: LocationDep,
    record_id: AnyId = 0,
    visit_id: AnyId = 0,
) -> JSONResponse:
    if not record_id and not visit_id:
        raise ValidationFailed.field("record_id", "give record_id or visit_id")
    filters = repo.LineFilters(record_id=record_id, visit_id=visit_id)
    rows = await service.lines_of(session, location, access, filters)
    return ok_list(await service.render_lines(session, location, rows))


@router.post(
    "/finance_transactions/{location_id}",
    dependencies=[needs(service.RIGHT)],
    summary="Create a Financial Transaction",
    openapi_extra={
        "x-parlour-note": "amount is signed: income positive, expense negative; an account's "
        "balance is the sum of its live lines. Upstream answers 200 here."
    },
)
async def create_financial_transaction(
    access: AccessDep, session: SessionDep, location: LocationDep, body: FinanceWrite
) -> JSONResponse:
    row = await service.create_line(session, location, access, body)
    return ok((await service.render_lines(session, location, [row]))[0])


@router.get(
    "/finance_transactions/{location_id}/{transaction_id}",
    dependencies=[needs(service.RIGHT)],
    summary="Getting a financial transaction",
)
async def get_financial_transaction(
    access: AccessDep, session: SessionDep, location: LocationDep, transaction_id: PathId
) -> JSONResponse:
    row = await service.get_line(session, location, access, transaction_id)
    # Upstream's sample answers a list holding the line.
    return ok(await service.render_lines(session, location, [row]))


@router.put(
    "/finance_transactions/{location_id}/{transaction_id}",
    dependencies=[needs(service.RIGHT)],
    summary="Financial Transaction Update",
)
async def update_financial_transaction(
    access: AccessDep,
    session: SessionDep,
    location: LocationDep,
    transaction_id: PathId,
    body: FinanceWrite,
) -> JSONResponse:
    row = await service.update_line(session, location, access, transaction_id, body)
    return ok(await service.render_lines(session, location, [row]))


@router.delete(
    "/finance_transactions/{location_id}/{transaction_id}",
    dependencies=[needs(service.RIGHT)],
    status_code=202,
    summary="Deleting a transaction",
    openapi_extra={"x-parlour-note": "Soft: the line leaves the balance; deleted=1 lists it."},
)
async def delete_financial_transaction(
    access: AccessDep, session: SessionDep, location: LocationDep, transaction_id: PathId
) -> JSONResponse:
    await service.delete_line(session, location, access, transaction_id)
    return saved("Deleted", status_code=202)
