"""Drive a running server with wrk (the C load generator), one scenario at a time.

Each scenario is a list of requests (method, path, headers, body) that one wrk thread sends in
turn over its connections; a small Lua script counts answers by status and prints one JSON
line at the end (requests, seconds, latency percentiles, statuses, socket errors).
"""

from __future__ import annotations

import json
import shutil
import subprocess
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit


def find_wrk() -> str:
    """The wrk binary: found on PATH, or installed from Debian's package (and said so)."""
    found = shutil.which("wrk")
    if found:
        print(f"load generator: {found} (found on PATH)", flush=True)
        return found
    print("load generator: wrk not found; installing Debian's package `wrk`", flush=True)
    subprocess.run(["apt-get", "update"], check=True, stdout=subprocess.DEVNULL)
    subprocess.run(["apt-get", "install", "-y", "wrk"], check=True, stdout=subprocess.DEVNULL)
    found = shutil.which("wrk")
    if not found:
        raise SystemExit("wrk could not be installed; install it (apt-get install wrk) and rerun")
    print(f"load generator: {found} (installed)", flush=True)
    return found


@dataclass(slots=True)
class Req:
    path: str  # path and query, from the server root
    method: str = "GET"
    headers: dict[str, str] = field(default_factory=dict)
    body: str | None = None


@dataclass(slots=True)
class WrkResult:
    name: str
    requests: int
    seconds: float
    p50: float  # ms
    p99: float  # ms
    statuses: dict[int, int]
    socket_errors: int

    @property
    def rps(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0


def _lua_str(text: str) -> str:
    level = 0
    while f"]{'=' * level}]" in text:
        level += 1
    eq = "=" * level
    return f"[{eq}[{text}]{eq}]"


_SCRIPT = """
local threads = {}
function setup(thread) table.insert(threads, thread) end
local specs = {
%s
}
function init(args)
  reqs = {}
  for i, s in ipairs(specs) do
    reqs[i] = wrk.format(s[1], s[2], s[3], s[4])
  end
  counter = 0
  statuses = {}
end
function request()
  counter = counter + 1
  return reqs[(counter - 1) %% #reqs + 1]
end
function response(status, headers, body)
  statuses[status] = (statuses[status] or 0) + 1
end
function done(summary, latency, requests)
  local parts = {}
  for _, t in ipairs(threads) do
    local st = t:get("statuses")
    for k, v in pairs(st) do
      table.insert(parts, string.format('"%%d": %%d', k, v))
    end
  end
  local e = summary.errors
  io.write(string.format(
    '\\nWRKJSON {"requests": %%d, "us": %%d, "p50": %%d, "p99": %%d, "statuses": {%%s}, ' ..
    '"socket_errors": %%d}\\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(99),
    table.concat(parts, ", "), e.connect + e.read + e.write + e.timeout))
end
"""


def _script(reqs: list[Req]) -> str:
    lines = []
    for r in reqs:
        headers = "{" + ", ".join(
            f"[ {_lua_str(k)} ] = {_lua_str(v)}" for k, v in r.headers.items()
        )
        headers += "}"
        body = _lua_str(r.body) if r.body is not None else "nil"
        lines.append(f"  {{{_lua_str(r.method)}, {_lua_str(r.path)}, {headers}, {body}}},")
    return _SCRIPT % "\n".join(lines)


def run(
    wrk: str,
    base: str,
    name: str,
    reqs: list[Req],
    *,
    connections: int,
    seconds: float,
    timeout: float = 10.0,
) -> WrkResult:
    """``base`` is the server root (``http://host:port``); request paths are absolute."""
    parts = urlsplit(base)
    root = f"{parts.scheme}://{parts.netloc}"
    with tempfile.TemporaryDirectory() as tmp:
        script = Path(tmp) / "scenario.lua"
        script.write_text(_script(reqs))
        proc = subprocess.run(
            [
                wrk,
                "-t1",
                f"-c{connections}",
                f"-d{max(1, round(seconds))}s",
                f"--timeout={timeout:g}s",
                "-s",
                str(script),
                root,
            ],
            capture_output=True,
            text=True,
            check=False,
        )
    line = next((x for x in proc.stdout.splitlines() if x.startswith("WRKJSON ")), None)
    if line is None:
        raise RuntimeError(f"wrk failed ({proc.returncode}): {proc.stdout}\n{proc.stderr}")
    data = json.loads(line.removeprefix("WRKJSON "))
    return WrkResult(
        name=name,
        requests=int(data["requests"]),
        seconds=int(data["us"]) / 1e6,
        p50=int(data["p50"]) / 1000,
        p99=int(data["p99"]) / 1000,
        statuses={int(k): int(v) for k, v in data["statuses"].items()},
        socket_errors=int(data["socket_errors"]),
    )
