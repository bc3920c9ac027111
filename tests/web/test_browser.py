"""The calendar and the booking widget in a real browser (the system Chromium, headless),
against the demo business on one server process shared by the module.

Screenshots land in ``test-artefacts/web/`` (PARLOUR_TEST_ARTEFACTS moves the folder)."""

from __future__ import annotations

import asyncio
import os
import re
import threading
import time
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from datetime import UTC, date, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy.engine import make_url

from parlour.cli import run_migrations
from parlour.demo import create_demo
from tests.booking.server import free_port, running_server
from tests.fixtures.database import _pg_admin
from tests.web.browser import ARTEFACTS, chromium

ANNA, BEN, CHLOE = "Anna Miller", "Ben Carter", "Chloe Davis"
HAIRCUT = "Women's haircut"  # Anna and Ben provide it, Chloe does not


@pytest.fixture(scope="module")
def browser_path() -> str:
    return chromium()


@pytest.fixture(scope="module")
async def web_db(browser_path: str, tmp_path_factory: pytest.TempPathFactory) -> AsyncIterator[str]:
    """A database of the module's own (the demo stays out of other tests' tables)."""
    base = os.environ.get("PARLOUR_TEST_DATABASE_URL")
    if not base:
        url = f"sqlite+aiosqlite:///{tmp_path_factory.mktemp('webdb')}/web.db"
        await asyncio.to_thread(run_migrations, url)
        yield url
        return
    u = make_url(base)
    name = f"{u.database or 'parlour_test'}_browser_{os.getpid()}"
    url = u.set(database=name).render_as_string(hide_password=False)
    await _pg_admin(base, f'DROP DATABASE IF EXISTS "{name}"')
    await _pg_admin(base, f'CREATE DATABASE "{name}"')
    try:
        await asyncio.to_thread(run_migrations, url)
        yield url
    finally:
        await _pg_admin(base, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(scope="module")
async def demo(web_db: str) -> dict[str, Any]:
    return await create_demo(web_db)


@pytest.fixture(scope="module")
def site(
    web_db: str, demo: dict[str, Any], tmp_path_factory: pytest.TempPathFactory
) -> Iterator[str]:
    with running_server(web_db, tmp_path_factory.mktemp("webdata"), workers=1) as (base, _p):
        yield base.removesuffix("/api/v1")


@pytest.fixture(scope="module")
async def browser(browser_path: str) -> AsyncIterator[Any]:
    from playwright.async_api import async_playwright

    ARTEFACTS.mkdir(parents=True, exist_ok=True)
    async with async_playwright() as p:
        # --no-sandbox: CI runs as root, where Chromium's sandbox refuses to start.
        b = await p.chromium.launch(executable_path=browser_path, args=["--no-sandbox"])
        yield b
        await b.close()


@pytest.fixture
async def page(browser: Any) -> AsyncIterator[Any]:
    context = await browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-US")
    pg = await context.new_page()
    pg.set_default_timeout(15_000)
    errors: list[str] = []
    pg.on("pageerror", lambda e: errors.append(str(e)))
    yield pg
    await context.close()
    assert not errors, errors


@pytest.fixture
async def api(site: str, demo: dict[str, Any]) -> AsyncIterator[httpx.AsyncClient]:
    auth = f"Bearer {demo['partner_token']}, User {demo['user_token']}"
    async with httpx.AsyncClient(
        base_url=f"{site}/api/v1", headers={"Authorization": auth}, timeout=15
    ) as http:
        yield http


async def _shot(page: Any, name: str) -> None:
    await page.screenshot(path=str(ARTEFACTS / f"{name}.png"), full_page=True)


def _workday(ahead: int) -> date:
    day = datetime.now(UTC).date() + timedelta(days=ahead)
    while day.weekday() == 6:  # the demo team does not work on Sundays
        day += timedelta(days=1)
    return day


async def _choose(page: Any, service: str, member: str, day: str | None) -> str:
    """Services, member and a date in the widget; answers the date shown."""
    await page.locator("#services label", has_text=service).click()
    await page.locator("#staff label", has_text=member).click()
    await page.wait_for_selector("#date option", state="attached")
    if day is None:
        day = await page.locator("#date option").nth(2).get_attribute("value")
    assert day is not None
    await page.select_option("#date", day)
    await page.wait_for_selector(f'#times input[value^="{day}"]', state="attached")
    return day


async def _sign_in(page: Any, site: str, day: str) -> None:
    await page.goto(f"{site}/app/?date={day}")
    await page.get_by_label("Login (e-mail or phone)").fill("demo@parlour.local")
    await page.get_by_label("Password").fill("demo-password")
    await page.get_by_role("button", name="Sign in").click()
    await page.wait_for_selector(".ec-body")


async def test_a_widget_booking_shows_on_the_calendar(
    page: Any, site: str, demo: dict[str, Any], api: httpx.AsyncClient
) -> None:
    await page.goto(f"{site}/bookform/{demo['bookform_id']}")
    day = await _choose(page, HAIRCUT, ANNA, None)
    await page.locator("#times label").last.click()
    # The form is usable from the keyboard: labelled fields, in order.
    await page.get_by_label("Your name").fill("Browser Client")
    await page.keyboard.press("Tab")
    await page.keyboard.type("+13155550123")
    assert await page.get_by_label("Phone number").input_value() == "+13155550123"
    await _shot(page, "widget")
    await page.get_by_role("button", name="Confirm booking").click()
    done = page.locator("#done")
    await done.wait_for()
    text = await done.inner_text()
    assert "Your appointment is booked" in text and ANNA in text and HAIRCUT in text
    await _shot(page, "widget-booked")

    listed = await api.get(
        f"/records/{demo['location_id']}", params={"start_date": day, "end_date": day}
    )
    mine = [r for r in listed.json()["data"] if r["client"]["name"] == "Browser Client"]
    assert len(mine) == 1 and mine[0]["staff"]["name"] == ANNA and mine[0]["online"]

    await _sign_in(page, site, day)
    await page.locator(".ec-event", has_text="Browser Client").wait_for()
    assert HAIRCUT in await page.locator(".ec-event", has_text="Browser Client").inner_text()
    await _shot(page, "calendar")


async def _eventually_async(
    read: Callable[[], Awaitable[Any]], good: Callable[[Any], bool], seconds: float = 10.0
) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if good(await read()):
            return True
        await asyncio.sleep(0.2)
    return False


async def _free_hour(api: httpx.AsyncClient, location_id: int, day: str) -> int:
    taken = await api.get(f"/records/{location_id}", params={"start_date": day, "end_date": day})
    hours = {int(r["datetime"][11:13]) for r in taken.json()["data"]}
    return next(h for h in (10, 11, 12, 13, 15, 16, 17) if h not in hours and h + 1 not in hours)


async def test_dragging_to_another_member_moves_the_record(
    page: Any, site: str, demo: dict[str, Any], api: httpx.AsyncClient
) -> None:
    loc = demo["location_id"]
    day = _workday(4).isoformat()
    hour = await _free_hour(api, loc, day)
    staff = {m["name"]: m["id"] for m in (await api.get(f"/staff/{loc}")).json()["data"]}
    services = {s["title"]: s["id"] for s in (await api.get(f"/services/{loc}")).json()["data"]}
    made = await api.post(
        f"/records/{loc}",
        json={
            "staff_id": staff[ANNA],
            "services": [{"id": services[HAIRCUT]}],
            "client": {"phone": "+13155550124", "name": "Drag Client"},
            "datetime": f"{day}T{hour:02d}:00:00",
            "seance_length": 3600,
        },
    )
    assert made.status_code == 201, made.text
    record_id = made.json()["data"][0]["id"]

    async def staff_now() -> int:
        got: int = (await api.get(f"/record/{loc}/{record_id}")).json()["data"]["staff_id"]
        return got

    async def drag_to(member: str) -> None:
        event = page.locator(".ec-event", has_text="Drag Client")
        box = await event.bounding_box()
        column = await page.locator("#calendar").get_by_text(member, exact=True).bounding_box()
        x, y = box["x"] + box["width"] / 2, box["y"] + 12
        await page.mouse.move(x, y)
        await page.mouse.down()
        await page.mouse.move(x + 10, y, steps=3)
        await page.mouse.move(column["x"] + column["width"] / 2, y, steps=12)
        await page.mouse.up()

    await _sign_in(page, site, day)
    await page.locator(".ec-event", has_text="Drag Client").wait_for()
    await drag_to(BEN)
    assert await _eventually_async(staff_now, lambda s: s == staff[BEN])
    await page.get_by_text(f"Moved: {BEN}").wait_for()
    await _shot(page, "calendar-moved")

    # Chloe does not provide the service: the server refuses, the event snaps back.
    await page.locator(".ec-event", has_text="Drag Client").wait_for()
    await drag_to(CHLOE)
    await page.get_by_text(re.compile("Not moved: .*does not provide")).wait_for()
    assert await staff_now() == staff[BEN]
    event = await page.locator(".ec-event", has_text="Drag Client").bounding_box()
    ben = await page.locator("#calendar").get_by_text(BEN, exact=True).bounding_box()
    assert ben["x"] <= event["x"] + event["width"] / 2 <= ben["x"] + ben["width"]

    # Open it and mark the arrival.
    await page.locator(".ec-event", has_text="Drag Client").click()
    await page.get_by_role("button", name="Arrived").click()
    await page.locator("#record-dialog").wait_for(state="hidden")

    async def attendance() -> int:
        got: int = (await api.get(f"/record/{loc}/{record_id}")).json()["data"]["attendance"]
        return got

    assert await _eventually_async(attendance, lambda a: a == 1)

    # A booking made elsewhere (here: the API) appears without a reload.
    other = await api.post(
        f"/records/{loc}",
        json={
            "staff_id": staff[CHLOE],
            "services": [{"id": services["Manicure"]}],
            "client": {"phone": "+13155550128", "name": "Elsewhere Client"},
            "datetime": f"{day}T{hour:02d}:00:00",
            "seance_length": 1800,
        },
    )
    assert other.status_code == 201, other.text
    await page.locator(".ec-event", has_text="Elsewhere Client").wait_for(timeout=20_000)


async def test_a_taken_slot_is_refused_and_the_times_refresh(
    page: Any, site: str, demo: dict[str, Any], api: httpx.AsyncClient
) -> None:
    loc = demo["location_id"]
    await page.goto(f"{site}/bookform/{demo['bookform_id']}")
    day = await _choose(page, HAIRCUT, BEN, _workday(5).isoformat())
    slot = await page.locator("#times input").first.get_attribute("value")
    await page.locator("#times label").first.click()
    await page.get_by_label("Your name").fill("Slow Client")
    await page.get_by_label("Phone number").fill("+13155550125")
    # Someone else books that very time first.
    public = {"Authorization": f"Bearer {demo['partner_token']}"}
    offer = await api.get(f"/book_services/{loc}", headers=public)
    services = offer.json()["data"]["services"]
    haircut = next(s["id"] for s in services if s["title"] == HAIRCUT)
    staff_id = int(await page.locator("#staff input:checked").get_attribute("value") or 0)
    rival = await api.post(
        f"/book_record/{loc}",
        headers=public,
        json={
            "phone": "+13155550126",
            "fullname": "Quick Client",
            "appointments": [
                {"id": 1, "services": [haircut], "staff_id": staff_id, "datetime": slot}
            ],
        },
    )
    assert rival.status_code == 201, rival.text
    await page.get_by_role("button", name="Confirm booking").click()
    await page.get_by_text("This time has just been taken").wait_for()
    await page.wait_for_selector(f'#times input[value^="{day}"]', state="attached")
    offered = await page.locator("#times input").evaluate_all("els => els.map(e => e.value)")
    assert slot not in offered and offered
    assert await page.locator("#done").is_hidden()
    await _shot(page, "widget-slot-taken")


class _Site(BaseHTTPRequestHandler):
    html = b""

    def do_GET(self) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.end_headers()
        self.wfile.write(self.html)

    def log_message(self, format: str, *args: Any) -> None:
        pass


async def test_the_widget_embedded_in_a_page_on_another_port(
    page: Any, site: str, demo: dict[str, Any], tmp_path: Path
) -> None:
    snippet = f'<script src="{site}/bookform/{demo["bookform_id"]}/embed.js"></script>'
    handler = type("Handler", (_Site,), {"html": f"<h1>Our salon</h1>{snippet}".encode()})
    server = ThreadingHTTPServer(("127.0.0.1", free_port()), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        await page.goto(f"http://127.0.0.1:{server.server_address[1]}/")
        frame = page.frame_locator("iframe")
        await frame.locator("#services label", has_text=HAIRCUT).click()
        await frame.locator("#staff label", has_text=ANNA).click()
        await frame.locator("#times label").first.click()
        await frame.get_by_label("Your name").fill("Embedded Client")
        await frame.get_by_label("Phone number").fill("+13155550127")
        tall = await page.locator("iframe").evaluate("f => f.getBoundingClientRect().height")
        assert tall > 700
        await frame.get_by_role("button", name="Confirm booking").click()
        await frame.get_by_text("Your appointment is booked").wait_for()
        # The frame follows the form's height both ways: taller than its first 640px while
        # the form is open, shorter once only the confirmation is left.
        frame_height = "f => f.getBoundingClientRect().height"
        assert await _eventually_async(
            lambda: page.locator("iframe").evaluate(frame_height), lambda h: h < 500
        )
        await _shot(page, "widget-embedded")
    finally:
        server.shutdown()
        thread.join()
