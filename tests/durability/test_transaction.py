"""The request transaction: commit before the answer, after-commit hooks, retries on
contention, the catch-all envelope and 405. A separate app with a few test-only routes."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest
from fastapi import APIRouter, FastAPI
from sqlalchemy import func, select
from sqlalchemy.exc import DBAPIError, OperationalError

from parlour.config import Settings
from parlour.db import Database, after_commit, after_rollback
from parlour.deps import SessionDep
from parlour.errors import SlotBusy, ValidationFailed
from parlour.kit.envelope import ok
from parlour.kit.transaction import on_contention
from parlour.main import create_app
from parlour.models import Chain
from tests.fixtures.factories import Tenant


class _Deadlock(Exception):
    sqlstate = "40P01"


def _contention() -> DBAPIError:
    return DBAPIError("INSERT ...", {}, _Deadlock("deadlock detected"))


events: list[str] = []
attempts: dict[str, int] = {}


def _routes() -> APIRouter:
    router = APIRouter()

    @router.post("/t/chain")
    async def make_chain(session: SessionDep, mode: str = "ok") -> Any:
        attempts[mode] = attempts.get(mode, 0) + 1
        session.add(Chain(title=f"chain {mode}"))
        await session.flush()
        after_commit(session, lambda: events.append(f"committed {mode}"))
        after_rollback(session, lambda: events.append(f"rolled back {mode}"))
        if mode == "refuse":
            raise ValidationFailed.field("mode", "refused")
        if mode == "boom":
            raise RuntimeError("unexpected")
        if mode == "commit-fails":

            async def failing_commit() -> None:
                raise OperationalError("COMMIT", {}, Exception("disk I/O error"))

            session.commit = failing_commit  # type: ignore[method-assign]
        if mode == "commit-crashes":

            async def crashing_commit() -> None:
                raise RuntimeError("lost")

            session.commit = crashing_commit  # type: ignore[method-assign]
        if mode == "deadlock-once" and attempts[mode] == 1:
            raise _contention()
        if mode == "deadlock-always":
            raise _contention()
        if mode == "deadlock-slot":
            on_contention(session, SlotBusy())
            raise _contention()
        return ok({"attempt": attempts[mode]}, status_code=201)

    @router.get("/t/boom")
    async def read_boom() -> Any:
        raise ZeroDivisionError

    return router


@pytest.fixture
async def http(settings: Settings, database: Database) -> AsyncIterator[httpx.AsyncClient]:
    app: FastAPI = create_app(settings, database=database)
    app.include_router(_routes(), prefix="/api/v1")
    events.clear()
    attempts.clear()
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://t/api/v1") as client:
        yield client


async def _chains(database: Database) -> int:
    async with database.session() as session:
        return int((await session.execute(select(func.count(Chain.id)))).scalar_one())


class TestCommitBeforeAnswer:
    async def test_success_commits_then_runs_the_hook(
        self, http: httpx.AsyncClient, database: Database
    ) -> None:
        answer = await http.post("/t/chain")
        assert answer.status_code == 201
        assert events == ["committed ok"]
        assert await _chains(database) == 1

    async def test_an_error_answer_rolls_back(
        self, http: httpx.AsyncClient, database: Database
    ) -> None:
        answer = await http.post("/t/chain", params={"mode": "refuse"})
        assert answer.status_code == 422
        assert answer.json()["success"] is False
        assert events == ["rolled back refuse"]
        assert await _chains(database) == 0

    async def test_a_failed_commit_is_answered_with_the_envelope(
        self, http: httpx.AsyncClient, database: Database
    ) -> None:
        answer = await http.post("/t/chain", params={"mode": "commit-fails"})
        assert answer.status_code == 503
        assert answer.json()["success"] is False
        assert events == ["rolled back commit-fails"]
        crashed = await http.post("/t/chain", params={"mode": "commit-crashes"})
        assert crashed.status_code == 500
        assert crashed.json()["meta"]["request_id"]
        assert await _chains(database) == 0


class TestContention:
    async def test_a_deadlock_runs_the_request_again(
        self, http: httpx.AsyncClient, database: Database
    ) -> None:
        answer = await http.post("/t/chain", params={"mode": "deadlock-once"})
        assert answer.status_code == 201
        assert answer.json()["data"] == {"attempt": 2}
        assert await _chains(database) == 1
        assert events == ["rolled back deadlock-once", "committed deadlock-once"]

    async def test_lasting_contention_is_a_409(
        self, http: httpx.AsyncClient, database: Database
    ) -> None:
        answer = await http.post("/t/chain", params={"mode": "deadlock-always"})
        assert answer.status_code == 409
        assert answer.json()["success"] is False
        assert attempts["deadlock-always"] == 5
        assert await _chains(database) == 0

    async def test_lasting_contention_under_the_overlap_rule_is_the_taken_slot_error(
        self, http: httpx.AsyncClient
    ) -> None:
        answer = await http.post("/t/chain", params={"mode": "deadlock-slot"})
        assert answer.status_code == 422
        assert answer.json()["errors"]["code"] == 433


class TestCatchAll:
    async def test_an_unexpected_exception_is_a_500_envelope_with_a_request_id(
        self, http: httpx.AsyncClient, database: Database, caplog: pytest.LogCaptureFixture
    ) -> None:
        with caplog.at_level(logging.ERROR, logger="parlour.request"):
            answer = await http.post("/t/chain", params={"mode": "boom"})
        assert answer.status_code == 500
        body = answer.json()
        assert body["success"] is False and body["data"] is None
        request_id = body["meta"]["request_id"]
        # One id per request: the envelope's, the header's and the logs' are the same.
        assert request_id and answer.headers["x-request-id"] == request_id
        assert any(request_id in r.getMessage() and r.exc_info is not None for r in caplog.records)
        assert await _chains(database) == 0

    async def test_a_read_that_fails_is_a_500_envelope_too(self, http: httpx.AsyncClient) -> None:
        answer = await http.get("/t/boom", headers={"X-Request-Id": "abc-123"})
        assert answer.status_code == 500
        assert answer.json()["meta"]["request_id"] == "abc-123"
        assert answer.headers["x-request-id"] == "abc-123"

    async def test_a_method_the_route_does_not_have_is_a_405_envelope(
        self, client: httpx.AsyncClient, world: Tenant
    ) -> None:
        answer = await client.patch(f"/clients/{world.location_id}", headers=world.headers)
        assert answer.status_code == 405
        body = answer.json()
        assert body["success"] is False
        assert body["meta"]["message"] == "Method not allowed"
