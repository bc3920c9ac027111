"""One lookup table for the API's routes, built once at start-up.

FastAPI (0.16x) keeps included routers as a tree and, on every request, walks it: each level
asks its children for a routes version and matches path after path, and the chosen branch
matches again while handling. With ~450 operations that walk was a fifth of a trivial
request's time. :class:`RouteTable` sits first in the application's routes and answers from a
trie of path segments instead: it looks at only the routes whose literal segments agree with
the request's, tries them in their registration order (so the first match wins exactly as
before) and hands the request to the route the way FastAPI's own included router does (the
route's resolved context: dependencies, body limits, response model). A request it does not
match (unknown paths, the web pages and static files) falls through to FastAPI's own routing,
which still holds every route, so 404s, 405s, redirects and OpenAPI are unchanged.

It is built after every router is included; a route added later is served by the fallback.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from fastapi import FastAPI
from fastapi.routing import (
    _FASTAPI_EFFECTIVE_ROUTE_CONTEXT_KEY,
    APIRoute,
    _EffectiveRouteContext,
    _get_fastapi_scope,
    _IncludedRouter,
)
from fastapi.telemetry._api import _route_selected
from starlette._utils import get_route_path
from starlette.datastructures import URLPath
from starlette.routing import BaseRoute, Match, NoMatchFound
from starlette.types import Receive, Scope, Send

# Depth of the trie: literal segments beyond it are left to the routes' own patterns.
DEPTH = 5
_CHOSEN = "parlour.route"


@dataclass
class _Node:
    literal: dict[str, _Node] = field(default_factory=dict)
    param: _Node | None = None
    # (registration order, route) stored where a route's indexed segments end.
    here: list[tuple[int, _EffectiveRouteContext]] = field(default_factory=list)


def _segments(path: str) -> list[str]:
    return path.split("/")[1 : DEPTH + 1]


class RouteTable(BaseRoute):
    """The API's operations by path segment; see the module's note."""

    def __init__(self, contexts: list[_EffectiveRouteContext]) -> None:
        self.root = _Node()
        self.path = ""
        self.count = 0
        for order, ctx in enumerate(contexts):
            node = self.root
            for seg in _segments(ctx.path_format):
                if seg.startswith("{"):
                    node.param = node.param or _Node()
                    node = node.param
                else:
                    node = node.literal.setdefault(seg, _Node())
            node.here.append((order, ctx))
            self.count += 1

    def _candidates(self, path: str) -> list[_EffectiveRouteContext]:
        found: list[tuple[int, _EffectiveRouteContext]] = []
        level = [self.root]
        for seg in _segments(path):
            following: list[_Node] = []
            for node in level:
                found.extend(node.here)
                nxt = node.literal.get(seg)
                if nxt is not None:
                    following.append(nxt)
                if node.param is not None and seg:
                    following.append(node.param)
            level = following
            if not level:
                break
        for node in level:
            found.extend(node.here)
        found.sort(key=lambda pair: pair[0])
        return [ctx for _, ctx in found]

    def matches(self, scope: Scope) -> tuple[Match, Scope]:
        if scope["type"] != "http":
            return Match.NONE, {}
        for ctx in self._candidates(get_route_path(scope)):
            match, child = ctx.matches(scope)
            # Only a full match is taken here: a method mismatch (405) and everything else
            # is left to FastAPI's routing, which answers it as it always did.
            if match == Match.FULL:
                child["route"] = ctx.original_route
                child[_CHOSEN] = ctx
                return Match.FULL, child
        return Match.NONE, {}

    async def handle(self, scope: Scope, receive: Receive, send: Send) -> None:
        ctx: _EffectiveRouteContext = scope.pop(_CHOSEN)
        _route_selected(scope=scope, path=ctx.path_format)
        _get_fastapi_scope(scope)[_FASTAPI_EFFECTIVE_ROUTE_CONTEXT_KEY] = ctx
        route = ctx.original_route
        assert isinstance(route, APIRoute)
        await route.handle(scope, receive, send)

    def url_path_for(self, name: str, /, **path_params: Any) -> URLPath:
        # Names are resolved by FastAPI's own routes, which still hold every route.
        raise NoMatchFound(name, path_params)

    def __repr__(self) -> str:
        return f"RouteTable({self.count} routes)"


def _api_contexts(routes: list[BaseRoute]) -> list[_EffectiveRouteContext]:
    out: list[_EffectiveRouteContext] = []
    for route in routes:
        if isinstance(route, _IncludedRouter):
            for ctx in route.effective_route_contexts():
                if isinstance(ctx.original_route, APIRoute) and ctx.path_regex is not None:
                    out.append(ctx)
    return out


def install(app: FastAPI) -> RouteTable:
    """Put the table of every included API route first in ``app``'s routes."""
    routes = app.router.routes
    table = RouteTable(_api_contexts(list(routes)))
    # Where the first included router stands: routes registered before it keep precedence.
    at = next((i for i, r in enumerate(routes) if isinstance(r, _IncludedRouter)), len(routes))
    routes.insert(at, table)
    return table
