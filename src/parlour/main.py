"""create_app(): settings, middleware, error handlers, routers."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from fastapi import Depends, FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from fastapi_offline import FastAPIOffline
from starlette.exceptions import HTTPException as StarletteHTTPException

from parlour import __version__, routetable
from parlour.api import api_router
from parlour.config import Settings, get_settings
from parlour.cors import PublicCorsMiddleware, public_templates
from parlour.db import Database
from parlour.errors import ParlourError
from parlour.kit.envelope import error_body, error_response
from parlour.kit.middleware import ConventionsMiddleware
from parlour.kit.transaction import TransactionMiddleware
from parlour.observability import (
    Metrics,
    ObservabilityMiddleware,
    configure_logging,
    note_route,
)
from parlour.openapi import install as install_openapi
from parlour.web.router import install as install_web
from parlour.webhooks import capture as webhook_capture
from parlour.webhooks.worker import start_delivery

log = logging.getLogger("parlour")

API_PREFIX = "/api/v1"

_HTTP_MESSAGES = {
    401: "Authentication needed.",
    403: "Access denied.",
    404: "Not found",
    405: "Method not allowed",
}


def _field_name(loc: tuple[Any, ...]) -> str:
    parts = [str(p) for p in loc if p not in ("body", "query", "path", "header", "form")]
    return ".".join(parts) or "body"


def _validation_errors(exc: RequestValidationError) -> tuple[int, str, dict[str, list[str]]]:
    errors: dict[str, list[str]] = {}
    malformed = False
    for err in exc.errors():
        if err.get("type") == "json_invalid":
            malformed = True
        msg = str(err.get("msg")).removeprefix("Value error, ")
        errors.setdefault(_field_name(tuple(err.get("loc", ()))), []).append(msg)
    if malformed:
        return 400, "Malformed JSON in the request body.", errors
    first = next(iter(errors.items()), ("body", ["invalid"]))
    return 422, f"{first[0]}: {first[1][0]}", errors


def install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(ParlourError)
    async def _parlour(_request: Request, exc: ParlourError) -> JSONResponse:
        return error_response(exc)

    @app.exception_handler(RequestValidationError)
    async def _validation(_request: Request, exc: RequestValidationError) -> JSONResponse:
        status, message, errors = _validation_errors(exc)
        return JSONResponse(error_body(message, code=10, errors=errors), status_code=status)

    @app.exception_handler(StarletteHTTPException)
    async def _http(_request: Request, exc: StarletteHTTPException) -> JSONResponse:
        message = _HTTP_MESSAGES.get(exc.status_code) or str(exc.detail)
        code = {401: 20, 403: 15, 404: 30}.get(exc.status_code, 5)
        return JSONResponse(
            error_body(message, code=code), status_code=exc.status_code, headers=exc.headers
        )


async def metrics_endpoint(request: Request) -> Response:
    metrics: Metrics = request.app.state.metrics
    return Response(metrics.render(), media_type="text/plain; version=0.0.4; charset=utf-8")


def create_app(settings: Settings | None = None, *, database: Database | None = None) -> FastAPI:
    settings = settings or get_settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        stop_delivery = await start_delivery(app)
        yield
        await stop_delivery()
        if database is None:
            await app.state.db.dispose()

    configure_logging(settings.log_level, json_lines=settings.log_json)
    # FastAPIOffline serves Swagger UI and ReDoc from the assets its package ships: the docs
    # pages work without internet access.
    app = FastAPIOffline(
        title="Parlour",
        version=__version__,
        summary="Altegio (YCLIENTS) B2B API v1 compatible business-management server",
        lifespan=lifespan,
        docs_url=f"{API_PREFIX}/docs",
        redoc_url=f"{API_PREFIX}/redoc",
        static_url=f"{API_PREFIX}/docs-assets",
        swagger_ui_oauth2_redirect_url=f"{API_PREFIX}/docs/oauth2-redirect",
        openapi_url=f"{API_PREFIX}/openapi.json",
        dependencies=[Depends(note_route)],
    )
    app.state.settings = settings
    app.state.db = database or Database(settings.database_url, echo=settings.echo_sql)
    webhook_capture.install(app.state.db)
    install_error_handlers(app)
    # Inside the conventions (body size limits apply before a write's body is held).
    app.add_middleware(TransactionMiddleware)
    app.add_middleware(
        ConventionsMiddleware,
        max_body_bytes=settings.max_body_bytes,
        max_upload_bytes=settings.max_file_bytes + 65536,
    )
    metrics = Metrics(app.state.db) if settings.metrics else None
    app.state.metrics = metrics
    app.add_middleware(ObservabilityMiddleware, metrics=metrics)
    app.include_router(api_router, prefix=API_PREFIX)
    if settings.cors_origins:
        # Outermost, so a browser's preflight is answered before anything else runs; only
        # the public operations (the routes are known once the router is included).
        app.add_middleware(
            PublicCorsMiddleware,
            origins=settings.cors_origins,
            templates=public_templates(app, API_PREFIX),
        )
    install_openapi(app, API_PREFIX)
    install_web(app)
    if metrics is not None:
        app.add_api_route("/metrics", metrics_endpoint, include_in_schema=False)
    routetable.install(app)
    return app
