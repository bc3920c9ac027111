"""The HTML pages in-process: what they serve, in which language, with which partner, and the
assets that ship inside the package."""

from __future__ import annotations

import re
from pathlib import Path

import httpx
from fastapi import FastAPI
from sqlalchemy import func, select

from parlour.auth import tokens
from parlour.db import Database
from parlour.models import BookingForm, Location, Partner
from parlour.web import service
from tests.fixtures.factories import Tenant

SITE = "http://testserver"
WEB = Path(service.__file__).parent


async def _form(db: Database, location_id: int, settings: dict[str, str]) -> int:
    async with db.session(write=True) as s:
        form = BookingForm(location_id=location_id, title="Online", settings=settings)
        s.add(form)
        await s.flush()
        return form.id


def _fresh(app: FastAPI) -> None:
    # Tables are emptied between tests; the app (one per session) must look again.
    app.state.web_partner_ready = False


async def test_the_handed_out_bookform_url_serves_the_widget(
    app: FastAPI, client: httpx.AsyncClient, database: Database, world: Tenant
) -> None:
    _fresh(app)
    form_id = await _form(database, world.location_id, {"language": "en-US"})
    card = await client.get(
        f"/company/{world.location_id}",
        params={"showBookforms": 1},
        headers={"Authorization": f"Bearer {world.partner_token}"},
    )
    url = card.json()["data"]["bookforms"][0]["url"]
    assert url.endswith(f"/bookform/{form_id}")
    page = await client.get(f"{SITE}/bookform/{form_id}")
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    html = page.text
    assert '<html lang="en">' in html and "Choose a service" in html
    # Every field of the form has its label.
    for field in ("fullname", "phone", "email", "comment", "date"):
        assert f'<label for="{field}">' in html and f'id="{field}"' in html
    token = re.search(r'data-partner="([0-9a-f]+)"', html)
    assert token is not None
    # The page's partner token opens the public operations, and only those.
    public = {"Authorization": f"Bearer {token.group(1)}"}
    assert (await client.get(f"/bookform/{form_id}", headers=public)).status_code == 200
    staff = await client.get(f"/company/{world.location_id}/clients/search", headers=public)
    assert staff.status_code in (401, 403, 405)


async def test_the_widget_speaks_the_forms_language_or_the_countrys(
    app: FastAPI, client: httpx.AsyncClient, database: Database, world: Tenant
) -> None:
    _fresh(app)
    russian = await _form(database, world.location_id, {"language": "ru-RU"})
    page = (await client.get(f"{SITE}/bookform/{russian}")).text
    assert '<html lang="ru">' in page and "Выберите услугу" in page and "Ваше имя" in page
    # ?lang= wins over the form.
    page = (await client.get(f"{SITE}/bookform/{russian}", params={"lang": "en"})).text
    assert "Choose a service" in page
    async with database.session(write=True) as s:
        location = await s.get(Location, world.location_id)
        assert location is not None
        location.country = "Россия"
    plain = await _form(database, world.location_id, {})
    assert "Выберите услугу" in (await client.get(f"{SITE}/bookform/{plain}")).text


async def test_an_unknown_form_is_a_404_page(
    app: FastAPI, client: httpx.AsyncClient, database: Database
) -> None:
    _fresh(app)
    page = await client.get(f"{SITE}/bookform/999999")
    assert page.status_code == 404 and page.headers["content-type"].startswith("text/html")
    assert (await client.get(f"{SITE}/bookform/abc")).status_code == 422


async def test_the_calendar_page_and_its_assets_are_served_from_the_package(
    app: FastAPI, client: httpx.AsyncClient, database: Database
) -> None:
    _fresh(app)
    page = await client.get(f"{SITE}/app/")
    assert page.status_code == 200
    assert page.headers["x-frame-options"] == "SAMEORIGIN"
    assert 'name="login"' in page.text and 'type="password"' in page.text
    # Every script and stylesheet the pages name is a file of the package (no CDN).
    names = re.findall(r'(?:src|href)="(/web-static/[^"]+)"', page.text)
    assert len(names) >= 4
    for name in names:
        asset = await client.get(f"{SITE}{name}")
        assert asset.status_code == 200, name
    assert "http" not in re.sub(r"https?://(www\.)?w3\.org", "", page.text).lower()
    embed = await client.get(f"{SITE}/bookform/7/embed.js")
    assert embed.status_code == 200 and "javascript" in embed.headers["content-type"]
    assert (WEB / "static/vendor/event-calendar/LICENSE").read_text().startswith("EventCalendar")


async def test_the_pages_partner_is_created_once_and_stays_revoked(
    app: FastAPI, client: httpx.AsyncClient, database: Database
) -> None:
    _fresh(app)
    async with database.session(write=True) as s:
        assert await service.ensure_partner(s)
    async with database.session(write=True) as s:
        assert await service.ensure_partner(s)
    digest = tokens.digest(service.partner_token())
    async with database.session(write=True) as s:
        count = select(func.count()).select_from(Partner).where(Partner.token_hash == digest)
        assert (await s.execute(count)).scalar_one() == 1
        row = (await s.execute(select(Partner).where(Partner.token_hash == digest))).scalar_one()
        row.active = False
    assert (await client.get(f"{SITE}/app")).status_code == 503
