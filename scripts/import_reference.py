"""Refresh the upstream reference data kept in ``reference/altegio/`` from a reference folder.

    python scripts/import_reference.py                 # reads ../shared/reference/altegio
                                                       # (or ../../shared/...)
    python scripts/import_reference.py PATH/TO/altegio

The project builds, tests and regenerates docs/COVERAGE.md from its own clone, so the data
it reads lives in the repository; this script is only needed when the reference itself
changes. It keeps data, not prose:

- ``catalog.json`` / ``catalog-public.json``: every upstream operation (section, title,
  method, path, operation id, deprecated flag, documentation URL, page) without the summaries.
- ``fields.json``: per endpoint page, per part (``path``, ``query``, ``header``, ``request``,
  ``response 200``, ...), each documented field's type and sample value (when the page gives
  one), e.g. ``{"data": {"type": "array", "example": [...]}}``.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
# A checkout's sibling ``shared/`` (or, for a git worktree one level down, its parent's).
SOURCES = [p / "shared" / "reference" / "altegio" for p in ROOT.parents[:2]]
TARGET = ROOT / "reference" / "altegio"

CATALOG_KEYS = (
    "section",
    "section_slug",
    "title",
    "method",
    "path",
    "operation",
    "deprecated",
    "url",
    "page",
)
_PART = re.compile(r"^## (.+?)(?: fields)?(?: \([^)]*\))?:?\s*$")
_FIELD = re.compile(r"^  - `([^`]+)` \(([^)]*)\)")
_EXAMPLE = re.compile(r"^    Example: (.+)$")


def _part_name(heading: str) -> str | None:
    match = _PART.match(heading)
    if match is None:
        return None
    name = match.group(1).strip().lower()
    name = name.removesuffix(" parameters").removesuffix(" fields")
    return name


def page_fields(text: str) -> dict[str, dict[str, dict[str, Any]]]:
    """The top-level field entries of one endpoint page: type and example per part."""
    parts: dict[str, dict[str, dict[str, Any]]] = {}
    current: dict[str, dict[str, Any]] | None = None
    field: dict[str, Any] | None = None
    for line in text.splitlines():
        if line.startswith("## "):
            name = _part_name(line)
            current = parts.setdefault(name, {}) if name else None
            field = None
            continue
        if current is None:
            continue
        match = _FIELD.match(line)
        if match is not None:
            field = {"type": match.group(2)}
            current[match.group(1)] = field
            continue
        example = _EXAMPLE.match(line)
        if example is not None and field is not None and "example" not in field:
            try:
                field["example"] = json.loads(example.group(1))
            except json.JSONDecodeError:
                field["example_text"] = example.group(1)
    return {k: v for k, v in parts.items() if v}


def _catalog(source: Path, name: str) -> list[dict[str, Any]]:
    data: list[dict[str, Any]] = json.loads((source / name).read_text())
    return [{k: op.get(k) for k in CATALOG_KEYS} for op in data]


def _write(path: Path, data: Any) -> None:
    path.write_text(json.dumps(data, indent=1, ensure_ascii=False, sort_keys=False) + "\n")
    print(f"wrote {path.relative_to(ROOT)}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("source", nargs="?", type=Path, default=None)
    args = parser.parse_args()
    found = [p for p in SOURCES if (p / "catalog.json").exists()]
    source: Path = args.source or (found[0] if found else SOURCES[0])
    if not (source / "catalog.json").exists():
        print(f"no catalog.json in {source}", file=sys.stderr)
        return 2
    TARGET.mkdir(parents=True, exist_ok=True)
    _write(TARGET / "catalog.json", _catalog(source, "catalog.json"))
    _write(TARGET / "catalog-public.json", _catalog(source, "catalog-public.json"))
    fields = {
        str(page.relative_to(source / "endpoints")): page_fields(page.read_text())
        for page in sorted((source / "endpoints").rglob("*.md"))
    }
    _write(TARGET / "fields.json", fields)
    return 0


if __name__ == "__main__":
    sys.exit(main())
