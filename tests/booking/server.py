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
    """Yield the base URL (``http://127.0.0.1:PORT/api/v1``) and the process."""
    port = free_port()
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
    base = f"http://127.0.0.1:{port}/api/v1"
    try:
        deadline = time.monotonic() + timeout
        while True:
            if proc.poll() is not None:
                raise RuntimeError(f"server exited with {proc.returncode}")
            try:
                if httpx.get(f"{base}/health", timeout=1.0).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError("server did not start")
            time.sleep(0.2)
        yield base, proc
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
