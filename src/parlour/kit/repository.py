"""The one place where tenant scoping is written down.

Every table that belongs to a location has a ``location_id`` column; data shared by a chain has
a ``chain_id``. A :class:`Scoped` describes one such table: each statement it builds is already
filtered to the scope (and, for tables with a ``deleted`` flag, to live rows unless asked
otherwise), so a section repository starts from a scoped statement instead of remembering the
filter. Section repositories hold one ``Scoped`` per table and add their own statements on top::

    RECORDS = Scoped(Record, not_found=RecordNotFound)

    async def get_record(session, location_id, record_id):
        return await RECORDS.get(session, location_id, record_id)

``load`` is get-or-raise with the table's typed ``<Thing>NotFound``; the path dependencies in
``deps.py`` use it, so a handler never writes a 404 check of its own.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any, Generic, TypeVar

from sqlalchemy import ColumnElement, Select, bindparam, func, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import DeclarativeBase, InstrumentedAttribute

from parlour.errors import NotFound

M = TypeVar("M", bound=DeclarativeBase)


class Scoped(Generic[M]):
    """Statements over one model, always filtered by its scope column.

    ``scope`` names the column (``location_id`` by default, ``chain_id`` for chain data);
    ``order_by`` is the default listing order; ``not_found`` is raised by :meth:`load`.
    """

    def __init__(
        self,
        model: type[M],
        *,
        not_found: type[NotFound] = NotFound,
        scope: str = "location_id",
        order_by: Sequence[Any] | None = None,
    ) -> None:
        self.model = model
        self.not_found = not_found
        self.scope_column: InstrumentedAttribute[int] = getattr(model, scope)
        self.id_column: InstrumentedAttribute[int] = model.id  # type: ignore[attr-defined]
        self.deleted_column: InstrumentedAttribute[bool] | None = getattr(model, "deleted", None)
        self.order_by: tuple[Any, ...] = tuple(order_by) if order_by else (self.id_column,)
        # Built once: the statements of the hot reads, with their values as bound parameters
        # (building a statement costs more than SQLAlchemy's cached compile of it).
        self._prepared: dict[tuple[str, bool, tuple[Any, ...]], Select[Any]] = {}

    def _statement(self, kind: str, with_deleted: bool, options: Sequence[Any]) -> Select[Any]:
        key = (kind, with_deleted, tuple(options))
        stmt = self._prepared.get(key)
        if stmt is None:
            wanted = (
                self.id_column == bindparam("row_id")
                if kind == "get"
                else self.id_column.in_(bindparam("row_ids", expanding=True))
            )
            scope = (
                self.scope_column.in_(bindparam("scope_ids", expanding=True))
                if kind == "many"
                else self.scope_column == bindparam("scope_id")
            )
            stmt = self.live(select(self.model).where(scope, wanted), with_deleted=with_deleted)
            if options:
                stmt = stmt.options(*options)
            self._prepared[key] = stmt
        return stmt

    # -- statements ---------------------------------------------------------------------------

    def live(self, stmt: Select[Any], *, with_deleted: bool = False) -> Select[Any]:
        """``stmt`` without soft-deleted rows (unless ``with_deleted``)."""
        if self.deleted_column is None or with_deleted:
            return stmt
        return stmt.where(self.deleted_column.is_(False))

    def select(
        self,
        scope_ids: int | Iterable[int],
        *where: ColumnElement[bool],
        with_deleted: bool = False,
    ) -> Select[M]:
        """``SELECT model`` scoped to one id or to several (``IN``), live rows by default."""
        if isinstance(scope_ids, int):
            cond = self.scope_column == scope_ids
        else:
            cond = self.scope_column.in_(list(scope_ids))
        stmt = select(self.model).where(cond, *where)
        return self.live(stmt, with_deleted=with_deleted)

    # -- reads --------------------------------------------------------------------------------

    async def get(
        self,
        session: AsyncSession,
        scope_id: int,
        row_id: int,
        *,
        with_deleted: bool = False,
        options: Sequence[Any] = (),
    ) -> M | None:
        stmt = self._statement("get", with_deleted, options)
        params = {"scope_id": scope_id, "row_id": row_id}
        return (await session.execute(stmt, params)).scalar_one_or_none()  # type: ignore[no-any-return]

    async def load(
        self,
        session: AsyncSession,
        scope_id: int,
        row_id: int,
        *,
        with_deleted: bool = False,
        options: Sequence[Any] = (),
    ) -> M:
        """The row, or the model's typed ``NotFound``."""
        row = await self.get(session, scope_id, row_id, with_deleted=with_deleted, options=options)
        if row is None:
            raise self.not_found()
        return row

    async def all(
        self,
        session: AsyncSession,
        scope_ids: int | Iterable[int],
        *where: ColumnElement[bool],
        with_deleted: bool = False,
        order_by: Sequence[Any] | None = None,
        options: Sequence[Any] = (),
    ) -> list[M]:
        stmt = self.select(scope_ids, *where, with_deleted=with_deleted)
        stmt = stmt.order_by(*(order_by or self.order_by))
        if options:
            stmt = stmt.options(*options)
        return list((await session.execute(stmt)).scalars())

    async def by_ids(
        self,
        session: AsyncSession,
        scope_id: int,
        ids: Iterable[int],
        *,
        with_deleted: bool = False,
    ) -> dict[int, M]:
        """The rows among ``ids`` that belong to the scope, keyed by id."""
        wanted = sorted(set(ids))
        if not wanted:
            return {}
        stmt = self._statement("ids", with_deleted, ())
        params = {"scope_id": scope_id, "row_ids": wanted}
        return {row.id: row for row in (await session.execute(stmt, params)).scalars()}

    async def many(
        self,
        session: AsyncSession,
        scope_ids: Iterable[int],
        ids: Iterable[int],
        *,
        with_deleted: bool = False,
    ) -> dict[int, M]:
        """The rows among ``ids`` that belong to one of the scopes, keyed by id."""
        wanted = sorted(set(ids))
        if not wanted:
            return {}
        stmt = self._statement("many", with_deleted, ())
        params = {"scope_ids": sorted(set(scope_ids)), "row_ids": wanted}
        return {row.id: row for row in (await session.execute(stmt, params)).scalars()}

    async def count(
        self,
        session: AsyncSession,
        scope_ids: int | Iterable[int],
        *where: ColumnElement[bool],
        with_deleted: bool = False,
    ) -> int:
        return await count(session, self.select(scope_ids, *where, with_deleted=with_deleted))

    async def paginate(
        self,
        session: AsyncSession,
        stmt: Select[M],
        *,
        offset: int,
        limit: int,
        order_by: Sequence[Any] | None = None,
    ) -> tuple[list[M], int]:
        """One page of a statement built from :meth:`select`, and the total it pages over."""
        return await paginate(
            session, stmt, offset=offset, limit=limit, order_by=order_by or self.order_by
        )


