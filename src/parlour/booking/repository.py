"""Statements of the booking write path that belong to no other section.

Two kinds of lock queue writers that could meet inside the database's no-overlap rules
(ARCHITECTURE.md), where PostgreSQL resolves a meeting only by deadlock detection (a second
per pair, then retries):

* :func:`hold_for_bookings`, a row lock on the location, for what is counted across team
  members: the seats of group events (capacity), and event placement, which also checks seats;
* :func:`hold`, transaction-level advisory locks on the team members, resources and clients a
  write touches, taken together in one fixed order, so that bookings of different members
  proceed side by side and only those of one member (or one resource, one client) queue.

SQLite's ``BEGIN IMMEDIATE`` already lets one writer in at a time: there both are no-ops.
Whoever takes both takes the location first.
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import BigInteger, bindparam, select, text
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.ext.asyncio import AsyncSession

from parlour.models import Location

# Advisory lock keys: the kind in the top bits, the row id below. Ids beyond 2**48 would share
# a key with another row: such a pair merely queues, nothing is lost.
MEMBER, RESOURCE, CLIENT = 1, 2, 3
_INSTANCE = 4  # never locked: marks an instance whose resource is held
_ID_BITS = 48
_HELD = "parlour.advisory_held"

_LOCK_KEYS = text(
    # unnest yields the (sorted) keys in array order, so they are taken in that order.
    "SELECT count(pg_advisory_xact_lock(k)) FROM unnest(:keys) AS k"
).bindparams(bindparam("keys", type_=ARRAY(BigInteger)))

_LOCK_RESOURCES_OF = text(
    "SELECT count(pg_advisory_xact_lock(k)) FROM ("
    " SELECT DISTINCT (CAST(:kind AS BIGINT) << 48) + resource_id AS k FROM resource_instance"
    " WHERE location_id = :loc AND id = ANY(:ids) ORDER BY k) AS r"
).bindparams(bindparam("ids", type_=ARRAY(BigInteger)))


def _is_postgres(session: AsyncSession) -> bool:
    return session.get_bind().dialect.name == "postgresql"


def key(kind: int, row_id: int) -> int:
    return (kind << _ID_BITS) + (row_id & ((1 << _ID_BITS) - 1))


async def hold_for_bookings(session: AsyncSession, location_id: int) -> None:
    """Queue this transaction behind any other one holding the location's bookings lock, until
    it ends (PostgreSQL: a row lock on the location).

    Seats of group events take it before counting the free ones, so that concurrent bookings
    of the last seats never oversell. ``FOR NO KEY UPDATE`` leaves rows that merely reference
    the location free to be written.
    """
    if not _is_postgres(session):
        return
    await session.execute(
        select(Location.id).where(Location.id == location_id).with_for_update(key_share=True)
    )


def _held(session: AsyncSession) -> set[int]:
    """The advisory keys this transaction holds (forgotten with the transaction)."""
    transaction = session.sync_session.get_transaction()
    mark = session.info.get(_HELD)
    if mark is None or mark[0] is not transaction:
        mark = (transaction, set())
        session.info[_HELD] = mark
    keys: set[int] = mark[1]
    return keys


async def hold(
    session: AsyncSession,
    *,
    members: Iterable[int] = (),
    resources: Iterable[int] = (),
    clients: Iterable[int | None] = (),
) -> None:
    """Queue this transaction behind any other one writing appointments of these team members,
    resources (any of their instances) or clients (their visits), until it ends.

    Take it before reading what decides the write (busy times, free instances, the client's
    visit of the day): the reads then see every write committed before, and concurrent writes
    of one member never meet inside the exclusion constraint. All keys of one call are taken
    in one statement, in ascending order; keys this transaction already holds are skipped.
    """
    if not _is_postgres(session):
        return
    held = _held(session)
    wanted = {key(MEMBER, i) for i in members}
    wanted |= {key(RESOURCE, i) for i in resources}
    wanted |= {key(CLIENT, i) for i in clients if i is not None}
    wanted -= held
    if not wanted:
        return
    with session.no_autoflush:  # a pending row is written once, later, by its guarded flush
        await session.execute(_LOCK_KEYS, {"keys": sorted(wanted)})
    # A lock taken inside a savepoint goes when the savepoint rolls back: not remembered.
    if not session.sync_session.in_nested_transaction():
        held |= wanted


def covered(session: AsyncSession, instances: Iterable[int]) -> None:
    """Note that these instances belong to resources this transaction holds (through
    :func:`hold`), so :func:`hold_instances` need not look their resources up."""
    if _is_postgres(session) and not session.sync_session.in_nested_transaction():
        _held(session).update(key(_INSTANCE, i) for i in instances)


async def hold_instances(session: AsyncSession, location_id: int, instances: Iterable[int]) -> None:
    """:func:`hold` for the resources of these resource instances."""
    if not _is_postgres(session):
        return
    held = _held(session)
    ids = sorted({i for i in instances if key(_INSTANCE, i) not in held})
    if not ids:
        return
    with session.no_autoflush:
        await session.execute(
            _LOCK_RESOURCES_OF, {"kind": RESOURCE, "loc": location_id, "ids": ids}
        )
    if not session.sync_session.in_nested_transaction():
        held.update(key(_INSTANCE, i) for i in ids)
