"""Structured JSON logs (structlog), one access line per request, Prometheus metrics.

Every request gets a request id (a well-formed incoming ``X-Request-ID`` is kept, otherwise a
new one), returned in the ``X-Request-ID`` header and written on its log line with the method,
the route template (``/api/v1/record/{location_id}/{record_id}``, never the raw path),
status, latency and the location, partner and user ids. Headers, bodies and query strings
are never logged, so tokens and passwords cannot leak into the log.
"""

from __future__ import annotations

import logging
import os
import re
import sys
from collections.abc import Iterator
from time import perf_counter
from typing import Any

import structlog
from fastapi import Request
from prometheus_client import CollectorRegistry, Counter, Histogram, generate_latest
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.registry import Collector
from starlette.datastructures import MutableHeaders
from starlette.routing import Match, Mount, Route
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from parlour.db import Database
from parlour.kit import request_context
from parlour.kit.request_context import RequestInfo

REQUEST_ID_HEADER = "X-Request-ID"
_GOOD_REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{1,64}$")
# Path parameters that name the location, whatever upstream calls it in that path.
_LOCATION_PARAMS = ("location_id", "company_id", "salon_id")
UNMATCHED = "unmatched"

access_log = structlog.get_logger("parlour.access")


class _StdoutHandler(logging.StreamHandler):  # type: ignore[type-arg]
    """Writes to whatever ``sys.stdout`` is now (test runners swap it)."""

    @property
    def stream(self) -> Any:
        return sys.stdout

    @stream.setter
    def stream(self, _value: Any) -> None:
        pass


_SHARED: list[Any] = [
    structlog.contextvars.merge_contextvars,
    structlog.stdlib.add_logger_name,
    structlog.stdlib.add_log_level,
    structlog.processors.TimeStamper(fmt="iso", utc=True),
]


def configure_logging(level: str = "info", *, json_lines: bool = True) -> None:
    """Route structlog and the standard library's loggers (uvicorn's too) into one handler that
    prints one JSON object per line on stdout. Safe to call more than once."""
    structlog.configure(
        processors=[*_SHARED, structlog.stdlib.ProcessorFormatter.wrap_for_formatter],
        logger_factory=structlog.stdlib.LoggerFactory(),
        wrapper_class=structlog.stdlib.BoundLogger,
        cache_logger_on_first_use=True,
    )
    renderer: Any = (
        structlog.processors.JSONRenderer() if json_lines else structlog.dev.ConsoleRenderer()
    )
    formatter = structlog.stdlib.ProcessorFormatter(
        foreign_pre_chain=_SHARED,
        processors=[
            structlog.stdlib.ProcessorFormatter.remove_processors_meta,
            structlog.processors.format_exc_info,
            renderer,
        ],
    )
    root = logging.getLogger()
    for handler in list(root.handlers):
        if isinstance(handler, _StdoutHandler):
            root.removeHandler(handler)
    handler = _StdoutHandler()
    handler.setFormatter(formatter)
    root.addHandler(handler)
    root.setLevel(level.upper())
    for name in ("uvicorn", "uvicorn.error"):
        logger = logging.getLogger(name)
        logger.handlers = []
        logger.propagate = True
    for name in ("alembic", "httpx", "httpcore"):
        logging.getLogger(name).setLevel(logging.WARNING)
    # Our access line (with request id, route and latency) replaces uvicorn's.
    logging.getLogger("uvicorn.access").disabled = True


class _PoolCollector(Collector):
    """Connection pool gauges of the application's engines, read at scrape time."""

    def __init__(self, database: Database) -> None:
        self.database = database

    def collect(self) -> Iterator[GaugeMetricFamily]:
        size = GaugeMetricFamily(
            "parlour_db_pool_size", "Connections the pool keeps open.", labels=["engine"]
        )
        used = GaugeMetricFamily(
            "parlour_db_pool_checked_out", "Connections in use by requests.", labels=["engine"]
        )
        idle = GaugeMetricFamily(
            "parlour_db_pool_checked_in", "Idle connections in the pool.", labels=["engine"]
        )
        overflow = GaugeMetricFamily(
            "parlour_db_pool_overflow", "Connections beyond the pool size.", labels=["engine"]
        )
        engines = [("write", self.database.engine)]
        if self.database.read_engine is not None:
            engines.append(("read", self.database.read_engine))
        for label, engine in engines:
            pool: Any = engine.pool
            for family, attr in (
                (size, "size"),
                (used, "checkedout"),
                (idle, "checkedin"),
                (overflow, "overflow"),
            ):
                getter = getattr(pool, attr, None)
                if getter is not None:
                    family.add_metric([label], float(getter()))
        yield from (size, used, idle, overflow)


