"""Engine and session factory for SQLite (embedded default) and PostgreSQL.

SQLite notes. The stdlib driver opens transactions lazily and runs SELECTs outside them, which
breaks read-then-write logic; we switch its own handling off and emit BEGIN ourselves. A request
that writes begins with ``BEGIN IMMEDIATE`` so that it takes SQLite's single write lock up front
(waiting on ``busy_timeout``) and reads the newest data: writers queue instead of failing with a
stale snapshot. Reads stay concurrent thanks to WAL mode.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from contextvars import ContextVar
from typing import Any

from sqlalchemy import event
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import (
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)

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


class Database:
    """The engine and its session factory, one per application."""

    def __init__(self, url: str, *, echo: bool = False) -> None:
        self.url = url
        self.engine = create_engine(url, echo=echo)
        self.sessionmaker = async_sessionmaker(self.engine, expire_on_commit=False)
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
                try:
                    yield session
                    await session.commit()
                except BaseException:
                    await session.rollback()
                    raise
        finally:
            write_intent.reset(token)

    async def dispose(self) -> None:
        await self.engine.dispose()
        if self.read_engine is not None:
            await self.read_engine.dispose()
