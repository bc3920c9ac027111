"""Online booking: settings and widgets (user token) and the public book_* API (partner
token only)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Path, Query
from fastapi.responses import JSONResponse

from parlour.booking import search
from parlour.deps import (
    BookingFormDep,
    CredentialsDep,
    CurrentPartner,
    LocationDep,
    PublicLocationDep,
    RecordSourceDep,
    SessionDep,
    needs,
)
from parlour.errors import LanguageNotFound
from parlour.kit.envelope import ok, ok_list
from parlour.kit.ids import PathId, PathIdOrZero, QueryIdOrZero
from parlour.kit.pagination import list_meta
from parlour.kit.query import id_list_or_empty, optional_date
from parlour.kit.timeutil import parse_date
from parlour.online_booking import service
from parlour.online_booking.i18n import strings_for
from parlour.online_booking.schemas import (
    BookCheck,
    BookingFormCreate,
    BookingFormUpdate,
    BookRecordCreate,
    BookRecordMove,
    OnlineSettingsUpdate,
)

router = APIRouter(tags=["Online booking"])

OptText = Annotated[str | None, Query(max_length=64)]


# ``service_ids[]`` (upstream's spelling) or ``service_ids``, repeated or comma-separated.
ServiceIds = Annotated[list[int], Depends(id_list_or_empty("service_ids"))]


# ---- settings (BearerPartnerUser) ----------------------------------------------------------


@router.get(
    "/company/{location_id}/settings/online",
    dependencies=[needs("settings_access")],
    summary="Get online booking settings",
)
async def get_online_settings(session: SessionDep, location: LocationDep) -> JSONResponse:
    row = await search.settings_of(session, location.id)
    return ok(service.online_settings_view(row))


@router.patch(
    "/company/{location_id}/settings/online",
    dependencies=[needs("settings_access")],
    summary="Update online booking settings",
)
async def update_online_settings(
    session: SessionDep, location: LocationDep, body: OnlineSettingsUpdate
) -> JSONResponse:
    row = await service.update_online_settings(session, location, body)
    return ok(service.online_settings_view(row))


@router.get(
    "/company/{location_id}/settings/timeslots",
    dependencies=[needs("settings_access")],
    summary="Get timeslot settings",
    openapi_extra={
        "x-parlour-note": "One grid type (slots stepped from the start of each working period); "
        "step and delay are set through PATCH settings/online."
    },
)
async def get_timeslot_settings(session: SessionDep, location: LocationDep) -> JSONResponse:
    row = await search.settings_of(session, location.id)
    return ok(service.timeslots_view(row))


@router.get(
    "/company/{location_id}/booking_forms",
    dependencies=[needs("settings_access")],
    summary="Get a list of booking widgets",
)
async def list_booking_forms(session: SessionDep, location: LocationDep) -> JSONResponse:
    forms = await service.list_forms(session, location)
    return ok_list([service.form_view(f) for f in forms], meta=list_meta(forms, key="count"))


@router.post(
    "/company/{location_id}/booking_forms",
    dependencies=[needs("settings_access")],
    status_code=201,
    summary="Create a booking widget",
)
async def create_booking_form(
    session: SessionDep, location: LocationDep, body: BookingFormCreate
) -> JSONResponse:
    form = await service.create_form(session, location, body)
    return ok(service.form_view(form), status_code=201)


@router.get(
    "/company/{location_id}/booking_forms/{form_id}",
    dependencies=[needs("settings_access")],
    summary="Get a booking widget",
)
async def get_booking_form(form: BookingFormDep) -> JSONResponse:
    return ok(service.form_view(form))


@router.patch(
    "/company/{location_id}/booking_forms/{form_id}",
    dependencies=[needs("settings_access")],
    summary="Change a booking widget",
)
async def update_booking_form(
    session: SessionDep, location: LocationDep, form: BookingFormDep, body: BookingFormUpdate
) -> JSONResponse:
    return ok(service.form_view(await service.update_form(session, location, form, body)))


@router.delete(
    "/company/{location_id}/booking_forms/{form_id}",
    dependencies=[needs("settings_access")],
    summary="Delete a booking widget",
)
async def delete_booking_form(session: SessionDep, form: BookingFormDep) -> JSONResponse:
    await service.delete_form(session, form)
    return ok(None)


# ---- the public online-booking API (BearerPartner) -----------------------------------------


@router.get("/bookform/{id}", summary="Get booking form settings")
async def get_bookform(session: SessionDep, _partner: CurrentPartner, id: PathId) -> JSONResponse:
    return ok(await service.public_form(session, id))


@router.get("/i18n/{lang_code}", summary="Get widget translations")
async def get_i18n(
    _partner: CurrentPartner, lang_code: Annotated[str, Path(max_length=16)]
) -> JSONResponse:
    strings = strings_for(lang_code)
    if strings is None:
        raise LanguageNotFound()
    return ok(strings)


@router.get("/book_services/{location_id}", summary="Get services available for booking")
async def get_book_services(
    session: SessionDep,
    location: PublicLocationDep,
    ids: ServiceIds,
    staff_id: QueryIdOrZero = 0,
    datetime: OptText = None,
) -> JSONResponse:
    data = await service.book_services(
        session, location, staff_id=staff_id, service_ids=ids, at=datetime
    )
    return ok(data)


@router.get("/book_staff/{location_id}", summary="Get team members available for booking")
async def get_book_staff(
    session: SessionDep, location: PublicLocationDep, ids: ServiceIds, datetime: OptText = None
) -> JSONResponse:
    return ok_list(await service.book_staff(session, location, service_ids=ids, at=datetime))


@router.get(
    "/book_staff_seances/{location_id}/{team_member_id}",
    summary="Get the nearest sessions of a team member",
)
async def get_book_staff_seances(
    session: SessionDep, location: PublicLocationDep, team_member_id: PathIdOrZero, ids: ServiceIds
) -> JSONResponse:
    return ok(await service.book_staff_seances(session, location, team_member_id, ids))


@router.get("/book_dates/{location_id}", summary="Get dates available for booking")
async def get_book_dates(
    session: SessionDep,
    location: PublicLocationDep,
    ids: ServiceIds,
    staff_id: QueryIdOrZero = 0,
    date: OptText = None,
    date_from: OptText = None,
    date_to: OptText = None,
) -> JSONResponse:
    first = optional_date(date_from, "date_from")
    last = optional_date(date_to, "date_to")
    data = await service.book_dates(
        session,
        location,
        staff_id=staff_id,
        service_ids=ids,
        day=optional_date(date, "date"),
        date_from=first,
        date_to=last,
    )
    return ok(data)


@router.get(
    "/book_times/{location_id}/{team_member_id}/{date}",
    summary="Get time slots available for booking",
)
async def get_book_times(
    session: SessionDep,
    location: PublicLocationDep,
    team_member_id: PathIdOrZero,
    date: Annotated[str, Path(max_length=32)],
    ids: ServiceIds,
) -> JSONResponse:
    day = parse_date(date, "date")
    return ok_list(await service.book_times(session, location, team_member_id, day, ids))


@router.post("/book_check/{location_id}", status_code=201, summary="Validate booking parameters")
async def post_book_check(
    session: SessionDep, location: PublicLocationDep, body: BookCheck
) -> JSONResponse:
    await service.book_check(session, location, body.appointments)
    # Upstream answers 201 with data null and a "Created" message when the booking is possible.
    return JSONResponse(
        {"success": True, "data": None, "meta": {"message": "Created"}}, status_code=201
    )


@router.post("/book_record/{location_id}", status_code=201, summary="Create an online booking")
async def post_book_record(
    session: SessionDep,
    location: PublicLocationDep,
    body: BookRecordCreate,
    source: RecordSourceDep,
) -> JSONResponse:
    # The created bookings: a list of single objects, meta [] as on single objects.
    return ok(await service.book_record(session, location, body, source), status_code=201)


@router.get(
    "/book_record/{location_id}/{record_id}/{record_hash}", summary="Get online booking details"
)
async def get_book_record(
    session: SessionDep,
    creds: CredentialsDep,
    location: PublicLocationDep,
    record_id: PathId,
    record_hash: Annotated[str, Path(max_length=64)],
) -> JSONResponse:
    # PublicLocationDep refused a user token of anyone but a member of the location.
    member = creds.user is not None
    return ok(
        await service.get_booking(
            session, location, record_id, record_hash, member_of_location=member
        )
    )


@router.put(
    "/book_record/{location_id}/{record_id}",
    summary="Change online booking date/time",
    openapi_extra={
        "x-parlour-note": "Body {datetime, record_hash?, comment?}; the record keeps its member "
        "and services, the new time must be bookable."
    },
)
async def put_book_record(
    session: SessionDep,
    creds: CredentialsDep,
    location: PublicLocationDep,
    record_id: PathId,
    body: BookRecordMove,
) -> JSONResponse:
    # Only with the booking's record_hash, or as a user of the location (see get_book_record).
    member = creds.user is not None
    return ok(
        await service.move_booking(session, location, record_id, body, member_of_location=member)
    )


@router.get("/privacy_policy/{location_id}", summary="Get location privacy policy")
async def get_privacy_policy(session: SessionDep, location: PublicLocationDep) -> JSONResponse:
    return ok(await service.privacy_policy(session, location))
