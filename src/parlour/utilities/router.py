"""Utilities: GET /validation/validate_phone/{phone}, GET /license/{location_id}."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path
from fastapi.responses import JSONResponse

from parlour.deps import CurrentUser, LocationDep, needs
from parlour.kit.envelope import ok
from parlour.utilities import service

router = APIRouter(tags=["Utilities"])


@router.get("/validation/validate_phone/{phone}", summary="Phone number format check")
async def phone_number_format_check(
    _user: CurrentUser, phone: Annotated[str, Path(max_length=64)]
) -> JSONResponse:
    return ok(service.validate_phone(phone), [])


@router.get(
    "/license/{location_id}",
    dependencies=[needs("billing_access")],
    summary="Retrieve location subscription information",
    openapi_extra={
        "x-parlour-note": "A self-hosted licence: active, no staff limit (staff_limit 0), "
        "deactivation_date 31.12.9999; start_date is the day the location was created."
    },
)
async def get_location_subscription_information(location: LocationDep) -> JSONResponse:
    return ok(service.licence(location), [])
