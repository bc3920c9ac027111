"""Hostile input over a socket: NUL bytes, dates outside the calendar, NaN and infinities,
integers beyond 64 bits, huge pages and bodies. Every one is a 4xx in the error envelope
naming the field, and nothing is written."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx
from sqlalchemy import func, select, text

from parlour.db import Database
from parlour.models import Base
from tests.booking.server import running_server
from tests.fixtures import factories as f
from tests.fixtures.factories import Tenant

BIG = "99999999999999999999999"  # beyond 64 bits


def _cases(ids: dict[str, Any]) -> list[tuple[str, str, dict[str, Any]]]:
    """(method, path, request keyword arguments) for every hostile request."""
    loc, m, s, r, v = ids["loc"], ids["member"], ids["service"], ids["record"], ids["visit"]
    record = {
        "staff_id": m,
        "services": [{"id": s}],
        "client": {"phone": "+13155550188", "name": "Hostile"},
        "datetime": "2027-01-05T10:00:00",
        "seance_length": 3600,
    }
    booking = {
        "phone": "+13155550189",
        "fullname": "Hostile",
        "appointments": [{"id": 1, "services": [s], "staff_id": m, "datetime": "2027-01-05T12:00"}],
    }
    cases: list[tuple[str, str, dict[str, Any]]] = []
    nul = "bad\x00name"
    # NUL bytes: bodies (values and keys), query strings, forms.
    cases += [
        ("POST", f"/clients/{loc}", {"json": {"name": nul, "phone": "+13155550101"}}),
        ("POST", f"/clients/{loc}", {"json": {"name": "ok", "phone": "+1315555\x000101"}}),
        ("PUT", f"/client/{loc}/{ids['client']}", {"json": {"name": nul, "phone": "+13155550101"}}),
        ("POST", f"/records/{loc}", {"json": {**record, "comment": nul}}),
        ("POST", f"/records/{loc}", {"json": {**record, "client": {"phone": "1", "name": nul}}}),
        ("POST", f"/book_record/{loc}", {"json": {**booking, "fullname": nul}}),
        ("POST", f"/book_record/{loc}", {"json": {**booking, "comment": nul}}),
        ("POST", f"/services/{loc}", {"json": {"title": nul}}),
        ("POST", f"/staff/{loc}", {"json": {"name": nul}}),
        ("POST", f"/service_categories/{loc}", {"json": {"title": nul}}),
        ("PUT", f"/company/{loc}", {"json": {"title": nul}}),
        ("POST", f"/company/{loc}/clients/search", {"json": {"filters": [{"type": nul}]}}),
        ("POST", f"/clients/{loc}", {"json": {"name": "x", "phone": "+13155550101", nul: 1}}),
        ("GET", f"/clients/{loc}", {"params": {"fullname": nul}}),
        ("GET", f"/clients/{loc}", {"params": {"phone": nul}}),
        ("GET", f"/group/{ids['chain']}/clients", {"params": {"phone": nul}}),
        ("GET", f"/records/{loc}", {"params": {"start_date": "2027-01-01\x00"}}),
        ("POST", "/auth", {"json": {"login": nul, "password": nul}}),
        ("POST", f"/clients/{loc}/clients/{ids['client']}/comments", {"json": {"text": nul}}),
        (
            "POST",
            f"/clients/{loc}",
            {
                "content": f"name={nul}",
                "headers": {"Content-Type": "application/x-www-form-urlencoded"},
            },
        ),
    ]
    # Dates outside the calendar (year 1 and 9999) wherever a date or time is accepted.
    for day in ("0001-01-01", "9999-12-31"):
        cases += [
            ("GET", f"/records/{loc}", {"params": {"start_date": day, "end_date": day}}),
            ("GET", f"/records/{loc}", {"params": {"start_date": "2027-01-01", "end_date": day}}),
            ("GET", "/records/partner", {"params": {"start_date": day, "end_date": day}}),
            ("GET", "/records/partner", {"params": {"created_start_date": day}}),
            ("GET", f"/book_times/{loc}/{m}/{day}", {}),
            ("GET", f"/book_dates/{loc}", {"params": {"date": day}}),
            ("GET", f"/book_dates/{loc}", {"params": {"date_from": day, "date_to": day}}),
            ("GET", f"/timetable/dates/{loc}/{day}", {}),
            ("GET", f"/timetable/seances/{loc}/{m}/{day}", {}),
            ("GET", f"/schedule/{loc}/{m}/{day}/{day}", {}),
            ("GET", f"/schedule/{loc}/{m}/2027-01-01/{day}", {}),
            ("PUT", f"/schedule/{loc}/{m}/{day}/{day}", {"json": []}),
            (
                "GET",
                f"/company/{loc}/staff/schedule",
                {"params": {"start_date": day, "end_date": day}},
            ),
            ("GET", f"/comments/{loc}", {"params": {"start_date": day, "end_date": day}}),
            ("POST", f"/records/{loc}", {"json": {**record, "datetime": f"{day}T00:00:00"}}),
            ("POST", f"/records/{loc}", {"json": {**record, "datetime": f"{day}T23:59:59"}}),
            ("PUT", f"/record/{loc}/{r}", {"json": {**record, "datetime": f"{day}T12:00:00"}}),
            (
                "POST",
                f"/book_record/{loc}",
                {
                    "json": {
                        **booking,
                        "appointments": [
                            {"id": 1, "services": [s], "staff_id": m, "datetime": f"{day}T00:00"}
                        ],
                    }
                },
            ),
            (
                "POST",
                f"/clients/{loc}",
                {"json": {"name": "x", "phone": "+13155550102", "birth_date": day}},
            ),
            ("PATCH", f"/services/{loc}/{s}", {"json": {"date_from": day, "date_to": day}}),
            ("GET", f"/book_services/{loc}", {"params": {"datetime": f"{day}T00:00:00"}}),
            ("GET", f"/book_staff/{loc}", {"params": {"datetime": f"{day}T00:00:00"}}),
            ("GET", f"/clients/{loc}", {"params": {"changed_after": f"{day}T00:00:00"}}),
        ]
    # NaN, infinities, numbers that overflow to infinity.
    for number in ("NaN", "Infinity", "-Infinity", "1e999"):
        raw_visit = (
            '{"attendance": 1, "comment": "", "goods_transactions": [{"good_id": 1, "amount": '
            + number
            + "}]}"
        )
        cases += [
            ("PUT", f"/visits/{v}/{r}", {"content": raw_visit, "headers": _json}),
            (
                "POST",
                f"/clients/{loc}",
                {
                    "content": '{"name": "x", "phone": "+13155550103", "discount": ' + number + "}",
                    "headers": _json,
                },
            ),
            (
                "PATCH",
                f"/services/{loc}/{s}",
                {"content": '{"price_min": ' + number + "}", "headers": _json},
            ),
        ]
    # Integers beyond 64 bits: query, path, body.
    cases += [
        ("GET", f"/clients/{loc}", {"params": {"id[]": BIG}}),
        ("GET", f"/clients/{loc}", {"params": [("id[]", "1"), ("id[]", BIG)]}),
        ("GET", f"/clients/{loc}", {"params": {"id": BIG}}),
        ("GET", f"/client/{loc}/{BIG}", {}),
        ("GET", f"/record/{loc}/{BIG}", {}),
        ("GET", f"/records/{loc}", {"params": {"team_member_id": BIG}}),
        ("GET", f"/book_times/{loc}/{BIG}/2027-01-05", {}),
        ("GET", f"/book_dates/{loc}", {"params": {"staff_id": BIG}}),
        ("GET", f"/book_services/{loc}", {"params": {"staff_id": BIG}}),
        ("GET", f"/services/{loc}", {"params": {"staff_id": BIG, "category_id": BIG}}),
        ("GET", f"/company/{BIG}", {}),
        ("POST", f"/records/{loc}", {"content": _big_json(record, "staff_id"), "headers": _json}),
        ("POST", f"/records/{loc}", {"json": {**record, "attendance": int(BIG)}}),
        ("POST", f"/records/{loc}", {"json": {**record, "record_labels": [int(BIG)]}}),
        (
            "POST",
            f"/clients/{loc}",
            {"json": {"name": "x", "phone": "1", "categories": [int(BIG)]}},
        ),
        ("PUT", f"/visits/{v}/{r}", {"json": {"attendance": int(BIG)}}),
        ("POST", f"/book_record/{loc}", {"json": {**booking, "notify_by_sms": int(BIG)}}),
        ("POST", f"/clients/{loc}", {"json": {"name": "x", "phone": int(BIG)}}),
        ("POST", f"/clients/{loc}", {"json": {"name": "x", "phone": "1", "birth_date": int(BIG)}}),
    ]
    # Huge pages and page sizes.
    cases += [
        ("GET", f"/clients/{loc}", {"params": {"page": BIG, "count": 50}}),
        ("GET", f"/clients/{loc}", {"params": {"page": 10**12, "count": 10**9}}),
        ("GET", f"/records/{loc}", {"params": {"page": 10**12, "count": 10**9}}),
        ("GET", "/records/partner", {"params": {"page": BIG}}),
        ("GET", f"/comments/{loc}", {"params": {"page": BIG, "count": BIG}}),
        (
            "POST",
            f"/company/{loc}/clients/search",
            {"json": {"page": int(BIG), "page_size": 10**9}},
        ),
        ("GET", "/companies", {"params": {"page": BIG, "count": BIG}}),
    ]
    # Huge bodies.
    cases += [
        ("POST", f"/clients/{loc}", {"json": {"name": "x" * 3_000_000, "phone": "1"}}),
        ("POST", f"/records/{loc}", {"json": {**record, "comment": "y" * 3_000_000}}),
        ("POST", f"/clients/{loc}/bulk", {"json": [{"name": "x", "phone": "1"}] * 200_000}),
    ]
    return cases


_json = {"Content-Type": "application/json"}
_form = {"Content-Type": "application/x-www-form-urlencoded"}


def _span(day: str) -> dict[str, str]:
    return {"start_date": day, "end_date": day}


def _big_json(body: dict[str, Any], key: str) -> str:
    import json

    return json.dumps({**body, key: 0}).replace(f'"{key}": 0', f'"{key}": {BIG}')


async def _counts(database: Database) -> dict[str, int]:
    async with database.session() as session:
        out = {}
        for table in Base.metadata.sorted_tables:
            out[table.name] = (
                await session.execute(select(func.count()).select_from(table))
            ).scalar_one()
        await session.execute(text("SELECT 1"))
        return out


async def test_hostile_input_is_a_4xx_envelope_and_writes_nothing(
    database: Database, database_url: str, world: Tenant, tmp_path: Path
) -> None:
    loc = world.location_id
    member = await f.member(database, loc)
    service = await f.service(database, loc, [member])
    await f.schedule(database, loc, member, [f.future_day(5)])
    at = datetime.combine(f.future_day(5), datetime.min.time().replace(hour=15), tzinfo=UTC)
    with running_server(database_url, tmp_path, workers=2) as (base, _proc):
        async with httpx.AsyncClient(base_url=base, headers=world.headers, timeout=60) as http:
            refused = await _send_all(http, database, world, member, service, at)
    print(f"\nhostile cases tried: {len(_cases(_DUMMY))}, not a 4xx envelope: {len(refused)}")
    assert refused == [], "\n".join(refused)


_DUMMY = dict.fromkeys(("loc", "member", "service", "record", "visit", "client", "chain"), 1)


async def _send_all(
    http: httpx.AsyncClient,
    database: Database,
    world: Tenant,
    member: int,
    service: int,
    at: datetime,
) -> list[str]:
    loc = world.location_id
    refused: list[str] = []
    made = await http.post(
        f"/records/{loc}",
        json={
            "staff_id": member,
            "services": [{"id": service}],
            "client": {"phone": "+13155550177", "name": "Seed"},
            "datetime": at.isoformat(),
            "seance_length": 3600,
            "save_if_busy": True,
        },
    )
    assert made.status_code == 201, made.text
    seeded = made.json()["data"][0]
    ids = {
        "loc": loc,
        "member": member,
        "service": service,
        "record": seeded["id"],
        "visit": seeded["visit_id"],
        "client": seeded["client"]["id"],
        "chain": world.chain.id,
    }
    before = await _counts(database)
    cases = _cases(ids)
    for method, path, kwargs in cases:
        answer = await http.request(method, path, **kwargs)
        ok = 400 <= answer.status_code < 500
        try:
            body = answer.json()
            ok = ok and body["success"] is False and body["meta"]["message"]
        except ValueError:
            ok = False
        if not ok:
            refused.append(
                f"{method} {path} {str(kwargs)[:120]} -> {answer.status_code} {answer.text[:200]}"
            )
    after = await _counts(database)
    if after != before:
        refused.append(f"rows written: {before} -> {after}")
    return refused
