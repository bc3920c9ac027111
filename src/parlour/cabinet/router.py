"""Authentication B2C and the client's personal cabinet (public online-booking API)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query
from fastapi.responses import JSONResponse

from parlour.cabinet import records, reviews, service
from parlour.cabinet.schemas import BookingAuth, BookingUserUpdate, PasswordChange, PhoneCodeAuth
from parlour.deps import (
    CredentialsDep,
    CurrentPartner,
    CurrentUser,
    OptionalUser,
    SessionDep,
)
from parlour.errors import ValidationFailed
from parlour.kit.envelope import ok, saved
from parlour.kit.ids import PathId
from parlour.kit.phones import normalize_phone
from parlour.locations import repository as locations_repo
from parlour.phone_codes import service as codes

router = APIRouter(tags=["Client Personal Cabinet"])

QueryInt = Annotated[int | None, Query(ge=1, le=2**53)]


@router.post(
    "/booking/auth",
    status_code=201,
    summary="Authorize Online Booking User",
    openapi_extra={
        "x-parlour-note": "Answers in the envelope, as POST /auth does (the sample shows the "
        "bare object). Takes login and password, or phone and the SMS code from "
        "GET /booking/user/phone_confirmation."
    },
)
async def authorize_online_booking_user(
    session: SessionDep, _partner: CurrentPartner, body: BookingAuth
) -> JSONResponse:
    user, token = await service.sign_in(session, body)
    return ok(service.render(user, token), status_code=201)


@router.post(
    "/user/auth",
    status_code=201,
    summary="Log in with phone number and code",
    openapi_extra={"x-parlour-note": "Takes phone and code, as the YCLIENTS blueprint does."},
)
async def log_in_with_phone_code(
    session: SessionDep, _partner: CurrentPartner, body: PhoneCodeAuth
) -> JSONResponse:
    _, token = await service.sign_in_by_code(session, body.phone, body.code)
    return ok({"user_token": token}, [], status_code=201)


@router.get(
    "/booking/user/phone_confirmation",
    status_code=202,
    summary="Send SMS Verification Code for Phone Update",
    openapi_extra={
        "x-parlour-note": "Exactly one of company_id and group_id. A user token is optional: "
        "the code also signs a client in (POST /booking/auth with phone and code). The code "
        "goes to the outbox; 429 when a phone asks too often."
    },
)
async def send_phone_update_verification_code(
    session: SessionDep,
    creds: CredentialsDep,
    _partner: CurrentPartner,
    phone: Annotated[str, Query(max_length=64)],
    company_id: QueryInt = None,
    group_id: QueryInt = None,
) -> JSONResponse:
    if (company_id is None) == (group_id is None):
        raise ValidationFailed.field("company_id", "send exactly one of company_id and group_id")
    number = normalize_phone(phone)
    if company_id is not None:
        location = await locations_repo.load_location(session, company_id)
        await codes.issue(
            session, number, location_id=location.id, chain_id=None, title=location.title
        )
    else:
        assert group_id is not None
        chain = await locations_repo.CHAINS.load(session, group_id)
        await codes.issue(session, number, location_id=None, chain_id=chain.id, title=chain.title)
    del creds
    return saved("Accepted", status_code=202)


@router.get("/booking/user/data", summary="Get Online Booking User Data")
async def get_booking_user(user: CurrentUser) -> JSONResponse:
    # Upstream answers the bare object, with the token also under "0".
    from parlour.auth.service import token_of

    token = token_of(user)
    return JSONResponse({"0": token, **service.render(user, token)})


@router.put("/booking/user", status_code=202, summary="Update Online Booking User Data")
async def update_booking_user(
    session: SessionDep, user: CurrentUser, body: BookingUserUpdate
) -> JSONResponse:
    await service.update(session, user, body)
    return saved("Accepted", status_code=202)


@router.put(
    "/booking/user/password",
    summary="Update Online Booking User Password",
    openapi_extra={"x-parlour-note": "The old user token stops working (401)."},
)
async def update_booking_user_password(
    session: SessionDep, user: CurrentUser, body: PasswordChange
) -> JSONResponse:
    token = await service.change_password(session, user, body)
    return ok({"user_token": token}, [])


RecordHash = Annotated[str, Path(min_length=1, max_length=64)]


@router.get(
    "/user/records/{record_id}/{record_hash}",
    summary="Get User Appointments",
    openapi_extra={
        "x-parlour-note": "Answers 200 (the legacy sample says 201). With a client's user token: "
        "every appointment booked for their phone at the record's location and its chain, "
        "online and offline; without one, the record its hash names."
    },
)
async def get_user_appointment_list(
    session: SessionDep,
    user: OptionalUser,
    _partner: CurrentPartner,
    record_id: PathId,
    record_hash: RecordHash,
) -> JSONResponse:
    items = await records.list_records(session, user, record_id, record_hash)
    return ok(items, [])


@router.delete(
    "/user/records/{record_id}/{record_hash}",
    summary="Delete User Appointment",
    openapi_extra={
        "x-parlour-note": "Obeys the location's allow_delete_record and "
        "allow_delete_record_delay_step (seconds before the start); the time is free again."
    },
)
async def delete_user_appointment(
    session: SessionDep,
    user: OptionalUser,
    _partner: CurrentPartner,
    record_id: PathId,
    record_hash: RecordHash,
) -> JSONResponse:
    await records.cancel(session, user, record_id, record_hash)
    return ok(None, [])


RecordToken = Annotated[str, Path(min_length=1, max_length=64)]


@router.get(
    "/master_record_review/{record_token}",
    summary="Get appointment review",
    openapi_extra={"x-parlour-note": "The record token is the appointment's record_hash."},
)
async def get_feedback_form_status(
    session: SessionDep, _partner: CurrentPartner, record_token: RecordToken
) -> JSONResponse:
    return ok(await reviews.form(session, record_token), [])


@router.post(
    "/master_record_review/{record_token}",
    summary="Submit appointment review",
    openapi_extra={
        "x-parlour-note": "One review per appointment (409 for a second); the stars move the "
        "team member's rating (mean of their reviews). The tip is recorded with the review; "
        "there is no payment form, so charge.url is empty."
    },
)
async def submit_feedback_form(
    session: SessionDep,
    _partner: CurrentPartner,
    record_token: RecordToken,
    body: reviews.ReviewCreate,
) -> JSONResponse:
    return ok(await reviews.submit(session, record_token, body), [])
