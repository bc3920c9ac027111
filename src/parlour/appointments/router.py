"""Appointments: records, visits, the visit receipt and comments (upstream "Appointments")."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated

from fastapi import APIRouter, Query
from fastapi.responses import JSONResponse, Response

from parlour.appointments import repository as repo
from parlour.appointments import service
from parlour.appointments.schemas import CommentCreate, RecordWrite, VisitUpdate
from parlour.deps import (
    AccessDep,
    AnyRecordDep,
    CurrentUser,
    LocationDep,
    RecordDep,
    SessionDep,
    VisitDep,
    needs,
    needs_at_visit,
)
from parlour.errors import ValidationFailed
from parlour.kit.envelope import ok
from parlour.kit.ids import PathId, QueryId
from parlour.kit.pagination import list_meta, page_of
from parlour.kit.query import optional_date
from parlour.kit.timeutil import parse_datetime, zone
from parlour.models import Location

router = APIRouter(tags=["Appointments"])

Text = Annotated[str | None, Query(max_length=64)]
Flag = Annotated[bool, Query()]
PageNo = Annotated[int | None, Query(ge=1, le=1_000_000)]


def _date(value: str | None, field: str) -> date | None:
    """A filter date: ISO (2026-01-21), or the dd.mm.yyyy form the partner list documents."""
    return optional_date(value, field, lenient=True)


def _stamp(value: str | None, location: Location, field: str) -> datetime | None:
    if value is None or value == "":
        return None
    return parse_datetime(value, zone(location.timezone_name), field)


def _day_range(
    start: date | None, end: date | None, location: Location
) -> tuple[datetime | None, datetime | None]:
    return service.day_range(start, end, zone(location.timezone_name))


# Literal path first: /records/partner must not be read as /records/{location_id}.
@router.get(
    "/records/partner",
    summary="Get a list of partner appointments",
    openapi_extra={
        "x-parlour-note": "Covers every location the calling user is a member of (salon_id "
        "narrows it to one, 403 if the user is not a member there). Dates accept "
        "dd.mm.yyyy or YYYY-MM-DD; day bounds use the time zone of the lowest-id location."
    },
)
async def get_partner_record_list(
    session: SessionDep,
    user: CurrentUser,
    page: PageNo = None,
    editable_length: Annotated[int | None, Query(ge=1, le=100)] = None,
    salon_id: QueryId = None,
    start_date: Text = None,
    end_date: Text = None,
    created_start_date: Text = None,
    created_end_date: Text = None,
    user_id: QueryId = None,
) -> JSONResponse:
    paging = page_of(page, editable_length, default=50, maximum=100)
    data, total = await service.list_partner_records(
        session,
        user,
        salon_id=salon_id,
        offset=paging.offset,
        limit=paging.count,
        start=_date(start_date, "start_date"),
        end=_date(end_date, "end_date"),
        created_start=_date(created_start_date, "created_start_date"),
        created_end=_date(created_end_date, "created_end_date"),
        created_user_id=user_id,
    )
    return ok(data, list_meta(total, paging))


@router.get(
    "/records/{location_id}",
    dependencies=[needs("timetable_access")],
    summary="Get list of appointments",
)
async def get_record_list(
    session: SessionDep,
    location: LocationDep,
    page: PageNo = None,
    count: Annotated[int | None, Query(ge=1, le=1000)] = None,
    team_member_id: QueryId = None,
    client_id: QueryId = None,
    created_user_id: QueryId = None,
    start_date: Text = None,
    end_date: Text = None,
    c_start_date: Text = None,
    c_end_date: Text = None,
    changed_after: Text = None,
    changed_before: Text = None,
    include_consumables: Flag = False,
    include_finance_transactions: Flag = False,
    with_deleted: Flag = False,
) -> JSONResponse:
    # include_consumables / include_finance_transactions: the arrays are always present (and
    # empty: Parlour keeps no inventory or finance ledger yet), so both flags are accepted.
    del include_consumables, include_finance_transactions
    start_from, start_until = _day_range(
        _date(start_date, "start_date"), _date(end_date, "end_date"), location
    )
    created_from, created_until = _day_range(
        _date(c_start_date, "c_start_date"), _date(c_end_date, "c_end_date"), location
    )
    filters = repo.RecordFilters(
        location_ids=[location.id],
        staff_id=team_member_id,
        client_id=client_id,
        created_user_id=created_user_id,
        start_from=start_from,
        start_until=start_until,
        created_from=created_from,
        created_until=created_until,
        changed_after=_stamp(changed_after, location, "changed_after"),
        changed_before=_stamp(changed_before, location, "changed_before"),
        with_deleted=with_deleted,
    )
    paging = page_of(page, count, default=50, maximum=1000)
    rows, total = await repo.list_records(
        session, filters, offset=paging.offset, limit=paging.count
    )
    data = await service.render(session, rows, {location.id: location})
    return ok(data, list_meta(total, paging))


@router.post(
    "/records/{location_id}",
    dependencies=[needs("create_records_access")],
    status_code=201,
    summary="Create a new appointment",
    openapi_extra={
        "x-parlour-note": "data is a one-item array, as the newer reference documents. With "
        "activity_id the record takes clients_count seats of that group event, whose member, "
        "service, time and length win over the body's; no free seats is 422 (code 433)."
    },
)
async def create_record(
    session: SessionDep, user: CurrentUser, location: LocationDep, body: RecordWrite
) -> JSONResponse:
    record = await service.create_record(session, location, user, body)
    data = await service.render(session, [record], {location.id: location})
    return ok(data, status_code=201)


@router.get(
    "/record/{location_id}/{record_id}",
    dependencies=[needs("timetable_access")],
    summary="Get an appointment",
)
async def get_record(
    session: SessionDep,
    location: LocationDep,
    # A deleted record is 404 here as on PUT and DELETE; lists with with_deleted=1 show it.
    record: RecordDep,
    include_consumables: Flag = False,
    include_finance_transactions: Flag = False,
) -> JSONResponse:
    del include_consumables, include_finance_transactions
    data = await service.render(session, [record], {location.id: location})
    return ok(data[0])


@router.put(
    "/record/{location_id}/{record_id}",
    dependencies=[needs("edit_records_access")],
    status_code=201,
    summary="Edit appointment",
    openapi_extra={"x-parlour-note": "A full replace; upstream answers 201 here."},
)
async def update_record(
    access: AccessDep,
    session: SessionDep,
    location: LocationDep,
    record: RecordDep,
    body: RecordWrite,
    include_consumables: Flag = False,
    include_finance_transactions: Flag = False,
) -> JSONResponse:
    del include_consumables, include_finance_transactions
    record = await service.update_record(session, location, access, record, body)
    data = await service.render(session, [record], {location.id: location})
    return ok(data[0], status_code=201)


@router.delete(
    "/record/{location_id}/{record_id}",
    dependencies=[needs("delete_records_access")],
    status_code=204,
    summary="Delete an appointment",
    openapi_extra={"x-parlour-note": "Soft delete: with_deleted=1 still lists the record."},
)
async def delete_record(session: SessionDep, record: RecordDep) -> Response:
    await service.delete_record(session, record)
    return Response(status_code=204)


@router.get(
    "/visits/{visit_id}", dependencies=[needs_at_visit("timetable_access")], summary="Get a visit"
)
async def get_visit(session: SessionDep, at: VisitDep) -> JSONResponse:
    return ok(await service.render_visit(session, at.visit, at.location))


@router.get(
    "/visit/details/{location_id}/{record_id}/{visit_id}",
    dependencies=[needs("timetable_access")],
    summary="Get visit details",
    openapi_extra={
        "x-parlour-note": "items lists the visit's services and goods; payment_transactions "
        "its live finance lines, loyalty_transactions its deposit payments; the fiscal part "
        "is empty (no fiscal printer)."
    },
)
async def get_visit_details(
    session: SessionDep,
    location: LocationDep,
    record: AnyRecordDep,
    visit_id: PathId,
) -> JSONResponse:
    visit = await service.visit_of(session, location, record, visit_id)
    return ok(await service.visit_details(session, location, visit))


@router.put(
    "/visits/{visit_id}/{record_id}",
    dependencies=[needs_at_visit("edit_records_access")],
    summary="Edit visit",
    openapi_extra={
        "x-parlour-note": "Sets attendance, comment, the record's services and the visit's "
        "goods, then its payments on the visit's sale: deleted_transaction_ids (finance lines "
        "of the sale), new_transactions ({amount, account_id}; more than the visit owes is "
        "422) and fast_payment (1 cash, 2 card: the rest on the default account of that kind; "
        "129/130 the same, no receipt is printed). Changing the services of a fully paid "
        "record needs record_edit_full_paid_access. Answers with the visit as GET /visits."
    },
)
async def update_visit(
    session: SessionDep, at: VisitDep, record_id: PathId, body: VisitUpdate
) -> JSONResponse:
    record = await service.record_in_visit(session, at.visit, record_id)
    await service.update_visit(session, at.location, at.access, at.visit, record, body)
    return ok(await service.render_visit(session, at.visit, at.location))


@router.get(
    "/attendance/receipt_print/{visit_id}",
    dependencies=[needs_at_visit("records_finances_access")],
    summary="Receipt PDF for the visit",
    response_class=Response,
    responses={200: {"content": {"application/pdf": {}}}},
)
async def get_visit_receipt(session: SessionDep, at: VisitDep) -> Response:
    visit = at.visit
    pdf = await service.visit_receipt(session, visit, at.location)
    return Response(
        pdf,
        media_type="application/pdf",
        headers={"Content-Disposition": f'inline; filename="receipt-{visit.id}.pdf"'},
    )


@router.get(
    "/comments/{location_id}", dependencies=[needs("dash_reviews_access")], summary="Get comments"
)
async def get_comment_list(
    session: SessionDep,
    location: LocationDep,
    start_date: Text = None,
    end_date: Text = None,
    team_member_id: QueryId = None,
    rating: Annotated[int | None, Query(ge=1, le=5)] = None,
    page: PageNo = None,
    count: Annotated[int | None, Query(ge=1, le=1000)] = None,
) -> JSONResponse:
    created_from, created_until = _day_range(
        _date(start_date, "start_date"), _date(end_date, "end_date"), location
    )
    if created_from and created_until and created_from >= created_until:
        raise ValidationFailed.field("end_date", "must not be before start_date")
    paging = page_of(page, count, default=25, maximum=1000)
    rows = await repo.list_comments(
        session,
        repo.CommentFilters(
            location_id=location.id,
            team_member_id=team_member_id,
            rating=rating,
            created_from=created_from,
            created_until=created_until,
        ),
        offset=paging.offset,
        limit=paging.count,
    )
    tz = zone(location.timezone_name)
    data = [service.render_comment(c, tz) for c in rows]
    return ok(data, list_meta(data))


@router.post(
    "/comments/{location_id}/{team_member_id}",
    dependencies=[needs("dash_reviews_access")],
    status_code=201,
    summary="Leave a comment",
    openapi_extra={
        "x-parlour-note": "data is a one-item array as the newer reference shows (the legacy "
        "pages show an object); the member's rating becomes the mean of their reviews."
    },
)
async def create_comment(
    session: SessionDep,
    user: CurrentUser,
    location: LocationDep,
    team_member_id: PathId,
    body: CommentCreate,
) -> JSONResponse:
    comment = await service.leave_comment(session, location, user, team_member_id, body)
    return ok([service.render_comment(comment, zone(location.timezone_name))], status_code=201)
