"""The contract walk through memberships: chain membership types (created, read, updated,
cloned, archived, deleted and restored), a membership sold through Parlour's extension route,
the location and client reads, the chain's changes and the event checks."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from tests.contract.scenario import Walk


def run(w: Walk, *, client_id: int, client_phone: str, service_id: int) -> dict[str, Any]:
    chain = {"chain_id": w.tenant.chain.id}
    types = "/chain/{chain_id}/loyalty/abonement_types"
    one_type = types + "/{loyalty_membership_type_id}"
    w.call("GET", types, "empty", ids=chain)
    body = {
        "title": "Ten visits",
        "cost": 3000,
        "period": 3,
        "period_unit_id": 3,
        "allow_freeze": True,
        "freeze_limit": 30,
        "is_allow_empty_code": False,
        "is_united_balance": False,
        "united_balance_services_count": 0,
        "services": {str(service_id): 10},
        "service_categories": {},
    }
    kind = w.call("POST", types, "created", ids=chain, json=body)["data"]
    tid = {**chain, "loyalty_membership_type_id": kind["id"]}
    w.call("GET", one_type, "one", ids=tid)
    w.call(
        "PUT",
        one_type,
        "updated",
        ids=tid,
        json={**body, "title": "Ten visits (spring)", "services": [], "service_categories": []},
    )
    clone = w.call("POST", one_type + "/clone", "cloned", ids=tid)["data"]
    cid = {**chain, "loyalty_membership_type_id": clone["id"]}
    w.call("PATCH", one_type + "/archive", "archived", ids=cid, json={"is_archived": True})
    w.call("DELETE", one_type, "deleted", ids=cid)
    w.call("POST", one_type + "/restore", "restored", ids=cid)
    w.call("GET", types, "list", ids=chain)
    w.call("GET", "/company/{location_id}/loyalty/abonement_types/search", "list")
    w.call(
        "GET",
        "/company/{location_id}/loyalty/abonement_types/search",
        "empty",
        params={"title": "no such type"},
    )
    w.call(
        "GET",
        "/company/{location_id}/loyalty/abonement_types/fetch",
        "by ids",
        params={"ids[]": [kind["id"]]},
    )

    membership = w.call(
        "POST",
        "/company/{location_id}/loyalty/abonements",
        "sold",
        json={"abonement_type_id": kind["id"], "client_id": client_id},
    )["data"]
    w.call(
        "GET",
        "/loyalty/abonements",
        "list",
        params={"company_id": w.tenant.location_id, "phone": client_phone.lstrip("+")},
    )
    w.call("GET", "/user/loyalty/abonements", "own", params={"company_id": w.tenant.location_id})
    w.call("GET", "/chain/{chain_id}/loyalty/abonements", "list", ids=chain)
    w.call(
        "GET",
        "/chain/{chain_id}/loyalty/abonements",
        "empty",
        ids=chain,
        params={"created_before": "2000-01-01T00:00:00+00:00"},
    )
    mid = {**chain, "membership_id": membership["id"]}
    one = "/chain/{chain_id}/loyalty/abonements/{membership_id}"
    till = (datetime.now(UTC).date() + timedelta(days=10)).isoformat()
    w.call("POST", one + "/freeze", "frozen", ids=mid, json={"freeze_till": till})
    w.call(
        "POST", one + "/freeze", "refused: frozen", ids=mid, json={"freeze_till": till}, expect=422
    )
    w.call("POST", one + "/unfreeze", "unfrozen", ids=mid)
    w.call(
        "POST",
        one + "/set_balance",
        "changed",
        ids=mid,
        json={"services_balance_count": [{"service_id": service_id, "balance": 8}]},
    )
    w.call("POST", one + "/set_period", "changed", ids=mid, json={"period": 6, "period_unit_id": 3})

    client = {"client_id": client_id}
    activity = "/company/{location_id}/client/{client_id}/loyalty/abonements"
    for prefix in ("/api/v1", ""):
        w.call("GET", prefix + activity + "/search_for_activity", "list", ids=client)
        w.call(
            "GET",
            prefix + activity + "/{membership_id}/check_for_activity",
            "checked",
            ids={**client, "membership_id": membership["id"]},
        )
    return {"membership": membership, "type": kind}
