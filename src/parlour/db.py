"""Engine and session factory for SQLite (embedded default) and PostgreSQL.

SQLite notes. The stdlib driver opens transactions lazily and runs SELECTs outside them, which
breaks read-then-write logic; we switch its own handling off and emit BEGIN ourselves. A request
that writes begins with ``BEGIN IMMEDIATE`` so that it takes SQLite's single write lock up front
(waiting on ``busy_timeout``) and reads the newest data: writers queue instead of failing with a
stale snapshot. Reads stay concurrent thanks to WAL mode.
"""

from __future__ import annotations

import inspect
import logging
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from contextvars import ContextVar
from typing import Any

from sqlalchemy import event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError, OperationalError
from sqlalchemy.ext.asyncio import (
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)

log = logging.getLogger("parlour.db")

# Set by the request dependency for POST/PUT/PATCH/DELETE; read when SQLite begins a transaction.
write_intent: ContextVar[bool] = ContextVar("parlour_write_intent", default=False)


def is_sqlite(url: str) -> bool:
    return make_url(url).get_backend_name() == "sqlite"


def create_engine(url: str, *, echo: bool = False, read_only: bool = False) -> AsyncEngine:
    """The engine for ``url``. ``read_only`` (SQLite files only) gives an engine whose
    connections run inline on the event loop and refuse writes: see kit/sqlite_inline.py."""
    kwargs: dict[str, Any] = {"echo": echo}
    if is_sqlite(url):
        kwargs["connect_args"] = {"timeout": 30}
        if read_only:
            from parlour.kit.sqlite_inline import inline_creator

            kwargs["async_creator"] = inline_creator(str(make_url(url).database))
    else:
        # No pre-ping: it costs a round trip per request. Connections are recycled hourly and
        # a connection that died with a server restart fails one request, not the process.
        kwargs.update(pool_size=10, max_overflow=20, pool_recycle=3600)
    engine = create_async_engine(url, **kwargs)
    if is_sqlite(url):
        _tune_sqlite(engine)
    return engine


def _tune_sqlite(engine: AsyncEngine) -> None:
    @event.listens_for(engine.sync_engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA busy_timeout=30000")
        cursor.close()

    @event.listens_for(engine.sync_engine, "begin")
    def _on_begin(conn: Any) -> None:
        conn.exec_driver_sql("BEGIN IMMEDIATE" if write_intent.get() else "BEGIN")


# Callbacks run once the session's transaction has committed (or rolled back). They live in
# ``session.info`` so that any code holding the session can register one.
_AFTER_COMMIT = "parlour.after_commit"
_AFTER_ROLLBACK = "parlour.after_rollback"
Hook = Callable[[], None | Awaitable[None]]

# PostgreSQL SQLSTATEs of a transaction the server gave up because of a concurrent one.
_CONTENTION_SQLSTATES = frozenset({"40001", "40P01", "55P03"})
_SQLITE_CONTENTION = ("database is locked", "database table is locked", "database is busy")


def after_commit(session: AsyncSession, callback: Hook) -> None:
    """Run ``callback`` once the session's transaction has committed; never if it rolls back.

    The one place for side effects that must follow a commit (files removed from disk, later
    messages and webhooks): handlers never commit themselves.
    """
    session.info.setdefault(_AFTER_COMMIT, []).append(callback)


def after_rollback(session: AsyncSession, callback: Hook) -> None:
    """Run ``callback`` if the session's transaction rolls back (undo work done outside the
    database, such as a file written before its row)."""
    session.info.setdefault(_AFTER_ROLLBACK, []).append(callback)


async def _run_hooks(session: AsyncSession, key: str) -> None:
    hooks: list[Hook] = session.info.pop(key, [])
    session.info.pop(_AFTER_ROLLBACK if key == _AFTER_COMMIT else _AFTER_COMMIT, None)
    for hook in hooks:
        try:
            result = hook()
            if inspect.isawaitable(result):
                await result
        except Exception:
            # The transaction's outcome is final; a failed follow-up must not change the answer.
            log.exception("%s hook failed", key)


# Steps that run inside a transaction just before it commits, and may still add rows to it
# (webhooks/capture.py writes the events of the changes it saw there). Each Database holds its
# own list (``Database.before_commit``), filled by the code that owns the steps, so this
# module imports no section; its sessions carry the list in ``session.info``.
BeforeCommit = Callable[[AsyncSession], Awaitable[None]]
_BEFORE_COMMIT = "parlour.before_commit"


async def commit(session: AsyncSession) -> None:
    """Run the before-commit steps, commit, then run the after-commit hooks."""
    for step in session.info.get(_BEFORE_COMMIT, ()):
        await step(session)
    await session.commit()
    await _run_hooks(session, _AFTER_COMMIT)


async def rollback(session: AsyncSession) -> None:
    """Roll back, then run the after-rollback hooks."""
    try:
        await session.rollback()
    finally:
        await _run_hooks(session, _AFTER_ROLLBACK)


def is_contention(exc: BaseException) -> bool:
    """Whether ``exc`` means a concurrent transaction got in the way (deadlock, serialization
    failure, lock not available, SQLite busy/locked): running the transaction again may work."""
    if not isinstance(exc, DBAPIError):
        return False
    orig = exc.orig
    state = getattr(orig, "sqlstate", None) or getattr(orig, "pgcode", None)
    if state in _CONTENTION_SQLSTATES:
        return True
    if isinstance(exc, OperationalError):
        text = str(orig).lower()
        return any(marker in text for marker in _SQLITE_CONTENTION)
    return False


class Database:
    """The engine and its session factory, one per application."""

    def __init__(self, url: str, *, echo: bool = False) -> None:
        self.url = url
        self.engine = create_engine(url, echo=echo)
        self.sessionmaker = async_sessionmaker(self.engine, expire_on_commit=False)
        self.before_commit: list[BeforeCommit] = []
        # SQLite files: reads go through inline connections (no thread round trips).
        self.read_engine: AsyncEngine | None = None
        self.read_sessionmaker = self.sessionmaker
        database = make_url(url).database
        if is_sqlite(url) and database and database != ":memory:":
            self.read_engine = create_engine(url, echo=echo, read_only=True)
            self.read_sessionmaker = async_sessionmaker(self.read_engine, expire_on_commit=False)
        elif not is_sqlite(url):
            # PostgreSQL reads run in autocommit: no BEGIN/COMMIT round trips around a GET.
            # Each statement still sees a consistent snapshot of its own; no read handler
            # depends on two statements seeing the same one.
            reader = self.engine.execution_options(isolation_level="AUTOCOMMIT")
            self.read_sessionmaker = async_sessionmaker(reader, expire_on_commit=False)

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    @asynccontextmanager
    async def session(self, *, write: bool = False) -> AsyncIterator[AsyncSession]:
        """A session that commits on success and rolls back on error."""
        token = write_intent.set(write)
        maker = self.sessionmaker if write else self.read_sessionmaker
        try:
            async with maker() as session:
                if self.before_commit:
                    session.info[_BEFORE_COMMIT] = self.before_commit
                try:
                    yield session
                except BaseException:
                    await rollback(session)
                    raise
                try:
                    await commit(session)
                except BaseException:
                    await rollback(session)
                    raise
        finally:
            write_intent.reset(token)

    async def dispose(self) -> None:
        await self.engine.dispose()
        if self.read_engine is not None:
            await self.read_engine.dispose()
