"""The HTML pages (x-parlour, outside the API): ``/app`` and ``/bookform/{id}``."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, FastAPI, Query, Request
from fastapi.responses import FileResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates

from parlour.db import Database
from parlour.deps import SessionDep
from parlour.errors import BookingFormNotFound
from parlour.kit.ids import PathId
from parlour.web import service
from parlour.web.i18n import words

HERE = Path(__file__).parent
STATIC_URL = "/web-static"
API_PREFIX = "/api/v1"

templates = Jinja2Templates(directory=HERE / "templates")
router = APIRouter(include_in_schema=False)

# The widget may be framed by any site (the embed); the calendar only by its own origin.
_HEADERS = {"Cache-Control": "no-store", "X-Content-Type-Options": "nosniff"}


async def _partner_ready(request: Request) -> bool:
    """The pages' partner exists (created on the first page served by this process)."""
    if getattr(request.app.state, "web_partner_ready", False):
        return True
    db: Database = request.app.state.db
    async with db.session(write=True) as session:
        ready = await service.ensure_partner(session)
    request.app.state.web_partner_ready = ready
    return ready


def _page(
    request: Request,
    name: str,
    context: dict[str, Any],
    status: int = 200,
    *,
    framed: bool = True,
) -> Response:
    base = {"static": STATIC_URL, "api": API_PREFIX}
    headers = dict(_HEADERS)
    if not framed:
        # The staff calendar is never shown inside another site's frame (clickjacking).
        headers["Content-Security-Policy"] = "frame-ancestors 'self'"
        headers["X-Frame-Options"] = "SAMEORIGIN"
    return templates.TemplateResponse(
        request, name, {**base, **context}, status_code=status, headers=headers
    )


def _off(request: Request) -> Response:
    return _page(request, "off.html", {}, status=503)


@router.get("/app")
async def calendar_page(request: Request) -> Response:
    if not await _partner_ready(request):
        return _off(request)
    context = {"partner_token": service.partner_token()}
    return _page(request, "calendar.html", context, framed=False)


@router.get("/bookform/{form_id}")
async def widget_page(
    request: Request,
    session: SessionDep,
    form_id: PathId,
    lang: Annotated[str | None, Query(max_length=16)] = None,
) -> Response:
    try:
        page = await service.widget_page(session, form_id, lang)
    except BookingFormNotFound:
        return _page(request, "missing.html", {"t": words("en-US")}, status=404)
    if not await _partner_ready(request):
        return _off(request)
    context = {"page": page, "t": words(page.lang), "partner_token": service.partner_token()}
    return _page(request, "widget.html", context)


@router.get("/bookform/{form_id}/embed.js")
async def embed_script(form_id: PathId) -> Response:
    """The one-line embed: ``<script src=".../bookform/{id}/embed.js"></script>``."""
    del form_id  # the script reads the form from its own address
    return FileResponse(
        HERE / "static" / "embed.js",
        media_type="text/javascript; charset=utf-8",
        headers={"Cache-Control": "no-cache"},
    )


def install(app: FastAPI) -> None:
    """Mount the pages and their assets on the application."""
    app.include_router(router)
    app.mount(STATIC_URL, StaticFiles(directory=HERE / "static"), name="web-static")
