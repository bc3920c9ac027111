"""Routes of this section (operations are added by the section's issue)."""

from __future__ import annotations

from fastapi import APIRouter

router = APIRouter()
