"""The shared query-string parsers and the list ``meta`` helper, through a small app and through
real operations that use them."""

from __future__ import annotations

from typing import Annotated

import httpx
import pytest
from fastapi import Depends, FastAPI

from parlour.config import Settings
from parlour.db import Database
from parlour.kit.envelope import ok
from parlour.kit.ids import MAX_ID
from parlour.kit.pagination import list_meta, page_of
from parlour.kit.query import id_list, id_list_or_empty, include_list, optional_date
from parlour.main import create_app
from tests.fixtures.factories import Tenant


@pytest.fixture
async def probe(settings: Settings, database: Database) -> httpx.AsyncClient:
    app: FastAPI = create_app(settings, database=database)

    async def ids(
        staff: Annotated[list[int] | None, Depends(id_list("staff_ids"))],
        services: Annotated[list[int], Depends(id_list_or_empty("service_ids"))],
        only: Annotated[list[int] | None, Depends(id_list("id", plain=False))],
        include: Annotated[frozenset[str], Depends(include_list(("a", "b")))],
    ) -> object:
        return ok({"staff": staff, "services": services, "id": only, "include": sorted(include)})

    app.add_api_route("/api/v1/probe", ids)
    return httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://t/api/v1")


async def test_lists_take_brackets_repeats_and_commas(probe: httpx.AsyncClient) -> None:
    r = await probe.get(
        "/probe?staff_ids[]=1&staff_ids[]=2,3&staff_ids=4&service_ids=5,,6&id[]=7"
        "&include=a&include[]=b"
    )
    assert r.status_code == 200, r.text
    assert r.json()["data"] == {
        "staff": [1, 2, 3, 4],
        "services": [5, 6],
        "id": [7],
        "include": ["a", "b"],
    }
    r = await probe.get("/probe?id=7")
    assert r.json()["data"] == {"staff": None, "services": [], "id": None, "include": []}


@pytest.mark.parametrize(
    "query",
    [
        "staff_ids[]=abc",
        "staff_ids=0",
        f"staff_ids={MAX_ID + 1}",
        "service_ids[]=-1",
        "service_ids=%C2%B2",  # a superscript two: a digit to str.isdigit, not to int()
        "service_ids=" + "9" * 5000,
        "id[]=1.5",
        "include=c",
    ],
)
async def test_bad_items_are_422_naming_the_parameter(probe: httpx.AsyncClient, query: str) -> None:
    r = await probe.get(f"/probe?{query}")
    assert r.status_code == 422, r.text
    body = r.json()
    assert body["success"] is False
    name = query.split("=")[0].removesuffix("[]")
    assert name in body["meta"]["errors"], body


def test_list_meta_and_pages() -> None:
    page = page_of(3, 20, default=50, maximum=100)
    assert (page.offset, page.limit) == (40, 20)
    assert list_meta(45, page) == {"page": 3, "total_count": 45}
    assert list_meta([1, 2]) == {"total_count": 2}
    assert list_meta([1, 2, 3], key="count") == {"count": 3}
    assert page_of(None, 5000, default=50, maximum=100).count == 100
    assert page_of(0, None, default=50, maximum=100) == page_of(1, 50, default=1, maximum=100)


def test_dates() -> None:
    assert optional_date(None, "d") is None
    assert str(optional_date("2026-01-21", "d")) == "2026-01-21"
    assert str(optional_date("21.01.2026", "d", lenient=True)) == "2026-01-21"
    assert str(optional_date("2026-01-21T10:00:00", "d", lenient=True)) == "2026-01-21"
    assert optional_date("", "d", lenient=True) is None


async def test_operations_refuse_bad_ids_and_includes(
    client: httpx.AsyncClient, world: Tenant
) -> None:
    loc = world.location_id
    for url in (
        f"/company/{loc}/staff/schedule?start_date=2030-01-07&end_date=2030-01-08&staff_ids[]=x",
        f"/company/{loc}/staff/schedule?start_date=2030-01-07&end_date=2030-01-08&include=zzz",
        f"/clients/{loc}?id[]=0",
        "/companies?include=zzz",
    ):
        r = await client.get(url, headers=world.headers)
        assert r.status_code == 422, (url, r.text)
        assert r.json()["success"] is False
    r = await client.get(f"/book_services/{loc}?service_ids[]=nope", headers=world.partner_headers)
    assert r.status_code == 422, r.text
