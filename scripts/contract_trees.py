"""Turn upstream's response samples into JSON type trees: src/parlour/contract/trees.json.

    python scripts/contract_trees.py            # rewrite the trees from ../shared/reference
    python scripts/contract_trees.py --check    # exit 1 if the committed trees are stale

Sources, in the order the project prefers them (the first that gives a 2xx body wins):

1. the newer per-operation pages (``endpoints/<section>/<operation>.md``): the ``Example:``
   of ``success``/``data``/``meta``, then the typed field list (``data.user_id``
   ``(integer,null)``) overrides the example's scalar types;
2. the legacy docs' response samples (``legacy-docs/NN-*.md``);
3. the YCLIENTS blueprint's response examples (``yclients-ru.apib``).

A type tree is JSON data (grammar in ``parlour.contract``): ``"string"``, ``"digits"`` (the
sample showed a numeric string), ``"number"``, ``"boolean"``, ``"null"``, ``"any"``,
``{"object": {field: tree}}``, ``{"array": tree}`` or ``{"oneOf": [tree, ...]}``. A sample's
``null`` says nothing about the type and becomes ``"any"``; an empty sample list becomes
``{"array": "any"}``. Only the reference is read here; the tests read the committed output.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import re
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
REFERENCE = ROOT.parent / "shared" / "reference" / "altegio"
OUTPUT = ROOT / "src" / "parlour" / "contract" / "trees.json"

Tree = Any
_DIGITS = re.compile(r"^-?\d+(\.\d+)?$")


def normalize(path: str) -> str:
    path = path.split("?", 1)[0].replace("\\", "")
    path = re.sub(r"\{[^}]*\}", "{}", path)
    return path.rstrip("/") or "/"


def tree_of(value: Any) -> Tree:
    if value is None:
        return "any"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, (int, float)):
        return "number"
    if isinstance(value, str):
        return "digits" if _DIGITS.match(value) else "string"
    if isinstance(value, list):
        if not value:
            return {"array": "any"}
        return {"array": merge([tree_of(v) for v in value])}
    if isinstance(value, dict):
        return {"object": {k: tree_of(v) for k, v in value.items()}}
    raise TypeError(type(value))


def merge(trees: list[Tree]) -> Tree:
    """One tree for the items of a sample list: objects merge field by field (a field shown
    in only some items is kept), scalars that differ become ``any``."""
    first = trees[0]
    if all(t == first for t in trees):
        return first
    if all(isinstance(t, dict) and "object" in t for t in trees):
        fields: dict[str, list[Tree]] = {}
        for t in trees:
            for k, v in t["object"].items():
                fields.setdefault(k, []).append(v)
        return {"object": {k: merge(v) for k, v in fields.items()}}
    if all(isinstance(t, dict) and "array" in t for t in trees):
        items = [t["array"] for t in trees if t["array"] != "any"]
        return {"array": merge(items) if items else "any"}
    return "any"


# --- 1. endpoints/ pages ---------------------------------------------------------------------

_TYPES = {
    "string": "string",
    "number": "number",
    "integer": "number",
    "boolean": "boolean",
    "null": "null",
    "any": "any",
}
_FIELD = re.compile(r"^(?P<indent> *)- `(?P<name>[^`]+)` \((?P<type>[^)]*)\)")


def _declared(type_text: str) -> Tree | None:
    parts = [p.strip().split(" ")[0] for p in type_text.split(",")]
    scalars = [_TYPES[p] for p in parts if p in _TYPES]
    if not scalars or len(scalars) != len(parts) or "any" in scalars:
        return None
    return scalars[0] if len(scalars) == 1 else {"oneOf": scalars}


def _at(tree: Tree, path: list[str]) -> tuple[Tree, str] | None:
    """The parent object's field map and the key of ``path`` (arrays are stepped through)."""
    node = tree
    for i, key in enumerate(path):
        while isinstance(node, dict) and "array" in node:
            node = node["array"]
        if not (isinstance(node, dict) and "object" in node):
            return None
        if i == len(path) - 1:
            return node["object"], key
        if key not in node["object"]:
            return None
        node = node["object"][key]
    return None


