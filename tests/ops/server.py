"""Start ``parlour serve`` as a real process (the way an operator runs it) and wait until it
is ready."""

from __future__ import annotations

import os
import signal
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any

import httpx

from tests.booking.server import free_port


def server_env(database_url: str, data_dir: Path, **extra: str) -> dict[str, str]:
    env = {
        **os.environ,
        "PARLOUR_DATABASE_URL": database_url,
        "PARLOUR_DATA_DIR": str(data_dir),
        "PARLOUR_FILES_DIR": str(data_dir / "files"),
    }
    env.pop("PROMETHEUS_MULTIPROC_DIR", None)
    env.update(extra)
    return env


@contextmanager
def serving(
    parlour: list[str],
    env: dict[str, str],
    *,
    workers: int = 1,
    stdout: IO[Any] | None = None,
    cwd: Path | None = None,
    timeout: float = 90.0,
) -> Iterator[str]:
    """Run ``<parlour> serve`` on a free port; yield ``http://127.0.0.1:PORT``."""
    port = free_port()
    cmd = [*parlour, "serve", "--host", "127.0.0.1", "--port", str(port)]
    cmd += ["--workers", str(workers)]
    proc = subprocess.Popen(
        cmd,
        env=env,
        cwd=cwd,
        stdout=stdout if stdout is not None else subprocess.DEVNULL,
        stderr=subprocess.STDOUT if stdout is not None else None,
        start_new_session=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + timeout
        while True:
            if proc.poll() is not None:
                raise RuntimeError(f"parlour serve exited with {proc.returncode}")
            try:
                if httpx.get(f"{base}/api/v1/ready", timeout=2.0).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError("parlour serve did not become ready")
            time.sleep(0.25)
        yield base
    finally:
        proc.send_signal(signal.SIGINT)
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
