"""Shared steps of the membership tests."""

from __future__ import annotations

from typing import Any

import httpx

from tests.fixtures.factories import Tenant

PHONE = "+13155550175"


def type_body(services: dict[int, int], **changes: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "title": "Ten haircuts",
        "cost": 3000,
        "period": 1,
        "period_unit_id": 3,
        "allow_freeze": True,
        "freeze_limit": 14,
        "is_allow_empty_code": False,
        "is_united_balance": False,
        "united_balance_services_count": 0,
        "services": {str(k): v for k, v in services.items()},
        "service_categories": {},
    }
    return body | changes


async def make_type(
    http: httpx.AsyncClient, t: Tenant, services: dict[int, int], **changes: Any
) -> dict[str, Any]:
    r = await http.post(
        f"/chain/{t.chain.id}/loyalty/abonement_types",
        json=type_body(services, **changes),
        headers=t.headers,
    )
    assert r.status_code == 201, r.text
    data: dict[str, Any] = r.json()["data"]
    return data


async def sell_membership(
    http: httpx.AsyncClient, t: Tenant, type_id: int, client_id: int, **extra: Any
) -> dict[str, Any]:
    r = await http.post(
        f"/company/{t.location_id}/loyalty/abonements",
        json={"abonement_type_id": type_id, "client_id": client_id, **extra},
        headers=t.headers,
    )
    assert r.status_code == 201, r.text
    data: dict[str, Any] = r.json()["data"]
    return data


def use_body(membership: dict[str, Any]) -> dict[str, Any]:
    """Upstream's body for a membership's use: no amount (one visit pays a whole service)."""
    return {
        "payment": {
            "method": {"slug": "loyalty_abonement", "loyalty_abonement_id": membership["id"]},
            "number": membership["number"],
        }
    }
