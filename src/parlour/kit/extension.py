"""Parlour extension routes: data upstream can only read (storages, accounts, units,
suppliers, expense items, bills of materials) that Parlour also lets a user create.

They carry ``x-parlour: true`` in the served OpenAPI document and are listed apart in
docs/COVERAGE.md; their answer shape is recorded as an alias decision in
src/parlour/contract/decisions.json.
"""

from __future__ import annotations

from typing import Any


def extension(note: str) -> dict[str, Any]:
    """``openapi_extra`` of an extension route: the marker and what it is for."""
    return {"x-parlour": True, "x-parlour-note": note}
