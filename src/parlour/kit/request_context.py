"""What the server knows about the request being served, reachable from any layer.

The observability middleware opens a :class:`RequestInfo` per request (request id, base URL)
and code below fills in what it learns (route template, location, partner, user); the access
log line, the metrics and the error handlers read it. It lives in a context variable, so each
request (one asyncio task) sees its own.
"""

from __future__ import annotations

import secrets
from contextvars import ContextVar
from dataclasses import dataclass, field
from time import perf_counter

# The address handed out when there is neither a request nor PARLOUR_PUBLIC_URL (the CLI).
FALLBACK_BASE_URL = "http://127.0.0.1:8000"


@dataclass
class RequestInfo:
    request_id: str
    method: str = ""
    base_url: str = ""
    route: str | None = None
    location_id: int | None = None
    partner_id: int | None = None
    user_id: int | None = None
    started: float = field(default_factory=perf_counter)


_current: ContextVar[RequestInfo | None] = ContextVar("parlour_request", default=None)


def new_request_id() -> str:
    return secrets.token_hex(8)


def begin(info: RequestInfo) -> None:
    """Make ``info`` the current request's; it stays readable until the task ends, so the
    outermost error handler still finds the request id."""
    _current.set(info)


def current() -> RequestInfo | None:
    return _current.get()


def current_request_id() -> str | None:
    info = _current.get()
    return info.request_id if info else None


def note(
    *,
    route: str | None = None,
    location_id: int | None = None,
    partner_id: int | None = None,
    user_id: int | None = None,
) -> None:
    """Record what a layer learned about the request (ignored outside a request)."""
    info = _current.get()
    if info is None:
        return
    if route is not None:
        info.route = route
    if location_id is not None:
        info.location_id = location_id
    if partner_id is not None:
        info.partner_id = partner_id
    if user_id is not None:
        info.user_id = user_id


def public_base_url(configured: str | None) -> str:
    """The base of URLs Parlour hands out: PARLOUR_PUBLIC_URL when set, otherwise the address
    the current request reached (scheme, host and port as the client used them)."""
    if configured:
        return configured.rstrip("/")
    info = _current.get()
    if info is not None and info.base_url:
        return info.base_url
    return FALLBACK_BASE_URL
