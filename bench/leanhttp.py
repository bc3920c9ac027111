"""A small keep-alive HTTP/1.1 client for load driving.

The benchmark shares two cores with the server, so every microsecond the client spends is taken
from the server. httpx is a fine general client but costs several times more CPU per request
than this: plain asyncio streams, one persistent connection per concurrent caller, requests
written in one buffer and answers read by Content-Length (or chunked, which uvicorn uses for
none of these routes but is handled anyway). Only what the benchmark needs.
"""

from __future__ import annotations

import asyncio
import json
from typing import Any
from urllib.parse import urlencode, urlsplit


class LeanResponse:
    __slots__ = ("content", "status_code")

    def __init__(self, status_code: int, content: bytes) -> None:
        self.status_code = status_code
        self.content = content

    def json(self) -> Any:
        return json.loads(self.content)


class _Connection:
    def __init__(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.reader = reader
        self.writer = writer

    async def request(self, raw: bytes) -> LeanResponse:
        self.writer.write(raw)
        status_line = await self.reader.readline()
        if not status_line:
            raise ConnectionError("server closed the connection")
        status = int(status_line.split(b" ", 2)[1])
        length = -1
        chunked = False
        while True:
            line = await self.reader.readline()
            if line in (b"\r\n", b"\n", b""):
                break
            name, _, value = line.partition(b":")
            lname = name.strip().lower()
            if lname == b"content-length":
                length = int(value.strip())
            elif lname == b"transfer-encoding" and b"chunked" in value.lower():
                chunked = True
        if chunked:
            parts = []
            while True:
                size = int((await self.reader.readline()).strip(), 16)
                if size == 0:
                    await self.reader.readline()
                    break
                parts.append(await self.reader.readexactly(size))
                await self.reader.readline()
            body = b"".join(parts)
        else:
            body = await self.reader.readexactly(length) if length > 0 else b""
        return LeanResponse(status, body)


class LeanClient:
    def __init__(self, base_url: str, headers: dict[str, str] | None = None) -> None:
        parts = urlsplit(base_url)
        self.host = parts.hostname or "127.0.0.1"
        self.port = parts.port or 80
        self.prefix = parts.path.rstrip("/")
        self.headers = dict(headers or {})
        self._idle: list[_Connection] = []
        self._all: list[_Connection] = []

    async def __aenter__(self) -> LeanClient:
        return self

    async def __aexit__(self, *exc: object) -> None:
        for conn in self._all:
            conn.writer.close()

    async def _acquire(self, *, fresh: bool = False) -> _Connection:
        if self._idle and not fresh:
            return self._idle.pop()
        reader, writer = await asyncio.open_connection(self.host, self.port)
        conn = _Connection(reader, writer)
        self._all.append(conn)
        return conn

    def _raw(
        self,
        method: str,
        path: str,
        params: dict[str, Any] | None,
        headers: dict[str, str] | None,
        body: bytes | None,
    ) -> bytes:
        target = self.prefix + path
        if params:
            target += "?" + urlencode(params)
        lines = [f"{method} {target} HTTP/1.1", f"Host: {self.host}:{self.port}"]
        for name, value in {**self.headers, **(headers or {})}.items():
            lines.append(f"{name}: {value}")
        if body is not None:
            lines.append("Content-Type: application/json")
            lines.append(f"Content-Length: {len(body)}")
        head = ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1")
        return head + (body or b"")

    async def _send(self, raw: bytes) -> LeanResponse:
        # An idle connection may have been closed by the server's keep-alive timeout: such a
        # request is sent once more on a fresh connection.
        for attempt in range(2):
            conn = await self._acquire(fresh=attempt > 0)
            try:
                response = await conn.request(raw)
            except (ConnectionError, asyncio.IncompleteReadError):
                self._drop(conn)
                if attempt:
                    raise
                continue
            except BaseException:
                self._drop(conn)
                raise
            self._idle.append(conn)
            return response
        raise AssertionError("unreachable")

    def _drop(self, conn: _Connection) -> None:
        conn.writer.close()
        self._all.remove(conn)

    async def get(
        self,
        path: str,
        *,
        params: dict[str, Any] | None = None,
        headers: dict[str, str] | None = None,
    ) -> LeanResponse:
        return await self._send(self._raw("GET", path, params, headers, None))

    async def post(
        self, path: str, *, json: Any = None, headers: dict[str, str] | None = None
    ) -> LeanResponse:
        body = _dumps(json)
        return await self._send(self._raw("POST", path, None, headers, body))


def _dumps(value: Any) -> bytes:
    return json.dumps(value, separators=(",", ":")).encode()
