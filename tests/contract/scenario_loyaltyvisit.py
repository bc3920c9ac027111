"""The contract walk through loyalty in a visit: a discount program applied and cancelled, a
card withdrawal applied (capped by the balance) and cancelled, a referral, the card and program
payment methods of checkout, the cashback the paid visit earns and the visit's loyalty
transactions."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from tests.contract.scenario import Walk


def run(
    w: Walk, *, staff_id: int, service_id: int, phone: str, day: date, inviter_phone: str
) -> None:
    chain = {"chain_id": w.tenant.chain.id}
    cards = w.call(
        "GET",
        "/loyalty/cards/{phone}/{chain_id}/{location_id}",
        "before a visit",
        ids={**chain, "phone": phone},
    )
    card = cards[0]
    programs = "/chain/{chain_id}/loyalty/programs"
    base = {
        "service_item_type": "any_allowed",
        "good_item_type": "any_allowed",
        "value_unit": "percent",
        "params_source_type": "loyalty_card",
        "loyalty_card_type_ids": [card["type_id"]],
        "company_ids": [w.tenant.location_id],
    }
    discount = w.call(
        "POST",
        programs,
        "created: static discount",
        ids=chain,
        json={**base, "title": "Ten off", "type": "discount_static", "rules": [{"value": 10}]},
    )
    w.call(
        "POST",
        programs,
        "created: cashback",
        ids=chain,
        json={
            **base,
            "title": "Cashback",
            "type": "cashback_static_paid",
            "rules": [{"value": 5}],
        },
    )
    record = w.call(
        "POST",
        "/records/{location_id}",
        "created: loyalty visit",
        json={
            "staff_id": staff_id,
            "services": [{"id": service_id, "first_cost": 1000}],
            "client": {"phone": phone, "name": "Richard"},
            "datetime": f"{day.isoformat()}T11:00:00",
            "seance_length": 3600,
        },
    )["data"][0]
    visit = {"visit_id": record["visit_id"]}
    body = {"record_id": record["id"], "visit_id": record["visit_id"]}
    w.call("GET", "/visit/loyalty/transactions/{visit_id}", "empty", ids=visit)

    program = {"card_id": card["id"], "program_id": discount["id"]}
    apply = "/visit/loyalty/apply_discount_program/{location_id}/{card_id}/{program_id}"
    cancel = "/visit/loyalty/cancel_discount_program/{location_id}/{card_id}/{program_id}"
    w.call("POST", apply, "applied", ids=program, json=body)
    w.call("POST", cancel, "cancelled", ids=program, json=body)
    w.call("POST", apply, "applied again", ids=program, json=body)

    ids = {"card_id": card["id"]}
    withdraw = "/visit/loyalty/apply_card_withdrawal/{location_id}/{card_id}"
    w.call("POST", withdraw, "capped by the balance", ids=ids, json={**body, "amount": 100000})
    w.call(
        "POST",
        "/visit/loyalty/cancel_card_withdrawal/{location_id}/{card_id}",
        "cancelled",
        ids=ids,
        json=body,
    )
    w.call("POST", withdraw, "applied", ids=ids, json={**body, "amount": 20})
    w.call("POST", withdraw, "refused: negative", ids=ids, json={**body, "amount": -1}, expect=422)

    w.call(
        "POST",
        "/chain/{chain_id}/loyalty/referral_programs",
        "created",
        ids=chain,
        json={
            "title": "Invite a friend",
            "inviter_value": 100,
            "invited_discount_percent": 5,
            "company_ids": [w.tenant.location_id],
        },
    )
    referral = "/visit/loyalty/apply_referral_program/{location_id}/{chain_id}"
    w.call(
        "POST",
        referral,
        "referral applied",
        ids=chain,
        json={**body, "referrer_phone": inviter_phone.lstrip("+")},
    )
    w.call(
        "POST",
        referral,
        "refused: self",
        ids=chain,
        json={**body, "referrer_phone": phone},
        expect=422,
    )

    # Checkout: the visit's sale with the loyalty methods offered, paid by card and in cash.
    found = w.call(
        "GET", "/record/{location_id}/{record_id}", "loyalty visit", ids={"record_id": record["id"]}
    )["data"]
    sale = {"document_id": found["documents"][0]["id"]}
    state: dict[str, Any] = w.call(
        "GET", "/company/{location_id}/sale/{document_id}", "loyalty offers", ids=sale
    )["data"]
    w.call(
        "POST",
        "/company/{location_id}/sale/{document_id}/payment",
        "loyalty card",
        ids=sale,
        json={
            "payment": {
                "method": {"slug": "loyalty_card", "loyalty_card_id": card["id"]},
                "amount": 1,
            }
        },
    )
    accounts = w.call("GET", "/accounts/{location_id}", "loyalty visit")["data"]
    cash = next(a["id"] for a in accounts if a["type"] == 0)
    owed = next(m["applicable_amount"] for m in state["payment_methods"] if m["slug"] == "account")
    w.call(
        "POST",
        "/company/{location_id}/sale/{document_id}/payment",
        "account: paid in full, cashback",
        ids=sale,
        json={"payment": {"method": {"slug": "account", "account_id": cash}, "amount": owed - 1}},
    )
    w.call("GET", "/visit/loyalty/transactions/{visit_id}", "paid", ids=visit)
    w.call(
        "GET",
        "/visit/details/{location_id}/{record_id}/{visit_id}",
        "loyalty",
        ids={"record_id": record["id"], **visit},
    )
