"""Upstream sample payloads, read straight from ../shared/reference/altegio."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

REFERENCE = Path(__file__).resolve().parents[3] / "shared" / "reference" / "altegio"


def endpoint_example(page: str, field: str = "data", status: int | None = None) -> Any:
    """The ``Example:`` JSON given for ``field`` on an endpoints/ page (first response, or the
    response with ``status``)."""
    text = (REFERENCE / "endpoints" / page).read_text()
    if status is not None:
        start = text.index(f"## Response {status} fields")
        text = text[start:]
    else:
        start = text.index("## Response ")
        text = text[start:]
    match = re.search(
        rf"^  - `{re.escape(field)}` \([^)]*\)\n(?:    (?!Example:).*\n)*    Example: (.+)$",
        text,
        re.MULTILINE,
    )
    if match is None:
        raise LookupError(f"no example for {field} in {page}")
    return json.loads(match.group(1))
