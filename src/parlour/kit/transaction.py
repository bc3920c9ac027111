"""One transaction per request, committed before the answer leaves.

``TransactionMiddleware`` opens the request's session (handlers get it through ``SessionDep``)
and runs the application with it. For a write (any method but GET/HEAD/OPTIONS) the answer is
held back until the transaction has committed:

- the handler succeeded (status < 400): commit, then send the answer; a commit that fails is
  answered with the error envelope instead, so a 2xx always means "stored";
- the handler answered an error (status >= 400): roll back, then send it;
- a concurrent transaction got in the way (deadlock, serialization failure, SQLite busy): the
  whole request runs again on a fresh session, a bounded number of times, and is finally
  answered as the taken-slot error when it went through the overlap rule (``busy_error``),
  otherwise as a 409;
- any other exception: the envelope with status 500 and the request id in ``meta``, and the
  traceback in the log.

Reads stream their answer straight through and only share the error handling. Before any of
this, the request's query and body must obey the rules of ``kit/input_rules.py``.
"""

from __future__ import annotations

import asyncio
import json
import logging
import random
import re
from typing import Any

from sqlalchemy.exc import (
    DataError,
    DBAPIError,
    IntegrityError,
    InterfaceError,
    OperationalError,
)
from sqlalchemy.ext.asyncio import AsyncSession
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from parlour.db import Database, is_contention
from parlour.errors import Conflict, ParlourError, ValidationFailed
from parlour.kit import request_context
from parlour.kit.envelope import error_body
from parlour.kit.input_rules import InputRuleBroken, check_body, check_query

log = logging.getLogger("parlour.request")

SESSION_KEY = "parlour.session"
_BUSY_ERROR = "parlour.busy_error"
_KEEP = "parlour.keep_on_refusal"

# GET operations that write, run as writes: upstream sends an SMS code from a GET, enables a
# team member's tips with a GET, and lists tip settings that Parlour makes on first reading.
WRITING_READS = re.compile(
    r"(/booking/user/phone_confirmation|/tips/\d+/settings(/\d+/enable)?)/?$"
)


def _writing_read(scope: Scope) -> bool:
    return WRITING_READS.search(str(scope.get("path") or "")) is not None


def keep_on_refusal(session: AsyncSession) -> None:
    """Commit this transaction even though the request answers an error: for a write that
    must outlive the refusal it causes (a wrong verification code counts as an attempt)."""
    session.info[_KEEP] = True


READ_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
ATTEMPTS = 5


def session_of(scope: Scope) -> AsyncSession:
    session: AsyncSession | None = scope.get(SESSION_KEY)
    if session is None:
        raise RuntimeError("no request session: TransactionMiddleware is not installed")
    return session


def on_contention(session: AsyncSession, error: ParlourError) -> None:
    """The error to answer if this transaction keeps losing to concurrent ones (the write
    paths under the overlap rule set their taken-slot error here)."""
    session.info[_BUSY_ERROR] = error


_CONCURRENT_CHANGE = Conflict(
    "A concurrent change got in the way; nothing was saved. Please retry."
)


class _Refused(Exception):
    """The handler answered an error: roll back, then send that answer."""


