"""Public operations that name one booking act only with that booking's record_hash (or for a
user of the location). A wrong or missing hash gets exactly the answer a missing record gets.
The sweep covers every operation of the served OpenAPI with a record id in its path, over a
socket against the real server."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import httpx

from parlour.db import Database
from tests.booking.server import running_server
from tests.fixtures import factories as f
from tests.fixtures.factories import Tenant


def _request(
    method: str, template: str, location_id: int, record_id: int, record_hash: str | None, at: str
) -> tuple[str, str, dict[str, Any]]:
    path = (
        template.removeprefix("/api/v1")
        .replace("{location_id}", str(location_id))
        .replace("{record_id}", str(record_id))
        .replace("{record_hash}", record_hash or "")
    )
    kwargs: dict[str, Any] = {}
    if method in ("put", "post", "patch"):
        body: dict[str, Any] = {"datetime": at}
        if record_hash is not None:
            body["record_hash"] = record_hash
        kwargs["json"] = body
    return method.upper(), path.rstrip("/"), kwargs


async def test_every_public_operation_naming_a_booking_needs_its_hash(
    database: Database, database_url: str, world: Tenant, stranger: Tenant, tmp_path: Path
) -> None:
    day = f.future_day(6)
    loc = world.location_id
    m = await f.member(database, loc)
    s = await f.service(database, loc, [m])
    await f.schedule(database, loc, m, [day])
    with running_server(database_url, tmp_path, workers=2) as (base, _proc):
        async with httpx.AsyncClient(base_url=base, timeout=60) as http:
            spec = (await http.get("/openapi.json")).json()
            naming = [
                (method, path)
                for path, ops in spec["paths"].items()
                for method in ops
                if "{record_id}" in path
            ]
            # The public (partner-token) ones; the others need a user and answer 401 here.
            public = [(m_, p_) for m_, p_ in naming if p_.startswith("/api/v1/book_record")]
            assert len(public) >= 2, naming

            made = await http.post(
                f"/book_record/{loc}",
                json={
                    "phone": "+13155550150",
                    "fullname": "Owner Of Booking",
                    "appointments": [
                        {"id": 1, "services": [s], "staff_id": m, "datetime": f"{day}T10:00:00"}
                    ],
                },
                headers=world.partner_headers,
            )
            assert made.status_code == 201, made.text
            rid = made.json()["data"][0]["record_id"]
            good = made.json()["data"][0]["record_hash"]
            wrong = "0" * len(good)
            refused: list[str] = []
            swept = 0
            for n, (method, template) in enumerate(naming):
                at = f"{day}T{11 + n % 5}:00:00"
                anonymous = world.partner_headers

                async def call(
                    record_id: int,
                    record_hash: str | None,
                    headers: dict[str, str],
                    method: str = method,
                    template: str = template,
                    at: str = at,
                ) -> httpx.Response:
                    verb, path, kwargs = _request(method, template, loc, record_id, record_hash, at)
                    return await http.request(verb, path, headers=headers, **kwargs)

                missing = await call(rid + 1000, wrong, anonymous)
                for label, variant in (("wrong hash", wrong), ("no hash", None)):
                    if variant is None and "{record_hash}" in template:
                        continue  # the hash is part of the path: no request without it
                    answer = await call(rid, variant, anonymous)
                    swept += 1
                    if answer.status_code < 300 or (
                        answer.status_code,
                        answer.json(),
                    ) != (missing.status_code, missing.json()):
                        refused.append(
                            f"{method.upper()} {template} with {label}: {answer.status_code} "
                            f"{answer.text[:150]} (missing record: {missing.status_code})"
                        )
                if (method, template) in public:
                    with_hash = await call(rid, good, anonymous)
                    if with_hash.status_code >= 300:
                        refused.append(f"{method} {template} with the hash: {with_hash.text}")
                    member = await call(rid, None, world.headers)
                    if "{record_hash}" not in template and member.status_code >= 300:
                        refused.append(f"{method} {template} as a member: {member.text}")
                    outsider = await call(rid, None, stranger.headers)
                    if outsider.status_code < 300:
                        refused.append(f"{method} {template} as another tenant: 2xx")
            print(f"\npublic operations naming a booking: {len(public)}, refusals checked: {swept}")
            assert refused == [], "\n".join(refused)
