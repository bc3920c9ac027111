"""Upstream conventions through a real operation: id aliases in query and body, numbers sent
as floats, booleans as 1/0, offset-less datetimes read in the location's zone."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from tests.fixtures.factories import DAY, Salon


async def _create(client: httpx.AsyncClient, salon: Salon, **changes: Any) -> dict[str, Any]:
    r = await client.post(
        f"/records/{salon.location_id}", json=salon.body(**changes), headers=salon.headers
    )
    assert r.status_code == 201, r.text
    data: dict[str, Any] = r.json()["data"][0]
    return data


@pytest.mark.parametrize("alias", ["team_member_id", "master_id", "staff_id"])
async def test_team_member_alias_in_body(
    client: httpx.AsyncClient, salon: Salon, alias: str
) -> None:
    body = salon.body()
    staff = body.pop("staff_id")
    body[alias] = staff
    r = await client.post(f"/records/{salon.location_id}", json=body, headers=salon.headers)
    assert r.status_code == 201, r.text
    assert r.json()["data"][0]["staff_id"] == staff


@pytest.mark.parametrize("alias", ["team_member_id", "master_id", "staff_id"])
async def test_team_member_alias_in_query(
    client: httpx.AsyncClient, salon: Salon, alias: str
) -> None:
    await _create(client, salon)
    await _create(client, salon, staff_id=salon.other_member_id)
    r = await client.get(
        f"/records/{salon.location_id}", params={alias: salon.member_id}, headers=salon.headers
    )
    assert r.status_code == 200, r.text
    assert [rec["staff_id"] for rec in r.json()["data"]] == [salon.member_id]


async def test_floats_and_numeric_booleans(client: httpx.AsyncClient, salon: Salon) -> None:
    rec = await _create(
        client,
        salon,
        staff_id=float(salon.member_id),
        seance_length=3600.0,
        attendance=2.0,
        save_if_busy=0,
    )
    assert rec["seance_length"] == 3600 and rec["attendance"] == 2


async def test_offsetless_datetime_is_location_time(
    client: httpx.AsyncClient, salon: Salon
) -> None:
    # The test location is in America/New_York; DAY is in daylight time (-04:00).
    rec = await _create(client, salon, datetime=f"{DAY.isoformat()}T15:00:00")
    assert rec["datetime"].startswith(f"{DAY.isoformat()}T15:00:00") and rec["datetime"].endswith(
        "-04:00"
    )
    other = await _create(
        client, salon, staff_id=salon.other_member_id, datetime=f"{DAY.isoformat()}T15:00:00Z"
    )
    assert other["datetime"] == f"{DAY.isoformat()}T11:00:00-04:00"