def _apply_declared(body: Tree, path: list[str], declared: Tree) -> None:
    found = _at(body, path)
    if found is None:
        return
    fields, key = found
    current = fields.get(key)
    # The typed list wins over the example's scalars; containers keep the example's shape.
    if current is None or isinstance(current, str):
        fields[key] = declared


def from_page(text: str) -> tuple[int, Tree] | None:
    sections = re.split(r"^## Response (\d{3}) fields.*$", text, flags=re.MULTILINE)
    for i in range(1, len(sections), 2):
        status = int(sections[i])
        if not 200 <= status < 300:
            continue
        return status, _page_body(sections[i + 1])
    return None


def _page_body(block: str) -> Tree:
    lines = block.splitlines()
    body: dict[str, Tree] = {}
    declared: list[tuple[list[str], Tree]] = []
    parent: list[str] = []
    for n, line in enumerate(lines):
        m = _FIELD.match(line)
        if not m:
            continue
        indent = len(m.group("indent"))
        name = m.group("name")
        if indent <= 2:
            path = name.split(".")
            parent = path
        else:  # a nested bullet under the last top-level field
            path = [*parent, name]
        example = None
        for follow in lines[n + 1 : n + 6]:
            if _FIELD.match(follow):
                break
            ex = re.match(r"^ +Example: (.+)$", follow)
            if ex:
                try:
                    example = json.loads(ex.group(1))
                except ValueError:
                    example = None
                break
        type_text = m.group("type")
        if len(path) == 1:
            if example is not None or type_text.startswith(("array", "object")):
                body[path[0]] = tree_of(example) if example is not None else _empty(type_text)
            else:
                body[path[0]] = _declared(type_text) or "any"
        else:
            d = _declared(type_text)
            if d is not None:
                declared.append((path, d))
            elif example is not None:
                declared.append((path, tree_of(example)))
    tree = {"object": body}
    for path, d in declared:
        _apply_declared(tree, path, d)
    return tree


def _empty(type_text: str) -> Tree:
    return {"array": "any"} if type_text.startswith("array") else {"object": {}}


# --- 2. legacy docs ----------------------------------------------------------------------------

_LEGACY_OP = re.compile(r"^(get|post|put|patch|delete)(/\S*)$")


def _loads_loose(text: str) -> Any:
    text = re.sub(r",(\s*[}\]])", r"\1", text)
    return json.loads(text)


def legacy_samples() -> dict[tuple[str, str], Tree]:
    out: dict[tuple[str, str], Tree] = {}
    for file in sorted((REFERENCE / "legacy-docs").glob("[0-9][0-9]-*.md")):
        lines = file.read_text().splitlines()
        i = 0
        while i < len(lines):
            m = _LEGACY_OP.match(lines[i].strip())
            if not m:
                i += 1
                continue
            key = (m.group(1).upper(), normalize(m.group(2)))
            j = i + 1
            sample: Any = None
            while j < len(lines) and not _LEGACY_OP.match(lines[j].strip()):
                if lines[j].startswith("### Response samples"):
                    sample = _first_sample(lines, j)
                    break
                j += 1
            if sample is not None and key not in out:
                out[key] = sample
            i = j if j > i else i + 1
    return out


def _first_sample(lines: list[str], start: int) -> Any:
    status_lines = [ln.strip() for ln in lines[start : start + 12] if ln.strip().startswith("- ")]
    first_status = status_lines[0][2:].strip() if status_lines else "200"
    if not first_status.startswith("2"):
        return None
    for k in range(start, min(start + 40, len(lines))):
        if lines[k].startswith("`"):
            chunk = []
            for m in range(k, len(lines)):
                piece = lines[m].rstrip()
                piece = piece[:-1] if piece.endswith("\\") else piece
                chunk.append(piece)
                if piece.endswith("`") and (m > k or len(piece) > 1):
                    break
            text = "\n".join(chunk).strip().strip("`")
            try:
                return (int(first_status[:3]), tree_of(_loads_loose(text)))
            except ValueError:
                return None
    return None


