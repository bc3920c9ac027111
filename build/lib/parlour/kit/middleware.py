"""ASGI middleware that applies the upstream conventions before routing.

- a trailing slash is accepted everywhere: ``/company/1/`` routes like ``/company/1``;
- id aliases in the query string are widened to their whole family;
- request bodies over the configured size are refused with a 413 envelope.
"""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import parse_qsl, urlencode

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from parlour.kit.aliases import widen_pairs
from parlour.kit.envelope import error_body


class _TooLarge(Exception):
    pass


class ConventionsMiddleware:
    def __init__(self, app: ASGIApp, *, max_body_bytes: int, max_upload_bytes: int) -> None:
        self.app = app
        self.max_body_bytes = max_body_bytes
        self.max_upload_bytes = max_upload_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        scope = dict(scope)
        path: str = scope["path"]
        if len(path) > 1 and path.endswith("/"):
            scope["path"] = path.rstrip("/") or "/"
            if "raw_path" in scope and scope["raw_path"]:
                scope["raw_path"] = scope["raw_path"].rstrip(b"/") or b"/"
        query: bytes = scope.get("query_string", b"")
        if query:
            pairs = parse_qsl(query.decode("latin-1"), keep_blank_values=True)
            widened = widen_pairs(pairs)
            if widened is not pairs:
                scope["query_string"] = urlencode(widened).encode("latin-1")

        limit = self._limit_for(scope)
        length = _header(scope, b"content-length")
        if length is not None:
            try:
                declared = int(length)
            except ValueError:
                declared = -1
            if declared < 0:
                await _send_error(send, 400, "Invalid Content-Length header.")
                return
            if declared > limit:
                await _send_error(send, 413, f"Request body is larger than {limit} bytes.")
                return

        received = 0
        started = False

        async def limited_receive() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    raise _TooLarge
            return message

        async def tracking_send(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, limited_receive, tracking_send)
        except _TooLarge:
            if not started:
                await _send_error(send, 413, f"Request body is larger than {limit} bytes.")

    def _limit_for(self, scope: Scope) -> int:
        ctype = _header(scope, b"content-type") or ""
        if ctype.startswith("multipart/form-data"):
            return self.max_upload_bytes
        return self.max_body_bytes


def _header(scope: Scope, name: bytes) -> str | None:
    for key, value in scope.get("headers", []):
        if key == name:
            return str(value.decode("latin-1"))
    return None


async def _send_error(send: Send, status: int, message: str) -> None:
    payload: dict[str, Any] = error_body(message, code=5)
    body = json.dumps(payload).encode()
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [
                (b"content-type", b"application/json"),
                (b"content-length", str(len(body)).encode()),
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})