class Root(Generic[M]):
    """A tenant root (a location, a chain): the row *is* the scope, so it is read by id, live
    rows only unless asked."""

    def __init__(self, model: type[M], *, not_found: type[NotFound] = NotFound) -> None:
        self.model = model
        self.not_found = not_found
        self.id_column: InstrumentedAttribute[int] = model.id  # type: ignore[attr-defined]
        self.deleted_column: InstrumentedAttribute[bool] | None = getattr(model, "deleted", None)

    def select(self, *where: ColumnElement[bool], with_deleted: bool = False) -> Select[M]:
        stmt = select(self.model).where(*where)
        if self.deleted_column is not None and not with_deleted:
            stmt = stmt.where(self.deleted_column.is_(False))
        return stmt

    async def get(
        self, session: AsyncSession, row_id: int, *, with_deleted: bool = False
    ) -> M | None:
        stmt = self.select(self.id_column == row_id, with_deleted=with_deleted)
        return (await session.execute(stmt)).scalar_one_or_none()

    async def load(self, session: AsyncSession, row_id: int, *, with_deleted: bool = False) -> M:
        row = await self.get(session, row_id, with_deleted=with_deleted)
        if row is None:
            raise self.not_found()
        return row


async def count(session: AsyncSession, stmt: Select[Any]) -> int:
    """How many rows ``stmt`` returns."""
    total = await session.execute(select(func.count()).select_from(stmt.order_by(None).subquery()))
    return int(total.scalar_one())


async def paginate(
    session: AsyncSession,
    stmt: Select[M],
    *,
    offset: int,
    limit: int,
    order_by: Sequence[Any],
) -> tuple[list[M], int]:
    """One page of ``stmt`` (ordered by ``order_by``) and the number of rows it pages over."""
    page = stmt.order_by(*order_by).offset(offset).limit(limit)
    rows = list((await session.execute(page)).scalars())
    if 0 < len(rows) < limit or (offset == 0 and len(rows) < limit):
        # A short page is the last one: its end is the total, no COUNT needed.
        return rows, offset + len(rows)
    return rows, await count(session, stmt)
