"""The contract walk through deleting payroll calculations (Parlour's extension route): a goods
sale of today, calculated on its own, is deleted; deleting it again is 404."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from tests.contract.scenario import Walk

PAYROLL = "/company/{location_id}/salary/payroll/staff/{team_member_id}/calculation"


def run(w: Walk, *, master_id: int, storage_id: int, good_id: int) -> None:
    member = {"team_member_id": master_id}
    today = datetime.now(UTC).date()
    span = {
        "date_from": (today - timedelta(days=180)).isoformat(),
        "date_to": (today + timedelta(days=180)).isoformat(),
    }
    paid = w.call("GET", PAYROLL, "paid out", ids=member, params=span)["data"]
    accounts = w.call("GET", "/accounts/{location_id}", "salary deletes")["data"]
    cash = next(a["id"] for a in accounts if a["type"] == 0)
    w.call(
        "POST",
        "/storage_operations/operation/{location_id}",
        "sale to calculate",
        json={
            "type_id": 1,
            "storage_id": storage_id,
            "master_id": master_id,
            "transactions": [
                {"good_id": good_id, "amount": 1, "cost_per_unit": 20, "master_id": master_id}
            ],
            "paid": True,
            "account_id": cash,
        },
    )
    calc = w.call("POST", PAYROLL, "to delete", ids=member, json={**span, "comment": "By mistake"})[
        "data"
    ]
    one = PAYROLL + "/{calculation_id}"
    w.call("DELETE", one, "deleted", ids={**member, "calculation_id": calc["id"]})
    w.call("DELETE", one, "gone", ids={**member, "calculation_id": calc["id"]}, expect=404)
    # The salary walk's calculation is paid out: its refusal (409) is proven over a socket in
    # tests/salary, as the served OpenAPI declares no 409 (like the API's other 409s).
    assert paid, "the salary walk made a calculation"
