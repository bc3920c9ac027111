"""Operations in-process: liveness, readiness, request ids, CORS, handed-out URLs, the route
template of every logged request."""

from __future__ import annotations

import asyncio
import re
from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest
from alembic import command

from parlour.config import Settings
from parlour.db import Database
from parlour.main import create_app
from parlour.migrate import alembic_config, head_revisions
from parlour.models import BookingForm
from tests.fixtures.factories import Tenant


async def _client(settings: Settings, database: Database | None = None) -> httpx.AsyncClient:
    app = create_app(settings, database=database)
    transport = httpx.ASGITransport(app=app)
    return httpx.AsyncClient(transport=transport, base_url="http://shop.example:8123/api/v1")


@pytest.fixture
async def plain(settings: Settings, database: Database) -> AsyncIterator[httpx.AsyncClient]:
    async with await _client(settings, database) as http:
        yield http


async def test_health_and_ready(plain: httpx.AsyncClient) -> None:
    r = await plain.get("/health")
    assert r.status_code == 200 and r.json()["data"]["status"] == "ok"
    r = await plain.get("/ready")
    assert r.status_code == 200, r.text
    assert r.json()["data"]["revision"] == sorted(head_revisions())


async def test_ready_is_503_when_the_database_is_unreachable(tmp_path: Path) -> None:
    settings = Settings(
        database_url="postgresql+asyncpg://postgres@127.0.0.1:1/nowhere", data_dir=tmp_path
    )
    async with await _client(settings) as http:
        assert (await http.get("/health")).status_code == 200  # liveness needs no database
        r = await http.get("/ready")
    assert r.status_code == 503
    assert r.json()["success"] is False
    assert r.json()["meta"]["message"] == "The database is unreachable."


async def test_ready_is_503_until_migrations_are_current(tmp_path: Path) -> None:
    url = f"sqlite+aiosqlite:///{tmp_path}/old.db"
    await asyncio.to_thread(command.upgrade, alembic_config(url), "0005")
    async with await _client(Settings(database_url=url, data_dir=tmp_path)) as http:
        r = await http.get("/ready")
        assert r.status_code == 503
        assert "revision 0005" in r.json()["meta"]["message"]
        await asyncio.to_thread(command.upgrade, alembic_config(url), "head")
        assert (await http.get("/ready")).status_code == 200


async def test_every_answer_carries_a_request_id(plain: httpx.AsyncClient) -> None:
    first = await plain.get("/health")
    second = await plain.get("/company/1")  # 401 without a token
    ids = {first.headers["x-request-id"], second.headers["x-request-id"]}
    assert len(ids) == 2 and all(len(i) == 16 for i in ids)
    kept = await plain.get("/health", headers={"X-Request-ID": "trace-42"})
    assert kept.headers["x-request-id"] == "trace-42"
    junk = await plain.get("/health", headers={"X-Request-ID": "bad id\twith spaces"})
    assert junk.headers["x-request-id"] != "bad id\twith spaces"


async def test_cors_only_for_configured_origins_and_public_operations(
    settings: Settings, database: Database, world: Tenant
) -> None:
    allowed = "https://salon.example"
    configured = settings.model_copy(update={"cors_origins": [allowed]})
    async with await _client(configured, database) as http:
        pre = await http.options(
            "/book_times/1/0/2031-01-01",
            headers={
                "Origin": allowed,
                "Access-Control-Request-Method": "GET",
                "Access-Control-Request-Headers": "authorization",
            },
        )
        assert pre.status_code == 200
        assert pre.headers["access-control-allow-origin"] == allowed
        r = await http.get(f"/book_services/{world.location_id}", headers={"Origin": allowed})
        assert r.headers["access-control-allow-origin"] == allowed
        assert "x-request-id" in r.headers["access-control-expose-headers"].lower()
        other = await http.get(
            f"/book_services/{world.location_id}", headers={"Origin": "https://evil.example"}
        )
        assert "access-control-allow-origin" not in other.headers
        # B2B operations (user tokens) and the rest stay same-origin.
        for path in (f"/company/{world.location_id}", "/health", "/companies"):
            r = await http.get(path, headers={"Origin": allowed, **world.headers})
            assert "access-control-allow-origin" not in r.headers, path
        pre = await http.options(
            f"/clients/{world.location_id}",
            headers={"Origin": allowed, "Access-Control-Request-Method": "GET"},
        )
        assert "access-control-allow-origin" not in pre.headers
    async with await _client(settings, database) as http:  # default: no CORS at all
        r = await http.get(f"/book_services/{world.location_id}", headers={"Origin": allowed})
        assert "access-control-allow-origin" not in r.headers


def test_cors_origins_setting_accepts_a_list_or_commas(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PARLOUR_CORS_ORIGINS", "https://a.example, https://b.example")
    assert Settings().cors_origins == ["https://a.example", "https://b.example"]
    monkeypatch.setenv("PARLOUR_CORS_ORIGINS", '["https://c.example"]')
    assert Settings().cors_origins == ["https://c.example"]
    monkeypatch.delenv("PARLOUR_CORS_ORIGINS")
    assert Settings().cors_origins == []


async def test_handed_out_urls_follow_the_served_address(
    plain: httpx.AsyncClient, world: Tenant, database: Database
) -> None:
    async with database.session(write=True) as session:
        session.add(BookingForm(location_id=world.location_id, title="Online", is_default=True))
    r = await plain.get(
        f"/company/{world.location_id}", params={"showBookforms": 1}, headers=world.headers
    )
    assert r.status_code == 200, r.text
    urls = [form["url"] for form in r.json()["data"].get("bookforms", [])]
    assert urls, r.json()["data"]
    assert all(url.startswith("http://shop.example:8123/bookform/") for url in urls), urls


async def test_metrics_are_off_by_default(plain: httpx.AsyncClient) -> None:
    r = await plain.get("http://shop.example:8123/metrics")
    assert r.status_code == 404


async def test_docs_pages_load_only_local_assets(plain: httpx.AsyncClient) -> None:
    import re

    for page in ("/docs", "/redoc"):
        r = await plain.get(page)
        assert r.status_code == 200
        sources = re.findall(r'(?:src|href)="([^"]+)"', r.text)
        assert sources, r.text
        for source in sources:
            assert source.startswith("/api/v1/docs-assets/"), source
            asset = await plain.get(f"http://shop.example:8123{source}")
            assert asset.status_code == 200 and len(asset.content) > 1000, source
        assert "fonts.googleapis" not in r.text and "cdn.jsdelivr" not in r.text


async def test_requests_outside_the_api_log_their_route(
    plain: httpx.AsyncClient, capsys: pytest.CaptureFixture[str]
) -> None:
    import json

    capsys.readouterr()
    assert (await plain.get("/docs")).status_code == 200
    assert (await plain.get("/openapi.json")).status_code == 200
    page = (await plain.get("/docs")).text
    asset = re.search(r'src="(/api/v1/docs-assets/[^"]+)"', page)
    assert asset is not None
    assert (await plain.get(f"http://shop.example:8123{asset.group(1)}")).status_code == 200
    assert (await plain.get("/no/such/route")).status_code == 404
    lines = [json.loads(x) for x in capsys.readouterr().out.splitlines() if x.startswith("{")]
    routes = [e["route"] for e in lines if e.get("event") == "request"]
    assert routes == [
        "/api/v1/docs",
        "/api/v1/openapi.json",
        "/api/v1/docs",
        "/api/v1/docs-assets/{path}",
        "unmatched",
    ], routes
