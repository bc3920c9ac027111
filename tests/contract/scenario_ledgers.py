"""The contract walk through the two ledgers: products and categories, storages, units,
suppliers, accounts and expense items (created through Parlour's extension routes, as the
walk's tenant starts without them), documents, goods and finance transactions, bills of
materials and consumables."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from tests.contract.scenario import Walk


def run(w: Walk) -> dict[str, Any]:
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
    w.call("POST", "/suppliers/{location_id}", "created", json={"title": "Acme Beauty"})
    w.call("GET", "/suppliers/{location_id}", "list")
    w.call(
        "POST",
        "/accounts/{location_id}",
        "created",
        json={"title": "Cash desk", "type": 0, "is_default": True},
    )
    w.call("POST", "/accounts/{location_id}", "created", json={"title": "Card account", "type": 1})
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
    return {"shop": shop, "shampoo": shampoo, "dye": dye, "units": (pcs, ml)}
