"""Events from changes, in the change's own transaction.

A listener on every session's flush notes the watched rows that were created, changed or
(soft- or hard-) deleted; just before the transaction commits (``db.before_commit_steps``)
the noted rows of the locations whose hook settings ask for them are rendered with their
section's serializer and written as ``hook_event`` rows, with one ``hook_delivery`` per live
endpoint. Both commit or roll back with the change: a rolled-back change emits nothing and a
committed one always has its event. No service calls anything here.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sqlalchemy import event, inspect
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Session

from parlour import db
from parlour.kit import request_context
from parlour.models import HookDelivery, HookEndpoint, HookEvent, HookSettings
from parlour.webhooks import repository as repo
from parlour.webhooks.render import WATCHED, Watch, render_rows, snapshot

_PENDING = "parlour.webhook_changes"
# (model, id) -> [status, location_id, snapshot of a hard-deleted row or None]
Noted = dict[tuple[type, int], list[Any]]

# Called after a transaction that queued deliveries commits (wakes an in-process worker).
_listeners: list[Callable[[], None]] = []


def on_queued(callback: Callable[[], None]) -> None:
    _listeners.append(callback)


def forget_listener(callback: Callable[[], None]) -> None:
    if callback in _listeners:
        _listeners.remove(callback)


def _deleted_now(row: Any) -> bool:
    state = inspect(row)
    if "deleted" not in state.attrs:
        return False
    history = state.attrs.deleted.history
    return bool(history.added) and history.added[-1] is True


def _note(noted: Noted, row: Any, status: str, data: dict[str, Any] | None = None) -> None:
    watch = WATCHED[type(row)]
    row_id = getattr(row, "id", None)
    if row_id is None:
        return
    key = (type(row), int(row_id))
    earlier = noted.get(key)
    if earlier is None:
        noted[key] = [status, watch.location_id(row), data]
    elif status == "delete":
        earlier[0], earlier[2] = "delete", data
    # create then update stays create; update then update stays update


def _after_flush(session: Session, _context: Any) -> None:
    noted: Noted | None = None
    for status, rows in (
        ("create", session.new),
        ("update", session.dirty),
        ("drop", session.deleted),
    ):
        for row in rows:
            if type(row) not in WATCHED:
                continue
            if status == "update" and not session.is_modified(row, include_collections=False):
                continue
            if noted is None:
                noted = session.info.setdefault(_PENDING, {})
            if status == "drop":
                _note(noted, row, "delete", snapshot(row))
            elif status == "update" and _deleted_now(row):
                _note(noted, row, "delete")
            else:
                _note(noted, row, status)


def _forget(session: Session, transaction: Any) -> None:
    # Only the outermost transaction's end (a savepoint that rolls back keeps the rest).
    if transaction.parent is None:
        session.info.pop(_PENDING, None)


async def write_events(session: AsyncSession) -> None:
    """The before-commit step: events and deliveries for the changes noted so far."""
    if session.new or session.dirty or session.deleted:
        await session.flush()
    noted: Noted | None = session.info.pop(_PENDING, None)
    if not noted:
        return
    settings = await repo.settings_for(session, (n[1] for n in noted.values()))
    wanted: dict[int, list[tuple[type, int, str, dict[str, Any] | None]]] = {}
    for (model, row_id), (status, location_id, data) in noted.items():
        s = settings.get(location_id)
        if s is not None and s.active and any(s.flags.values()):
            wanted.setdefault(location_id, []).append((model, row_id, status, data))
    if not wanted:
        return
    locations = await repo.locations(session, wanted)
    endpoints = await repo.live_endpoints(session, wanted)
    info = request_context.current()
    actor = info.user_id if info else None
    queued = False
    for location_id, changes in wanted.items():
        location = locations.get(location_id)
        if location is None:
            continue
        events = await _events(session, location, changes, settings[location_id], actor)
        if not events:
            continue
        session.add_all(events)
        await session.flush()
        targets = endpoints.get(location_id, [])
        if (
            settings[location_id].self_sending
            or actor is None
            or actor != settings[location_id].user_id
        ):
            queued = queue(session, events, targets) or queued
    if queued:
        db.after_commit(session, wake)


def wake() -> None:
    for callback in _listeners:
        callback()


async def _events(
    session: AsyncSession,
    location: Any,
    changes: list[tuple[type, int, str, dict[str, Any] | None]],
    settings: HookSettings,
    actor: int | None,
) -> list[HookEvent]:
    out: list[HookEvent] = []
    by_model: dict[type, list[tuple[int, str, dict[str, Any] | None]]] = {}
    for model, row_id, status, data in changes:
        by_model.setdefault(model, []).append((row_id, status, data))
    for model, items in by_model.items():
        watch: Watch = WATCHED[model]
        live_ids = [i for i, _s, d in items if d is None]
        rows: list[Any] = await repo.fresh_rows(session, model, live_ids) if live_ids else []
        rendered = await render_rows(session, watch, location, rows) if rows else {}
        resources = {row.id: watch.resource(row) for row in rows}
        for row_id, status, data in sorted(items, key=lambda i: i[0]):
            if data is not None:  # removed from the database: its columns, deleted set
                resource = _resource_of_snapshot(watch, data)
                body = data
            elif row_id in rendered:
                resource, body = resources[row_id], rendered[row_id]
            else:
                continue  # created and gone again (a savepoint rolled back)
            if resource is None or not settings.flags.get(resource):
                continue
            out.append(
                HookEvent(
                    location_id=location.id,
                    resource=resource,
                    resource_id=row_id,
                    status=status,
                    data=body,
                    user_id=actor,
                )
            )
    return out


def _resource_of_snapshot(watch: Watch, data: dict[str, Any]) -> str | None:
    class _Row:
        def __init__(self, values: dict[str, Any]) -> None:
            self.__dict__.update(values)

    try:
        return watch.resource(_Row(data))
    except AttributeError:
        return None


def queue(
    session: AsyncSession,
    events: list[HookEvent],
    endpoints: list[HookEndpoint],
    *,
    replay: bool = False,
) -> bool:
    """One pending delivery of each event to each endpoint (events flushed: ids known)."""
    for ev in events:
        for endpoint in endpoints:
            session.add(
                HookDelivery(
                    location_id=ev.location_id,
                    event_id=ev.id,
                    endpoint_id=endpoint.id,
                    entity_key=f"{ev.resource}:{ev.resource_id}",
                    replay=replay,
                )
            )
    return bool(events and endpoints)


def install(database: db.Database) -> None:
    """Write events for the changes made through ``database``'s sessions (idempotent). The
    flush listener is process-wide and only takes notes; the step that writes is the
    database's."""
    if not event.contains(Session, "after_flush", _after_flush):
        event.listen(Session, "after_flush", _after_flush)
        event.listen(Session, "after_transaction_end", _forget)
    if write_events not in database.before_commit:
        database.before_commit.append(write_events)
