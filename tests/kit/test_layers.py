"""The code keeps its layers: no query outside repositories, no import cycle between section
packages, no service that reaches into the web layer."""

from __future__ import annotations

import ast
import re
from collections import defaultdict
from pathlib import Path

import parlour

SRC = Path(parlour.__file__).resolve().parent
QUERY = re.compile(r"\bselect\(|\bsession\.get\(")

# Files that may build statements although they are neither a repository nor in kit/. Each
# allowance says why; a new entry needs as good a reason.
QUERY_ALLOWED: dict[str, str] = {
    # The availability engine's loader: its statements are built once at import with bound
    # parameters (building a statement costs more than running these indexed reads), and the
    # batching is the whole point of the module.
    "booking/search.py": "prebuilt availability statements",
    # The client search DSL composes a filter tree into one statement; the tree is its logic.
    "clients/search.py": "client search filter tree",
    # Setup code outside any request: demo seeding and the operator CLI.
    "cli.py": "operator CLI",
    "demo.py": "demo seeding",
    "online_booking/demo.py": "demo seeding",
    "schedules/demo.py": "demo seeding",
    "team_members/demo.py": "demo seeding",
}


def _python_files() -> list[Path]:
    return sorted(p for p in SRC.rglob("*.py") if "__pycache__" not in p.parts)


def _rel(path: Path) -> str:
    return path.relative_to(SRC).as_posix()


def test_queries_live_in_repositories() -> None:
    offenders = []
    for path in _python_files():
        rel = _rel(path)
        if path.name == "repository.py" or rel.startswith("kit/") or rel in QUERY_ALLOWED:
            continue
        for n, line in enumerate(path.read_text().splitlines(), 1):
            if QUERY.search(line.split("#", 1)[0]):
                offenders.append(f"{rel}:{n}: {line.strip()}")
    assert not offenders, "queries belong in a repository.py (or kit/):\n" + "\n".join(offenders)


def test_allowances_are_still_needed() -> None:
    stale = [
        rel
        for rel in QUERY_ALLOWED
        if not (SRC / rel).exists() or not QUERY.search((SRC / rel).read_text())
    ]
    assert not stale, f"remove these from QUERY_ALLOWED: {stale}"


def _imports(path: Path) -> set[str]:
    """Every ``parlour.*`` module the file imports, at any depth (function-level included)."""
    out: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            if node.module.startswith("parlour."):
                out.add(node.module)
                out.update(f"{node.module}.{a.name}" for a in node.names)
        elif isinstance(node, ast.Import):
            out.update(a.name for a in node.names if a.name.startswith("parlour."))
    return out


def _package(module_or_rel: str) -> str | None:
    """The section package a module belongs to (None for top-level modules)."""
    parts = module_or_rel.removesuffix(".py").replace("/", ".").split(".")
    if parts[0] == "parlour":
        parts = parts[1:]
    if len(parts) < 2 or not (SRC / parts[0]).is_dir():
        return None
    return parts[0]


def _package_graph() -> dict[str, set[str]]:
    graph: dict[str, set[str]] = defaultdict(set)
    for path in _python_files():
        own = _package(_rel(path))
        if own is None:
            continue
        for module in _imports(path):
            other = _package(module)
            if other is not None and other != own:
                graph[own].add(other)
    return graph


def test_no_import_cycle_between_sections() -> None:
    graph = _package_graph()
    cycles: list[list[str]] = []

    def visit(node: str, trail: list[str]) -> None:
        for nxt in sorted(graph.get(node, ())):
            if nxt == trail[0]:
                cycles.append([*trail, nxt])
            elif nxt not in trail and nxt > trail[0]:
                visit(nxt, [*trail, nxt])

    for start in sorted(graph):
        visit(start, [start])
    assert not cycles, "section packages import each other in a cycle: " + "; ".join(
        " -> ".join(c) for c in cycles
    )


def test_lower_layers_do_not_import_the_web_layer() -> None:
    """Services, repositories, kit/ and models/ never import deps.py or FastAPI: rights reach a
    service as an ``Access`` object, not through the request."""
    offenders = []
    for path in _python_files():
        rel = _rel(path)
        lower = path.name in ("service.py", "repository.py") or rel.startswith(
            ("kit/repository", "models/", "auth/access")
        )
        if not lower:
            continue
        for module in _imports(path):
            if module == "parlour.deps" or module.startswith("parlour.deps."):
                offenders.append(f"{rel} imports {module}")
        if re.search(r"^\s*(from|import) fastapi", path.read_text(), re.M):
            offenders.append(f"{rel} imports fastapi")
    assert not offenders, offenders
