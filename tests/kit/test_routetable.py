"""The route table picks, for every operation's path, the route FastAPI's own walk picks."""

from __future__ import annotations

import inspect
import re
from typing import Any

import httpx
from fastapi import FastAPI
from fastapi.routing import _EffectiveRouteContext
from starlette.routing import Match

from parlour.routetable import RouteTable, _api_contexts


def _table(app: FastAPI) -> RouteTable:
    tables = [r for r in app.router.routes if isinstance(r, RouteTable)]
    assert len(tables) == 1
    return tables[0]


def _scope(method: str, path: str) -> dict[str, Any]:
    return {"type": "http", "method": method, "path": path, "root_path": "", "headers": []}


def _first_full(contexts: list[_EffectiveRouteContext], scope: dict[str, Any]) -> Any:
    for ctx in contexts:
        match, _ = ctx.matches(scope)
        if match == Match.FULL:
            return ctx.original_route
    return None


def test_every_route_is_found_as_the_walk_finds_it(app: FastAPI) -> None:
    table = _table(app)
    contexts = _api_contexts(list(app.router.routes))
    assert table.count == len(contexts) > 250
    for ctx in contexts:
        for sample in ("1", "x"):
            path = re.sub(r"\{[^}]+\}", sample, ctx.path_format)
            for method in sorted(ctx.methods):
                scope = _scope(method, path)
                match, child = table.matches(scope)
                expected = _first_full(contexts, scope)
                if expected is None:  # a typed parameter refuses the sample: so must the table
                    assert match == Match.NONE, (method, path)
                    continue
                assert match == Match.FULL, (method, path)
                assert child["route"] is expected, (method, path, ctx.path_format)


def test_literal_routes_keep_precedence_over_parameters(app: FastAPI) -> None:
    table = _table(app)
    match, child = table.matches(_scope("GET", "/api/v1/company/1/staff/schedule"))
    assert match == Match.FULL
    assert "{team_member_id}" not in child["route"].path


async def test_misses_fall_through_to_fastapi(app: FastAPI) -> None:
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://t") as c:
        assert (await c.get("/api/v1/health")).status_code == 200
        assert (await c.get("/api/v1/no/such/path")).status_code == 404
        wrong = await c.delete("/api/v1/health")
        assert wrong.status_code == 405
        assert (await c.get("/api/v1/openapi.json")).status_code == 200


def _sync_calls(dependant: Any) -> set[str]:
    out: set[str] = set()
    for sub in dependant.dependencies:
        call = sub.call
        if call is not None and not (
            inspect.iscoroutinefunction(call) or inspect.isasyncgenfunction(call)
        ):
            out.add(f"{call.__module__}.{call.__qualname__}")
        out |= _sync_calls(sub)
    return out


def test_no_dependency_runs_in_the_thread_pool(app: FastAPI) -> None:
    """A plain ``def`` dependency is run in a worker thread: on book_times that hand-off was
    over a quarter of the request's CPU. Every dependency and handler of the API is async."""
    slow: dict[str, set[str]] = {}
    for ctx in _api_contexts(list(app.router.routes)):
        calls = _sync_calls(ctx.dependant)
        if not inspect.iscoroutinefunction(ctx.dependant.call):
            calls.add("the handler")
        if calls:
            slow[ctx.path_format] = calls
    assert slow == {}
