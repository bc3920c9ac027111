"""Backups for operators: SQLite through its online backup API (consistent while the server
writes), PostgreSQL through ``pg_dump``/``pg_restore`` (custom format). A progress bar shows
how far a long copy is."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
from pathlib import Path

from rich.progress import BarColumn, Progress, TaskProgressColumn, TextColumn, TimeElapsedColumn
from sqlalchemy.engine import URL, make_url

# Pages copied per step of SQLite's backup: small steps let writers in between them.
_PAGES_PER_STEP = 256


class BackupError(Exception):
    """A backup or restore that cannot be done; the message says why in one line."""


def _progress() -> Progress:
    return Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        TaskProgressColumn(),
        TimeElapsedColumn(),
        transient=True,
    )


def _sqlite_path(url: URL) -> Path:
    if not url.database or url.database == ":memory:":
        raise BackupError("an in-memory SQLite database has nothing to back up")
    return Path(url.database)


def _copy_sqlite(source: sqlite3.Connection, target: sqlite3.Connection, label: str) -> None:
    with _progress() as bar:
        task = bar.add_task(label, total=None)

        def step(_status: int, remaining: int, total: int) -> None:
            bar.update(task, total=total, completed=total - remaining)

        source.backup(target, pages=_PAGES_PER_STEP, progress=step)


def _check_parlour_sqlite(path: Path) -> None:
    try:
        with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as conn:
            conn.execute("SELECT version_num FROM alembic_version").fetchall()
    except sqlite3.DatabaseError as exc:
        raise BackupError(f"{path} is not a Parlour SQLite backup ({exc})") from None


def _pg_args(url: URL) -> tuple[list[str], dict[str, str]]:
    """libpq connection options for the pg_* tools; the password goes in the environment."""
    args = ["--host", url.host or "127.0.0.1", "--port", str(url.port or 5432)]
    if url.username:
        args += ["--username", url.username]
    env = dict(os.environ)
    if url.password:
        env["PGPASSWORD"] = str(url.password)
    return args, env


def _tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        raise BackupError(f"{name} is not installed (PostgreSQL client tools are needed)")
    return path


def _run(cmd: list[str], env: dict[str, str], label: str) -> None:
    with _progress() as bar:
        bar.add_task(label, total=None)
        result = subprocess.run(cmd, env=env, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        lines = result.stderr.strip().splitlines()
        raise BackupError(f"{Path(cmd[0]).name} failed: {lines[0] if lines else result.returncode}")


def backup(database_url: str, target: Path) -> None:
    url = make_url(database_url)
    target.parent.mkdir(parents=True, exist_ok=True)
    if url.get_backend_name() == "sqlite":
        path = _sqlite_path(url)
        if not path.exists():
            raise BackupError(f"no SQLite database at {path}")
        partial = target.with_name(target.name + ".partial")
        partial.unlink(missing_ok=True)
        with sqlite3.connect(path) as source, sqlite3.connect(partial) as copy:
            _copy_sqlite(source, copy, f"backing up {path.name}")
        source.close()
        copy.close()
        partial.replace(target)
        return
    args, env = _pg_args(url)
    _run(
        [_tool("pg_dump"), *args, "--format=custom", "--file", str(target), str(url.database)],
        env,
        f"pg_dump {url.database}",
    )


def restore(database_url: str, source: Path) -> None:
    if not source.is_file():
        raise BackupError(f"no backup file {source}")
    url = make_url(database_url)
    if url.get_backend_name() == "sqlite":
        _check_parlour_sqlite(source)
        path = _sqlite_path(url)
        path.parent.mkdir(parents=True, exist_ok=True)
        with sqlite3.connect(source) as backup_db, sqlite3.connect(path) as live:
            _copy_sqlite(backup_db, live, f"restoring {path.name}")
        backup_db.close()
        live.close()
        return
    args, env = _pg_args(url)
    _run(
        [
            _tool("pg_restore"),
            *args,
            "--clean",
            "--if-exists",
            "--no-owner",
            "--single-transaction",
            "--dbname",
            str(url.database),
            str(source),
        ],
        env,
        f"pg_restore into {url.database}",
    )
