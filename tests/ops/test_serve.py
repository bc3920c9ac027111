"""`parlour serve` as a process: one JSON log line per request (no secrets), Prometheus
metrics summed over two workers, readiness."""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

import httpx

from tests.fixtures.factories import Tenant
from tests.ops.server import server_env, serving

PARLOUR = [sys.executable, "-m", "parlour"]


def test_logs_and_metrics_of_a_running_server(
    database_url: str, world: Tenant, tmp_path: Path
) -> None:
    log_path = tmp_path / "server.log"
    env = server_env(
        database_url,
        tmp_path / "data",
        PARLOUR_METRICS="1",
        PARLOUR_SECRET_KEY="test-secret",
    )
    with log_path.open("w") as log, serving(PARLOUR, env, workers=2, stdout=log) as base:
        api = f"{base}/api/v1"
        seen: dict[str, int] = {}
        with httpx.Client(timeout=10) as http:
            r = http.post(
                f"{api}/auth",
                json={"login": "owner@salon.test", "password": world.password},
                headers={"Authorization": f"Bearer {world.partner_token}"},
            )
            assert r.status_code in (200, 201), r.text
            seen[r.headers["x-request-id"]] = r.status_code
            for _ in range(3):
                r = http.get(f"{api}/company/{world.location_id}", headers=world.headers)
                assert r.status_code == 200
                seen[r.headers["x-request-id"]] = 200
            r = http.get(f"{api}/record/{world.location_id}/999999", headers=world.headers)
            seen[r.headers["x-request-id"]] = r.status_code
            line = (
                'parlour_http_requests_total{method="GET",'
                'route="/api/v1/company/{location_id}",status="200"} 3.0'
            )
            # A worker counts a request once its answer has gone out, so the last count can
            # land a moment after the client has read the answer: wait for it, then every
            # read (whichever worker answers) shows the sum over both workers.
            deadline = time.monotonic() + 10
            metrics = http.get(f"{base}/metrics").text
            while line not in metrics and time.monotonic() < deadline:
                time.sleep(0.05)
                metrics = http.get(f"{base}/metrics").text
            for _ in range(4):
                metrics = http.get(f"{base}/metrics").text
                assert line in metrics, metrics
            assert "parlour_http_request_duration_seconds_bucket" in metrics
            assert "parlour_db_pool_checked_out" in metrics
            assert http.get(f"{api}/ready").status_code == 200

    text = log_path.read_text()
    for secret in (world.partner_token, world.user_token, world.password):
        assert secret not in text
    lines = [json.loads(line) for line in text.splitlines() if line.startswith("{")]
    requests = {e["request_id"]: e for e in lines if e.get("event") == "request"}
    for request_id, status in seen.items():
        entry = requests[request_id]
        assert entry["status"] == status
        assert entry["duration_ms"] >= 0
        assert entry["method"] in ("GET", "POST")
        assert entry["route"].startswith("/api/v1/")
    company = next(e for e in requests.values() if e["route"] == "/api/v1/company/{location_id}")
    assert company["location_id"] == world.location_id
    assert company["user_id"] == world.user.id
    assert company["partner_id"] is not None
    assert company["level"] == "info" and company["timestamp"].endswith("Z")
