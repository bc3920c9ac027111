"""Shared steps of the loyalty tests."""

from __future__ import annotations

from typing import Any

import httpx

from tests.fixtures.factories import Tenant

PHONE = "+13155550175"


async def card_type(http: httpx.AsyncClient, t: Tenant, title: str = "Cashback") -> dict[str, Any]:
    r = await http.post(
        f"/chain/{t.chain.id}/loyalty/card_types", json={"title": title}, headers=t.headers
    )
    assert r.status_code == 201, r.text
    data: dict[str, Any] = r.json()
    return data


async def issue(
    http: httpx.AsyncClient, t: Tenant, type_id: int, number: str = "0090909", phone: str = PHONE
) -> dict[str, Any]:
    r = await http.post(
        f"/loyalty/cards/{t.location_id}",
        json={"loyalty_card_number": number, "loyalty_card_type_id": str(type_id), "phone": phone},
        headers=t.headers,
    )
    assert r.status_code == 200, r.text
    data: dict[str, Any] = r.json()
    return data


def program_body(t: Tenant, type_ids: list[int], **changes: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "title": "Cumulative discount",
        "type": "discount_accumulative_paid",
        "service_item_type": "any_allowed",
        "good_item_type": "not_allowed",
        "allowed_good_ids": {},
        "value_unit": "percent",
        "expiration_timeout": 6,
        "expiration_timeout_unit": "month",
        "params_source_type": "chain",
        "history_start_date": "2025-09-21T23:00:00.000+03:00",
        "loyalty_card_type_ids": type_ids,
        "rules": [
            {"parameter": 10, "value": 2.5, "service_id": 0},
            {"parameter": 30, "value": 7.5, "service_id": 0},
        ],
        "company_ids": [t.location_id],
    }
    return body | changes
