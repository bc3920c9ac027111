"""The contract walk through analytics: the location's key metrics over the walk's records
and payments (all members, one member), the five charts, and a loyalty program's statistics."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING

from tests.loyalty.helpers import program_body

if TYPE_CHECKING:
    from tests.contract.scenario import Walk


def run(w: Walk, *, master_id: int) -> None:
    today = datetime.now(UTC).date()
    period = {
        "date_from": (today - timedelta(days=7)).isoformat(),
        "date_to": (today + timedelta(days=14)).isoformat(),
    }
    overall = "/company/{location_id}/analytics/overall"
    w.call("GET", overall, "period", params=period)
    w.call("GET", overall, "one team member", params={**period, "team_member_id": master_id})
    w.call(
        "GET", overall, "refused: no period", params={"date_from": period["date_from"]}, expect=422
    )
    for chart in (
        "income_daily",
        "records_daily",
        "fullness_daily",
        "record_source",
        "record_status",
    ):
        w.call("GET", overall + "/charts/" + chart, "period", params=period)
    w.call(
        "GET",
        overall + "/charts/record_source",
        "one team member",
        params={**period, "staff_id": master_id},
    )

    chain = {"chain_id": w.tenant.chain.id}
    kind = w.call(
        "POST", "/chain/{chain_id}/loyalty/card_types", "created", ids=chain, json={"title": "Club"}
    )
    program = w.call(
        "POST",
        "/chain/{chain_id}/loyalty/programs",
        "created: for analytics",
        ids=chain,
        json=program_body(w.tenant, [kind["id"]], title="Club discount"),
    )
    query = {**period, "loyalty_program_id": program["id"]}
    for what in ("visits", "income", "staff"):
        w.call(
            "GET",
            "/company/{location_id}/analytics/loyalty_programs/" + what,
            "period",
            params=query,
        )
