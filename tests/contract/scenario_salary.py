"""The contract walk through salary: schemes and their assignment (Parlour's extension routes),
the team member's period calculation for the visit the checkout walk paid, a payroll
calculation, a payout and the mutual settlements, and the "own" forms."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from tests.contract.scenario import Walk

BASE = "/company/{location_id}/salary"


def run(w: Walk, *, master_id: int, service_id: int, good_id: int, day: date) -> dict[str, Any]:
    member = {"team_member_id": master_id}
    today = datetime.now(UTC).date()
    span = {
        "date_from": (today - timedelta(days=2)).isoformat(),
        "date_to": (day + timedelta(days=2)).isoformat(),
    }
    w.call("GET", BASE + "/schemes", "empty")
    body = {
        "title": "Services 20% of net cost, goods 5%",
        "rules": [
            {"target_type": "service", "target_id": 0, "value": 20, "base": "net_cost"},
            {"target_type": "good", "target_id": 0, "value": 5, "base": "net_cost"},
        ],
    }
    scheme = w.call("POST", BASE + "/schemes", "created", json=body)["data"]
    fixed = {
        **body,
        "title": "Services 20%, this service 15 a unit",
        "rules": [
            *body["rules"],
            {"target_type": "service", "target_id": service_id, "type_slug": "fixed", "value": 15},
            {"target_type": "good", "target_id": good_id, "value": 7.5},
        ],
    }
    spare = w.call("POST", BASE + "/schemes", "created: fixed", json=fixed)["data"]
    w.call(
        "POST",
        BASE + "/schemes",
        "refused: unknown service",
        json={**body, "rules": [{"target_type": "service", "target_id": 99999999, "value": 1}]},
        expect=422,
    )
    w.call("GET", BASE + "/schemes", "list")
    w.call(
        "PUT",
        BASE + "/schemes/{salary_scheme_id}",
        "updated",
        ids={"salary_scheme_id": spare["id"]},
        json={**fixed, "title": "Renamed"},
    )

    own_schemes = BASE + "/staff/{team_member_id}/salary_schemes"
    w.call("GET", own_schemes, "empty", ids=member)
    w.call(
        "GET",
        BASE + "/calculation/staff/{team_member_id}/salary_schemes_count",
        "none",
        ids=member,
    )
    w.call(
        "POST",
        own_schemes,
        "assigned: ends",
        ids=member,
        json={
            "salary_scheme_id": spare["id"],
            "date_start": (today - timedelta(days=400)).isoformat(),
            "date_end": (today - timedelta(days=300)).isoformat(),
        },
    )
    w.call(
        "POST",
        own_schemes,
        "assigned: open",
        ids=member,
        json={"salary_scheme_id": scheme["id"], "date_start": span["date_from"]},
    )
    w.call("GET", own_schemes, "list", ids=member)
    w.call(
        "GET",
        BASE + "/calculation/staff/{team_member_id}/salary_schemes_count",
        "two",
        ids=member,
    )

    w.call("GET", BASE + "/period/staff/{team_member_id}", "earned", ids=member, params=span)
    w.call("GET", BASE + "/period/staff/daily/{team_member_id}", "daily", ids=member, params=span)
    w.call("GET", BASE + "/staff/{team_member_id}/period", "own", ids=member, params=span)
    payroll = BASE + "/payroll/staff/{team_member_id}/calculation"
    w.call("GET", payroll, "empty", ids=member, params=span)
    calc = w.call(
        "POST", payroll, "created", ids=member, json={**span, "comment": "Checkout week"}
    )["data"]
    w.call("POST", payroll, "nothing left", ids=member, json=span, expect=422)
    w.call("GET", payroll, "list", ids=member, params=span)
    w.call(
        "GET",
        payroll + "/{calculation_id}",
        "read",
        ids={**member, "calculation_id": calc["id"]},
    )
    w.call(
        "GET",
        payroll + "/{calculation_id}",
        "unknown",
        ids={**member, "calculation_id": 99999999},
        expect=404,
    )
    settle = BASE + "/calculation/staff/{team_member_id}"
    w.call("GET", settle, "accrued", ids=member, params=span)
    accounts = w.call("GET", "/accounts/{location_id}", "salary")["data"]
    cash = next(a["id"] for a in accounts if a["type"] == 0)
    w.call(
        "POST",
        "/finance_transactions/{location_id}",
        "salary payout",
        json={
            "expense_id": 3,
            "account_id": cash,
            "amount": -float(calc["amount"]),
            "master_id": master_id,
            "comment": "Salary",
        },
    )
    w.call("GET", settle, "settled", ids=member, params=span)
    w.call(
        "GET", BASE + "/calculation/staff/daily/{team_member_id}", "daily", ids=member, params=span
    )
    w.call("GET", BASE + "/staff/{team_member_id}/calculation", "own", ids=member, params=span)
    w.call(
        "GET",
        settle,
        "bad period",
        ids=member,
        params={"date_from": span["date_to"], "date_to": span["date_from"]},
        expect=422,
    )
    return {"scheme_id": scheme["id"], "calculation_id": calc["id"]}
