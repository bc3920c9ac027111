"""SQL for cache versions: read the counters of some scopes, bump them."""

from __future__ import annotations

import secrets
from collections.abc import Iterable, Sequence

from sqlalchemy import bindparam, select, text
from sqlalchemy.engine import Connection
from sqlalchemy.ext.asyncio import AsyncSession

from parlour.models import CacheVersion

_VERSIONS = select(CacheVersion.scope, CacheVersion.version).where(
    CacheVersion.scope.in_(bindparam("scopes", expanding=True))
)

# Both SQLite and PostgreSQL take this upsert; the row lock it takes is held to the end of the
# changing transaction. The new version is a random tag, not "+1": a database restored from a
# backup (or emptied by a test) never brings back a tag that some process still holds.
_BUMP = text(
    "INSERT INTO cache_version (scope, version) VALUES (:scope, :tag) "
    "ON CONFLICT (scope) DO UPDATE SET version = :tag"
)


async def versions(session: AsyncSession, scopes: Sequence[int]) -> dict[int, int]:
    """The version tags of ``scopes`` (a scope never bumped is at 0)."""
    rows = await session.execute(_VERSIONS, {"scopes": list(scopes)})
    found = {scope: version for scope, version in rows}
    return {scope: found.get(scope, 0) for scope in scopes}


def bump(connection: Connection, scopes: Iterable[int]) -> None:
    """Count one change in each scope, inside the connection's transaction (sorted, so two
    transactions always lock the counters in the same order)."""
    params = [{"scope": scope, "tag": secrets.randbits(62) + 1} for scope in sorted(set(scopes))]
    if params:
        connection.execute(_BUMP, params)
