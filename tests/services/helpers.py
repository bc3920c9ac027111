"""Arrange helpers for catalog tests: everything made through the HTTP API."""

from __future__ import annotations

from typing import Any

import httpx

from tests.fixtures.factories import Tenant


async def make_member(client: httpx.AsyncClient, tenant: Tenant, **fields: Any) -> dict[str, Any]:
    body = {"name": "Anna", "specialization": "Stylist", **fields}
    r = await client.post(f"/staff/{tenant.location_id}", json=body, headers=tenant.headers)
    assert r.status_code == 201, r.text
    data: dict[str, Any] = r.json()["data"]
    return data


async def make_category(client: httpx.AsyncClient, tenant: Tenant, **fields: Any) -> dict[str, Any]:
    body = {"title": "Hair", **fields}
    r = await client.post(
        f"/service_categories/{tenant.location_id}", json=body, headers=tenant.headers
    )
    assert r.status_code == 201, r.text
    data: dict[str, Any] = r.json()["data"]
    return data


async def make_service(client: httpx.AsyncClient, tenant: Tenant, **fields: Any) -> dict[str, Any]:
    body = {"title": "Haircut", "price_min": 30, "price_max": 50, "duration": 3600, **fields}
    r = await client.post(f"/services/{tenant.location_id}", json=body, headers=tenant.headers)
    assert r.status_code == 201, r.text
    data: dict[str, Any] = r.json()["data"]
    return data


def assert_error(r: httpx.Response, status: int, field: str | None = None) -> None:
    assert r.status_code == status, r.text
    body = r.json()
    assert body["success"] is False and body["data"] is None
    if field is not None:
        assert field in body["meta"]["errors"], body
