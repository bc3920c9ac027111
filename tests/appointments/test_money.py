"""Exact money through HTTP: amounts in and out of records, services and client cards are exact
decimals, rounded half up to the cent, and go out as JSON numbers without float artefacts."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.booking.server import running_server
from tests.fixtures.factories import DAY, Salon


def _record_body(salon: Salon, hour: int, services: list[dict[str, Any]]) -> dict[str, Any]:
    return salon.body(
        services=services, datetime=f"{DAY.isoformat()}T{hour:02d}:00:00", attendance=1
    )


async def _book(http: httpx.AsyncClient, salon: Salon, hour: int, *services: Any) -> Any:
    r = await http.post(
        f"/records/{salon.location_id}",
        json=_record_body(salon, hour, list(services)),
        headers=salon.headers,
    )
    assert r.status_code == 201, r.text
    return r.json()["data"][0]


class TestRecordAmounts:
    async def test_cents_add_up_exactly(self, client: httpx.AsyncClient, salon: Salon) -> None:
        # 0.1 + 0.2 is 0.30000000000000004 in floats; the client's paid total is 0.3.
        first = await _book(client, salon, 10, {"id": salon.service_id, "first_cost": 0.1})
        await _book(client, salon, 12, {"id": salon.service_id, "first_cost": "0.2"})
        assert first["services"][0]["cost"] == 0.1
        client_id = first["client"]["id"]
        r = await client.get(f"/client/{salon.location_id}/{client_id}", headers=salon.headers)
        assert r.status_code == 200, r.text
        assert '"paid":0.3,' in r.text.replace(" ", "")
        assert r.json()["data"]["paid"] == 0.3

    async def test_discount_rounds_half_up_to_the_cent(
        self, client: httpx.AsyncClient, salon: Salon
    ) -> None:
        rec = await _book(
            client,
            salon,
            10,
            {"id": salon.service_id, "first_cost": 100, "discount": 33.33},
            # 10.05 at 50 %: 5.025 exactly, which binary floats round down to 5.02.
            {"id": salon.second_service_id, "first_cost": "10.05", "discount": "50"},
            {"id": salon.service_id, "first_cost": 19.99, "discount": 15, "amount": 3},
        )
        costs = [(s["first_cost"], s["discount"], s["cost"]) for s in rec["services"]]
        assert costs == [(100, 33.33, 66.67), (10.05, 50, 5.03), (19.99, 15, 50.97)]
        r = await client.get(f"/record/{salon.location_id}/{rec['id']}", headers=salon.headers)
        assert [s["cost"] for s in r.json()["data"]["services"]] == [66.67, 5.03, 50.97]

    async def test_whole_amounts_are_json_integers(
        self, client: httpx.AsyncClient, salon: Salon
    ) -> None:
        rec = await _book(client, salon, 10, {"id": salon.service_id})  # the member's 100
        r = await client.get(f"/record/{salon.location_id}/{rec['id']}", headers=salon.headers)
        text = r.text.replace(" ", "")
        assert '"cost":100,' in text and '"first_cost":100,' in text
        assert "100.0" not in text

    async def test_big_amounts_keep_every_digit(
        self, client: httpx.AsyncClient, salon: Salon
    ) -> None:
        rec = await _book(
            client,
            salon,
            10,
            {"id": salon.service_id, "first_cost": "999999999999.99"},
            {"id": salon.second_service_id, "first_cost": 123456789012.34, "discount": 0},
        )
        r = await client.get(f"/record/{salon.location_id}/{rec['id']}", headers=salon.headers)
        text = r.text
        assert '"cost":999999999999.99' in text and '"cost":123456789012.34' in text
        assert [s["cost"] for s in r.json()["data"]["services"]] == [
            999999999999.99,
            123456789012.34,
        ]

    @pytest.mark.parametrize(
        "bad",
        [
            {"first_cost": "NaN"},
            {"first_cost": "Infinity"},
            {"first_cost": "-Infinity"},
            {"first_cost": True},
            {"first_cost": "12,50"},
            {"first_cost": "1000000000000"},
            {"first_cost": -1},
            {"cost": "1e400"},
            {"discount": 100.01},
            {"discount": "nan"},
        ],
    )
    async def test_bad_amounts_are_422(
        self, client: httpx.AsyncClient, salon: Salon, bad: dict[str, Any]
    ) -> None:
        body = _record_body(salon, 10, [{"id": salon.service_id, **bad}])
        r = await client.post(f"/records/{salon.location_id}", json=body, headers=salon.headers)
        assert r.status_code == 422, r.text
        assert r.json()["success"] is False
        assert await _count(client, salon) == 0

    async def test_nan_literal_in_json_is_refused(
        self, client: httpx.AsyncClient, salon: Salon
    ) -> None:
        raw = json.dumps(_record_body(salon, 10, [{"id": salon.service_id, "cost": 1}]))
        raw = raw.replace('"cost": 1', '"cost": NaN')
        r = await client.post(
            f"/records/{salon.location_id}",
            content=raw,
            headers={**salon.headers, "Content-Type": "application/json"},
        )
        assert r.status_code in (400, 422), r.text
        assert await _count(client, salon) == 0


async def _count(client: httpx.AsyncClient, salon: Salon) -> int:
    r = await client.get(f"/records/{salon.location_id}", headers=salon.headers)
    value: int = r.json()["meta"]["total_count"]
    return value


class TestCatalogAndClientAmounts:
    async def test_service_prices_numbers_and_numeric_strings(
        self, client: httpx.AsyncClient, salon: Salon
    ) -> None:
        loc = salon.location_id
        r = await client.post(
            f"/services/{loc}",
            json={"title": "Peel", "price_min": "1500", "price_max": 1500.5, "discount": "12.5"},
            headers=salon.headers,
        )
        assert r.status_code == 201, r.text
        svc = r.json()["data"]
        # discount is a numeric string in every service answer (issue 10, decisions.json).
        assert (svc["price_min"], svc["price_max"], svc["discount"]) == (1500, 1500.5, "12.5")
        assert '"price_min":1500,' in r.text.replace(" ", "")
        for bad in ("NaN", "Infinity", True, "abc"):
            r = await client.patch(
                f"/services/{loc}/{svc['id']}", json={"price_min": bad}, headers=salon.headers
            )
            assert r.status_code == 422, (bad, r.text)

    async def test_client_balance_and_spent_are_exact(
        self, client: httpx.AsyncClient, salon: Salon
    ) -> None:
        loc = salon.location_id
        r = await client.post(
            f"/clients/{loc}",
            json={
                "name": "Ann",
                "phone": "+13155550111",
                "balance": -200.5,
                "spent": "0.1",
                "discount": 7.5,
            },
            headers=salon.headers,
        )
        assert r.status_code == 201, r.text
        card = r.json()["data"]
        assert (card["balance"], card["spent"], card["discount"]) == (-200.5, 0.1, 7.5)


def test_amounts_through_a_running_server(salon: Salon, database_url: str, tmp_path: Path) -> None:
    """The same rules hold over a real socket, against the server process."""
    with (
        running_server(database_url, tmp_path, workers=1) as (base, _proc),
        httpx.Client(base_url=base, headers=salon.headers, timeout=30) as http,
    ):
        body = _record_body(
            salon,
            10,
            [
                {"id": salon.service_id, "first_cost": 0.1},
                {"id": salon.second_service_id, "first_cost": "0.2", "discount": 33.33},
            ],
        )
        r = http.post(f"/records/{salon.location_id}", json=body)
        assert r.status_code == 201, r.text
        rec = r.json()["data"][0]
        assert [s["cost"] for s in rec["services"]] == [0.1, 0.13]
        r = http.get(f"/client/{salon.location_id}/{rec['client']['id']}")
        assert r.json()["data"]["paid"] == 0.23
