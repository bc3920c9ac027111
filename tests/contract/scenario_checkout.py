"""The contract walk through the cash desk: a visit's sale paid by the cash desk and by a
deposit, payments deleted, and the deposit operations (account types and accounts through
Parlour's extension routes)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from tests.contract.scenario import Walk


def run(
    w: Walk, *, client_id: int, record_id: int, visit_id: int, good_id: int, phone: str
) -> None:
    chain = {"chain_id": w.tenant.chain.id}
    accounts = w.call("GET", "/accounts/{location_id}", "checkout")["data"]
    cash = next(a["id"] for a in accounts if a["type"] == 0)
    # Goods on the visit, so the sale owes something whatever the service costs.
    w.call(
        "PUT",
        "/visits/{visit_id}/{record_id}",
        "with goods",
        ids={"visit_id": visit_id, "record_id": record_id},
        json={
            "attendance": 1,
            "comment": "",
            "goods_transactions": [
                {"good_id": good_id, "title": "Shampoo", "amount": -1, "cost_per_unit": 100}
            ],
        },
    )
    record = w.call(
        "GET", "/record/{location_id}/{record_id}", "sale document", ids={"record_id": record_id}
    )["data"]
    sale = {"document_id": record["documents"][0]["id"]}
    w.call("GET", "/company/{location_id}/sale/{document_id}", "open", ids=sale)

    # --- deposits ------------------------------------------------------------------------------
    kind = w.call(
        "POST", "/chain/{chain_id}/deposit_types", "created", ids=chain, json={"title": "Prepaid"}
    )["data"]
    w.call("GET", "/chain/{chain_id}/deposit_types", "list", ids=chain)
    account = w.call(
        "POST",
        "/deposits/company/{location_id}/client/{client_id}",
        "opened",
        ids={"client_id": client_id},
        json={"deposit_type_id": kind["id"]},
    )["data"]
    deposit = account["deposit"]["id"]
    w.call(
        "POST",
        "/deposits_operations/{location_id}",
        "topped up",
        json={"client_id": client_id, "deposit_id": deposit, "amount": 500, "account_id": cash},
    )
    w.call(
        "GET",
        "/deposits/company/{location_id}/client/{client_id}",
        "list",
        ids={"client_id": client_id},
    )
    w.call("GET", "/deposits/chain/{chain_id}", "list", ids=chain, params={"balance_from": 1})
    w.call(
        "GET",
        "/deposits/chain/{chain_id}/phone/{phone}",
        "list",
        ids={**chain, "phone": phone.lstrip("+")},
    )

    # --- paying the sale -------------------------------------------------------------------------
    paid: dict[str, Any] = w.call(
        "POST",
        "/company/{location_id}/sale/{document_id}/payment",
        "account",
        ids=sale,
        json={"payment": {"method": {"slug": "account", "account_id": cash}, "amount": 1}},
    )["data"]
    by_deposit = w.call(
        "POST",
        "/company/{location_id}/sale/{document_id}/payment",
        "deposit",
        ids=sale,
        json={"payment": {"method": {"slug": "deposit", "deposit_id": deposit}, "amount": 1}},
    )["data"]
    w.call("GET", "/company/{location_id}/sale/{document_id}", "paid in part", ids=sale)
    w.call(
        "GET",
        "/visit/details/{location_id}/{record_id}/{visit_id}",
        "deposit paid",
        ids={"record_id": record_id, "visit_id": visit_id},
    )
    for template, state in (
        ("/chain/{chain_id}/deposits/{deposit_id}/history", "history"),
        ("/deposits/chain/{chain_id}/deposit_history/{deposit_id}", "history"),
    ):
        w.call("GET", template, state, ids={**chain, "deposit_id": deposit})
    w.call(
        "DELETE",
        "/company/{location_id}/sale/{document_id}/payment/loyalty_transaction/{payment_transaction_id}",
        "given back",
        ids={
            **sale,
            "payment_transaction_id": by_deposit["state"]["loyalty_transactions"][0]["id"],
        },
    )
    w.call(
        "DELETE",
        "/company/{location_id}/sale/{document_id}/payment/payment_transaction/{payment_transaction_id}",
        "deleted",
        ids={**sale, "payment_transaction_id": paid["state"]["payment_transactions"][0]["id"]},
    )
    w.call("GET", "/reports/z_report/{location_id}", "today")
    w.call(
        "GET", "/reports/z_report/{location_id}", "empty day", params={"start_date": "2020-01-01"}
    )

    # --- fiscalization ------------------------------------------------------------------------
    w.call(
        "GET",
        "/integration/kkm/references/tax_system/{country_id}",
        "list",
        ids={"country_id": 1},
        partner=True,
    )
    w.call("GET", "/kkm_settings/{location_id}", "none")
    # A provider nobody listens at: the receipt is sent after the commit and marked unreached.
    w.call(
        "PUT",
        "/kkm_settings/{location_id}",
        "set",
        json={"url": "http://127.0.0.1:9/receipts", "tax_system": "ru_osn"},
    )
    w.call(
        "POST",
        "/kkm_transactions/{location_id}/print_document_bill",
        "sent",
        json={"document_id": sale["document_id"], "type": 0},
    )
    w.call("GET", "/kkm_transactions/{location_id}", "list")
    w.call(
        "POST",
        "/integration/kkm/callback",
        "unknown receipt",
        json={"id": "unknown", "status": "success"},
        partner=True,
        expect=422,
    )