class Metrics:
    """The application's Prometheus metrics. With ``PROMETHEUS_MULTIPROC_DIR`` set (``parlour
    serve --workers N`` sets it) the request metrics of all worker processes are added up."""

    def __init__(self, database: Database) -> None:
        self.multiprocess_dir = os.environ.get("PROMETHEUS_MULTIPROC_DIR") or None
        self.registry = CollectorRegistry()
        target = None if self.multiprocess_dir else self.registry
        labels = ["method", "route", "status"]
        self.requests = Counter(
            "parlour_http_requests",
            "HTTP requests answered, by route template and status.",
            labels,
            registry=target,
        )
        self.latency = Histogram(
            "parlour_http_request_duration_seconds",
            "Time to answer an HTTP request, by route template and status.",
            labels,
            registry=target,
            buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0),
        )
        if self.multiprocess_dir:
            from prometheus_client import multiprocess

            multiprocess.MultiProcessCollector(  # type: ignore[no-untyped-call]
                self.registry, path=self.multiprocess_dir
            )
        self.registry.register(_PoolCollector(database))

    def observe(self, method: str, route: str, status: int, seconds: float) -> None:
        self.requests.labels(method, route, str(status)).inc()
        self.latency.labels(method, route, str(status)).observe(seconds)

    def render(self) -> bytes:
        return generate_latest(self.registry)


async def note_route(request: Request) -> None:
    """App-wide dependency: records the matched route template and the location id of the
    path for the access line and the metrics."""
    # FastAPI keeps an included router's routes un-prefixed; the effective route context it
    # puts in the scope carries the full template (/api/v1/company/{location_id}).
    context = request.scope.get("fastapi", {}).get("effective_route_context")
    template = getattr(context, "path", None) or getattr(request.scope.get("route"), "path", None)
    location_id = None
    for name in _LOCATION_PARAMS:
        value = request.path_params.get(name)
        if isinstance(value, str) and value.isdigit() and len(value) < 19:
            location_id = int(value)
            break
    request_context.note(route=template, location_id=location_id)


def _base_url(scope: Scope) -> str:
    host = None
    for key, value in scope.get("headers", []):
        if key == b"host":
            host = value.decode("latin-1")
            break
    if not host:
        server = scope.get("server")
        host = f"{server[0]}:{server[1]}" if server else "127.0.0.1"
    return f"{scope.get('scheme', 'http')}://{host}"


def _incoming_request_id(scope: Scope) -> str | None:
    for key, value in scope.get("headers", []):
        if key == b"x-request-id":
            candidate = value.decode("latin-1")
            return candidate if _GOOD_REQUEST_ID.match(candidate) else None
    return None


def _plain_route(scope: Scope) -> str | None:
    """The template of a route outside the API (docs pages, the OpenAPI document, bundled
    docs assets, /metrics), which the app-wide dependency does not see; None when no route
    matches (a 404 stays "unmatched")."""
    app = scope.get("app")
    for route in getattr(getattr(app, "router", None), "routes", ()):
        if isinstance(route, Mount):
            match, _ = route.matches(scope)
            if match is Match.FULL:
                return f"{route.path}/{{path}}"
        elif isinstance(route, Route):
            match, _ = route.matches(scope)
            if match is not Match.NONE:
                return route.path
    return None


class ObservabilityMiddleware:
    def __init__(self, app: ASGIApp, *, metrics: Metrics | None) -> None:
        self.app = app
        self.metrics = metrics

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        info = RequestInfo(
            request_id=_incoming_request_id(scope) or request_context.new_request_id(),
            method=scope["method"],
            base_url=_base_url(scope),
        )
        request_context.begin(info)
        status = 500

        async def send_with_id(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                headers = MutableHeaders(scope=message)
                if REQUEST_ID_HEADER not in headers:
                    headers.append(REQUEST_ID_HEADER, info.request_id)
            await send(message)

        try:
            await self.app(scope, receive, send_with_id)
        finally:
            elapsed = perf_counter() - info.started
            route = info.route or _plain_route(scope) or UNMATCHED
            access_log.info(
                "request",
                request_id=info.request_id,
                method=info.method,
                route=route,
                status=status,
                duration_ms=round(elapsed * 1000, 2),
                location_id=info.location_id,
                partner_id=info.partner_id,
                user_id=info.user_id,
            )
            if self.metrics is not None:
                self.metrics.observe(info.method, route, status, elapsed)
