"""Database failures that reach the top still answer in the error envelope, never a 500."""

from __future__ import annotations

import httpx
import pytest
from sqlalchemy.exc import DataError, IntegrityError, OperationalError

from parlour.config import Settings
from parlour.db import Database
from parlour.main import create_app


@pytest.mark.parametrize(
    ("exc", "status"),
    [
        (OperationalError("SELECT 1", {}, Exception("connection lost")), 503),
        (IntegrityError("INSERT", {}, Exception("duplicate key")), 409),
        (DataError("INSERT", {}, Exception("integer out of range")), 422),
    ],
)
async def test_database_errors_are_enveloped(
    settings: Settings, database: Database, exc: Exception, status: int
) -> None:
    app = create_app(settings, database=database)

    async def boom() -> None:
        raise exc

    app.add_api_route("/api/v1/boom", boom)
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://t") as http:
        r = await http.get("/api/v1/boom")
    assert r.status_code == status
    body = r.json()
    assert body["success"] is False and body["data"] is None and body["meta"]["message"]
