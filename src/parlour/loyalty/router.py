"""Loyalty Cards, Loyalty Programs and Chain Loyalty Programs (cards, card types, programs, the
chain's loyalty ledger). Card and card-type lists, issued cards and chain programs are answered
as bare JSON, as the legacy docs and the blueprint both show them (decisions.json)."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Depends, Path, Query, Response
from fastapi.responses import JSONResponse

from parlour.deps import (
    AccessDep,
    ChainDep,
    ClientAtDep,
    CurrentUser,
    LocationDep,
    SessionDep,
    VisitDep,
    needs,
    needs_at_client,
    needs_at_visit,
    needs_in_chain,
)
from parlour.kit.envelope import EnvelopeResponse, ok
from parlour.kit.extension import extension
from parlour.kit.ids import PathId
from parlour.kit.pagination import list_meta, page_of
from parlour.kit.query import id_list_or_empty, include_list
from parlour.loyalty import programs, service, visits
from parlour.loyalty.schemas import (
    CardIssue,
    CardTypeCreate,
    CardWithdrawal,
    ManualTransaction,
    ProgramWrite,
    ReferralApply,
    ReferralProgramWrite,
    VisitLoyalty,
)
from parlour.loyalty.service import MANUAL_RIGHT, RIGHT

router = APIRouter(tags=["Loyalty"])

Phone = Annotated[str, Path(min_length=1, max_length=64)]
INCLUDES = (
    "applicable_items",
    "rules",
    "companies",
    "loyalty_card_types",
    "on_changed_notification_template",
    "on_expiration_notification_template",
)
Includes = Annotated[frozenset[str], Depends(include_list(INCLUDES))]


def bare(data: object, status_code: int = 200) -> JSONResponse:
    """An answer without the envelope."""
    return EnvelopeResponse(data, status_code=status_code)


# --- Loyalty Cards ---------------------------------------------------------------------------


@router.get(
    "/loyalty/client_cards/{client_id}",
    dependencies=[needs_at_client(RIGHT)],
    summary="Get a List of Customer Cards by ID",
)
async def get_loyalty_card_list_by_client_id(session: SessionDep, at: ClientAtDep) -> JSONResponse:
    return bare(await service.client_cards(session, at.client, at.location))


@router.get(
    "/loyalty/cards/{phone}/{chain_id}/{location_id}",
    dependencies=[needs(RIGHT)],
    summary="Get a List of Customer Cards by Phone Number",
)
async def get_loyalty_card_list_by_phone(
    session: SessionDep, location: LocationDep, phone: Phone, chain_id: PathId
) -> JSONResponse:
    return bare(await service.cards_by_phone(session, location, phone, chain_id))


@router.get(
    "/user/loyalty_cards/{chain_id}",
    summary="Get User Loyalty Cards",
    openapi_extra={
        "x-parlour-note": "The signed-in account's own cards in the chain, found by the "
        "account's phone."
    },
)
async def get_user_loyalty_cards(
    session: SessionDep, user: CurrentUser, chain_id: PathId
) -> JSONResponse:
    return bare(await service.user_cards(session, user, chain_id))


@router.get(
    "/loyalty/card_types/salon/{location_id}",
    dependencies=[needs(RIGHT)],
    summary="Get a list of card types available at the location",
)
async def get_loyalty_card_type_list(session: SessionDep, location: LocationDep) -> JSONResponse:
    return bare(await service.location_card_types(session, location))


@router.get(
    "/loyalty/card_types/client/{location_id}/{phone}",
    dependencies=[needs(RIGHT)],
    summary="Get a List of Card Types Available for Issuance to the Client",
)
async def get_loyalty_card_type_list_for_client(
    session: SessionDep, location: LocationDep, phone: Phone
) -> JSONResponse:
    return bare(await service.card_types_for_phone(session, location, phone))


@router.get(
    "/chain/{chain_id}/loyalty/card_types",
    dependencies=[needs_in_chain(RIGHT)],
    summary="Get a List of Card Types Available at the Chain",
)
async def get_chain_loyalty_card_type_list(session: SessionDep, chain: ChainDep) -> JSONResponse:
    return bare(await service.chain_card_types(session, chain))


@router.post(
    "/chain/{chain_id}/loyalty/card_types",
    status_code=201,
    dependencies=[needs_in_chain(RIGHT)],
    summary="Create a loyalty card type",
    openapi_extra=extension(
        "Upstream only lists card types; Parlour creates them here (and with "
        "`parlour loyalty card-type`). Answers the card type as the location list shows it."
    ),
)
async def create_chain_loyalty_card_type(
    session: SessionDep, chain: ChainDep, body: CardTypeCreate
) -> JSONResponse:
    return bare(await service.create_card_type(session, chain, body), status_code=201)


@router.post(
    "/loyalty/cards/{location_id}",
    dependencies=[needs(RIGHT)],
    summary="Issue a Loyalty Card",
)
async def issue_loyalty_card(
    session: SessionDep, location: LocationDep, body: CardIssue
) -> JSONResponse:
    return bare(await service.issue_card(session, location, body))


@router.delete(
    "/loyalty/cards/{location_id}/{card_id}",
    status_code=204,
    dependencies=[needs(RIGHT)],
    summary="Remove a Loyalty Card",
)
async def remove_loyalty_card(
    session: SessionDep, location: LocationDep, card_id: PathId
) -> Response:
    await service.delete_card(session, location, card_id)
    return Response(status_code=204)


@router.post(
    "/company/{location_id}/loyalty/cards/{card_id}/manual_transaction",
    dependencies=[needs(MANUAL_RIGHT)],
    summary="Manual withdraw/deposit to loyalty card in location",
)
async def create_loyalty_card_transaction(
    session: SessionDep,
    location: LocationDep,
    user: CurrentUser,
    card_id: PathId,
    body: ManualTransaction,
) -> JSONResponse:
    data = await service.location_manual_transaction(session, location, card_id, body, user)
    return ok(data, {})


@router.post(
    "/chain/{chain_id}/loyalty/cards/{card_id}/manual_transaction",
    dependencies=[needs_in_chain(MANUAL_RIGHT)],
    summary="Manual withdraw/deposit to loyalty card in chain",
)
async def create_chain_loyalty_card_transaction(
    session: SessionDep,
    chain: ChainDep,
    user: CurrentUser,
    card_id: PathId,
    body: ManualTransaction,
) -> JSONResponse:
    data = await service.manual_transaction(
        session, [chain.id], card_id, body, location_id=None, user=user
    )
    return ok(data, {})


# --- Loyalty Programs ------------------------------------------------------------------------


@router.get(
    "/company/{location_id}/loyalty/programs/search",
    dependencies=[needs(RIGHT)],
    summary="Get a List of Promotions Active in the Location",
)
async def get_location_loyalty_program_list(
    session: SessionDep,
    location: LocationDep,
    type: Annotated[str | None, Query(max_length=64)] = None,
) -> JSONResponse:
    data = await programs.active_in(session, location, type)
    return ok(data, list_meta(data))


@router.get(
    "/loyalty/generate_code/{location_id}/{product_id}",
    dependencies=[needs(RIGHT)],
    summary="Gift Card/Membership Code Generation",
)
async def generate_loyalty_code(
    session: SessionDep, location: LocationDep, product_id: PathId
) -> JSONResponse:
    return ok({"code": await service.generate_code(session, location, product_id)})


# --- Chain Loyalty Programs ------------------------------------------------------------------


@router.post(
    "/chain/{chain_id}/loyalty/programs",
    dependencies=[needs_in_chain(RIGHT)],
    summary="Create a Chain Promotion",
)
async def create_chain_loyalty_program(
    session: SessionDep, chain: ChainDep, body: ProgramWrite, _include: Includes
) -> JSONResponse:
    return bare(await programs.create(session, chain, body))


@router.get(
    "/chain/{chain_id}/loyalty/programs/{loyalty_program_id}",
    dependencies=[needs_in_chain(RIGHT)],
    summary="Get a Chain Promotion",
)
async def get_chain_loyalty_program(
    session: SessionDep, chain: ChainDep, loyalty_program_id: PathId, _include: Includes
) -> JSONResponse:
    return bare(await programs.read(session, chain, loyalty_program_id))


@router.put(
    "/chain/{chain_id}/loyalty/programs/{loyalty_program_id}",
    dependencies=[needs_in_chain(RIGHT)],
    summary="Edit Chain Promotion",
)
async def update_chain_loyalty_program(
    session: SessionDep,
    chain: ChainDep,
    loyalty_program_id: PathId,
    body: ProgramWrite,
    _include: Includes,
) -> JSONResponse:
    return bare(await programs.update(session, chain, loyalty_program_id, body))


@router.delete(
    "/chain/{chain_id}/loyalty/programs/{loyalty_program_id}",
    status_code=204,
    dependencies=[needs_in_chain(RIGHT)],
    summary="Delete Chain Promotion",
)
async def delete_chain_loyalty_program(
    session: SessionDep, chain: ChainDep, loyalty_program_id: PathId
) -> Response:
    await programs.delete(session, chain, loyalty_program_id)
    return Response(status_code=204)


@router.get(
    "/chain/{chain_id}/loyalty/transactions",
    dependencies=[needs_in_chain(RIGHT)],
    summary="Get a List of Chain Loyalty Transactions",
)
async def get_chain_loyalty_transaction_list(
    session: SessionDep,
    chain: ChainDep,
    created_after: date,
    created_before: date,
    types: Annotated[list[int], Depends(id_list_or_empty("types"))],
    company_ids: Annotated[list[int], Depends(id_list_or_empty("company_ids"))],
    visit_ids: Annotated[list[int], Depends(id_list_or_empty("visit_ids"))],
    page: Annotated[int | None, Query(ge=1, le=1_000_000)] = None,
    count: Annotated[int | None, Query(ge=1, le=programs.TRANSACTIONS_MAX)] = None,
) -> JSONResponse:
    paging = page_of(
        page, count, default=programs.TRANSACTIONS_PAGE, maximum=programs.TRANSACTIONS_MAX
    )
    data, total = await programs.transactions(
        session,
        chain,
        after=created_after,
        before=created_before,
        types=types,
        location_ids=company_ids,
        visit_ids=visit_ids,
        page=paging,
    )
    return ok(data, list_meta(total, paging))


# --- Application of loyalty in a visit ---------------------------------------------------------
# Answered as bare JSON (the visit's details), as the legacy docs and the blueprint both show.

VISIT_NOTE = (
    "Answers the visit's details (bare JSON). A card must be one of the visit client's cards "
    "in the location's chains; loyalty lines are lines of the visit's sale."
)


@router.get(
    "/visit/loyalty/transactions/{visit_id}",
    dependencies=[needs_at_visit(RIGHT)],
    summary="Get loyalty transactions by visit",
    openapi_extra={
        "x-parlour-note": "The visit sale's discounts and card payments, then the accruals the "
        "paid visit earned (cashback, referral reward); program is zeros for a line without one."
    },
)
async def get_loyalty_transactions_by_visit(session: SessionDep, at: VisitDep) -> JSONResponse:
    return bare(await visits.visit_transactions(session, at.location, at.visit))


@router.post(
    "/visit/loyalty/apply_card_withdrawal/{location_id}/{card_id}",
    dependencies=[needs(RIGHT)],
    summary="Apply Deduction from the Loyalty Card in the Visit",
    openapi_extra={
        "x-parlour-note": VISIT_NOTE + " Takes at most what the card holds and what the visit "
        "still owes; 0 writes nothing."
    },
)
async def apply_loyalty_card_deduction(
    session: SessionDep,
    access: AccessDep,
    location: LocationDep,
    card_id: PathId,
    body: CardWithdrawal,
) -> JSONResponse:
    return bare(await visits.apply_withdrawal(session, location, access, card_id, body))


@router.post(
    "/visit/loyalty/cancel_card_withdrawal/{location_id}/{card_id}",
    dependencies=[needs(RIGHT)],
    summary="Cancel Withdrawal from the Loyalty Card During the Visit",
    openapi_extra={"x-parlour-note": VISIT_NOTE + " The points go back to the card."},
)
async def cancel_loyalty_card_withdrawal(
    session: SessionDep,
    access: AccessDep,
    location: LocationDep,
    card_id: PathId,
    body: VisitLoyalty,
) -> JSONResponse:
    return bare(await visits.cancel_withdrawal(session, location, access, card_id, body))


@router.post(
    "/visit/loyalty/apply_discount_program/{location_id}/{card_id}/{program_id}",
    dependencies=[needs(RIGHT)],
    summary="Apply a Discount Promotion in a Visit",
    openapi_extra={
        "x-parlour-note": VISIT_NOTE + " An accumulative program takes the step the client's "
        "history has reached; applying again replaces the discount."
    },
)
async def apply_discount_promotion(
    session: SessionDep,
    access: AccessDep,
    location: LocationDep,
    card_id: PathId,
    program_id: PathId,
    body: VisitLoyalty,
) -> JSONResponse:
    return bare(await visits.apply_discount(session, location, access, card_id, program_id, body))


@router.post(
    "/visit/loyalty/cancel_discount_program/{location_id}/{card_id}/{program_id}",
    dependencies=[needs(RIGHT)],
    summary="Cancel the Application of the Discount Promotion in the Visit",
    openapi_extra={"x-parlour-note": VISIT_NOTE + " The items cost what they did before."},
)
async def cancel_discount_promotion(
    session: SessionDep,
    access: AccessDep,
    location: LocationDep,
    card_id: PathId,
    program_id: PathId,
    body: VisitLoyalty,
) -> JSONResponse:
    return bare(await visits.cancel_discount(session, location, access, card_id, program_id, body))


@router.post(
    "/visit/loyalty/apply_referral_program/{location_id}/{chain_id}",
    dependencies=[needs(RIGHT)],
    summary="Apply Referral Program During a Visit",
    openapi_extra={
        "x-parlour-note": VISIT_NOTE + " The chain's referral program: its first rule is the "
        "inviter's reward (accrued when the visit is paid), its second (if any) the invited "
        "client's discount in percent (decisions.json)."
    },
)
async def apply_referral_program(
    session: SessionDep,
    access: AccessDep,
    location: LocationDep,
    chain_id: PathId,
    body: ReferralApply,
) -> JSONResponse:
    return bare(await visits.apply_referral(session, location, access, chain_id, body))


@router.post(
    "/chain/{chain_id}/loyalty/referral_programs",
    dependencies=[needs_in_chain(RIGHT)],
    summary="Create the chain's referral program",
    openapi_extra=extension(
        "Upstream configures referral programs outside the API (its program list takes no "
        "referral type); Parlour creates one here (and with `parlour loyalty referral-program`). "
        "inviter_value is the inviter's reward (value_unit), invited_discount_percent the "
        "invited client's discount; answered as a chain program (rules: the reward, then the "
        "discount)."
    ),
)
async def create_chain_referral_program(
    session: SessionDep, chain: ChainDep, body: ReferralProgramWrite
) -> JSONResponse:
    return bare(await visits.create_referral_program(session, chain, body))
