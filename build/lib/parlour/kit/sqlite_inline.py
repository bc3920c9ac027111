"""A driver connection for SQLAlchemy's aiosqlite dialect that runs SQLite calls inline.

aiosqlite runs every call on a helper thread and hands the result back through the event loop:
three or four thread round trips per statement, which on small machines cost far more than the
indexed reads themselves. For read-only sessions we run the same calls directly on the event
loop thread instead. That is safe only because WAL readers never wait on locks; write sessions
keep aiosqlite (a writer can wait on SQLite's lock, and must not block the loop while it does).
The connection is opened with ``query_only`` so that a read session can never write.
"""

from __future__ import annotations

import sqlite3
from collections.abc import AsyncIterator, Callable, Iterable, Sequence
from typing import Any


class _Cursor:
    def __init__(self, cursor: sqlite3.Cursor) -> None:
        self._cursor = cursor

    async def __aenter__(self) -> _Cursor:
        return self

    async def __aexit__(self, *exc: object) -> None:
        self._cursor.close()

    @property
    def description(self) -> Any:
        return self._cursor.description

    @property
    def rowcount(self) -> int:
        return self._cursor.rowcount

    @property
    def lastrowid(self) -> int | None:
        return self._cursor.lastrowid

    @property
    def arraysize(self) -> int:
        return self._cursor.arraysize

    @arraysize.setter
    def arraysize(self, value: int) -> None:
        self._cursor.arraysize = value

    async def execute(self, sql: str, parameters: Sequence[Any] | None = None) -> _Cursor:
        self._cursor.execute(sql, parameters or ())
        return self

    async def executemany(self, sql: str, parameters: Iterable[Sequence[Any]]) -> _Cursor:
        self._cursor.executemany(sql, parameters)
        return self

    async def fetchone(self) -> Any:
        return self._cursor.fetchone()

    async def fetchmany(self, size: int | None = None) -> list[Any]:
        return self._cursor.fetchmany(size if size is not None else self._cursor.arraysize)

    async def fetchall(self) -> list[Any]:
        return self._cursor.fetchall()

    async def close(self) -> None:
        self._cursor.close()

    async def setinputsizes(self, *sizes: Any) -> None:
        return None

    async def nextset(self) -> None:
        return None

    async def __aiter__(self) -> AsyncIterator[Any]:
        for row in self._cursor:
            yield row


class _Inline:
    """Stands in for aiosqlite's request queue: runs a queued call at once."""

    def put_nowait(self, item: tuple[Any, Callable[[], Any]]) -> None:
        future, function = item
        try:
            future.set_result(function())
        except Exception as exc:  # handed to the awaiting caller, as aiosqlite does
            future.set_exception(exc)


class InlineConnection:
    """The subset of ``aiosqlite.Connection`` that SQLAlchemy's adapter uses."""

    def __init__(self, connection: sqlite3.Connection) -> None:
        self._conn = connection
        self._connection: sqlite3.Connection | None = connection
        self._tx = _Inline()

    @property
    def isolation_level(self) -> str | None:
        return self._conn.isolation_level

    @property
    def in_transaction(self) -> bool:
        return self._conn.in_transaction

    def cursor(self) -> _Cursor:
        return _Cursor(self._conn.cursor())

    async def execute(self, sql: str, parameters: Sequence[Any] | None = None) -> _Cursor:
        return await self.cursor().execute(sql, parameters)

    async def commit(self) -> None:
        self._conn.commit()

    async def rollback(self) -> None:
        self._conn.rollback()

    async def create_function(self, *args: Any, **kwargs: Any) -> None:
        self._conn.create_function(*args, **kwargs)

    async def close(self) -> None:
        if self._connection is not None:
            self._connection = None
            self._conn.close()

    def stop(self) -> None:
        if self._connection is not None:
            self._connection = None
            self._conn.close()


def inline_creator(path: str) -> Callable[[], Any]:
    """``async_creator`` for create_async_engine: read-only inline connections to ``path``."""

    async def create() -> InlineConnection:
        # The pool may close connections from another thread at shutdown.
        connection = sqlite3.connect(path, timeout=30, check_same_thread=False)
        connection.execute("PRAGMA query_only=ON")
        return InlineConnection(connection)

    return create
