"""Fiscalization against running processes: a receipt reaches a fake fiscal provider over
HTTP, its success callback marks the visit printed; a return only after a sale."""

from __future__ import annotations

import asyncio
import json
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx

from parlour.db import Database
from tests.booking.server import free_port, running_server
from tests.fixtures.factories import Salon, assert_error
from tests.sales.checkout import sell

ROOT = Path(__file__).resolve().parents[2]


@contextmanager
def fake_provider(log: Path, token: str) -> Iterator[str]:
    port = free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "tests.sales.fake_kkm", str(port), str(log), token], cwd=ROOT
    )
    url = f"http://127.0.0.1:{port}/receipts"
    try:
        for _ in range(100):
            try:
                httpx.get(url, timeout=1)
                break
            except httpx.HTTPError:
                time.sleep(0.1)
        yield url
    finally:
        proc.terminate()
        proc.wait(timeout=10)


async def _wait_status(
    http: httpx.AsyncClient, loc: int, headers: dict[str, str], count: int
) -> list[Any]:
    for _ in range(150):
        rows = (await http.get(f"/kkm_transactions/{loc}", headers=headers)).json()["data"]
        if len(rows) == count and all(r["status"]["id"] == 1 for r in rows):
            return list(rows)
        await asyncio.sleep(0.1)
    raise AssertionError(f"receipts not printed: {rows}")


async def test_receipt_reaches_the_provider_and_its_callback_marks_the_visit(
    client: httpx.AsyncClient,
    database: Database,
    database_url: str,
    salon: Salon,
    tmp_path: Path,
) -> None:
    v = await sell(client, database, salon)
    h = salon.headers
    loc = v.location_id
    r = await client.put(
        f"/visits/{v.visit_id}/{v.record_id}",
        json={"attendance": 1, "comment": "", "fast_payment": 2},
        headers=h,
    )
    assert r.status_code == 200, r.text
    r = await client.get(
        "/integration/kkm/references/tax_system/1", headers=salon.tenant.partner_headers
    )
    assert "ru_osn" in [s["slug"] for s in r.json()["data"]]
    log = tmp_path / "receipts.jsonl"
    with (
        fake_provider(log, salon.tenant.partner_token) as url,
        running_server(database_url, tmp_path, workers=1) as (base, _proc),
    ):
        http = httpx.AsyncClient(base_url=base, timeout=30)
        bill = f"/kkm_transactions/{loc}/print_document_bill"
        r = await http.post(bill, json={"document_id": v.document_id, "type": 0}, headers=h)
        assert_error(r, 422, "document_id")  # no provider yet
        r = await http.put(
            f"/kkm_settings/{loc}", json={"url": url, "tax_system": "ru_usn"}, headers=h
        )
        assert r.status_code == 200, r.text
        r = await http.post(bill, json={"document_id": v.document_id, "type": 1}, headers=h)
        assert_error(r, 422, "type")  # a return needs a printed sale
        r = await http.post(bill, json={"document_id": 99999999, "type": 0}, headers=h)
        assert_error(r, 422, "document_id")
        r = await http.post(bill, json={"document_id": v.document_id, "type": 0}, headers=h)
        assert r.status_code == 200, r.text
        assert r.json()["data"]["kkm_transactions"][0]["status"]["id"] == 2
        rows = await _wait_status(http, loc, h, 1)
        assert rows[0]["sum"] == 1620 and rows[0]["printed_count"] == 1
        record = (await http.get(f"/record/{loc}/{v.record_id}", headers=h)).json()["data"]
        assert record["is_sale_bill_printed"] is True
        details = (
            await http.get(f"/visit/details/{loc}/{v.record_id}/{v.visit_id}", headers=h)
        ).json()
        container = details["data"]["kkm_transaction_details_container"]
        assert container["last_operation_type"] == 0 and len(container["transactions"]) == 1
        sent = [json.loads(line) for line in log.read_text().splitlines()]
        assert len(sent) == 1
        receipt = sent[0]
        assert receipt["type"] == "sale" and receipt["tax"] == "ru_usn"
        assert receipt["payments"] == [{"type": "card", "sum": 1620}]
        assert sorted(p["type"] for p in receipt["positions"]) == ["good", "service"]
        assert receipt["callback_url"].endswith("/integration/kkm/callback")
        assert receipt["cashier"]["name"]
        # Printed: services change only with the right to edit paid records (the owner has it).
        r = await http.post(bill, json={"document_id": v.document_id, "type": 0}, headers=h)
        assert_error(r, 422, "type")
        r = await http.post(bill, json={"document_id": v.document_id, "type": 1}, headers=h)
        assert r.status_code == 200, r.text
        await _wait_status(http, loc, h, 2)
        record = (await http.get(f"/record/{loc}/{v.record_id}", headers=h)).json()["data"]
        assert record["is_sale_bill_printed"] is False
        # The callback names an unknown receipt: 422; without a partner token: 401.
        r = await http.post(
            "/integration/kkm/callback",
            json={"id": "nope", "status": "success"},
            headers=salon.tenant.partner_headers,
        )
        assert_error(r, 422, "id")
        r = await http.post("/integration/kkm/callback", json={"id": "nope", "status": "success"})
        assert r.status_code == 401
        await http.aclose()
