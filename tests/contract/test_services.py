"""Upstream's service samples: every field they show is in our answers, with the same type."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from tests.contract.samples import endpoint_example
from tests.fixtures.factories import Tenant, make_category, make_member, make_service


def _same_shape(sample: dict[str, Any], ours: dict[str, Any]) -> None:
    missing = set(sample) - set(ours)
    assert not missing, missing
    for key, value in sample.items():
        if value is None or ours[key] is None:
            continue
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            assert isinstance(ours[key], (int, float)) and not isinstance(ours[key], bool), key
        else:
            assert type(ours[key]) is type(value), key


@pytest.mark.parametrize(
    "page",
    [
        "services/patch_service.md",
        "services/deprecated_update_service_by_id.md",
        "services/deprecated_get_service_list_by_id.md",
    ],
)
async def test_service_object(page: str, client: httpx.AsyncClient, world: Tenant) -> None:
    member = await make_member(client, world)
    svc = await make_service(client, world, staff=[{"id": member["id"], "seance_length": 900}])
    _same_shape(endpoint_example(page), svc)
    _same_shape(endpoint_example(page)["staff"][0], svc["staff"][0])


async def test_service_list_item(client: httpx.AsyncClient, world: Tenant) -> None:
    await make_service(client, world)
    r = await client.get(f"/services/{world.location_id}", headers=world.headers)
    _same_shape(endpoint_example("services/get_service_list.md")[0], r.json()["data"][0])


@pytest.mark.parametrize(
    "page",
    ["services/get_service_category_list.md", "services/deprecated_get_service_category_list.md"],
)
async def test_category_object(page: str, client: httpx.AsyncClient, world: Tenant) -> None:
    member = await make_member(client, world)
    cat = await make_category(client, world, staff=[member["id"]])
    for item in endpoint_example(page):
        _same_shape(item, cat)
    _same_shape(endpoint_example("services/create_service_category.md"), cat)
