"""The contract walk through the two ledgers: products and categories, storages, units,
suppliers, accounts and expense items (created through Parlour's extension routes, as the
walk's tenant starts without them), documents, goods and finance transactions, bills of
materials and consumables."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from tests.contract.scenario import Walk


def run(
    w: Walk, *, client_id: int, master_id: int, record_id: int, visit_id: int
) -> dict[str, Any]:
    """Walk every ledger operation; returns what later steps of the walk may use."""
    # --- extension routes: what the location's ledgers need -----------------------------------
    shop = w.call(
        "POST",
        "/storages/{location_id}",
        "created",
        json={"title": "Shop", "for_sale": 1, "comment": "Retail shelf"},
    )["data"]
    w.call(
        "POST",
        "/storages/{location_id}",
        "created",
        json={"title": "Consumables", "for_service": 1},
    )
    w.call("GET", "/storages/{location_id}", "list")
    pcs = w.call(
        "POST", "/units/{location_id}", "created", json={"title": "Piece", "short_title": "pcs"}
    )["data"]
    ml = w.call(
        "POST", "/units/{location_id}", "created", json={"title": "Millilitre", "short_title": "ml"}
    )["data"]
    w.call("GET", "/units/{location_id}", "list")
    supplier = w.call("POST", "/suppliers/{location_id}", "created", json={"title": "Acme Beauty"})[
        "data"
    ]
    w.call("GET", "/suppliers/{location_id}", "list")
    cash = w.call(
        "POST",
        "/accounts/{location_id}",
        "created",
        json={"title": "Cash desk", "type": 0, "is_default": True},
    )["data"]
    card = w.call(
        "POST", "/accounts/{location_id}", "created", json={"title": "Card account", "type": 1}
    )["data"]
    w.call("GET", "/accounts/{location_id}", "list")
    w.call("POST", "/expenses/{location_id}", "created", json={"title": "Flowers"})
    w.call("GET", "/expenses/{location_id}", "list")

    # --- product categories -------------------------------------------------------------------
    hair = w.call(
        "POST",
        "/goods_categories/{location_id}",
        "created: root",
        json={"title": "Hair", "article": "H"},
    )["data"]
    colour = w.call(
        "POST",
        "/goods_categories/{location_id}",
        "created: child",
        json={"title": "Colour", "parent_category_id": hair["id"]},
    )["data"]
    w.call(
        "PUT",
        "/goods_categories/{location_id}/{category_id}",
        "updated",
        ids={"category_id": colour["id"]},
        json={"title": "Colours", "parent_category_id": hair["id"], "comment": "dyes"},
    )
    for parent, state in ((0, "all"), (hair["id"], "children")):
        w.call(
            "GET",
            "/company/{location_id}/goods_categories/{parent_category_id}",
            state,
            ids={"parent_category_id": parent},
        )
    w.call("GET", "/goods_categories/{location_id}/{category_id}", "roots", ids={"category_id": 0})
    w.call(
        "GET",
        "/goods_categories/multiple/{location_id}",
        "by ids",
        params=[("id", hair["id"]), ("ids[]", colour["id"])],
    )

    # --- products -----------------------------------------------------------------------------
    body = {
        "title": "Repair shampoo",
        "print_title": "Shampoo",
        "article": "SH-250",
        "barcode": "4600000000017",
        "category_id": hair["id"],
        "cost": 18.5,
        "actual_cost": 9,
        "sale_unit_id": pcs["id"],
        "service_unit_id": ml["id"],
        "unit_equals": 250,
        "critical_amount": 1,
        "desired_amount": 4,
    }
    shampoo = w.call("POST", "/goods/{location_id}", "created", json=body)["data"][0]
    dye = w.call(
        "POST",
        "/goods/{location_id}",
        "created",
        json={
            **body,
            "title": "Hair dye",
            "article": "DY",
            "barcode": "",
            "category_id": colour["id"],
            "unit_equals": 100,
        },
    )["data"][0]
    w.call(
        "PUT",
        "/goods/{location_id}/{product_id}",
        "updated",
        ids={"product_id": shampoo["good_id"]},
        json={**body, "cost": "19.90"},
    )
    w.call(
        "GET",
        "/goods/{location_id}/{product_id}",
        "no stock",
        ids={"product_id": shampoo["good_id"]},
    )
    w.call("GET", "/goods/{location_id}", "list", params={"count": 10})
    w.call("GET", "/goods/search/{location_id}", "roots")
    w.call("GET", "/goods/search/{location_id}", "term", params={"term": "hair", "count": 5})
    w.call(
        "GET",
        "/goods/category_node/{location_id}/{category_id}",
        "node",
        ids={"category_id": hair["id"]},
    )
    spare = w.call("POST", "/goods/{location_id}", "created", json={**body, "title": "Spare"})[
        "data"
    ][0]
    w.call(
        "DELETE",
        "/goods/{location_id}/{product_id}",
        "deleted",
        ids={"product_id": spare["good_id"]},
    )
    empty = w.call("POST", "/goods_categories/{location_id}", "created", json={"title": "Empty"})[
        "data"
    ]
    w.call(
        "DELETE",
        "/goods_categories/{location_id}/{category_id}",
        "deleted",
        ids={"category_id": empty["id"]},
    )

    # --- stock ledger: operations, documents, goods lines ------------------------------------
    receipt = w.call(
        "POST",
        "/storage_operations/operation/{location_id}",
        "receipt",
        json={
            "type_id": 3,
            "storage_id": shop["id"],
            "create_date": "2030-01-07T10:00:00",
            "goods_transactions": [
                {
                    "good_id": shampoo["good_id"],
                    "amount": 10,
                    "cost_per_unit": 9,
                    "supplier_id": supplier["id"],
                },
                {"good_id": dye["good_id"], "amount": 5, "cost_per_unit": 12},
            ],
            "paid": True,
            "account_id": cash["id"],
        },
    )["data"]
    sale = w.call(
        "POST",
        "/storage_operations/operation/{location_id}",
        "paid sale",
        json={
            "type_id": 1,
            "storage_id": shop["id"],
            "master_id": master_id,
            "client_id": client_id,
            "transactions": [
                {"good_id": shampoo["good_id"], "amount": 1, "cost_per_unit": 18.5, "discount": 10}
            ],
            "paid": True,
            "account_id": card["id"],
        },
    )["data"]
    doc_id = sale["document"]["id"]
    w.call(
        "GET",
        "/goods/{location_id}/{product_id}",
        "with stock",
        ids={"product_id": shampoo["good_id"]},
    )
    for path in (
        "/storage_operations/documents/goods_transactions/{document_id}",
        "/storage_operations/documents/finance_transactions/{document_id}",
    ):
        w.call("GET", path, "sale", ids={"document_id": doc_id})
        w.call("GET", path, "receipt", ids={"document_id": receipt["document"]["id"]})
    w.call("GET", "/storages/transactions/{location_id}", "list", params={"count": 50})
    doc = w.call(
        "POST",
        "/storage_operations/documents/{location_id}",
        "created",
        json={
            "type_id": 4,
            "storage_id": shop["id"],
            "comment": "Broken bottle",
            "create_date": "2030-01-08 09:00:00",
        },
    )["data"]
    w.call(
        "GET",
        "/storage_operations/documents/{location_id}/{document_id}",
        "read",
        ids={"document_id": doc["id"]},
    )
    w.call(
        "GET",
        "/storage_operations/documents/{location_id}/{document_id}",
        "sale",
        ids={"document_id": doc_id},
    )
    line = w.call(
        "POST",
        "/storage_operations/goods_transactions/{location_id}",
        "created",
        json={
            "document_id": doc["id"],
            "good_id": shampoo["good_id"],
            "amount": 1,
            "cost_per_unit": 9,
            "discount": 0,
            "cost": 9,
            "operation_unit_type": 1,
            "master_id": master_id,
        },
    )["data"]
    bare = w.call(
        "POST",
        "/storage_operations/goods_transactions/{location_id}",
        "created: no references",
        json={
            "document_id": doc["id"],
            "good_id": dye["good_id"],
            "amount": 20,
            "operation_unit_type": 2,
        },
    )["data"]
    for row, state in ((line, "with master"), (bare, "no references")):
        w.call(
            "GET",
            "/storage_operations/goods_transactions/{location_id}/{transaction_id}",
            state,
            ids={"transaction_id": row["id"]},
        )
    w.call(
        "PUT",
        "/storage_operations/goods_transactions/{location_id}/{transaction_id}",
        "updated",
        ids={"transaction_id": line["id"]},
        json={
            "document_id": doc["id"],
            "good_id": shampoo["good_id"],
            "amount": 2,
            "cost_per_unit": 9,
            "comment": "two",
        },
    )
    w.call(
        "PUT",
        "/storage_operations/documents/{location_id}/{document_id}",
        "updated",
        ids={"document_id": doc["id"]},
        json={"type_id": 4, "storage_id": shop["id"], "comment": "Two broken bottles"},
    )
    w.call(
        "DELETE",
        "/storage_operations/goods_transactions/{location_id}/{transaction_id}",
        "deleted",
        ids={"transaction_id": bare["id"]},
    )

    # --- money ledger -------------------------------------------------------------------------
    paid = w.call(
        "POST",
        "/finance_transactions/{location_id}",
        "created: client, master",
        json={
            "expense_id": 5,
            "amount": 60,
            "account_id": cash["id"],
            "client_id": client_id,
            "master_id": master_id,
            "record_id": record_id,
            "visit_id": visit_id,
            "comment": "Haircut",
            "date": "2030-01-07T11:00:00",
        },
    )["data"]
    spent = w.call(
        "POST",
        "/finance_transactions/{location_id}",
        "created: bare",
        json={
            "expense_id": 9,
            "amount": -12.5,
            "account_id": cash["id"],
            "supplier_id": supplier["id"],
        },
    )["data"]
    for row, state in ((paid, "with references"), (spent, "bare")):
        w.call(
            "GET",
            "/finance_transactions/{location_id}/{transaction_id}",
            state,
            ids={"transaction_id": row["id"]},
        )
    w.call(
        "PUT",
        "/finance_transactions/{location_id}/{transaction_id}",
        "updated",
        ids={"transaction_id": spent["id"]},
        json={"expense_id": 9, "amount": -13, "account_id": cash["id"], "comment": "Flowers"},
    )
    w.call("GET", "/transactions/{location_id}", "list", params={"count": 50})
    w.call(
        "GET", "/timetable/transactions/{location_id}", "by record", params={"record_id": record_id}
    )
    w.call(
        "GET", "/timetable/transactions/{location_id}", "by visit", params={"visit_id": visit_id}
    )
    w.call("GET", "/accounts/{location_id}", "balances")
    w.call(
        "DELETE",
        "/finance_transactions/{location_id}/{transaction_id}",
        "deleted",
        ids={"transaction_id": spent["id"]},
    )
    w.call(
        "DELETE",
        "/storage_operations/documents/{location_id}/{document_id}",
        "deleted",
        ids={"document_id": doc["id"]},
    )
    return {"shop": shop, "shampoo": shampoo, "dye": dye, "units": (pcs, ml)}
