"""CORS for the public operations only.

A salon's own site may call the public online-booking API (book_services, book_times,
book_record, the booking form, ...) from a visitor's browser; the B2B operations, which carry
a user token, stay same-origin. The public set is read from the contract: the routes whose
upstream operation is in upstream's public catalog (``catalog-public.json``), aliases included,
so an operation added there later is covered without touching this module.
"""

from __future__ import annotations

from collections.abc import Sequence

from fastapi import FastAPI
from fastapi.routing import iter_route_contexts
from starlette.middleware.cors import CORSMiddleware
from starlette.routing import compile_path
from starlette.types import ASGIApp, Receive, Scope, Send

from parlour import contract
from parlour.observability import REQUEST_ID_HEADER

PUBLIC_CATALOG = "catalog-public.json"
METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"]
HEADERS = ["Authorization", "Content-Type", "Accept", "Accept-Language"]


def public_templates(app: FastAPI, prefix: str) -> list[str]:
    """Full path templates (``/api/v1/book_times/{location_id}/...``) of public operations."""
    out: set[str] = set()
    for ctx in iter_route_contexts(app.router.routes):
        path = ctx.path or ""
        ours = path.removeprefix(prefix)
        for method in ctx.methods or ():
            key = contract.route_key(method, ours)
            if key and contract.trees()[key]["catalog"] == PUBLIC_CATALOG:
                out.add(path)
    return sorted(out)


class PublicCorsMiddleware:
    """Starlette's CORS handling, applied to requests (and preflights) for public paths."""

    def __init__(self, app: ASGIApp, *, origins: Sequence[str], templates: Sequence[str]) -> None:
        self.app = app
        self.cors = CORSMiddleware(
            app,
            allow_origins=list(origins),
            allow_methods=METHODS,
            allow_headers=HEADERS,
            expose_headers=[REQUEST_ID_HEADER],
            max_age=600,
        )
        self.paths = [compile_path(t)[0] for t in templates]

    def is_public(self, path: str) -> bool:
        return any(p.match(path) for p in self.paths)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and self.is_public(scope.get("path", "")):
            await self.cors(scope, receive, send)
        else:
            await self.app(scope, receive, send)
