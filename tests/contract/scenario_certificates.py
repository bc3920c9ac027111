"""The contract walk through gift certificates: the chain's certificate types (created, read,
listed, updated, frozen once sold, deleted), the location's type lists, a certificate sold
through Parlour's extension route and spent at the cash desk, the client's and the account's
certificates, and the chain's loyalty notification templates."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from tests.contract.scenario import Walk


def _type(title: str, **changes: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "title": title,
        "balance": 1000,
        "is_multi": True,
        "item_type_id": 0,
        "is_allow_empty_code": False,
        "balance_edit_type_id": 1,
        "service_ids": [],
        "salon_ids": [],
        "expiration": {"type_id": 2, "timeout": 6, "timeout_unit_id": 3},
        "online_sale": {
            "is_enabled": True,
            "title": "Gift Certificate",
            "description": "For any service or product",
            "price": 1000,
        },
        "category_id": None,
    }
    return body | changes


def run(w: Walk, *, client_id: int, client_phone: str, service_id: int) -> None:
    chain = {"chain_id": w.tenant.chain.id}
    types = "/chain/{chain_id}/loyalty/certificate_types"
    one = types + "/{type_id}"
    w.call("GET", types, "empty", ids=chain)
    gift = w.call("POST", types, "created", ids=chain, json=_type("Gift Certificate 1000"))["data"]
    spa = w.call(
        "POST",
        types,
        "created: some services, fixed date, single write-off",
        ids=chain,
        json=_type(
            "Spa 500",
            balance=500,
            is_multi=False,
            item_type_id=3,
            service_ids=[service_id],
            salon_ids=[w.tenant.location_id],
            expiration={"type_id": 1, "date": "2099-12-31T23:59:59+00:00"},
        ),
    )["data"]
    spare = w.call("POST", types, "created", ids=chain, json=_type("Spare"))["data"]
    ids = {**chain, "type_id": gift["id"]}
    w.call("GET", one, "one type", ids=ids)
    w.call("PUT", one, "updated", ids=ids, json=_type("Gift Certificate 1500", balance=1500))
    w.call("GET", types, "list", ids=chain, params={"page": 1, "page_size": 10})
    w.call("GET", types, "filtered", ids=chain, params={"title": "spa"})
    w.call("DELETE", one, "deleted", ids={**chain, "type_id": spare["id"]})
    w.call(
        "PUT", one, "bad expiry", ids=ids, json=_type("X", expiration={"type_id": 1}), expect=422
    )

    search = "/company/{location_id}/loyalty/certificate_types/search"
    w.call("GET", search, "list")
    w.call("GET", search, "paged", params={"title": "gift", "page": 1, "page_size": 5})
    fetch = "/company/{location_id}/loyalty/certificate_types/fetch"
    w.call("GET", fetch, "by ids", params={"ids[]": [gift["id"], spa["id"]]})
    w.call("GET", fetch, "none asked")

    mine = {"phone": client_phone, "company_id": w.tenant.location_id}
    w.call("GET", "/loyalty/certificates", "empty", params=mine)
    sell = "/company/{location_id}/loyalty/certificates"
    sold = w.call(
        "POST", sell, "sold", json={"certificate_type_id": gift["id"], "client_id": client_id}
    )["data"]
    w.call(
        "POST",
        sell,
        "sold: own code",
        json={"certificate_type_id": spa["id"], "phone": client_phone, "number": "1234567"},
    )
    w.call("PUT", one, "frozen once sold", ids=ids, json=_type("Changed"), expect=422)
    w.call("DELETE", one, "frozen once sold", ids=ids, expect=422)
    w.call("GET", one, "released", ids=ids)
    w.call("GET", "/loyalty/certificates", "with certificates", params=mine)
    w.call(
        "GET",
        "/user/loyalty/certificates",
        "account without a phone",
        params={"company_id": w.tenant.location_id},
    )

    # A second certificate's sale (a goods sale document) paid in part with the first one.
    second = w.call(
        "POST", sell, "sold", json={"certificate_type_id": gift["id"], "phone": client_phone}
    )["data"]
    sale = {"document_id": second["document_id"]}
    w.call("GET", "/company/{location_id}/sale/{document_id}", "certificate offered", ids=sale)
    paid = w.call(
        "POST",
        "/company/{location_id}/sale/{document_id}/payment",
        "paid by certificate",
        ids=sale,
        json={
            "payment": {
                "method": {"slug": "loyalty_certificate", "loyalty_certificate_id": sold["id"]},
                "amount": 400,
                "number": sold["number"],
            }
        },
    )["data"]
    line = paid["state"]["loyalty_transactions"][0]
    w.call(
        "DELETE",
        "/company/{location_id}/sale/{document_id}/payment/loyalty_transaction/"
        "{payment_transaction_id}",
        "certificate payment undone",
        ids={**sale, "payment_transaction_id": line["id"]},
    )
    w.call(
        "GET",
        "/chain/{chain_id}/loyalty/notification_message_templates/programs",
        "list",
        ids=chain,
    )
