"""Chain management: GET /groups, GET /group/{chain_id}/clients."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query
from fastapi.responses import JSONResponse

from parlour.chains import service
from parlour.deps import ChainDep, CurrentUser, SessionDep, needs_in_chain
from parlour.kit.envelope import ok, ok_list

router = APIRouter(tags=["Chain Management"])


@router.get("/groups", summary="Chains available to the user")
async def get_chain_list(session: SessionDep, user: CurrentUser) -> JSONResponse:
    return ok_list(await service.chains_of_user(session, user))


@router.get(
    "/group/{chain_id}/clients",
    dependencies=[needs_in_chain("clients_access")],
    summary="Get a chain client by phone number",
)
async def get_chain_client_by_phone_number(
    session: SessionDep,
    chain: ChainDep,
    phone: Annotated[str, Query(min_length=1, max_length=64)],
) -> JSONResponse:
    return ok(await service.chain_clients(session, chain, phone))
