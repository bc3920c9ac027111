"""Upstream sample payloads, read from the reference data kept in the repository
(``reference/altegio/fields.json``, refreshed by ``scripts/import_reference.py``)."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

REFERENCE = Path(__file__).resolve().parents[2] / "reference" / "altegio"


@cache
def _fields() -> dict[str, dict[str, dict[str, dict[str, Any]]]]:
    data: dict[str, dict[str, dict[str, dict[str, Any]]]] = json.loads(
        (REFERENCE / "fields.json").read_text()
    )
    return data


def endpoint_example(page: str, field: str = "data", status: int | None = None) -> Any:
    """The sample value given for ``field`` on an endpoints/ page (first response, or the
    response with ``status``; later responses are searched when that one has none)."""
    parts = list(_fields()[page].items())
    responses = [(name, fields) for name, fields in parts if name.startswith("response ")]
    if status is not None:
        names = [name for name, _ in responses]
        responses = responses[names.index(f"response {status}") :]
    for _name, fields in responses:
        entry = fields.get(field)
        if entry is not None and "example" in entry:
            return entry["example"]
    raise LookupError(f"no example for {field} in {page}")
