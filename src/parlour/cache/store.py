"""The per-process cache and the hooks that keep it exact.

**Scopes.** A location's rows that every request reads (the location itself, its booking
settings, services, team members and their service links, schedules and memberships) belong
to that location's scope, numbered by its id; partners and users belong to scope 0. Each
scope has a counter in ``cache_version``.

**Writers.** A SQLAlchemy ``before_flush`` hook looks at the rows a flush inserts, changes or
deletes; for each watched row it bumps the counter of the row's scope in the same transaction,
so the bump commits or rolls back with the change. An ORM bulk ``update()``/``delete()`` on a
watched table (no row objects to look at) bumps scope 0, which every cache entry depends on.

**Readers.** A read request reads the counters of scope 0 and of its path's location in one
query (``begin``); a cache entry built under other counters is dropped and built again from
the database. So a change made through any process (or any machine) is seen by the next
request everywhere; nothing is served from a time-based guess. Write requests do not use
cached rows (they load the rows they may change from their own transaction); they only bump.

Cached ORM rows are detached copies that read requests share: read code must not change them.
"""

from __future__ import annotations

from collections.abc import Hashable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import event
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import ORMExecuteState, Session, UOWTransaction

from parlour.cache import repository as repo
from parlour.models import (
    Base,
    BookingSettings,
    Location,
    Membership,
    Partner,
    ScheduleDay,
    Service,
    ServiceCategory,
    ServiceTeamMember,
    TeamMember,
    User,
)

GLOBAL = 0
# Rows whose change bumps their location's counter (``location_id``), the location itself
# (``id``), and identities (scope 0).
_BY_LOCATION: tuple[type[Base], ...] = (
    BookingSettings,
    Membership,
    ScheduleDay,
    Service,
    ServiceCategory,
    ServiceTeamMember,
    TeamMember,
)
_GLOBAL_ROWS: tuple[type[Base], ...] = (Partner, User)
_WATCHED: tuple[type[Base], ...] = (*_BY_LOCATION, *_GLOBAL_ROWS, Location)
_WATCHED_TABLES = frozenset(str(m.__tablename__) for m in _WATCHED)
# Bounds on what one process keeps (cleared whole when reached: no bookkeeping per hit).
_MAX_LOCATIONS = 512
_MAX_IDENTITIES = 4096
_MAX_MEMO = 20000

_VIEW = "parlour.cache.view"
_UNTRACKED = "parlour.cache.untracked"


# --------------------------------------------------------------------------------------------
# Writers: bump in the changing transaction
# --------------------------------------------------------------------------------------------


def _scope_of(obj: object) -> int | None:
    if isinstance(obj, _BY_LOCATION):
        location_id = getattr(obj, "location_id", None)
        return int(location_id) if location_id is not None else GLOBAL
    if isinstance(obj, Location):
        return int(obj.id) if obj.id is not None else None  # a new location: nothing cached
    if isinstance(obj, _GLOBAL_ROWS):
        return GLOBAL
    return None


@event.listens_for(Session, "before_flush")
def _bump_on_flush(session: Session, _flush: UOWTransaction, _instances: Any) -> None:
    if session.info.get(_UNTRACKED):
        return
    scopes: set[int] = set()
    for obj in (*session.new, *session.deleted):
        scope = _scope_of(obj)
        if scope is not None:
            scopes.add(scope)
    for obj in session.dirty:
        scope = _scope_of(obj)
        if scope is not None and session.is_modified(obj, include_collections=False):
            scopes.add(scope)
    if scopes:
        repo.bump(session.connection(), scopes)


@event.listens_for(Session, "do_orm_execute")
def _bump_on_bulk(state: ORMExecuteState) -> None:
    if not (state.is_update or state.is_delete) or state.session.info.get(_UNTRACKED):
        return
    table = getattr(state.statement, "table", None)
    if getattr(table, "name", None) in _WATCHED_TABLES:
        repo.bump(state.session.connection(), [GLOBAL])


def untracked(session: AsyncSession) -> None:
    """Bump nothing for this session's changes: only for a database whose schema predates the
    counters (migration tests write rows at old revisions)."""
    session.info[_UNTRACKED] = True


# --------------------------------------------------------------------------------------------
# Readers
# --------------------------------------------------------------------------------------------


@dataclass(slots=True)
class LocationEntry:
    """What one process keeps about one location, valid under ``key``."""

    key: tuple[int, int]
    location: Location | None = None
    memberships: dict[int, Membership | None] = field(default_factory=dict)
    # Values the sections compute from the location's cached rows (settings, offers,
    # schedules), by a key of their own.
    memo: dict[Hashable, Any] = field(default_factory=dict)

    def remember(self, key: Hashable, value: Any) -> Any:
        if len(self.memo) >= _MAX_MEMO:
            self.memo.clear()
        self.memo[key] = value
        return value


@dataclass(slots=True)
class _Identities:
    version: int = -1
    partners: dict[str, Partner | None] = field(default_factory=dict)
    users: dict[str, User | None] = field(default_factory=dict)


_identities = _Identities()
_locations: dict[int, LocationEntry] = {}


@dataclass(slots=True)
class View:
    """The counters one read request saw, and the entries valid under them."""

    versions: dict[int, int]
    location_id: int | None

    def entry(self, location_id: int) -> LocationEntry | None:
        """The location's entry, when the request read its counter (else None: no cache)."""
        if location_id != self.location_id:
            return None
        key = (self.versions[GLOBAL], self.versions[location_id])
        found = _locations.get(location_id)
        if found is None or found.key != key:
            if len(_locations) >= _MAX_LOCATIONS:
                _locations.clear()
            found = _locations[location_id] = LocationEntry(key)
        return found

    def identities(self) -> _Identities:
        global _identities
        if _identities.version != self.versions[GLOBAL]:
            _identities = _Identities(self.versions[GLOBAL])
        elif len(_identities.partners) + len(_identities.users) >= _MAX_IDENTITIES:
            _identities.partners.clear()
            _identities.users.clear()
        return _identities


async def begin(session: AsyncSession, location_id: int | None) -> View:
    """Read the counters of scope 0 and of ``location_id`` (one query) for this request."""
    scopes = [GLOBAL] if location_id is None else [GLOBAL, location_id]
    view = View(await repo.versions(session, scopes), location_id)
    session.info[_VIEW] = view
    return view


def view_of(session: AsyncSession) -> View | None:
    """The request's view (read requests only)."""
    view: View | None = session.info.get(_VIEW)
    return view


def entry_of(session: AsyncSession, location_id: int) -> LocationEntry | None:
    view = view_of(session)
    return view.entry(location_id) if view is not None else None


def keep(session: AsyncSession, obj: Any) -> Any:
    """Detach a freshly loaded row so it can be shared by later read requests."""
    if obj is not None and obj in session:
        session.expunge(obj)
    return obj


def forget() -> None:
    """Drop everything this process cached (tests)."""
    global _identities
    _identities = _Identities()
    _locations.clear()
