"""The outbox, readable: ``GET /company/{location_id}/outbox`` (a Parlour extension)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query
from fastapi.responses import JSONResponse

from parlour.deps import LocationDep, SessionDep, needs
from parlour.kit.envelope import ok_list
from parlour.outbox import repository as repo
from parlour.outbox import service

router = APIRouter(tags=["Parlour: outbox"])


@router.get(
    "/company/{location_id}/outbox",
    dependencies=[needs("settings_notifications_access")],
    summary="Messages waiting to be sent (Parlour extension)",
    openapi_extra={
        "x-parlour": True,
        "x-parlour-note": "Not an upstream operation. The messages changes at this location "
        "asked to send (invitation links, verification codes, notifications), oldest first; "
        "after_id pages on.",
    },
)
async def list_outbox(
    session: SessionDep,
    location: LocationDep,
    after_id: Annotated[int, Query(ge=0)] = 0,
    count: Annotated[int, Query(ge=1, le=500)] = 100,
) -> JSONResponse:
    rows = await repo.of_location(session, location.id, after_id=after_id, limit=count)
    return ok_list([service.render(m) for m in rows])
