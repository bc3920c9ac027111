"""The receipt embeds a Unicode font: Cyrillic, Greek and accented Latin survive in the PDF."""

from __future__ import annotations

import io

import httpx
from pypdf import PdfReader

from tests.fixtures.factories import Salon


async def test_receipt_keeps_non_latin_names(client: httpx.AsyncClient, salon: Salon) -> None:
    body = salon.body(client={"phone": "+13155550180", "name": "Анна Иванова"})
    r = await client.post(f"/records/{salon.location_id}", json=body, headers=salon.headers)
    assert r.status_code == 201, r.text
    visit_id = r.json()["data"][0]["visit_id"]
    r = await client.put(
        f"/company/{salon.location_id}",
        json={"title": "Салон Ελένη · Zoë Ñúñez"},
        headers=salon.headers,
    )
    assert r.status_code == 200, r.text
    r = await client.get(f"/attendance/receipt_print/{visit_id}", headers=salon.headers)
    assert r.status_code == 200
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(r.content)).pages)
    assert "Анна Иванова" in text, text
    assert "Салон Ελένη · Zoë Ñúñez" in text, text
    assert "?" not in text, text
