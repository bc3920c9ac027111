"""Operational routes that are not part of upstream: liveness and readiness."""

from __future__ import annotations

import asyncio
import logging

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse
from sqlalchemy import text

from parlour import __version__
from parlour.db import Database
from parlour.kit.envelope import error_body, ok
from parlour.migrate import head_revisions

router = APIRouter(tags=["system"])
log = logging.getLogger("parlour.ready")

READY_TIMEOUT_SECONDS = 5.0


@router.get("/health", include_in_schema=False)
async def health() -> JSONResponse:
    """Liveness: the process answers. Touches no database (the ceiling for benchmarks)."""
    return ok({"status": "ok", "version": __version__})


def _not_ready(message: str) -> JSONResponse:
    return JSONResponse(error_body(message, code=5), status_code=503, headers={"Retry-After": "5"})


@router.get("/ready", include_in_schema=False)
async def ready(request: Request) -> JSONResponse:
    """Readiness: the database answers and its schema is at the revision this code expects."""
    db: Database = request.app.state.db
    expected = head_revisions()
    try:
        async with asyncio.timeout(READY_TIMEOUT_SECONDS), db.session() as session:
            await session.execute(text("SELECT 1"))
    except Exception as exc:  # any failure to reach the database means "not ready"
        log.warning("readiness: database unreachable: %s", type(exc).__name__)
        return _not_ready("The database is unreachable.")
    try:
        async with asyncio.timeout(READY_TIMEOUT_SECONDS), db.session() as session:
            rows = await session.execute(text("SELECT version_num FROM alembic_version"))
            current = frozenset(str(v) for v in rows.scalars())
    except Exception:  # no alembic_version table: never migrated
        current = frozenset()
    if current != expected:
        found = ", ".join(sorted(current)) or "none"
        return _not_ready(
            f"The database schema is at revision {found}; this server needs "
            f"{', '.join(sorted(expected))}. Run `parlour migrate`."
        )
    return ok({"status": "ready", "version": __version__, "revision": sorted(expected)})
