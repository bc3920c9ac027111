"""The clients a campaign reaches."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import ColumnElement
from sqlalchemy.ext.asyncio import AsyncSession

from parlour.kit.repository import Scoped
from parlour.models import Client

CLIENTS = Scoped(Client)


async def reachable(
    session: AsyncSession,
    location_id: int,
    conditions: Sequence[ColumnElement[bool]],
    *,
    ids: Sequence[int] | None = None,
) -> list[Client]:
    """The location's clients matching every condition (and among ``ids`` when given), less
    those who opted out of mailings (``sms_not``)."""
    where = [*conditions, Client.sms_not.is_(False)]
    if ids is not None:
        where.append(Client.id.in_(sorted(set(ids))))
    return list(await CLIENTS.all(session, location_id, *where))
