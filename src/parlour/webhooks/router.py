"""Upstream's ``/hooks_settings/{location_id}``, and Parlour's delivery log, replay, test
event and endpoint settings (extensions, marked x-parlour)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query
from fastapi.responses import JSONResponse

from parlour.deps import AccessDep, CurrentPartner, LocationDep, SessionDep, needs
from parlour.kit.envelope import ok, ok_list
from parlour.kit.ids import PathId
from parlour.webhooks import service
from parlour.webhooks.schemas import (
    EndpointUpdate,
    HooksSettingsWrite,
    MessageStatus,
    ReplayOne,
    ReplayRange,
    TestEvent,
)

router = APIRouter(tags=["Webhook event notifications"])

_READ = "webhook_read_access"
_WRITE = "settings_access"


def _ext(note: str) -> dict[str, object]:
    return {"x-parlour": True, "x-parlour-note": "Not an upstream operation. " + note}


@router.get(
    "/hooks_settings/{location_id}",
    dependencies=[needs(_READ)],
    summary="Get event notification settings",
)
async def get_hooks_settings(session: SessionDep, location: LocationDep) -> JSONResponse:
    return ok(await service.read_settings(session, location))


@router.post(
    "/hooks_settings/{location_id}",
    dependencies=[needs(_WRITE)],
    summary="Change Event Notification Settings",
    status_code=201,
    openapi_extra={
        "x-parlour-note": "Replaces the whole list (at most 10 distinct http(s) URLs) and the "
        "flags, which arrive as 0/1 or as JSON booleans; flags left out are 0. Events are "
        "delivered at least once with retries, optionally signed (Standard Webhooks)."
    },
)
async def change_hooks_settings(
    session: SessionDep, location: LocationDep, access: AccessDep, body: HooksSettingsWrite
) -> JSONResponse:
    data = await service.replace_settings(session, location, body, access.user_id)
    return ok(data, status_code=201)


@router.get(
    "/company/{location_id}/hooks/endpoints",
    dependencies=[needs(_READ)],
    summary="Webhook endpoints (Parlour extension)",
    openapi_extra=_ext(
        "The location's URLs with their ids, whether they sign and whether failures "
        "disabled them (removed: left out of the list since)."
    ),
)
async def list_hook_endpoints(session: SessionDep, location: LocationDep) -> JSONResponse:
    return ok_list(await service.endpoints(session, location))


@router.put(
    "/company/{location_id}/hooks/endpoints/{endpoint_id}",
    dependencies=[needs(_WRITE)],
    summary="Change a webhook endpoint (Parlour extension)",
    openapi_extra=_ext(
        "enabled: send to it or not (enabling clears its failure state); signing: sign "
        "deliveries in the Standard Webhooks format (a whsec_ secret is made and answered); "
        "rotate_secret: a new secret."
    ),
)
async def update_hook_endpoint(
    session: SessionDep, location: LocationDep, endpoint_id: PathId, body: EndpointUpdate
) -> JSONResponse:
    return ok(await service.update_endpoint(session, location, endpoint_id, body))


@router.get(
    "/company/{location_id}/hooks/events",
    dependencies=[needs(_READ)],
    summary="Webhook events (Parlour extension)",
    openapi_extra=_ext(
        "The events the location's changes emitted, oldest first, each with the body "
        "receivers get; after_id pages on."
    ),
)
async def list_hook_events(
    session: SessionDep,
    location: LocationDep,
    after_id: Annotated[int, Query(ge=0)] = 0,
    count: Annotated[int, Query(ge=1, le=500)] = 100,
) -> JSONResponse:
    return ok_list(await service.events(session, location, after_id=after_id, limit=count))


@router.get(
    "/company/{location_id}/hooks/deliveries",
    dependencies=[needs(_READ)],
    summary="Webhook delivery log (Parlour extension)",
    openapi_extra=_ext(
        "Each delivery of an event to an endpoint: its state (pending, sent, failed) and "
        "every attempt with its time, HTTP status, latency and error."
    ),
)
async def list_hook_deliveries(
    session: SessionDep,
    location: LocationDep,
    after_id: Annotated[int, Query(ge=0)] = 0,
    count: Annotated[int, Query(ge=1, le=500)] = 100,
    event_id: Annotated[int | None, Query(ge=1)] = None,
    endpoint_id: Annotated[int | None, Query(ge=1)] = None,
) -> JSONResponse:
    rows = await service.delivery_log(
        session,
        location,
        after_id=after_id,
        limit=count,
        event_id=event_id,
        endpoint_id=endpoint_id,
    )
    return ok_list(rows)


@router.post(
    "/company/{location_id}/hooks/events/{event_id}/replay",
    dependencies=[needs(_WRITE)],
    summary="Replay a webhook event (Parlour extension)",
    status_code=201,
    openapi_extra=_ext("Sends the event again to every live endpoint, or to endpoint_id."),
)
async def replay_hook_event(
    session: SessionDep, location: LocationDep, event_id: PathId, body: ReplayOne | None = None
) -> JSONResponse:
    endpoint_id = body.endpoint_id if body else None
    data = await service.replay_event(session, location, event_id, endpoint_id)
    return ok(data, status_code=201)


@router.post(
    "/company/{location_id}/hooks/replay",
    dependencies=[needs(_WRITE)],
    summary="Replay webhook events of a time range (Parlour extension)",
    status_code=201,
    openapi_extra=_ext(
        "Sends every event emitted between start and end (ISO 8601) again, to every live "
        "endpoint or to endpoint_id."
    ),
)
async def replay_hook_events(
    session: SessionDep, location: LocationDep, body: ReplayRange
) -> JSONResponse:
    data = await service.replay_range(session, location, body.start, body.end, body.endpoint_id)
    return ok(data, status_code=201)


@router.post(
    "/company/{location_id}/hooks/test",
    dependencies=[needs(_WRITE)],
    summary="Send a test webhook event (Parlour extension)",
    status_code=201,
    openapi_extra=_ext(
        'An event of resource "test" to every live endpoint (or endpoint_id), whatever the '
        "flags say."
    ),
)
async def send_test_hook(
    session: SessionDep, location: LocationDep, body: TestEvent | None = None
) -> JSONResponse:
    data = await service.test_event(session, location, body.endpoint_id if body else None)
    return ok(data, status_code=201)


@router.post(
    "/delivery/status",
    summary="Getting message statuses",
    tags=["Sending SMS through operators"],
    openapi_extra={
        "x-parlour-note": "The SMS operator reports the delivery status of the messages "
        "Parlour handed it (the id it was given), kept on the outbox message; ids it was "
        "not handed are ignored."
    },
)
async def sms_delivery_status(
    session: SessionDep, _partner: CurrentPartner, body: list[MessageStatus]
) -> JSONResponse:
    await service.sms_statuses(session, body)
    return JSONResponse({"success": True})
