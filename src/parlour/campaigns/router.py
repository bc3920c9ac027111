"""SMS and e-mail campaigns: by client ids and by client filters."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query
from fastapi.responses import JSONResponse
from sqlalchemy import ColumnElement

from parlour.campaigns import service
from parlour.campaigns.schemas import EmailToClients, EmailToFiltered, SmsToClients, SmsToFiltered
from parlour.deps import CurrentUser, LocationDep, SessionDep, needs
from parlour.kit.envelope import saved

router = APIRouter(tags=["Notifications"])

Filter = Annotated[str | None, Query(max_length=255)]


async def _conditions(
    location: LocationDep,
    fullname: Filter = None,
    phone: Filter = None,
    email: Filter = None,
    card: Filter = None,
) -> list[ColumnElement[bool]]:
    """The query's client filters (upstream's names) as conditions."""
    return service.filters(location, fullname=fullname, phone=phone, email=email, card=card)


Conditions = Annotated[list[ColumnElement[bool]], Depends(_conditions)]

_NOTE = (
    "One outbox message per client reached, sent by the delivery worker. Clients flagged "
    "sms_not (excluded from mailings) and clients without an address on the channel are "
    "skipped; ids of other locations' clients match nothing."
)
_FILTER_NOTE = (
    " Filters match part of the name, phone, e-mail or card; with none, every client of the "
    "location is reached."
)


@router.post(
    "/sms/clients/by_id/{location_id}",
    dependencies=[needs("send_sms")],
    status_code=201,
    summary="Send SMS to clients",
    openapi_extra={"x-parlour-note": _NOTE},
)
async def send_sms_to_clients(
    session: SessionDep, location: LocationDep, user: CurrentUser, body: SmsToClients
) -> JSONResponse:
    await service.send(session, location, user, channel="sms", text=body.text, ids=body.client_ids)
    return saved("Accepted", status_code=201)


@router.post(
    "/sms/clients/by_filter/{location_id}",
    dependencies=[needs("send_sms")],
    status_code=201,
    summary="Send SMS campaign to filtered clients",
    openapi_extra={"x-parlour-note": _NOTE + _FILTER_NOTE},
)
async def send_sms_campaign_to_filtered_clients(
    session: SessionDep,
    location: LocationDep,
    user: CurrentUser,
    body: SmsToFiltered,
    conditions: Conditions,
) -> JSONResponse:
    await service.send(
        session, location, user, channel="sms", text=body.text, conditions=conditions
    )
    return saved("Accepted", status_code=201)


@router.post(
    "/email/clients/by_id/{location_id}",
    dependencies=[needs("send_email")],
    status_code=201,
    summary="Send email newsletter to clients",
    openapi_extra={"x-parlour-note": _NOTE},
)
async def send_email_newsletter_to_clients(
    session: SessionDep, location: LocationDep, user: CurrentUser, body: EmailToClients
) -> JSONResponse:
    await service.send(
        session,
        location,
        user,
        channel="email",
        text=body.text,
        subject=body.subject,
        ids=body.client_ids,
    )
    return saved("Accepted", status_code=201)


@router.post(
    "/email/clients/by_filter/{location_id}",
    dependencies=[needs("send_email")],
    status_code=201,
    summary="Send email campaign to filtered clients",
    openapi_extra={"x-parlour-note": _NOTE + _FILTER_NOTE},
)
async def send_email_campaign_to_filtered_clients(
    session: SessionDep,
    location: LocationDep,
    user: CurrentUser,
    body: EmailToFiltered,
    conditions: Conditions,
) -> JSONResponse:
    await service.send(
        session,
        location,
        user,
        channel="email",
        text=body.text,
        subject=body.subject,
        conditions=conditions,
    )
    return saved("Accepted", status_code=201)
