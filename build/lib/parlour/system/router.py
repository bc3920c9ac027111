"""Operational routes that are not part of upstream: liveness."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import JSONResponse

from parlour import __version__
from parlour.kit.envelope import ok

router = APIRouter(tags=["system"])


@router.get("/health", include_in_schema=False)
async def health() -> JSONResponse:
    """Touches no database: the ceiling for throughput benchmarks."""
    return ok({"status": "ok", "version": __version__})