class TransactionMiddleware:
    def __init__(self, app: ASGIApp, *, attempts: int = ATTEMPTS) -> None:
        self.app = app
        self.attempts = attempts

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        db: Database = scope["app"].state.db
        scope = dict(scope)
        try:
            check_query(scope.get("query_string", b""))
        except InputRuleBroken as broken:
            await _send_json(send, *_failure(scope, _refusal(broken), None))
            return
        if scope["method"] in READ_METHODS and not _writing_read(scope):
            await self._read(db, scope, receive, send)
        else:
            await self._write(db, scope, receive, send)

    async def _read(self, db: Database, scope: Scope, receive: Receive, send: Send) -> None:
        started = False

        async def tracking_send(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            async with db.session(write=False) as session:
                scope[SESSION_KEY] = session
                await self.app(scope, receive, tracking_send)
        except Exception as exc:
            if started:
                raise
            await _send_json(send, *_failure(scope, exc, None))

    async def _write(self, db: Database, scope: Scope, receive: Receive, send: Send) -> None:
        body = await _read_body(receive)
        try:
            check_body(
                _header(scope, b"content-type") or "",
                b"".join(m.get("body", b"") for m in body if m["type"] == "http.request"),
            )
        except InputRuleBroken as broken:
            await _send_json(send, *_failure(scope, _refusal(broken), None))
            return
        for attempt in range(1, self.attempts + 1):
            attempt_scope = dict(scope)
            # Request state (cached credentials, loaded rows) belongs to one attempt's session.
            attempt_scope["state"] = dict(scope.get("state") or {})
            held: list[Message] = []
            hold = _holder(held)

            session: AsyncSession | None = None
            try:
                async with db.session(write=True) as session:
                    attempt_scope[SESSION_KEY] = session
                    await self.app(attempt_scope, _replay(body, receive), hold)
                    if _status(held) >= 400 and not session.info.get(_KEEP):
                        raise _Refused
            except _Refused:
                pass
            except Exception as exc:
                if is_contention(exc) and attempt < self.attempts:
                    log.info("contention on attempt %d, retrying: %s", attempt, exc)
                    await asyncio.sleep(random.uniform(0.005, 0.03) * attempt)
                    continue
                busy = session.info.get(_BUSY_ERROR) if session is not None else None
                await _send_json(send, *_failure(attempt_scope, exc, busy))
                return
            for message in held:
                await send(message)
            return


def _failure(
    scope: Scope, exc: Exception, busy: ParlourError | None
) -> tuple[int, dict[str, Any], dict[str, str]]:
    """Status, body and headers for an exception that escaped the handler."""
    if isinstance(exc, ParlourError):
        return exc.status_code, error_body(exc.message, code=exc.code, errors=exc.errors), {}
    if is_contention(exc):
        log.warning("contention persisted after retries: %s", exc)
        return _failure(scope, busy or _CONCURRENT_CHANGE, None)
    if _is_bad_value(exc):
        # A safety net: the schemas and the input rules refuse such values first.
        log.warning("value refused by the database driver: %s", exc)
        return 422, error_body("A value is out of range for its field.", code=10), {}
    if isinstance(exc, DBAPIError):
        state = str(getattr(exc.orig, "sqlstate", None) or getattr(exc.orig, "pgcode", "") or "")
        if isinstance(exc, IntegrityError) or state.startswith("23"):
            # Services check their rules first; a constraint that still fires means a
            # concurrent change won the race.
            log.warning("integrity error: %s", exc.orig)
            return 409, error_body("The change conflicts with the current data.", code=5), {}
        if isinstance(exc, DataError) or state.startswith("22"):
            log.warning("data error: %s", exc.orig)
            return 422, error_body("A value is out of range for its field.", code=10), {}
        if isinstance(exc, OperationalError | InterfaceError) or state[:2] in ("08", "57"):
            # The database went away (restart, lost connection): the request can be retried.
            log.warning("database unavailable: %s", exc.orig)
            body = error_body("The database is unavailable; please retry.", code=5)
            return 503, body, {"Retry-After": "1"}
    # The same id as the access log line and the X-Request-ID header (set by the
    # observability middleware around this one).
    request_id = request_context.current_request_id() or request_context.new_request_id()
    log.error(
        "unexpected error in %s %s (request %s)",
        scope.get("method"),
        scope.get("path"),
        request_id,
        exc_info=exc,
    )
    body = error_body("An unexpected error occurred; nothing was saved.", code=5)
    body["meta"]["request_id"] = request_id
    return 500, body, {}


async def _read_body(receive: Receive) -> list[Message]:
    messages: list[Message] = []
    while True:
        message = await receive()
        messages.append(message)
        if message["type"] != "http.request" or not message.get("more_body", False):
            return messages


def _replay(messages: list[Message], receive: Receive) -> Receive:
    pending = list(messages)

    async def replay() -> Message:
        if pending:
            return pending.pop(0)
        return await receive()

    return replay


def _holder(held: list[Message]) -> Send:
    async def hold(message: Message) -> None:
        held.append(message)

    return hold


def _status(messages: list[Message]) -> int:
    for message in messages:
        if message["type"] == "http.response.start":
            return int(message["status"])
    return 500


def _is_bad_value(exc: Exception) -> bool:
    """A value the driver could not even send (an int beyond 64 bits, a malformed one)."""
    orig = getattr(exc, "orig", None)
    if isinstance(exc, OverflowError) or isinstance(orig, OverflowError):
        return True
    return "invalid input for query argument" in str(orig or "")


def _refusal(broken: InputRuleBroken) -> ValidationFailed:
    return ValidationFailed.field(broken.field, broken.message)


def _header(scope: Scope, name: bytes) -> str | None:
    for key, value in scope.get("headers", []):
        if key == name:
            return str(value.decode("latin-1"))
    return None


async def _send_json(
    send: Send, status: int, body: dict[str, Any], headers: dict[str, str]
) -> None:
    payload = json.dumps(body, ensure_ascii=False).encode()
    raw_headers = [
        (b"content-type", b"application/json"),
        (b"content-length", str(len(payload)).encode()),
        *((k.lower().encode(), v.encode()) for k, v in headers.items()),
    ]
    await send({"type": "http.response.start", "status": status, "headers": raw_headers})
    await send({"type": "http.response.body", "body": payload})
