"""README.md is executed: every shell block that talks to the API runs, in order, against a
fresh demo served by a real ``parlour serve`` process, with the values ``parlour demo``
printed put in for the placeholders. Every request must answer 2xx with ``success`` not
false, unless the README line says what else to expect (``# expect 422``)."""

from __future__ import annotations

import asyncio
import json
import os
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy.engine import make_url

from tests.fixtures.database import _pg_admin
from tests.ops.server import server_env, serving

ROOT = Path(__file__).resolve().parents[2]
PARLOUR = [sys.executable, "-m", "parlour"]

# A curl that works as usual (the body on stdout, or in the -o file) and also appends
# "status <TAB> body file <TAB> expected <TAB> arguments" to $README_LOG.
CURL_WRAPPER = r"""
curl() {
  local out="" prev="" a body status all="$*"
  for a in "$@"; do
    if [ "$prev" = "-o" ]; then out="$a"; fi
    prev="$a"
  done
  body=$(mktemp "$README_TMP/body.XXXXXX")
  if [ -n "$out" ]; then
    status=$(command curl -sS -w '%{http_code}' "$@")
    cp "$out" "$body"
  else
    status=$(command curl -sS -o "$body" -w '%{http_code}' "$@")
    cat "$body"
  fi
  printf '%s\t%s\t%s\t%s\n' "$status" "$body" "${README_EXPECT:-}" "${all//$'\n'/ }" \
    >> "$README_LOG"
  README_EXPECT=""
}
"""


def shell_blocks(text: str) -> list[str]:
    return re.findall(r"```sh\n(.*?)```", text, flags=re.DOTALL)


def api_blocks(text: str) -> list[str]:
    """The blocks that call the API (the setup blocks run make, createdb, ... instead)."""
    return [block for block in shell_blocks(text) if "curl" in block]


def script_for(blocks: list[str], values: dict[str, str], base: str) -> str:
    body = "\n".join(blocks)
    for key, value in values.items():
        body = body.replace(f"<{key}>", value)
    body = body.replace("http://127.0.0.1:8000", base)
    # "# expect 422" on the line before a curl: that request may answer 422.
    body = re.sub(r"#\s*expect (\d{3})\b[^\n]*\n", r"README_EXPECT=\1\n", body)
    return f"set -euo pipefail\n{CURL_WRAPPER}\n{body}\n"


@pytest.fixture
def fresh_url(tmp_path: Path) -> Iterator[str]:
    base = os.environ.get("PARLOUR_TEST_DATABASE_URL")
    if not base:
        yield f"sqlite+aiosqlite:///{tmp_path}/readme.db"
        return
    name = f"{make_url(base).database}_readme_{os.getpid()}"
    asyncio.run(_pg_admin(base, f'DROP DATABASE IF EXISTS "{name}"'))
    asyncio.run(_pg_admin(base, f'CREATE DATABASE "{name}"'))
    try:
        yield make_url(base).set(database=name).render_as_string(hide_password=False)
    finally:
        asyncio.run(_pg_admin(base, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


def test_readme_blocks_are_found() -> None:
    blocks = api_blocks((ROOT / "README.md").read_text())
    assert len(blocks) >= 4
    assert sum(block.count("curl ") for block in blocks) >= 25


def test_readme_runs_against_a_fresh_demo(fresh_url: str, tmp_path: Path) -> None:
    env = server_env(fresh_url, tmp_path / "data", PARLOUR_LOG_LEVEL="warning")
    demo = subprocess.run(
        [*PARLOUR, "demo", "--json"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    values = {key: str(value) for key, value in json.loads(demo.stdout).items()}
    work = tmp_path / "work"
    work.mkdir()
    log = tmp_path / "requests.log"
    with serving(PARLOUR, env) as base:
        script = script_for(api_blocks((ROOT / "README.md").read_text()), values, base)
        (tmp_path / "readme.sh").write_text(script)
        run = subprocess.run(
            ["bash", str(tmp_path / "readme.sh")],
            cwd=work,
            env={**env, "README_LOG": str(log), "README_TMP": str(tmp_path)},
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )
    assert run.returncode == 0, f"README script failed:\n{run.stderr[-3000:]}"
    calls = [line.split("\t", 3) for line in log.read_text().splitlines()]
    assert len(calls) >= 25
    problems = []
    for status, body_file, expected, args in calls:
        body = Path(body_file).read_bytes()
        if expected:
            if status != expected:
                problems.append(f"{status} (README expects {expected}): curl {args}")
            continue
        if not status.startswith("2"):
            problems.append(f"{status}: curl {args}\n  {body[:300]!r}")
            continue
        if body.startswith(b"{") and json.loads(body).get("success") is False:
            problems.append(f"success false: curl {args}\n  {body[:300]!r}")
    assert not problems, "\n".join(problems)

    # A second `parlour demo` (after the README renamed the location) finds the same demo.
    again = subprocess.run(
        [*PARLOUR, "demo", "--json"], env=env, capture_output=True, text=True, check=True
    )
    assert json.loads(again.stdout)["location_id"] == int(values["location_id"])
