"""The contract walk through loyalty: card types (created through Parlour's extension route),
cards issued, read and charged, chain programs, the location's programs and the ledger."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from tests.contract.scenario import Walk

# The phone the walk's client account signs in with later (it reads its own cards).
ACCOUNT_PHONE = "+13155550166"


def run(
    w: Walk, *, client_id: int, client_phone: str, product_id: int, service_id: int
) -> dict[str, Any]:
    chain = {"chain_id": w.tenant.chain.id}
    types = "/chain/{chain_id}/loyalty/card_types"
    w.call("GET", types, "empty", ids=chain)
    gold = w.call("POST", types, "created", ids=chain, json={"title": "Gold"})
    silver = w.call("POST", types, "created", ids=chain, json={"title": "Silver"})
    w.call("GET", types, "list", ids=chain)
    w.call("GET", "/loyalty/card_types/salon/{location_id}", "list")

    programs = "/chain/{chain_id}/loyalty/programs"
    one = {**chain}
    body = {
        "title": "Cumulative discount for services",
        "type": "discount_accumulative_paid",
        "service_item_type": "custom_allowed",
        "good_item_type": "custom_allowed",
        "allowed_service_ids": [service_id],
        "allowed_good_ids": [product_id],
        "allowed_good_category_ids": {},
        "value_unit": "percent",
        "expiration_timeout": 6,
        "expiration_timeout_unit": "month",
        "expiration_notification_timeout": 7,
        "params_source_type": "chain",
        "history_start_date": "2025-09-21T23:00:00.000+03:00",
        "loyalty_card_type_ids": [gold["id"]],
        "rules": [{"parameter": 10, "value": 2.5}, {"parameter": 30, "value": 7.5}],
        "company_ids": [w.tenant.location_id],
    }
    program = w.call("POST", programs, "created", ids=one, json=body)
    one["loyalty_program_id"] = program["id"]
    w.call("GET", programs + "/{loyalty_program_id}", "one program", ids=one)
    w.call(
        "PUT",
        programs + "/{loyalty_program_id}",
        "updated",
        ids=one,
        json={**body, "title": "Renamed", "service_item_type": "any_allowed"},
        params={"include": "rules"},
    )
    static = w.call(
        "POST",
        programs,
        "created: static cashback",
        ids=chain,
        json={
            **body,
            "type": "cashback_static_paid",
            "good_item_type": "not_allowed",
            "rules": [{"value": 5}],
        },
    )
    w.call("GET", "/company/{location_id}/loyalty/programs/search", "list")
    w.call(
        "GET",
        "/company/{location_id}/loyalty/programs/search",
        "empty",
        params={"type": "package_discount"},
    )

    card_ids = {"phone": client_phone, **chain}
    w.call("GET", "/loyalty/cards/{phone}/{chain_id}/{location_id}", "empty", ids=card_ids)
    w.call("GET", "/loyalty/client_cards/{client_id}", "empty", ids={"client_id": client_id})
    w.call("GET", "/loyalty/card_types/client/{location_id}/{phone}", "all", ids=card_ids)
    card = w.call(
        "POST",
        "/loyalty/cards/{location_id}",
        "issued",
        json={
            "loyalty_card_number": "0090909",
            "loyalty_card_type_id": str(gold["id"]),
            "phone": client_phone.lstrip("+"),
        },
    )
    w.call(
        "POST",
        "/loyalty/cards/{location_id}",
        "issued: no programs",
        json={
            "loyalty_card_number": 7001,
            "loyalty_card_type_id": silver["id"],
            "phone": ACCOUNT_PHONE,
        },
    )
    w.call("GET", "/loyalty/card_types/client/{location_id}/{phone}", "one left", ids=card_ids)
    w.call("GET", "/loyalty/cards/{phone}/{chain_id}/{location_id}", "with cards", ids=card_ids)
    w.call("GET", "/loyalty/client_cards/{client_id}", "with cards", ids={"client_id": client_id})
    tx = {"card_id": card["id"], **chain}
    w.call(
        "POST",
        "/company/{location_id}/loyalty/cards/{card_id}/manual_transaction",
        "deposit",
        ids=tx,
        json={"amount": 100.5, "title": "Welcome"},
    )
    w.call(
        "POST",
        "/chain/{chain_id}/loyalty/cards/{card_id}/manual_transaction",
        "withdraw",
        ids=tx,
        json={"amount": -30},
    )
    w.call(
        "POST",
        "/chain/{chain_id}/loyalty/cards/{card_id}/manual_transaction",
        "overdraw refused",
        ids=tx,
        json={"amount": -1000},
        expect=422,
    )
    ledger = "/chain/{chain_id}/loyalty/transactions"
    dates = {"created_after": "2000-01-01", "created_before": "2100-12-31"}
    w.call("GET", ledger, "list", ids=chain, params=dates)
    w.call("GET", ledger, "empty", ids=chain, params={**dates, "types[]": 8})
    w.call(
        "GET",
        "/loyalty/generate_code/{location_id}/{product_id}",
        "generated",
        ids={"product_id": product_id},
    )
    spare = w.call(
        "POST",
        "/loyalty/cards/{location_id}",
        "issued",
        json={
            "loyalty_card_number": "spare",
            "loyalty_card_type_id": silver["id"],
            "phone": client_phone,
        },
    )
    w.call(
        "DELETE", "/loyalty/cards/{location_id}/{card_id}", "deleted", ids={"card_id": spare["id"]}
    )
    w.call(
        "DELETE",
        programs + "/{loyalty_program_id}",
        "deleted",
        ids={**chain, "loyalty_program_id": static["id"]},
    )
    return {"chain_id": w.tenant.chain.id}
