"""Start the real server (uvicorn, several worker processes) on a free loopback port."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@contextmanager
def running_server(
    database_url: str, data_dir: Path, *, workers: int = 2, timeout: float = 60.0
) -> Iterator[tuple[str, subprocess.Popen[bytes]]]:
    """Yield the base URL (``http://127.0.0.1:PORT/api/v1``) and the process.

    Under pytest-xdist several workers pick free ports at once; a port taken between the pick
    and the bind makes the server exit, and the start is retried on another port."""
    for attempt in range(3):
        port = free_port()
        proc, base = _start(database_url, data_dir, port, workers)
        try:
            started = _wait_ready(proc, base, timeout)
            if not started and attempt < 2:
                continue
            if not started:
                raise RuntimeError(f"server exited with {proc.returncode}")
            yield base, proc
            return
        finally:
            _stop(proc)


def _start(
    database_url: str, data_dir: Path, port: int, workers: int
) -> tuple[subprocess.Popen[bytes], str]:
    env = {
        **os.environ,
        "PARLOUR_DATABASE_URL": database_url,
        "PARLOUR_DATA_DIR": str(data_dir),
        "PARLOUR_FILES_DIR": str(data_dir / "files"),
        "PARLOUR_SECRET_KEY": os.environ.get("PARLOUR_SECRET_KEY", "test-secret"),
    }
    cmd = [
        sys.executable,
        "-m",
        "uvicorn",
        "parlour.main:create_app",
        "--factory",
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
        "--workers",
        str(workers),
        "--log-level",
        "warning",
        "--no-access-log",
    ]
    proc = subprocess.Popen(cmd, env=env, start_new_session=True)
    return proc, f"http://127.0.0.1:{port}/api/v1"


def _wait_ready(proc: subprocess.Popen[bytes], base: str, timeout: float) -> bool:
    """True once /health answers; False if the process exited first (e.g. port taken)."""
    deadline = time.monotonic() + timeout
    while True:
        if proc.poll() is not None:
            return False
        try:
            if httpx.get(f"{base}/health", timeout=1.0).status_code == 200:
                return True
        except httpx.HTTPError:
            pass
        if time.monotonic() > deadline:
            raise RuntimeError("server did not start")
        time.sleep(0.2)


def _stop(proc: subprocess.Popen[bytes]) -> None:
    proc.terminate()
    try:
        proc.wait(timeout=15)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()
