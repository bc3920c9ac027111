"""Real peers for the delivery tests: the receiver process and worker processes."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from tests.booking.server import free_port

ROOT = Path(__file__).resolve().parents[2]

# Short schedules so the tests take seconds.
FAST = {
    "PARLOUR_WEBHOOK_BACKOFF": "[0.3, 0.3, 0.3, 0.3]",
    "PARLOUR_WEBHOOK_TIMEOUT": "1.5",
    "PARLOUR_DELIVERY_POLL": "0.1",
    "PARLOUR_DELIVERY_LEASE": "4",
    "PARLOUR_LOG_LEVEL": "warning",
}


@contextmanager
def running_receiver(
    log: Path, *, secret_file: Path | None = None
) -> Iterator[tuple[str, subprocess.Popen[bytes]]]:
    """Yield the receiver's base URL (``http://127.0.0.1:PORT``) and its process; it checks
    signatures once ``secret_file`` holds a secret."""
    port = free_port()
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    if secret_file:
        env["RECEIVER_SECRET_FILE"] = str(secret_file)
    proc = subprocess.Popen(
        [sys.executable, "-m", "tests.webhooks.receiver", str(port), str(log)],
        env=env,
        cwd=ROOT,
        stdout=subprocess.PIPE,
        start_new_session=True,
    )
    try:
        assert proc.stdout is not None
        assert proc.stdout.readline().strip() == b"ready"
        yield f"http://127.0.0.1:{port}", proc
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def received(log: Path) -> list[dict[str, Any]]:
    if not log.exists():
        return []
    return [json.loads(line) for line in log.read_text().splitlines() if line.strip()]


def wait_for(check: Callable[[], Any], timeout: float = 20.0, every: float = 0.1) -> Any:
    deadline = time.monotonic() + timeout
    while True:
        value = check()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {check}")
        time.sleep(every)


def start_worker(database_url: str, **env: str) -> subprocess.Popen[bytes]:
    """A ``parlour worker`` process on ``database_url``."""
    full = {
        **os.environ,
        **FAST,
        "PARLOUR_DATABASE_URL": database_url,
        "PARLOUR_LOG_JSON": "0",
        **env,
    }
    return subprocess.Popen(
        [sys.executable, "-m", "parlour", "worker"], env=full, cwd=ROOT, start_new_session=True
    )


def stop(proc: subprocess.Popen[bytes]) -> None:
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
