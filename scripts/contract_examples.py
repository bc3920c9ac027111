"""Sample values for the served docs: src/parlour/contract/examples.json.

    python scripts/contract_examples.py            # rewrite from reference/altegio/fields.json
    python scripts/contract_examples.py --check    # exit 1 if the committed file is stale

For each upstream operation whose newer reference page lists typed fields with example values
(``reference/altegio/fields.json``), keeps the values only: path and query parameters, the
request body's top-level fields, and the 2xx answer's top-level parts (``success``, ``data``,
``meta``). The served OpenAPI (``parlour.openapi``) puts them beside the schemas, after fitting
each answer sample to the operation's contract tree, so an example never contradicts its schema.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
FIELDS = ROOT / "reference" / "altegio" / "fields.json"
TREES = ROOT / "src" / "parlour" / "contract" / "trees.json"
OUTPUT = ROOT / "src" / "parlour" / "contract" / "examples.json"


def _values(part: dict[str, Any]) -> dict[str, Any]:
    """Top-level fields (no dotted sub-field) that carry an example."""
    return {
        name: spec["example"]
        for name, spec in part.items()
        if "." not in name and isinstance(spec, dict) and "example" in spec
    }


def build() -> dict[str, Any]:
    fields: dict[str, Any] = json.loads(FIELDS.read_text())
    trees: dict[str, Any] = json.loads(TREES.read_text())
    out: dict[str, Any] = {}
    for key, entry in sorted(trees.items()):
        page = (entry.get("source") or "").removeprefix("endpoints/")
        parts = fields.get(page)
        if not parts:
            continue
        example: dict[str, Any] = {}
        for part in ("path", "query", "request"):
            values = _values(parts.get(part, {}))
            if values:
                example[part] = values
        status = entry.get("status")
        answer = _values(parts.get(f"response {status}", {})) if status else {}
        if answer:
            example["response"] = answer
        if example:
            out[key] = example
    return out


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--check", action="store_true")
    args = parser.parse_args()
    text = json.dumps(build(), indent=1, sort_keys=True, ensure_ascii=False) + "\n"
    if args.check:
        if not OUTPUT.exists() or OUTPUT.read_text() != text:
            print(f"{OUTPUT.relative_to(ROOT)} is stale: run python scripts/contract_examples.py")
            return 1
        return 0
    OUTPUT.write_text(text)
    print(f"wrote {OUTPUT.relative_to(ROOT)}: {len(json.loads(text))} operations")
    return 0


if __name__ == "__main__":
    sys.exit(main())
