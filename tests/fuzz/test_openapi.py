"""Property-based fuzzing of the app's own served OpenAPI (schemathesis): every operation gets
generated requests, valid and invalid, with working tokens of a seeded tenant and, half of the
time, the ids of its seeded rows in the path. No answer may be a 5xx, and every answer must
match the response schema the served OpenAPI documents for its status (the success schema
built from the contract trees, the error envelope for 4xx).
Sizes are bounded for the suite; PARLOUR_FUZZ_EXAMPLES raises them for a longer hunt.
"""

from __future__ import annotations

import os
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import httpx
import hypothesis
import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, given
from hypothesis import strategies as st
from schemathesis import GenerationMode
from schemathesis.specs.openapi.checks import response_schema_conformance

from parlour.db import Database
from tests.booking.server import running_server
from tests.fixtures import factories as f
from tests.fixtures.factories import Tenant

EXAMPLES = int(os.environ.get("PARLOUR_FUZZ_EXAMPLES", "8"))
# Off only for a hunt that looks for server errors alone (PARLOUR_FUZZ_RESPONSE_SCHEMAS=0).
CHECK_RESPONSE_SCHEMAS = os.environ.get("PARLOUR_FUZZ_RESPONSE_SCHEMAS", "1") != "0"


@dataclass
class Report:
    operations: int = 0
    requests: int = 0
    server_errors: list[str] = field(default_factory=list)
    schema_mismatches: list[str] = field(default_factory=list)
    not_run: list[str] = field(default_factory=list)
    statuses: Counter[int] = field(default_factory=Counter)


async def _seed(database: Database, world: Tenant) -> dict[str, int]:
    loc = world.location_id
    member = await f.member(database, loc)
    service = await f.service(database, loc, [member])
    day = f.future_day(5)
    await f.schedule(database, loc, member, [day])
    at = datetime.combine(day, datetime.min.time().replace(hour=10), tzinfo=ZoneInfo("UTC"))
    return {
        "location": loc,
        "chain": world.chain.id,
        "member": member,
        "service": service,
        "at": int(at.timestamp()),
    }


def _seed_over_http(base: str, world: Tenant, ids: dict[str, int]) -> None:
    """A record (with its client and visit) made through the API, for ids the fuzzer uses."""
    at = datetime.fromtimestamp(ids["at"], ZoneInfo("UTC")).isoformat()
    body = {
        "staff_id": ids["member"],
        "services": [{"id": ids["service"]}],
        "client": {"phone": "+13155550123", "name": "Fuzz Seed"},
        "datetime": at,
        "seance_length": 3600,
        "save_if_busy": True,
    }
    with httpx.Client(base_url=base, headers=world.headers, timeout=60) as http:
        answer = http.post(f"/records/{world.location_id}", json=body)
        assert answer.status_code == 201, answer.text
        record = answer.json()["data"][0]
    ids.update(record=record["id"], client=record["client"]["id"], visit=record["visit_id"])


_ALIASES = {
    "location": ("location_id", "company_id", "salon_id"),
    "chain": ("chain_id", "group_id", "main_group_id"),
    "member": ("staff_id", "master_id", "team_member_id"),
    "service": ("service_id",),
    "record": ("record_id",),
    "client": ("client_id",),
    "visit": ("visit_id",),
}


def _known_path(operation: Any, ids: dict[str, int]) -> dict[str, Any]:
    names = {p.name for p in operation.path_parameters}
    known: dict[str, Any] = {}
    for kind, aliases in _ALIASES.items():
        for name in aliases:
            if name in names:
                known[name] = ids[kind]
    return known


def _runner(
    strategy: st.SearchStrategy[Any],
    label: str,
    root: str,
    headers: dict[str, str],
    report: Report,
) -> Any:
    @given(case=strategy)
    @hypothesis.settings(
        max_examples=EXAMPLES,
        deadline=None,
        database=None,
        derandomize=True,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    def run(case: Any) -> None:
        response = case.call(base_url=root, headers=headers, timeout=60)
        report.requests += 1
        report.statuses[response.status_code] += 1
        if response.status_code >= 500:
            report.server_errors.append(
                f"{label} -> {response.status_code}: {case.as_curl_command(headers=headers)}"
                f"\n    {response.text[:300]}"
            )
        elif CHECK_RESPONSE_SCHEMAS:
            try:
                case.validate_response(response, checks=[response_schema_conformance])
            except (AssertionError, BaseExceptionGroup) as exc:  # one failure or a group of them
                report.schema_mismatches.append(f"{label}: {str(exc)[:300]}")

    return run


def fuzz(base: str, headers: dict[str, str], ids: dict[str, int]) -> Report:
    root = base.removesuffix("/api/v1")
    schema = schemathesis.openapi.from_url(f"{base}/openapi.json")
    report = Report()
    for result in schema.get_all_operations():
        operation = result.ok()
        label = f"{operation.method.upper()} {operation.path}"
        report.operations += 1
        # Deleting the seeded location would leave every later operation a 404.
        deletes_location = operation.method.upper() == "DELETE" and operation.path.endswith(
            "/company/{location_id}"
        )
        known = {} if deletes_location else _known_path(operation, ids)
        strategy = st.one_of(
            operation.as_strategy(GenerationMode.POSITIVE, path_parameters=known or None),
            operation.as_strategy(GenerationMode.NEGATIVE, path_parameters=known or None),
        )

        run = _runner(strategy, label, root, headers, report)
        try:
            run()
        except Exception as exc:  # generation could not run for this operation
            report.not_run.append(f"{label}: {type(exc).__name__}: {str(exc)[:200]}")
    return report


async def test_no_operation_answers_a_server_error(
    database: Database, database_url: str, world: Tenant, tmp_path: Path
) -> None:
    ids = await _seed(database, world)
    with running_server(database_url, tmp_path, workers=2) as (base, _proc):
        _seed_over_http(base, world, ids)
        report = fuzz(base, world.headers, ids)
    print(
        f"\nfuzz: {report.operations} operations, {report.requests} requests, "
        f"{len(report.server_errors)} 5xx, {len(report.schema_mismatches)} schema mismatches; "
        f"answers by status: {dict(sorted(report.statuses.items()))}"
    )
    assert report.not_run == []
    assert report.operations >= 90
    assert report.requests >= report.operations * EXAMPLES // 2
    # The tokens work: most answers got past authentication, and many succeeded.
    assert report.statuses[401] < report.requests // 4
    assert sum(n for status, n in report.statuses.items() if status < 300) > 10
    assert report.server_errors == [], "\n".join(report.server_errors[:20])
    if CHECK_RESPONSE_SCHEMAS:
        assert report.schema_mismatches == [], "\n".join(report.schema_mismatches[:20])


pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")
