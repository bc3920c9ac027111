"""POST /company/{id}/clients/search against a few hundred generated clients: every filter's
answer is checked against the same rule computed in Python."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

import httpx
import pytest

from parlour.db import Database
from parlour.models import Client, ClientLabel
from tests.fixtures.factories import T0, Tenant, make_record, make_staff_and_service

FIRST = ["Ann", "Bob", "Cleo", "Dan", "Eve", "Finn", "Gus", "Hana"]
LAST = ["Smith", "Reed", "Stone", "Brook", "Lane"]


@dataclass
class Gen:
    id: int
    name: str
    surname: str
    phone: str
    sex_id: int
    importance_id: int
    birth: date | None
    labels: set[int]
    sold: float
    records: int


async def _populate(db: Database, tenant: Tenant, n: int = 300) -> list[Gen]:
    rnd = random.Random(7)
    out: list[Gen] = []
    async with db.session(write=True) as s:
        for i in range(n):
            birth = date(1970, 1, 1) + timedelta(days=rnd.randint(0, 15000)) if i % 5 else None
            c = Client(
                location_id=tenant.location_id,
                name=rnd.choice(FIRST),
                surname=rnd.choice(LAST),
                phone=f"+1315555{i:04d}",
                sex_id=rnd.randint(0, 2),
                importance_id=rnd.randint(0, 3),
                birth_date=birth,
                email=f"c{i}@mail.test",
                custom_fields={},
            )
            s.add(c)
            await s.flush()
            labels = {lid for lid in (1, 2, 3) if rnd.random() < 0.3}
            for lid in labels:
                s.add(ClientLabel(client_id=c.id, label_id=lid))
            out.append(
                Gen(
                    c.id,
                    c.name,
                    c.surname,
                    c.phone or "",
                    c.sex_id,
                    c.importance_id,
                    birth,
                    labels,
                    0.0,
                    0,
                )
            )
    staff, service = await make_staff_and_service(db, tenant)
    for k, g in enumerate(out[:60]):
        for j in range(k % 4):
            cost = 10.0 * (j + 1)
            await make_record(
                db,
                tenant,
                staff_id=staff,
                service_id=service,
                client_id=g.id,
                start=T0 + timedelta(days=k, hours=j),
                cost=cost,
                with_visit=False,
            )
            g.sold += cost
            g.records += 1
    return out


@pytest.fixture
async def population(database: Database, world: Tenant) -> list[Gen]:
    return await _populate(database, world)


async def _all_ids(
    client: httpx.AsyncClient, tenant: Tenant, filters: list[dict[str, Any]], **extra: Any
) -> tuple[list[int], int]:
    ids: list[int] = []
    page = 1
    total = -1
    while True:
        r = await client.post(
            f"/company/{tenant.location_id}/clients/search",
            json={"filters": filters, "page": page, "page_size": 200, **extra},
            headers=tenant.headers,
        )
        assert r.status_code == 200, r.text
        body = r.json()
        total = body["meta"]["total_count"]
        ids += [row["id"] for row in body["data"]]
        if len(body["data"]) < 200:
            return ids, total
        page += 1


class TestSearch:
    async def test_defaults(
        self, client: httpx.AsyncClient, world: Tenant, population: list[Gen]
    ) -> None:
        r = await client.post(
            f"/company/{world.location_id}/clients/search", json={}, headers=world.headers
        )
        body = r.json()
        assert body["meta"] == {"total_count": 300}
        assert len(body["data"]) == 25 and set(body["data"][0]) == {"id"}
        assert [x["id"] for x in body["data"]] == sorted(g.id for g in population)[:25]

    @pytest.mark.parametrize(
        "filters,rule",
        [
            ([{"type": "gender", "state": {"value": [1]}}], lambda g: g.sex_id == 1),
            ([{"type": "importance", "state": {"value": [2, 3]}}], lambda g: g.importance_id >= 2),
            ([{"type": "category", "state": {"value": [2]}}], lambda g: 2 in g.labels),
            (
                [{"type": "category", "state": {"value": [1], "invert": True}}],
                lambda g: 1 not in g.labels,
            ),
            (
                [
                    {
                        "type": "birthday",
                        "state": {"from": "1980-01-01 00:00:00", "to": "1990-12-31"},
                    }
                ],
                lambda g: g.birth is not None and date(1980, 1, 1) <= g.birth <= date(1990, 12, 31),
            ),
            (
                [{"type": "quick_search", "state": {"value": "ann smith"}}],
                lambda g: g.name == "Ann" and g.surname == "Smith",
            ),
            (
                [{"type": "quick_search", "state": {"value": "5550012"}}],
                lambda g: "5550012" in g.phone,
            ),
            (
                [{"type": "sold_amount", "state": {"from": 30, "to": 60}}],
                lambda g: 30 <= g.sold <= 60,
            ),
            (
                [{"type": "record", "state": {"records_count": {"from": 2, "to": 3}}}],
                lambda g: 2 <= g.records <= 3,
            ),
            (
                [{"type": "record", "state": {"sold_amount": {"from": 31}}}],
                lambda g: g.sold >= 31,
            ),
            (
                [{"type": "record", "state": {"status": {"value": [3]}}}],
                lambda g: g.records > 0,
            ),
            (
                [
                    {
                        "type": "client",
                        "state": {"id": {"value": [1, 2, 3]}, "gender": {"value": [0, 1, 2]}},
                    }
                ],
                None,
            ),
            ([{"type": "has_mobile_app", "state": {"value": True}}], lambda g: False),
            ([{"type": "has_passteam_card", "state": {"value": False}}], lambda g: True),
            (
                [{"type": "sale", "state": {"abonement_balance": {"from": 2, "to": 3}}}],
                lambda g: False,
            ),
        ],
    )
    async def test_filter_matches_rule(
        self,
        client: httpx.AsyncClient,
        world: Tenant,
        population: list[Gen],
        filters: list[dict[str, Any]],
        rule: Any,
    ) -> None:
        if rule is None:
            wanted_ids = {g.id for g in population[:3]}
            filters = [{"type": "client", "state": {"id": {"value": sorted(wanted_ids)}}}]
            rule = lambda g: g.id in wanted_ids  # noqa: E731
        ids, total = await _all_ids(client, world, filters)
        expected = sorted(g.id for g in population if rule(g))
        assert sorted(ids) == expected and total == len(expected)

    async def test_and_or_and_ordering(
        self, client: httpx.AsyncClient, world: Tenant, population: list[Gen]
    ) -> None:
        filters = [
            {"type": "gender", "state": {"value": [2]}},
            {"type": "importance", "state": {"value": [3]}},
        ]
        ids, _ = await _all_ids(client, world, filters, operation="OR")
        assert sorted(ids) == sorted(
            g.id for g in population if g.sex_id == 2 or g.importance_id == 3
        )
        ids, _ = await _all_ids(
            client, world, [], order_by="sold_amount", order_by_direction="desc"
        )
        solds = {g.id: g.sold for g in population}
        assert [solds[i] for i in ids] == sorted(solds.values(), reverse=True)
        r = await client.post(
            f"/company/{world.location_id}/clients/search",
            json={
                "fields": ["id", "name", "sold_amount", "visits_count"],
                "order_by": "name",
                "page_size": 3,
            },
            headers=world.headers,
        )
        rows = r.json()["data"]
        assert len(rows) == 3 and set(rows[0]) == {"id", "name", "sold_amount", "visits_count"}
        assert rows[0]["name"] == "Ann"

    @pytest.mark.parametrize(
        "body",
        [
            {"filters": [{"type": "nope", "state": {}}]},
            {"filters": [{"type": "id", "state": {"value": "x"}}]},
            {"filters": [{"type": "birthday", "state": {"from": "tomorrow"}}]},
            {"order_by": "shoe_size"},
            {"fields": ["password"]},
        ],
    )
    async def test_bad_requests(
        self, client: httpx.AsyncClient, world: Tenant, body: dict[str, Any]
    ) -> None:
        r = await client.post(
            f"/company/{world.location_id}/clients/search", json=body, headers=world.headers
        )
        assert r.status_code == 400, r.text
        assert r.json()["success"] is False and r.json()["meta"]["errors"]

    async def test_page_size_limit(self, client: httpx.AsyncClient, world: Tenant) -> None:
        r = await client.post(
            f"/company/{world.location_id}/clients/search",
            json={"page_size": 201},
            headers=world.headers,
        )
        assert r.status_code == 422

    async def test_tenant_isolation(
        self,
        client: httpx.AsyncClient,
        world: Tenant,
        stranger: Tenant,
        population: list[Gen],
    ) -> None:
        r = await client.post(
            f"/company/{stranger.location_id}/clients/search", json={}, headers=stranger.headers
        )
        assert r.json()["meta"]["total_count"] == 0
        r = await client.post(
            f"/company/{world.location_id}/clients/search", json={}, headers=stranger.headers
        )
        assert r.status_code == 403
        r = await client.post(f"/company/{world.location_id}/clients/search", json={})
        assert r.status_code == 401