# --- 3. the blueprint ---------------------------------------------------------------------------


def apib_samples() -> dict[tuple[str, str], Tree]:
    out: dict[tuple[str, str], Tree] = {}
    lines = (REFERENCE / "yclients-ru.apib").read_text().splitlines()
    resource: str | None = None
    action: tuple[str, str] | None = None
    i = 0
    while i < len(lines):
        line = lines[i]
        r = re.match(r"^##\s.*\[(/[^\]]*)\]\s*$", line)
        if r:
            resource, action = r.group(1), None
        a = re.match(r"^###\s.*\[(GET|POST|PUT|PATCH|DELETE)(?:\s+(/[^\]]*))?\]\s*$", line)
        if a:
            path = a.group(2) or resource
            action = (a.group(1), normalize(re.sub(r"\{\?[^}]*\}", "", path))) if path else None
        s = re.match(r"^\+ Response (2\d\d)", line)
        if s and action and action not in out:
            body, i = _indented_block(lines, i + 1)
            if body:
                with contextlib.suppress(ValueError):
                    out[action] = (int(s.group(1)), tree_of(_loads_loose(body)))
            continue
        i += 1
    return out


def _indented_block(lines: list[str], i: int) -> tuple[str, int]:
    while i < len(lines) and not lines[i].strip():
        i += 1
    if i >= len(lines) or not lines[i].startswith("        ") or "{" not in lines[i]:
        return "", i
    chunk = []
    while i < len(lines) and (lines[i].startswith("        ") or not lines[i].strip()):
        chunk.append(lines[i])
        i += 1
    return "\n".join(chunk).strip(), i


# --- assemble ---------------------------------------------------------------------------------


def build() -> dict[str, Any]:
    legacy = legacy_samples()
    apib = apib_samples()
    out: dict[str, Any] = {}
    for name in ("catalog.json", "catalog-public.json"):
        for op in json.loads((REFERENCE / name).read_text()):
            key = f"{op['method'].upper()} {op['path']}"
            if key in out:
                continue
            norm = (op["method"].upper(), normalize(op["path"]))
            entry: dict[str, Any] = {
                "operation": op["operation"],
                "section": op["section"],
                "deprecated": bool(op.get("deprecated")),
                "catalog": name,
                "source": None,
                "status": None,
                "tree": None,
            }
            found = None
            if op.get("page"):
                page = REFERENCE / op["page"]
                if page.exists():
                    got = from_page(page.read_text())
                    if got is not None and got[1]["object"]:
                        found = (op["page"], *got)
            if found is None and norm in legacy:
                found = ("legacy-docs", *legacy[norm])
            if found is None and norm in apib:
                found = ("yclients-ru.apib", *apib[norm])
            if found is not None:
                entry["source"], entry["status"], entry["tree"] = found
            out[key] = entry
    return out


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--check", action="store_true")
    args = parser.parse_args()
    text = json.dumps(build(), indent=1, sort_keys=True, ensure_ascii=False) + "\n"
    if args.check:
        if not OUTPUT.exists() or OUTPUT.read_text() != text:
            print(f"{OUTPUT.relative_to(ROOT)} is stale: run python scripts/contract_trees.py")
            return 1
        return 0
    OUTPUT.parent.mkdir(parents=True, exist_ok=True)
    OUTPUT.write_text(text)
    with_tree = sum(1 for e in json.loads(text).values() if e["tree"] is not None)
    print(f"wrote {OUTPUT.relative_to(ROOT)}: {with_tree} trees")
    return 0


if __name__ == "__main__":
    sys.exit(main())
