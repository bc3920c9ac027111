"""Sales: the sale state of a document (a visit's or a goods sale's), paying it by the cash
desk or a deposit, and deleting a payment."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import JSONResponse

from parlour.deps import AccessDep, LocationDep, SessionDep, needs
from parlour.kit.envelope import ok
from parlour.kit.ids import PathId
from parlour.sales import service
from parlour.sales.schemas import PaymentBody

router = APIRouter(tags=["Sales"])

BASE = "/company/{location_id}/sale/{document_id}"


@router.get(
    BASE,
    dependencies=[needs(service.RIGHT)],
    summary="Receipt of a Sales Transaction",
    openapi_extra={
        "x-parlour-note": "A visit's document (type 7) or a goods sale (type 1); any other "
        "document is 404. Items without their own discount take the client's; a loyalty "
        "program's discount lowers cost_to_pay_total. The client's loyalty cards, discount "
        "programs, gift certificates and memberships are offered."
    },
)
async def get_sale_transaction(
    session: SessionDep, location: LocationDep, document_id: PathId
) -> JSONResponse:
    sale = await service.load_sale(session, location, document_id)
    return ok(await service.render(session, location, sale))


@router.post(
    BASE + "/payment",
    dependencies=[needs(service.RIGHT)],
    summary="Payment at the Location Account and Loyalty (Various Methods)",
    openapi_extra={
        "x-parlour-note": "Methods account (account_id), deposit (deposit_id), loyalty_card "
        "(loyalty_card_id), loyalty_program (loyalty_card_id, loyalty_program_id), "
        "referral_loyalty_program (after apply_referral_program) and loyalty_certificate "
        "(loyalty_certificate_id; number, the code, unless the user may pay without it); an "
        "amount above what the sale still owes, above the deposit's, card's or certificate's "
        "balance, above the program's discount or above what the certificate may pay for is "
        "422. A sale paid in full (a visit's, or a goods sale of a client with a card) accrues "
        "the client's cashback."
    },
)
async def create_payment_with_loyalty_methods(
    access: AccessDep,
    session: SessionDep,
    location: LocationDep,
    document_id: PathId,
    body: PaymentBody,
) -> JSONResponse:
    sale = await service.pay(session, location, access, document_id, body.payment)
    return ok(await service.render(session, location, sale))


@router.delete(
    BASE + "/payment/payment_transaction/{payment_transaction_id}",
    dependencies=[needs(service.RIGHT)],
    summary="Delete a Cashier Payment Transaction",
    openapi_extra={"x-parlour-note": "Soft: the finance line leaves the account's balance."},
)
async def delete_location_account_payment(
    session: SessionDep, location: LocationDep, document_id: PathId, payment_transaction_id: PathId
) -> JSONResponse:
    sale = await service.delete_payment(session, location, document_id, payment_transaction_id)
    return ok(await service.render(session, location, sale))


@router.delete(
    BASE + "/payment/loyalty_transaction/{payment_transaction_id}",
    dependencies=[needs(service.RIGHT)],
    summary="Delete a Loyalty Payment Transaction",
    openapi_extra={
        "x-parlour-note": "A deposit's payment goes back to the deposit (its withdrawal leaves "
        "the history), a card's to the card, a gift certificate's to the certificate (a single "
        "write-off one is whole again once none of its payments is left); a program's discount "
        "is lifted."
    },
)
async def delete_loyalty_payment_transaction(
    session: SessionDep, location: LocationDep, document_id: PathId, payment_transaction_id: PathId
) -> JSONResponse:
    sale = await service.delete_loyalty(session, location, document_id, payment_transaction_id)
    return ok(await service.render(session, location, sale))
